"""The indicator registry: each app adds its indicators (``register(Indicator(...))`` from an ``AppConfig.ready``).

An indicator is a name, a translated title, a ``compute`` that yields its points (each a ``Point``: values that add up
over the dimensions it leaves out), the axis its chart runs along and the dimensions a reader may filter on. The
snapshot refresh (services.py) calls every ``compute``; pages and the API read only the stored points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

AXES = ("year", "country", "field", "category")
FILTER_DIMENSIONS = ("year", "country", "field")
UNITS = ("count", "money")
CHARTS = ("bar", "column", "line")


@dataclass(frozen=True)
class Point:
    """One computed value; blank dimensions do not apply. ``currency`` is set for money in one currency."""

    value: Decimal | int
    year: int | None = None
    country: str = ""
    field: str = ""
    category: str = ""
    series: str = ""
    currency: str = ""


@dataclass(frozen=True)
class Indicator:
    """What a page and the API need to know about one indicator; labels are lazy (translated when read)."""

    name: str
    title: str
    description: str
    compute: Callable[[], Iterable[Point]]
    axis: str = "category"
    dimensions: tuple[str, ...] = FILTER_DIMENSIONS
    unit: str = "count"
    chart: str = "bar"
    # Series keys in display order with their labels; empty: a single unnamed series.
    series: tuple[tuple[str, str], ...] = ()
    # Category keys in display order (e.g. TRL 1-9; keys not listed follow), and their label in the active language.
    categories: tuple[str, ...] = ()
    category_label: Callable[[str], str] | None = None
    # Bar charts order their rows by value (largest first) unless the categories have an order of their own.
    sort_by_value: bool = True
    # Series drawn on top of each other (parts of one whole) rather than side by side.
    stacked: bool = False
    group: str = ""
    position: int = 0
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.axis not in AXES:
            raise ValueError(f"{self.name}: axis {self.axis!r} is not one of {AXES}")
        if self.unit not in UNITS or self.chart not in CHARTS:
            raise ValueError(f"{self.name}: unknown unit or chart")
        if not set(self.dimensions) <= set(FILTER_DIMENSIONS):
            raise ValueError(f"{self.name}: dimensions must be among {FILTER_DIMENSIONS}")


_INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Add (or replace, by name) an indicator; called from an AppConfig.ready()."""
    _INDICATORS[indicator.name] = indicator
    return indicator


def unregister(name: str) -> None:
    _INDICATORS.pop(name, None)


def get(name: str) -> Indicator | None:
    return _INDICATORS.get(name)


def all_indicators() -> list[Indicator]:
    """Every registered indicator in the order of the page (group position, then name)."""
    return sorted(_INDICATORS.values(), key=lambda indicator: (indicator.position, indicator.name))
