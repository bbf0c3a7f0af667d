"""Labels and helpers the built-in indicators share."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from indicators.registry import Point
from marketplace.models import ModerationState, TechnologyField

# Listings counted as published: on the site now, or transferred after having been published.
PUBLIC_STATES = (ModerationState.PUBLISHED, ModerationState.TRANSFERRED)

GROUP_LISTINGS = _("Listings")
GROUP_INTERACTIONS = _("Interactions")
GROUP_DEALS = _("Deals and contract value")
GROUP_NETWORK = _("Translation and network")

LISTING_SERIES = (("achievements", _("Achievements")), ("demands", _("Demands")))

# Days from publication, upper bounds included: (key, label).
DELAY_BUCKETS = (
    ("0-7", 7, _("Within a week")),
    ("8-30", 30, _("8 to 30 days")),
    ("31-90", 90, _("1 to 3 months")),
    ("91-365", 365, _("3 to 12 months")),
    ("366+", None, _("More than a year")),
)


def delay_bucket(start: datetime | date, end: datetime | date) -> str:
    """The ``DELAY_BUCKETS`` key of the days between ``start`` and ``end`` (an end before the start counts as 0)."""
    start_day = start.date() if isinstance(start, datetime) else start
    end_day = end.date() if isinstance(end, datetime) else end
    days = max((end_day - start_day).days, 0)
    for key, limit, _label in DELAY_BUCKETS:
        if limit is None or days <= limit:
            return key
    raise AssertionError("unreachable")


def field_slugs() -> dict[int, str]:
    return dict(TechnologyField.objects.values_list("id", "slug"))


def rows_to_points(rows: Iterable[dict], **fixed):
    """Points from ``values().annotate(n=...)`` rows with keys year/country/field/category (as present) and ``n``."""
    for row in rows:
        yield Point(
            value=row["n"],
            year=row.get("year"),
            country=row.get("country") or "",
            field=row.get("field") or "",
            category=str(row["category"]) if row.get("category") is not None else "",
            **fixed,
        )
