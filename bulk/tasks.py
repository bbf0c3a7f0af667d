"""The import job: takes the import's id, calls one service (safe to run again: written rows are then unchanged)."""

from __future__ import annotations

from celery import shared_task

from brics_ttc.tasks import RetryingTask
from bulk.services import import_run

# 10,000 rows take well under a minute on PostgreSQL (bench/indicators.py); the limits leave room for a slow disk.
IMPORT_SOFT_TIME_LIMIT = 900


@shared_task(
    bind=True, base=RetryingTask, soft_time_limit=IMPORT_SOFT_TIME_LIMIT, time_limit=IMPORT_SOFT_TIME_LIMIT + 60
)
def import_run_task(self, batch_id: int) -> str:
    """Write a queued import's valid rows; returns the import's final status."""
    return import_run(batch_id=batch_id).status
