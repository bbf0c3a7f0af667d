"""Throttling of bids per bidder (scope ``bids``, rate ``THROTTLE_BIDS``), shared by the API and the auction page."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class BidRateThrottle(SimpleRateThrottle):
    """Counts a bidder's bid attempts (accepted or refused), per signed-in user; anonymous requests are not counted
    here (they are refused before any bid is decided)."""

    scope = "bids"

    @property
    def THROTTLE_RATES(self) -> dict:  # the attribute DRF reads: read when asked, not once at import
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        return super().allow_request(request, view)
