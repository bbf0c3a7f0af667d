"""The ``money`` template filter: amounts of money in the active language (``marketplace.money`` formats them).

{% load l10n_tags %}{{ listing.price_amount|money:listing.price_currency }}
"""

from __future__ import annotations

from django import template

from marketplace.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str | None = None) -> str:
    """``{{ amount|money:currency }}``: the amount in the active language's currency format."""
    return format_money(amount, currency)
