"""What the events pages share: the event a page is about, times in the reader's zone, service errors as messages."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils import timezone

from events.errors import EventsError
from events.models import Event
from events.selectors import event_get
from events.timezones import reader_zone, utc_offset


def event_or_404(pk: int) -> Event:
    event = event_get(pk=pk)
    if event is None:
        raise Http404
    return event


def zones(request: HttpRequest, event: Event) -> dict:
    """The event's zone and the reader's (when known and different), each with its name and offset."""
    event_zone = event.zone
    mine = reader_zone(request)
    if mine is not None and mine.key == event_zone.key:
        mine = None
    return {
        "event_zone": event_zone,
        "event_zone_offset": utc_offset(event.starts_at, event_zone),
        "reader_zone": mine,
        "reader_zone_offset": utc_offset(event.starts_at, mine) if mine else "",
    }


def in_zone(moment: datetime | None, zone) -> datetime | None:
    return timezone.localtime(moment, zone) if moment is not None and zone is not None else None


def report(request: HttpRequest, exc: EventsError) -> None:
    messages.error(request, str(exc.message))
