"""The import templates (with their data dictionary) and the export of an institution's portfolio in the same format.

An export holds the institution's own listings of one type, in every state (it is for its importers only), each in
the language it was written in, with the template's columns plus ``status``; never the confidential dossier, the NDA,
attachments, or anything of another institution.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bulk.columns import STATUS_COLUMN, ColumnKind, ListingKind, kind_get
from bulk.errors import BulkError
from bulk.selectors import can_bulk_manage
from bulk.writers import CSV_TYPE, XLSX_TYPE, write_csv, write_xlsx
from marketplace.errors import NotFound
from marketplace.i18n import column
from marketplace.models import Institution

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BulkError(_("Choose CSV or XLSX."), code="invalid_format")
    return fmt


def data_dictionary(kind: ListingKind) -> list[list[str]]:
    """The template's columns as a table (header first), in the active language."""
    rows = [[_("column"), _("required"), _("type"), _("allowed values"), _("description"), _("example")]]
    for item in kind.columns:
        rows.append(
            [
                item.name,
                _("yes") if item.required else _("no"),
                str(ColumnKind(item.kind).label),
                " | ".join(item.choices) if item.kind != ColumnKind.LANGUAGE else ", ".join(item.choices),
                str(item.description),
                item.example,
            ]
        )
    return rows


def _file(kind: ListingKind, fmt: str, header: list[str], rows, stem: str) -> Download:
    if fmt == "csv":
        return Download(write_csv(header, rows), f"{stem}.csv", CSV_TYPE)
    sheets = {_("data dictionary"): data_dictionary(kind)}
    return Download(write_xlsx(header, rows, sheets=sheets), f"{stem}.xlsx", XLSX_TYPE)


def import_template(*, kind: str, fmt: str) -> Download:
    """An empty template (the header row); the XLSX one has the data dictionary as its second sheet."""
    listing_kind = kind_get(kind)
    return _file(listing_kind, _format(fmt), [item.name for item in listing_kind.columns], [], f"{kind}-template")


def _cell(listing, item, language: str) -> str:
    if item.name == "external_id":
        return listing.external_id
    if item.name == "language":
        return language
    if item.translated:
        return getattr(listing, column(item.attr, language)) or ""
    value = getattr(listing, item.attr)
    if item.kind == ColumnKind.SLUG:
        return listing.field.slug
    if item.kind == ColumnKind.CODES:
        return "|".join(mode.code for mode in value.all())
    if item.kind == ColumnKind.COUNTRIES:
        return "|".join(country.code for country in value)
    if item.kind == ColumnKind.BOOLEAN:
        return "yes" if value else "no"
    if value is None:
        return ""
    if item.kind == ColumnKind.DATE:
        return value.isoformat()
    return str(getattr(value, "code", value))


def export_rows(*, kind: ListingKind, institution: Institution, language: str = "") -> QuerySet:
    rows = (
        kind.model.objects.filter(institution=institution)
        .select_related("field")
        .prefetch_related(kind.m2m)
        .order_by("id")
    )
    return rows.filter(source_language=language) if language else rows


def portfolio_export(*, user, institution: Institution, kind: str, fmt: str, language: str = "") -> Download:
    """The institution's listings of ``kind`` in the import format (CSV or XLSX), only for its importers and staff;
    ``language``: only the listings written in it (a file that imports back as it is)."""
    listing_kind = kind_get(kind)
    fmt = _format(fmt)
    if not can_bulk_manage(user=user, institution=institution):
        raise NotFound()
    header = [item.name for item in listing_kind.columns] + [STATUS_COLUMN]
    rows = (
        [*(_cell(listing, item, listing.source_language) for item in listing_kind.columns), listing.state]
        for listing in export_rows(kind=listing_kind, institution=institution, language=language).iterator(
            chunk_size=1000
        )
    )
    stem = f"{institution.slug}-{kind}-{language or 'all'}-{timezone.localdate().isoformat()}"
    return _file(listing_kind, fmt, header, rows, stem)
