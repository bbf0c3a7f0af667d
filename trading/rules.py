"""The bidding rules every part reads: the increment at a price and the minimum next bid."""

from __future__ import annotations

from decimal import Decimal

from trading.amounts import ladder_increment, smallest_unit
from trading.models import Auction, AuctionKind


def increment_at(auction: Auction, price: Decimal) -> Decimal:
    step = ladder_increment(auction.increment_ladder, auction.min_increment, price)
    return max(step, smallest_unit(auction.currency))


def minimum_bid(auction: Auction) -> Decimal:
    """The lowest amount a new bid may have now (sealed: the starting price)."""
    if auction.kind == AuctionKind.SEALED or auction.current_price is None:
        return max(auction.starting_price, smallest_unit(auction.currency))
    return auction.current_price + increment_at(auction, auction.current_price)
