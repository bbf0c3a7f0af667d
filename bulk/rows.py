"""One row of an import file read: its cells (plain text, by column name) checked and turned into the values the
listing services take, or the row's errors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django_countries import countries

from bulk.columns import Column, ColumnKind, ListingKind
from marketplace.models import EXTERNAL_ID_MAX_LENGTH
from marketplace.validators import parse_plain_decimal

CODE_SEPARATORS = "|,;"
TRUE_WORDS = frozenset({"yes", "true", "1", "y"})
FALSE_WORDS = frozenset({"no", "false", "0", "n"})


@dataclass
class ParsedRow:
    """One row read and checked: where it is in the file, and what it would write (or why it cannot)."""

    number: int
    external_id: str = ""
    data: dict = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    modes: list | None = None  # None: the column is absent, the listing's modes are left alone
    errors: list[str] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(f"{column}: {message}")


@dataclass(frozen=True)
class Lookups:
    """What rows refer to, loaded once per file: taxonomy by slug, transfer modes by code, the institution."""

    fields: dict[str, models.Model]
    modes: dict[str, models.Model]
    institution: models.Model
    language: str


def _parse_value(column: Column, text: str, lookups: Lookups, row: ParsedRow):
    if column.kind == ColumnKind.TEXT:
        return text
    if column.kind == ColumnKind.SLUG:
        found = lookups.fields.get(text.lower())
        if found is None:
            row.error(column.name, _("“%(value)s” is not a technology field slug.") % {"value": text[:80]})
        return found
    if column.kind == ColumnKind.INTEGER:
        if not text:
            return None  # a required column's empty cell was refused before
        if not text.isascii() or not text.isdigit():
            row.error(column.name, _("Write a whole number."))
            return None
        return int(text)
    if column.kind == ColumnKind.DECIMAL:
        if not text:
            return None
        amount = parse_plain_decimal(text)
        if amount is None:
            row.error(column.name, _("Write an amount with digits and at most one dot, e.g. 2500000.50."))
        return amount
    if column.kind == ColumnKind.BOOLEAN:
        word = text.lower()
        if not word or word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        row.error(column.name, _("Write yes or no."))
        return None
    if column.kind == ColumnKind.DATE:
        if not text:
            return None
        try:
            if len(text) != len("YYYY-MM-DD"):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            row.error(column.name, _("Write the date as YYYY-MM-DD."))
            return None
    if column.kind == ColumnKind.CHOICE:
        if text and text not in column.choices:
            row.error(
                column.name,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text[:80], "choices": ", ".join(column.choices)},
            )
        return text
    if column.kind == ColumnKind.CODES:
        codes, unknown = _cell_codes(text, lookups.modes)
        if unknown:
            row.error(
                column.name,
                _("Unknown codes: %(codes)s. Use: %(choices)s.")
                % {"codes": unknown, "choices": ", ".join(column.choices)},
            )
        return [lookups.modes[code] for code in codes]
    if column.kind == ColumnKind.COUNTRY:
        code = text.upper() or str(lookups.institution.country or "")
        if code not in dict(countries):
            row.error(column.name, _("“%(value)s” is not a country code (ISO 3166, e.g. CN).") % {"value": text[:80]})
        return code
    if column.kind == ColumnKind.COUNTRIES:
        codes, unknown = _cell_codes(text, dict(countries), upper=True)
        if unknown:
            row.error(column.name, _("Not country codes (ISO 3166, e.g. CN): %(codes)s.") % {"codes": unknown})
        return sorted(codes)  # as the field stores them: a file read back compares equal to its listing
    raise AssertionError(column.kind)  # pragma: no cover - every kind is handled above


def _cell_codes(text: str, known, *, upper: bool = False) -> tuple[list[str], str]:
    """A cell of several codes ("licensing|joint_development"; commas and semicolons also separate them): the known
    ones, each once in the order written, and the first unknown ones listed for an error message ("" if none)."""
    for separator in CODE_SEPARATORS[1:]:
        text = text.replace(separator, CODE_SEPARATORS[0])
    parts = (part.strip() for part in text.split(CODE_SEPARATORS[0]))
    codes = list(dict.fromkeys(part.upper() if upper else part for part in parts if part))
    unknown = [code for code in codes if code not in known]
    return [code for code in codes if code in known], ", ".join(code[:40] for code in unknown[:5])


def parse_row(*, kind: ListingKind, number: int, cells: dict[str, str], lookups: Lookups) -> ParsedRow:
    """A row's cells (by column name, already read as plain text) as the values the listing services take."""
    row = ParsedRow(number=number)
    row.external_id = cells.get("external_id", "")
    if not row.external_id:
        row.error("external_id", _("Give every row your own reference."))
    elif len(row.external_id) > EXTERNAL_ID_MAX_LENGTH:
        row.error("external_id", _("At most %(limit)s characters.") % {"limit": EXTERNAL_ID_MAX_LENGTH})
    language = cells.get("language", "").lower()
    if language and language != lookups.language:
        row.error(
            "language",
            _("This file is in %(file)s; the row says %(row)s. Put each language in its own file.")
            % {"file": lookups.language, "row": language[:20]},
        )
    for column in kind.columns:
        if not column.attr or column.name not in cells:
            continue
        text = cells[column.name]
        if column.required and not text:
            row.error(column.name, _("This column is required."))
            continue
        value = _parse_value(column, text, lookups, row)
        if column.translated:
            row.texts[column.attr] = value
        elif column.kind == ColumnKind.CODES:
            row.modes = value
        else:
            row.data[column.attr] = value
    row.data["institution"] = lookups.institution
    row.data["source_language"] = lookups.language
    if "country" not in row.data:
        row.data["country"] = str(lookups.institution.country or "")
    return row
