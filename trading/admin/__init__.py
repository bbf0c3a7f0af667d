"""Competitive trading in the staff's workplace: auctions, their bidders and bid log, the audit trail and deals.

Staff never edit prices, bids or the log here. An auction is created through ``services.auction_create`` and a deal
recorded through ``services.deal_record``; every later change is an action that calls one service (approve, cancel,
extend, deposit decisions, deal status) and leaves an audit entry. Change pages are read-only views whose "Staff
actions" panel runs the same actions on that one object. Sealed amounts are never unsealed here: before the close a
sealed bid shows its commitment only, to staff as to everyone. Nothing is deletable (the records are the audit).
"""

from __future__ import annotations

# Importing the modules registers their ModelAdmins.
from trading.admin import auctions, bids, deals, participants

__all__ = ["auctions", "bids", "deals", "participants"]
