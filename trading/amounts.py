"""Money in bids: strict parsing into Decimals with the auction currency's number of decimals, and increments."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from babel.numbers import get_currency_precision
from django import forms
from django.utils.translation import gettext as _

from marketplace.validators import PlainDecimalFormField, parse_plain_decimal
from trading.errors import TradingError
from trading.models import AMOUNT_DECIMALS, AMOUNT_MAX_DIGITS

AMOUNT_MAX = Decimal(10) ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMALS) - Decimal("0.01")
MAX_INPUT_CHARS = 40


def amount_form_field(label, **kwargs) -> forms.DecimalField:
    """A form field for an amount of money in an auction or deal: not negative, the digits the columns hold."""
    return PlainDecimalFormField(
        label=label, min_value=0, max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMALS, **kwargs
    )


def currency_decimals(currency: str) -> int:
    """Decimals a bid may carry in ``currency``: ISO 4217's minor unit (0 for VND...), at most the column's 2."""
    try:
        return min(get_currency_precision(currency), AMOUNT_DECIMALS)
    except (KeyError, ValueError):
        return AMOUNT_DECIMALS


def smallest_unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_decimals(currency))


def parse_amount(raw: object, *, currency: str) -> Decimal:
    """A positive, finite amount with at most the currency's decimals and below the maximum, or a TradingError."""
    if raw is None or raw == "" or isinstance(raw, bool):
        raise TradingError(_("Enter an amount."), code="invalid_amount")
    if isinstance(raw, Decimal):  # from Python callers (the admin, tests, benchmarks): a number already
        if not raw.is_finite():
            raise TradingError(_("The amount must be a finite number."), code="invalid_amount")
        value = raw
    else:
        if isinstance(raw, float | int):
            text = repr(raw)
        elif isinstance(raw, str):
            text = raw.strip()
        else:
            raise TradingError(_("The amount must be a number."), code="invalid_amount")
        if len(text) > MAX_INPUT_CHARS:
            raise TradingError(_("The amount is too long."), code="invalid_amount")
        # The documented format only: ASCII digits and one dot. Decimal() would also read "２５００", "٢٥٠٠",
        # "2_500", "1e3" and "NaN", none of which the bid log should record as what the bidder typed.
        value = parse_plain_decimal(text)
        if value is None:
            raise TradingError(_("The amount must be a number."), code="invalid_amount")
    if value < 0:
        raise TradingError(_("The amount cannot be negative."), code="negative_amount")
    if value > AMOUNT_MAX:
        raise TradingError(_("The amount is larger than the maximum allowed."), code="amount_too_large")
    decimals = currency_decimals(currency)
    if value != value.quantize(smallest_unit(currency), rounding=ROUND_DOWN):
        message = _("Amounts in %(currency)s take at most %(decimals)s decimals.")
        raise TradingError(message % {"currency": currency, "decimals": decimals}, code="too_many_decimals")
    return value.quantize(Decimal("0.01"))


def ladder_increment(ladder: list, min_increment: Decimal | None, price: Decimal) -> Decimal:
    """The increment at a standing ``price``: the ladder's step for the highest threshold ≤ price, else the minimum."""
    step = min_increment
    for threshold, increment in sorted(((Decimal(t), Decimal(i)) for t, i in ladder or []), key=lambda row: row[0]):
        if price >= threshold:
            step = increment
    return step if step is not None else Decimal("0.01")
