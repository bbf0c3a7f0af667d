"""The invariant replay: re-derive from the stored log what the auction row, its close and its deal must say.

One routine shared by the concurrency tests, ``make bench-bids`` and ``manage.py auction_verify``. It reads the log
the way the public API publishes it (``selectors.log_entry``) and checks, entry by entry:

- ``chain``: the hash chain verifies (``trading.chain.verify_entries``) and the auction row's ``bid_count`` and
  ``last_hash`` match the log's tail (which catches a removed last entry, which the chain alone cannot see);
- ``seq``: sequence numbers run 1, 2, 3... without a gap;
- ``clock``: every entry was placed after the start, before the end in force at that moment, in log order;
- ``increment`` (English): the first amount is at least the starting price, each next one at least the previous
  amount plus the increment at that price (``rules.increment_at``);
- ``soft_close``: an entry placed within the soft-close window before the end in force moved the end by exactly the
  extension, any other entry left it alone; the auction's end is the last end in force (staff extensions are read
  from the audit trail);
- ``standing`` (English): the auction's current price and leader are the last entry's;
- ``sealed``: one entry per bidder, each with a commitment; amounts hidden until the close, revealed after it;
- ``close``: after the close exactly one CLOSED audit entry and the result the log dictates (the last English entry,
  or the highest sealed amount, earliest on a tie, at first or second price; "reserve not met" below the reserve;
  "no bids" without entries), a Deal iff the result is "won", with the winner as buyer at the final price; before
  the close (or after a cancellation) no result, winner, final price or deal.

The messages are diagnostics for operators and tests (like ``chain.ChainProblem``), not shown to bidders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from trading.amounts import smallest_unit
from trading.chain import verify_entries
from trading.models import (
    GENESIS_HASH,
    Auction,
    AuctionAction,
    AuctionKind,
    AuctionResult,
    AuctionState,
    Bid,
    Deal,
    SealedPricing,
)
from trading.rules import increment_at
from trading.selectors import bid_log, log_entry

RULES = ("chain", "seq", "clock", "increment", "soft_close", "standing", "sealed", "close")


@dataclass(frozen=True)
class Violation:
    rule: str  # one of RULES
    detail: str
    seq: int | None = None  # the log entry concerned, None for the auction as a whole

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else "auction"
        return f"{self.rule}: {where}: {self.detail}"


@dataclass
class InvariantReport:
    auction_id: int
    entries: int
    state: str
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[str]:
        return {violation.rule for violation in self.violations}

    def as_dict(self) -> dict:
        return {
            "auction": self.auction_id,
            "entries": self.entries,
            "state": self.state,
            "rules_checked": list(RULES),
            "ok": self.ok,
            "violations": [str(violation) for violation in self.violations],
        }


def replay_invariants(*, auction_id: int) -> InvariantReport:
    """Replay an auction's stored log and report every invariant it, its row, its close or its deal breaks."""
    auction = Auction.objects.select_related("leader", "winner").get(pk=auction_id)
    bids = list(bid_log(auction=auction))
    report = InvariantReport(auction_id=auction.pk, entries=len(bids), state=auction.state)
    problems = report.violations
    _check_chain(auction, bids, problems)
    _check_clock_and_soft_close(auction, bids, problems)
    if auction.kind == AuctionKind.SEALED:
        _check_sealed(auction, bids, problems)
    else:
        _check_english(auction, bids, problems)
    _check_close(auction, bids, problems)
    return report


def _check_chain(auction: Auction, bids: list[Bid], problems: list[Violation]) -> None:
    entries = [log_entry(bid) for bid in bids]
    problems += [Violation("chain", problem.problem, problem.seq) for problem in verify_entries(entries)]
    seqs = [bid.seq for bid in bids]
    if seqs != list(range(1, len(bids) + 1)):
        missing = sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))
        problems.append(Violation("seq", f"sequence numbers are not 1..{len(bids)}; missing {missing[:10]}"))
    if auction.bid_count != len(bids):
        problems.append(Violation("chain", f"the auction counts {auction.bid_count} bids, the log holds {len(bids)}"))
    tail = bids[-1].entry_hash if bids else GENESIS_HASH
    if auction.last_hash != tail:
        problems.append(Violation("chain", "the auction's last hash is not the hash of the log's last entry"))


def _staff_extensions(auction: Auction) -> list[tuple[datetime, datetime]]:
    """(when, new end) of each staff extension, from the audit trail, oldest first."""
    events = auction.events.filter(action=AuctionAction.EXTENDED).order_by("created_at", "pk")
    return [(event.created_at, datetime.fromisoformat(event.data["to"])) for event in events]


def _check_clock_and_soft_close(auction: Auction, bids: list[Bid], problems: list[Violation]) -> None:
    extensions = _staff_extensions(auction)
    end = auction.scheduled_end
    previous_placed = None
    for bid in bids:
        while extensions and extensions[0][0] <= bid.placed_at:
            end = max(end, extensions.pop(0)[1])
        if bid.placed_at < auction.starts_at:
            problems.append(Violation("clock", "placed before the auction started", bid.seq))
        if bid.placed_at >= end:
            problems.append(Violation("clock", f"placed at {bid.placed_at} but the end in force was {end}", bid.seq))
        if auction.closed_at is not None and bid.placed_at >= auction.closed_at:
            problems.append(Violation("clock", "placed after the auction was closed or cancelled", bid.seq))
        if previous_placed is not None and bid.placed_at < previous_placed:
            problems.append(Violation("clock", "placed earlier than the entry before it", bid.seq))
        previous_placed = bid.placed_at
        inside = auction.soft_close_window is not None and end - bid.placed_at <= auction.soft_close_window
        expected = end + auction.soft_close_extension if inside and auction.soft_close_extension else end
        if bid.ends_at != expected:
            why = "inside the soft-close window: the end should move by the extension" if inside else "the end moved"
            problems.append(Violation("soft_close", f"{why} (expected {expected}, stored {bid.ends_at})", bid.seq))
        end = bid.ends_at  # go on from what was stored, so one bad entry is reported once, not for every later one
    for _when, to in extensions:
        end = max(end, to)
    if auction.ends_at != end:
        problems.append(Violation("soft_close", f"the auction ends at {auction.ends_at}, the log says {end}"))


