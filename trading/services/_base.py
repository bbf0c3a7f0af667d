"""What every trading service shares: the auction row lock, the audit entry, the live update after commit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.audit import log_action
from trading.errors import TradingError
from trading.live import broadcast_auction
from trading.models import Auction, AuctionEvent


def lock_auction(auction_id: int) -> Auction:
    """The auction, its row locked until the transaction ends (every decision about an auction starts here)."""
    try:
        # of=("self",): lock the auction row only, not the joined lot (others may moderate it meanwhile).
        return (
            Auction.objects.select_related("achievement", "project").select_for_update(of=("self",)).get(pk=auction_id)
        )
    except Auction.DoesNotExist:
        raise TradingError(_("Not found."), code="not_found", status=404) from None


def audit(auction: Auction, actor, action: str, reason: str = "", **data) -> AuctionEvent:
    """The auction's audit entry, through the one audit writer."""
    return log_action(AuctionEvent, actor=actor, auction=auction, action=action, reason=reason, data=data)


def after_commit(auction_id: int) -> None:
    """Push the auction's public state to its live pages once the transaction commits."""
    transaction.on_commit(lambda: broadcast_auction(auction_id))
