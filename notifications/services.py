"""Writes of the notifications app: send one, read them, choose e-mail, and the delayed / digest e-mail runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.emails import absolute_url, send_templated_mail
from notifications import registry
from notifications.models import ChannelChoice, Notification, NotificationPreference
from notifications.registry import Channel
from notifications.selectors import channels_for

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def notification_send(
    *, recipient, kind: str, context: dict | None = None, url: str = "", group: str = ""
) -> Notification | None:
    """Record a notification for ``recipient`` (in-app now; e-mailed later by the e-mail runs if still unread)."""
    if recipient is None or not recipient.is_active:
        return None
    return Notification.objects.create(recipient=recipient, kind=kind, context=context or {}, url=url, group=group)


def notifications_mark_read(*, user, ids: Iterable[int] | None = None, group: str | None = None) -> int:
    """Mark ``user``'s unread notifications read: all, those of ``ids``, or those of a ``group``; returns how many."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    if group is not None:
        queryset = queryset.filter(group=group)
    return queryset.update(read_at=timezone.now())


def notification_preferences_set(*, user, channels: dict[str, str]) -> None:
    """Store ``user``'s e-mail choice per kind (``{kind: immediate|digest|off}``)."""
    valid = {choice for choice, _label in ChannelChoice.choices}
    with transaction.atomic():
        for kind, channel in channels.items():
            if channel not in valid:
                continue
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


def unsubscribe_token(*, user, kind: str = "") -> str:
    """A signed token that turns e-mail off for one kind (or all kinds when ``kind`` is empty), with no sign-in."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """``(user id, kind)`` of a valid token, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


def notification_unsubscribe(*, user, kind: str) -> None:
    """Turn e-mail off for ``kind`` (every registered kind when empty)."""
    kinds = [kind] if kind else [k.code for k in registry.all_kinds()]
    notification_preferences_set(user=user, channels=dict.fromkeys(kinds, Channel.OFF))


def _claim(candidates, mode: str) -> dict[int, list[Notification]]:
    """Mark the candidates e-mailed, per recipient, keeping those whose recipient chose ``mode`` for their kind."""
    rows = list(candidates.select_related("recipient"))
    channels = channels_for(user_ids={row.recipient_id for row in rows})
    per_recipient: dict[int, list[Notification]] = defaultdict(list)
    now = timezone.now()
    claimed: list[int] = []
    for row in rows:
        channel = channels.get((row.recipient_id, row.kind)) or registry.get(row.kind).default_channel
        if channel == Channel.OFF:
            claimed.append(row.pk)  # never to be e-mailed: take it off the job's list
        elif channel == mode:
            claimed.append(row.pk)
            per_recipient[row.recipient_id].append(row)
    Notification.objects.filter(pk__in=claimed).update(emailed_at=now)
    return per_recipient


def notifications_email(*, mode: str, now=None) -> int:
    """E-mail what is still unread: ``immediate`` ones older than NOTIFICATION_EMAIL_DELAY, batched per person, or
    the ``digest`` of the last day; returns the number of e-mails sent."""
    now = now or timezone.now()
    candidates = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
    if mode == Channel.IMMEDIATE:
        candidates = candidates.filter(created_at__lte=now - timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY))
    else:
        candidates = candidates.filter(created_at__gte=now - timedelta(days=1))
    with transaction.atomic():
        # Two overlapping runs (two beats, a slow run) must not e-mail the same notifications twice: each takes the
        # rows it will mail under a row lock and skips those another run holds.
        locked = candidates.select_for_update(skip_locked=True, of=("self",)).order_by("recipient_id", "created_at")
        per_recipient = _claim(locked[: settings.NOTIFICATION_EMAIL_BATCH], mode)
        batches = [(rows[0].recipient, rows) for rows in per_recipient.values()]
        transaction.on_commit(lambda: [_email(recipient, rows, mode) for recipient, rows in batches])
    return len(batches)


def _email(recipient, rows: list[Notification], mode: str) -> None:
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        items = [
            {"title": row.title, "body": row.body, "url": absolute_url(row.url) if row.url else ""} for row in rows
        ]
        token = unsubscribe_token(user=recipient)
        unsubscribe = absolute_url(reverse("notifications:unsubscribe", args=[token]))
        context = {
            "recipient": recipient,
            "items": items,
            "digest": mode == Channel.DIGEST,
            "inbox_url": absolute_url(reverse("notifications:list")),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe,
        }
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    send_templated_mail(
        to=[recipient.email], language=language, template="notifications", context=context, headers=headers
    )
