"""Writes of competitive trading: auctions, participation, bids (English with proxies, sealed), the close, deals.

Every decision about an auction (a bid, the close, a staff action) runs in one transaction that first locks the
auction row with ``select_for_update()``: bids on one auction are serialised, the clock is read after the lock is
held, and the caller answers only after the commit, so every 2xx has a stored bid.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import Achievement
from marketplace.models import Membership, MembershipStatus, ModerationState
from marketplace.permissions import is_institution_admin, member_institution_ids
from marketplace.sql import fetch_instances
from marketplace.templatetags.l10n_tags import format_money
from trading import chain, sealing
from trading.amounts import parse_amount
from trading.errors import TradingError
from trading.live import broadcast_auction
from trading.models import (
    Auction,
    AuctionAction,
    AuctionEvent,
    AuctionKind,
    AuctionResult,
    AuctionState,
    Bid,
    Deal,
    DealEvent,
    DealSource,
    DealStatus,
    DepositStatus,
    Participant,
    SealedPricing,
)
from trading.rules import increment_at, minimum_bid
from trading.selectors import auction_visible
from trading.tasks import auction_notify_closed

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


# --- rules read by services, selectors and the API ----------------------------------------------------------------


def may_manage_auctions(user, achievement: Achievement) -> bool:
    return bool(user.is_staff or is_institution_admin(user, achievement.institution_id))


def _audit(auction: Auction, actor, action: str, reason: str = "", **data) -> AuctionEvent:
    return AuctionEvent.objects.create(auction=auction, actor=actor, action=action, reason=reason, data=data)


def _after_commit(auction_id: int) -> None:
    transaction.on_commit(lambda: broadcast_auction(auction_id))


# --- auctions --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuctionSpec:
    kind: str
    currency: str
    starting_price: Decimal
    starts_at: datetime
    ends_at: datetime
    sealed_pricing: str = ""
    min_increment: Decimal | None = None
    increment_ladder: tuple[tuple[str, str], ...] = ()
    reserve_price: Decimal | None = None
    soft_close_window: timedelta | None = None
    soft_close_extension: timedelta | None = None
    terms: str = ""
    deposit_required: bool = False
    deposit_amount: Decimal | None = None


def _validate_spec(spec: AuctionSpec, *, now: datetime) -> None:
    errors: dict[str, str] = {}
    if spec.ends_at <= spec.starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    if spec.ends_at <= now:
        errors["ends_at"] = _("The end must be in the future.")
    if spec.kind == AuctionKind.SEALED:
        if spec.sealed_pricing not in SealedPricing.values:
            errors["sealed_pricing"] = _("Choose first-price or second-price for a sealed-bid auction.")
        if spec.soft_close_window or spec.soft_close_extension:
            errors["soft_close_window"] = _("Soft close applies to English auctions only.")
    elif spec.kind == AuctionKind.ENGLISH:
        if spec.min_increment is None and not spec.increment_ladder:
            errors["min_increment"] = _("Give a minimum increment or an increment ladder.")
        if spec.min_increment is not None and spec.min_increment <= 0:
            errors["min_increment"] = _("The increment must be greater than zero.")
        if bool(spec.soft_close_window) != bool(spec.soft_close_extension):
            errors["soft_close_extension"] = _("Give both the soft-close window and the extension, or neither.")
    else:
        errors["kind"] = _("Unknown auction type.")
    for threshold, increment in spec.increment_ladder:
        try:
            if Decimal(threshold) < 0 or Decimal(increment) <= 0:
                raise ValueError
        except (ArithmeticError, ValueError):
            errors["increment_ladder"] = _("Each ladder step needs a threshold ≥ 0 and an increment > 0.")
            break
    if spec.starting_price < 0:
        errors["starting_price"] = _("The starting price cannot be negative.")
    if spec.reserve_price is not None and spec.reserve_price < spec.starting_price:
        errors["reserve_price"] = _("The reserve price cannot be below the starting price.")
    if spec.deposit_required and not spec.deposit_amount:
        errors["deposit_amount"] = _("Give the deposit amount, or do not require a deposit.")
    if errors:
        raise ValidationError(errors)


def auction_create(*, achievement: Achievement, actor, spec: AuctionSpec) -> Auction:
    """Put a published achievement up for auction: scheduled at once by staff, proposed for approval by an admin."""
    if not may_manage_auctions(actor, achievement):
        raise TradingError(
            _("Only center staff or the institution's administrators may start an auction."),
            code="permission_denied",
            status=403,
        )
    if achievement.state != ModerationState.PUBLISHED:
        raise TradingError(_("Only a published achievement can be auctioned."), code="invalid_state", status=409)
    _validate_spec(spec, now=timezone.now())
    state = AuctionState.SCHEDULED if actor.is_staff else AuctionState.PROPOSED
    try:
        with transaction.atomic():
            auction = Auction.objects.create(
                achievement=achievement,
                seller=achievement.owner,
                created_by=actor,
                kind=spec.kind,
                sealed_pricing=spec.sealed_pricing if spec.kind == AuctionKind.SEALED else "",
                currency=spec.currency,
                starting_price=spec.starting_price,
                min_increment=spec.min_increment,
                increment_ladder=[[str(t), str(i)] for t, i in spec.increment_ladder],
                reserve_price=spec.reserve_price,
                soft_close_window=spec.soft_close_window,
                soft_close_extension=spec.soft_close_extension,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                scheduled_end=spec.ends_at,
                terms=spec.terms,
                deposit_required=spec.deposit_required,
                deposit_amount=spec.deposit_amount if spec.deposit_required else None,
                state=state,
            )
            _audit(auction, actor, AuctionAction.CREATED if actor.is_staff else AuctionAction.PROPOSED)
    except IntegrityError:
        raise TradingError(
            _("This achievement already has an auction in progress."), code="auction_exists", status=409
        ) from None
    return auction


def _locked(auction_id: int) -> Auction:
    try:
        # of=("self",): lock the auction row only, not the joined achievement (others may moderate it meanwhile).
        return Auction.objects.select_related("achievement").select_for_update(of=("self",)).get(pk=auction_id)
    except Auction.DoesNotExist:
        raise TradingError(_("Not found."), code="not_found", status=404) from None


def auction_approve(*, auction: Auction, actor) -> Auction:
    """Staff approve an auction an institution administrator proposed."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    with transaction.atomic():
        locked = _locked(auction.pk)
        if locked.state != AuctionState.PROPOSED:
            raise TradingError(_("Only a proposed auction can be approved."), code="invalid_state", status=409)
        if locked.ends_at <= timezone.now():
            raise TradingError(
                _("The auction's end has passed: change its times first."), code="invalid_state", status=409
            )
        locked.state = AuctionState.SCHEDULED
        locked.save(update_fields=["state"])
        _audit(locked, actor, AuctionAction.APPROVED)
        _after_commit(locked.pk)
    return locked


