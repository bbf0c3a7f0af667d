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
    """A listing type that can be imported: its model, columns and the services that create and update it."""

    name: str
    label: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    m2m: str
    posting_roles: frozenset[str]
    create: Callable[..., models.Model]
    update: Callable[..., models.Model]
    by_name: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name.update({column.name: column for column in self.columns})


def _choices(enum: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(enum.values)


def _language_codes() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


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
FIELD_COLUMN = Column(
    "field",
    ColumnKind.SLUG,
    gettext_lazy("The technology field, by its slug (listed on the import page)."),
    required=True,
    attr="field",
    example="renewable-energy",
)
COUNTRY_COLUMN = Column(
    "country",
    ColumnKind.COUNTRY,
    gettext_lazy("Where the technology or need is; empty means the institution's country."),
    attr="country",
    example="CN",
)
CURRENCY_CODES = _choices(Currency)
MODE_CODES = _choices(TransferModeCode)

ACHIEVEMENT_COLUMNS = (
    *COMMON_HEAD,
    Column(
        "title",
        ColumnKind.TEXT,
        gettext_lazy("Title (at most 200 characters)."),
        True,
        "title",
        True,
        example="Perovskite solar cell encapsulation",
    ),
    Column(
        "summary",
        ColumnKind.TEXT,
        gettext_lazy("Public, non-confidential summary (at most 2,000 characters)."),
        True,
        "summary",
        True,
        example="A low-cost encapsulation that keeps 95 % efficiency after 2,000 hours.",
    ),
    Column(
        "description",
        ColumnKind.TEXT,
        gettext_lazy("Public description (at most 20,000 characters)."),
        attr="description",
        translated=True,
    ),
    Column(
        "keywords",
        ColumnKind.TEXT,
        gettext_lazy("Comma-separated keywords."),
        attr="keywords",
        translated=True,
        example="solar, perovskite",
    ),
    FIELD_COLUMN,
    COUNTRY_COLUMN,
    Column("trl", ColumnKind.INTEGER, gettext_lazy("Technology readiness level, 1 to 9."), True, "trl", example="6"),
    Column(
        "ip_status",
        ColumnKind.CHOICE,
        gettext_lazy("Intellectual property status."),
        attr="ip_status",
        choices=_choices(IpStatus),
        example="granted_patent",
    ),
    Column(
        "patent_numbers",
        ColumnKind.TEXT,
        gettext_lazy("Comma-separated patent numbers."),
        attr="patent_numbers",
        example="CN114000000A",
    ),
    Column(
        "transfer_modes",
        ColumnKind.CODES,
        gettext_lazy("How the technology can be transferred."),
        attr="transfer_modes",
        choices=MODE_CODES,
        example="licensing|joint_development",
    ),
    Column(
        "price_negotiable",
        ColumnKind.BOOLEAN,
        gettext_lazy("Whether the price is negotiable (empty: yes)."),
        attr="price_negotiable",
        example="yes",
    ),
    Column("price_amount", ColumnKind.DECIMAL, gettext_lazy("Asking price."), attr="price_amount"),
    Column(
        "price_currency",
        ColumnKind.CHOICE,
        gettext_lazy("Currency of the asking price."),
        attr="price_currency",
        choices=CURRENCY_CODES,
    ),
    Column("contact_name", ColumnKind.TEXT, gettext_lazy("Contact person."), attr="contact_name"),
    Column("contact_email", ColumnKind.TEXT, gettext_lazy("Contact e-mail address."), attr="contact_email"),
    Column("contact_phone", ColumnKind.TEXT, gettext_lazy("Contact phone number."), attr="contact_phone"),
)
DEMAND_COLUMNS = (
    *COMMON_HEAD,
    Column(
        "title",
        ColumnKind.TEXT,
        gettext_lazy("Title (at most 200 characters)."),
        True,
        "title",
        True,
        example="Low-cost desalination for a coastal plant",
    ),
    Column(
        "description",
        ColumnKind.TEXT,
        gettext_lazy("What is needed (at most 20,000 characters)."),
        True,
        "description",
        True,
        example="We need 500 m³ of drinking water a day from sea water.",
    ),
    FIELD_COLUMN,
    COUNTRY_COLUMN,
    Column("budget_min", ColumnKind.DECIMAL, gettext_lazy("Budget from."), attr="budget_min"),
    Column("budget_max", ColumnKind.DECIMAL, gettext_lazy("Budget up to."), attr="budget_max"),
    Column(
        "budget_currency",
        ColumnKind.CHOICE,
        gettext_lazy("Currency of the budget."),
        attr="budget_currency",
        choices=CURRENCY_CODES,
    ),
    Column("deadline", ColumnKind.DATE, gettext_lazy("Solution wanted by."), attr="deadline", example="2027-06-30"),
    Column("expires_at", ColumnKind.DATE, gettext_lazy("The listing expires on."), attr="expires_at"),
    Column(
        "cooperation_modes",
        ColumnKind.CODES,
        gettext_lazy("Desired cooperation modes."),
        attr="cooperation_modes",
        choices=MODE_CODES,
        example="licensing",
    ),
)


def _create_achievement(*, user, data, texts, modes):
    return achievement_create(owner=user, data=data, texts=texts, transfer_modes=modes)


def _update_achievement(*, listing, user, data, texts, modes):
    return achievement_update(achievement=listing, user=user, data=data, texts=texts, transfer_modes=modes)


def _create_demand(*, user, data, texts, modes):
    return demand_create(owner=user, data=data, texts=texts, cooperation_modes=modes)


def _update_demand(*, listing, user, data, texts, modes):
    return demand_update(demand=listing, user=user, data=data, texts=texts, cooperation_modes=modes)


KINDS: dict[str, ListingKind] = {
    "achievements": ListingKind(
        name="achievements",
        label=gettext_lazy("Achievements"),
        model=Achievement,
        columns=ACHIEVEMENT_COLUMNS,
        m2m="transfer_modes",
        posting_roles=ACHIEVEMENT_ROLES,
        create=_create_achievement,
        update=_update_achievement,
    ),
    "demands": ListingKind(
        name="demands",
        label=gettext_lazy("Demands"),
        model=Demand,
        columns=DEMAND_COLUMNS,
        m2m="cooperation_modes",
        posting_roles=DEMAND_ROLES,
        create=_create_demand,
        update=_update_demand,
    ),
}
KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]


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
