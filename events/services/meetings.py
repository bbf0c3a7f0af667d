"""B2B meetings: requests between confirmed participants, the invitee's answer, scheduling into slots and tables, and
each side's outcome after the meeting.

Every scheduling decision (an accept, a cancellation, the batch scheduler) holds the event row's lock, so two accepts
never see the same free slot; the unique constraints on seats and tables are the database's own backstop.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from events.errors import EventsError
from events.models import (
    Event,
    Meeting,
    MeetingOutcome,
    MeetingSeat,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from events.scheduling import schedule
from events.selectors import meeting_grid

M = MeetingStatus
OPEN = (M.REQUESTED, M.ACCEPTED)


def _locked_event(event_id: int) -> Event:
    # The race: two accepts (or an accept and the batch scheduler) reading the grid at once would both find the same
    # slot free for a shared person or the last table and book it twice. The event row's lock makes them take turns.
    event = Event.objects.select_for_update().filter(pk=event_id, is_published=True).first()
    if event is None:
        raise EventsError(_("This event does not exist."), code="not_found", status=404)
    return event


def _my_registration(event: Event, user) -> Registration:
    registration = (
        Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED).first()
        if user.is_authenticated
        else None
    )
    if registration is None:
        raise EventsError(
            _("Only confirmed participants of this event can do this."), code="not_registered", status=403
        )
    return registration


def _notify(meeting_id: int, kind: str) -> None:
    enqueue_on_commit("events.tasks.meeting_notify", meeting_id, kind, robust=True)


def meeting_request(*, event_id: int, user, invitee_id: int, message: str = "") -> Meeting:
    """Ask another confirmed participant (by registration id) for a 1:1 meeting at the event."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if not event.has_meetings:
            raise EventsError(_("This event has no B2B meetings."), code="meetings_not_offered", status=409)
        if event.is_past:
            raise EventsError(_("This event is over."), code="event_over", status=409)
        me = _my_registration(event, user)
        invitee = Registration.objects.filter(
            pk=invitee_id, event=event, status=RegistrationStatus.CONFIRMED, profile_public=True
        ).first()
        if invitee is None or invitee.pk == me.pk:
            raise EventsError(_("Choose another participant of this event."), code="invalid_invitee")
        pair = Q(requester=me, invitee=invitee) | Q(requester=invitee, invitee=me)
        existing = Meeting.objects.filter(pair, event=event, status__in=OPEN).first()
        if existing is not None:
            raise EventsError(
                _("You already have a meeting request with this participant."),
                code="already_requested",
                status=409,
                data={"meeting": existing.pk},
            )
        meeting = Meeting.objects.create(event=event, requester=me, invitee=invitee, message=(message or "")[:2000])
        _notify(meeting.pk, "requested")
        return meeting


def _place(meeting: Meeting, slot_id: int, table: int) -> None:
    meeting.slot_id, meeting.table = slot_id, table
    meeting.save(update_fields=["slot", "table"])
    MeetingSeat.objects.bulk_create(
        [
            MeetingSeat(meeting=meeting, registration_id=meeting.requester_id, slot_id=slot_id),
            MeetingSeat(meeting=meeting, registration_id=meeting.invitee_id, slot_id=slot_id),
        ]
    )


def meeting_accept(*, event_id: int, meeting_id: int, user) -> Meeting:
    """The invitee accepts: the meeting gets the earliest slot both are free with a free table (409
    ``no_common_slot`` when there is none; the request stays open). Accepting twice returns the same meeting."""
    with transaction.atomic():
        event = _locked_event(event_id)
        meeting = Meeting.objects.filter(pk=meeting_id, event=event).select_related("invitee").first()
        if meeting is None or meeting.invitee.user_id != user.pk:
            raise EventsError(_("Meeting request not found."), code="not_found", status=404)
        if meeting.status == M.ACCEPTED:
            return meeting
        if meeting.status != M.REQUESTED:
            raise EventsError(_("This meeting request is no longer open."), code="meeting_closed", status=409)
        if event.is_past:
            raise EventsError(_("This event is over."), code="event_over", status=409)
        grid = meeting_grid(event=event)
        meeting.status, meeting.responded_at = M.ACCEPTED, timezone.now()
        if grid.slots:
            free = grid.feasible(meeting.requester_id, meeting.invitee_id)
            if not free:
                raise EventsError(
                    _("You and this participant have no free meeting slot in common (or all tables are taken)."),
                    code="no_common_slot",
                    status=409,
                )
            meeting.save(update_fields=["status", "responded_at"])
            _place(meeting, free[0], grid.free_table(free[0]))
        else:
            meeting.save(update_fields=["status", "responded_at"])  # scheduled once staff set up the slots
        _notify(meeting.pk, "accepted")
        return meeting


