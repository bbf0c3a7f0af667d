from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def badge(request) -> dict:
    """The navbar's unread count, counted only when a template shows it."""
    user = getattr(request, "user", None)
    return {"UNREAD_NOTIFICATIONS": SimpleLazyObject(lambda: unread_count(user=user))}
