"""Competitive trading: auctions on published achievements (or on a project's package of them), their hash-chained
bid log, bidders and deals.

Its own app rather than a part of marketplace/: auctions bring their own models, periodic job, websocket consumer,
pages and API, and nothing else in the marketplace depends on them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.audit import audit_trail
from marketplace.models import Currency

AMOUNT_MAX_DIGITS = 16
AMOUNT_DECIMALS = 2
GENESIS_HASH = "0" * 64


class AuctionKind(models.TextChoices):
    ENGLISH = "english", _("English (ascending)")
    SEALED = "sealed", _("Sealed-bid")


class SealedPricing(models.TextChoices):
    FIRST_PRICE = "first_price", _("First price (the winner pays their bid)")
    SECOND_PRICE = "second_price", _("Second price (the winner pays the second-highest bid)")


class AuctionState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting staff approval")
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def active(cls) -> list[str]:
        """The states of an auction that has not ended (at most one per lot: a constraint)."""
        return [cls.PROPOSED, cls.SCHEDULED]


class AuctionPhase(models.TextChoices):
    """What a reader sees: derived from the state and the server's clock, never stored."""

    PROPOSED = "proposed", _("Awaiting approval")
    UPCOMING = "upcoming", _("Upcoming")
    LIVE = "live", _("Live")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class AuctionResult(models.TextChoices):
    WON = "won", _("Sold")
    RESERVE_NOT_MET = "reserve_not_met", _("Reserve not met")
    NO_BIDS = "no_bids", _("No bids")


