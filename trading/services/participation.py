"""Taking part in an auction: registering (accepting the terms), and staff deciding deposits."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trading.errors import TradingError
from trading.models import Auction, AuctionAction, AuctionState, DepositStatus, Participant
from trading.services._base import audit, lock_auction
from trading.services.permissions import check_eligible


def new_participant(auction: Auction, user) -> Participant:
    # Called with the auction row locked: numbers are handed out one at a time.
    last = auction.participants.aggregate(n=Max("number"))["n"] or 0
    status = DepositStatus.PENDING if auction.deposit_required else DepositStatus.NOT_REQUIRED
    return Participant.objects.create(auction=auction, user=user, number=last + 1, deposit_status=status)


def participation_request(*, auction: Auction, user) -> Participant:
    """Register for an auction and accept its terms; with a deposit, staff must confirm it before any bid."""
    with transaction.atomic():
        locked = lock_auction(auction.pk)
        check_eligible(locked, user)
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED) or locked.ends_at <= timezone.now():
            raise TradingError(_("This auction has ended."), code="auction_closed", status=409)
        participant = locked.participants.filter(user=user).first()
        if participant is None:
            participant = new_participant(locked, user)
            if locked.deposit_required:
                audit(locked, user, AuctionAction.DEPOSIT_REQUESTED, participant=participant.number)
    return participant


def deposit_decide(*, participant: Participant, actor, confirm: bool, reason: str = "") -> Participant:
    """Staff confirm (or reject) a bidder's deposit; audited."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if not confirm and not reason.strip():
        raise TradingError(_("Give a reason for rejecting the deposit."), code="reason_required")
    with transaction.atomic():
        locked = lock_auction(participant.auction_id)
        row = Participant.objects.select_for_update().get(pk=participant.pk)
        if not locked.deposit_required:
            raise TradingError(_("This auction requires no deposit."), code="invalid_state", status=409)
        row.deposit_status = DepositStatus.CONFIRMED if confirm else DepositStatus.REJECTED
        row.save(update_fields=["deposit_status"])
        action = AuctionAction.DEPOSIT_CONFIRMED if confirm else AuctionAction.DEPOSIT_REJECTED
        audit(locked, actor, action, reason, participant=row.number)
    return row
