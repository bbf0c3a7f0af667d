"""Live auction pages: after a commit that changes an auction, its public state goes to the auction's channel group.

The layer is Channels' in-memory one by default (one process: `make run`, tests) and Redis in production
(``CHANNEL_LAYER_URL``). A lost broadcast loses no bid: pages fetch the state again when their socket reconnects,
and a plain reload always shows it.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from trading.models import Auction
from trading.selectors import auction_live_state

logger = logging.getLogger(__name__)


def auction_group(auction_id: int) -> str:
    return f"auction.{auction_id}"


def broadcast_auction(auction_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    auction = Auction.objects.select_related("leader", "winner").filter(pk=auction_id).first()
    if auction is None:
        return
    message = {"type": "auction.update", "state": auction_live_state(auction)}
    try:
        async_to_sync(layer.group_send)(auction_group(auction_id), message)
    except Exception:  # the bid is committed; a failed push only delays the live view until its next refresh
        logger.warning("Live update of auction %s not sent", auction_id, exc_info=True)
