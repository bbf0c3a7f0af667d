"""Background work of conversations: one translation job per message and language, the meeting invitation."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse
from django.utils import translation

from brics_ttc.tasks import RetryingTask
from marketplace.emails import absolute_url, send_templated_mail
from negotiations.models import Meeting, MeetingState
from negotiations.services import message_translation_run
from negotiations.services.meetings import meeting_ics
from translation.providers import ProviderError

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(
    bind=True,
    base=RetryingTask,
    reject_on_worker_lost=True,
    # An engine that is down or slow gets another try later: 5 s, 10 s, 20 s ... (at most 5 min), with jitter.
    autoretry_for=(ProviderError, SoftTimeLimitExceeded),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def message_translate_task(self, message_id: int, language: str) -> str | None:
    """Translate one message into one reader's language; idempotent, so a redelivered job is harmless."""
    try:
        record = message_translation_run(message_id=message_id, language=language)
    except ProviderError:
        if self.request.is_eager:
            # In-process (no broker): nobody would deliver a retry; the original stays shown, labelled.
            logger.warning("translation of message %s into %s failed", message_id, language, exc_info=True)
            return "failed"
        raise
    return record.status if record is not None else None


@shared_task(bind=True, base=RetryingTask)
def meeting_invitation_task(self, meeting_id: int) -> int:
    """E-mail every participant the accepted meeting, with its .ics, in their language; returns e-mails sent."""
    meeting = Meeting.objects.select_related("conversation").filter(pk=meeting_id).first()
    if meeting is None or meeting.state != MeetingState.ACCEPTED:
        return 0
    conversation = meeting.conversation
    sent = 0
    for seat in conversation.participants.select_related("user"):
        reader = seat.user
        with translation.override(reader.preferred_language):
            title = str(conversation.subject)
            url = absolute_url(reverse("negotiations:detail", args=[conversation.pk]))
            context = {"reader": reader, "meeting": meeting, "title": title, "url": url}
        send_templated_mail(
            to=[reader.email],
            language=reader.preferred_language,
            template="meeting_accepted",
            context=context,
            attachments=[("meeting.ics", meeting_ics(meeting, title=title), "text/calendar")],
        )
        sent += 1
    return sent
