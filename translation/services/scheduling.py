"""Scheduling translations: the records a save makes pending (one object, or many saved together), re-runs, pausing."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.utils import timezone

from brics_ttc.tasks import enqueue_on_commit
from marketplace.i18n import column
from translation.models import TranslationRecord
from translation.registry import detection_fields, machine_translated_fields
from translation.services.common import S, base_manager, language_codes
from translation.text import source_hash

# A bulk import's records: written this many per query (PostgreSQL takes at most 65,535 parameters in one), new ones
# this many per INSERT of arrays (a few parameters whatever the count), and sent to the workers this many of one
# language per job (a message per record would be tens of thousands per import).
RECORDS_PER_INSERT = 2000
RECORDS_PER_ARRAY_INSERT = 20_000
RECORDS_PER_JOB = 100

_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("translations_paused", default=False)


@contextlib.contextmanager
def translations_paused() -> Iterator[None]:
    """Within this block saves schedule no translations and no language checks (demo seeding, bulk imports)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _enqueue(record_ids: list[int]) -> None:
    # robust: a broker that is down must not turn an already committed save into an error page; the records stay
    # pending and `translate_missing` (or the admin's re-run) picks them up.
    for record_id in record_ids:
        enqueue_on_commit("translation.tasks.translate_record", record_id, robust=True)


@dataclass
class _Plan:
    """What scheduling decided for a set of objects of one model, before it is written."""

    to_delete: list[int] = field(default_factory=list)
    to_create: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # see _insert_records
    to_reset: list[TranslationRecord] = field(default_factory=list)  # their new source hash and language set
    cleared: dict[int, dict[str, None]] = field(default_factory=dict)  # object pk -> columns to empty
    scheduled: set[tuple[int, str, str]] = field(default_factory=set)  # (object pk, field, language)
    to_check: list[int] = field(default_factory=list)  # objects whose source language the detector reads again


def _targets(source: str, languages: Iterable[str] | None) -> list[str]:
    targets = [code for code in language_codes() if code != source]
    if languages is not None:
        wanted_languages = set(languages)
        targets = [code for code in targets if code in wanted_languages]
    return targets


def _plan_object(
    plan: _Plan,
    obj: models.Model,
    *,
    content_type: ContentType,
    names: tuple[str, ...],
    languages: Iterable[str] | None,
    existing: dict[tuple[str, str], TranslationRecord],
) -> None:
    """Add to ``plan`` what ``obj``'s records need: the records of changed source texts reset or made, those of emptied
    texts deleted, versions of another text cleared."""
    source = obj.source_language
    targets = _targets(source, languages)
    cleared: dict[str, None] = {}
    scheduled: set[str] = set()
    for name in names:
        text = getattr(obj, column(name, source)) or ""
        digest = source_hash(text)
        if (name, source) in existing:
            # The author now writes in a language that used to be a translation target.
            plan.to_delete.append(existing[(name, source)].pk)
        if not text.strip():
            plan.to_delete += [existing[(name, code)].pk for code in targets if (name, code) in existing]
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
            plan.scheduled.add((obj.pk, name, code))
            scheduled.add(name)
            if record is None:
                plan.to_create.append((obj.pk, name, code, source, digest))
            else:
                record.source_hash, record.source_language = digest, source
                plan.to_reset.append(record)
    if cleared:
        plan.cleared[obj.pk] = cleared
    if scheduled & set(detection_fields(obj)):
        plan.to_check.append(obj.pk)


_RECORD_COLUMNS = (
    *("object_id", "field", "language", "source_language", "source_hash"),  # per record
    *("content_type_id", "status", "provider", "error", "attempts", "created_at", "updated_at"),  # the same for all
)


def _insert_records(content_type: ContentType, rows: list[tuple[int, str, str, str, str]]) -> None:
    """Insert new pending records, each ``(object pk, field, language, source language, source hash)``; a record that
    exists already (a concurrent first save made it) is kept: theirs is as good as ours.

    A bulk import makes 64 records per new listing (four texts into sixteen languages): ``bulk_create`` spent more time
    building and compiling 640,000 model instances for a 10,000-row import than the database spent storing them. Here
    no instance is built: on PostgreSQL one statement per ``RECORDS_PER_ARRAY_INSERT`` records takes each column as an
    array (``unnest``), elsewhere the driver's ``executemany`` runs one prepared statement.
    """
    connection = connections[router.db_for_write(TranslationRecord)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in _RECORD_COLUMNS)
    table = quote(TranslationRecord._meta.db_table)
    now = timezone.now()
    shared = [content_type.pk, S.PENDING.value, "", "", 0, now, now]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO {table} ({columns}) SELECT *, %s, %s, %s, %s, %s, %s, %s "  # noqa: S608 (identifiers only)
                "FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[]) "
                "ON CONFLICT DO NOTHING"
            )
            for start in range(0, len(rows), RECORDS_PER_ARRAY_INSERT):
                cursor.execute(
                    sql,
                    [
                        *shared,
                        *(list(values) for values in zip(*rows[start : start + RECORDS_PER_ARRAY_INSERT], strict=True)),
                    ],
                )
        else:
            placeholders = ", ".join(["%s"] * len(_RECORD_COLUMNS))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608
            cursor.executemany(sql, [(*row, *shared) for row in rows])


