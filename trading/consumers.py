"""The live auction page's websocket: read-only, one group per auction (see trading.live).

On connect the page receives the auction's current public state, so a page that reconnects after a drop (or a lost
broadcast) is current again at once; afterwards every ``auction.update`` sent to the group is relayed as it is.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from trading.live import auction_group
from trading.models import Auction
from trading.selectors import auction_live_state, auction_visible


class AuctionConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/auctions/<id>/``: the public state now, then each change (no hidden maxima, no sealed amounts)."""

    group_name: str | None = None

    async def connect(self) -> None:
        auction_id = self.scope["url_route"]["kwargs"]["auction_id"]
        if not await self._visible(auction_id):
            # Refused before the handshake completes (an unknown auction, or a proposed one the user may not see).
            await self.close()
            return
        # Join before reading the state: a change committed in between then arrives as an update, never lost.
        self.group_name = auction_group(auction_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        state = await self._state(auction_id)
        if state is not None:
            await self.send_json({"type": "auction.state", "state": state})

    async def disconnect(self, code: int) -> None:
        if self.group_name is not None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        """Read-only: whatever a client sends is ignored (not even parsed)."""

    async def auction_update(self, event: dict) -> None:
        await self.send_json({"type": "auction.update", "state": event["state"]})

    @database_sync_to_async
    def _visible(self, auction_id: int) -> bool:
        auction = Auction.objects.filter(pk=auction_id).only("state", "created_by_id").first()
        return auction is not None and auction_visible(auction=auction, user=self.scope.get("user"))

    @database_sync_to_async
    def _state(self, auction_id: int) -> dict | None:
        auction = Auction.objects.select_related("leader", "winner").filter(pk=auction_id).first()
        return None if auction is None else auction_live_state(auction)
