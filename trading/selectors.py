"""Reads of competitive trading: auction lists by phase, the public bid log and the live state of an auction."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone

from marketplace.i18n import column
from marketplace.reads import CacheVersion, listings_version
from trading import chain
from trading.models import LOT_FIELDS, Auction, AuctionPhase, AuctionState, Bid, Deal, DepositStatus, Participant
from trading.rules import minimum_bid

# Changed by every save or delete of an auction (trading.signals.auctions_changed): a new one, a bid, the close...
AUCTIONS_VERSION = CacheVersion("auctions:version")


# This process's next start or end of an auction (epoch seconds, 0: none), computed once per version of the auctions.
_next_change: list[tuple[str | None, float]] = [(None, 0.0)]


def auctions_version() -> str:
    """What the public auction lists show depends on, for cache keys: the auctions, their lots (the listings
    version: titles, institutions, fields) and the next moment a scheduled auction starts or ends, when its phase
    changes without any write (the key changes then, so no cached list outlives it)."""
    base = f"{AUCTIONS_VERSION.get()}.{listings_version()}"
    now = timezone.now()
    known, at = _next_change[0]
    if known != base or (at and now.timestamp() >= at):
        at = _next_phase_change(now)
        _next_change[0] = (base, at)
    return f"{base}.{at}"


def _next_phase_change(now) -> float:
    """The epoch seconds of the next start or end of a scheduled auction after ``now``; 0 if there is none."""
    scheduled = Auction.objects.filter(state=AuctionState.SCHEDULED).order_by()
    times = scheduled.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    upcoming = [moment.timestamp() for moment in times.values() if moment is not None]
    return min(upcoming, default=0)


def auction_list(*, phase: str | None = None) -> QuerySet[Auction]:
    """Auctions the public may see (approved ones), optionally of one phase: upcoming, live or closed (with the
    ended ones the periodic close has not decided yet)."""
    now = timezone.now()
    qs = (
        Auction.objects.exclude(state=AuctionState.PROPOSED)
        .select_related("achievement__institution", "achievement__field", "project__institution", "project__field")
        .order_by("ends_at", "pk")
    )
    if phase == AuctionPhase.UPCOMING:
        qs = qs.filter(state=AuctionState.SCHEDULED, starts_at__gt=now).order_by("starts_at", "pk")
    elif phase == AuctionPhase.LIVE:
        qs = qs.filter(state=AuctionState.SCHEDULED, starts_at__lte=now, ends_at__gt=now)
    elif phase == AuctionPhase.CLOSED:
        # Reads never close an auction (only the periodic close and staff do): one whose end has passed is shown
        # with the closed ones, as closing, first, until the close decides it.
        ended = Q(state=AuctionState.SCHEDULED, ends_at__lte=now)
        qs = qs.filter(Q(state__in=[AuctionState.CLOSED, AuctionState.CANCELLED]) | ended).order_by(
            F("closed_at").desc(nulls_first=True), "-pk"
        )
    return qs


@functools.cache
def _lot_text_not_shown() -> tuple[str, ...]:
    """The lot's columns an auction's API answer does not show: all its texts but the titles (achievement or
    package)."""
    shown = {"id", "source_language", *(column("title", code) for code, _name in settings.LANGUAGES)}
    return tuple(
        f"{name}__{field.name}"
        for name in LOT_FIELDS
        for field in Auction._meta.get_field(name).related_model._meta.concrete_fields
        if field.name not in shown
    )


def auction_detail(*, pk: int) -> Auction | None:
    """One auction with what its page shows in one query: the lot's titles (not its hundred other text columns),
    the leader and the winner."""
    auctions = Auction.objects.select_related("achievement", "project", "leader", "winner").defer(
        *_lot_text_not_shown()
    )
    return auctions.filter(pk=pk).order_by().first()


def auction_visible(*, auction: Auction, user) -> bool:
    """Proposed auctions are visible to staff and to whoever proposed them; the rest to everyone."""
    if auction.state != AuctionState.PROPOSED:
        return True
    return bool(user.is_authenticated and (user.is_staff or user.pk == auction.created_by_id))


def auction_running_for(*, achievement) -> Auction | None:
    """The achievement's approved auction that has not ended (live or upcoming), if any: at most one exists."""
    return Auction.objects.filter(achievement=achievement, state=AuctionState.SCHEDULED).first()


def auction_active_for(*, achievement) -> Auction | None:
    """The achievement's proposed or approved auction that has not ended, if any (at most one: a constraint)."""
    return Auction.objects.filter(
        achievement=achievement, state__in=[AuctionState.PROPOSED, AuctionState.SCHEDULED]
    ).first()


def bid_log(*, auction: Auction) -> QuerySet[Bid]:
    return auction.bids.select_related("participant").order_by("seq")


def log_entry(bid: Bid) -> dict:
    """A log entry as published: exactly the hashed content, the hash, and the nonce once a sealed bid is revealed."""
    entry = chain.entry_content(
        auction_id=bid.auction_id,
        seq=bid.seq,
        bidder=bid.participant.number,
        amount=None if bid.commitment else bid.amount,
        commitment=bid.commitment,
        proxy=bid.is_proxy,
        placed_at=bid.placed_at,
        ends_at=bid.ends_at,
        prev_hash=bid.prev_hash,
    )
    entry["amount"] = chain.canonical_amount(bid.amount)  # a sealed amount is None until the close reveals it
    entry["entry_hash"] = bid.entry_hash
    entry["revealed_nonce"] = bid.revealed_nonce or None
    return entry


def auction_live_state(auction: Auction, *, recent: int = 10) -> dict:
    """What every viewer of an auction page may see now (no hidden maxima, no sealed amounts before the close)."""
    now = timezone.now()
    phase = auction.phase(now)
    entries = [log_entry(b) for b in bid_log(auction=auction).order_by("-seq")[:recent]]
    return {
        "id": auction.pk,
        "kind": auction.kind,
        "phase": phase,
        "currency": auction.currency,
        "current_price": None if auction.is_sealed else chain.canonical_amount(auction.current_price),
        "minimum_bid": chain.canonical_amount(minimum_bid(auction)) if phase == AuctionPhase.LIVE else None,
        "bid_count": auction.bid_count,
        "leader": auction.leader.number if auction.leader_id and not auction.is_sealed else None,
        "starts_at": chain.canonical_time(auction.starts_at),
        "ends_at": chain.canonical_time(auction.ends_at),
        "server_time": chain.canonical_time(now),
        "reserve_met": _reserve_met(auction),
        "result": auction.result or None,
        "final_price": chain.canonical_amount(auction.final_price),
        "winner": auction.winner.number if auction.winner_id else None,
        "recent_bids": entries,
    }


def _reserve_met(auction: Auction) -> bool | None:
    if auction.reserve_price is None or auction.is_sealed:
        return None
    return auction.current_price is not None and auction.current_price >= auction.reserve_price


def deal_list(*, user) -> QuerySet[Deal]:
    """Deals the user is a party to (staff: all)."""
    qs = Deal.objects.select_related("achievement", "seller", "buyer", "auction")
    if user.is_staff:
        return qs
    return qs.filter(Q(seller=user) | Q(buyer=user))


def deposits_awaiting_confirmation() -> QuerySet[Participant]:
    """Bidders whose deposit waits for a staff decision (the deposit queue of the admin)."""
    return Participant.objects.filter(deposit_status=DepositStatus.PENDING)