def meeting_decline(*, event_id: int, meeting_id: int, user) -> Meeting:
    """The invitee declines an open request."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().filter(pk=meeting_id, event_id=event_id).first()
        if meeting is None or not Registration.objects.filter(pk=meeting.invitee_id, user=user).exists():
            raise EventsError(_("Meeting request not found."), code="not_found", status=404)
        if meeting.status == M.DECLINED:
            return meeting
        if meeting.status != M.REQUESTED:
            raise EventsError(_("This meeting request is no longer open."), code="meeting_closed", status=409)
        meeting.status, meeting.responded_at = M.DECLINED, timezone.now()
        meeting.save(update_fields=["status", "responded_at"])
        _notify(meeting.pk, "declined")
        return meeting


def meeting_cancel(*, event_id: int, meeting_id: int, user) -> Meeting:
    """Either side withdraws a request or cancels an accepted meeting; its slot and table become free."""
    with transaction.atomic():
        _locked_event(event_id)
        meeting = (
            Meeting.objects.filter(pk=meeting_id, event_id=event_id).select_related("requester", "invitee").first()
        )
        if meeting is None or user.pk not in (meeting.requester.user_id, meeting.invitee.user_id):
            raise EventsError(_("Meeting request not found."), code="not_found", status=404)
        if meeting.status not in OPEN:
            return meeting
        MeetingSeat.objects.filter(meeting=meeting).delete()
        meeting.status, meeting.slot, meeting.table = M.CANCELLED, None, None
        meeting.save(update_fields=["status", "slot", "table"])
        _notify(meeting.pk, "cancelled")
        return meeting


@dataclass(frozen=True)
class ScheduleReport:
    accepted: int  # accepted meetings without a slot before the run
    placed: int
    unplaced: list[int]


def meetings_schedule(*, event_id: int) -> ScheduleReport:
    """Give every accepted meeting without a slot a slot and table (staff, after setting up or changing the grid);
    the meetings already on an agenda stay where they are."""
    with transaction.atomic():
        event = _locked_event(event_id)
        waiting = list(
            Meeting.objects.filter(event=event, status=M.ACCEPTED, slot__isnull=True).values_list(
                "pk", "requester_id", "invitee_id"
            )
        )
        grid = meeting_grid(event=event)
        placed = schedule(grid, waiting) if grid.slots else {}
        by_id = {pk: (a, b) for pk, a, b in waiting}
        meetings = []
        seats = []
        for pk, (slot_id, table) in placed.items():
            meetings.append(Meeting(pk=pk, slot_id=slot_id, table=table))
            a, b = by_id[pk]
            seats += [MeetingSeat(meeting_id=pk, registration_id=a, slot_id=slot_id)]
            seats += [MeetingSeat(meeting_id=pk, registration_id=b, slot_id=slot_id)]
        Meeting.objects.bulk_update(meetings, ["slot", "table"], batch_size=500)
        MeetingSeat.objects.bulk_create(seats, batch_size=1000)
        return ScheduleReport(
            accepted=len(waiting), placed=len(placed), unplaced=[pk for pk, _a, _b in waiting if pk not in placed]
        )


def meeting_record_outcome(*, event_id: int, meeting_id: int, user, outcome: str) -> Meeting:
    """Each side records how an accepted meeting went, once it has started; it feeds the indicators."""
    if outcome not in MeetingOutcome.values:
        raise EventsError(_("Choose an outcome from the list."), code="invalid_outcome")
    with transaction.atomic():
        # Only the meeting row is locked (the slot is a nullable join, which PostgreSQL cannot lock FOR UPDATE).
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("requester", "invitee", "slot", "event")
            .filter(pk=meeting_id, event_id=event_id)
            .first()
        )
        if meeting is None or user.pk not in (meeting.requester.user_id, meeting.invitee.user_id):
            raise EventsError(_("Meeting not found."), code="not_found", status=404)
        if meeting.status != M.ACCEPTED:
            raise EventsError(_("Only accepted meetings have an outcome."), code="meeting_closed", status=409)
        starts = meeting.slot.starts_at if meeting.slot else meeting.event.starts_at
        if starts > timezone.now():
            raise EventsError(_("Record the outcome after the meeting."), code="too_early", status=409)
        side = "requester_outcome" if meeting.requester.user_id == user.pk else "invitee_outcome"
        setattr(meeting, side, outcome)
        meeting.save(update_fields=[side])
        return meeting
