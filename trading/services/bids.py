"""Bids: English (direct or through a hidden proxy maximum) and sealed, each decided under the auction's row lock,
appended to the auction's hash-chained log."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.idempotency import IDEMPOTENCY_KEY
from marketplace.models import Membership, MembershipStatus
from marketplace.money import format_money
from marketplace.sql import fetch_instances
from trading import chain, sealing
from trading.amounts import parse_amount
from trading.errors import TradingError
from trading.lots import lot_refusal
from trading.models import Auction, AuctionKind, AuctionState, Bid, Participant
from trading.rules import increment_at, minimum_bid
from trading.selectors import auction_visible
from trading.services._base import after_commit
from trading.services.participation import new_participant
from trading.services.permissions import check_eligible


@dataclass(frozen=True)
class BidOutcome:
    auction: Auction
    participant: Participant
    bid: Bid | None  # the bidder's own log entry (None when a leader only raised their proxy maximum)
    created: bool  # False: an idempotent replay, or a proxy raise without a new entry
    replayed: bool = False

    @property
    def leading(self) -> bool:
        return self.auction.leader_id == self.participant.pk


def _append(
    auction: Auction,
    participant: Participant,
    *,
    amount: Decimal | None,
    now: datetime,
    proxy: bool = False,
    key: str | None = None,
    commitment: str = "",
    box: str = "",
) -> Bid:
    """Append one entry to the locked auction's log, extending a soft close when the bid falls inside the window."""
    if auction.soft_close_window and auction.ends_at - now <= auction.soft_close_window:
        auction.ends_at += auction.soft_close_extension
    seq = auction.bid_count + 1
    content = chain.entry_content(
        auction_id=auction.pk,
        seq=seq,
        bidder=participant.number,
        amount=None if commitment else amount,
        commitment=commitment,
        proxy=proxy,
        placed_at=now,
        ends_at=auction.ends_at,
        prev_hash=auction.last_hash,
    )
    bid = Bid.objects.create(
        auction=auction,
        seq=seq,
        participant=participant,
        amount=None if commitment else amount,
        is_proxy=proxy,
        commitment=commitment,
        sealed_box=box,
        placed_at=now,
        ends_at=auction.ends_at,
        idempotency_key=key,
        prev_hash=auction.last_hash,
        entry_hash=chain.content_hash(content),
    )
    auction.bid_count = seq
    auction.last_hash = bid.entry_hash
    if not commitment:
        auction.current_price = amount
        auction.leader = participant
    return bid


def _resolve_proxies(auction: Auction, now: datetime) -> None:
    """Let hidden maxima answer: while a bidder other than the leader has a maximum that reaches the next minimum
    bid, the highest of them (earliest on a tie) bids what it takes to beat the leader, up to its maximum.

    Every step appends one entry at least one increment above the last, so the log keeps its invariant; a
    maximum that cannot beat the standing price by a full increment does not bid (the earlier bid keeps the lead).
    """
    while True:
        need = minimum_bid(auction)
        challenger = (
            auction.participants.filter(proxy_max__gte=need)
            .exclude(pk=auction.leader_id)
            .order_by("-proxy_max", "proxy_set_at", "pk")
            .first()
        )
        if challenger is None:
            return
        leader = auction.leader
        leader_max = leader.proxy_max if leader and leader.proxy_max and leader.proxy_max >= need else None
        if leader_max is None:
            amount = need
        else:
            amount = min(challenger.proxy_max, leader_max + increment_at(auction, leader_max))
        _append(auction, challenger, amount=amount, now=now, proxy=True)


def _replay(auction: Auction, participant: Participant, key: str, amount, max_amount) -> BidOutcome:
    """The answer to a request whose key already names one of this bidder's requests: the same request again gets its
    original entry (``replayed``), another request under that key a 409 ``idempotency_key_reused``."""
    previous = Bid.objects.filter(participant=participant, idempotency_key=key).first()
    if previous is None:  # the key raised this leader's maximum (no log entry): the same raise again, or a conflict
        same = max_amount is not None and max_amount == participant.proxy_max and amount in (None, max_amount)
    elif auction.kind == AuctionKind.SEALED:
        # The stored amount is sealed until the close; the bidder's own request may open their own entry to compare.
        sealed = previous.amount
        if sealed is None:
            sealed, _nonce = sealing.unseal(auction_id=auction.pk, box=previous.sealed_box)
        same = max_amount is None and amount == sealed
    elif previous.is_proxy:
        # A proxy maximum's request: its entry holds what the maximum bid, not the maximum (which later raises may
        # have replaced), so any maximum under the key is this request again; a direct bid is another request.
        same = max_amount is not None and amount in (None, max_amount)
    else:
        same = max_amount is None and amount == previous.amount
    if not same:
        raise TradingError(
            _("This idempotency key was already used for a different bid."), code="idempotency_key_reused", status=409
        )
    return BidOutcome(auction=auction, participant=participant, bid=previous, created=False, replayed=True)


