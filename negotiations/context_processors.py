from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from negotiations.selectors import unread_conversations


def inbox(request) -> dict:
    """The navbar's inbox count (conversations with unread messages), counted only when a template shows it."""
    user = getattr(request, "user", None)
    return {"INBOX_UNREAD": SimpleLazyObject(lambda: unread_conversations(user=user))}
