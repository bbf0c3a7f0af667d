"""Meeting requests inside a conversation: 1–3 proposed times, one accepted → an .ics and an e-mail for everyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from negotiations.errors import NegotiationError
from negotiations.models import ACTIVE_STATES, Conversation, Meeting, MeetingState, Message, Participant, Side
from negotiations.services.messages import after_commit

MAX_SLOTS = 3


def _seat(conversation: Conversation, user) -> Participant:
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        raise NegotiationError(code="not_found", status=404)
    return seat


def _parse_slot(value) -> datetime:
    when = value if isinstance(value, datetime) else parse_datetime(str(value or "")) if value else None
    if when is None:
        raise NegotiationError(_("Give each time as a date and time (ISO 8601)."), code="invalid_slot")
    if timezone.is_naive(when):
        raise NegotiationError(_("Give each time with its time zone."), code="invalid_slot")
    if when <= timezone.now():
        raise NegotiationError(_("Proposed times must be in the future."), code="slot_in_past")
    return when.astimezone(UTC)


def meeting_propose(
    *, conversation: Conversation, user, slots: list, duration_minutes: int = 60, link: str = ""
) -> Meeting:
    """Propose a meeting at one of 1–3 times (aware datetimes), optionally with an online meeting link."""
    _seat(conversation, user)
    if not isinstance(slots, list | tuple) or not 1 <= len(slots) <= MAX_SLOTS:
        raise NegotiationError(_("Propose one to three times."), code="invalid_slots")
    parsed = sorted({_parse_slot(slot) for slot in slots})
    try:
        duration = int(duration_minutes)
    except (TypeError, ValueError):
        duration = 0
    if not 15 <= duration <= 480:
        raise NegotiationError(_("A meeting lasts 15 minutes to 8 hours."), code="invalid_duration")
    link = (link or "").strip()
    if (link and not link.lower().startswith(("https://", "http://"))) or len(link) > 500:
        raise NegotiationError(_("The meeting link must be a web address (https://…)."), code="invalid_link")
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.state not in ACTIVE_STATES:
            raise NegotiationError(_("This conversation is closed."), code="conversation_closed", status=409)
        meeting = Meeting.objects.create(
            conversation=locked,
            proposed_by=user,
            slots=[slot.isoformat() for slot in parsed],
            duration_minutes=duration,
            link=link,
        )
        message = Message.objects.create(
            conversation=locked,
            author=user,
            language=user.preferred_language,
            event="meeting_proposed",
            event_data={"meeting": meeting.pk, "slots": meeting.slots, "link": link, "duration": duration},
        )
        Conversation.objects.filter(pk=locked.pk).update(last_message_at=message.created_at)
        after_commit(message)
    return meeting


def meeting_decide(*, meeting: Meeting, user, accept: bool, slot: int = 0) -> Meeting:
    """Accept one proposed time (index ``slot``) or decline; only someone of the other side than the proposer."""
    seat = _seat(meeting.conversation, user)
    proposer_side = (
        Participant.objects.filter(conversation=meeting.conversation, user=meeting.proposed_by)
        .values_list("side", flat=True)
        .first()
    )
    if user.pk == meeting.proposed_by_id or (seat.side == proposer_side and seat.side != Side.STAFF):
        raise NegotiationError(_("The other side answers a meeting request."), code="own_meeting", status=403)
    with transaction.atomic():
        # Two people of the other side answering at once: one decision only.
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state != MeetingState.PROPOSED:
            raise NegotiationError(_("This meeting request was already answered."), code="already_decided", status=409)
        if accept:
            if not isinstance(slot, int) or not 0 <= slot < len(locked.slots):
                raise NegotiationError(_("Choose one of the proposed times."), code="invalid_slot")
            locked.state = MeetingState.ACCEPTED
            locked.starts_at = parse_datetime(locked.slots[slot])
        else:
            locked.state = MeetingState.DECLINED
        locked.decided_by = user
        locked.save(update_fields=["state", "starts_at", "decided_by"])
        message = Message.objects.create(
            conversation=locked.conversation,
            author=user,
            language=user.preferred_language,
            event="meeting_accepted" if accept else "meeting_declined",
            event_data={
                "meeting": locked.pk,
                "starts_at": locked.starts_at.isoformat() if locked.starts_at else "",
                "link": locked.link,
                "duration": locked.duration_minutes,
            },
        )
        Conversation.objects.filter(pk=locked.conversation_id).update(last_message_at=message.created_at)
        after_commit(message)
        if accept:
            enqueue_on_commit("negotiations.tasks.meeting_invitation_task", locked.pk)
    return locked


def meeting_ics(meeting: Meeting, *, title: str) -> str:
    """The accepted meeting as an iCalendar event (RFC 5545), in UTC: calendars show it in their own zone."""
    start = meeting.starts_at.astimezone(UTC)
    end = start + timedelta(minutes=meeting.duration_minutes)

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//BRICS TTC//negotiations//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@brics-ttc",
        f"DTSTAMP:{timezone.now():%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{escape(title)[:200]}",
    ]
    if meeting.link:
        lines += [f"URL:{meeting.link}", f"LOCATION:{escape(meeting.link)}"]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"
