"""The import/export template of each listing type: its columns (the data dictionary) and the services that write
it (``bulk.rows`` reads a row of it).

One row is one listing in one language (the file's). Columns are named in English, whatever the language of the file;
taxonomy values are slugs and codes, never translated labels, so a file means the same in every interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from achievements.models import Achievement, IpStatus
from achievements.services import POSTING_ROLES as ACHIEVEMENT_ROLES
from achievements.services import achievement_create, achievement_update
from bulk.errors import BulkError
from demands.models import Demand
from demands.services import POSTING_ROLES as DEMAND_ROLES
from demands.services import demand_create, demand_update
from marketplace.models import Currency, TransferModeCode

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


def _kind(model, label, columns, m2m: str, posting_roles, create_service, update_service) -> ListingKind:
    """A listing type by its model: named by its plural (as in URLs), its services taking it as the model's name."""
    name = model._meta.model_name
    return ListingKind(
        name=f"{name}s",
        label=label,
        model=model,
        columns=columns,
        m2m=m2m,
        listing_arg=name,
        posting_roles=posting_roles,
        create_service=create_service,
        update_service=update_service,
    )


KINDS: dict[str, ListingKind] = {
    kind.name: kind
    for kind in (
        _kind(
            Achievement,
            gettext_lazy("Achievements"),
            ACHIEVEMENT_COLUMNS,
            "transfer_modes",
            ACHIEVEMENT_ROLES,
            achievement_create,
            achievement_update,
        ),
        _kind(
            Demand,
            gettext_lazy("Demands"),
            DEMAND_COLUMNS,
            "cooperation_modes",
            DEMAND_ROLES,
            demand_create,
            demand_update,
        ),
    )
}
KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]


def kind_get(name: str) -> ListingKind:
    """The listing type ``name``; ``BulkError`` for any other name."""
    if name not in KINDS:
        raise BulkError(_("Choose achievements or demands."), code="invalid_kind")
    return KINDS[name]


def missing_required(kind: ListingKind, header: list[str]) -> list[str]:
    return [column.name for column in kind.columns if column.required and column.name not in header]


def unknown_columns(kind: ListingKind, header: list[str]) -> list[str]:
    return [name for name in header if name not in kind.by_name and name != STATUS_COLUMN]
