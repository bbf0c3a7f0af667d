"""The auctions API: lists and state of auctions, the public hash-chained bid log, bidding and participation.

Thin edges: selectors read and decide visibility, services decide every rule (under the auction's row lock) and
raise ``TradingError`` codes that the API's exception handler turns into ``{"code", "detail"}``. A bid's answer is
given only after the service's transaction committed, so every 2xx stands for a stored bid.
"""

from __future__ import annotations

import codecs
import json
from typing import ClassVar

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from marketplace.api import LanguageMixin, Pagination, cached_public_response
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER, parse_pk
from marketplace.idempotency import IDEMPOTENCY_KEY_PARAMETER
from marketplace.parsers import FormParser, JSONParser, MultiPartParser
from trading.errors import TradingError
from trading.models import Auction, AuctionPhase, Participant
from trading.selectors import (
    auction_detail,
    auction_list,
    auction_live_state,
    auction_visible,
    auctions_version,
    bid_log,
)
from trading.serializers import (
    AuctionDetailSerializer,
    AuctionListSerializer,
    BidLogPageSerializer,
    BidRequestSerializer,
    BidResultSerializer,
    LogEntrySerializer,
    MyParticipationSerializer,
    ParticipationRequestSerializer,
    SealedAmountSerializer,
)
from trading.services import (
    BidOutcome,
    bid_place,
    participation_request,
    sealed_amount_of,
)
from trading.throttles import BidRateThrottle

PHASES = [AuctionPhase.UPCOMING, AuctionPhase.LIVE, AuctionPhase.CLOSED]


class ExactJSONParser(JSONParser):
    """JSON whose numbers and constants stay as their source text (``10.001``, ``1e309``, ``NaN``).

    Python's parser would turn them into floats (``1e309`` into infinity, ``10.001`` into a binary approximation);
    kept as text, ``trading.amounts.parse_amount`` judges exactly what the bidder sent and names what is wrong.
    """

    def load(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.load(codecs.getreader(encoding)(stream), parse_float=str, parse_int=str, parse_constant=str)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly nested arrays or objects
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from exc


class BidLogPagination(Pagination):
    """Log pages can be large, so a verifier fetches a long log in a few requests."""

    page_size = 100
    max_page_size = 1000


def _auction_or_404(pk: str, user) -> Auction:
    """The auction if this user may see it: proposed auctions are a 404 to all but staff and their proposer."""
    auction = auction_detail(pk=parse_pk(pk))
    if auction is None or not auction_visible(auction=auction, user=user):
        raise exceptions.NotFound()
    return auction


def _participant_of(auction: Auction, user) -> Participant | None:
    if not user.is_authenticated:
        return None
    # Unordered: one row at most, and the default ordering (by auction, number) would join the auction to sort.
    participant = auction.participants.filter(user=user).order_by().first()
    if participant is not None:
        participant.auction = auction  # spares a query: "leading" reads the auction's leader
    return participant


SEQ_PARAMETER = OpenApiParameter("seq", int, OpenApiParameter.PATH, description=_("The entry's position in the log."))
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("The auction's id."))