def auction_cancel(*, auction: Auction, actor, reason: str) -> Auction:
    """Staff cancel an auction that has not closed; bids stay in the log, nobody wins."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if not reason.strip():
        raise TradingError(_("Give a reason for cancelling."), code="reason_required")
    with transaction.atomic():
        locked = _locked(auction.pk)
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED):
            raise TradingError(_("This auction has already ended."), code="invalid_state", status=409)
        locked.state = AuctionState.CANCELLED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        _audit(locked, actor, AuctionAction.CANCELLED, reason)
        _after_commit(locked.pk)
    return locked


def auction_extend(*, auction: Auction, actor, ends_at: datetime, reason: str) -> Auction:
    """Staff move a running or upcoming auction's end later (never earlier: bidders rely on it)."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if not reason.strip():
        raise TradingError(_("Give a reason for extending."), code="reason_required")
    with transaction.atomic():
        locked = _locked(auction.pk)
        now = timezone.now()
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED) or locked.ends_at <= now:
            raise TradingError(_("This auction has already ended."), code="invalid_state", status=409)
        if ends_at <= locked.ends_at:
            raise TradingError(_("The new end must be later than the current end."), code="invalid_end")
        previous = locked.ends_at
        locked.ends_at = ends_at
        locked.save(update_fields=["ends_at"])
        _audit(locked, actor, AuctionAction.EXTENDED, reason, previous=previous.isoformat(), to=ends_at.isoformat())
        _after_commit(locked.pk)
    return locked


