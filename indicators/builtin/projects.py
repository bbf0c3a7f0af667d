"""Projects (bundles of achievements with a consortium and a funding need): published projects by stage and by
field, funding sought against committed, and the countries their consortia reach."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from indicators.builtin.common import PUBLIC_STATES, rows_to_points
from indicators.currency import RateTable
from indicators.registry import Indicator, Point, register
from projects.models import Project, ProjectMember, ProjectStage

GROUP_PROJECTS = _("Projects")
FUNDING_SERIES = (("sought", _("Funding sought")), ("committed", _("Funding committed")))


def _published():
    return Project.objects.filter(state__in=PUBLIC_STATES, published_at__isnull=False)


def project_points() -> Iterator[Point]:
    """Published projects per year of publication, lead country, main field and stage."""
    rows = (
        _published()
        .annotate(year=ExtractYear("published_at"), field_slug=F("field__slug"), category=F("stage"))
        .values("year", "country", "field_slug", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        row["field"] = row.pop("field_slug")
        yield from rows_to_points([row])


def funding_points() -> Iterator[Point]:
    """Funding sought and committed by published projects, converted into the reporting currency at the rate of the
    day each project was published; projects without an amount or a known rate are left out."""
    rates = RateTable.load()
    totals: Counter = Counter()
    rows = _published().filter(funding_sought__isnull=False)
    for sought, committed, currency, published_at, country, field in rows.values_list(
        "funding_sought", "funding_committed", "funding_currency", "published_at", "country", "field__slug"
    ).iterator(chunk_size=5000):
        for series, amount in (("sought", sought), ("committed", committed)):
            converted = rates.convert(amount, currency, published_at.date())
            if converted is not None:
                totals[(published_at.year, country, field, series)] += converted
    for (year, country, field, series), value in totals.items():
        yield Point(value=value, year=year, country=country, field=field, series=series, currency=rates.reporting)


def consortium_country_points() -> Iterator[Point]:
    """Per member country: the published projects whose consortium has a confirmed member from it (a project counts
    once per country, however many of its members come from there); unconfirmed members are never counted."""
    rows = (
        ProjectMember.objects.filter(
            confirmed_at__isnull=False,
            project__state__in=PUBLIC_STATES,
            project__published_at__isnull=False,
        )
        .annotate(
            year=ExtractYear("project__published_at"),
            country=F("institution__country"),
            field=F("project__field__slug"),
        )
        .values("year", "country", "field")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    yield from rows_to_points(rows)


def register_all() -> None:
    register(
        Indicator(
            name="projects_by_stage",
            title=_("Projects by stage"),
            description=_("Published projects by their stage, from concept to on the market."),
            compute=project_points,
            axis="category",
            categories=tuple(ProjectStage.values),
            category_label=lambda key: ProjectStage(key).label if key in ProjectStage.values else key,
            sort_by_value=False,
            group=GROUP_PROJECTS,
            position=50,
        )
    )
    register(
        Indicator(
            name="projects_by_field",
            title=_("Projects by technology field"),
            description=_("Published projects by their main technology field."),
            compute=project_points,
            axis="field",
            group=GROUP_PROJECTS,
            position=51,
        )
    )
    register(
        Indicator(
            name="project_funding",
            title=_("Project funding sought and committed"),
            description=_(
                "The funding published projects seek and the part already committed, converted into the reporting "
                "currency with the exchange rate valid on the day each project was published."
            ),
            compute=funding_points,
            axis="year",
            chart="column",
            unit="money",
            series=FUNDING_SERIES,
            group=GROUP_PROJECTS,
            position=52,
        )
    )
    register(
        Indicator(
            name="project_consortium_countries",
            title=_("Consortium countries"),
            description=_(
                "For each country, the published projects with a confirmed consortium member from it (the lead "
                "included)."
            ),
            compute=consortium_country_points,
            axis="country",
            group=GROUP_PROJECTS,
            position=53,
        )
    )
