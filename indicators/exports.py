"""One indicator series as data: the page's table, its CSV/JSON downloads and the API answer share this shape."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from indicators.selectors import Filters, Series

CSV_COLUMNS = ("indicator", "title", "axis", "key", "label", "series", "series_label", "value", "unit", "currency")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def series_as_dict(series: Series) -> dict:
    indicator = series.indicator
    return {
        "name": indicator.name,
        "title": str(indicator.title),
        "description": str(indicator.description),
        "axis": indicator.axis,
        "unit": indicator.unit,
        "currency": series.currency,
        "series": [{"key": key, "label": label} for key, label in series.series],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "values": {key: _number(value) for (key, _label), value in zip(series.series, row.values, strict=True)},
            }
            for row in series.rows
        ],
        "filters_applied": series.applied,
        "filters_ignored": series.ignored,
        "computed_at": series.computed_at.isoformat() if series.computed_at else None,
    }


def csv_rows(all_series: Iterable[Series]) -> Iterable[tuple]:
    for series in all_series:
        indicator = series.indicator
        for row in series.rows:
            for (key, label), value in zip(series.series, row.values, strict=True):
                yield (
                    indicator.name,
                    str(indicator.title),
                    indicator.axis,
                    row.key,
                    row.label,
                    key,
                    label,
                    _number(value),
                    indicator.unit,
                    series.currency,
                )


def as_csv(all_series: Iterable[Series]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(all_series))
    return buffer.getvalue()


def as_json(all_series: Iterable[Series], *, filters: Filters, language: str) -> dict:
    return {
        "language": language,
        "filters": filters.as_query(),
        "indicators": [series_as_dict(series) for series in all_series],
    }
