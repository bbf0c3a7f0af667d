"""The import job: queued after the preview, it checks the file again and writes its valid rows in batches."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from bulk.columns import KINDS, ListingKind
from bulk.models import ImportBatch, ImportStatus
from bulk.readers import read_table
from bulk.rows import ParsedRow
from bulk.selectors import can_bulk_manage, listings_by_external_id
from bulk.services.checks import (
    CREATE,
    REPORTED_ROWS,
    UNCHANGED,
    UPDATE,
    check_importer,
    check_rows,
    listing_unchanged,
    lookups_for,
)
from marketplace.errors import InvalidTransition, MarketplaceError, NotFound
from marketplace.listing_batches import ListingInput, listings_submit_many, listings_write_many
from marketplace.models import EDITABLE_STATES, SUBMITTABLE_STATES
from marketplace.services import listing_submit


@dataclass
class Written:
    """What writing some rows did: counts by action, the rows refused and the external ids written."""

    counts: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)
    external_ids: list[str] = field(default_factory=list)


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
    if listing is not None and not to_submit and listing_unchanged(kind, row, listing, row.data["source_language"]):
        return UNCHANGED, False  # nothing to write: no transaction either
    with transaction.atomic():
        action = UNCHANGED
        if listing is None:
            listing = kind.create(
                user=user, data={**row.data, "external_id": row.external_id}, texts=row.texts, modes=row.modes or []
            )
            action = CREATE
        elif not listing_unchanged(kind, row, listing, row.data["source_language"]):
            if listing.state not in EDITABLE_STATES:  # the import's rule, for staff too
                raise InvalidTransition(
                    _("Only drafts and listings with requested changes can be edited."), code="not_editable"
                )
            listing = kind.update(listing=listing, user=user, data=row.data, texts=row.texts, modes=row.modes)
            action = UPDATE
        submitted = False
        if submit and listing.state in SUBMITTABLE_STATES:
            listing_submit(listing=listing, user=user)
            submitted = True
    return action, submitted


def _write_batch(*, kind: ListingKind, rows: list[ParsedRow], existing: dict, user, submit: bool) -> Written:
    """Write rows together: the new and changed listings in one batched write, then the submissions in one batched
    submit."""
    written = Written()
    inputs: list[ListingInput] = []
    to_submit: list[models.Model] = []
    for row in rows:
        listing = existing.get(row.external_id)
        if listing is not None and listing_unchanged(kind, row, listing, row.data["source_language"]):
            written.counts[UNCHANGED] += 1
            if submit and listing.state in SUBMITTABLE_STATES:
                to_submit.append(listing)
            continue
        written.counts[CREATE if listing is None else UPDATE] += 1
        written.external_ids.append(row.external_id)
        if listing is None:
            listing = kind.model()
            data, m2m = {**row.data, "external_id": row.external_id}, {kind.m2m: row.modes or []}
        else:
            data, m2m = row.data, (None if row.modes is None else {kind.m2m: row.modes})
        inputs.append(ListingInput(listing=listing, data=data, texts=row.texts, m2m=m2m))
        if submit:
            to_submit.append(listing)
    listings_write_many(model=kind.model, user=user, inputs=inputs)
    to_submit = [listing for listing in to_submit if listing.state in SUBMITTABLE_STATES]
    listings_submit_many(model=kind.model, user=user, listings=to_submit)
    written.counts["submitted"] += len(to_submit)
    already = set(written.external_ids)
    written.external_ids += [listing.external_id for listing in to_submit if listing.external_id not in already]
    return written


def _write_one_by_one(*, kind: ListingKind, rows: list[ParsedRow], existing: dict, user, submit: bool) -> Written:
    """Write rows each in its own transaction: a row the services refuse is reported, the others are written."""
    written = Written()
    for row in rows:
        try:
            action, submitted = _write_row(
                kind=kind, row=row, listing=existing.get(row.external_id), user=user, submit=submit
            )
        except (ValidationError, MarketplaceError) as exc:
            written.counts["failed"] += 1
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc.message)]
            written.errors.append({"row": row.number, "external_id": row.external_id, "errors": messages})
            continue
        written.counts[action] += 1
        written.counts["submitted"] += submitted
        if action != UNCHANGED or submitted:
            written.external_ids.append(row.external_id)
    return written


def _progress(batch: ImportBatch, written: Written) -> None:
    """Record a batch's counts (inside the batch's transaction, so the bar moves only with what was committed)."""
    counts = written.counts
    ImportBatch.objects.filter(pk=batch.pk).update(
        processed_rows=F("processed_rows") + sum(counts[key] for key in (CREATE, UPDATE, UNCHANGED, "failed")),
        created_count=F("created_count") + counts[CREATE],
        updated_count=F("updated_count") + counts[UPDATE],
        unchanged_count=F("unchanged_count") + counts[UNCHANGED],
        submitted_count=F("submitted_count") + counts["submitted"],
        failed_count=F("failed_count") + counts["failed"],
    )
    if written.errors or written.external_ids:
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        report = locked.report or {}
        report["rows"] = [*report.get("rows", []), *written.errors][:REPORTED_ROWS]
        report["written"] = [*report.get("written", []), *written.external_ids]
        locked.report = report
        locked.save(update_fields=["report"])


def _write(*, batch: ImportBatch, kind: ListingKind, rows: list[ParsedRow], existing: dict, user) -> None:
    """Write one batch of rows all together; if the database refuses any of it (something changed since the job's
    check: a listing published or taken meanwhile, a constraint), the whole batch is rolled back and its rows are
    written again one by one, each all or nothing, the refused ones reported."""
    try:
        with transaction.atomic():
            _progress(batch, _write_batch(kind=kind, rows=rows, existing=existing, user=user, submit=batch.submit))
        return
    except (ValidationError, MarketplaceError, IntegrityError):
        pass
    # The rolled-back batch left its listings changed in memory: read them again, as they are now.
    fresh = listings_by_external_id(
        kind=kind, institution=batch.institution, external_ids=[row.external_id for row in rows]
    )
    with transaction.atomic():
        _progress(batch, _write_one_by_one(kind=kind, rows=rows, existing=fresh, user=user, submit=batch.submit))


def import_run(*, batch_id: int) -> ImportBatch:
    """The job: check the stored file again (the database may have changed since the preview) and write its valid
    rows in batches of ``BULK_IMPORT_BATCH_ROWS`` through the batched listing write, each batch in one transaction
    (a batch the database refuses is written again row by row); safe to run again after a crash (written rows are
    then unchanged)."""
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
        check_importer(user=user, institution=batch.institution, kind=kind)
        lookups = lookups_for(institution=batch.institution, language=batch.language)
        with batch.file.open("rb") as stored:
            checked = check_rows(kind=kind, table=read_table(stored), lookups=lookups, user=user)
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
    size = settings.BULK_IMPORT_BATCH_ROWS
    for start in range(0, len(valid), size):
        _write(batch=batch, kind=kind, rows=valid[start : start + size], existing=checked.existing, user=user)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch
