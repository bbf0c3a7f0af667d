"""Bulk open-data files: published listings and every indicator, as CSV and JSON Lines, with a data dictionary and a
licence statement. ``opendata_export`` rewrites them (nightly, by beat); views serve them with ETag/Last-Modified.

Only what a public page shows goes out: published (and, for demands, unexpired) listings, their public facts and the
texts in the language they were written in. Never: drafts or listings under review, the confidential dossier, the
NDA, attachments, contact details, owners, or anything of conversations and bids (tests/indicators/test_opendata.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from achievements.models import Achievement
from demands.models import Demand
from indicators import registry
from indicators.exports import CSV_COLUMNS, csv_rows
from indicators.models import OpenDataFile
from indicators.selectors import Filters, indicator_series
from marketplace.i18n import column
from marketplace.models import ModerationState

LICENCE = (
    "BRICS TTC open data\n\n"
    "The files published here (published achievements, published demands and the technology transfer indicators) are "
    "made available under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): "
    "https://creativecommons.org/licenses/by/4.0/\n\n"
    'You may share and adapt them for any purpose, provided you credit "BRICS Technology Transfer Center network '
    "(BRICS TTC)\", link to the licence and indicate if changes were made. The texts of listings remain their authors' "
    "works, published by them on the platform for this purpose. The data are provided as is, without warranty.\n\n"
    "Contents: only what the public pages show. Listings: published achievements and published, unexpired demands, "
    "with texts in the language they were written in. Confidential dossiers, NDA texts, attachments, contact details, "
    "conversations and bids are never included.\n"
)
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


ACHIEVEMENT_COLUMNS = (
    Column("id", "integer", "Identifier of the achievement on the platform."),
    Column("url", "string", "Its public page (English interface)."),
    Column("language", "string", "Language the texts were written in (BCP 47-like code of the platform)."),
    Column("title", "string", "Title, in the source language."),
    Column("summary", "string", "Public, non-confidential summary, in the source language."),
    Column("keywords", "string", "Comma-separated keywords, in the source language."),
    Column("field", "string", "Technology field slug (GET /api/v1/fields/)."),
    Column("country", "string", "ISO 3166-1 alpha-2 country code."),
    Column("institution", "string", "Slug of the member institution that offers it (blank: an individual)."),
    Column("trl", "integer", "Technology readiness level, 1 to 9."),
    Column("ip_status", "string", "IP status code (granted_patent, pending_application, pct, ...)."),
    Column("patent_numbers", "string", "Patent or application numbers as published."),
    Column("transfer_modes", "string", "Transfer mode codes separated by ';'."),
    Column("price_negotiable", "boolean", "Whether the price is negotiable."),
    Column("price_amount", "decimal", "Asking price (blank when not given)."),
    Column("price_currency", "string", "ISO 4217 currency of the asking price."),
    Column("under_transfer", "boolean", "A deal or auction sale is being completed."),
    Column("published_at", "datetime", "When it was published (UTC, ISO 8601)."),
)
DEMAND_COLUMNS = (
    Column("id", "integer", "Identifier of the demand on the platform."),
    Column("url", "string", "Its public page (English interface)."),
    Column("language", "string", "Language the texts were written in."),
    Column("title", "string", "Title, in the source language."),
    Column("description", "string", "Description of the need, in the source language."),
    Column("field", "string", "Technology field slug."),
    Column("country", "string", "ISO 3166-1 alpha-2 country code."),
    Column("institution", "string", "Slug of the member institution that posted it (blank: an individual)."),
    Column("budget_min", "decimal", "Lower end of the budget (blank when not given)."),
    Column("budget_max", "decimal", "Upper end of the budget (blank when not given)."),
    Column("budget_currency", "string", "ISO 4217 currency of the budget."),
    Column("cooperation_modes", "string", "Desired cooperation mode codes separated by ';'."),
    Column("deadline", "date", "Solution wanted by (ISO 8601)."),
    Column("expires_at", "date", "The listing expires on (ISO 8601)."),
    Column("published_at", "datetime", "When it was published (UTC, ISO 8601)."),
)
INDICATOR_COLUMNS = (
    Column("indicator", "string", "Indicator name (GET /api/v1/indicators/)."),
    Column("title", "string", "Indicator title (English)."),
    Column("axis", "string", "What the key is: year, country, field or category."),
    Column("key", "string", "Year, ISO country code, technology field slug or category key."),
    Column("label", "string", "The key's label (English)."),
    Column("series", "string", "Series key (blank: a single series)."),
    Column("series_label", "string", "Series label (English)."),
    Column("value", "number", "The value: a count, or an amount in the reporting currency."),
    Column("unit", "string", "count or money."),
    Column("currency", "string", "Reporting currency of money values (ISO 4217)."),
)
assert tuple(column.name for column in INDICATOR_COLUMNS) == CSV_COLUMNS


def open_data_dir() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def _cell(value) -> str | int | float | bool | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _csv_safe(value):
    """Spreadsheets run a cell that starts like a formula: such text cells get a leading apostrophe in the CSV."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _modes(through, owner: str) -> dict[int, list[str]]:
    modes: dict[int, list[str]] = defaultdict(list)
    for owner_id, code in through.objects.order_by("transfermode_id").values_list(owner, "transfermode__code"):
        modes[owner_id].append(code)
    return modes


def _text(row: dict, field: str) -> str:
    return row.get(column(field, row["source_language"])) or row.get(column(field, "en")) or ""


def achievement_rows() -> Iterator[dict]:
    modes = _modes(Achievement.transfer_modes.through, "achievement_id")
    languages = {code for code, _name in settings.LANGUAGES}
    text_columns = [column(field, code) for field in ("title", "summary", "keywords") for code in languages]
    rows = (
        Achievement.objects.filter(state=ModerationState.PUBLISHED)
        .order_by("pk")
        .values(
            "pk",
            "source_language",
            "field__slug",
            "country",
            "institution__slug",
            "trl",
            "ip_status",
            "patent_numbers",
            "price_negotiable",
            "price_amount",
            "price_currency",
            "under_transfer",
            "published_at",
            *text_columns,
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "url": f"{settings.SITE_URL}/en/achievements/{row['pk']}/",
            "language": row["source_language"],
            "title": _text(row, "title"),
            "summary": _text(row, "summary"),
            "keywords": _text(row, "keywords"),
            "field": row["field__slug"],
            "country": row["country"],
            "institution": row["institution__slug"] or "",
            "trl": row["trl"],
            "ip_status": row["ip_status"],
            "patent_numbers": row["patent_numbers"],
            "transfer_modes": ";".join(modes.get(row["pk"], [])),
            "price_negotiable": row["price_negotiable"],
            "price_amount": row["price_amount"],
            "price_currency": row["price_currency"],
            "under_transfer": row["under_transfer"],
            "published_at": row["published_at"],
        }


def demand_rows() -> Iterator[dict]:
    modes = _modes(Demand.cooperation_modes.through, "demand_id")
    languages = {code for code, _name in settings.LANGUAGES}
    text_columns = [column(field, code) for field in ("title", "description") for code in languages]
    rows = (
        Demand.objects.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gte=timezone.localdate()), state=ModerationState.PUBLISHED
        )
        .order_by("pk")
        .values(
            "pk",
            "source_language",
            "field__slug",
            "country",
            "institution__slug",
            "budget_min",
            "budget_max",
            "budget_currency",
            "deadline",
            "expires_at",
            "published_at",
            *text_columns,
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "url": f"{settings.SITE_URL}/en/demands/{row['pk']}/",
            "language": row["source_language"],
            "title": _text(row, "title"),
            "description": _text(row, "description"),
            "field": row["field__slug"],
            "country": row["country"],
            "institution": row["institution__slug"] or "",
            "budget_min": row["budget_min"],
            "budget_max": row["budget_max"],
            "budget_currency": row["budget_currency"],
            "cooperation_modes": ";".join(modes.get(row["pk"], [])),
            "deadline": row["deadline"],
            "expires_at": row["expires_at"],
            "published_at": row["published_at"],
        }


