"""E-mails about registrations and meetings, in the recipient's language, sent after the deciding transaction
committed (the services enqueue them with ``transaction.on_commit``)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events.models import Meeting, Registration

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(user, template: str, context: dict) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {**context, "name": user.display_name or user.email}
        context["event_url"] = _absolute(context["event"].get_absolute_url())
        context["agenda_url"] = _absolute(reverse("events:agenda", args=[context["event"].pk]))
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}_body.txt", context)
    send_mail(subject, body, None, [user.email])


@shared_task(bind=True, **RETRY)
def registration_notify(self, registration_id: int, kind: str) -> None:
    """Tell a participant what became of their registration (confirmed, waitlisted, pending, promoted...)."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None:
        return
    _send(registration.user, "event_registration", {"event": registration.event, "kind": kind})


@shared_task(bind=True, **RETRY)
def meeting_notify(self, meeting_id: int, kind: str) -> None:
    """Tell the other side of a meeting: a request to the invitee, an answer or a cancellation to the requester."""
    meeting = (
        Meeting.objects.select_related("event", "requester__user", "invitee__user", "slot")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return
    to, other = (meeting.invitee, meeting.requester) if kind == "requested" else (meeting.requester, meeting.invitee)
    if kind == "cancelled":
        # Either side may cancel: both hear of it.
        _send(to.user, "event_meeting", {"event": meeting.event, "kind": kind, "meeting": meeting, "other": other})
        to, other = other, to
    _send(to.user, "event_meeting", {"event": meeting.event, "kind": kind, "meeting": meeting, "other": other})
