"""The import/export template of each listing type: its columns (the data dictionary) and how a row's text becomes
the listing's values.

One row is one listing in one language (the file's). Columns are named in English, whatever the language of the file;
taxonomy values are slugs and codes, never translated labels, so a file means the same in every interface language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from achievements.models import Achievement, IpStatus
from achievements.services import POSTING_ROLES as ACHIEVEMENT_ROLES
from achievements.services import achievement_create, achievement_update
from bulk.errors import BulkError
from demands.models import Demand
from demands.services import POSTING_ROLES as DEMAND_ROLES
from demands.services import demand_create, demand_update
from marketplace.models import EXTERNAL_ID_MAX_LENGTH, Currency, TransferModeCode
from marketplace.validators import parse_plain_decimal

# Several codes in one cell: "licensing|joint_development" (commas and semicolons also separate them).
CODE_SEPARATORS = "|,;"
TRUE_WORDS = frozenset({"yes", "true", "1", "y"})
FALSE_WORDS = frozenset({"no", "false", "0", "n"})
STATUS_COLUMN = "status"  # written by the export for the reader; an import ignores it


class ColumnKind(models.TextChoices):
    TEXT = "text", gettext_lazy("text")
    SLUG = "slug", gettext_lazy("taxonomy slug")
    INTEGER = "integer", gettext_lazy("whole number")
    DECIMAL = "decimal", gettext_lazy("amount (digits, one dot)")
    BOOLEAN = "boolean", gettext_lazy("yes or no")
    DATE = "date", gettext_lazy("date (YYYY-MM-DD)")
    CHOICE = "choice", gettext_lazy("one code")
    CODES = "codes", gettext_lazy("codes separated by |")
    COUNTRY = "country", gettext_lazy("country code (ISO 3166, e.g. CN)")
    COUNTRIES = "countries", gettext_lazy("country codes (ISO 3166) separated by |")
    LANGUAGE = "language", gettext_lazy("language code")


@dataclass(frozen=True)
class Column:
    """One column of a template: its header, what it holds and where it goes (``attr`` of the listing)."""

    name: str
    kind: str
    description: str
    required: bool = False
    attr: str = ""  # the model field; empty for external_id and language, handled on their own
    translated: bool = False  # a text in the file's language (``texts`` of the listing services)
    choices: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class ListingKind:
    """A listing type that can be imported: its model, columns, and the services that create and update it (their
    keyword for the listing, ``listing_arg``, and for its modes, ``m2m``)."""

    name: str
    label: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    m2m: str
    listing_arg: str
    posting_roles: frozenset[str]
    create_service: Callable[..., models.Model]
    update_service: Callable[..., models.Model]
    by_name: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name.update({column.name: column for column in self.columns})

    def create(self, *, user, data: dict, texts: dict[str, str], modes: list) -> models.Model:
        return self.create_service(owner=user, data=data, texts=texts, **{self.m2m: modes})

    def update(self, *, listing, user, data: dict, texts: dict[str, str], modes: list | None) -> models.Model:
        return self.update_service(
            **{self.listing_arg: listing}, user=user, data=data, texts=texts, **{self.m2m: modes}
        )


def _choices(enum: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(enum.values)


def _language_codes() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def _text(name: str, description, *, required: bool = False, translated: bool = False, example: str = "") -> Column:
    return Column(name, ColumnKind.TEXT, description, required, name, translated, example=example)


def _of_kind(name: str, kind: str, description, *, choices: tuple[str, ...] = (), example: str = "") -> Column:
    return Column(name, kind, description, attr=name, choices=choices, example=example)


def _modes(name: str, description, example: str) -> Column:
    return _of_kind(name, ColumnKind.CODES, description, choices=_choices(TransferModeCode), example=example)


def _currency(name: str, description) -> Column:
    return _of_kind(name, ColumnKind.CHOICE, description, choices=_choices(Currency))


# Every listing type starts with these: its reference, its language, its title, and where it belongs.
COMMON_HEAD = (
    Column(
        "external_id",
        ColumnKind.TEXT,
        gettext_lazy(
            "Your own reference for the listing (unique in your institution). A new one creates a draft; "
            "one already imported updates that listing."
        ),
        required=True,
        example="TTO-2024-017",
    ),
    Column(
        "language",
        ColumnKind.LANGUAGE,
        gettext_lazy("The language the texts are written in: the file's language (empty means the file's)."),
        choices=_language_codes(),
        example="en",
    ),
)
TITLE_DESCRIPTION = gettext_lazy("Title (at most 200 characters).")
PLACE_COLUMNS = (
    Column(
        "field",
        ColumnKind.SLUG,
        gettext_lazy("The technology field, by its slug (listed on the import page)."),
        required=True,
        attr="field",
        example="renewable-energy",
    ),
    _of_kind(
        "country",
        ColumnKind.COUNTRY,
        gettext_lazy("Where the technology or need is; empty means the institution's country."),
        example="CN",
    ),
)

ACHIEVEMENT_COLUMNS = (
    *COMMON_HEAD,
    _text("title", TITLE_DESCRIPTION, required=True, translated=True, example="Perovskite solar cell encapsulation"),
    _text(
        "summary",
        gettext_lazy("Public, non-confidential summary (at most 2,000 characters)."),
        required=True,
        translated=True,
        example="A low-cost encapsulation that keeps 95 % efficiency after 2,000 hours.",
    ),
    _text("description", gettext_lazy("Public description (at most 20,000 characters)."), translated=True),
    _text("keywords", gettext_lazy("Comma-separated keywords."), translated=True, example="solar, perovskite"),
    *PLACE_COLUMNS,
    Column("trl", ColumnKind.INTEGER, gettext_lazy("Technology readiness level, 1 to 9."), True, "trl", example="6"),
    _of_kind(
        "ip_status",
        ColumnKind.CHOICE,
        gettext_lazy("Intellectual property status."),
        choices=_choices(IpStatus),
        example="granted_patent",
    ),
    _text("patent_numbers", gettext_lazy("Comma-separated patent numbers."), example="CN114000000A"),
    _modes("transfer_modes", gettext_lazy("How the technology can be transferred."), "licensing|joint_development"),
    _of_kind(
        "price_negotiable",
        ColumnKind.BOOLEAN,
        gettext_lazy("Whether the price is negotiable (empty: yes)."),
        example="yes",
    ),
    _of_kind("price_amount", ColumnKind.DECIMAL, gettext_lazy("Asking price.")),
    _currency("price_currency", gettext_lazy("Currency of the asking price.")),
    _text("contact_name", gettext_lazy("Contact person.")),
    _text("contact_email", gettext_lazy("Contact e-mail address.")),
    _text("contact_phone", gettext_lazy("Contact phone number.")),
)
DEMAND_COLUMNS = (
    *COMMON_HEAD,
    _text(
        "title", TITLE_DESCRIPTION, required=True, translated=True, example="Low-cost desalination for a coastal plant"
    ),
    _text(
        "description",
        gettext_lazy("What is needed (at most 20,000 characters)."),
        required=True,
        translated=True,
        example="We need 500 m³ of drinking water a day from sea water.",
    ),
    *PLACE_COLUMNS,
    _of_kind("budget_min", ColumnKind.DECIMAL, gettext_lazy("Budget from.")),
    _of_kind("budget_max", ColumnKind.DECIMAL, gettext_lazy("Budget up to.")),
    _currency("budget_currency", gettext_lazy("Currency of the budget.")),
    _of_kind("deadline", ColumnKind.DATE, gettext_lazy("Solution wanted by."), example="2027-06-30"),
    _of_kind("expires_at", ColumnKind.DATE, gettext_lazy("The listing expires on.")),
    _modes("cooperation_modes", gettext_lazy("Desired cooperation modes."), "licensing"),
    _of_kind(
        "trl_min",
        ColumnKind.INTEGER,
        gettext_lazy("Lowest technology readiness level a solution must have reached, 1 to 9 (empty: any)."),
        example="4",
    ),
    _of_kind(
        "trl_max",
        ColumnKind.INTEGER,
        gettext_lazy("Highest technology readiness level wanted, 1 to 9, not below the lowest (empty: any)."),
        example="7",
    ),
    _of_kind(
        "preferred_countries",
        ColumnKind.COUNTRIES,
        gettext_lazy("Countries where a partner is preferred (empty: anywhere)."),
        example="BR|IN",
    ),
)

KINDS: dict[str, ListingKind] = {
    "achievements": ListingKind(
        name="achievements",
        label=gettext_lazy("Achievements"),
        model=Achievement,
        columns=ACHIEVEMENT_COLUMNS,
        m2m="transfer_modes",
        listing_arg="achievement",
        posting_roles=ACHIEVEMENT_ROLES,
        create_service=achievement_create,
        update_service=achievement_update,
    ),
    "demands": ListingKind(
        name="demands",
        label=gettext_lazy("Demands"),
        model=Demand,
        columns=DEMAND_COLUMNS,
        m2m="cooperation_modes",
        listing_arg="demand",
        posting_roles=DEMAND_ROLES,
        create_service=demand_create,
        update_service=demand_update,
    ),
}
KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]


def kind_get(name: str) -> ListingKind:
    """The listing type ``name``; ``BulkError`` for any other name."""
    if name not in KINDS:
        raise BulkError(_("Choose achievements or demands."), code="invalid_kind")
    return KINDS[name]


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
        codes = list(dict.fromkeys(part.strip() for part in _split_codes(text) if part.strip()))
        unknown = [code for code in codes if code not in lookups.modes]
        if unknown:
            row.error(
                column.name,
                _("Unknown codes: %(codes)s. Use: %(choices)s.")
                % {"codes": ", ".join(code[:40] for code in unknown[:5]), "choices": ", ".join(column.choices)},
            )
        return [lookups.modes[code] for code in codes if code in lookups.modes]
    if column.kind == ColumnKind.COUNTRY:
        code = text.upper() or str(lookups.institution.country or "")
        if code not in dict(countries):
            row.error(column.name, _("“%(value)s” is not a country code (ISO 3166, e.g. CN).") % {"value": text[:80]})
        return code
    if column.kind == ColumnKind.COUNTRIES:
        known = dict(countries)
        # Sorted and each once, as the field stores them: a file read back compares equal to its listing.
        codes = sorted({part.strip().upper() for part in _split_codes(text) if part.strip()})
        unknown = [code for code in codes if code not in known]
        if unknown:
            row.error(
                column.name,
                _("Not country codes (ISO 3166, e.g. CN): %(codes)s.")
                % {"codes": ", ".join(code[:40] for code in unknown[:5])},
            )
        return [code for code in codes if code not in unknown]
    raise AssertionError(column.kind)  # pragma: no cover - every kind is handled above


def _split_codes(text: str) -> list[str]:
    for separator in CODE_SEPARATORS[1:]:
        text = text.replace(separator, CODE_SEPARATORS[0])
    return text.split(CODE_SEPARATORS[0])


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


def missing_required(kind: ListingKind, header: list[str]) -> list[str]:
    return [column.name for column in kind.columns if column.required and column.name not in header]


def unknown_columns(kind: ListingKind, header: list[str]) -> list[str]:
    return [name for name in header if name not in kind.by_name and name != STATUS_COLUMN]
