"""The websocket router's last route: a path no app serves is refused in the handshake, not a server error.

Channels' ``URLRouter`` raises ``ValueError("No route found")`` for an unknown path, which the server turns into a 500
and an error log line per probe (``/ws/auctions/abc/``).
"""

from __future__ import annotations

from channels.generic.websocket import WebsocketConsumer
from django.urls import re_path

# A private close code (4000-4999): "no such websocket", like an HTTP 404.
NOT_FOUND_CLOSE_CODE = 4404


class NotFoundConsumer(WebsocketConsumer):
    def connect(self) -> None:
        self.close(code=NOT_FOUND_CLOSE_CODE)


def with_not_found(patterns: list) -> list:
    """``patterns`` followed by the catch-all that refuses every other path."""
    return [*patterns, re_path(r"", NotFoundConsumer.as_asgi())]
