"""API serializers of competitive trading: auctions (list, detail), the public bid log, bids and participation.

Amounts go out as their exact decimal text with two decimals ("1500.00"), never as floats, and come in raw: the
bid endpoint hands the untouched JSON value to ``trading.amounts.parse_amount`` (through the services), because a
DRF DecimalField would round or coerce what the bidder sent. Nothing here decides a rule: the services do.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.idempotency import IDEMPOTENCY_KEY_PATTERN
from marketplace.serializers import InputSerializer, PageUrlField, TranslatedField, absolute_url
from trading import chain
from trading.models import (
    AuctionKind,
    AuctionPhase,
    AuctionResult,
    Bid,
    DepositStatus,
    LotType,
    Participant,
    SealedPricing,
)
from trading.rules import increment_at, minimum_bid
from trading.selectors import log_entry

AMOUNT_SCHEMA = {"type": "string", "format": "decimal", "pattern": r"^[0-9]+\.[0-9]{2}$", "example": "1500.00"}
HASH_SCHEMA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
KIND_HELP = _('"english" (ascending) or "sealed" (sealed-bid).')
TIME_SCHEMA = {"type": "string", "format": "date-time", "example": "2025-05-01T12:00:00.000000Z"}


@extend_schema_field({**AMOUNT_SCHEMA, "nullable": True})
class AmountField(serializers.Field):
    """An amount as exact text with two decimals (``null`` when there is none)."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str | None:
        return chain.canonical_amount(value)


@extend_schema_field(TIME_SCHEMA)
class TimeField(serializers.Field):
    """A time in UTC with microseconds and ``Z``: the spelling the bid log's hashes use, and the live updates too."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return chain.canonical_time(value)


@extend_schema_field(OpenApiTypes.INT)
class SecondsField(serializers.Field):
    """A duration in whole seconds."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> int:
        return int(value.total_seconds())


# The documented shape of the key (an empty one is the same as none); the view answers 400 invalid_idempotency_key.
@extend_schema_field({"type": "string", "pattern": f"^(?:{IDEMPOTENCY_KEY_PATTERN[1:-1]})?$"})
class IdempotencyKeyField(serializers.CharField):
    pass


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}], "example": "1500.00"})
class RawAmountField(serializers.Field):
    """An amount exactly as sent (JSON number or string): parsed and judged by the bid service, not here."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return data


# --- the bid log -------------------------------------------------------------------------------------------------


class LogEntrySerializer(serializers.Serializer):
    """One entry of the public, hash-chained bid log, exactly as hashed (see ``trading.chain``).

    ``entry_hash`` = SHA-256 of the canonical JSON (sorted keys, separators ``,`` and ``:``, UTF-8) of every field
    but ``entry_hash`` and ``revealed_nonce``; a sealed entry (non-empty ``commitment``) is hashed with
    ``amount: null``, its amount being revealed at the close with the nonce of its commitment.
    """

    auction = serializers.IntegerField(read_only=True)
    seq = serializers.IntegerField(read_only=True, help_text=_("Position in the log, from 1, without gaps."))
    bidder = serializers.IntegerField(read_only=True, help_text=_("The bidder's number in this auction."))
    amount = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("The amount; null for a sealed bid until the close.")
    )
    commitment = serializers.CharField(
        read_only=True,
        help_text=_("Sealed bids: SHA-256 of 'auction|bidder|amount|nonce'; empty for English auctions."),
    )
    proxy = serializers.BooleanField(read_only=True, help_text=_("Placed automatically from a proxy maximum."))
    placed_at = serializers.CharField(read_only=True)
    ends_at = serializers.CharField(read_only=True, help_text=_("The auction's end after this bid (soft close)."))
    prev_hash = serializers.CharField(read_only=True)
    entry_hash = serializers.CharField(read_only=True)
    revealed_nonce = serializers.CharField(read_only=True, allow_null=True)

    def to_representation(self, instance):
        return super().to_representation(log_entry(instance) if isinstance(instance, Bid) else instance)


class BidLogPageSerializer(serializers.Serializer):
    """A page of the bid log with the head of the whole chain at the time of the request."""

    auction = serializers.IntegerField()
    count = serializers.IntegerField(help_text=_("Entries in the log when the request was answered."))
    chain_head = serializers.CharField(help_text=_("entry_hash of the last entry (64 zeros when there is none)."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = LogEntrySerializer(many=True)


# --- auctions ----------------------------------------------------------------------------------------------------


class AchievementBriefSerializer(serializers.Serializer):
    """A lot in brief: an achievement, or the project of a package."""

    id = serializers.IntegerField(read_only=True)
    title = TranslatedField("title")
    language = serializers.SerializerMethodField(help_text=_("Language of the returned title."))
    url = PageUrlField()

    def get_language(self, obj) -> str:
        return obj.text_with_language("title")[1]


class IncrementStepSerializer(serializers.Serializer):
    from_price = serializers.CharField(help_text=_("From this standing price on..."))
    increment = serializers.CharField(help_text=_("...each bid adds at least this much."))


class AuctionListSerializer(serializers.Serializer):
    """What a list of auctions shows; ``context["now"]`` is the one server time the whole answer is computed at."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    page_url = PageUrlField(help_text=_("The auction's page on the website."))
    kind = serializers.ChoiceField(choices=AuctionKind.choices, read_only=True, help_text=KIND_HELP)
    phase = serializers.SerializerMethodField()
    currency = serializers.CharField(read_only=True)
    starting_price = AmountField()
    current_price = serializers.SerializerMethodField(help_text=_("English auctions only; null for sealed bids."))
    minimum_bid = serializers.SerializerMethodField(help_text=_("The lowest bid accepted now (live auctions)."))
    bid_count = serializers.IntegerField(read_only=True)
    starts_at = TimeField()
    ends_at = TimeField(help_text=_("The end in force: soft close and staff extensions move it."))
    deposit_required = serializers.BooleanField(read_only=True)
    lot_type = serializers.ChoiceField(
        choices=LotType.choices,
        read_only=True,
        help_text=_("What is sold: one achievement, or a project's package of achievements sold as one lot."),
    )
    achievement = AchievementBriefSerializer(read_only=True, allow_null=True, help_text=_("Null for a package."))
    package = AchievementBriefSerializer(
        source="project",
        read_only=True,
        allow_null=True,
        help_text=_("The project whose package is sold (its page lists the achievements); null for an achievement."),
    )
    result = serializers.SerializerMethodField()
    final_price = AmountField()
    winner = serializers.SerializerMethodField(help_text=_("The winner's bidder number once closed."))

    def _now(self):
        return self.context["now"]

    def get_url(self, obj) -> str:
        return absolute_url(self.context, reverse("api:auction-detail", args=[obj.pk]))

    @extend_schema_field(serializers.ChoiceField(choices=AuctionPhase.choices))
    def get_phase(self, obj) -> str:
        return obj.phase(self._now())

    @extend_schema_field({**AMOUNT_SCHEMA, "nullable": True})
    def get_current_price(self, obj) -> str | None:
        return None if obj.is_sealed else chain.canonical_amount(obj.current_price)

    @extend_schema_field({**AMOUNT_SCHEMA, "nullable": True})
    def get_minimum_bid(self, obj) -> str | None:
        if obj.phase(self._now()) != AuctionPhase.LIVE:
            return None
        return chain.canonical_amount(minimum_bid(obj))

    @extend_schema_field(serializers.ChoiceField(choices=AuctionResult.choices, allow_null=True))
    def get_result(self, obj) -> str | None:
        return obj.result or None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_winner(self, obj) -> int | None:
        return obj.winner.number if obj.winner_id else None


