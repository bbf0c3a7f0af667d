"""Sending a message (idempotent, throttled, announced after commit) and translating it for each reader."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from marketplace.sql import fetch_instances
from marketplace.uploads import check_upload
from negotiations.errors import NegotiationError
from negotiations.models import (
    ACTIVE_STATES,
    Block,
    Conversation,
    ConversationState,
    Message,
    MessageAttachment,
    MessageTranslation,
    Participant,
    Side,
    TranslationState,
)
from negotiations.selectors import staff_may_read
from negotiations.services.common import broadcast, check_may_mark_confidential, clean_body, clean_language
from notifications.models import Notification
from notifications.services import notification_send
from translation.router import NoRoute, Router
from translation.text import source_hash, translate_text

MAX_FILES_PER_MESSAGE = 5


def message_payload(message: Message) -> dict:
    """The public shape of a message on the websocket and in the API (``display`` is added per reader)."""
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": {"id": message.author_id, "name": str(message.author) if message.author_id else ""},
        "language": message.language,
        "body": message.body,
        "event": message.event,
        "event_data": message.event_data,
        "created_at": message.created_at.isoformat(),
        "attachments": [
            {"id": a.pk, "name": a.original_name, "size": a.size, "confidential": a.is_confidential}
            for a in getattr(message, "_new_attachments", [])
        ],
    }


def replayed(user, key: str, body: str) -> Message | None:
    """The message an earlier request with the same idempotency key created (its body must be the same)."""
    if not key:
        return None
    return _same_request(Message.objects.filter(author=user, idempotency_key=key).first(), body)


def _same_request(original: Message | None, body: str) -> Message | None:
    if original is not None and original.body != body:
        raise NegotiationError(
            _("This idempotency key was already used for another message."), code="idempotency_key_reused", status=409
        )
    return original


def _staff_seat(conversation: Conversation, user, seats: list[dict]) -> dict:
    """Staff join the conversation they mediate (or whose report they handle) when they first write in it."""
    if not staff_may_read(user, conversation):
        raise NegotiationError(code="not_found", status=404)
    seat = Participant.objects.create(conversation=conversation, user=user, side=Side.STAFF)
    row = {"id": seat.pk, "user_id": user.pk, "side": Side.STAFF, "user__preferred_language": user.preferred_language}
    seats.append(row)
    return row


def _seats(conversation_id: int, *, sender=None) -> list[dict]:
    """The participants with what sending needs of them (side, reading language), in one query; with ``sender``,
    also whether each of them blocked the sender (``blocks_sender``)."""
    seats = Participant.objects.filter(conversation_id=conversation_id)
    fields = ["id", "user_id", "side", "user__preferred_language"]
    if sender is not None:
        seats = seats.annotate(
            blocks_sender=Exists(Block.objects.filter(blocker_id=OuterRef("user_id"), blocked=sender))
        )
        fields.append("blocks_sender")
    return list(seats.values(*fields))


def after_commit(
    message: Message, *, seats: list[dict] | None = None, notify_kind: str = "conversation.message"
) -> None:
    """Announce a committed message live, schedule its translations, tell the other side (inside the transaction).
    ``seats`` as ``_seats`` reads them; with a ``notified`` flag on each (the send's read), no query for it here."""
    conversation_id = message.conversation_id
    seats = _seats(conversation_id) if seats is None else seats
    payload = message_payload(message)
    languages = sorted({s["user__preferred_language"] for s in seats} - {message.language, ""}) if message.body else []

    def announce() -> None:
        broadcast(conversation_id, {"type": "conversation.message", "message": payload})
        for language in languages:
            # After the commit already (announce runs on commit): this enqueues at once.
            enqueue_on_commit("negotiations.tasks.message_translate_task", message.pk, language)

    transaction.on_commit(announce)
    others = [s for s in seats if s["user_id"] != message.author_id]
    waiting = {s["user_id"] for s in others if s["notified"]} if all("notified" in s for s in others) else None
    _notify(message, [s["user_id"] for s in others], notify_kind, waiting=waiting)


def _notify(message: Message, recipients: list[int], kind: str, *, waiting: set[int] | None = None) -> None:
    """One unread notification per conversation is enough: later messages wait behind it (and share its e-mail).
    ``waiting``: the recipients who have one already, when the caller read them."""
    group = f"conversation:{message.conversation_id}"
    if waiting is None:
        waiting = set(
            Notification.objects.filter(recipient_id__in=recipients, group=group, read_at__isnull=True).values_list(
                "recipient_id", flat=True
            )
        )
    todo = [user_id for user_id in recipients if user_id not in waiting]
    if not todo:
        return
    # Only the one listing the conversation is about: joining all three kinds (each with its columns in every
    # language) cost more to build than the rest of a send.
    conversation = message.conversation
    context = {"who": str(message.author) if message.author_id else "", "title": str(conversation.subject)}
    for user in get_user_model().objects.filter(pk__in=todo):
        notification_send(recipient=user, kind=kind, context=context, url=conversation.get_absolute_url(), group=group)


@functools.cache
def _send_read_sql(vendor: str, *, lock: bool) -> str:
    """The query of ``_send_read``, built once per database vendor from the models' table and column names."""
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    # Only identifiers from the models' metadata are formatted in; every value is a parameter.
    sql = (
        "SELECT c.*, p.id AS seat_id, p.user_id AS seat_user_id, p.side AS seat_side, "  # noqa: S608
        f"u.{quote('preferred_language')} AS seat_language, "
        f"EXISTS (SELECT 1 FROM {table(Block)} b WHERE b.blocker_id = p.user_id AND b.blocked_id = %s) "
        "AS blocks_sender, "
        f"EXISTS (SELECT 1 FROM {table(Notification)} n WHERE n.recipient_id = p.user_id AND n.{quote('group')} = %s "
        "AND n.read_at IS NULL) AS notified, "
        f"(SELECT COUNT(*) FROM {table(Message)} m WHERE m.author_id = %s AND m.created_at >= %s) AS sent_recently, "
        f"(SELECT m.id FROM {table(Message)} m WHERE m.author_id = %s AND m.idempotency_key = %s "
        "AND m.idempotency_key <> '') AS original_id "
        f"FROM {table(Conversation)} c "
        f"LEFT OUTER JOIN {table(Participant)} p ON p.conversation_id = c.id "
        f"LEFT OUTER JOIN {table(get_user_model())} u ON u.id = p.user_id "
        "WHERE c.id = %s ORDER BY p.id"
    )
    if lock:
        sql += " " + connection.ops.for_update_sql(of=("c",))  # the conversation row only, not the joined ones
    return sql


@dataclass
class _SendRead:
    conversation: Conversation
    seats: list[dict]  # as ``_seats`` reads them, with ``blocks_sender`` and ``notified``
    sent_recently: int  # the sender's messages of the last minute (the rate limit)
    original_id: int | None  # the sender's message with this idempotency key, if any


def _send_read(conversation_id: int, user, key: str) -> _SendRead:
    """Everything deciding a send reads, in one query, under the conversation's row lock: the conversation, its
    participants (reading language, whether they blocked the sender, whether an unread notification of this
    conversation already waits for them), the sender's count of messages in the last minute and their message with
    this idempotency key. NegotiationError ``not_found`` when the conversation does not exist.

    Hand-written SQL, as the bid's read (trading.services.bids._bid_read): the ORM queries it replaces (five) cost
    more CPU to build than to run, on every message (``make bench-chat``); tests/negotiations/test_send_read.py
    compares its answer with the ORM's.
    """
    sql = _send_read_sql(connection.vendor, lock=connection.features.has_select_for_update)
    since = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(minutes=1))
    group = f"conversation:{conversation_id}"
    rows = fetch_instances(Conversation, sql, [user.pk, group, user.pk, since, user.pk, key, conversation_id])
    if not rows:
        raise NegotiationError(code="not_found", status=404)
    seats = [
        {
            "id": row.seat_id,
            "user_id": row.seat_user_id,
            "side": row.seat_side,
            "user__preferred_language": row.seat_language,
            "blocks_sender": bool(row.blocks_sender),
            "notified": bool(row.notified),
        }
        for row in rows
        if row.seat_id is not None
    ]
    first = rows[0]
    return _SendRead(
        conversation=first, seats=seats, sent_recently=first.sent_recently or 0, original_id=first.original_id
    )