def _schedule(
    objs: list[models.Model], fields: Iterable[str] | None, languages: Iterable[str] | None
) -> tuple[ContentType, list[tuple[int, int, str]], list[int]] | None:
    """Plan and write the records of ``objs`` (one model) in a few queries; None when nothing is translated, else
    (content type, the scheduled records as (pk, object pk, language), the objects to check the language of)."""
    objs = [obj for obj in objs if obj.pk is not None]
    if _paused.get() or not objs:
        return None
    names = machine_translated_fields(objs[0])
    if fields is not None:
        wanted = set(fields)
        names = tuple(name for name in names if name in wanted)
    if not names:
        return None
    model = type(objs[0])
    content_type = ContentType.objects.get_for_model(model)
    plan = _Plan()
    with transaction.atomic():
        # Lock the objects' records: a task finishing right now must not write a translation of the old text after
        # the records were switched to the new one (translation_run re-checks under the same lock).
        existing: dict[int, dict[tuple[str, str], TranslationRecord]] = {}
        for record in TranslationRecord.objects.select_for_update().filter(
            content_type=content_type, object_id__in=[obj.pk for obj in objs], field__in=names
        ):
            existing.setdefault(record.object_id, {})[(record.field, record.language)] = record
        for obj in objs:
            _plan_object(
                plan,
                obj,
                content_type=content_type,
                names=names,
                languages=languages,
                existing=existing.get(obj.pk, {}),
            )
        if plan.to_delete:
            TranslationRecord.objects.filter(pk__in=plan.to_delete).delete()
        # The records of changed texts start over: what they share in one update per RECORDS_PER_INSERT records, and
        # their new source hashes (one per text) in a bulk update as many, not one query per text.
        sources = {(record.source_hash, record.source_language) for record in plan.to_reset}
        shared = dict(zip(("source_hash", "source_language"), sources.pop(), strict=True)) if len(sources) == 1 else {}
        reset_pks = [record.pk for record in plan.to_reset]
        for start in range(0, len(reset_pks), RECORDS_PER_INSERT):
            TranslationRecord.objects.filter(pk__in=reset_pks[start : start + RECORDS_PER_INSERT]).update(
                status=S.PENDING,
                provider="",
                error="",
                attempts=0,
                verified_by=None,
                translated_at=None,
                updated_at=timezone.now(),
                **shared,
            )
        if not shared:
            TranslationRecord.objects.bulk_update(
                plan.to_reset, ["source_hash", "source_language"], batch_size=RECORDS_PER_INSERT
            )
        if plan.to_create:
            # A concurrent first save may have created some of them already: theirs are as good as ours.
            _insert_records(content_type, plan.to_create)
        by_pk = {obj.pk: obj for obj in objs}
        clearing: dict[frozenset[str], list[int]] = {}  # the objects that empty the same columns: one update
        for pk, cleared in plan.cleared.items():
            clearing.setdefault(frozenset(cleared), []).append(pk)
            for attr, value in cleared.items():
                setattr(by_pk[pk], attr, value)
        for columns, pks in clearing.items():
            base_manager(model).filter(pk__in=pks).update(**dict.fromkeys(columns))
        records = []
        if plan.scheduled:
            rows = TranslationRecord.objects.filter(
                content_type=content_type, object_id__in=list(by_pk), field__in=names
            ).values_list("pk", "object_id", "field", "language")
            records = [
                (pk, object_id, code) for pk, object_id, name, code in rows if (object_id, name, code) in plan.scheduled
            ]
    return content_type, records, plan.to_check


def translations_schedule(
    *, obj: models.Model, fields: Iterable[str] | None = None, languages: Iterable[str] | None = None
) -> list[int]:
    """Mark pending, and enqueue on commit, the translations of every field (or of ``fields``) whose source text
    changed since its records were made, into every other language (or into ``languages``: the backfill command);
    returns the ids of the records scheduled.

    A record verified by a person for the same source text is never touched. A field whose source text is empty
    loses its translations (nothing to translate). Call it inside the transaction that saved ``obj``.
    """
    done = _schedule([obj], fields, languages)
    if done is None:
        return []
    content_type, records, to_check = done
    record_ids = [pk for pk, _object_id, _code in records]
    _enqueue(record_ids)
    if to_check:
        enqueue_on_commit("translation.tasks.check_source_language", content_type.pk, obj.pk, robust=True)
    return record_ids


def translations_schedule_many(*, objs: Sequence[models.Model]) -> int:
    """``translations_schedule`` for many objects of one model saved together (a bulk import): their records written
    in a few queries, and enqueued on commit as a few jobs of up to ``RECORDS_PER_JOB`` records of one language each
    (not one message per record), their source languages checked by one job; returns how many records were
    scheduled. Call it inside the transaction that saved the objects."""
    done = _schedule(list(objs), None, None)
    if done is None:
        return 0
    content_type, records, to_check = done
    by_language: dict[str, list[int]] = {}
    for pk, _object_id, code in records:
        by_language.setdefault(code, []).append(pk)
    for pks in by_language.values():
        for start in range(0, len(pks), RECORDS_PER_JOB):
            # robust, as _enqueue: the records stay pending for `translate_missing` when the broker is down.
            enqueue_on_commit("translation.tasks.translate_records", pks[start : start + RECORDS_PER_JOB], robust=True)
    if to_check:
        enqueue_on_commit("translation.tasks.check_source_languages", content_type.pk, to_check, robust=True)
    return len(records)


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
