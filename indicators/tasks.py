"""Periodic jobs of the indicators app (declared in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from brics_ttc.tasks import RetryingTask
from indicators.opendata import opendata_export
from indicators.services import indicators_refresh, listing_counts_flush


@shared_task(bind=True, base=RetryingTask)
def indicators_refresh_task(self) -> int:
    """Recompute every indicator's snapshot; returns the number of points written."""
    return sum(result.points for result in indicators_refresh())


@shared_task(bind=True, base=RetryingTask)
def opendata_export_task(self) -> int:
    """Rewrite the open-data files (nightly); returns how many files were written."""
    return len(opendata_export())


@shared_task(bind=True, base=RetryingTask)
def listing_counts_flush_task(self) -> int:
    """Add the counted listing views and search appearances of closed buckets to the daily counts (each once)."""
    return listing_counts_flush()