def bid_place(
    *,
    auction_id: int,
    user,
    amount: object = None,
    max_amount: object = None,
    currency: str | None = None,
    idempotency_key: str | None = None,
) -> BidOutcome:
    """Decide one bid under the auction's row lock: a direct ``amount``, or (English) a proxy ``max_amount``."""
    if idempotency_key is not None and not IDEMPOTENCY_KEY.match(idempotency_key):
        raise TradingError(
            _("The idempotency key must be 1–64 letters, digits or . _ : -"), code="invalid_idempotency_key"
        )
    _refuse_early(auction_id, user, amount, max_amount, currency, idempotency_key)
    with transaction.atomic():
        # The lock serialises every bid and the close of this auction: two bids can never both beat the same price,
        # and a bid cannot slip in after the close decided the winner.
        auction, participant, key_used = _bid_read(auction_id, user, idempotency_key, lock=True)
        now = timezone.now()  # read after the lock is held: the server's clock at decision time decides
        parsed_amount, parsed_max = _admit(auction, user, amount, max_amount, currency)
        if key_used:
            return _replay(auction, participant, idempotency_key, parsed_amount, parsed_max)
        _check_open(auction, now)
        _check_may_bid(auction, participant)
        if participant is None:
            participant = new_participant(auction, user)
        if auction.kind == AuctionKind.SEALED:
            outcome = _sealed_bid(auction, participant, parsed_amount, parsed_max, now, idempotency_key)
        else:
            outcome = _english_bid(auction, participant, parsed_amount, parsed_max, now, idempotency_key)
        auction.save(update_fields=["current_price", "leader", "bid_count", "last_hash", "ends_at"])
        after_commit(auction.pk)
    return outcome


def _refuse_early(auction_id: int, user, amount, max_amount, currency, key) -> None:
    """Refuse, without the row lock, a bid that the auction as last committed already refuses; else return.

    A refusal changes nothing, so deciding it on a plain read is as correct as deciding it under the lock a moment
    later: it is the answer at the moment of that read (and the price of an English auction only rises, so a bid
    too low then is too low at any later moment). In a hot auction most bids arrive just too late; this way they
    no longer queue for the lock behind the ones that can win (see ``make bench-bids``). A bid that passes is
    decided again, from the start, under the lock. Replays are left to the locked path, which answers them.
    """
    auction, participant, key_used = _bid_read(auction_id, user, key, lock=False)
    parsed_amount, parsed_max = _admit(auction, user, amount, max_amount, currency)
    if key_used:
        return
    try:
        _check_open(auction, timezone.now())
        _check_may_bid(auction, participant)
        if auction.kind == AuctionKind.SEALED:
            _check_sealed_bid(auction, participant, parsed_amount, parsed_max)
        else:
            _check_english_bid(auction, participant, parsed_amount, parsed_max)
    except TradingError as refusal:
        # A retry whose original committed after the read above must get the original's result, not a refusal
        # judged on the state before it: look for the key again, now that the refusal was decided. Not needed for
        # "too low" and "maximum not raised": the key was looked for after the auction was read, so an original
        # not seen then committed after that read, and was judged on that state or a later one -- where the price
        # was no lower and the bidder's maximum the same -- and accepted: the retry, the same bid, passes here.
        if refusal.code not in ("bid_too_low", "proxy_not_raised") and _key_used(participant, key):
            return
        raise


def _key_used(participant: Participant | None, key: str | None) -> bool:
    """Whether ``key`` already names one of this bidder's requests, as ``_bid_read`` asks it: one of their log entries,
    or their last raise of their maximum while leading (which adds no entry)."""
    if participant is None or not key:
        return False
    return (
        Bid.objects.filter(participant=participant, idempotency_key=key).exists()
        or Participant.objects.filter(pk=participant.pk, proxy_key=key).exists()
    )


# The columns of a bidder's participant row that deciding a bid reads; the others load when first used.
_PARTICIPANT_FIELDS = ("id", "auction_id", "user_id", "number", "deposit_status", "proxy_max")


