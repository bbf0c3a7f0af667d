"""iCalendar (RFC 5545) files for an event and a personal agenda; times in UTC, so every calendar shows them in its
owner's zone."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

PRODID = "-//BRICS TTC//Events//EN"


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _time(moment: datetime) -> str:
    return timezone.localtime(moment, UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    return [*out, current]


def calendar(items: list[dict]) -> str:
    """``items``: dicts with uid, starts_at, ends_at, summary and optionally description, location, url."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    stamp = _time(timezone.now())
    host = settings.SITE_URL.split("//")[-1].strip("/") or "brics-ttc"
    for item in items:
        lines += ["BEGIN:VEVENT", f"UID:{item['uid']}@{host}", f"DTSTAMP:{stamp}"]
        lines += [f"DTSTART:{_time(item['starts_at'])}", f"DTEND:{_time(item['ends_at'])}"]
        lines.append(f"SUMMARY:{_escape(item['summary'])}")
        for key, name in (("description", "DESCRIPTION"), ("location", "LOCATION"), ("url", "URL")):
            if item.get(key):
                lines.append(f"{name}:{_escape(item[key]) if key != 'url' else item[key]}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
