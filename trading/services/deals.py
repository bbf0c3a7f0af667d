"""Deals: recorded by an auction's close or by staff (negotiated sales, contracts under an MOU), then moved along
pending signature → signed → completed, or cancelled."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import Achievement
from marketplace.audit import log_action
from marketplace.permissions import member_institution_ids
from trading.errors import TradingError
from trading.lots import lot_achievement_ids
from trading.models import Auction, Deal, DealEvent, DealSource, DealStatus, Participant


def deal_from_auction(auction: Auction, winner: Participant, price: Decimal, now: datetime) -> Deal:
    buyer_institutions = sorted(member_institution_ids(winner.user))
    deal = Deal.objects.create(
        achievement=auction.achievement,
        project=auction.project,
        auction=auction,
        source=DealSource.AUCTION,
        seller=auction.seller,
        seller_institution_id=auction.lot.institution_id,
        buyer=winner.user,
        buyer_institution_id=buyer_institutions[0] if buyer_institutions else None,
        price=price,
        currency=auction.currency,
        agreed_on=timezone.localdate(now),
    )
    log_action(DealEvent, actor=None, deal=deal, to_status=deal.status)
    Achievement.objects.filter(pk__in=lot_achievement_ids(auction.lot)).update(under_transfer=True)
    return deal


def deal_record(
    *,
    actor,
    achievement: Achievement,
    buyer,
    price: Decimal,
    currency: str,
    agreed_on: date,
    source: str = DealSource.NEGOTIATED,
    buyer_institution=None,
    notes: str = "",
) -> Deal:
    """Staff record a deal made outside an auction (a negotiated sale, a contract under an MOU)."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if source == DealSource.AUCTION:
        raise TradingError(_("Auction deals are recorded by the auction's close."), code="invalid_source")
    return _deal_create(
        actor=actor,
        achievement=achievement,
        buyer=buyer,
        price=price,
        currency=currency,
        agreed_on=agreed_on,
        source=source,
        buyer_institution=buyer_institution,
        notes=notes,
    )


def deal_from_negotiation(
    *, actor, achievement: Achievement, buyer, price: Decimal, currency: str, notes: str = ""
) -> Deal:
    """The deal two sides agreed in a conversation (source "negotiated", pending signature); the caller (negotiations)
    checked that ``actor`` is one of the parties."""
    buyer_institutions = sorted(member_institution_ids(buyer))
    return _deal_create(
        actor=actor,
        achievement=achievement,
        buyer=buyer,
        price=price,
        currency=currency,
        agreed_on=timezone.localdate(),
        source=DealSource.NEGOTIATED,
        buyer_institution=buyer_institutions[0] if buyer_institutions else None,
        notes=notes,
    )


def _deal_create(*, actor, achievement, buyer, price, currency, agreed_on, source, buyer_institution, notes) -> Deal:
    if price < 0:
        raise ValidationError({"price": _("The price cannot be negative.")})
    with transaction.atomic():
        deal = Deal.objects.create(
            achievement=achievement,
            source=source,
            seller=achievement.owner,
            seller_institution=achievement.institution,
            buyer=buyer,
            buyer_institution_id=getattr(buyer_institution, "pk", buyer_institution),
            price=price,
            currency=currency,
            agreed_on=agreed_on,
            notes=notes,
            recorded_by=actor,
        )
        log_action(DealEvent, actor=actor, deal=deal, to_status=deal.status, reason=notes)
        Achievement.objects.filter(pk=achievement.pk).update(under_transfer=True)
    return deal


def _release_transfer(achievement_ids: list[int]) -> None:
    """The achievements of a cancelled deal are no longer under transfer, unless another standing deal (on the
    achievement or on a package that holds it) still transfers them."""
    still = set(
        Deal.objects.filter(achievement_id__in=achievement_ids)
        .exclude(status=DealStatus.CANCELLED)
        .values_list("achievement_id", flat=True)
    )
    for deal in (
        Deal.objects.filter(project__isnull=False).exclude(status=DealStatus.CANCELLED).select_related("project")
    ):
        still.update(set(lot_achievement_ids(deal.project)) & set(achievement_ids))
    Achievement.objects.filter(pk__in=set(achievement_ids) - still).update(under_transfer=False)


DEAL_TRANSITIONS = {
    DealStatus.PENDING_SIGNATURE: {DealStatus.SIGNED, DealStatus.CANCELLED},
    DealStatus.SIGNED: {DealStatus.COMPLETED, DealStatus.CANCELLED},
    DealStatus.COMPLETED: set(),
    DealStatus.CANCELLED: set(),
}


def deal_set_status(*, deal: Deal, actor, status: str, reason: str = "") -> Deal:
    """Move a deal along pending signature → signed → completed, or cancel it (with a reason); audited."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if status == DealStatus.CANCELLED and not reason.strip():
        raise TradingError(_("Give a reason for cancelling the deal."), code="reason_required")
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if status not in DEAL_TRANSITIONS[locked.status]:
            raise TradingError(
                _("This change is not possible in the deal's current status."), code="invalid_state", status=409
            )
        previous = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        log_action(DealEvent, actor=actor, deal=locked, from_status=previous, to_status=status, reason=reason)
        if status == DealStatus.CANCELLED:
            _release_transfer(lot_achievement_ids(locked.lot))
    return locked