@functools.cache
def _bid_read_sql(vendor: str, *, lock: bool) -> str:
    """The query of ``_bid_read``, built once per database vendor from the models' table and column names."""
    quote = connection.ops.quote_name
    participant_columns = ", ".join(
        f"p.{quote(Participant._meta.get_field(name).column)} AS {quote('p__' + name)}" for name in _PARTICIPANT_FIELDS
    )
    # Only identifiers from the models' metadata are formatted in; every value is a parameter.
    sql = (
        f"SELECT a.*, {participant_columns}, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {quote(Membership._meta.db_table)} m WHERE m.user_id = %s AND m.status = %s "
        f"AND m.institution_id = a.seller_institution_id) AS bidder_in_seller_institution, "
        f"(p.{quote('proxy_key')} = %s OR EXISTS (SELECT 1 FROM {quote(Bid._meta.db_table)} b "
        f"WHERE b.participant_id = p.id AND b.idempotency_key = %s)) AS key_used "
        f"FROM {quote(Auction._meta.db_table)} a "
        f"LEFT OUTER JOIN {quote(Participant._meta.db_table)} p ON p.auction_id = a.id AND p.user_id = %s "
        f"WHERE a.id = %s"
    )
    if lock:
        sql += " " + connection.ops.for_update_sql(of=("a",))  # the auction row only, not the joined ones
    return sql


def _bid_read(auction_id: int, user, key: str | None, *, lock: bool) -> tuple[Auction, Participant | None, bool]:
    """Everything deciding a bid reads, in one query: the auction row (locked with ``lock``), whether ``user``
    belongs to the seller's institution, their participant row if they have one, and whether ``key`` already names
    one of their bids. Not found (404) when the auction does not exist or ``user`` may not see it (proposed).

    Hand-written SQL: the equivalent ORM query (two EXISTS subqueries and a join) cost more CPU to compile than the
    rest of a refused bid, and every bid runs this twice (``make bench-bids``). It only reads; the writes that follow
    go through the ORM, and tests/trading/test_bid_read.py compares it with the ORM's answer.
    """
    sql = _bid_read_sql(connection.vendor, lock=lock and connection.features.has_select_for_update)
    user_id = user.pk if user.is_authenticated else None
    rows = fetch_instances(Auction, sql, [user_id, MembershipStatus.ACTIVE, key or "", key or "", user_id, auction_id])
    auction = rows[0] if rows else None
    if auction is None or not auction_visible(auction=auction, user=user):
        raise TradingError(_("Not found."), code="not_found", status=404)
    auction.bidder_in_seller_institution = bool(auction.bidder_in_seller_institution)
    participant = None
    if auction.p__id is not None:
        values = [getattr(auction, f"p__{name}") for name in _PARTICIPANT_FIELDS]
        if values[-1] is not None and not isinstance(values[-1], Decimal):  # SQLite answers a float
            values[-1] = Decimal(str(values[-1]))
        participant = Participant.from_db(connection.alias, list(_PARTICIPANT_FIELDS), values)
        participant.auction = auction
    return auction, participant, bool(key) and participant is not None and bool(auction.key_used)


def _admit(auction: Auction, user, amount, max_amount, currency) -> tuple[Decimal | None, Decimal | None]:
    """May ``user`` bid here at all (eligibility, currency), and the amounts parsed."""
    check_eligible(auction, user)
    if currency is not None and currency != auction.currency:
        raise TradingError(
            _("This auction is in %(currency)s.") % {"currency": auction.currency}, code="wrong_currency"
        )
    parsed_amount = None if amount in (None, "") else parse_amount(amount, currency=auction.currency)
    parsed_max = None if max_amount in (None, "") else parse_amount(max_amount, currency=auction.currency)
    if parsed_amount is None and parsed_max is None:
        raise TradingError(_("Enter an amount."), code="invalid_amount")
    return parsed_amount, parsed_max


def _check_may_bid(auction: Auction, participant: Participant | None) -> None:
    if participant is None:
        if auction.deposit_required:
            raise TradingError(
                _("Register for this auction and have your deposit confirmed before bidding."),
                code="deposit_not_confirmed",
                status=403,
            )
    elif not participant.may_bid:
        raise TradingError(
            _("Your deposit has not been confirmed by the center's staff yet."),
            code="deposit_not_confirmed",
            status=403,
        )


