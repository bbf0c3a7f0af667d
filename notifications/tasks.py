"""The e-mail runs, declared in CELERY_BEAT_SCHEDULE: delayed per-person batches, and the daily digest."""

from __future__ import annotations

from celery import shared_task

from brics_ttc.tasks import RetryingTask
from notifications.registry import Channel
from notifications.services import notifications_email


@shared_task(bind=True, base=RetryingTask)
def notifications_email_due_task(self) -> int:
    """E-mail what is still unread after NOTIFICATION_EMAIL_DELAY to those who chose "immediately"."""
    return notifications_email(mode=Channel.IMMEDIATE)


@shared_task(bind=True, base=RetryingTask)
def notifications_email_digest_task(self) -> int:
    """The daily digest of what is still unread, to those who chose it."""
    return notifications_email(mode=Channel.DIGEST)
