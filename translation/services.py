"""Writes of the machine-translation pipeline: scheduling, running one translation, a person's edit, pausing.

Every (object, field, target language) has a TranslationRecord holding the sha256 of the source text it translates.
A save schedules records whose hash no longer matches; a task runs each record; a person's edit makes it "verified",
and a verified record of unchanged source text is never touched again.

Translated text goes into the modeltranslation column with a queryset ``update()`` of that one column: a full
``save()`` could overwrite what the author changed meanwhile, and would schedule translations again.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from marketplace.errors import MarketplaceError, NotFound
from marketplace.i18n import column
from marketplace.models import Institution
from marketplace.permissions import can_edit_listing, is_institution_admin
from marketplace.signals import listing_changed
from translation.detection import language_mismatch
from translation.models import LanguageFlag, TranslationRecord, TranslationStatus
from translation.providers import ProviderError
from translation.registry import detection_fields, machine_translated_fields, translatable_fields
from translation.router import NoRoute, Router
from translation.text import source_hash, translate_text

logger = logging.getLogger(__name__)

S = TranslationStatus
# A record in one of these states still has work to do for its source hash.
OPEN_STATES = (S.PENDING, S.FAILED)
ERROR_MAX_CHARS = 2000

_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("translations_paused", default=False)


@contextlib.contextmanager
def translations_paused() -> Iterator[None]:
    """Within this block saves schedule no translations and no language checks (demo seeding, bulk imports)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _base_manager(model: type[models.Model]) -> models.Manager:
    return model._base_manager


def _enqueue(record_ids: list[int]) -> None:
    # robust: a broker that is down must not turn an already committed save into an error page; the records stay
    # pending and `translate_missing` (or the admin's re-run) picks them up.
    for record_id in record_ids:
        enqueue_on_commit("translation.tasks.translate_record", record_id, robust=True)


def translations_schedule(
    *, obj: models.Model, fields: Iterable[str] | None = None, languages: Iterable[str] | None = None
) -> list[int]:
    """Mark pending, and enqueue on commit, the translations of every field (or of ``fields``) whose source text
    changed since its records were made, into every other language (or into ``languages``: the backfill command);
    returns the ids of the records scheduled.

    A record verified by a person for the same source text is never touched. A field whose source text is empty
    loses its translations (nothing to translate). Call it inside the transaction that saved ``obj``.
    """
    if _paused.get() or obj.pk is None:
        return []
    names = machine_translated_fields(obj)
    if fields is not None:
        wanted = set(fields)
        names = tuple(name for name in names if name in wanted)
    if not names:
        return []
    model = type(obj)
    content_type = ContentType.objects.get_for_model(model)
    source = obj.source_language
    targets = [code for code in _language_codes() if code != source]
    if languages is not None:
        wanted_languages = set(languages)
        targets = [code for code in targets if code in wanted_languages]
    scheduled: set[tuple[str, str]] = set()
    with transaction.atomic():
        # Lock the object's records: a task finishing right now must not write a translation of the old text after
        # the records were switched to the new one (translation_run re-checks under the same lock).
        existing = {
            (record.field, record.language): record
            for record in TranslationRecord.objects.select_for_update().filter(
                content_type=content_type, object_id=obj.pk, field__in=names
            )
        }
        to_delete: list[int] = []
        to_create: list[TranslationRecord] = []
        to_reset: dict[str, list[int]] = {}
        cleared: dict[str, str | None] = {}
        for name in names:
            text = getattr(obj, column(name, source)) or ""
            digest = source_hash(text)
            if (name, source) in existing:
                # The author now writes in a language that used to be a translation target.
                to_delete.append(existing[(name, source)].pk)
            if not text.strip():
                to_delete += [existing[(name, code)].pk for code in targets if (name, code) in existing]
                cleared.update({column(name, code): None for code in targets if getattr(obj, column(name, code))})
                continue
            for code in targets:
                record = existing.get((name, code))
                if record is not None and record.source_hash == digest and record.source_language == source:
                    finished = record.status in (S.DONE, S.VERIFIED)
                    if not finished or getattr(obj, column(name, code)):
                        continue
                    # Finished, yet the column is empty: a concurrent full save of the object wrote over it.
                if getattr(obj, column(name, code)):
                    cleared[column(name, code)] = None  # a version of another text must not pass for this one's
                scheduled.add((name, code))
                if record is None:
                    to_create.append(
                        TranslationRecord(
                            content_type=content_type,
                            object_id=obj.pk,
                            field=name,
                            language=code,
                            source_language=source,
                            source_hash=digest,
                        )
                    )
                else:
                    to_reset.setdefault(digest, []).append(record.pk)
        if to_delete:
            TranslationRecord.objects.filter(pk__in=to_delete).delete()
        for digest, pks in to_reset.items():
            TranslationRecord.objects.filter(pk__in=pks).update(
                status=S.PENDING,
                source_hash=digest,
                source_language=source,
                provider="",
                error="",
                attempts=0,
                verified_by=None,
                translated_at=None,
                updated_at=timezone.now(),
            )
        if to_create:
            # A concurrent first save may have created some of them already: theirs are as good as ours.
            TranslationRecord.objects.bulk_create(to_create, ignore_conflicts=True)
        if cleared:
            _base_manager(model).filter(pk=obj.pk).update(**cleared)
            for attr, value in cleared.items():
                setattr(obj, attr, value)
        record_ids = []
        if scheduled:
            rows = TranslationRecord.objects.filter(content_type=content_type, object_id=obj.pk, field__in=names)
            record_ids = [
                pk for pk, name, code in rows.values_list("pk", "field", "language") if (name, code) in scheduled
            ]
            _enqueue(record_ids)
        if any(name in detection_fields(obj) for name, _code in scheduled):
            enqueue_on_commit("translation.tasks.check_source_language", content_type.pk, obj.pk, robust=True)
    return record_ids