def _check_open(auction: Auction, now: datetime) -> None:
    if auction.state == AuctionState.CANCELLED:
        raise TradingError(_("This auction was cancelled."), code="auction_cancelled", status=409)
    if auction.state == AuctionState.PROPOSED:
        raise TradingError(_("This auction has not been approved yet."), code="auction_not_started", status=409)
    if auction.state == AuctionState.CLOSED or now >= auction.ends_at:
        raise TradingError(_("This auction has closed."), code="auction_closed", status=409)
    if now < auction.starts_at:
        raise TradingError(_("This auction has not started yet."), code="auction_not_started", status=409)
    if auction.is_package:
        # A package is sold only whole: an achievement withdrawn since the start halts it (projects cancels it in
        # the withdrawal's transaction; this refuses a bid that raced it).
        refusal = lot_refusal(auction.lot)
        if refusal:
            raise TradingError(refusal, code="lot_incomplete", status=409)


def _too_low(auction: Auction, minimum: Decimal) -> TradingError:
    return TradingError(
        _("The bid must be at least %(minimum)s.") % {"minimum": format_money(minimum, auction.currency)},
        code="bid_too_low",
        data={"minimum_bid": f"{minimum:.2f}"},
    )


def _check_english_bid(auction: Auction, participant: Participant | None, amount, max_amount) -> None:
    """The refusals of an English bid, before anything is written (``participant`` is None for a first bid)."""
    need = minimum_bid(auction)
    leading = participant is not None and auction.leader_id == participant.pk
    if max_amount is not None:
        if amount is not None and amount != max_amount:
            raise TradingError(_("Send either an amount or a proxy maximum, not both."), code="invalid_amount")
        if max_amount < need:
            raise _too_low(auction, need)
        if leading and participant.proxy_max is not None and max_amount <= participant.proxy_max:
            raise TradingError(_("Your new maximum must be higher than your current one."), code="proxy_not_raised")
        return
    if leading:
        raise TradingError(_("You already hold the highest bid."), code="already_leading", status=409)
    if amount < need:
        raise _too_low(auction, need)


def _english_bid(auction, participant, amount, max_amount, now, key) -> BidOutcome:
    _check_english_bid(auction, participant, amount, max_amount)
    if max_amount is not None:
        if auction.leader_id == participant.pk:
            participant.proxy_max = max_amount
            participant.proxy_key = key  # no log entry carries the key of this raise: the retry looks here
            participant.save(update_fields=["proxy_max", "proxy_key"])
            return BidOutcome(auction=auction, participant=participant, bid=None, created=False)
        participant.proxy_max = max_amount
        participant.proxy_set_at = now
        participant.save(update_fields=["proxy_max", "proxy_set_at"])
        # The new maximum is the only one above the next minimum (the log was settled before), so its owner bids.
        _resolve_proxies(auction, now)
        own = auction.bids.filter(participant=participant).order_by("-seq").first()
        if own is not None and own.idempotency_key is None and key:
            own.idempotency_key = key
            own.save(update_fields=["idempotency_key"])
        return BidOutcome(auction=auction, participant=participant, bid=own, created=True)
    bid = _append(auction, participant, amount=amount, now=now, key=key)
    _resolve_proxies(auction, now)
    return BidOutcome(auction=auction, participant=participant, bid=bid, created=True)


def _check_sealed_bid(auction: Auction, participant: Participant | None, amount, max_amount) -> None:
    """The refusals of a sealed bid, before anything is written (``participant`` is None for a first bid)."""
    if max_amount is not None:
        raise TradingError(_("Proxy bidding is not available in sealed-bid auctions."), code="proxy_not_available")
    if participant is not None and auction.bids.filter(participant=participant).exists():
        raise TradingError(_("You have already placed your sealed bid."), code="already_bid", status=409)
    need = minimum_bid(auction)
    if amount < need:
        raise _too_low(auction, need)


def _sealed_bid(auction, participant, amount, max_amount, now, key) -> BidOutcome:
    _check_sealed_bid(auction, participant, amount, max_amount)
    nonce = sealing.new_nonce()
    commitment = chain.commitment_hash(auction_id=auction.pk, bidder=participant.number, amount=amount, nonce=nonce)
    box = sealing.seal(auction_id=auction.pk, amount=amount, nonce=nonce)
    bid = _append(auction, participant, amount=amount, now=now, key=key, commitment=commitment, box=box)
    return BidOutcome(auction=auction, participant=participant, bid=bid, created=True)


def sealed_amount_of(*, bid: Bid, user) -> Decimal:
    """A sealed bid's amount for its own bidder before the close (everyone else waits for the reveal)."""
    if bid.amount is not None:
        return bid.amount
    if bid.participant.user_id != user.pk:
        raise TradingError(
            _("Sealed amounts are revealed when the auction closes."), code="sealed_until_close", status=403
        )
    amount, _nonce = sealing.unseal(auction_id=bid.auction_id, box=bid.sealed_box)
    return amount
