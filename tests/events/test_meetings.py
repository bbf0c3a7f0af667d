"""B2B meetings: who may request whom, accepting schedules into a free slot and table, refusals with a clear code,
unavailable slots, cancellations freeing the grid, outcomes after the meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.errors import EventsError
from events.invariants import replay_invariants
from events.models import Meeting
from events.services import (
    meeting_accept,
    meeting_cancel,
    meeting_decline,
    meeting_record_outcome,
    meeting_request,
    meetings_schedule,
    registration_cancel,
    registration_update_profile,
)
from notifications import registry
from notifications.models import Notification
from notifications.registry import Channel
from notifications.services import notifications_email
from tests.factories import EventFactory, RegistrationFactory, meeting_slots

pytestmark = pytest.mark.django_db


def _ask(a, b, message=""):
    return meeting_request(event_id=a.event_id, user=a.user, invitee_id=b.pk, message=message)


def _accept(meeting, b):
    return meeting_accept(event_id=meeting.event_id, meeting_id=meeting.pk, user=b.user)


@pytest.fixture
def grid():
    """An event with 3 slots and 2 tables, and four confirmed participants."""
    event = EventFactory(meeting_tables=2)
    slots = meeting_slots(event, 3)
    people = [RegistrationFactory(event=event) for _ in range(4)]
    return event, slots, people


def test_accepting_schedules_into_the_earliest_common_free_slot(grid):
    event, slots, (a, b, c, _d) = grid
    first = _accept(_ask(a, b), b)
    assert (first.slot_id, first.table) == (slots[0].pk, 1)
    second = _accept(_ask(c, a), a)  # a is busy in slot 0: the next slot
    assert second.slot_id == slots[1].pk
    assert replay_invariants(event) == []


def test_tables_fill_up_before_a_slot_is_full(grid):
    _event, slots, people = grid
    a, b, c, d = people
    one = _accept(_ask(a, b), b)
    two = _accept(_ask(c, d), d)
    assert (one.slot_id, one.table) == (slots[0].pk, 1)
    assert (two.slot_id, two.table) == (slots[0].pk, 2)


def test_no_common_free_slot_refuses_the_accept_and_keeps_the_request_open(grid):
    _event, slots, (a, b, _c, _d) = grid
    registration_update_profile(
        registration=a, user=a.user, profile={}, unavailable_slot_ids=[slots[0].pk, slots[1].pk]
    )
    registration_update_profile(registration=b, user=b.user, profile={}, unavailable_slot_ids=[slots[2].pk])
    meeting = _ask(a, b)
    with pytest.raises(EventsError) as caught:
        _accept(meeting, b)
    assert (caught.value.code, caught.value.status) == ("no_common_slot", 409)
    meeting.refresh_from_db()
    assert meeting.status == "requested" and meeting.slot is None


def test_unavailable_slots_are_respected(grid):
    _event, slots, (a, b, _c, _d) = grid
    registration_update_profile(registration=b, user=b.user, profile={}, unavailable_slot_ids=[slots[0].pk])
    assert _accept(_ask(a, b), b).slot_id == slots[1].pk


def test_a_slot_holding_a_meeting_cannot_be_marked_unavailable(grid):
    _event, slots, (a, b, _c, _d) = grid
    _accept(_ask(a, b), b)
    with pytest.raises(EventsError) as caught:
        registration_update_profile(registration=a, user=a.user, profile={}, unavailable_slot_ids=[slots[0].pk])
    assert caught.value.code == "slot_has_meeting"


def test_only_confirmed_participants_request_and_only_confirmed_public_profiles_are_invited(grid):
    event, _slots, (a, _b, _c, _d) = grid
    waiting = RegistrationFactory(event=event, status="waitlisted")
    hidden = RegistrationFactory(event=event, profile_public=False)
    with pytest.raises(EventsError) as caught:
        _ask(waiting, a)
    assert caught.value.code == "not_registered"
    for invitee in (waiting, hidden, a):
        with pytest.raises(EventsError) as caught:
            _ask(a, invitee)
        assert caught.value.code == "invalid_invitee"
    other_event = RegistrationFactory()
    with pytest.raises(EventsError) as caught:
        _ask(a, other_event)
    assert caught.value.code == "invalid_invitee"


def test_a_pair_has_one_open_request_at_a_time(grid):
    _event, _slots, (a, b, _c, _d) = grid
    first = _ask(a, b)
    for requester, invitee in ((a, b), (b, a)):
        with pytest.raises(EventsError) as caught:
            _ask(requester, invitee)
        assert caught.value.code == "already_requested"
        assert caught.value.data == {"meeting": first.pk}


def test_only_the_invitee_accepts_or_declines(grid):
    _event, _slots, (a, b, c, _d) = grid
    meeting = _ask(a, b)
    for user in (a.user, c.user):
        with pytest.raises(EventsError) as caught:
            meeting_accept(event_id=meeting.event_id, meeting_id=meeting.pk, user=user)
        assert caught.value.code == "not_found"
        with pytest.raises(EventsError):
            meeting_decline(event_id=meeting.event_id, meeting_id=meeting.pk, user=user)
    assert meeting_decline(event_id=meeting.event_id, meeting_id=meeting.pk, user=b.user).status == "declined"
    with pytest.raises(EventsError) as caught:
        _accept(meeting, b)
    assert caught.value.code == "meeting_closed"


def test_accepting_twice_returns_the_same_meeting(grid):
    _event, _slots, (a, b, _c, _d) = grid
    meeting = _ask(a, b)
    first = _accept(meeting, b)
    again = _accept(meeting, b)
    assert (again.slot_id, again.table) == (first.slot_id, first.table)
    assert Meeting.objects.get(pk=meeting.pk).seats.count() == 2


def test_the_requester_and_invitee_are_notified_after_commit(grid, django_capture_on_commit_callbacks):
    event, _slots, (a, b, _c, _d) = grid
    b.organisation = "Volta Grid Ltd"
    b.save(update_fields=["organisation"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _ask(a, b, "Shall we discuss the pilot line?")
    asked = Notification.objects.get(recipient=b.user)
    assert asked.kind == "event.meeting_requested" and asked.url == f"/en/events/{event.pk}/agenda/"
    with django_capture_on_commit_callbacks(execute=True):
        _accept(meeting, b)
    answer = Notification.objects.get(recipient=a.user)
    assert answer.kind == "event.meeting_accepted"
    assert f"Volta Grid Ltd) accepted your meeting at “{event}”" in registry.fill(
        registry.get(answer.kind).title, answer.context
    )

    # Unread after the delay, each is e-mailed (the bell first, then the e-mail, as each person chose).
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_email(mode=Channel.IMMEDIATE, now=timezone.now() + timedelta(hours=1)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([a.user.email, b.user.email])
    assert all(
        "pilot line" not in message.body for message in mail.outbox
    )  # the meeting's message stays on the platform


def test_cancelling_frees_the_slot_for_another_meeting(grid):
    event, slots, (a, b, c, _d) = grid
    meeting = _accept(_ask(a, b), b)
    meeting_cancel(event_id=event.pk, meeting_id=meeting.pk, user=a.user)
    assert _accept(_ask(c, a), a).slot_id == slots[0].pk
    assert replay_invariants(event) == []


def test_leaving_the_event_cancels_ones_meetings(grid):
    _event, _slots, (a, b, _c, _d) = grid
    meeting = _accept(_ask(a, b), b)
    registration_cancel(registration_id=a.pk, user=a.user)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.slot is None
    assert not meeting.seats.exists()


def test_without_slots_accepted_meetings_wait_and_the_batch_scheduler_places_them():
    event = EventFactory(meeting_tables=1)
    a, b, c = (RegistrationFactory(event=event) for _ in range(3))
    one, two = _accept(_ask(a, b), b), _accept(_ask(a, c), c)
    assert one.slot is None and two.slot is None
    slots = meeting_slots(event, 2)
    report = meetings_schedule(event_id=event.pk)
    assert (report.accepted, report.placed, report.unplaced) == (2, 2, [])
    placed = {m.slot_id for m in Meeting.objects.filter(event=event)}
    assert placed == {slots[0].pk, slots[1].pk}  # a cannot be at two tables at once
    assert replay_invariants(event) == []


def test_outcome_is_recorded_by_each_side_after_the_meeting_started():
    event = EventFactory(starts_at=timezone.now() - timedelta(hours=1))
    meeting_slots(event, 2)
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    meeting = _accept(_ask(a, b), b)
    meeting_record_outcome(event_id=event.pk, meeting_id=meeting.pk, user=a.user, outcome="cooperation_intention")
    meeting_record_outcome(event_id=event.pk, meeting_id=meeting.pk, user=b.user, outcome="no_fit")
    meeting.refresh_from_db()
    assert (meeting.requester_outcome, meeting.invitee_outcome) == ("cooperation_intention", "no_fit")
    with pytest.raises(EventsError) as caught:
        meeting_record_outcome(event_id=event.pk, meeting_id=meeting.pk, user=a.user, outcome="<script>")
    assert caught.value.code == "invalid_outcome"


def test_outcome_before_the_meeting_is_too_early(grid):
    event, _slots, (a, b, _c, _d) = grid
    meeting = _accept(_ask(a, b), b)
    with pytest.raises(EventsError) as caught:
        meeting_record_outcome(event_id=event.pk, meeting_id=meeting.pk, user=a.user, outcome="follow_up")
    assert caught.value.code == "too_early"


def test_events_without_tables_offer_no_meetings():
    event = EventFactory(meeting_tables=0)
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    with pytest.raises(EventsError) as caught:
        _ask(a, b)
    assert caught.value.code == "meetings_not_offered"
