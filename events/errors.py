"""The events domain error: every refused registration or meeting action carries a machine code."""

from __future__ import annotations

from marketplace.errors import MarketplaceError


class EventsError(MarketplaceError):
    """Mapped by the API's exception handler to ``{"code", "detail"}`` with ``status``."""

    code = "invalid_event_action"
    status = 400
