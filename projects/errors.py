"""The projects app's domain error (a machine code and a translated message, mapped to ``{code, detail}``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import MarketplaceError


class ProjectError(MarketplaceError):
    code = "project_invalid"
    status = 400
    default_message = _("This is not possible for this project.")
