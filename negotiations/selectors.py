"""Reads of conversations, with their visibility rule: participants only (staff once mediation or a report asks)."""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.utils.translation import gettext as _

from achievements.models import Achievement, NdaAcceptance
from achievements.selectors import achievement_dossier_open
from demands.models import Demand
from marketplace.errors import NotFound
from marketplace.models import ModerationState
from marketplace.sql import fetch_instances
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
    SubjectType,
    TranslationState,
)
from projects.models import Project

MESSAGES_PAGE = 200


def reader_language(user, fallback: str) -> str:
    """The language a person reads conversations in: their preferred language, else the page's."""
    return getattr(user, "preferred_language", "") or fallback


def staff_may_read(user, conversation: Conversation) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff and conversation.staff_may_read)


def conversation_get(*, pk: int, user, lean: bool = False) -> tuple[Conversation, Participant | None]:
    """The conversation and the user's seat in it; NotFound (404) for anyone who may not read it. ``lean``: the
    conversation row alone (sending, the websocket), without its listing's many translated columns."""
    if not user.is_authenticated or not user.is_active:
        raise NotFound()
    related = () if lean else ("achievement", "demand", "project", "deal")
    # A participant (every request of a live thread) is found with the conversation in one query; only someone
    # without a seat (staff, or a refusal) costs a second.
    if lean:
        seat = _lean_seat(pk, user)
    else:
        seat = (
            Participant.objects.select_related("conversation", *(f"conversation__{name}" for name in related))
            .filter(conversation_id=pk, user=user)
            .first()
        )
    if seat is not None:
        return seat.conversation, seat
    rows = Conversation.objects.select_related(*related) if related else Conversation.objects
    conversation = rows.filter(pk=pk).first()
    if conversation is None or not staff_may_read(user, conversation):
        raise NotFound()
    return conversation, None


# The seat's columns ``conversation_get(lean=True)`` reads; the others load when first used.
_SEAT_FIELDS = ("id", "conversation_id", "user_id", "side", "last_read_id")


@functools.cache
def _lean_seat_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(f"p.{quote(name)} AS {quote('seat__' + name)}" for name in _SEAT_FIELDS)
    # Only identifiers from the models' metadata are formatted in; every value is a parameter.
    return (
        f"SELECT c.*, {columns} FROM {quote(Participant._meta.db_table)} p "  # noqa: S608
        f"INNER JOIN {quote(Conversation._meta.db_table)} c ON c.id = p.conversation_id "
        "WHERE p.conversation_id = %s AND p.user_id = %s"
    )


def _lean_seat(pk: int, user) -> Participant | None:
    """The user's seat with its conversation row, from a fixed statement: every message sent and every websocket
    opened reads it, and the ORM's query cost more CPU to build than to run (``make bench-chat``)."""
    rows = fetch_instances(Conversation, _lean_seat_sql(connection.vendor), [pk, user.pk])
    if not rows:
        return None
    conversation = rows[0]
    seat = Participant.from_db(
        connection.alias, list(_SEAT_FIELDS), [getattr(conversation, f"seat__{name}") for name in _SEAT_FIELDS]
    )
    seat.conversation = conversation
    return seat


def conversation_nda_text(conversation: Conversation) -> str:
    """The NDA that guards the conversation's confidential files: its achievement's (demands and projects have none)."""
    achievement = conversation.achievement if conversation.subject_type == SubjectType.ACHIEVEMENT else None
    return achievement.nda_text if achievement is not None else ""


def confidential_files_open(*, conversation: Conversation, user, seat: Participant | None) -> bool:
    """May the reader (who may read the conversation) open its confidential files? The listing's side and staff
    always; the requester's side once each of them accepted the achievement's current NDA."""
    if seat is None or seat.side in (Side.OWNER, Side.STAFF):
        return True  # no seat: staff reading a mediated or reported conversation (conversation_get let them in)
    if not conversation_nda_text(conversation):
        return False
    return achievement_dossier_open(achievement=conversation.achievement, user=user)


def conversation_nda(*, conversation: Conversation, user, seat: Participant | None) -> dict | None:
    """The NDA panel of a conversation about an achievement with an NDA: its text, whether the reader's confidential
    files are open, when the reader accepted it, and who of the requester's side accepted the current version."""
    text = conversation_nda_text(conversation)
    if not text:
        return None
    achievement = conversation.achievement
    requester_ids = conversation.participants.filter(side=Side.REQUESTER).values("user_id")
    acceptances = list(
        NdaAcceptance.objects.filter(achievement=achievement, nda_hash=achievement.nda_hash, user_id__in=requester_ids)
        .select_related("user")
        .order_by("accepted_at")
    )
    mine = next((a for a in acceptances if a.user_id == user.pk), None)
    return {
        "text": text,
        "files_open": confidential_files_open(conversation=conversation, user=user, seat=seat),
        "must_accept": seat is not None and seat.side == Side.REQUESTER and mine is None,
        "accepted_at": mine.accepted_at if mine else None,
        "acceptances": acceptances,
    }