class MyParticipationSerializer(serializers.Serializer):
    """The signed-in user's own standing in an auction (their proxy maximum is shown to them alone)."""

    number = serializers.IntegerField(read_only=True)
    alias = serializers.CharField(read_only=True)
    deposit_status = serializers.ChoiceField(choices=DepositStatus.choices, read_only=True)
    may_bid = serializers.BooleanField(read_only=True, help_text=_("False while a required deposit is unconfirmed."))
    terms_accepted_at = TimeField()
    leading = serializers.SerializerMethodField()
    proxy_max = AmountField(help_text=_("Your hidden maximum (English auctions); never shown to anyone else."))

    def get_leading(self, obj: Participant) -> bool:
        return obj.auction.leader_id == obj.pk


class AuctionDetailSerializer(AuctionListSerializer):
    """The public state of one auction, plus (``me``) the signed-in user's own participation.

    The reserve price itself is never published: only whether there is one and, in English auctions, whether the
    standing price meets it. Sealed amounts appear only after the close.
    """

    sealed_pricing = serializers.SerializerMethodField()
    min_increment = AmountField()
    increment_ladder = serializers.SerializerMethodField()
    increment_now = serializers.SerializerMethodField(help_text=_("The increment at the standing price (English)."))
    has_reserve = serializers.SerializerMethodField()
    reserve_met = serializers.SerializerMethodField(help_text=_("English auctions with a reserve; null otherwise."))
    soft_close_window = SecondsField(allow_null=True, help_text=_("A bid this close to the end extends it."))
    soft_close_extension = SecondsField(allow_null=True, help_text=_("...by this much."))
    scheduled_end = TimeField()
    server_time = serializers.SerializerMethodField(help_text=_("The server's clock, which alone decides."))
    leader = serializers.SerializerMethodField(help_text=_("Bidder number of the standing highest bid (English)."))
    winner_alias = serializers.SerializerMethodField()
    deposit_amount = AmountField()
    terms = serializers.CharField(read_only=True)
    closed_at = TimeField(allow_null=True)
    chain_head = serializers.CharField(source="last_hash", read_only=True)
    bids_url = serializers.SerializerMethodField()
    me = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=SealedPricing.choices, allow_null=True))
    def get_sealed_pricing(self, obj) -> str | None:
        return obj.sealed_pricing or None

    @extend_schema_field(IncrementStepSerializer(many=True))
    def get_increment_ladder(self, obj) -> list[dict]:
        steps = sorted((Decimal(threshold), Decimal(step)) for threshold, step in obj.increment_ladder or [])
        return [
            {"from_price": chain.canonical_amount(threshold), "increment": chain.canonical_amount(step)}
            for threshold, step in steps
        ]

    @extend_schema_field({**AMOUNT_SCHEMA, "nullable": True})
    def get_increment_now(self, obj) -> str | None:
        if obj.is_sealed:
            return None
        return chain.canonical_amount(increment_at(obj, obj.current_price or obj.starting_price))

    def get_has_reserve(self, obj) -> bool:
        return obj.reserve_price is not None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_reserve_met(self, obj) -> bool | None:
        if obj.reserve_price is None or obj.is_sealed:
            return None
        return obj.current_price is not None and obj.current_price >= obj.reserve_price

    @extend_schema_field(TIME_SCHEMA)
    def get_server_time(self, obj) -> str:
        return chain.canonical_time(self._now())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_leader(self, obj) -> int | None:
        return obj.leader.number if obj.leader_id and not obj.is_sealed else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_winner_alias(self, obj) -> str | None:
        return str(obj.winner.alias) if obj.winner_id else None

    def get_bids_url(self, obj) -> str:
        return absolute_url(self.context, reverse("api:auction-bids", args=[obj.pk]))

    @extend_schema_field(MyParticipationSerializer(allow_null=True))
    def get_me(self, obj) -> dict | None:
        participant = self.context.get("participant")
        return MyParticipationSerializer(participant).data if participant is not None else None


