"""Reads of the translation pipeline: what a page shows about a translated text, and how far each language is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Max, Model, Q, QuerySet
from django.utils import timezone

from marketplace.i18n import PIVOT_LANGUAGE, column, reader_languages
from translation.models import TranslationRecord, TranslationStatus
from translation.text import source_hash

# A pending record older than this has probably lost its job (a broker outage, a worker killed before the fix).
STALE_PENDING = timedelta(minutes=10)
# Figures cached under translation_queue_version() are recomputed at least this often: a deleted record, or a write
# committed after one with a later timestamp, does not move the version.
QUEUE_FIGURES_TTL = 300


def translation_records_needing_attention() -> QuerySet[TranslationRecord]:
    """What needs a person: failures, pairs no engine serves, jobs stuck pending, machine output nobody checked."""
    S = TranslationStatus
    # To the minute: the same query for a minute, so that the queue's count can be cached (translation/admin.py).
    stale = (timezone.now() - STALE_PENDING).replace(second=0, microsecond=0)
    return TranslationRecord.objects.filter(
        Q(status__in=(S.FAILED, S.UNAVAILABLE, S.DONE)) | Q(status=S.PENDING, updated_at__lt=stale)
    )


@dataclass(frozen=True)
class TranslationInfo:
    """One field of one object as a reader of ``lang`` gets it."""

    text: str
    language: str  # the language ``text`` is in (the source language when ``lang`` has no version yet)
    is_machine: bool  # a machine translation: show "machine-translated from <source_language>" and the original
    is_verified: bool  # a person wrote or checked this version
    source_language: str
    original_text: str

    @property
    def is_translation(self) -> bool:
        return self.language != self.source_language


def _info(obj: Model, field: str, lang: str, records: dict[str, tuple[str, str]]) -> TranslationInfo:
    """``records``: the field's translation records of ``obj`` by language (status, source hash)."""
    text, shown = obj.text_with_language(field, lang)
    record = records.get(shown)
    source = obj.source_language
    original = getattr(obj, column(field, source), "") or ""
    if shown == source or not text:
        return TranslationInfo(text, shown, False, False, source, original)
    # Another language's text with a verified record for the current source text was written by a person; anything
    # else not in the source language is treated as machine output (the honest default).
    verified = record is not None and record[0] == TranslationStatus.VERIFIED and record[1] == source_hash(original)
    return TranslationInfo(text, shown, not verified, verified, source, original)


def translation_info(*, obj: Model, field: str, lang: str) -> TranslationInfo:
    """What a page needs to show ``field`` of ``obj`` to a reader of ``lang``, with the honest label."""
    rows = TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        field=field,
        language__in=tuple(dict.fromkeys((lang, *reader_languages(), PIVOT_LANGUAGE))),
    ).values_list("language", "status", "source_hash")
    return _info(obj, field, lang, {language: (status, digest) for language, status, digest in rows})


def translation_infos(
    *, objects: Iterable[Model], fields: Iterable[str], lang: str
) -> dict[tuple[int, str], TranslationInfo]:
    """``translation_info`` for a page of objects of one model, keyed by ``(obj.pk, field)``, in one query."""
    objects = list(objects)
    fields = list(fields)
    if not objects or not fields:
        return {}
    models = {type(obj)._meta.concrete_model for obj in objects}
    if len(models) > 1:
        raise ValueError("translation_infos takes objects of one model (its keys are primary keys)")
    # The reader's language and the ones a fallback may show before the originals (their own records say whether a
    # person verified them).
    languages = tuple(dict.fromkeys((lang, *reader_languages(), PIVOT_LANGUAGE)))
    records: dict[tuple[int, str], dict[str, tuple[str, str]]] = {}
    for object_id, field, language, status, digest in TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(models.pop()),
        object_id__in=[obj.pk for obj in objects],
        field__in=fields,
        language__in=languages,
    ).values_list("object_id", "field", "language", "status", "source_hash"):
        records.setdefault((object_id, field), {})[language] = (status, digest)
    return {
        (obj.pk, field): _info(obj, field, lang, records.get((obj.pk, field), {}))
        for obj in objects
        for field in fields
    }


def translation_queue_version() -> str:
    """Changes whenever a record is written: every write of the pipeline, of a person's edit and of a re-run sets
    ``updated_at`` (the newest one is a probe of its index), so figures cached under it show a change at once."""
    newest = TranslationRecord.objects.aggregate(newest=Max("updated_at"))["newest"]
    return newest.isoformat() if newest else "empty"


def translation_queue_cached(name: str, compute, *, version: str):
    """``compute()`` cached under ``name`` and the queue's ``version`` (at most ``QUEUE_FIGURES_TTL`` seconds)."""
    key = f"translation-queue:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, QUEUE_FIGURES_TTL)
    return value


def _coverage_counts() -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for row in TranslationRecord.objects.values("language", "status").annotate(n=Count("id")).order_by():
        counts.setdefault(row["language"], {})[row["status"]] = row["n"]
    return counts


def translation_coverage(*, version: str | None = None) -> list[dict]:
    """Per language: how many translation records are done, verified, pending, failed and unavailable; given the
    queue's ``version``, counted once per version (a ``GROUP BY`` over every record on each view of the queue)."""
    if version is None:
        counts = _coverage_counts()
    else:
        counts = translation_queue_cached("coverage", _coverage_counts, version=version)
    rows = []
    for code, name in settings.LANGUAGES:
        by_status = counts.get(code, {})
        row = {"language": code, "name": str(name)}
        row.update({status: by_status.get(status, 0) for status in TranslationStatus.values})
        row["total"] = sum(by_status.values())
        rows.append(row)
    return rows


def translation_statuses(*, obj: Model) -> dict[tuple[str, str], TranslationRecord]:
    """The records of one object keyed by ``(field, language)`` (the "language versions" page), in one query."""
    records = TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("verified_by")
    return {(record.field, record.language): record for record in records}
