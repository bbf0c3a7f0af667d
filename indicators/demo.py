"""Demo exchange rates and a history of deals the center recorded (``manage.py seed_demo``), then the indicators'
snapshots computed from all the demo data, so that ``make run`` opens on filled charts without waiting for beat.

The history: contracts staff recorded (signed under MOUs and at cooperation meetings, never a negotiated sale: those
come from the trading and conversation demos) on published demo achievements that the trading demo does not auction,
some weeks or months after each was published.

Rates are illustrative round figures in yuan (the reporting currency) per unit, from two fixed days; they are never
loaded in production. Seeding is idempotent: a rate is keyed by (currency, valid from) and recomputing replaces the
snapshots.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from achievements.models import Achievement
from indicators.models import CurrencyRate
from indicators.services import currency_rate_record, indicators_refresh
from marketplace.demo import DemoContext, refused
from marketplace.models import ModerationState
from trading import demo as trading_demo
from trading.models import Deal, DealSource
from trading.services import deal_record

HISTORY_NOTE = "Contract recorded by the center (demo history)."
# (days after publication, source, price, currency, buyer): one deal per free published achievement, in id order
# (never later than yesterday).
HISTORY = (
    (35, DealSource.MOU, "4800000", "CNY", "enterprise"),
    (160, DealSource.OTHER, "350000", "USD", "enterprise2"),
    (70, DealSource.MOU, "2600000", "CNY", "enterprise"),
    (240, DealSource.MOU, "18000000", "RUB", "enterprise2"),
    (20, DealSource.MOU, "9500000", "CNY", "enterprise"),
    (120, DealSource.OTHER, "42000000", "INR", "enterprise2"),
    (400, DealSource.OTHER, "1200000", "BRL", "enterprise"),
    (90, DealSource.MOU, "6100000", "CNY", "enterprise2"),
    (15, DealSource.MOU, "520000", "USD", "enterprise"),
    (200, DealSource.MOU, "7400000", "ZAR", "enterprise2"),
    (45, DealSource.OTHER, "3300000", "CNY", "enterprise"),
)

RATES = {
    date(2023, 1, 1): {"USD": "6.90", "EUR": "7.40", "RUB": "0.095", "INR": "0.084", "BRL": "1.32", "ZAR": "0.40"},
    date(2025, 1, 1): {"USD": "7.20", "EUR": "7.55", "RUB": "0.072", "INR": "0.085", "BRL": "1.25", "ZAR": "0.39"},
}


def seed(demo: DemoContext) -> None:
    for valid_from, rates in RATES.items():
        for currency, rate in rates.items():
            if CurrencyRate.objects.filter(currency=currency, valid_from=valid_from).exists():
                continue
            with refused(f"exchange rate {currency} {valid_from}"):
                currency_rate_record(
                    currency=currency,
                    valid_from=valid_from,
                    rate=Decimal(rate),
                    source="Demo rate",
                    user=demo.staff,
                )
            demo.created["exchange rates"] += 1
    _deal_history(demo)
    indicators_refresh()
    demo.highlight("Data & insights", "Technology transfer indicators", "/en/indicators/")


def _deal_history(demo: DemoContext) -> None:
    done = Deal.objects.filter(notes=HISTORY_NOTE).count()
    if done >= len(HISTORY):
        return
    auctioned = {
        demo.achievements[key].pk
        for spec in (trading_demo.LIVE, trading_demo.UPCOMING, trading_demo.CLOSED)
        for key in spec["candidates"]
        if key in demo.achievements
    }
    free = (
        Achievement.objects.filter(state=ModerationState.PUBLISHED, under_transfer=False, deals__isnull=True)
        .exclude(pk__in=auctioned)
        .order_by("pk")
    )
    for (days_after, source, price, currency, buyer), achievement in zip(HISTORY[done:], free, strict=False):
        agreed_on = min(achievement.published_at.date() + timedelta(days=days_after), demo.today - timedelta(days=1))
        with refused(f"deal for achievement #{achievement.pk}"):
            deal_record(
                actor=demo.staff,
                achievement=achievement,
                buyer=demo.users[buyer],
                price=Decimal(price),
                currency=currency,
                agreed_on=agreed_on,
                source=source,
                notes=HISTORY_NOTE,
            )
        demo.created["recorded deals"] += 1
