from __future__ import annotations

from celery import shared_task

from demands.services import demands_expire as expire


@shared_task(bind=True, max_retries=3, retry_backoff=True)
def demands_expire(self) -> int:
    """Periodic (beat): archive expired demands."""
    return expire()