def translation_rerun(*, record_ids: Iterable[int]) -> int:
    """Send records that are not verified back to the engines (after an outage, or once a new engine serves their
    language pair); returns how many were scheduled."""
    ids = list(
        TranslationRecord.objects.filter(pk__in=list(record_ids))
        .exclude(status=S.VERIFIED)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    with transaction.atomic():
        TranslationRecord.objects.filter(pk__in=ids).exclude(status=S.VERIFIED).update(
            status=S.PENDING, error="", attempts=0, updated_at=timezone.now()
        )
        _enqueue(ids)
    return len(ids)


def _current_source(record: TranslationRecord) -> tuple[type[models.Model], str, str] | None:
    """``(model, source language, source text)`` of the record's object as committed now; None when it is gone."""
    model = ContentType.objects.get_for_id(record.content_type_id).model_class()
    columns = {code: column(record.field, code) for code in _language_codes()}
    row = _base_manager(model).filter(pk=record.object_id).values("source_language", *columns.values()).first()
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


def translation_run(*, record_id: int) -> TranslationRecord | None:
    """Translate one record's field into its language and store it, exactly once in effect.

    Safe to run twice or concurrently for the same record (a redelivered acks_late task): the work is skipped when
    the record is already finished or the source text moved on, and re-checked under the record's lock before the
    single-column write. Raises ProviderError when every engine failed transiently (the task retries).
    """
    with transaction.atomic():
        record = TranslationRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None:
            return None
        current = _still_current(record)
        if current is None:
            return record if record.pk is not None else None  # (no pk: the record was dropped)
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
        record = TranslationRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None:
            return None
        current = _still_current(record)
        if current is None:
            return record if record.pk is not None else None
        now = timezone.now()
        if outcome == S.DONE:
            attr = column(record.field, record.language)
            _base_manager(model).filter(pk=record.object_id).update(**{attr: _fit(model, attr, translated)})
            changes = {"status": S.DONE, "provider": provider[:64], "error": "", "translated_at": now}
        else:
            changes = {"status": S.UNAVAILABLE, "provider": "", "error": error[:ERROR_MAX_CHARS]}
        TranslationRecord.objects.filter(pk=record.pk).update(**changes, updated_at=now)
        _announce_when_settled(model, record)
    record.refresh_from_db()
    return record


def _announce_listing_change(model: type[models.Model], pk: int) -> None:
    """A new language version of a listing changes what search finds: announce it (institutions are not listings)."""
    if not any(f.name == "state" for f in model._meta.concrete_fields):
        return
    listing = _base_manager(model).filter(pk=pk).only("pk", "state", "published_at").first()
    if listing is not None:
        listing_changed.send(sender=model, listing=listing)


def _announce_when_settled(model: type[models.Model], record: TranslationRecord) -> None:
    """Re-index once the object's last pending translation is settled, not once per language and field."""
    pending = TranslationRecord.objects.filter(
        content_type_id=record.content_type_id, object_id=record.object_id, status=S.PENDING
    )
    if not pending.exists():
        _announce_listing_change(model, record.object_id)


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


def _can_edit_translations(user, obj: models.Model) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    if isinstance(obj, Institution):
        return is_institution_admin(user, obj.pk)
    return can_edit_listing(user, obj)


def translation_save_human(*, obj: models.Model, field: str, language: str, text: str, user) -> TranslationRecord:
    """A person's version of one field in one language: stored as written and marked verified for the current
    source text, so no machine translation replaces it until the source changes."""
    if not _can_edit_translations(user, obj):
        raise NotFound()
    if field not in translatable_fields(obj):
        raise MarketplaceError(_("This text is not translated."), code="invalid_field")
    if language not in _language_codes():
        raise MarketplaceError(_("Unknown language."), code="invalid_language")
    if language == obj.source_language:
        raise MarketplaceError(
            _("This is the language the text was written in: edit the original instead."), code="source_language"
        )
    text = (text or "").strip()
    model = type(obj)
    attr = column(field, language)
    limit = model._meta.get_field(attr).max_length
    if not text:
        raise ValidationError({"text": [_("Write the translation, or leave this language to the machine.")]})
    if limit and len(text) > limit:
        raise ValidationError(
            {
                "text": [
                    _("At most %(limit)d characters (this one has %(count)d).") % {"limit": limit, "count": len(text)}
                ]
            }
        )
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        # Lock the object row: the verified hash must be the hash of the source text committed alongside this edit.
        source_attr = column(field, obj.source_language)
        row = _base_manager(model).select_for_update().filter(pk=obj.pk).values("source_language", source_attr).first()
        if row is None:
            raise NotFound()
        if row["source_language"] != obj.source_language:
            raise MarketplaceError(
                _("The original language of this text just changed; reload the page."), code="stale_source"
            )
        _base_manager(model).filter(pk=obj.pk).update(**{attr: text})
        _announce_listing_change(model, obj.pk)
        record, _created = TranslationRecord.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            field=field,
            language=language,
            defaults={
                "source_language": obj.source_language,
                "source_hash": source_hash(row[source_attr] or ""),
                "status": S.VERIFIED,
                "provider": "",
                "error": "",
                "verified_by": user,
                "translated_at": timezone.now(),
            },
        )
    setattr(obj, attr, text)
    return record


def source_language_check(*, obj: models.Model) -> LanguageFlag | None:
    """Compare the declared source language with what lingua detects in the object's running text; a confident
    mismatch is flagged for staff (the declared language stays: a person decides). Returns the open flag, if any."""
    fields = detection_fields(obj)
    if not fields:
        return None
    declared = obj.source_language
    text = "\n".join(getattr(obj, column(name, declared)) or "" for name in fields).strip()
    content_type = ContentType.objects.get_for_model(type(obj))
    flags = LanguageFlag.objects.filter(content_type=content_type, object_id=obj.pk)
    found = language_mismatch(text, declared)
    if found is None:
        # The text now agrees with its declared language: an open flag is moot. A resolved one stays as history.
        flags.filter(resolved=False).delete()
        return None
    detected, confidence = found
    flag = flags.first()
    if flag is not None and flag.resolved and (flag.declared_language, flag.detected_language) == (declared, detected):
        return None  # staff already looked at this very mismatch and kept the declared language
    flag, _created = LanguageFlag.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={
            "declared_language": declared,
            "detected_language": detected,
            "confidence": confidence,
            "resolved": False,
        },
    )
    return flag
