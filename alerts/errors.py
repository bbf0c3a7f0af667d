"""The saved searches' domain error: a machine code and a translated message (API: ``{"code", "detail"}``)."""

from __future__ import annotations

from marketplace.errors import MarketplaceError


class AlertsError(MarketplaceError):
    pass
