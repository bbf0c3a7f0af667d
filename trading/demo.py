"""Demo auctions and deals (``manage.py seed_demo``), played through the trading services so that the bid logs are
real.

Three auction roles: a live English auction (open for days, no deposit, a few bids, a reserve not met yet, soft
close), an upcoming sealed-bid auction (with a deposit, one registration waiting for staff) and a closed English
auction with its deal. Each role names candidate achievements as (owner, title in the source language): the role
is filled while one of them has an auction in the role's phase; otherwise the first candidate free for a new
auction (published, not under transfer, nothing running) gets one. So an old database whose live auction has ended
gets it closed and a fresh one, and re-running changes nothing while the demo is current.

People are e-mail local parts of ``demo/people.py``. The bidders are the enterprises of the demo; the last bid of the
live auction is not by a demo login, so both ``enterprise@`` and ``enterprise2@`` may outbid at once. Amounts are
strings (Decimals in the auction's currency); times are days relative to the moment of loading.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from achievements.models import Achievement
from marketplace.demo import DemoContext, refused
from marketplace.models import ModerationState
from marketplace.roles import Role
from trading.models import Auction, AuctionPhase, AuctionResult, AuctionState, Deal, DealEvent, DealStatus
from trading.services import (
    AuctionSpec,
    auction_close,
    auction_create,
    bid_place,
    bid_refusal,
    deal_record,
    deal_set_status,
    participation_request,
)

TERMS = (
    "Bidders accept the BRICS Technology Transfer Center's standard transfer terms: the winner and the seller sign "
    "the licence or assignment agreement within 30 days of the close; the price excludes taxes and fees; the "
    "technical dossier is shared under the seller's NDA before signature."
)

LIVE = {
    "candidates": [
        ("priya.nair", "Sodium-ion battery packs for rural solar mini-grids"),
        ("sipho.dlamini", "Packed rock-bed thermal storage for concentrated solar heat"),
        ("hana.tadesse", "Electronic load controller for village micro-hydro plants"),
    ],
    "kind": "english",
    "currency": "USD",
    "starting_price": "150000",
    "min_increment": "5000",
    "increment_ladder": (("200000", "10000"),),
    "reserve_price": "220000",
    "soft_close_minutes": (10, 5),  # a bid in the last 10 minutes moves the end 5 minutes later
    "starts_in_days": -1,
    "ends_in_days": 5,
    # (bidder, amount) or (bidder, {"max": hidden proxy maximum}), in order.
    "bids": [
        ("rafael.carvalho", "150000"),
        ("enterprise2", "160000"),
        ("luis.quispe", {"max": "190000"}),
        ("pieter.vandermerwe", "175000"),
    ],
}

UPCOMING = {
    "candidates": [
        ("sipho.dlamini", "Explainable credit scoring for thin-file borrowers"),
        ("i.orlov", "Платформа прослеживаемости товаров по цифровой маркировке"),
        ("rohan.iyer", "Multilingual e-invoicing gateway for cross-border SME trade"),
    ],
    "kind": "sealed",
    "sealed_pricing": "second_price",
    "currency": "ZAR",
    "starting_price": "1000000",
    "reserve_price": "1200000",
    "deposit": "50000",
    "starts_in_days": 2,
    "ends_in_days": 9,
    # Registered and accepted the terms; their deposits wait for the center's staff (admin → Bidders).
    "registrations": ["enterprise2"],
}

CLOSED = {
    "candidates": [
        ("researcher", "竹纤维增强复合建筑板材连续化制备技术"),
        ("priya.nair", "Thermostable freeze-dried formulation platform for biologics"),
    ],
    "kind": "english",
    "currency": "CNY",
    "starting_price": "1000000",
    "min_increment": "50000",
    "reserve_price": "1100000",
    "starts_in_days": -10,
    # The demo enterprise wins: its proxy maximum answers the last challenge (1,250,000 CNY).
    "bids": [
        ("enterprise", "1000000"),
        ("rafael.carvalho", "1050000"),
        ("enterprise", {"max": "1300000"}),
        ("pieter.vandermerwe", "1200000"),
    ],
}

# Deals staff recorded from outside auctions (the indicators count contract value from every source).
DEALS = [
    {
        "achievement": ("zhao.lei", "高耐候木塑复合材料及挤出成型工艺"),
        "buyer": "enterprise2",
        "buyer_institution": "crcc-high-tech-equipment",
        "source": "negotiated",
        "price": "750000",
        "currency": "CNY",
        "agreed_days_ago": 40,
        "signed_days_ago": 28,
        "notes": "Exclusive licence for rail-sleeper covers, negotiated after a visit arranged by the Kunming center.",
    },
]


def seed(demo: DemoContext) -> None:
    """The auctions and deals above, played through the trading services (real logs and hashes)."""
    heading = "Demo auctions"
    live = _auction_role(demo, LIVE, AuctionPhase.LIVE)
    if live is not None:
        bidders = ", ".join(
            user.email
            for user in demo.logins
            if user.role == Role.ENTERPRISE and bid_refusal(auction=live, user=user) is None
        )
        demo.highlight(heading, "Live English auction:", live.get_absolute_url(), f"(bid as {bidders})")
    upcoming = _auction_role(demo, UPCOMING, AuctionPhase.UPCOMING)
    if upcoming is not None:
        note = "(deposit: staff confirm bidders in /admin/trading/participant/)"
        demo.highlight(heading, "Upcoming sealed-bid:", upcoming.get_absolute_url(), note)
    closed = _auction_role(demo, CLOSED, AuctionPhase.CLOSED)
    if closed is not None:
        demo.highlight(heading, "Closed, with its deal:", closed.get_absolute_url())
    for spec in DEALS:
        _recorded_deal(demo, spec)


def _auction_role(demo: DemoContext, spec: dict, phase: str) -> Auction | None:
    ids = [demo.achievements[key].pk for key in spec["candidates"]]
    auctions = Auction.objects.filter(achievement_id__in=ids, kind=spec["kind"]).order_by("pk")
    # `make run` runs no periodic close: an old database's ended demo auctions are closed here, as beat would.
    for pk in auctions.filter(state=AuctionState.SCHEDULED, ends_at__lte=timezone.now()).values_list("pk", flat=True):
        with refused(f"auction for {spec['candidates'][0]!r}"):
            auction_close(auction_id=pk)
    current = [a for a in auctions if a.phase() == phase and a.result in ("", AuctionResult.WON)]
    if current:
        return current[0]
    achievement = _free_for_auction(ids)
    if achievement is None:
        return None
    with refused(f"auction for {spec['candidates'][0]!r}"):
        return _play_auction(demo, spec, achievement, closed=phase == AuctionPhase.CLOSED)


def _free_for_auction(ids: list[int]) -> Achievement | None:
    """The first candidate that may be auctioned now: published, not under transfer, no auction running."""
    running = Auction.objects.filter(achievement_id__in=ids, state__in=[AuctionState.PROPOSED, AuctionState.SCHEDULED])
    free = Achievement.objects.filter(pk__in=ids, state=ModerationState.PUBLISHED, under_transfer=False).exclude(
        pk__in=running.values("achievement_id")
    )
    by_pk = {achievement.pk: achievement for achievement in free}
    return next((by_pk[pk] for pk in ids if pk in by_pk), None)


def _play_auction(demo: DemoContext, spec: dict, achievement: Achievement, *, closed: bool) -> Auction:
    now = timezone.now()
    window, extension = spec.get("soft_close_minutes", (None, None))
    ends_at = now + timedelta(days=spec["ends_in_days"]) if "ends_in_days" in spec else now + timedelta(hours=1)
    auction = auction_create(
        lot=achievement,
        actor=demo.staff,
        spec=AuctionSpec(
            kind=spec["kind"],
            currency=spec["currency"],
            starting_price=Decimal(spec["starting_price"]),
            starts_at=now + timedelta(days=spec["starts_in_days"]),
            ends_at=ends_at,
            sealed_pricing=spec.get("sealed_pricing", ""),
            min_increment=Decimal(spec["min_increment"]) if "min_increment" in spec else None,
            increment_ladder=spec.get("increment_ladder", ()),
            reserve_price=Decimal(spec["reserve_price"]) if "reserve_price" in spec else None,
            soft_close_window=timedelta(minutes=window) if window else None,
            soft_close_extension=timedelta(minutes=extension) if extension else None,
            terms=TERMS,
            deposit_required="deposit" in spec,
            deposit_amount=Decimal(spec["deposit"]) if "deposit" in spec else None,
        ),
    )
    for local_part in spec.get("registrations", ()):
        participation_request(auction=auction, user=demo.users[local_part])
    for local_part, amount in spec.get("bids", ()):
        user = demo.users[local_part]
        if isinstance(amount, dict):
            bid_place(auction_id=auction.pk, user=user, max_amount=amount["max"])
        else:
            bid_place(auction_id=auction.pk, user=user, amount=amount)
    if closed:
        # The demo cannot wait for an end: the auction ends right after its last bid and closes as beat would.
        end = timezone.now()
        Auction.objects.filter(pk=auction.pk).update(ends_at=end, scheduled_end=end)
        auction_close(auction_id=auction.pk)
    auction.refresh_from_db()
    demo.created["auctions"] += 1
    demo.created["bids"] += auction.bid_count
    return auction


def _recorded_deal(demo: DemoContext, spec: dict) -> None:
    achievement = demo.achievements[spec["achievement"]]
    if Deal.objects.filter(achievement=achievement, source=spec["source"]).exists():
        return
    with refused(f"deal for {spec['achievement']!r}"):
        deal = deal_record(
            actor=demo.staff,
            achievement=achievement,
            buyer=demo.users[spec["buyer"]],
            price=Decimal(spec["price"]),
            currency=spec["currency"],
            agreed_on=demo.today - timedelta(days=spec["agreed_days_ago"]),
            source=spec["source"],
            buyer_institution=demo.institutions[spec["buyer_institution"]],
            notes=spec["notes"],
        )
        if "signed_days_ago" in spec:
            deal_set_status(deal=deal, actor=demo.staff, status=DealStatus.SIGNED)
    # Backdated like the listings' moderation history: recorded on the day agreed, signed some days later.
    recorded = demo.now - timedelta(days=spec["agreed_days_ago"])
    signed = demo.now - timedelta(days=spec["signed_days_ago"]) if "signed_days_ago" in spec else None
    DealEvent.objects.filter(deal=deal, from_status="").update(created_at=recorded)
    DealEvent.objects.filter(deal=deal, to_status=DealStatus.SIGNED).update(created_at=signed)
    Deal.objects.filter(pk=deal.pk).update(created_at=recorded, updated_at=signed or recorded)
    demo.created["deals"] += 1