# --- participation ---------------------------------------------------------------------------------------------


def _check_eligible(auction: Auction, user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise TradingError(_("Sign in to bid."), code="not_authenticated", status=401)
    if user.is_staff:
        raise TradingError(_("Center staff run auctions and cannot bid in them."), code="not_eligible", status=403)
    if user.pk == auction.seller_id or _member_of_seller_institution(auction, user):
        raise TradingError(_("The seller cannot bid on their own lot."), code="seller_cannot_bid", status=403)


def _member_of_seller_institution(auction: Auction, user) -> bool:
    if hasattr(auction, "bidder_in_seller_institution"):  # read by _bid_read with the row
        return auction.bidder_in_seller_institution
    institution_id = auction.achievement.institution_id
    return bool(institution_id and institution_id in member_institution_ids(user))


def bid_refusal(*, auction: Auction, user) -> TradingError | None:
    """Why ``user`` may never bid in ``auction`` (signed out, center staff, the seller's side), else None."""
    try:
        _check_eligible(auction, user)
    except TradingError as exc:
        return exc
    return None


def _new_participant(auction: Auction, user) -> Participant:
    # Called with the auction row locked: numbers are handed out one at a time.
    last = auction.participants.aggregate(n=Max("number"))["n"] or 0
    status = DepositStatus.PENDING if auction.deposit_required else DepositStatus.NOT_REQUIRED
    return Participant.objects.create(auction=auction, user=user, number=last + 1, deposit_status=status)


def participation_request(*, auction: Auction, user) -> Participant:
    """Register for an auction and accept its terms; with a deposit, staff must confirm it before any bid."""
    with transaction.atomic():
        locked = _locked(auction.pk)
        _check_eligible(locked, user)
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED) or locked.ends_at <= timezone.now():
            raise TradingError(_("This auction has ended."), code="auction_closed", status=409)
        participant = locked.participants.filter(user=user).first()
        if participant is None:
            participant = _new_participant(locked, user)
            if locked.deposit_required:
                _audit(locked, user, AuctionAction.DEPOSIT_REQUESTED, participant=participant.number)
    return participant


