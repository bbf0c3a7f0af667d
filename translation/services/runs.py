"""Running translations: one record, exactly once in effect, or a job of many; giving up on a record."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from brics_ttc.tasks import enqueue_on_commit
from marketplace.i18n import column
from translation.models import TranslationRecord
from translation.providers import ProviderError
from translation.router import NoRoute, Router
from translation.services.common import (
    ERROR_MAX_CHARS,
    OPEN_STATES,
    S,
    announce_listing_change,
    base_manager,
    language_codes,
)
from translation.text import source_hash, translate_text

# A job of many records hands what is left to a new job after this long, so no job outlives its time limit.
RECORDS_JOB_SECONDS = 120


def _current_source(record: TranslationRecord) -> tuple[type[models.Model], str, str] | None:
    """``(model, source language, source text)`` of the record's object as committed now; None when it is gone."""
    model = ContentType.objects.get_for_id(record.content_type_id).model_class()
    columns = {code: column(record.field, code) for code in language_codes()}
    row = base_manager(model).filter(pk=record.object_id).values("source_language", *columns.values()).first()
    if row is None:
        return None
    source = row["source_language"]
    return model, source, row[columns[source]] or ""


def _fit(model: type[models.Model], attr: str, text: str) -> str:
    """Cut a translation to the column's length (translations run longer than their source) at a word boundary."""
    limit = model._meta.get_field(attr).max_length
    if not limit or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def _still_current(record: TranslationRecord) -> tuple[type[models.Model], str] | None:
    """The record's model and source text when the record is still open and translates the object's current text."""
    if record.status not in OPEN_STATES:
        return None  # done, verified or unavailable for this very hash: a duplicate delivery of the task
    current = _current_source(record)
    if current is None:
        record.delete()  # the object is gone
        return None
    model, source, text = current
    if record.language == source:
        record.delete()  # the target language became the source language
        return None
    if source != record.source_language or source_hash(text) != record.source_hash:
        return None  # the text changed: the save that changed it scheduled a newer job
    return model, text


def _locked_and_current(record_id: int) -> tuple[TranslationRecord | None, tuple | None]:
    """The record locked for this transaction and, while its work is still wanted, ``_still_current``'s (model,
    text); else (the record or None when it is gone or was dropped, None)."""
    record = TranslationRecord.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        return None, None
    current = _still_current(record)
    if current is None:
        return (record if record.pk is not None else None), None  # (no pk: the record was dropped)
    return record, current


def translation_run(*, record_id: int) -> TranslationRecord | None:
    """Translate one record's field into its language and store it, exactly once in effect.

    Safe to run twice or concurrently for the same record (a redelivered acks_late task): the work is skipped when
    the record is already finished or the source text moved on, and re-checked under the record's lock before the
    single-column write. Raises ProviderError when every engine failed transiently (the task retries).
    """
    with transaction.atomic():
        record, current = _locked_and_current(record_id)
        if current is None:
            return record
        model, text = current
        record.attempts += 1
        TranslationRecord.objects.filter(pk=record.pk).update(attempts=record.attempts, updated_at=timezone.now())

    # The engines are slow and may hang: no lock and no transaction is held while they work.
    router = Router()
    outcome, translated, provider, error = S.DONE, "", "", ""
    try:
        translated, provider = translate_text(
            text,
            limit=settings.TRANSLATION_CHUNK_CHARS,
            translate=lambda chunks: _route(router, chunks, record.source_language, record.language),
        )
    except NoRoute as exc:
        outcome, error = S.UNAVAILABLE, str(exc)
    except ProviderError as exc:
        TranslationRecord.objects.filter(pk=record.pk, status__in=OPEN_STATES).update(
            error=str(exc)[:ERROR_MAX_CHARS], updated_at=timezone.now()
        )
        raise

    with transaction.atomic():
        # Re-lock and re-check: a person may have verified it, another worker finished it, or the author changed the
        # text while the engine worked; in each case this result must not be written.
        record, current = _locked_and_current(record_id)
        if current is None:
            return record
        now = timezone.now()
        if outcome == S.DONE:
            attr = column(record.field, record.language)
            base_manager(model).filter(pk=record.object_id).update(**{attr: _fit(model, attr, translated)})
            changes = {"status": S.DONE, "provider": provider[:64], "error": "", "translated_at": now}
        else:
            changes = {"status": S.UNAVAILABLE, "provider": "", "error": error[:ERROR_MAX_CHARS]}
        TranslationRecord.objects.filter(pk=record.pk).update(**changes, updated_at=now)
        _announce_when_settled(model, record)
    record.refresh_from_db()
    return record


def translations_run_many(*, record_ids: Sequence[int]) -> int:
    """Run records one after the other (a job of a bulk import's records); a record whose engines failed goes on alone
    as a single-record job with its retries, and what is left after ``RECORDS_JOB_SECONDS`` as a new job; returns
    how many were run here."""
    deadline = time.monotonic() + RECORDS_JOB_SECONDS
    for index, record_id in enumerate(record_ids):
        if index and time.monotonic() > deadline:
            enqueue_on_commit("translation.tasks.translate_records", list(record_ids[index:]))
            return index
        try:
            translation_run(record_id=record_id)
        except ProviderError:
            enqueue_on_commit("translation.tasks.translate_record", record_id)
    return len(record_ids)


def _announce_when_settled(model: type[models.Model], record: TranslationRecord) -> None:
    """Re-index once the object's last pending translation is settled, not once per language and field."""
    pending = TranslationRecord.objects.filter(
        content_type_id=record.content_type_id, object_id=record.object_id, status=S.PENDING
    )
    if not pending.exists():
        announce_listing_change(model, record.object_id)


def _route(router: Router, chunks: list[str], source: str, target: str) -> tuple[list[str], str]:
    result = router.translate(chunks, source, target)
    return result.texts, result.provider


def translation_fail(*, record_id: int, error: str) -> None:
    """Give up on a record whose engines kept failing (the task's retries are spent); its error stays for staff."""
    TranslationRecord.objects.filter(pk=record_id, status__in=OPEN_STATES).update(
        status=S.FAILED, error=error[:ERROR_MAX_CHARS], updated_at=timezone.now()
    )
    record = TranslationRecord.objects.select_related("content_type").filter(pk=record_id).first()
    if record is not None:
        _announce_when_settled(record.content_type.model_class(), record)
