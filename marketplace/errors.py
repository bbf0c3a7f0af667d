"""The marketplace's domain error: a machine code, a translated message and the HTTP status it maps to."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class MarketplaceError(Exception):
    code = "invalid"
    status = 400
    default_message = _("The request is not valid.")

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        data: dict | None = None,
    ) -> None:
        self.message = message or self.default_message
        # Machine-readable facts added to the API's error body (e.g. the minimum bid a refused bid needed).
        self.data = data or {}
        if code:
            self.code = code
        if status:
            self.status = status
        super().__init__(str(self.message))


class InvalidTransition(MarketplaceError):
    code = "invalid_state"
    status = 409
    default_message = _("This action is not possible in the listing's current status.")


class NotAllowed(MarketplaceError):
    code = "permission_denied"
    status = 403
    default_message = _("You are not allowed to do this.")


class NotFound(MarketplaceError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class UploadRejected(MarketplaceError):
    code = "upload_rejected"
    status = 400