def attachment_get(*, pk: int, user) -> MessageAttachment:
    """A conversation file the user may download: NotFound (404) unless they may read its conversation;
    NegotiationError ``nda_required`` (403) for a confidential file the requester's side has not unlocked."""
    attachment = MessageAttachment.objects.select_related("message").filter(pk=pk).first()
    if attachment is None:
        raise NotFound()
    conversation, seat = conversation_get(pk=attachment.message.conversation_id, user=user)
    if attachment.is_confidential and not confidential_files_open(conversation=conversation, user=user, seat=seat):
        raise NegotiationError(
            _("This file is confidential: accept the NDA of the listing in the conversation to open it."),
            code="nda_required",
            status=403,
        )
    return attachment


def participants_of(*, conversation: Conversation) -> list[Participant]:
    return list(conversation.participants.select_related("user").order_by("side", "joined_at"))


def _unread_filter(user) -> Q:
    return Q(conversation__messages__id__gt=F("last_read_id")) & ~Q(conversation__messages__author=user)


def conversation_list(
    *, user, unread_only: bool = False, state: str = "", subject_type: str = "", subject_id: int | None = None
) -> QuerySet[Participant]:
    """The user's seats, newest activity first, each with ``unread`` (messages by others after their read mark)."""
    seats = (
        Participant.objects.filter(user=user)
        .select_related(
            "conversation__achievement", "conversation__demand", "conversation__project", "conversation__requester"
        )
        .annotate(unread=Count("conversation__messages", filter=_unread_filter(user)))
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "-conversation_id")
    )
    if state in ConversationState.values:
        seats = seats.filter(conversation__state=state)
    if subject_type in SubjectType.values and subject_id:
        seats = seats.filter(**{f"conversation__{subject_type}_id": subject_id})
    if unread_only:
        seats = seats.filter(unread__gt=0)
    return seats


def unread_conversations(*, user) -> int:
    """The navbar's inbox badge: conversations with at least one unread message (one query)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    newer = Message.objects.filter(
        conversation_id=OuterRef("conversation_id"), id__gt=OuterRef("last_read_id")
    ).exclude(author=user)
    return Participant.objects.filter(user=user).filter(Exists(newer)).count()


def messages_after(*, conversation: Conversation, after: int = 0, limit: int = MESSAGES_PAGE) -> list[Message]:
    """Messages with an id above ``after`` (the reconnect cursor), oldest first, with authors and attachments."""
    return list(
        conversation.messages.filter(id__gt=after)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("id")[:limit]
    )


def translations_for(*, messages: list[Message], language: str) -> dict[int, MessageTranslation]:
    rows = MessageTranslation.objects.filter(message__in=[m.pk for m in messages], language=language)
    return {row.message_id: row for row in rows}


def display_for(message: Message, language: str, translation: MessageTranslation | None) -> dict:
    """What the reader sees: the translation into their language when one exists, else the original."""
    if message.language == language or translation is None or translation.status != TranslationState.DONE:
        return {
            "language": message.language,
            "text": message.body,
            "machine_translated": False,
            "unavailable": translation is not None and translation.status == TranslationState.UNAVAILABLE,
        }
    return {"language": language, "text": translation.text, "machine_translated": True, "unavailable": False}


def listing_conversation_counts(*, subject_type: str, subject_id: int) -> dict[str, int]:
    """How many inquiries / proposals a listing received (the owner's panel)."""
    rows = Conversation.objects.filter(**{f"{subject_type}_id": subject_id}).aggregate(
        total=Count("id"), active=Count("id", filter=Q(state__in=("open", "negotiating")))
    )
    return {"total": rows["total"] or 0, "active": rows["active"] or 0}


def conversation_subject(*, subject_type: str, subject_id) -> Achievement | Demand | Project:
    """The published listing a conversation may be opened about; NegotiationError (404) otherwise."""
    model = {SubjectType.ACHIEVEMENT: Achievement, SubjectType.DEMAND: Demand, SubjectType.PROJECT: Project}.get(
        subject_type
    )
    if model is None:
        raise NegotiationError(_("Choose an achievement or a demand."), code="invalid_subject_type")
    try:
        pk = int(subject_id)
    except (TypeError, ValueError):
        pk = None
    listing = (
        model.objects.filter(pk=pk, state=ModerationState.PUBLISHED).select_related("owner").first() if pk else None
    )
    if listing is None:
        raise NegotiationError(
            _("This listing does not exist or is not published."), code="unknown_subject", status=404
        )
    return listing


def project_conversation_id(*, project_id: int, user) -> int | None:
    """The user's latest conversation about a project as the interested side (active first), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Conversation.objects.filter(project_id=project_id, participants__user=user, participants__side=Side.REQUESTER)
        .order_by(Case(When(state__in=ACTIVE_STATES, then=0), default=1), "-id")
        .values_list("pk", flat=True)
        .first()
    )


def blocked_between(*, user, others: list[int]) -> bool:
    """Has any of ``others`` blocked ``user``?"""
    return Block.objects.filter(blocker_id__in=others, blocked=user).exists()


def blocked_by(*, user) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked")
