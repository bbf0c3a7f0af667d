"""Registration rules: seats, waiting list and its promotion, approval, deadlines, idempotency, e-mails, check-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.errors import EventsError
from events.invariants import replay_invariants
from events.models import Registration
from events.selectors import registrations_awaiting_approval
from events.services import (
    registration_approve,
    registration_cancel,
    registration_check_in,
    registration_decline,
    registration_register,
    waitlist_promote,
)
from tests.factories import EventFactory, RegistrationFactory, ResearcherFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _register(event, user=None, **profile):
    return registration_register(event_id=event.pk, user=user or ResearcherFactory(), profile=profile).registration


def test_registration_is_confirmed_while_seats_are_free_then_waitlisted():
    event = EventFactory(capacity=2)
    statuses = [_register(event).status for _ in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert replay_invariants(event) == []


def test_registering_again_is_idempotent_and_updates_the_profile(researcher):
    event = EventFactory()
    first = registration_register(event_id=event.pk, user=researcher, profile={"organisation": "A"})
    again = registration_register(event_id=event.pk, user=researcher, profile={"organisation": "B", "status": "x"})
    assert first.created and not again.created
    assert again.registration.pk == first.registration.pk
    again.registration.refresh_from_db()
    assert again.registration.organisation == "B"
    assert again.registration.status == "confirmed"  # unknown keys such as status are ignored
    assert Registration.objects.filter(event=event).count() == 1


def test_cancelling_a_confirmed_seat_promotes_the_first_on_the_waiting_list(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    holder = _register(event)
    first_waiting, second_waiting = _register(event), _register(event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration_id=holder.pk, user=holder.user)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (first_waiting.status, second_waiting.status) == ("confirmed", "waitlisted")
    recipients = {message.to[0] for message in mail.outbox}
    assert {holder.user.email, first_waiting.user.email} <= recipients
    assert replay_invariants(event) == []


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    holder, waiting = _register(event), _register(event)
    registration_cancel(registration_id=waiting.pk, user=waiting.user)
    holder.refresh_from_db()
    assert holder.status == "confirmed"
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


def test_someone_else_cannot_cancel_a_registration(enterprise):
    registration = _register(EventFactory())
    with pytest.raises(EventsError) as caught:
        registration_cancel(registration_id=registration.pk, user=enterprise)
    assert caught.value.code == "not_found"


def test_registration_with_approval_waits_for_staff_then_takes_a_seat_or_waits():
    event = EventFactory(capacity=1, requires_approval=True)
    first, second = _register(event), _register(event)
    assert (first.status, second.status) == ("pending", "pending")
    staff = StaffFactory()
    assert registration_approve(registration_id=first.pk, actor=staff).status == "confirmed"
    assert registration_approve(registration_id=second.pk, actor=staff).status == "waitlisted"
    declined = _register(event)
    registration_decline(registration_id=declined.pk, actor=staff)
    with pytest.raises(EventsError) as caught:
        registration_register(event_id=event.pk, user=declined.user)
    assert caught.value.code == "registration_declined"


@pytest.mark.parametrize(
    "event_kwargs",
    [
        {"registration_deadline": timezone.now() - timedelta(minutes=1)},
        {"registration_open": False},
        {"past": True},
    ],
    ids=["deadline passed", "closed by staff", "event over"],
)
def test_registration_is_refused_when_closed(event_kwargs, researcher):
    event = EventFactory(**event_kwargs)
    with pytest.raises(EventsError) as caught:
        registration_register(event_id=event.pk, user=researcher)
    assert caught.value.code == "registration_closed"
    assert not Registration.objects.exists()


def test_unpublished_event_is_not_found(researcher):
    event = EventFactory(is_published=False)
    with pytest.raises(EventsError) as caught:
        registration_register(event_id=event.pk, user=researcher)
    assert caught.value.status == 404


def test_confirmation_email_is_sent_after_commit(django_capture_on_commit_callbacks):
    user = ResearcherFactory(preferred_language="pt-br")
    event = EventFactory(title_en="Brokerage day")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, user)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Brokerage day" in mail.outbox[0].subject
    assert f"/events/{event.pk}/" in mail.outbox[0].body


def test_a_larger_capacity_moves_people_from_the_waiting_list_in_order():
    event = EventFactory(capacity=1)
    _register(event)
    waiting = [_register(event) for _ in range(3)]
    event.capacity = 3
    event.save()
    promoted = waitlist_promote(event_id=event.pk)
    assert promoted == [waiting[0].pk, waiting[1].pk]


def test_check_in_by_code_or_scanned_url_once(staff):
    registration = RegistrationFactory()
    found, again = registration_check_in(
        event_id=registration.event_id, code=f"https://x.org/checkin/{registration.checkin_code}", actor=staff
    )
    assert found.pk == registration.pk and not again
    _found, again = registration_check_in(event_id=registration.event_id, code=registration.checkin_code, actor=staff)
    assert again


@pytest.mark.parametrize("status,code", [("waitlisted", "not_confirmed"), ("cancelled", "not_confirmed")])
def test_check_in_refuses_unconfirmed_registrations(staff, status, code):
    registration = RegistrationFactory(status=status)
    with pytest.raises(EventsError) as caught:
        registration_check_in(event_id=registration.event_id, code=registration.checkin_code, actor=staff)
    assert caught.value.code == code


def test_check_in_code_of_another_event_is_unknown(staff):
    registration = RegistrationFactory()
    other = EventFactory()
    with pytest.raises(EventsError) as caught:
        registration_check_in(event_id=other.pk, code=registration.checkin_code, actor=staff)
    assert caught.value.code == "unknown_code"


def test_pending_registrations_are_a_queue_on_the_admin_home(staff_client):
    event = EventFactory(requires_approval=True)
    _register(event)
    RegistrationFactory(event=EventFactory(requires_approval=True, past=True), status="pending")  # over: no one waits
    assert registrations_awaiting_approval().count() == 1
    page = staff_client.get("/admin/").content.decode()
    assert "Event registrations awaiting approval" in page
    assert "/admin/events/registration/?status__exact=pending" in page
