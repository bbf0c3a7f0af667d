"""Geometry of the server-rendered SVG charts (templates/indicators/chart_*.svg.html draw it).

Horizontal positions are percentages of the chart's width and vertical ones are pixels, so a chart fills any column
(1280 px desktop or 390 px phone) without scaling its text. Right-to-left pages mirror the horizontal axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_compact_decimal
from django.utils import translation
from django.utils.formats import number_format

from indicators.selectors import Series

PALETTE_SIZE = 6  # series colours: classes s0-s5 of static/indicators/indicators.css
BAR_ROW = 46  # px per row of a horizontal bar chart: label line and bar(s)
BAR_THICKNESS = 14
PLOT_HEIGHT = 220  # px of a column or line chart's plot area
TOP = 24
AXIS_LABELS = 28


def fmt(value: Decimal | float | int, *, decimals: int = 0) -> str:
    """A number in the active language's format, with grouping."""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def compact(value: float) -> str:
    """A short number for an axis in the active language (4.5M, 450万, 4,5 млн)."""
    try:
        locale = Locale.parse(translation.to_locale(translation.get_language() or "en"))
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    return format_compact_decimal(value, locale=locale, fraction_digits=1)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above ``value`` (a step of a value axis)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        ceiling = step * 10**exponent
        if ceiling >= value:
            return float(ceiling)
    return float(10 ** (exponent + 1))


@dataclass
class Mark:
    x: float  # percent
    width: float  # percent
    y: float = 0  # px
    height: float = 0  # px
    color: str = ""
    title: str = ""
    x2: float = 0
    y2: float = 0


@dataclass
class Chart:
    kind: str
    height: int
    rtl: bool
    legend: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    points: list[dict] = field(default_factory=list)


def _x(percent: float, rtl: bool) -> float:
    return round(100 - percent if rtl else percent, 3)


def build_chart(series: Series, *, rtl: bool) -> Chart:
    indicator = series.indicator
    colors = [f"s{index % PALETTE_SIZE}" for index in range(len(series.series))]
    legend = [{"label": label, "color": colors[index]} for index, (_key, label) in enumerate(series.series) if label]
    if indicator.chart == "bar":
        return _bars(series, rtl=rtl, colors=colors, legend=legend)
    return _columns_or_lines(series, rtl=rtl, colors=colors, legend=legend)


def _value_text(series: Series, value: Decimal) -> str:
    text = fmt(value)
    return f"{text} {series.currency}" if series.currency else text


def _bars(series: Series, *, rtl: bool, colors: list[str], legend: list[dict]) -> Chart:
    """Horizontal bars: each row a label line (label at the start, value at the end) above its bar(s)."""
    stacked = series.indicator.stacked
    per_row = 1 if stacked else max(len(series.series), 1)
    row_height = BAR_ROW + (per_row - 1) * (BAR_THICKNESS + 2)
    top = max((row.total if stacked else max(row.values, default=0)) for row in series.rows) if series.rows else 0
    top = float(top) or 1.0
    chart = Chart(kind="bar", height=max(len(series.rows), 1) * row_height + 4, rtl=rtl, legend=legend)
    for index, row in enumerate(series.rows):
        y = index * row_height
        chart.rows.append(
            {
                "label": row.label,
                "value": _value_text(series, row.total),
                "label_x": _x(0, rtl),
                "value_x": _x(100, rtl),
                "text_y": y + 16,
            }
        )
        offset = 0.0
        for position, value in enumerate(row.values):
            width = float(value) / top * 100
            bar_y = y + 22 + (0 if stacked else position * (BAR_THICKNESS + 2))
            start = offset if stacked else 0.0
            x = _x(start + width, rtl) if rtl else round(start, 3)
            title = f"{row.label} — {series.series[position][1]}: {_value_text(series, value)}"
            chart.marks.append(
                Mark(
                    x=x,
                    width=round(max(width, 0.4 if value else 0), 3),
                    y=bar_y,
                    height=BAR_THICKNESS,
                    color=colors[position],
                    title=title,
                )
            )
            if stacked:
                offset += width
    return chart


def _columns_or_lines(series: Series, *, rtl: bool, colors: list[str], legend: list[dict]) -> Chart:
    """Vertical columns (grouped by series) or lines along the years, with a value axis of four gridlines."""
    kind = series.indicator.chart
    top = max((max(row.values, default=0) for row in series.rows), default=0)
    # Four gridlines at a round step: the step is the nice number at or above a quarter of the largest value.
    ceiling = nice_ceiling(float(top) / 4) * 4
    chart = Chart(kind=kind, height=TOP + PLOT_HEIGHT + AXIS_LABELS, rtl=rtl, legend=legend)
    baseline = TOP + PLOT_HEIGHT

    def y_of(value: Decimal | float) -> float:
        return round(baseline - float(value) / ceiling * PLOT_HEIGHT, 2)

    for step in range(5):
        value = ceiling * step / 4
        label = compact(value)
        chart.ticks.append({"y": y_of(value), "text_y": y_of(value) - 4, "label": label, "x": _x(0, rtl)})
    count = max(len(series.rows), 1)
    slot = 100 / count
    groups = max(len(series.series), 1)
    # Long labels (dates) on many columns would overlap on a phone: name every n-th column (at most four names, the
    # last always); the data table beside the chart has every label.
    longest = max((len(str(row.label)) for row in series.rows), default=0)
    every = math.ceil(count / 4) if longest > 5 else math.ceil(count / 12)
    for index, row in enumerate(series.rows):
        center = slot * index + slot / 2
        if (count - 1 - index) % every == 0:
            chart.labels.append({"x": _x(center, rtl), "y": baseline + 18, "label": row.label})
        if kind == "column":
            inner = slot * 0.7
            width = inner / groups
            for position, value in enumerate(row.values):
                start = center - inner / 2 + position * width
                x = _x(start + width, rtl) if rtl else round(start, 3)
                title = f"{row.label} — {series.series[position][1]}: {_value_text(series, value)}"
                chart.marks.append(
                    Mark(
                        x=x,
                        width=round(width * 0.92, 3),
                        y=y_of(value),
                        height=round(baseline - y_of(value), 2),
                        color=colors[position],
                        title=title,
                    )
                )
    if kind == "line":
        for position, (_key, label) in enumerate(series.series):
            previous = None
            for index, row in enumerate(series.rows):
                x = _x(slot * index + slot / 2, rtl)
                y = y_of(row.values[position])
                point = {
                    "x": x,
                    "y": y,
                    "color": colors[position],
                    "title": f"{row.label} — {label}: {_value_text(series, row.values[position])}",
                }
                chart.points.append(point)
                if previous is not None:
                    chart.lines.append(
                        {"x1": previous["x"], "y1": previous["y"], "x2": x, "y2": y, "color": colors[position]}
                    )
                previous = point
    return chart