# --- live state (the same dict the websocket pushes) ---------------------------------------------------------------


class LiveStateSerializer(serializers.Serializer):
    """``trading.selectors.auction_live_state``: what every viewer of the auction may see now."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AuctionKind.choices, help_text=KIND_HELP)
    phase = serializers.ChoiceField(choices=AuctionPhase.choices)
    currency = serializers.CharField()
    current_price = serializers.CharField(allow_null=True)
    minimum_bid = serializers.CharField(allow_null=True)
    bid_count = serializers.IntegerField()
    leader = serializers.IntegerField(allow_null=True)
    starts_at = serializers.CharField()
    ends_at = serializers.CharField()
    server_time = serializers.CharField()
    reserve_met = serializers.BooleanField(allow_null=True)
    result = serializers.CharField(allow_null=True)
    final_price = serializers.CharField(allow_null=True)
    winner = serializers.IntegerField(allow_null=True)
    recent_bids = LogEntrySerializer(many=True)


# --- bids and participation ----------------------------------------------------------------------------------------


class BidRequestSerializer(InputSerializer):
    """A bid: ``amount``, or in English auctions a proxy ``max_amount`` the system bids up to on your behalf."""

    amount = RawAmountField(help_text=_("Your bid, in the auction's currency (a JSON number or a string)."))
    max_amount = RawAmountField(help_text=_("English auctions: your hidden proxy maximum."))
    currency = serializers.CharField(required=False, help_text=_("If given, must be the auction's currency."))
    idempotency_key = IdempotencyKeyField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_(
            "1–64 letters, digits or . _ : - (or the Idempotency-Key header): sending the same bid again with the "
            "same key returns the original result instead of bidding twice."
        ),
    )


class BidResultSerializer(serializers.Serializer):
    entry = LogEntrySerializer(
        allow_null=True,
        help_text=_("Your entry in the log (null when you only raised the proxy maximum of your leading bid)."),
    )
    amount = serializers.CharField(allow_null=True, help_text=_("Your amount (sealed bids: shown to you alone)."))
    replayed = serializers.BooleanField(help_text=_("True when this answers a repeated idempotency key."))
    leading = serializers.BooleanField()
    me = MyParticipationSerializer()
    auction = LiveStateSerializer()


@extend_schema_field({"type": "boolean", "enum": [True]})
class AcceptedField(serializers.BooleanField):
    """A box that must be ticked: the schema says only true is accepted (false is a 400 with its own code)."""


class ParticipationRequestSerializer(InputSerializer):
    accept_terms = AcceptedField(help_text=_("Must be true: you accept the auction's participation terms."))


class SealedAmountSerializer(serializers.Serializer):
    auction = serializers.IntegerField()
    seq = serializers.IntegerField()
    bidder = serializers.IntegerField()
    currency = serializers.CharField()
    amount = serializers.CharField()
    commitment = serializers.CharField()
    revealed = serializers.BooleanField(help_text=_("False: a sealed amount shown to its own bidder before close."))
