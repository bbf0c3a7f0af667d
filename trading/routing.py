"""Websocket routes of competitive trading (mounted by brics_ttc.asgi)."""

from __future__ import annotations

from django.urls import path

from trading.consumers import AuctionConsumer

websocket_urlpatterns = [
    path("ws/auctions/<int:auction_id>/", AuctionConsumer.as_asgi()),
]
