from __future__ import annotations

from celery import shared_task

from alerts.services import saved_searches_run
from brics_ttc.tasks import RetryingTask


@shared_task(bind=True, base=RetryingTask)
def saved_searches_run_task(self) -> int:
    """Beat: tell members about newly published listings that match their saved searches."""
    return saved_searches_run()
