"""Who may do what in competitive trading: run auctions, bid."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.models import Listing
from marketplace.permissions import is_institution_admin, member_institution_ids
from trading.errors import TradingError
from trading.lots import lot_seller_institution_ids
from trading.models import Auction


def may_manage_auctions(user, lot: Listing) -> bool:
    """Center staff, and the administrators of the lot's institution (a package's: the project's lead)."""
    return bool(user.is_staff or is_institution_admin(user, lot.institution_id))


def check_eligible(auction: Auction, user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise TradingError(_("Sign in to bid."), code="not_authenticated", status=401)
    if user.is_staff:
        raise TradingError(_("Center staff run auctions and cannot bid in them."), code="not_eligible", status=403)
    if user.pk == auction.seller_id or _member_of_seller_institution(auction, user):
        raise TradingError(_("The seller cannot bid on their own lot."), code="seller_cannot_bid", status=403)


def _member_of_seller_institution(auction: Auction, user) -> bool:
    if getattr(auction, "bidder_in_seller_institution", False):  # read by _bid_read with the row
        return True
    if auction.is_package:
        # Every institution whose achievement is in the package sells it, not the lead alone.
        return bool(lot_seller_institution_ids(auction.lot) & member_institution_ids(user))
    if hasattr(auction, "bidder_in_seller_institution"):
        return False
    return bool(auction.seller_institution_id and auction.seller_institution_id in member_institution_ids(user))


def bid_refusal(*, auction: Auction, user) -> TradingError | None:
    """Why ``user`` may never bid in ``auction`` (signed out, center staff, the seller's side), else None."""
    try:
        check_eligible(auction, user)
    except TradingError as exc:
        return exc
    return None
