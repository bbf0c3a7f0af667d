from __future__ import annotations

from celery import shared_task

from alerts.services import saved_searches_run
from alerts.watchlist import watched_auctions_notify
from brics_ttc.tasks import RetryingTask


@shared_task(bind=True, base=RetryingTask)
def saved_searches_run_task(self) -> int:
    """Beat: tell members about newly published listings that match their saved searches."""
    return saved_searches_run()


@shared_task(bind=True, base=RetryingTask)
def watched_auctions_notify_task(self) -> int:
    """Beat: watched auctions that started, entered their last hour or closed."""
    return watched_auctions_notify()
