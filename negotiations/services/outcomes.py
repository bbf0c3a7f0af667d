"""A conversation's outcome: in negotiation, agreement reached (→ a trading deal) or closed with a reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.models import Currency
from negotiations.errors import NegotiationError
from negotiations.models import (
    ACTIVE_STATES,
    CloseReason,
    Conversation,
    ConversationState,
    Message,
    Participant,
    Side,
    SubjectType,
)
from negotiations.services.messages import after_commit
from trading.services import deal_from_negotiation


def _agreement_parties(conversation: Conversation, achievement_id) -> tuple:
    """(achievement, buyer) of the deal: the inquired achievement and the requester, or for a proposal to a demand
    one of the offered achievements and the demand's owner."""
    if conversation.subject_type == SubjectType.ACHIEVEMENT:
        return conversation.achievement, conversation.requester
    offered = {a.pk: a for a in conversation.offered_achievements.all()}
    try:
        chosen = offered.get(int(achievement_id)) if achievement_id is not None else None
    except (TypeError, ValueError):
        chosen = None
    if chosen is None and len(offered) == 1:
        chosen = next(iter(offered.values()))
    if chosen is None:
        raise NegotiationError(
            _("Choose which of the offered achievements the agreement is about."), code="achievement_required"
        )
    return chosen, conversation.demand.owner


def _price(price, currency: str) -> Decimal:
    try:
        amount = Decimal(str(price))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal("1e13"):
        raise NegotiationError(_("Give the agreed price."), code="invalid_price")
    if currency not in Currency.values:
        raise NegotiationError(_("Choose the currency of the price."), code="invalid_currency")
    return amount.quantize(Decimal("0.01"))


def outcome_set(
    *,
    conversation: Conversation,
    user,
    state: str,
    reason: str = "",
    note: str = "",
    price=None,
    currency: str = "",
    achievement_id=None,
) -> Conversation:
    """Move the conversation to ``negotiating``, ``agreed`` (recording a negotiated deal) or ``closed`` (a reason)."""
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        raise NegotiationError(code="not_found", status=404)
    if seat.side == Side.STAFF:
        raise NegotiationError(_("Only the two sides decide the outcome."), code="permission_denied", status=403)
    note = (note or "").strip()[:2000]
    if state not in (ConversationState.NEGOTIATING, ConversationState.AGREED, ConversationState.CLOSED):
        raise NegotiationError(_("Unknown outcome."), code="invalid_state")
    if state == ConversationState.CLOSED and reason not in CloseReason.values:
        raise NegotiationError(_("Choose why the conversation ends."), code="reason_required")
    amount = _price(price, currency) if state == ConversationState.AGREED else None
    with transaction.atomic():
        # Both sides may press "agreement reached" at once: one deal only.
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.state not in ACTIVE_STATES or (
            state == ConversationState.NEGOTIATING and locked.state == ConversationState.NEGOTIATING
        ):
            raise NegotiationError(
                _("This is not possible in the conversation's current status."), code="invalid_state", status=409
            )
        changes: dict = {"state": state}
        data: dict = {"state": state}
        if state == ConversationState.AGREED and locked.subject_type == SubjectType.PROJECT:
            # An investment in a project is agreed here and contracted outside trading (no deal of one achievement).
            data.update(price=str(amount), currency=currency)
        elif state == ConversationState.AGREED:
            achievement, buyer = _agreement_parties(locked, achievement_id)
            deal = deal_from_negotiation(
                actor=user, achievement=achievement, buyer=buyer, price=amount, currency=currency, notes=note
            )
            changes["deal"] = deal
            data.update(deal=deal.pk, price=str(amount), currency=currency)
        if state == ConversationState.CLOSED:
            changes.update(close_reason=reason, close_note=note)
            data["reason"] = reason
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changes))
        message = Message.objects.create(
            conversation=locked, author=user, language=user.preferred_language, event="outcome", event_data=data
        )
        Conversation.objects.filter(pk=locked.pk).update(last_message_at=message.created_at)
        after_commit(message)
    return locked
