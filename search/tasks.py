"""Background indexing: ids in, one service call, retried with backoff while the engine is down."""

from __future__ import annotations

import logging

from celery import shared_task

from brics_ttc.tasks import RetryingTask
from search.backends.base import SearchUnavailable
from search.services import search_index_listing, search_reindex

logger = logging.getLogger(__name__)

MAX_RETRIES = 10
MAX_BACKOFF_SECONDS = 600


# The engine being down (SearchUnavailable) is retried below, with a countdown of its own, and never inline (eager),
# where a retry would hold up the save that enqueued it: no automatic retries on top.
@shared_task(bind=True, base=RetryingTask, autoretry_for=(), max_retries=MAX_RETRIES)
def search_index_listing_task(self, kind: str, pk: int) -> None:
    """Bring one listing's index entry in line with the database (idempotent, so a redelivery is harmless)."""
    try:
        search_index_listing(kind=kind, pk=pk)
    except SearchUnavailable as exc:
        if self.request.is_eager:
            # Inline (no broker): retrying here would block the save that triggered us; reconciliation repairs it.
            logger.warning("search engine unavailable, %s:%s not indexed: %s", kind, pk, exc)
            return
        countdown = min(MAX_BACKOFF_SECONDS, 2 ** (self.request.retries + 1))
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(bind=True, base=RetryingTask, autoretry_for=(), max_retries=3)
def search_reconcile_task(self) -> str | None:
    """Periodic repair of drift after an outage: a full pass over the listings (index published, drop the rest)."""
    try:
        return search_reindex()
    except SearchUnavailable as exc:
        if self.request.is_eager:
            logger.warning("search engine unavailable, reconciliation skipped: %s", exc)
            return None
        raise self.retry(exc=exc, countdown=MAX_BACKOFF_SECONDS) from exc
