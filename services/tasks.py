"""Notices about service requests: the other party gets a notification (services/notifications.py); a request to
the center is e-mailed to the staff's addresses."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import translation

from brics_ttc.tasks import RetryingTask
from marketplace.emails import absolute_url, send_templated_mail
from marketplace.models import Membership, MembershipStatus
from notifications.services import notification_send
from services.models import RequestState, ServiceRequestEvent
from services.notifications import REQUEST_KINDS

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
    """Notify whoever acts next (staff by e-mail for the center); never the contents of files or quotes."""
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
    kind = REQUEST_KINDS.get(event.to_state)
    if kind is None:
        return
    for person in people:
        if person.pk != event.actor_id:
            notification_send(
                recipient=person,
                kind=kind.code,
                context={"number": request.pk, "service": _subject(request, person.preferred_language)},
                url=request.get_absolute_url(),
                group=f"service-request:{request.pk}",
            )


def _subject(request, language: str) -> str:
    """What the request is about, in the reader's language: the service's title, else the expert, else the category."""
    with translation.override(language or settings.LANGUAGE_CODE):
        if request.service_id:
            return str(request.service)
        if request.expert_id:
            return str(request.expert)
        return str(request.get_category_display())


def _send(event: ServiceRequestEvent, recipients: list[str], language: str) -> None:
    with translation.override(language):
        context = {"event": event, "request": event.request, "url": absolute_url(event.request.get_absolute_url())}
    send_templated_mail(to=recipients, language=language, template="service_request", context=context)
