"""Writes of competitive trading, one module per sub-domain: the auction's lifecycle, participation, bids (English
with proxies, sealed), the close, deals, and who may do what (permissions).

Every decision about an auction (a bid, the close, a staff action) runs in one transaction that first locks the
auction row with ``select_for_update()``: bids on one auction are serialised, the clock is read after the lock is
held, and the caller answers only after the commit, so every 2xx has a stored bid.

Import services from here (``from trading.services import bid_place``): the modules are the package's inside.
"""

from __future__ import annotations

from trading.services.bids import IDEMPOTENCY_KEY, BidOutcome, bid_place, sealed_amount_of
from trading.services.closing import auction_close, auctions_close_due
from trading.services.deals import DEAL_TRANSITIONS, deal_from_negotiation, deal_record, deal_set_status
from trading.services.lifecycle import (
    AuctionSpec,
    auction_approve,
    auction_cancel,
    auction_create,
    auction_extend,
    auction_halt,
)
from trading.services.participation import deposit_decide, participation_request
from trading.services.permissions import bid_refusal, may_manage_auctions

__all__ = [
    "DEAL_TRANSITIONS",
    "IDEMPOTENCY_KEY",
    "AuctionSpec",
    "BidOutcome",
    "auction_approve",
    "auction_cancel",
    "auction_close",
    "auction_create",
    "auction_extend",
    "auction_halt",
    "auctions_close_due",
    "bid_place",
    "bid_refusal",
    "deal_from_negotiation",
    "deal_record",
    "deal_set_status",
    "deposit_decide",
    "may_manage_auctions",
    "participation_request",
    "sealed_amount_of",
]
