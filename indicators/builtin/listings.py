"""Published achievements and demands by year, field, country, TRL, IP status and source language."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, IpStatus
from demands.models import Demand
from indicators.builtin.common import GROUP_LISTINGS, LISTING_SERIES, PUBLIC_STATES, rows_to_points
from indicators.registry import Indicator, Point, register
from marketplace.readiness import TRL_HELP

MODELS = (("achievements", Achievement), ("demands", Demand))


def published_points(model, *, category: str | None = None, series: str = "") -> Iterator[Point]:
    """Published listings of ``model`` counted per year of publication, country, field (and ``category``)."""
    extra = {"category": F(category)} if category else {}
    rows = (
        model.objects.filter(state__in=PUBLIC_STATES, published_at__isnull=False)
        .annotate(year=ExtractYear("published_at"), field_slug=F("field__slug"), **extra)
        .values("year", "country", "field_slug", *extra)
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        row["field"] = row.pop("field_slug")
        yield from rows_to_points([row], series=series)


def _both(category: str | None = None) -> Iterator[Point]:
    for series, model in MODELS:
        yield from published_points(model, category=category, series=series)


def language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def register_all() -> None:
    register(
        Indicator(
            name="listings_published",
            title=_("Published listings over time"),
            description=_("Achievements and demands published each year (by the year of their publication)."),
            compute=_both,
            axis="year",
            chart="line",
            series=LISTING_SERIES,
            group=GROUP_LISTINGS,
            position=10,
        )
    )
    register(
        Indicator(
            name="supply_demand_by_field",
            title=_("Supply and demand by technology field"),
            description=_("Published achievements (supply) beside published demands in each technology field."),
            compute=_both,
            axis="field",
            series=LISTING_SERIES,
            group=GROUP_LISTINGS,
            position=11,
        )
    )
    register(
        Indicator(
            name="listings_by_country",
            title=_("Published listings by country"),
            description=_("Published achievements and demands by the country they come from."),
            compute=_both,
            axis="country",
            series=LISTING_SERIES,
            group=GROUP_LISTINGS,
            position=12,
        )
    )
    register(
        Indicator(
            name="achievements_by_trl",
            title=_("Achievements by technology readiness level"),
            description=_("Published achievements by TRL, from 1 (basic principles) to 9 (proven in operation)."),
            compute=lambda: published_points(Achievement, category="trl"),
            axis="category",
            categories=tuple(str(level) for level in TRL_HELP),
            category_label=lambda key: _("TRL %(level)s") % {"level": key},
            sort_by_value=False,
            group=GROUP_LISTINGS,
            position=13,
        )
    )
    register(
        Indicator(
            name="achievements_by_ip_status",
            title=_("Achievements by IP status"),
            description=_("Published achievements by the protection of their intellectual property."),
            compute=lambda: published_points(Achievement, category="ip_status"),
            axis="category",
            categories=tuple(IpStatus.values),
            category_label=lambda key: IpStatus(key).label if key in IpStatus.values else key,
            group=GROUP_LISTINGS,
            position=14,
        )
    )
    register(
        Indicator(
            name="listings_by_language",
            title=_("Published listings by source language"),
            description=_("The language each published achievement and demand was written in."),
            compute=lambda: _both(category="source_language"),
            axis="category",
            series=LISTING_SERIES,
            category_label=language_label,
            group=GROUP_LISTINGS,
            position=15,
        )
    )