def indicator_rows() -> Iterator[dict]:
    with translation.override("en"):
        all_series = [indicator_series(indicator=i, filters=Filters()) for i in registry.all_indicators()]
        for values in csv_rows(all_series):
            yield dict(zip(CSV_COLUMNS, values, strict=True))


DATASETS: dict[str, tuple[str, tuple[Column, ...], Callable[[], Iterable[dict]]]] = {
    "achievements": ("Published research achievements (technology offers).", ACHIEVEMENT_COLUMNS, achievement_rows),
    "demands": ("Published, unexpired technical demands.", DEMAND_COLUMNS, demand_rows),
    "indicators": (
        "Every technology transfer indicator, unfiltered, labels in English.",
        INDICATOR_COLUMNS,
        indicator_rows,
    ),
}
CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/jsonl; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def data_dictionary() -> dict:
    return {
        "licence": "CC-BY-4.0",
        "reporting_currency": settings.INDICATORS_REPORTING_CURRENCY,
        "datasets": [
            {
                "name": name,
                "description": description,
                "files": [f"{name}.csv", f"{name}.jsonl"],
                "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in columns],
            }
            for name, (description, columns, _rows) in DATASETS.items()
        ],
        "notes": [
            "CSV files are UTF-8 with a header row; a text cell that starts with =, +, -, @ gets a leading apostrophe.",
            "JSON Lines files hold one JSON object per line with the same names; decimals are strings.",
        ],
    }


class _Writer:
    """Writes one file into a temporary name beside it, hashing as it goes; ``commit`` moves it into place."""

    def __init__(self, directory: Path, name: str) -> None:
        self.name = name
        self.path = directory / name
        handle, self.tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        self.file = os.fdopen(handle, "w", encoding="utf-8", newline="")
        self.rows = 0

    def write(self, text: str) -> None:
        self.file.write(text)

    def commit(self, rows: int | None) -> dict:
        self.file.close()
        os.replace(self.tmp, self.path)
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return {
            "name": self.name,
            "content_type": CONTENT_TYPES[self.path.suffix],
            "size": self.path.stat().st_size,
            "sha256": digest.hexdigest(),
            "rows": rows,
        }


class _LineWriter:
    def __init__(self, target: _Writer) -> None:
        self.target = target

    def write(self, text: str) -> None:
        self.target.write(text)


def opendata_export() -> list[OpenDataFile]:
    """Rewrite every open-data file and record its checksum, size and time (readers never see a half-written file:
    each is written under a temporary name and renamed)."""
    directory = open_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_description, columns, rows) in DATASETS.items():
        csv_file, jsonl_file = _Writer(directory, f"{name}.csv"), _Writer(directory, f"{name}.jsonl")
        writer = csv.writer(_LineWriter(csv_file), lineterminator="\n")
        writer.writerow([c.name for c in columns])
        count = 0
        for row in rows():
            cells = {key: _cell(value) for key, value in row.items()}
            writer.writerow([_csv_safe(cells[c.name]) for c in columns])
            jsonl_file.write(json.dumps(cells, ensure_ascii=False) + "\n")
            count += 1
        written += [csv_file.commit(count), jsonl_file.commit(count)]
    dictionary = _Writer(directory, "data-dictionary.json")
    dictionary.write(json.dumps(data_dictionary(), ensure_ascii=False, indent=2) + "\n")
    licence = _Writer(directory, "LICENCE.txt")
    licence.write(LICENCE)
    written += [dictionary.commit(None), licence.commit(None)]
    now = timezone.now()
    with transaction.atomic():
        files = [
            OpenDataFile.objects.update_or_create(name=item["name"], defaults={**item, "generated_at": now})[0]
            for item in written
        ]
    return files
