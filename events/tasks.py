"""What participants hear, after the deciding transaction committed (the services enqueue with ``on_commit``):
registrations by e-mail (a receipt with the ticket's page), meetings as notifications (events/notifications.py)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from brics_ttc.tasks import RetryingTask
from events.models import Meeting, Registration
from marketplace.emails import absolute_url, send_templated_mail
from notifications.services import notification_send


def _send(user, template: str, context: dict) -> None:
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):  # the links are in the reader's language too
        context = {**context, "name": user.display_name or user.email}
        context["event_url"] = absolute_url(context["event"].get_absolute_url())
        context["agenda_url"] = absolute_url(reverse("events:agenda", args=[context["event"].pk]))
    send_templated_mail(to=[user.email], language=language, template=template, context=context)


@shared_task(bind=True, base=RetryingTask)
def registration_notify(self, registration_id: int, kind: str) -> None:
    """Tell a participant what became of their registration (confirmed, waitlisted, pending, promoted...)."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None:
        return
    _send(registration.user, "event_registration", {"event": registration.event, "kind": kind})


@shared_task(bind=True, base=RetryingTask)
def meeting_notify(self, meeting_id: int, kind: str) -> None:
    """Tell the other side of a meeting: a request to the invitee, an answer or a cancellation to the requester.

    A notification (the bell, then an e-mail if still unread, as each person chose), never the meeting's message.
    """
    meeting = (
        Meeting.objects.select_related("event", "requester__user", "invitee__user", "slot")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return
    to, other = (meeting.invitee, meeting.requester) if kind == "requested" else (meeting.requester, meeting.invitee)
    pairs = [(to, other), (other, to)] if kind == "cancelled" else [(to, other)]  # either side may cancel: both hear
    url = reverse("events:agenda", args=[meeting.event_id])
    for recipient, about in pairs:
        context = {
            "who": about.user.display_name or about.user.email,
            "organisation": about.organisation or "—",
            "event": str(meeting.event),
        }
        notification_send(
            recipient=recipient.user,
            kind=f"event.meeting_{kind}",
            context=context,
            url=url,
            group=f"meeting:{meeting.pk}",
        )
