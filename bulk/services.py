"""Bulk import: check a file row by row (the preview), then write it in a Celery job, through the listing services.

The rule for a file with errors, shown on the preview before anything is written: the rows without errors are
imported, each row all or nothing (the listing, its modes and its submission in one transaction); the rows with
errors are skipped and listed, and nothing of them is saved. A file that cannot be read as a whole (type, size,
encoding, columns, too many rows) writes nothing at all. Rows are matched to listings by the institution's own
``external_id``: a new one creates a draft, a known one updates it, and a row identical to its listing is not written
at all (no new row, no new timestamp, no translation job), so importing the same file twice changes nothing.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from bulk.columns import KINDS, ListingKind, Lookups, ParsedRow, missing_required, parse_row, unknown_columns
from bulk.errors import BulkError
from bulk.models import ImportBatch, ImportStatus
from bulk.readers import Table, check_size, file_format, read_table
from bulk.selectors import can_bulk_manage, listings_by_external_id
from marketplace.errors import MarketplaceError, NotAllowed, NotFound
from marketplace.i18n import column
from marketplace.models import EDITABLE_STATES, SUBMITTABLE_STATES, Institution, TechnologyField, TransferMode
from marketplace.permissions import can_edit_listing
from marketplace.services import listing_submit

CHUNK_ROWS = 100  # rows written per transaction; the progress bar moves once per chunk
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


def _kind(name: str) -> ListingKind:
    if name not in KINDS:
        raise BulkError(_("Choose achievements or demands."), code="invalid_kind")
    return KINDS[name]


def _lookups(*, institution: Institution, language: str) -> Lookups:
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


def _model_errors(kind: ListingKind, row: ParsedRow, listing: models.Model | None, language: str) -> list[str]:
    """What the model's own validation says of the row (lengths, e-mail, price and budget rules), as row errors."""
    candidate = copy.copy(listing) if listing is not None else kind.model()
    for attr, value in row.data.items():
        setattr(candidate, attr, value)
    for name, text in row.texts.items():
        setattr(candidate, column(name, language), text)
    try:
        # Relations were looked up already; uniqueness is the external id's, checked across the file.
        candidate.full_clean(
            exclude=["owner", "field", "institution"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        messages = []
        for key, texts in exc.message_dict.items():
            name = next((base for base in row.texts if key == column(base, language)), key)
            label = _("row") if name == "__all__" else name
            messages += [f"{label}: {text}" for text in texts]
        return messages
    return []


def _unchanged(kind: ListingKind, row: ParsedRow, listing: models.Model, language: str) -> bool:
    if listing.source_language != language:
        return False
    for attr, value in row.data.items():
        if isinstance(value, models.Model):
            if getattr(listing, f"{attr}_id") != value.pk:
                return False
            continue
        current = getattr(listing, attr)
        if getattr(current, "code", current) != value:
            return False
    if any((getattr(listing, column(name, language)) or "") != text for name, text in row.texts.items()):
        return False
    if row.modes is not None:
        return {mode.pk for mode in getattr(listing, kind.m2m).all()} == {mode.pk for mode in row.modes}
    return True


def _check_rows(*, kind: ListingKind, table: Table, lookups: Lookups, user) -> Checked:
    _check_header(kind, table.header)
    checked = Checked(existing=listings_by_external_id(kind=kind, institution=lookups.institution))
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
        if listing is not None and _unchanged(kind, row, listing, lookups.language):
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
        row.errors += _model_errors(kind, row, listing, lookups.language)
        if not row.errors:
            checked.actions[row.number] = CREATE if listing is None else UPDATE
    if not checked.rows:
        raise BulkError(_("This file has no rows to import under its header."), code="empty_file")
    return checked


def _check_importer(*, user, institution: Institution, kind: ListingKind) -> None:
    if not can_bulk_manage(user=user, institution=institution):
        raise NotFound()
    if not user.is_staff and user.role not in kind.posting_roles:
        raise NotAllowed(
            _("Your account's role does not post %(kind)s.") % {"kind": kind.label.lower()}, code="role_not_allowed"
        )


def import_preview(*, user, institution: Institution, kind: str, language: str, upload) -> ImportBatch:
    """Check an uploaded file row by row and keep it with its report for the preview; no listing is written.

    ``BulkError`` when the file as a whole cannot be imported (nothing is kept); rows' errors go to the report."""
    listing_kind = _kind(kind)
    _check_importer(user=user, institution=institution, kind=listing_kind)
    file_format(upload.name)
    check_size(upload)
    lookups = _lookups(institution=institution, language=language)
    checked = _check_rows(kind=listing_kind, table=read_table(upload), lookups=lookups, user=user)
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


def import_start(*, batch: ImportBatch, user, submit: bool, enqueue: bool = True) -> ImportBatch:
    """Queue the import of a previewed file (its rows without errors), optionally submitting them for moderation;
    ``enqueue=False``: the caller runs ``import_run`` itself (the staff command)."""
    if not can_bulk_manage(user=user, institution=batch.institution):
        raise NotFound()
    with transaction.atomic():
        # Lock the import: a double-clicked button must queue one job, not two.
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.PREVIEWED:
            raise MarketplaceError(_("This import has already started."), code="already_started", status=409)
        if locked.valid_rows == 0:
            raise MarketplaceError(
                _("No row of this file can be imported; fix it and upload it again."), code="nothing_to_import"
            )
        locked.status = ImportStatus.QUEUED
        locked.submit = submit
        locked.unchanged_count = 0
        locked.save(update_fields=["status", "submit", "unchanged_count"])
        if enqueue:
            enqueue_on_commit("bulk.tasks.import_run_task", locked.pk)
    return locked


def _write_row(*, kind: ListingKind, row: ParsedRow, listing, user, submit: bool) -> tuple[str, bool]:
    """Write one row (and submit it when asked) in one transaction: (create/update/unchanged, submitted)."""
    to_submit = submit and listing is not None and listing.state in SUBMITTABLE_STATES
    if listing is not None and not to_submit and _unchanged(kind, row, listing, row.data["source_language"]):
        return UNCHANGED, False  # nothing to write: no transaction either
    with transaction.atomic():
        action = UNCHANGED
        if listing is None:
            listing = kind.create(
                user=user, data={**row.data, "external_id": row.external_id}, texts=row.texts, modes=row.modes or []
            )
            action = CREATE
        elif not _unchanged(kind, row, listing, row.data["source_language"]):
            listing = kind.update(listing=listing, user=user, data=row.data, texts=row.texts, modes=row.modes)
            action = UPDATE
        submitted = False
        if submit and listing.state in SUBMITTABLE_STATES:
            listing_submit(listing=listing, user=user)
            submitted = True
    return action, submitted


def _progress(batch: ImportBatch, counts: Counter, errors: list[dict], written: list[str]) -> None:
    """Record a chunk's counts (inside the chunk's transaction, so the bar moves only with what was committed)."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        processed_rows=F("processed_rows") + sum(counts[key] for key in (CREATE, UPDATE, UNCHANGED, "failed")),
        created_count=F("created_count") + counts[CREATE],
        updated_count=F("updated_count") + counts[UPDATE],
        unchanged_count=F("unchanged_count") + counts[UNCHANGED],
        submitted_count=F("submitted_count") + counts["submitted"],
        failed_count=F("failed_count") + counts["failed"],
    )
    if errors or written:
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        report = locked.report or {}
        report["rows"] = [*report.get("rows", []), *errors][:REPORTED_ROWS]
        report["written"] = [*report.get("written", []), *written]
        locked.report = report
        locked.save(update_fields=["report"])


def import_run(*, batch_id: int) -> ImportBatch:
    """The job: check the stored file again (the database may have changed since the preview) and write its valid
    rows in chunks, each row through the listing services; safe to run again after a crash (written rows are then
    unchanged)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("institution", "created_by").get(pk=batch_id)
        if batch.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return batch
        resumed = batch.status == ImportStatus.RUNNING
        batch.status = ImportStatus.RUNNING
        batch.started_at = batch.started_at or timezone.now()
        if resumed:  # a crashed run: count again from the start (its written rows are unchanged now)
            batch.processed_rows = batch.created_count = batch.updated_count = batch.unchanged_count = 0
            batch.submitted_count = batch.failed_count = 0
            batch.report = {**(batch.report or {}), "written": []}
        batch.save()
    kind = KINDS[batch.kind]
    user = batch.created_by
    try:
        _check_importer(user=user, institution=batch.institution, kind=kind)
        lookups = _lookups(institution=batch.institution, language=batch.language)
        with batch.file.open("rb") as stored:
            checked = _check_rows(kind=kind, table=read_table(stored), lookups=lookups, user=user)
    except MarketplaceError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            report={**(batch.report or {}), "failure": str(exc.message)},
        )
        batch.refresh_from_db()
        return batch
    valid = checked.valid
    # The job's own check is the one that counts: the rows or the listings may have changed since the preview.
    ImportBatch.objects.filter(pk=batch.pk).update(
        total_rows=len(checked.rows), valid_rows=len(valid), report={**checked.report(), "written": []}
    )
    for start in range(0, len(valid), CHUNK_ROWS):
        counts: Counter = Counter()
        errors: list[dict] = []
        written: list[str] = []
        with transaction.atomic():
            for row in valid[start : start + CHUNK_ROWS]:
                try:
                    action, submitted = _write_row(
                        kind=kind,
                        row=row,
                        listing=checked.existing.get(row.external_id),
                        user=user,
                        submit=batch.submit,
                    )
                except (ValidationError, MarketplaceError) as exc:
                    counts["failed"] += 1
                    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc.message)]
                    errors.append({"row": row.number, "external_id": row.external_id, "errors": messages})
                    continue
                counts[action] += 1
                counts["submitted"] += submitted
                if action != UNCHANGED or submitted:
                    written.append(row.external_id)
            _progress(batch, counts, errors, written)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch
