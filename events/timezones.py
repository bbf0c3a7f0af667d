"""Times in the reader's zone with the zone named: an event in Kunming reads "09:00 (Asia/Shanghai)" there and
"22:00 (America/Sao_Paulo)" for a reader in São Paulo.

The reader's zone comes from ``?tz=`` or the ``tz`` cookie that ``static/js/events.js`` sets from the browser
(``Intl.DateTimeFormat().resolvedOptions().timeZone``); without either, times are shown in the event's own zone.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import lru_cache
from urllib.parse import unquote

from django.utils import timezone

COOKIE = "tz"


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def parse_zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """A zone from an untrusted name, or None (unknown names are ignored, never an error)."""
    if not name or len(name) > 64 or name not in _known():
        return None
    return zoneinfo.ZoneInfo(name)


def reader_zone(request) -> zoneinfo.ZoneInfo | None:
    # The script stores the name URL-encoded ("America%2FSao_Paulo"); Django hands cookies over as sent.
    return parse_zone(request.GET.get("tz")) or parse_zone(unquote(request.COOKIES.get(COOKIE, "")))


def utc_offset(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """``UTC+08:00`` for ``moment`` in ``zone``."""
    offset = timezone.localtime(moment, zone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"
