"""Demo auctions and deals, played through the trading services by ``loader.py`` so that the bid logs are real.

Three auction roles: a live English auction (open for days, no deposit, a few bids, a reserve not met yet, soft
close), an upcoming sealed-bid auction (with a deposit, one registration waiting for staff) and a closed English
auction with its deal. Each role names candidate achievements as (owner, title in the source language): the role
is filled while one of them has an auction in the role's phase; otherwise the first candidate free for a new
auction (published, not under transfer, nothing running) gets one. So an old database whose live auction has ended
gets it closed and a fresh one, and re-running changes nothing while the demo is current.

People are e-mail local parts of ``people.py``. The bidders are the enterprises of the demo; the last bid of the
live auction is not by a demo login, so both ``enterprise@`` and ``enterprise2@`` may outbid at once. Amounts are
strings (Decimals in the auction's currency); times are days relative to the moment of loading.
"""

from __future__ import annotations

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
