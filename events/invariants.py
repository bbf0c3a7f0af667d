"""What must hold for an event whatever happened concurrently, checked from the stored rows (tests and the bench
replay it after storms of registrations and accepts): returns the list of violations, empty when all hold."""

from __future__ import annotations

from collections import Counter

from events.models import (
    ACTIVE_REGISTRATION,
    Event,
    Meeting,
    MeetingSeat,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)


def replay_invariants(event: Event) -> list[str]:
    problems: list[str] = []
    registrations = list(Registration.objects.filter(event=event).values("pk", "user_id", "status"))
    confirmed = sum(1 for r in registrations if r["status"] == RegistrationStatus.CONFIRMED)
    waitlisted = sum(1 for r in registrations if r["status"] == RegistrationStatus.WAITLISTED)
    if event.capacity is not None and confirmed > event.capacity:
        problems.append(f"overbooked: {confirmed} confirmed for {event.capacity} seats")
    if event.capacity is not None and waitlisted and confirmed < event.capacity and not event.requires_approval:
        problems.append(f"{waitlisted} waitlisted while {event.capacity - confirmed} seats are free")
    users = Counter(r["user_id"] for r in registrations if r["status"] in ACTIVE_REGISTRATION)
    problems += [f"user {user} registered {n} times" for user, n in users.items() if n > 1]

    meetings = list(
        Meeting.objects.filter(event=event, slot__isnull=False).values(
            "pk", "requester_id", "invitee_id", "slot_id", "table", "status"
        )
    )
    tables = Counter((m["slot_id"], m["table"]) for m in meetings)
    problems += [f"table {t} twice in slot {s}" for (s, t), n in tables.items() if n > 1]
    people = Counter((p, m["slot_id"]) for m in meetings for p in (m["requester_id"], m["invitee_id"]))
    problems += [f"registration {p} twice in slot {s}" for (p, s), n in people.items() if n > 1]
    problems += [
        f"meeting {m['pk']} placed but {m['status']}" for m in meetings if m["status"] != MeetingStatus.ACCEPTED
    ]
    problems += [
        f"table {m['table']} of meeting {m['pk']} beyond the event's {event.meeting_tables}"
        for m in meetings
        if not 1 <= m["table"] <= event.meeting_tables
    ]
    through = Registration.unavailable_slots.through
    unavailable = set(
        through.objects.filter(registration__event=event).values_list("registration_id", "meetingslot_id")
    )
    problems += [
        f"meeting {m['pk']} in an unavailable slot of {p}"
        for m in meetings
        for p in (m["requester_id"], m["invitee_id"])
        if (p, m["slot_id"]) in unavailable
    ]
    seats = set(
        MeetingSeat.objects.filter(meeting__event=event).values_list("meeting_id", "registration_id", "slot_id")
    )
    expected = {(m["pk"], p, m["slot_id"]) for m in meetings for p in (m["requester_id"], m["invitee_id"])}
    if seats != expected:
        problems.append(f"seats disagree with meetings ({len(seats ^ expected)} rows differ)")
    return problems
