"""The negotiations app's domain error (a MarketplaceError: the API maps it to ``{"code", "detail"}``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import MarketplaceError


class NegotiationError(MarketplaceError):
    code = "invalid"
    status = 400
    default_message = _("This is not possible in this conversation.")
