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
