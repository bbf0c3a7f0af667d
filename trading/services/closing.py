"""The close: decide the result of a due auction exactly once, reveal sealed bids, record the deal."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from brics_ttc.tasks import enqueue_on_commit
from trading import sealing
from trading.lots import lot_refusal
from trading.models import Auction, AuctionAction, AuctionResult, AuctionState, Participant, SealedPricing
from trading.services._base import after_commit, audit, lock_auction
from trading.services.deals import deal_from_auction


def auction_close(*, auction_id: int) -> bool:
    """Close a due auction exactly once: decide the result, reveal sealed bids, record the deal. False if not due."""
    with transaction.atomic():
        # The lock makes a second closer (another beat process) wait, then see the auction already closed.
        auction = lock_auction(auction_id)
        now = timezone.now()
        if auction.state != AuctionState.SCHEDULED or now < auction.ends_at:
            return False
        refusal = lot_refusal(auction.lot) if auction.is_package else None
        if refusal:
            # A package sold incomplete would transfer rights its owners withdrew: nobody wins, the log stays.
            auction.state = AuctionState.CANCELLED
            auction.closed_at = now
            auction.save(update_fields=["state", "closed_at"])
            audit(auction, None, AuctionAction.LOT_INCOMPLETE, refusal)
            after_commit(auction.pk)
            return True
        winner, price = (_decide_sealed if auction.is_sealed else _decide_english)(auction)
        if winner is None:
            result = AuctionResult.NO_BIDS
        elif auction.reserve_price is not None and _top_amount(auction, winner) < auction.reserve_price:
            result, winner, price = AuctionResult.RESERVE_NOT_MET, None, None
        else:
            result = AuctionResult.WON
        auction.state = AuctionState.CLOSED
        auction.closed_at = now
        auction.result = result
        auction.winner = winner
        auction.final_price = price
        auction.save(update_fields=["state", "closed_at", "result", "winner", "final_price"])
        audit(auction, None, AuctionAction.CLOSED, result=result, price=None if price is None else f"{price:.2f}")
        if result == AuctionResult.WON:
            deal_from_auction(auction, winner, price, now)
        enqueue_on_commit("trading.tasks.auction_notify_closed", auction.pk)
        after_commit(auction.pk)
    return True


def _top_amount(auction: Auction, winner: Participant) -> Decimal:
    return auction.bids.filter(participant=winner).aggregate(top=Max("amount"))["top"]


def _decide_english(auction: Auction) -> tuple[Participant | None, Decimal | None]:
    return auction.leader, auction.current_price


def _decide_sealed(auction: Auction) -> tuple[Participant | None, Decimal | None]:
    bids = list(auction.bids.select_for_update().select_related("participant").order_by("seq"))
    for bid in bids:
        bid.amount, bid.revealed_nonce = sealing.unseal(auction_id=auction.pk, box=bid.sealed_box)
        bid.save(update_fields=["amount", "revealed_nonce"])
    if not bids:
        return None, None
    ranked = sorted(bids, key=lambda b: (-b.amount, b.seq))  # highest first, earliest on a tie
    top = ranked[0]
    if auction.sealed_pricing == SealedPricing.FIRST_PRICE:
        return top.participant, top.amount
    floor = max(auction.starting_price, auction.reserve_price or Decimal(0))
    second = ranked[1].amount if len(ranked) > 1 else floor
    return top.participant, min(top.amount, max(second, floor))


def auctions_close_due() -> int:
    """Close every scheduled auction whose end has passed; returns how many this call closed."""
    due = Auction.objects.filter(state=AuctionState.SCHEDULED, ends_at__lte=timezone.now()).values_list("pk", flat=True)
    return sum(auction_close(auction_id=pk) for pk in list(due))
