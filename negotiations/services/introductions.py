"""Staff introduce the two sides of a match (matchmaking): a conversation about the demand, opened for them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from achievements.models import Achievement
from demands.models import Demand
from marketplace.errors import NotAllowed
from marketplace.models import ModerationState
from negotiations.errors import NegotiationError
from negotiations.models import ACTIVE_STATES, Conversation, Message, Participant, Purpose, Side, SubjectType
from negotiations.services.common import clean_body, clean_language
from negotiations.services.conversations import owner_side
from negotiations.services.messages import after_commit


def conversation_introduce(*, staff, demand: Demand, achievement: Achievement, note: str) -> tuple[Conversation, bool]:
    """Introduce a published achievement's side to a published demand's side: a conversation about the demand, asked by
    the achievement's owner (its institution's administrators beside them) with the achievement offered, the staff
    member in it as mediator and their note as the first message. An open conversation of that owner about the demand
    is returned as it is; ``(conversation, created)``."""
    if not (staff.is_active and staff.is_staff):
        raise NotAllowed()
    if demand.state != ModerationState.PUBLISHED or achievement.state != ModerationState.PUBLISHED:
        raise NegotiationError(_("Only published listings can be introduced."), code="not_published")
    body = clean_body(note)
    demand_side = owner_side(demand)
    solution_side = [person for person in owner_side(achievement) if person.pk not in {p.pk for p in demand_side}]
    if not solution_side or achievement.owner_id in {person.pk for person in demand_side}:
        raise NegotiationError(_("Both listings belong to the same side."), code="same_side")
    with transaction.atomic():
        existing = (
            Conversation.objects.select_for_update()
            .filter(demand=demand, requester_id=achievement.owner_id, state__in=ACTIVE_STATES)
            .first()
        )
        if existing is not None:
            return existing, False
        conversation = Conversation.objects.create(
            subject_type=SubjectType.DEMAND, demand=demand, purpose=Purpose.SOLUTION, requester=achievement.owner
        )
        conversation.offered_achievements.set([achievement])
        Participant.objects.bulk_create(
            [Participant(conversation=conversation, user=person, side=Side.OWNER) for person in demand_side]
            + [Participant(conversation=conversation, user=person, side=Side.REQUESTER) for person in solution_side]
            + [Participant(conversation=conversation, user=staff, side=Side.STAFF)]
        )
        message = Message.objects.create(
            conversation=conversation,
            author=staff,
            body=body,
            language=clean_language(None, default=staff.preferred_language or settings.LANGUAGE_CODE),
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        Participant.objects.filter(conversation=conversation, user=staff).update(last_read_id=message.pk)
        after_commit(message, notify_kind="conversation.new")
    return conversation, True