@extend_schema_view(
    list=extend_schema(
        tags=["auctions"],
        summary=_("Auctions: upcoming, live and closed"),
        parameters=[
            OpenApiParameter("phase", str, enum=[str(p) for p in PHASES], description=_("Only this phase.")),
            LANG_PARAMETER,
        ],
        responses={200: AuctionListSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(
        tags=["auctions"],
        summary=_("One auction's state, with your own participation when signed in"),
        parameters=[ID_PARAMETER, LANG_PARAMETER],
        responses={200: AuctionDetailSerializer, 404: ERROR_RESPONSE},
    ),
)
class AuctionViewSet(LanguageMixin, viewsets.GenericViewSet):
    """Competitive trading: anyone reads auctions and their bid logs; signed-in enterprises register and bid."""

    queryset = Auction.objects.none()  # only tells the schema generator the model; reads go through selectors
    serializer_class = AuctionListSerializer
    lookup_value_regex = "[^/]+"
    filter_backends: ClassVar[list] = []
    parser_classes: ClassVar[list] = [ExactJSONParser, FormParser, MultiPartParser]

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_throttles(self) -> list:
        if self.action == "bids" and self.request.method == "POST":
            # A bid counts against the bidder's bid budget (THROTTLE_BIDS, far below the general one): one counter
            # to read and write per bid instead of two.
            return [AnonRateThrottle(), BidRateThrottle()]
        return super().get_throttles()

    def list(self, request: Request) -> Response:
        phase = request.query_params.get("phase") or None
        if phase is not None and phase not in PHASES:
            raise exceptions.ValidationError({"phase": [_("Choose upcoming, live or closed.")]})
        # Nothing personal in it: cached per version of the auctions, which changes at each start and end too.
        return cached_public_response(request, "api-auctions", lambda: self._list_answer(phase), auctions_version())

    def _list_answer(self, phase: str | None) -> dict:
        auctions = auction_list(phase=phase).select_related("leader", "winner")
        page = self.paginate_queryset(auctions)
        serializer = AuctionListSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data).data

    def retrieve(self, request: Request, pk: str) -> Response:
        auction = _auction_or_404(pk, request.user)
        context = {**self.get_serializer_context(), "participant": _participant_of(auction, request.user)}
        return Response(AuctionDetailSerializer(auction, context=context).data)

    @extend_schema(
        methods=["GET"],
        tags=["auctions"],
        summary=_("The public bid log, with its hash chain"),
        description=_(
            "Entries in order, as hashed: recompute each entry_hash from the entry and check that each prev_hash is "
            "the previous entry's entry_hash; the last one must equal chain_head. Sealed amounts are null until the "
            "close. page_size may be up to 1000."
        ),
        parameters=[
            ID_PARAMETER,
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description=_("Entries per page, at most 1000.")),
        ],
        responses={200: BidLogPageSerializer, 404: ERROR_RESPONSE},
    )
    @extend_schema(
        methods=["POST"],
        tags=["auctions"],
        summary=_("Place a bid"),
        description=_(
            "Send amount, or (English auctions) max_amount for proxy bidding. 201: your new entry; 200 with the "
            "header Idempotent-Replayed: true: the answer to an earlier request with the same idempotency key; "
            "200: your proxy maximum was raised while you lead. Refusals carry a machine code (bid_too_low, "
            "auction_closed, deposit_not_confirmed...)."
        ),
        parameters=[ID_PARAMETER, IDEMPOTENCY_KEY_PARAMETER],
        request=BidRequestSerializer,
        responses={
            201: BidResultSerializer,
            200: BidResultSerializer,
            400: ERROR_RESPONSE,
            401: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
            429: ERROR_RESPONSE,
        },
    )
    @action(detail=True, methods=["get", "post"])  # throttles: get_throttles
    def bids(self, request: Request, pk: str) -> Response:
        if request.method == "POST":
            return self._bid(request, pk)
        auction = _auction_or_404(pk, request.user)
        # One snapshot: the entries up to the count read with the chain head, even while new bids arrive.
        entries = bid_log(auction=auction).filter(seq__lte=auction.bid_count)
        paginator = BidLogPagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return Response(
            {
                "auction": auction.pk,
                "count": paginator.page.paginator.count,
                "chain_head": auction.last_hash,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": LogEntrySerializer(page, many=True).data,
            }
        )

    def _bid(self, request: Request, pk: str) -> Response:
        auction_id = parse_pk(pk)  # bid_place reads the row (404 when missing or not visible to this user)
        query = BidRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        key = request.headers.get("Idempotency-Key")
        if key is None:
            key = given.get("idempotency_key")
        outcome = bid_place(
            auction_id=auction_id,
            user=request.user,
            amount=given.get("amount"),
            max_amount=given.get("max_amount"),
            currency=given.get("currency"),
            idempotency_key=key,
        )
        # The service returned: its transaction committed, the bid is stored.
        headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
        code = status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        return Response(self._bid_result(outcome, request.user), status=code, headers=headers)

    @staticmethod
    def _bid_result(outcome: BidOutcome, user) -> dict:
        participant = outcome.participant
        participant.auction = outcome.auction
        amount = None
        if outcome.bid is not None:
            amount = sealed_amount_of(bid=outcome.bid, user=user)
        return {
            "entry": LogEntrySerializer(outcome.bid).data if outcome.bid is not None else None,
            "amount": None if amount is None else f"{amount:.2f}",
            "replayed": outcome.replayed,
            "leading": outcome.leading,
            "me": MyParticipationSerializer(participant).data,
            "auction": auction_live_state(outcome.auction),
        }

    @extend_schema(
        tags=["auctions"],
        summary=_("The amount of one bid (a sealed amount: to its own bidder only, until the close)"),
        parameters=[ID_PARAMETER, SEQ_PARAMETER],
        responses={200: SealedAmountSerializer, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    @action(detail=True, url_path=r"bids/(?P<seq>[0-9]+)/amount")
    def bid_amount(self, request: Request, pk: str, seq: str) -> Response:
        auction = _auction_or_404(pk, request.user)
        bid = bid_log(auction=auction).filter(seq=int(seq)).first()
        if bid is None:
            raise exceptions.NotFound()
        amount = sealed_amount_of(bid=bid, user=request.user)
        return Response(
            {
                "auction": auction.pk,
                "seq": bid.seq,
                "bidder": bid.participant.number,
                "currency": auction.currency,
                "amount": f"{amount:.2f}",
                "commitment": bid.commitment,
                "revealed": bid.amount is not None,
            }
        )

    @extend_schema(
        tags=["auctions"],
        summary=_("Register for an auction and accept its participation terms"),
        description=_(
            "With a deposit required, your deposit is then awaiting the center staff's confirmation: you may bid "
            "once they confirm it."
        ),
        parameters=[ID_PARAMETER],
        request=ParticipationRequestSerializer,
        responses={
            200: MyParticipationSerializer,
            400: ERROR_RESPONSE,
            401: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def participation(self, request: Request, pk: str) -> Response:
        auction = _auction_or_404(pk, request.user)
        query = ParticipationRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        if not query.validated_data["accept_terms"]:
            raise TradingError(_("Accept the participation terms to register."), code="terms_not_accepted")
        participant = participation_request(auction=auction, user=request.user)
        participant.auction = auction
        return Response(MyParticipationSerializer(participant).data)
