"""Pages of competitive trading: the auction list (live, upcoming, closed) and the auction page with its bid form.

Everything works by plain reload; static/js/auction.js only keeps the page current over a websocket. Selectors read,
services decide: a refused bid comes back as a form error carrying the service's message.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from achievements.models import Achievement
from marketplace.models import ModerationState
from marketplace.money import babel_locale, format_money
from marketplace.page_cache import public_page
from trading import selectors, services
from trading.amounts import currency_decimals
from trading.errors import TradingError
from trading.forms import AuctionProposalForm, BidForm, ParticipationForm
from trading.lots import lot_card_lines, lot_panel
from trading.models import Auction, AuctionPhase, AuctionResult, AuctionState, DepositStatus
from trading.rules import increment_at
from trading.throttles import BidRateThrottle

PAGE_SIZE = 12
HISTORY_PAGE_SIZE = 20
TAB_PHASES = (AuctionPhase.LIVE, AuctionPhase.UPCOMING, AuctionPhase.CLOSED)
# A stored list page for readers who are not signed in is kept at most this long: its "time left" counts down.
LIST_PAGE_SECONDS = 60
# Service refusals about the amount typed: shown under the field that held it; the rest above the form.
AMOUNT_CODES = {"invalid_amount", "negative_amount", "amount_too_large", "too_many_decimals", "bid_too_low"}


@require_safe
@public_page("auctions", version=selectors.auctions_version, timeout=LIST_PAGE_SECONDS)
def auction_list_view(request: HttpRequest) -> HttpResponse:
    phase = request.GET.get("phase")
    if phase not in TAB_PHASES:
        phase = AuctionPhase.LIVE
    context = {
        "phase": phase,
        # The tabs and cards are the same for every reader of a language: the template caches them per version of
        # the auctions (it changes at each start and end too), language and query string; a page served from that
        # cache runs no auction query (the lazy results below are never read).
        "results": SimpleLazyObject(lambda: _list_results(request, phase)),
        "results_cache_seconds": LIST_PAGE_SECONDS,
        "auctions_version": selectors.auctions_version(),
    }
    return render(request, "trading/list.html", context)


def _list_results(request: HttpRequest, phase: str) -> dict:
    counts = {tab: selectors.auction_list(phase=tab).count() for tab in TAB_PHASES}
    # The winner is read for the closed cards ("Sold to Bidder 3"): joined, not one query per card.
    paginator = Paginator(selectors.auction_list(phase=phase).select_related("winner"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    auctions = list(page_obj.object_list)
    labels = dict(AuctionPhase.choices)
    now = timezone.now()
    lines = lot_card_lines(auction.lot for auction in auctions)
    cards = [
        {"auction": auction, "phase": auction.phase(now), "lot_line": lines.get((type(auction.lot), auction.lot.pk))}
        for auction in auctions
    ]
    for card in cards:
        card["phase_label"] = labels[card["phase"]]
    tabs = [
        {"phase": tab, "label": labels[tab], "count": counts[tab], "active": tab == phase, "url": f"?phase={tab}"}
        for tab in TAB_PHASES
    ]
    return {
        "tabs": tabs,
        "page_obj": page_obj,
        "cards": cards,
        # The cards' titles are read in one query per kind of lot (the pks of two kinds may coincide).
        "achievement_lots": [auction.lot for auction in auctions if not auction.is_package],
        "package_lots": [auction.lot for auction in auctions if auction.is_package],
        "now": now,
        "upcoming_count": counts[AuctionPhase.UPCOMING],
    }


def _visible_auction(request: HttpRequest, pk: int) -> Auction:
    auction = get_object_or_404(
        Auction.objects.select_related(
            "achievement__field",
            "achievement__institution",
            "achievement__owner",
            "project__field",
            "project__institution",
            "leader",
            "winner",
        ),
        pk=pk,
    )
    if not selectors.auction_visible(auction=auction, user=request.user):
        raise Http404(_("Not found."))
    # Read only: an auction whose end has passed shows as closing until the periodic close (beat) decides it.
    return auction


@require_http_methods(["GET", "HEAD", "POST"])
def auction_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    auction = _visible_auction(request, pk)
    if request.method != "POST":
        return _render_detail(request, auction)
    if not request.user.is_authenticated:
        return redirect_to_login(auction.get_absolute_url())
    if request.POST.get("action") == "participate":
        return _participate(request, auction)
    return _bid(request, auction)


def _bid(request: HttpRequest, auction: Auction) -> HttpResponse:
    taking_part = auction.participants.filter(user=request.user).exists()
    form = BidForm(request.POST, auction=auction, terms_accepted=taking_part)
    throttle = BidRateThrottle()
    if not throttle.allow_request(request, None):
        form.is_valid()
        wait = int(throttle.wait() or 1)
        form.add_error(
            None, _("Too many bids in a short time. Try again in %(seconds)s seconds.") % {"seconds": max(wait, 1)}
        )
        return _render_detail(request, auction, bid_form=form, status=429)
    if not form.is_valid():
        return _render_detail(request, auction, bid_form=form, status=400)
    data = form.cleaned_data
    try:
        outcome = services.bid_place(
            auction_id=auction.pk,
            user=request.user,
            amount=data["amount"] or None,
            max_amount=data.get("max_amount") or None,
            idempotency_key=data["idempotency_key"],
        )
    except TradingError as exc:
        field = None
        if exc.code in AMOUNT_CODES or exc.code == "proxy_not_raised":
            field = "max_amount" if data.get("max_amount") and not data["amount"] else "amount"
        form.add_error(field, str(exc.message))
        return _render_detail(request, auction, bid_form=form, status=exc.status)
    # Tagged so that the live page drops it once a newer bid makes the price it names stale (static/js/auction.js).
    messages.add_message(request, *_outcome_message(outcome, data), extra_tags="auction-outcome")
    return redirect(f"{auction.get_absolute_url()}#bid")


def _outcome_message(outcome: services.BidOutcome, data: dict) -> tuple[int, str]:
    auction = outcome.auction
    money = lambda amount: format_money(amount, auction.currency)  # noqa: E731
    if outcome.replayed:
        return messages.INFO, _("This bid was already recorded; it was not placed twice.")
    if auction.is_sealed:
        return messages.SUCCESS, _("Your sealed bid is recorded. Amounts are revealed when the auction closes.")
    if outcome.bid is None:
        return messages.SUCCESS, _("Your maximum is now %(maximum)s. You still hold the highest bid.") % {
            "maximum": money(outcome.participant.proxy_max)
        }
    if outcome.leading:
        if data.get("max_amount"):
            return messages.SUCCESS, _(
                "You hold the highest bid at %(price)s. The system bids for you up to your maximum of %(maximum)s."
            ) % {"price": money(auction.current_price), "maximum": money(outcome.participant.proxy_max)}
        return messages.SUCCESS, _("You hold the highest bid at %(price)s.") % {"price": money(auction.current_price)}
    return messages.WARNING, _(
        "Your bid was placed, but another bidder's maximum is higher: the current price is now %(price)s."
    ) % {"price": money(auction.current_price)}


def _participate(request: HttpRequest, auction: Auction) -> HttpResponse:
    form = ParticipationForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, auction, participation_form=form, status=400)
    try:
        participant = services.participation_request(auction=auction, user=request.user)
    except TradingError as exc:
        form.add_error(None, str(exc.message))
        return _render_detail(request, auction, participation_form=form, status=exc.status)
    if participant.deposit_status == DepositStatus.PENDING:
        messages.success(request, _("You are registered. Center staff will confirm your deposit; then you can bid."))
    else:
        messages.success(request, _("You are registered for this auction."))
    return redirect(f"{auction.get_absolute_url()}#bid")


def _duration(delta: timedelta | None, now) -> str:
    return timeuntil(now + delta, now) if delta else ""


def _ladder(auction: Auction) -> list[dict]:
    steps = sorted(((Decimal(t), Decimal(i)) for t, i in auction.increment_ladder or []), key=lambda row: row[0])
    return [
        {"threshold": format_money(threshold, auction.currency), "increment": format_money(step, auction.currency)}
        for threshold, step in steps
    ]


def _render_detail(
    request: HttpRequest,
    auction: Auction,
    *,
    bid_form: BidForm | None = None,
    participation_form: ParticipationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    live = selectors.auction_live_state(auction, recent=0)
    phase = live["phase"]
    now = timezone.now()
    participant = auction.participants.filter(user=user).first() if user.is_authenticated else None
    refusal = services.bid_refusal(auction=auction, user=user) if user.is_authenticated else None
    own_bid = own_sealed_amount = None
    if participant is not None and auction.is_sealed:
        own_bid = auction.bids.filter(participant=participant).select_related("participant").first()
        if own_bid is not None:
            own_sealed_amount = services.sealed_amount_of(bid=own_bid, user=user)
    open_phase = phase in (AuctionPhase.UPCOMING, AuctionPhase.LIVE)
    admitted = participant.may_bid if participant is not None else not auction.deposit_required
    may_bid = phase == AuctionPhase.LIVE and user.is_authenticated and refusal is None and admitted and own_bid is None
    if may_bid and bid_form is None:
        bid_form = BidForm(auction=auction, minimum=live["minimum_bid"], terms_accepted=participant is not None)
    elif bid_form is not None and live["minimum_bid"]:
        for name in ("amount", "max_amount"):
            if name in bid_form.fields:
                bid_form.fields[name].widget.attrs["min"] = live["minimum_bid"]
        bid_form.fields["amount"].widget.attrs["placeholder"] = live["minimum_bid"]
    may_register = (
        open_phase and user.is_authenticated and refusal is None and auction.deposit_required and participant is None
    )
    if may_register and participation_form is None:
        participation_form = ParticipationForm()

    history = Paginator(selectors.bid_log(auction=auction).order_by("-seq"), HISTORY_PAGE_SIZE)
    history_page = history.get_page(request.GET.get("page"))
    context = {
        "auction": auction,
        "achievement": auction.achievement,
        "lot": auction.lot,
        "lot_panel": lot_panel(auction.lot, request) if auction.is_package else "",
        "live": live,
        "phase": phase,
        "auction_phase_label": dict(AuctionPhase.choices)[phase],
        "sealed": auction.is_sealed,
        "amounts_hidden": auction.is_sealed and phase != AuctionPhase.CLOSED,
        "participant": participant,
        "is_leader": participant is not None and auction.leader_id == participant.pk,
        "is_winner": participant is not None and auction.winner_id == participant.pk,
        "refusal": refusal,
        "own_bid": own_bid,
        "own_sealed_amount": own_sealed_amount,
        "may_bid": may_bid,
        "bid_form": bid_form,
        "may_register": may_register,
        "participation_form": participation_form,
        "history_page": history_page,
        "history_first_page": history_page.number == 1,
        "increment": None if auction.is_sealed else increment_at(auction, auction.current_price or Decimal(0)),
        "ladder": _ladder(auction),
        "soft_close_window": _duration(auction.soft_close_window, now),
        "soft_close_extension": _duration(auction.soft_close_extension, now),
        "result_won": auction.result == AuctionResult.WON,
        "result_reserve": auction.result == AuctionResult.RESERVE_NOT_MET,
        "result_no_bids": auction.result == AuctionResult.NO_BIDS,
        "js_locale": str(babel_locale(request.LANGUAGE_CODE)).replace("_", "-"),
        "decimals": currency_decimals(auction.currency),
        "ws_path": f"/ws/auctions/{auction.pk}/",
        "login_url": f"{reverse('account_login')}?next={auction.get_absolute_url()}",
    }
    return render(request, "trading/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def auction_propose_view(request: HttpRequest, achievement_pk: int) -> HttpResponse:
    """An institution administrator proposes an auction of one of the institution's published achievements (staff
    approve it in the admin); staff using this page schedule it at once."""
    achievement = get_object_or_404(Achievement, pk=achievement_pk, state=ModerationState.PUBLISHED)
    if not services.may_manage_auctions(request.user, achievement):
        raise PermissionDenied
    return lot_propose_page(request, lot=achievement, running=selectors.auction_active_for(achievement=achievement))


def lot_propose_page(request: HttpRequest, *, lot, running: Auction | None, **context) -> HttpResponse:
    """The auction proposal page of a lot the caller has checked ``request.user`` may put up for auction (an
    achievement here, a project's package in ``projects.views``): GET (and HEAD) only shows the form; a POST goes to
    ``_lot_propose``. ``context`` adds to what ``trading/propose.html`` shows."""
    if request.method == "POST":
        return _lot_propose(request, lot=lot, running=running, context=context)
    return _render_propose(request, lot=lot, form=AuctionProposalForm(), running=running, context=context)


def _lot_propose(request: HttpRequest, *, lot, running: Auction | None, context: dict) -> HttpResponse:
    """A valid proposal while no auction of ``lot`` is ``running`` makes one ``services.auction_create`` call, whose
    refusals come back as form errors."""
    form = AuctionProposalForm(request.POST)
    if running is None and form.is_valid():
        try:
            auction = services.auction_create(lot=lot, actor=request.user, spec=form.spec())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except TradingError as exc:
            form.add_error(None, str(exc.message))
        else:
            if auction.state == AuctionState.PROPOSED:
                messages.success(request, _("Your auction was sent to the center staff for approval."))
            else:
                messages.success(request, _("The auction is scheduled."))
            return redirect(auction.get_absolute_url())
    status = 400 if form.errors else 200
    return _render_propose(request, lot=lot, form=form, running=running, context=context, status=status)


def _render_propose(
    request: HttpRequest, *, lot, form: AuctionProposalForm, running: Auction | None, context: dict, status: int = 200
) -> HttpResponse:
    return render(
        request, "trading/propose.html", {"lot": lot, "form": form, "running": running, **context}, status=status
    )
