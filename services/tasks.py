"""Notices about service requests: the other party (or the staff, for a request to the center) gets an e-mail."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from brics_ttc.tasks import RetryingTask
from marketplace.models import Membership, MembershipStatus
from services.models import RequestState, ServiceRequestEvent

# Which side hears about a transition into each state.
REQUESTER_HEARS = frozenset({RequestState.QUOTED, RequestState.DELIVERED})


def _provider_recipients(request) -> list:
    if request.expert_id is not None:
        return [request.expert.user]
    if request.provider_id is None:
        return []
    memberships = Membership.objects.filter(
        institution_id=request.provider_id, status=MembershipStatus.ACTIVE
    ).select_related("user")
    return [m.user for m in memberships if m.user.is_active]


@shared_task(bind=True, base=RetryingTask)
def service_request_notify(self, event_id: int) -> None:
    """E-mail each person who should act next, in their own language; never the contents of files or quotes."""
    event = (
        ServiceRequestEvent.objects.select_related("request__requester", "request__expert__user", "request__provider")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    request = event.request
    if event.to_state in REQUESTER_HEARS:
        people = [request.requester]
    elif event.to_state == RequestState.REQUESTED and request.to_center:
        people = []
        staff_addresses = list(settings.STAFF_NOTIFICATION_EMAILS)
        if staff_addresses:
            _send(event, staff_addresses, settings.LANGUAGE_CODE)
    elif event.to_state in (RequestState.CONFIRMED, RequestState.RATED) and event.from_state == RequestState.DELIVERED:
        return  # the rating event that follows in the same transaction tells the provider once
    else:
        people = _provider_recipients(request)
    for person in people:
        if person.pk != event.actor_id:
            _send(event, [person.email], person.preferred_language)


def _send(event: ServiceRequestEvent, recipients: list[str], language: str) -> None:
    with translation.override(language):
        context = {
            "event": event,
            "request": event.request,
            "url": settings.SITE_URL.rstrip("/") + event.request.get_absolute_url(),
        }
        subject = render_to_string("emails/service_request_subject.txt", context).strip()
        body = render_to_string("emails/service_request_body.txt", context)
    send_mail(subject, body, None, recipients)
