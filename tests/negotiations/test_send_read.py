"""The one-query read that decides a send (negotiations.services.messages._send_read) answers what the ORM answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.errors import NotFound
from negotiations.errors import NegotiationError
from negotiations.models import Block, Conversation, Message, Participant
from negotiations.selectors import conversation_get
from negotiations.services import message_post
from negotiations.services.messages import _send_read
from notifications.models import Notification
from tests.factories import ConversationFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in Conversation._meta.concrete_fields}


def _read(conversation_id: int, user, key: str = ""):
    with transaction.atomic():  # as the service reads it: under the row lock
        return _send_read(conversation_id, user, key)


def test_the_conversation_and_its_seats_are_read_as_stored():
    conversation = ConversationFactory()
    owner, requester = conversation.achievement.owner, conversation.requester
    owner.preferred_language = "es"
    owner.save(update_fields=["preferred_language"])
    read = _read(conversation.pk, requester)
    assert _fields(read.conversation) == _fields(Conversation.objects.get(pk=conversation.pk))
    expected = [
        {
            "id": seat.pk,
            "user_id": seat.user_id,
            "side": seat.side,
            "user__preferred_language": seat.user.preferred_language,
            "blocks_sender": False,
            # The opening message left the owner an unread notification; the requester has none.
            "notified": seat.user_id == owner.pk,
        }
        for seat in Participant.objects.filter(conversation=conversation).select_related("user").order_by("pk")
    ]
    assert read.seats == expected
    assert {seat["user__preferred_language"] for seat in read.seats} == {"es", requester.preferred_language}


def test_blocks_and_read_notifications_are_seen_per_seat():
    conversation = ConversationFactory()
    owner, requester = conversation.achievement.owner, conversation.requester
    Block.objects.create(blocker=owner, blocked=requester)
    Block.objects.create(blocker=owner, blocked=EnterpriseFactory())  # of someone else: not this sender
    Notification.objects.filter(recipient=owner).update(read_at=timezone.now())
    seats = {seat["user_id"]: seat for seat in _read(conversation.pk, requester).seats}
    assert (seats[owner.pk]["blocks_sender"], seats[owner.pk]["notified"]) == (True, False)
    assert seats[requester.pk]["blocks_sender"] is False
    assert _read(conversation.pk, owner).seats[0]["blocks_sender"] is False


def test_the_senders_recent_messages_and_keyed_message_are_found():
    conversation = ConversationFactory()
    requester = conversation.requester
    keyed, _created = message_post(conversation=conversation, user=requester, body="Keyed", idempotency_key="k-1")
    message_post(conversation=conversation, user=requester, body="Unkeyed one")
    message_post(conversation=conversation, user=requester, body="Unkeyed two")
    Message.objects.filter(body="Unkeyed two").update(created_at=timezone.now() - timedelta(minutes=2))
    read = _read(conversation.pk, requester, "k-1")
    # The opening message, the keyed one and the first unkeyed one: the last minute's.
    assert (read.sent_recently, read.original_id) == (3, keyed.pk)
    # Without a key, none of the unkeyed messages (all with an empty key) counts as the original.
    assert _read(conversation.pk, requester, "").original_id is None
    assert _read(conversation.pk, requester, "k-2").original_id is None
    assert _read(conversation.pk, conversation.achievement.owner, "k-1").original_id is None


def test_an_unknown_conversation_is_not_found():
    with pytest.raises(NegotiationError) as refused:
        _read(987_654, EnterpriseFactory())
    assert refused.value.code == "not_found"


def test_the_lean_seat_read_answers_what_the_orm_answers():
    conversation = ConversationFactory()
    requester = conversation.requester
    read, seat = conversation_get(pk=conversation.pk, user=requester, lean=True)
    stored = Participant.objects.select_related("conversation").get(conversation=conversation, user=requester)
    assert _fields(read) == _fields(stored.conversation)
    assert {field.attname: getattr(seat, field.attname) for field in Participant._meta.concrete_fields} == {
        field.attname: getattr(stored, field.attname) for field in Participant._meta.concrete_fields
    }
    assert seat.conversation is read
    with pytest.raises(NotFound):
        conversation_get(pk=conversation.pk, user=EnterpriseFactory(), lean=True)
