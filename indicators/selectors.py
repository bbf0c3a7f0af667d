"""Reads of the indicators app: one indicator's series under the reader's filters, the catalogue, filter choices.

Everything here reads the snapshot tables (``IndicatorPoint``), never the listings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Min, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from indicators.currency import reporting_currency
from indicators.models import IndicatorPoint, IndicatorSnapshot
from indicators.registry import Indicator
from marketplace.models import ModerationAction, ModerationEvent, TechnologyField
from translation.models import TranslationRecord, TranslationStatus


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the indicators to (None / blank: everything)."""

    year_from: int | None = None
    year_to: int | None = None
    country: str = ""
    field: str = ""

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as GET parameters (the page's and the downloads' URLs)."""
        params = {"year_from": self.year_from, "year_to": self.year_to, "country": self.country, "field": self.field}
        return {key: str(value) for key, value in params.items() if value not in (None, "")}


@dataclass
class Row:
    key: str
    label: str
    values: list[Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.values, Decimal(0))


@dataclass
class Series:
    """An indicator's values along its axis: one row per axis key, one value per series (in ``series`` order)."""

    indicator: Indicator
    series: list[tuple[str, str]]
    rows: list[Row]
    currency: str
    computed_at: datetime | None
    applied: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(value for row in self.rows for value in row.values)


def _field_names() -> dict[str, str]:
    return {tech_field.slug: str(tech_field) for tech_field in TechnologyField.objects.all()}


def axis_labeller(indicator: Indicator):
    """A function giving the label of an axis key in the active language."""
    if indicator.axis == "country":
        return lambda key: countries.name(key) or key
    if indicator.axis == "field":
        names = _field_names()
        return lambda key: names.get(key, key)
    if indicator.axis == "category" and indicator.category_label is not None:
        return lambda key: str(indicator.category_label(key))
    return str


def indicator_series(*, indicator: Indicator, filters: Filters) -> Series:
    """The indicator's values under ``filters``; filters on dimensions the indicator lacks go to ``ignored``."""
    points = IndicatorPoint.objects.filter(indicator=indicator.name)
    applied, ignored = [], []
    for dimension, active, condition in (
        ("year", filters.year_from is not None or filters.year_to is not None, None),
        ("country", bool(filters.country), {"country": filters.country}),
        ("field", bool(filters.field), {"field": filters.field}),
    ):
        if not active:
            continue
        if dimension not in indicator.dimensions:
            ignored.append(dimension)
            continue
        applied.append(dimension)
        if condition:
            points = points.filter(**condition)
    if "year" in applied:
        if filters.year_from is not None:
            points = points.filter(year__gte=filters.year_from)
        if filters.year_to is not None:
            points = points.filter(year__lte=filters.year_to)

    axis = indicator.axis
    values: dict[str, dict[str, Decimal]] = {}
    present_series: set[str] = set()
    for key, series_key, total in (
        points.exclude(**({"year": None} if axis == "year" else {axis: ""}))
        .values_list(axis, "series")
        .annotate(total=Sum("value"))
        .order_by()
    ):
        values.setdefault(str(key), {})[series_key] = total
        present_series.add(series_key)

    currency = reporting_currency() if indicator.unit == "money" else ""
    unnamed = _("Value (%(currency)s)") % {"currency": currency} if currency else _("Number")
    series = [(key, str(label)) for key, label in indicator.series] or [("", unnamed)]
    known = {key for key, _label in series}
    series += [(key, key) for key in sorted(present_series - known)]

    keys = list(values)
    if axis == "year" and keys:
        years = sorted(int(key) for key in keys)
        keys = [str(year) for year in range(years[0], years[-1] + 1)]
    label = axis_labeller(indicator)
    rows = [
        Row(key=key, label=label(key), values=[values.get(key, {}).get(s, Decimal(0)) for s, _l in series])
        for key in keys
    ]
    if axis == "year":
        rows.sort(key=lambda row: int(row.key))
    elif axis == "category" and not indicator.sort_by_value:
        order = {key: position for position, key in enumerate(indicator.categories)}
        rows.sort(key=lambda row: (order.get(row.key, len(order)), row.label))
    else:
        rows.sort(key=lambda row: (-row.total, row.label))
    snapshot = IndicatorSnapshot.objects.filter(indicator=indicator.name).values_list("computed_at", flat=True).first()
    return Series(
        indicator=indicator,
        series=series,
        rows=rows,
        currency=currency,
        computed_at=snapshot,
        applied=applied,
        ignored=ignored,
    )


def indicator_years() -> tuple[int, int] | None:
    """The first and last year any indicator has points for (the year filter's range)."""
    bounds = IndicatorPoint.objects.exclude(year=None).aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return None
    return bounds["first"], bounds["last"]


def indicator_countries() -> list[tuple[str, str]]:
    """Countries that appear in the indicators, as (code, name in the active language), by name."""
    codes = IndicatorPoint.objects.exclude(country="").values_list("country", flat=True).distinct().order_by()
    return sorted(((code, countries.name(code) or code) for code in set(codes)), key=lambda item: item[1])


def indicator_fields() -> list[tuple[str, str]]:
    return sorted(_field_names().items(), key=lambda item: item[1])


def last_computed() -> datetime | None:
    return IndicatorSnapshot.objects.aggregate(last=Max("computed_at"))["last"]


def dimension_label(dimension: str) -> str:
    return {"year": _("Year"), "country": _("Country"), "field": _("Technology field"), "category": _("Category")}[
        dimension
    ]


def filter_choices() -> dict:
    """The filters' choices in the active language: the year range, the countries and fields that have points;
    cached per snapshot time (a page view reads one small row for it)."""
    computed = last_computed()
    key = f"indicators:choices:{translation.get_language()}:{computed.isoformat() if computed else ''}"
    choices = cache.get(key)
    if choices is None:
        choices = {"years": indicator_years(), "countries": indicator_countries(), "fields": indicator_fields()}
        cache.set(key, choices, 24 * 3600)
    return choices


def staff_workload(*, year: int) -> dict:
    """Moderation decisions and translation work of ``year`` (the staff report): counts by action and by status."""
    moderation = dict(
        ModerationEvent.objects.filter(created_at__year=year).values_list("action").annotate(n=Count("id")).order_by()
    )
    translations = dict(
        TranslationRecord.objects.filter(updated_at__year=year).values_list("status").annotate(n=Count("id")).order_by()
    )
    return {
        "moderation": [(label, moderation.get(action, 0)) for action, label in ModerationAction.choices],
        "translations": [(label, translations.get(status, 0)) for status, label in TranslationStatus.choices],
    }