def _check_english(auction: Auction, bids: list[Bid], problems: list[Violation]) -> None:
    previous: Decimal | None = None
    for bid in bids:
        if bid.amount is None or bid.commitment:
            problems.append(Violation("increment", "an English entry without a public amount", bid.seq))
            continue
        if previous is None:
            need = max(auction.starting_price, smallest_unit(auction.currency))
            if bid.amount < need:
                problems.append(Violation("increment", f"{bid.amount} is below the starting price {need}", bid.seq))
        else:
            need = previous + increment_at(auction, previous)
            if bid.amount < need:
                problems.append(
                    Violation("increment", f"{bid.amount} after {previous}: at least {need} was needed", bid.seq)
                )
        previous = bid.amount
    last = bids[-1] if bids else None
    price = last.amount if last else None
    leader = last.participant_id if last else None
    if auction.current_price != price:
        problems.append(Violation("standing", f"current price {auction.current_price}, the log's last amount {price}"))
    if auction.leader_id != leader:
        problems.append(Violation("standing", "the leader is not the bidder of the log's last entry"))


def _check_sealed(auction: Auction, bids: list[Bid], problems: list[Violation]) -> None:
    closed = auction.state == AuctionState.CLOSED
    seen: set[int] = set()
    for bid in bids:
        if bid.participant_id in seen:
            problems.append(Violation("sealed", "a second sealed bid from the same bidder", bid.seq))
        seen.add(bid.participant_id)
        if not bid.commitment:
            problems.append(Violation("sealed", "a sealed entry without a commitment", bid.seq))
        if closed and (bid.amount is None or not bid.revealed_nonce):
            problems.append(Violation("sealed", "not revealed at the close", bid.seq))
        if not closed and (bid.amount is not None or bid.revealed_nonce):
            problems.append(Violation("sealed", "the amount is public before the close", bid.seq))
        if bid.amount is not None and bid.amount < auction.starting_price:
            problems.append(Violation("sealed", f"{bid.amount} is below the starting price", bid.seq))


def _expected_outcome(auction: Auction, bids: list[Bid]) -> tuple[str, int | None, Decimal | None]:
    """(result, winning participant id, final price) that the log dictates."""
    if not bids:
        return AuctionResult.NO_BIDS, None, None
    if auction.kind == AuctionKind.SEALED:
        if any(bid.amount is None for bid in bids):
            return "", None, None  # unrevealed: reported by _check_sealed; nothing to compare against
        ranked = sorted(bids, key=lambda bid: (-bid.amount, bid.seq))
        top = ranked[0]
        if auction.sealed_pricing == SealedPricing.FIRST_PRICE:
            price = top.amount
        else:
            floor = max(auction.starting_price, auction.reserve_price or Decimal(0))
            second = ranked[1].amount if len(ranked) > 1 else floor
            price = min(top.amount, max(second, floor))
    else:
        top = bids[-1]
        price = top.amount
    if auction.reserve_price is not None and top.amount < auction.reserve_price:
        return AuctionResult.RESERVE_NOT_MET, None, None
    return AuctionResult.WON, top.participant_id, price


def _check_close(auction: Auction, bids: list[Bid], problems: list[Violation]) -> None:
    closes = auction.events.filter(action=AuctionAction.CLOSED).count()
    deals = list(Deal.objects.filter(auction=auction).select_related("buyer"))
    if auction.state != AuctionState.CLOSED:
        if closes:
            problems.append(Violation("close", f"{closes} CLOSED audit entries on an auction that is {auction.state}"))
        if auction.result or auction.winner_id or auction.final_price is not None:
            problems.append(Violation("close", f"a result, winner or price on an auction that is {auction.state}"))
        if deals:
            problems.append(Violation("close", f"a deal from an auction that is {auction.state}"))
        return
    if closes != 1:
        problems.append(Violation("close", f"{closes} CLOSED audit entries, expected exactly one"))
    if auction.closed_at is None or auction.closed_at < auction.ends_at:
        problems.append(Violation("close", f"closed at {auction.closed_at}, before the end {auction.ends_at}"))
    result, winner, price = _expected_outcome(auction, bids)
    if result and (auction.result, auction.winner_id, auction.final_price) != (result, winner, price):
        problems.append(
            Violation(
                "close",
                f"stored result {auction.result!r}, winner {auction.winner_id}, price {auction.final_price}; "
                f"the log says {result!r}, winner {winner}, price {price}",
            )
        )
    if auction.result == AuctionResult.WON:
        if len(deals) != 1:
            problems.append(Violation("close", f"{len(deals)} deals for a won auction, expected one"))
        for deal in deals:
            winner_user = auction.winner.user_id if auction.winner_id else None
            if (deal.buyer_id, deal.price, deal.currency, deal.seller_id, deal.achievement_id, deal.project_id) != (
                winner_user,
                auction.final_price,
                auction.currency,
                auction.seller_id,
                auction.achievement_id,
                auction.project_id,
            ):
                problems.append(Violation("close", "the deal's buyer, price, currency, seller or lot differ"))
    elif deals:
        problems.append(Violation("close", f"a deal from an auction whose result is {auction.result!r}"))
