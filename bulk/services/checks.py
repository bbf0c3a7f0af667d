"""Checking an import file row by row: the preview, and the job's own check before it writes."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from bulk.columns import ListingKind, kind_get, missing_required, unknown_columns
from bulk.errors import BulkError
from bulk.models import ImportBatch
from bulk.readers import Table, check_size, file_format, read_table
from bulk.rows import Lookups, ParsedRow, parse_row
from bulk.selectors import can_bulk_manage, listings_by_external_id
from marketplace.errors import NotAllowed, NotFound
from marketplace.i18n import column
from marketplace.models import EDITABLE_STATES, Institution, TechnologyField, TransferMode
from marketplace.permissions import can_edit_listing, member_institution_ids
from marketplace.services import listing_prepare

REPORTED_ROWS = 1000  # rows with errors kept in the report; the rest are counted
BLANK_ROWS_ALLOWED = 1000  # empty rows read past before a sheet counts as hostile (a row declared at 1,048,576)
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class Checked:
    """A whole file checked: every row with what it would do (create, update, unchanged) or its errors."""

    rows: list[ParsedRow] = field(default_factory=list)
    actions: dict[int, str] = field(default_factory=dict)
    existing: dict[str, models.Model] = field(default_factory=dict)

    @property
    def valid(self) -> list[ParsedRow]:
        return [row for row in self.rows if not row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.valid if self.actions.get(row.number) == action)

    def report(self) -> dict:
        bad = [row for row in self.rows if row.errors]
        return {
            "rows": [
                {"row": row.number, "external_id": row.external_id[:100], "errors": row.errors}
                for row in bad[:REPORTED_ROWS]
            ],
            "truncated": len(bad) > REPORTED_ROWS,
        }


def lookups_for(*, institution: Institution, language: str) -> Lookups:
    if language not in dict(settings.LANGUAGES):
        raise BulkError(_("Choose the language the file is written in."), code="invalid_language")
    return Lookups(
        fields={item.slug: item for item in TechnologyField.objects.all()},
        modes={mode.code: mode for mode in TransferMode.objects.all()},
        institution=institution,
        language=language,
    )


def _cells(table: Table) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    """Each non-empty row as cells by column name and the errors of cells that could not be read."""
    blank = 0
    for number, cells in table.rows:
        if not any(cell.text or cell.error for cell in cells):
            blank += 1
            if blank > BLANK_ROWS_ALLOWED:
                return
            continue
        blank = 0
        by_name, errors = {}, []
        for name, cell in zip(table.header, cells, strict=False):
            if not name:
                continue
            by_name[name] = cell.text
            if cell.error:
                errors.append(f"{name}: {cell.error}")
        yield number, by_name, errors


def _check_header(kind: ListingKind, header: list[str]) -> None:
    named = [name for name in header if name]
    duplicates = sorted(name for name, count in Counter(named).items() if count > 1)
    problems = []
    if missing := missing_required(kind, named):
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown := unknown_columns(kind, named):
        problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(name[:40] for name in unknown[:10])})
    if duplicates:
        problems.append(_("Columns named twice: %(columns)s.") % {"columns": ", ".join(duplicates)})
    if problems:
        raise BulkError(" ".join([*problems, _("Start from the template of this page.")]), code="invalid_columns")


def _model_errors(
    kind: ListingKind, row: ParsedRow, listing: models.Model | None, *, user, member_of: set[int]
) -> list[str]:
    """What the listing services' own validation says of the row (lengths, e-mail, price and budget rules), as row
    errors; the database's constraints are checked when the row is written."""
    candidate = copy.copy(listing) if listing is not None else kind.model()
    try:
        listing_prepare(
            listing=candidate, user=user, data=row.data, texts=row.texts, member_of=member_of, database_checks=False
        )
    except ValidationError as exc:
        language = row.data["source_language"]
        messages = []
        for key, texts in exc.message_dict.items():
            name = next((base for base in row.texts if key == column(base, language)), key)
            label = _("row") if name == "__all__" else name
            messages += [f"{label}: {text}" for text in texts]
        return messages
    return []


