"""Reads of the notifications app."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications import registry
from notifications.models import Notification, NotificationPreference


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(recipient=user)
    return queryset.filter(read_at__isnull=True) if unread_only else queryset


def unread_count(*, user) -> int:
    """The navbar badge: one indexed count."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def channels_for(*, user_ids: set[int]) -> dict[tuple[int, str], str]:
    """``{(user id, kind): channel}`` of the stored preferences of these people."""
    rows = NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "kind", "channel")
    return {(user_id, kind): channel for user_id, kind, channel in rows}


def preferences_of(*, user) -> list[tuple[registry.Kind, str]]:
    """Every registered kind with ``user``'s channel for it (their choice, else the kind's default)."""
    stored = channels_for(user_ids={user.pk})
    return [(kind, stored.get((user.pk, kind.code), kind.default_channel)) for kind in registry.all_kinds()]
