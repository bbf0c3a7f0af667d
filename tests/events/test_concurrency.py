"""Registrations and accepts racing on PostgreSQL: the event row's lock must never overbook a seat, a person or a
table. Runs under `make test-services` (DATABASE_URL=postgres://...); skipped with the reason on SQLite, which takes
one writer at a time and so cannot show a race. Without the lock in ``events.services`` (``_locked_event``) the first
test confirms more than 10 and the second books a table twice (or dies on the unique constraint)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from events.errors import EventsError
from events.invariants import replay_invariants
from events.models import Meeting, Registration
from events.services import meeting_accept, meeting_request, registration_cancel, registration_register
from tests.factories import EventFactory, RegistrationFactory, ResearcherFactory, meeting_slots

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: set DATABASE_URL=postgres://... (make test-services)")


def _storm(work, items) -> tuple[list, list[BaseException]]:
    """Run ``work(item)`` in one thread per item, all released at once; returns (results, unexpected errors)."""
    barrier = threading.Barrier(len(items))
    results, errors, lock = [], [], threading.Lock()

    def run(item):
        try:
            barrier.wait(timeout=60)
            outcome = work(item)
            with lock:
                results.append(outcome)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


def test_fifty_registrations_for_the_last_ten_seats_confirm_exactly_ten(postgres):
    event = EventFactory(capacity=20)
    for _ in range(10):
        RegistrationFactory(event=event)
    users = [ResearcherFactory() for _ in range(50)]

    results, errors = _storm(
        lambda user: registration_register(event_id=event.pk, user=user).registration.status, users
    )

    assert errors == []
    assert Counter(results) == {"confirmed": 10, "waitlisted": 40}
    assert Registration.objects.filter(event=event, status="confirmed").count() == 20
    assert replay_invariants(event) == []

    # Replay: ten cancellations at once promote the next ten in the order they joined the waiting list.
    confirmed = list(Registration.objects.filter(event=event, status="confirmed").select_related("user")[:10])
    waiting = list(Registration.objects.filter(event=event, status="waitlisted").order_by("status_changed_at", "pk"))
    _results, errors = _storm(lambda r: registration_cancel(registration_id=r.pk, user=r.user), confirmed)
    assert errors == []
    promoted = set(Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True))
    assert {r.pk for r in waiting[:10]} <= promoted
    assert Registration.objects.filter(event=event, status="confirmed").count() == 20
    assert replay_invariants(event) == []


def test_concurrent_accepts_never_double_book_a_person_or_a_table(postgres):
    # One hub with 12 invitations, 3 slots and 2 tables: at most 3 of the hub's meetings fit, and the other pairs
    # compete for the 6 table places. Everything is accepted at the same instant.
    event = EventFactory(meeting_tables=2)
    meeting_slots(event, 3)
    hub = RegistrationFactory(event=event)
    others = [RegistrationFactory(event=event) for _ in range(12)]
    to_hub = [meeting_request(event_id=event.pk, user=o.user, invitee_id=hub.pk) for o in others[:6]]
    pairs = [meeting_request(event_id=event.pk, user=others[i].user, invitee_id=others[i + 6].pk) for i in range(6)]
    jobs = [(m, hub.user) for m in to_hub] + [(m, others[i + 6].user) for i, m in enumerate(pairs)]

    def accept(job):
        meeting, user = job
        try:
            return meeting_accept(event_id=event.pk, meeting_id=meeting.pk, user=user).pk
        except EventsError as exc:
            return exc.code

    results, errors = _storm(accept, jobs)

    assert errors == []
    refused = Counter(r for r in results if isinstance(r, str))
    assert set(refused) <= {"no_common_slot"}, refused
    placed = Meeting.objects.filter(event=event, slot__isnull=False)
    assert placed.count() == 6  # every table place filled, none twice
    assert placed.filter(requester=hub).count() + placed.filter(invitee=hub).count() <= 3
    assert refused["no_common_slot"] == 6
    assert replay_invariants(event) == []