def deposit_decide(*, participant: Participant, actor, confirm: bool, reason: str = "") -> Participant:
    """Staff confirm (or reject) a bidder's deposit; audited."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if not confirm and not reason.strip():
        raise TradingError(_("Give a reason for rejecting the deposit."), code="reason_required")
    with transaction.atomic():
        locked = _locked(participant.auction_id)
        row = Participant.objects.select_for_update().get(pk=participant.pk)
        if not locked.deposit_required:
            raise TradingError(_("This auction requires no deposit."), code="invalid_state", status=409)
        row.deposit_status = DepositStatus.CONFIRMED if confirm else DepositStatus.REJECTED
        row.save(update_fields=["deposit_status"])
        action = AuctionAction.DEPOSIT_CONFIRMED if confirm else AuctionAction.DEPOSIT_REJECTED
        _audit(locked, actor, action, reason, participant=row.number)
    return row


# --- bids ------------------------------------------------------------------------------------------------------


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
    previous = Bid.objects.filter(participant=participant, idempotency_key=key).first()
    if previous is None:  # the key raised this leader's maximum (no log entry): the same raise again, or a conflict
        if max_amount is None or max_amount != participant.proxy_max:
            raise TradingError(
                _("This idempotency key was already used for a different bid."),
                code="idempotency_key_reused",
                status=409,
            )
        return BidOutcome(auction=auction, participant=participant, bid=None, created=False, replayed=True)
    if auction.kind == AuctionKind.SEALED:
        same = True  # the stored amount is sealed; the key alone identifies the request
    else:
        asked = max_amount if max_amount is not None else amount
        same = asked is None or previous.amount is None or asked == previous.amount or max_amount is not None
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
            participant = _new_participant(auction, user)
        if auction.kind == AuctionKind.SEALED:
            outcome = _sealed_bid(auction, participant, parsed_amount, parsed_max, now, idempotency_key)
        else:
            outcome = _english_bid(auction, participant, parsed_amount, parsed_max, now, idempotency_key)
        auction.save(update_fields=["current_price", "leader", "bid_count", "last_hash", "ends_at"])
        _after_commit(auction.pk)
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
        f"AND m.institution_id = ach.institution_id) AS bidder_in_seller_institution, "
        f"(p.{quote('proxy_key')} = %s OR EXISTS (SELECT 1 FROM {quote(Bid._meta.db_table)} b "
        f"WHERE b.participant_id = p.id AND b.idempotency_key = %s)) AS key_used "
        f"FROM {quote(Auction._meta.db_table)} a "
        f"INNER JOIN {quote(Achievement._meta.db_table)} ach ON ach.id = a.achievement_id "
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
    _check_eligible(auction, user)
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


# --- the close -------------------------------------------------------------------------------------------------


def auction_close(*, auction_id: int) -> bool:
    """Close a due auction exactly once: decide the result, reveal sealed bids, record the deal. False if not due."""
    with transaction.atomic():
        # The lock makes a second closer (another beat process) wait, then see the auction already closed.
        auction = _locked(auction_id)
        now = timezone.now()
        if auction.state != AuctionState.SCHEDULED or now < auction.ends_at:
            return False
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
        _audit(auction, None, AuctionAction.CLOSED, result=result, price=None if price is None else f"{price:.2f}")
        if result == AuctionResult.WON:
            _deal_from_auction(auction, winner, price, now)
        transaction.on_commit(lambda: auction_notify_closed.delay(auction.pk))
        _after_commit(auction.pk)
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


def auction_close_if_due(*, auction: Auction) -> Auction:
    """Close ``auction`` now if its end has passed and it is still open; returns it as it then is.

    Pages and the API call this when they show an auction: the embedded default (`make run`) has no beat, and in
    production it spares readers the wait until the next beat run. Closing twice is harmless (auction_close locks).
    """
    due = auction.state == AuctionState.SCHEDULED and auction.ends_at <= timezone.now()
    if due and auction_close(auction_id=auction.pk):
        auction.refresh_from_db()
    return auction


def auctions_close_due() -> int:
    """Close every scheduled auction whose end has passed; returns how many this call closed."""
    due = Auction.objects.filter(state=AuctionState.SCHEDULED, ends_at__lte=timezone.now()).values_list("pk", flat=True)
    return sum(auction_close(auction_id=pk) for pk in list(due))


# --- deals -----------------------------------------------------------------------------------------------------


def _deal_from_auction(auction: Auction, winner: Participant, price: Decimal, now: datetime) -> Deal:
    buyer_institutions = sorted(member_institution_ids(winner.user))
    deal = Deal.objects.create(
        achievement=auction.achievement,
        auction=auction,
        source=DealSource.AUCTION,
        seller=auction.seller,
        seller_institution=auction.achievement.institution,
        buyer=winner.user,
        buyer_institution_id=buyer_institutions[0] if buyer_institutions else None,
        price=price,
        currency=auction.currency,
        agreed_on=timezone.localdate(now),
    )
    DealEvent.objects.create(deal=deal, actor=None, to_status=deal.status)
    Achievement.objects.filter(pk=auction.achievement_id).update(under_transfer=True)
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
    if price < 0:
        raise ValidationError({"price": _("The price cannot be negative.")})
    with transaction.atomic():
        deal = Deal.objects.create(
            achievement=achievement,
            source=source,
            seller=achievement.owner,
            seller_institution=achievement.institution,
            buyer=buyer,
            buyer_institution=buyer_institution,
            price=price,
            currency=currency,
            agreed_on=agreed_on,
            notes=notes,
            recorded_by=actor,
        )
        DealEvent.objects.create(deal=deal, actor=actor, to_status=deal.status, reason=notes)
        Achievement.objects.filter(pk=achievement.pk).update(under_transfer=True)
    return deal


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
        DealEvent.objects.create(deal=locked, actor=actor, from_status=previous, to_status=status, reason=reason)
        if (
            status == DealStatus.CANCELLED
            and not Deal.objects.filter(achievement_id=locked.achievement_id)
            .exclude(status=DealStatus.CANCELLED)
            .exists()
        ):
            Achievement.objects.filter(pk=locked.achievement_id).update(under_transfer=False)
    return locked
