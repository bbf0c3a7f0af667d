"""An auction's life before its close: created or proposed, approved, cancelled, extended (staff)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Listing, ModerationState
from trading.errors import TradingError
from trading.lots import lot_refusal
from trading.models import LOT_FIELDS, Auction, AuctionAction, AuctionKind, AuctionState, SealedPricing
from trading.services._base import after_commit, audit, lock_auction
from trading.services.permissions import may_manage_auctions


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


def _lot_field(lot: Listing) -> str:
    """The auction's column that holds ``lot`` (achievement, project): the one whose model is the lot's."""
    for name in LOT_FIELDS:
        if Auction._meta.get_field(name).related_model is type(lot):
            return name
    raise TradingError(_("This cannot be auctioned."), code="invalid_lot")


def _check_lot(lot: Listing) -> None:
    refusal = lot_refusal(lot)
    if refusal:
        raise TradingError(refusal, code="lot_incomplete", status=409)


def auction_create(*, lot: Listing, actor, spec: AuctionSpec) -> Auction:
    """Put a published lot (an achievement, or a project as a package) up for auction: scheduled at once by staff,
    proposed for approval by an administrator of the lot's institution. A package needs every bundled achievement
    confirmed by its owner and none withdrawn (``trading.lots``)."""
    field = _lot_field(lot)
    if not may_manage_auctions(actor, lot):
        raise TradingError(
            _("Only center staff or the institution's administrators may start an auction."),
            code="permission_denied",
            status=403,
        )
    package = field != "achievement"
    if lot.state != ModerationState.PUBLISHED:
        message = (
            _("Only a published project can be offered as a package.")
            if package
            else _("Only a published achievement can be auctioned.")
        )
        raise TradingError(message, code="invalid_state", status=409)
    _validate_spec(spec, now=timezone.now())
    state = AuctionState.SCHEDULED if actor.is_staff else AuctionState.PROPOSED
    try:
        with transaction.atomic():
            # Lock the lot: an owner withdrawing an achievement (or a package taking it in) meanwhile waits for this
            # check and the new auction, then sees it (and halts it).
            type(lot).objects.select_for_update().filter(pk=lot.pk).first()
            _check_lot(lot)
            auction = Auction.objects.create(
                **{field: lot},
                seller=lot.owner,
                seller_institution_id=lot.institution_id,
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
            audit(auction, actor, AuctionAction.CREATED if actor.is_staff else AuctionAction.PROPOSED)
    except IntegrityError:
        message = (
            _("This project already has a package auction in progress.")
            if package
            else _("This achievement already has an auction in progress.")
        )
        raise TradingError(message, code="auction_exists", status=409) from None
    return auction


def auction_approve(*, auction: Auction, actor) -> Auction:
    """Staff approve an auction an institution administrator proposed."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    with transaction.atomic():
        locked = lock_auction(auction.pk)
        if locked.state != AuctionState.PROPOSED:
            raise TradingError(_("Only a proposed auction can be approved."), code="invalid_state", status=409)
        if locked.ends_at <= timezone.now():
            raise TradingError(
                _("The auction's end has passed: change its times first."), code="invalid_state", status=409
            )
        _check_lot(locked.lot)
        locked.state = AuctionState.SCHEDULED
        locked.save(update_fields=["state"])
        audit(locked, actor, AuctionAction.APPROVED)
        after_commit(locked.pk)
    return locked


def auction_cancel(*, auction: Auction, actor, reason: str) -> Auction:
    """Staff cancel an auction that has not closed; bids stay in the log, nobody wins."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if not reason.strip():
        raise TradingError(_("Give a reason for cancelling."), code="reason_required")
    with transaction.atomic():
        locked = lock_auction(auction.pk)
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED):
            raise TradingError(_("This auction has already ended."), code="invalid_state", status=409)
        locked.state = AuctionState.CANCELLED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        audit(locked, actor, AuctionAction.CANCELLED, reason)
        after_commit(locked.pk)
    return locked


def auction_halt(*, auction: Auction, reason: str) -> Auction | None:
    """The lot can no longer be sold as offered (a bundled achievement was withdrawn or taken out of the package):
    the system cancels its proposed or scheduled auction, audited with ``reason``; bids stay in the log, nobody wins.
    None when the auction had already ended."""
    with transaction.atomic():
        locked = lock_auction(auction.pk)
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED):
            return None
        locked.state = AuctionState.CANCELLED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        audit(locked, None, AuctionAction.LOT_INCOMPLETE, reason)
        after_commit(locked.pk)
    return locked


def auction_extend(*, auction: Auction, actor, ends_at: datetime, reason: str) -> Auction:
    """Staff move a running or upcoming auction's end later (never earlier: bidders rely on it)."""
    if not actor.is_staff:
        raise TradingError(code="permission_denied", status=403)
    if not reason.strip():
        raise TradingError(_("Give a reason for extending."), code="reason_required")
    with transaction.atomic():
        locked = lock_auction(auction.pk)
        now = timezone.now()
        if locked.state not in (AuctionState.PROPOSED, AuctionState.SCHEDULED) or locked.ends_at <= now:
            raise TradingError(_("This auction has already ended."), code="invalid_state", status=409)
        if ends_at <= locked.ends_at:
            raise TradingError(_("The new end must be later than the current end."), code="invalid_end")
        previous = locked.ends_at
        locked.ends_at = ends_at
        locked.save(update_fields=["ends_at"])
        audit(locked, actor, AuctionAction.EXTENDED, reason, previous=previous.isoformat(), to=ends_at.isoformat())
        after_commit(locked.pk)
    return locked
