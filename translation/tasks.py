"""Background jobs of the translation pipeline. They take ids, load inside, and call one service each."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.contenttypes.models import ContentType

from brics_ttc.tasks import RetryingTask
from translation.providers import ProviderError
from translation.services import (
    RECORDS_JOB_SECONDS,
    source_language_check,
    source_languages_check,
    translation_fail,
    translation_run,
    translations_run_many,
)

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(
    bind=True,
    base=RetryingTask,
    reject_on_worker_lost=True,
    # An engine that times out, refuses connections or answers 5xx gets another try later; so does a job cut by the
    # soft time limit (a hung engine). Waits grow 15 s, 30 s, 60 s ... (at most 10 min), with jitter.
    autoretry_for=(ProviderError, SoftTimeLimitExceeded),
    retry_backoff=15,
    max_retries=MAX_RETRIES,
    soft_time_limit=180,
    time_limit=210,
)
def translate_record(self, record_id: int) -> str | None:
    """Translate one (object, field, language) record; idempotent, so a redelivered message is harmless."""
    try:
        record = translation_run(record_id=record_id)
    except (ProviderError, SoftTimeLimitExceeded) as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.error("translation record %s failed after %s retries: %s", record_id, self.request.retries, exc)
            translation_fail(record_id=record_id, error=str(exc) or type(exc).__name__)
            return "failed"
        if self.request.is_eager:
            # Run in-process (no broker: `make run`, the tests): nothing would deliver a retry later, and an eager
            # retry raised here would reach the caller; retry at once, the way Celery's own eager retry does.
            return self.apply(args=(record_id,), retries=self.request.retries + 1).get(disable_sync_subtasks=False)
        raise
    return record.status if record is not None else None


@shared_task(base=RetryingTask, soft_time_limit=60, time_limit=90)
def check_source_language(content_type_id: int, object_id: int) -> None:
    """Flag the object for staff when its text looks written in another language than the one declared."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    obj = model._base_manager.filter(pk=object_id).first()
    if obj is not None:
        source_language_check(obj=obj)


@shared_task(
    bind=True,
    base=RetryingTask,
    autoretry_for=(OSError, SoftTimeLimitExceeded),
    # Room for the last record started before the job hands the rest on (one record's own limit is 180 s).
    soft_time_limit=RECORDS_JOB_SECONDS + 180,
    time_limit=RECORDS_JOB_SECONDS + 210,
)
def translate_records(self, record_ids: list[int]) -> int:
    """Translate a bulk import's records of one language one after the other; idempotent (finished records are
    skipped), so a retried or redelivered job only does what is left."""
    return translations_run_many(record_ids=record_ids)


@shared_task(base=RetryingTask, soft_time_limit=240, time_limit=270)
def check_source_languages(content_type_id: int, object_ids: list[int]) -> int:
    """Flag for staff the objects (a bulk import's) whose text looks written in another language than declared."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return source_languages_check(model=model, object_ids=object_ids)