def listing_unchanged(kind: ListingKind, row: ParsedRow, listing: models.Model, language: str) -> bool:
    if listing.source_language != language:
        return False
    for attr, value in row.data.items():
        if isinstance(value, models.Model):
            if getattr(listing, f"{attr}_id") != value.pk:
                return False
            continue
        current = getattr(listing, attr)
        if isinstance(current, list):  # several countries
            current = [getattr(item, "code", item) for item in current]
        if getattr(current, "code", current) != value:
            return False
    if any((getattr(listing, column(name, language)) or "") != text for name, text in row.texts.items()):
        return False
    if row.modes is not None:
        return {mode.pk for mode in getattr(listing, kind.m2m).all()} == {mode.pk for mode in row.modes}
    return True


def check_rows(*, kind: ListingKind, table: Table, lookups: Lookups, user) -> Checked:
    _check_header(kind, table.header)
    checked = Checked(existing=listings_by_external_id(kind=kind, institution=lookups.institution))
    member_of = member_institution_ids(user)
    first_row: dict[str, int] = {}
    for number, cells, cell_errors in _cells(table):
        if len(checked.rows) >= settings.BULK_IMPORT_MAX_ROWS:
            raise BulkError(
                _("A file holds at most %(limit)s rows; split it into several files.")
                % {"limit": settings.BULK_IMPORT_MAX_ROWS},
                code="too_many_rows",
            )
        row = parse_row(kind=kind, number=number, cells=cells, lookups=lookups)
        row.errors[:0] = cell_errors
        checked.rows.append(row)
        if row.external_id:
            first_row.setdefault(row.external_id, number)
    repeated = Counter(row.external_id for row in checked.rows if row.external_id)
    for row in checked.rows:
        if repeated[row.external_id] > 1:
            row.error(
                "external_id",
                _("“%(id)s” is in this file %(count)s times (first in row %(row)s); keep one.")
                % {"id": row.external_id[:100], "count": repeated[row.external_id], "row": first_row[row.external_id]},
            )
        if row.errors:
            continue
        listing = checked.existing.get(row.external_id)
        if listing is not None and listing_unchanged(kind, row, listing, lookups.language):
            checked.actions[row.number] = UNCHANGED
            continue
        if listing is not None and not can_edit_listing(user, listing):
            row.error("external_id", _("Another member owns this listing; ask them or an administrator."))
            continue
        if listing is not None and listing.state not in EDITABLE_STATES:
            row.error(
                "external_id",
                _("This listing is “%(state)s”: an import changes only drafts and listings with requested changes.")
                % {"state": listing.get_state_display()},
            )
            continue
        row.errors += _model_errors(kind, row, listing, user=user, member_of=member_of)
        if not row.errors:
            checked.actions[row.number] = CREATE if listing is None else UPDATE
    if not checked.rows:
        raise BulkError(_("This file has no rows to import under its header."), code="empty_file")
    return checked


def check_importer(*, user, institution: Institution, kind: ListingKind) -> None:
    if not can_bulk_manage(user=user, institution=institution):
        raise NotFound()
    if not user.is_staff and user.role not in kind.posting_roles:
        raise NotAllowed(
            _("Your account's role does not post %(kind)s.") % {"kind": kind.label.lower()}, code="role_not_allowed"
        )


def import_preview(*, user, institution: Institution, kind: str, language: str, upload) -> ImportBatch:
    """Check an uploaded file row by row and keep it with its report for the preview; no listing is written.

    ``BulkError`` when the file as a whole cannot be imported (nothing is kept); rows' errors go to the report."""
    listing_kind = kind_get(kind)
    check_importer(user=user, institution=institution, kind=listing_kind)
    file_format(upload.name)
    check_size(upload)
    lookups = lookups_for(institution=institution, language=language)
    checked = check_rows(kind=listing_kind, table=read_table(upload), lookups=lookups, user=user)
    upload.seek(0)
    batch = ImportBatch(
        institution=institution,
        created_by=user,
        kind=kind,
        language=language,
        original_name=(upload.name or "")[-200:],
        total_rows=len(checked.rows),
        valid_rows=len(checked.valid),
        to_create=checked.count(CREATE),
        to_update=checked.count(UPDATE),
        unchanged_count=checked.count(UNCHANGED),
        report=checked.report(),
    )
    batch.file.save(upload.name or "import.csv", upload, save=False)
    try:
        batch.save()
    except Exception:
        batch.file.delete(save=False)  # no row, no file
        raise
    return batch