class LotType(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement")
    PACKAGE = "package", _("Package")


# The lot is exactly one of these (a constraint). The package's model sits in an app above trading: named by its
# label, never imported; what trading needs to know about it comes through ``trading.lots``.
LOT_FIELDS = ("achievement", "project")
_ONE_LOT = Q(achievement__isnull=False, project__isnull=True) | Q(achievement__isnull=True, project__isnull=False)


class LotMixin:
    """The lot of an auction or a deal: a single achievement, or a project's package of achievements."""

    @property
    def lot(self):
        return self.achievement if self.achievement_id else self.project

    @property
    def lot_type(self) -> str:
        return LotType.ACHIEVEMENT if self.achievement_id else LotType.PACKAGE

    @property
    def is_package(self) -> bool:
        return not self.achievement_id


class Auction(LotMixin, models.Model):
    """One auction of one lot (an achievement or a package). The row is the lock that serialises every bid and the
    close."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(
        "achievements.Achievement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auctions",
        verbose_name=_("achievement"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auctions",
        verbose_name=_("package (project)"),
    )
    # The lot's institution, copied at creation: deciding a bid asks whether the bidder belongs to it without a join.
    seller_institution = models.ForeignKey(
        "marketplace.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seller institution"),
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auctions_selling", verbose_name=_("seller")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    kind = models.CharField(_("type"), max_length=16, choices=AuctionKind.choices, default=AuctionKind.ENGLISH)
    sealed_pricing = models.CharField(_("sealed-bid pricing"), max_length=16, choices=SealedPricing.choices, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    starting_price = models.DecimalField(_("starting price"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2)
    min_increment = models.DecimalField(
        _("minimum increment"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    # [["0", "100"], ["10000", "500"]]: from a standing price of 10,000 on, each bid must add at least 500.
    increment_ladder = models.JSONField(_("increment ladder"), default=list, blank=True)
    reserve_price = models.DecimalField(
        _("reserve price"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    soft_close_window = models.DurationField(_("soft-close window"), null=True, blank=True)
    soft_close_extension = models.DurationField(_("soft-close extension"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    scheduled_end = models.DateTimeField(_("scheduled end"))
    terms = models.TextField(_("participation terms"), blank=True, max_length=20000)
    deposit_required = models.BooleanField(_("deposit required"), default=False)
    deposit_amount = models.DecimalField(
        _("deposit"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=AuctionState.choices, default=AuctionState.PROPOSED, db_index=True
    )
    # The standing position, kept on the locked row so a bid is decided without scanning the log.
    current_price = models.DecimalField(
        _("current price"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    leader = models.ForeignKey(
        "Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("leader")
    )
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    last_hash = models.CharField(_("last log hash"), max_length=64, default=GENESIS_HASH)
    result = models.CharField(_("result"), max_length=16, choices=AuctionResult.choices, blank=True)
    winner = models.ForeignKey(
        "Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("winner")
    )
    final_price = models.DecimalField(
        _("final price"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="auction_ends_after_start"),
            models.CheckConstraint(condition=Q(starting_price__gte=0), name="auction_starting_price_not_negative"),
            models.CheckConstraint(
                condition=Q(min_increment__isnull=True) | Q(min_increment__gt=0), name="auction_increment_positive"
            ),
            models.CheckConstraint(
                condition=~Q(kind="sealed") | ~Q(sealed_pricing=""), name="auction_sealed_has_pricing"
            ),
            models.CheckConstraint(condition=_ONE_LOT, name="auction_exactly_one_lot"),
            # One auction at a time per achievement, and per package.
            models.UniqueConstraint(
                fields=["achievement"],
                condition=Q(state__in=["proposed", "scheduled"]),
                name="auction_one_active_per_achievement",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(state__in=["proposed", "scheduled"]),
                name="auction_one_active_per_project",
            ),
        ]
        indexes = [models.Index(fields=["state", "ends_at"])]

    def __str__(self) -> str:
        return _("Auction #%(id)s: %(title)s") % {"id": self.pk, "title": self.lot}

    def get_absolute_url(self) -> str:
        return reverse("trading:auction-detail", args=[self.pk])

    @property
    def is_sealed(self) -> bool:
        return self.kind == AuctionKind.SEALED

    def phase(self, now=None) -> str:
        now = now or timezone.now()
        if self.state == AuctionState.SCHEDULED:
            if now < self.starts_at:
                return AuctionPhase.UPCOMING
            return AuctionPhase.LIVE if now < self.ends_at else AuctionPhase.CLOSING
        return {
            AuctionState.PROPOSED: AuctionPhase.PROPOSED,
            AuctionState.CLOSED: AuctionPhase.CLOSED,
            AuctionState.CANCELLED: AuctionPhase.CANCELLED,
        }[self.state]


class DepositStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Participant(models.Model):
    """A bidder in one auction, known to the public only by their number ("Bidder 3")."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auction_participations")
    number = models.PositiveIntegerField(_("bidder number"))
    deposit_status = models.CharField(
        _("deposit"), max_length=16, choices=DepositStatus.choices, default=DepositStatus.NOT_REQUIRED
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted"), default=timezone.now)
    # English auctions: the hidden maximum the system bids up to on this bidder's behalf. Never shown to others.
    proxy_max = models.DecimalField(
        _("proxy maximum"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    proxy_set_at = models.DateTimeField(null=True, blank=True)
    # The idempotency key of the request that last raised this bidder's maximum while they led: such a raise adds no
    # log entry to carry the key, and a retry of it must still get its original answer.
    proxy_key = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["auction", "number"]
        verbose_name = _("bidder")
        verbose_name_plural = _("bidders")
        constraints = [
            models.UniqueConstraint(fields=["auction", "user"], name="participant_once_per_auction"),
            models.UniqueConstraint(fields=["auction", "number"], name="participant_number_unique"),
        ]

    def __str__(self) -> str:
        return self.alias

    @property
    def alias(self) -> str:
        return _("Bidder %(number)s") % {"number": self.number}

    @property
    def may_bid(self) -> bool:
        return self.deposit_status in (DepositStatus.NOT_REQUIRED, DepositStatus.CONFIRMED)


class Bid(models.Model):
    """One entry of an auction's append-only, hash-chained bid log.

    ``entry_hash`` = SHA-256 of the canonical JSON of the public content (see ``trading.chain``), which includes
    ``prev_hash``: altering or removing any entry breaks every hash after it. Sealed bids publish only a commitment
    (SHA-256 over amount and a secret nonce); the amount and nonce are stored encrypted and revealed at the close.
    """

    auction = models.ForeignKey(Auction, on_delete=models.PROTECT, related_name="bids")
    seq = models.PositiveIntegerField(_("number"))
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="bids")
    amount = models.DecimalField(
        _("amount"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2, null=True, blank=True
    )  # null for a sealed bid until the close reveals it
    is_proxy = models.BooleanField(_("placed by proxy"), default=False)
    commitment = models.CharField(_("commitment"), max_length=64, blank=True)
    sealed_box = models.TextField(blank=True, editable=False)  # encrypted {"amount", "nonce"}; see trading.sealing
    revealed_nonce = models.CharField(max_length=64, blank=True)
    placed_at = models.DateTimeField(_("placed"))
    ends_at = models.DateTimeField(_("auction end after this bid"))
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["auction", "seq"]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["auction", "seq"], name="bid_seq_unique"),
            models.UniqueConstraint(
                fields=["participant", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="bid_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.participant.alias if self.participant_id else ''}"


class AuctionAction(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CREATED = "created", _("Created")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Cancelled")
    EXTENDED = "extended", _("End extended")
    DEPOSIT_REQUESTED = "deposit_requested", _("Participation requested")
    DEPOSIT_CONFIRMED = "deposit_confirmed", _("Deposit confirmed")
    DEPOSIT_REJECTED = "deposit_rejected", _("Deposit rejected")
    CLOSED = "closed", _("Closed")
    LOT_INCOMPLETE = "lot_incomplete", _("Cancelled: the package became incomplete")


@audit_trail
class AuctionEvent(models.Model):
    """Audit trail of an auction: who did what, when and why (staff actions, approvals, the close)."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=32, choices=AuctionAction.choices)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("auction event")
        verbose_name_plural = _("auction events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class DealStatus(models.TextChoices):
    PENDING_SIGNATURE = "pending_signature", _("Pending signature")
    SIGNED = "signed", _("Signed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class DealSource(models.TextChoices):
    AUCTION = "auction", _("Auction")
    NEGOTIATED = "negotiated", _("Negotiated sale")
    MOU = "mou", _("Contract under an MOU")
    OTHER = "other", _("Other")


class Deal(LotMixin, models.Model):
    """A technology transfer agreed between a seller and a buyer: from an auction or recorded by staff. Its lot is an
    achievement, or a package when a package auction closed with a winner."""

    achievement = models.ForeignKey(
        "achievements.Achievement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals",
        verbose_name=_("achievement"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals",
        verbose_name=_("package (project)"),
    )
    auction = models.OneToOneField(
        Auction, on_delete=models.PROTECT, null=True, blank=True, related_name="deal", verbose_name=_("auction")
    )
    source = models.CharField(_("source"), max_length=16, choices=DealSource.choices, default=DealSource.AUCTION)
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deals_selling", verbose_name=_("seller")
    )
    seller_institution = models.ForeignKey(
        "marketplace.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals_selling",
        verbose_name=_("seller institution"),
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deals_buying", verbose_name=_("buyer")
    )
    buyer_institution = models.ForeignKey(
        "marketplace.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals_buying",
        verbose_name=_("buyer institution"),
    )
    price = models.DecimalField(_("price"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    agreed_on = models.DateField(_("date agreed"))
    status = models.CharField(
        _("status"), max_length=20, choices=DealStatus.choices, default=DealStatus.PENDING_SIGNATURE, db_index=True
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="deal_price_not_negative"),
            models.CheckConstraint(condition=_ONE_LOT, name="deal_exactly_one_lot"),
        ]

    def __str__(self) -> str:
        return _("Deal #%(id)s: %(title)s") % {"id": self.pk, "title": self.lot}


@audit_trail
class DealEvent(models.Model):
    """Audit trail of a deal's status changes."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(_("from"), max_length=20, choices=DealStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=DealStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")

    def __str__(self) -> str:
        return f"{self.get_to_status_display()} ({self.created_at:%Y-%m-%d %H:%M})"
