from __future__ import annotations

from decimal import Decimal

from django import template

from indicators.charts import fmt

register = template.Library()


@register.filter
def num(value: Decimal | int | float) -> str:
    """A number with grouping in the active language's format (no decimals: counts and whole currency units)."""
    return fmt(value)
