"""Trading's receivers of the signals of the apps below it."""

from __future__ import annotations

from django.template.loader import render_to_string

from trading.selectors import AUCTIONS_VERSION, auction_active_for, auction_running_for
from trading.services import may_manage_auctions


def achievement_auction_panel(*, achievement, request, **kwargs) -> str:
    """On a published achievement's page: its live or upcoming auction, or (for staff and the institution's
    administrators) a button to propose one."""
    user = request.user
    context = {
        "achievement": achievement,
        "auction": auction_running_for(achievement=achievement),
        "can_propose_auction": user.is_authenticated
        and may_manage_auctions(user, achievement)
        and auction_active_for(achievement=achievement) is None,
    }
    if context["auction"] is None and not context["can_propose_auction"]:
        return ""
    return render_to_string("trading/includes/achievement_panel.html", context, request=request)


def auctions_changed(sender, **kwargs) -> None:
    """An auction was saved or deleted (created, approved, bid on, extended, closed...): the cached lists start over."""
    AUCTIONS_VERSION.changed()