def message_post(
    *,
    conversation: Conversation,
    user,
    body: str,
    language: str | None = None,
    files: list | None = None,
    idempotency_key: str = "",
    confidential: bool = False,
) -> tuple[Message, bool]:
    """Post a message as ``user``; returns ``(message, created)`` (False: a retry with the same idempotency key).
    ``confidential``: its files open for the requester's side only after they accept the listing's NDA."""
    body = clean_body(body, required=not files)
    key = (idempotency_key or "")[:100]
    language = clean_language(language, default=user.preferred_language)
    checked = [check_upload(upload) for upload in (files or [])]
    if len(checked) > MAX_FILES_PER_MESSAGE:
        raise NegotiationError(
            _("At most %(limit)s files per message.") % {"limit": MAX_FILES_PER_MESSAGE}, code="too_many_files"
        )
    try:
        with transaction.atomic():
            # The lock serialises the state checks and the thread's order with other sends and with an outcome
            # being set; a retry and its original, and one author's sends against the rate limit, queue behind it.
            read = _send_read(conversation.pk, user, key)
            if read.original_id is not None:
                return _same_request(Message.objects.get(pk=read.original_id), body), False
            if read.sent_recently >= settings.NEGOTIATION_MESSAGES_PER_MINUTE:
                raise NegotiationError(
                    _("You are sending messages too fast; wait a minute."), code="throttled", status=429
                )
            locked, seats = read.conversation, read.seats
            if locked.state not in ACTIVE_STATES:
                raise NegotiationError(_("This conversation is closed."), code="conversation_closed", status=409)
            seat = next((s for s in seats if s["user_id"] == user.pk), None) or _staff_seat(locked, user, seats)
            if any(s.get("blocks_sender") for s in seats if s["user_id"] != user.pk):
                raise NegotiationError(_("You cannot write in this conversation."), code="blocked", status=403)
            confidential = bool(confidential and checked)
            if confidential:
                check_may_mark_confidential(conversation=conversation, side=seat["side"])
            marked = {"confidential_marked_by": user, "confidential_marked_at": timezone.now()} if confidential else {}
            message = Message.objects.create(
                conversation=locked, author=user, body=body, language=language, idempotency_key=key
            )
            message._new_attachments = [
                MessageAttachment.objects.create(
                    message=message,
                    file=item.file,
                    original_name=item.name,
                    content_type=item.content_type,
                    size=item.size,
                    uploaded_by=user,
                    is_confidential=confidential,
                    **marked,
                )
                for item in checked
            ]
            changes = {"last_message_at": message.created_at}
            if locked.state == ConversationState.OPEN and seat["side"] == Side.OWNER:
                changes["state"] = ConversationState.NEGOTIATING  # the owner's side answered: negotiation starts
            Conversation.objects.filter(pk=locked.pk).update(**changes)
            Participant.objects.filter(pk=seat["id"]).update(last_read_id=message.pk)
            after_commit(message, seats=seats)
    except IntegrityError:
        # The same key committed by a concurrent request between our look and our insert.
        original = replayed(user, key, body)
        if original is None:
            raise
        return original, False
    return message, True


