"""The experts app's domain error: a machine code and a translated message (API: ``{"code", "detail"}``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import MarketplaceError


class ExpertsError(MarketplaceError):
    code = "invalid"
    status = 400
    default_message = _("The request is not valid.")
