"""The bulk app's domain error: a whole file refused (its rows' own errors are reported per row, not raised)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import MarketplaceError


class BulkError(MarketplaceError):
    code = "invalid_file"
    default_message = _("This file cannot be imported.")