def message_translation_run(*, message_id: int, language: str) -> MessageTranslation | None:
    """Translate one message into one language, once (idempotent); ProviderError means try again later."""
    message = Message.objects.filter(pk=message_id).first()
    if message is None or not message.body or message.language == language:
        return None
    digest = source_hash(message.body)
    existing = MessageTranslation.objects.filter(message=message, language=language, source_hash=digest).first()
    if existing is not None:
        return existing
    router = Router()

    def engine(chunks: list[str]) -> tuple[list[str], str]:
        result = router.translate(chunks, message.language, language)
        return result.texts, result.provider

    try:
        text, provider = translate_text(message.body, limit=settings.TRANSLATION_CHUNK_CHARS, translate=engine)
        status = TranslationState.DONE
    except NoRoute:
        text, provider, status = "", "", TranslationState.UNAVAILABLE
    with transaction.atomic():
        # A message is never edited, but a translation of another version of its text must not stay behind it.
        current = Message.objects.select_for_update().filter(pk=message_id).values_list("body", flat=True).first()
        if current is None or source_hash(current) != digest:
            return None
        record, _created = MessageTranslation.objects.update_or_create(
            message_id=message_id,
            language=language,
            defaults={"text": text, "status": status, "provider": provider, "source_hash": digest},
        )
        conversation_id = message.conversation_id
        event = {
            "type": "conversation.translation",
            "message": message_id,
            "language": language,
            "text": text,
            "status": status,
        }
        transaction.on_commit(lambda: broadcast(conversation_id, event))
    return record
