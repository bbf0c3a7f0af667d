"""Deals and contract value (converted into the reporting currency with the rates staff record), and auction results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, F
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from indicators.builtin.common import GROUP_DEALS, rows_to_points
from indicators.currency import RateTable
from indicators.registry import Indicator, Point, register
from marketplace.models import Currency
from trading.models import Auction, AuctionResult, AuctionState, Deal, DealSource, DealStatus


# A deal or an auction sells an achievement or a project's package: the lot's country and field, whichever it is.
def _lot_country():
    return Coalesce("achievement__country", "project__country")


def _lot_field():
    return Coalesce("achievement__field__slug", "project__field__slug")


def _deals():
    return (
        Deal.objects.exclude(status=DealStatus.CANCELLED)
        .annotate(lot_country=_lot_country(), lot_field=_lot_field())
        .order_by()
    )


def deal_count_points() -> Iterator[Point]:
    rows = (
        _deals()
        .annotate(
            year=ExtractYear("agreed_on"),
            country=_lot_country(),
            field=_lot_field(),
            series=F("source"),
        )
        .values("year", "country", "field", "series")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        yield from rows_to_points([row], series=row["series"])


def contract_value_points() -> Iterator[Point]:
    """The price of each deal (not cancelled) in the reporting currency, summed per year, country and field; deals in
    a currency without any recorded rate are left out (``deals_by_currency`` counts them)."""
    rates = RateTable.load()
    totals: Counter = Counter()
    rows = _deals().values_list("price", "currency", "agreed_on", "lot_country", "lot_field")
    for price, currency, agreed_on, country, field in rows.iterator(chunk_size=5000):
        converted = rates.convert(price, currency, agreed_on)
        if converted is not None:
            totals[(agreed_on.year, country, field)] += converted
    for (year, country, field), value in totals.items():
        yield Point(value=value, year=year, country=country, field=field, currency=rates.reporting)


def currency_points() -> Iterator[Point]:
    """Deals by the currency they were agreed in, split by whether a rate converts them."""
    rates = RateTable.load()
    counts: Counter = Counter()
    rows = _deals().values_list("currency", "agreed_on", "lot_country", "lot_field")
    for currency, agreed_on, country, field in rows.iterator(chunk_size=5000):
        series = "converted" if rates.rate(currency, agreed_on) is not None else "no_rate"
        counts[(agreed_on.year, country, field, currency, series)] += 1
    for (year, country, field, currency, series), n in counts.items():
        yield Point(value=n, year=year, country=country, field=field, category=currency, series=series)


def auction_points() -> Iterator[Point]:
    rows = (
        Auction.objects.filter(state=AuctionState.CLOSED, closed_at__isnull=False)
        .exclude(result="")
        .annotate(
            year=ExtractYear("closed_at"),
            country=_lot_country(),
            field=_lot_field(),
            category=F("result"),
        )
        .values("year", "country", "field", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    yield from rows_to_points(rows)


def auction_value_points() -> Iterator[Point]:
    """Final prices of the auctions that sold, in the reporting currency, by the year they closed."""
    rates = RateTable.load()
    totals: Counter = Counter()
    rows = Auction.objects.filter(
        state=AuctionState.CLOSED, result=AuctionResult.WON, final_price__isnull=False
    ).annotate(lot_country=_lot_country(), lot_field=_lot_field())
    for price, currency, closed_at, country, field in rows.values_list(
        "final_price", "currency", "closed_at", "lot_country", "lot_field"
    ).iterator(chunk_size=5000):
        converted = rates.convert(price, currency, closed_at.date())
        if converted is not None:
            totals[(closed_at.year, country, field)] += converted
    for (year, country, field), value in totals.items():
        yield Point(value=value or Decimal(0), year=year, country=country, field=field, currency=rates.reporting)


def register_all() -> None:
    register(
        Indicator(
            name="deals",
            title=_("Deals by year"),
            description=_(
                "Technology transfer deals agreed each year (cancelled deals left out), by how they came about."
            ),
            compute=deal_count_points,
            axis="year",
            chart="column",
            series=tuple((source.value, source.label) for source in DealSource),
            group=GROUP_DEALS,
            position=30,
        )
    )
    contract_value = _(
        "The contract value of the deals (cancelled deals left out), converted into the reporting currency with the "
        "exchange rate valid on the day each deal was agreed."
    )
    for position, (name, title, axis, chart) in enumerate(
        (
            ("contract_value", _("Contract value by year"), "year", "column"),
            ("contract_value_by_country", _("Contract value by country"), "country", "bar"),
            ("contract_value_by_field", _("Contract value by technology field"), "field", "bar"),
        ),
        start=31,
    ):
        register(
            Indicator(
                name=name,
                title=title,
                description=contract_value,
                compute=contract_value_points,
                axis=axis,
                chart=chart,
                unit="money",
                group=GROUP_DEALS,
                position=position,
            )
        )
    register(
        Indicator(
            name="deals_by_currency",
            title=_("Deals by contract currency"),
            description=_(
                "The currency each deal was agreed in; deals in a currency without a recorded exchange rate are not "
                "in the contract value."
            ),
            compute=currency_points,
            axis="category",
            series=(("converted", _("Converted")), ("no_rate", _("No exchange rate recorded"))),
            category_label=lambda key: key if key not in Currency.values else Currency(key).label,
            group=GROUP_DEALS,
            position=34,
        )
    )
    register(
        Indicator(
            name="auction_results",
            title=_("Auction results"),
            description=_("Closed auctions by result: sold, reserve price not met, or no bids."),
            compute=auction_points,
            axis="category",
            categories=tuple(AuctionResult.values),
            category_label=lambda key: AuctionResult(key).label if key in AuctionResult.values else key,
            sort_by_value=False,
            group=GROUP_DEALS,
            position=35,
        )
    )
    register(
        Indicator(
            name="auction_value",
            title=_("Value of auctions sold"),
            description=_("Final prices of the auctions that sold, converted into the reporting currency, by year."),
            compute=auction_value_points,
            axis="year",
            chart="column",
            unit="money",
            group=GROUP_DEALS,
            position=36,
        )
    )
