"""The trading domain error: every refused bid or action carries a machine code and a translated message."""

from __future__ import annotations

from marketplace.errors import MarketplaceError


class TradingError(MarketplaceError):
    """Mapped by the API's exception handler to ``{"code", "detail"}`` with ``status``."""

    code = "invalid_bid"
    status = 400
