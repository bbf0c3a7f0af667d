"""The notification a saved search sends when a newly published listing matches it (notifications/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.registry import Channel, Kind

SAVED_SEARCH_MATCH = Kind(
    code="alerts.saved_search",
    label=_("New listings matching my saved searches"),
    title=_("New for your search “%(search)s”: %(title)s"),
    default_channel=Channel.DIGEST,
)

WATCH_KINDS = {
    kind.code.rsplit(".", 1)[1]: kind
    for kind in (
        Kind(
            code="alerts.watch_updated",
            label=_("Updates of listings I watch"),
            title=_("“%(title)s” was updated"),
        ),
        Kind(
            code="alerts.watch_archived",
            label=_("Listings I watch that are withdrawn"),
            title=_("“%(title)s” is no longer listed"),
        ),
        Kind(
            code="alerts.watch_auction_started",
            label=_("Watched auctions that start"),
            title=_("The auction of “%(title)s” has started"),
        ),
        Kind(
            code="alerts.watch_auction_last_hour",
            label=_("Watched auctions in their last hour"),
            title=_("Last hour to bid on “%(title)s”"),
        ),
        Kind(
            code="alerts.watch_auction_closed",
            label=_("Watched auctions that close"),
            title=_("The auction of “%(title)s” has closed"),
        ),
    )
}
