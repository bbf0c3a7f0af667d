from __future__ import annotations

from celery import shared_task

from brics_ttc.tasks import RetryingTask
from demands.services import demands_expire as expire


@shared_task(bind=True, base=RetryingTask)
def demands_expire(self) -> int:
    """Periodic (beat): archive expired demands."""
    return expire()
