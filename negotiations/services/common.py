"""Pieces the negotiation services share: input checks, the live broadcast, notifications of the other side."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils.translation import gettext as _

from negotiations.errors import NegotiationError
from negotiations.models import BODY_MAX_CHARS, Conversation, Participant, Side
from negotiations.selectors import conversation_nda_text

logger = logging.getLogger(__name__)


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def clean_body(body: str, *, required: bool = True) -> str:
    """The message text as stored: no NUL or other control characters but line breaks and tabs, within the limit."""
    if not isinstance(body, str):
        raise NegotiationError(_("The message must be text."), code="invalid_body")
    if "\x00" in body:
        raise NegotiationError(_("The message contains a NUL character."), code="invalid_body")
    text = "".join(ch for ch in body if ch in "\n\t" or (ch >= " " and ch != "\x7f")).strip()
    if required and not text:
        raise NegotiationError(_("Write a message."), code="empty_body")
    if len(text) > BODY_MAX_CHARS:
        raise NegotiationError(
            _("The message is too long (at most %(limit)s characters).") % {"limit": BODY_MAX_CHARS},
            code="body_too_long",
        )
    return text


def clean_language(language: str | None, *, default: str) -> str:
    if not language:
        return default
    if language not in dict(settings.LANGUAGES):
        raise NegotiationError(_("Unknown language code."), code="invalid_language")
    return language


def broadcast(conversation_id: int, event: dict) -> None:
    """Send an event to the conversation's open pages (call it after commit: only committed facts are announced)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(conversation_group(conversation_id), event)
    except Exception:  # committed already; a lost push is repaired by the page's reconnect fetch (cursor by id)
        logger.warning("Live update of conversation %s not sent", conversation_id, exc_info=True)


def other_seats(conversation: Conversation, user) -> list[Participant]:
    return list(conversation.participants.exclude(user=user).select_related("user"))


def check_may_mark_confidential(*, conversation: Conversation, side: str | None) -> None:
    """Only the listing's side marks files confidential, and only where an NDA exists to open them with."""
    if side != Side.OWNER:
        raise NegotiationError(
            _("Only the listing's side can mark files as confidential."), code="not_owner_side", status=403
        )
    if not conversation_nda_text(conversation):
        raise NegotiationError(
            _("This listing has no NDA: add one to the achievement before marking files as confidential."),
            code="no_nda",
            status=409,
        )
