"""What waits for center staff, shown on the admin home: each app registers its queues here from its AppConfig.ready().

The ground floor knows no app above it: a queue is a label, a count and the admin page that lists its items, given by
the app that owns them (pending listings, translations to review, deposits to confirm, reported messages, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse


@dataclass(frozen=True)
class StaffQueue:
    """One queue: ``count()`` is a cheap indexed COUNT; ``url_name`` is an admin changelist that opens on the queue."""

    key: str
    label: str
    count: Callable[[], int]
    url_name: str
    permission: str
    query: str = ""


_QUEUES: dict[str, StaffQueue] = {}


def staff_queue_register(queue: StaffQueue) -> None:
    """Add (or replace, by key) a queue on the admin home; called from an AppConfig.ready()."""
    _QUEUES[queue.key] = queue


def staff_queues_for(*, user: AbstractBaseUser) -> list[dict]:
    """The queues this staff member may open, with their counts, in registration order."""
    rows = []
    for queue in _QUEUES.values():
        if not user.has_perm(queue.permission):
            continue
        url = reverse(queue.url_name) + (f"?{queue.query}" if queue.query else "")
        rows.append({"key": queue.key, "label": queue.label, "count": queue.count(), "url": url})
    return rows
