"""The indicators app's domain error (mapped to ``{"code", "detail"}`` by the API's exception handler)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import MarketplaceError


class IndicatorError(MarketplaceError):
    default_message = _("The request for indicators is not valid.")
