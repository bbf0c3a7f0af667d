"""Conversion of deal amounts into the reporting currency with the rates staff record (``CurrencyRate``)."""

from __future__ import annotations

import bisect
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from indicators.models import CurrencyRate

CENT = Decimal("0.01")


def reporting_currency() -> str:
    return settings.INDICATORS_REPORTING_CURRENCY


class RateTable:
    """Every recorded rate, loaded once per snapshot refresh; ``convert`` picks the rate valid on a given day."""

    def __init__(self, rates: dict[str, list[tuple[date, Decimal]]], *, reporting: str) -> None:
        self.reporting = reporting
        self._days = {currency: [day for day, _rate in rows] for currency, rows in rates.items()}
        self._rates = {currency: [rate for _day, rate in rows] for currency, rows in rates.items()}

    @classmethod
    def load(cls) -> RateTable:
        rates: dict[str, list[tuple[date, Decimal]]] = {}
        for currency, valid_from, rate in CurrencyRate.objects.order_by("currency", "valid_from").values_list(
            "currency", "valid_from", "rate"
        ):
            rates.setdefault(currency, []).append((valid_from, rate))
        return cls(rates, reporting=reporting_currency())

    def rate(self, currency: str, on: date) -> Decimal | None:
        """The rate valid on ``on``: the latest from that day or before, else the earliest recorded; None if none."""
        if currency == self.reporting:
            return Decimal(1)
        days = self._days.get(currency)
        if not days:
            return None
        index = bisect.bisect_right(days, on) - 1
        return self._rates[currency][max(index, 0)]

    def convert(self, amount: Decimal, currency: str, on: date) -> Decimal | None:
        """``amount`` in the reporting currency, rounded to cents; None when no rate of ``currency`` is recorded."""
        rate = self.rate(currency, on)
        if rate is None:
            return None
        return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
