"""ASGI entry point: Django's HTTP application and the websockets of live auction pages and conversations."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brics_ttc.settings.base")
# Django is set up before the handler and the routing below import models.
django.setup(set_prefix=False)

from django.conf import settings  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402

from brics_ttc.asgi_http import OneHopASGIHandler  # noqa: E402

django_http_app = ASGIHandler() if settings.ASGI_HTTP_HANDLER == "django" else OneHopASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from brics_ttc.startup import freeze_startup_objects  # noqa: E402
from brics_ttc.websocket import with_not_found  # noqa: E402
from negotiations.routing import websocket_urlpatterns as conversation_routes  # noqa: E402
from trading.routing import websocket_urlpatterns as auction_routes  # noqa: E402

# Built (channels_redis and redis' asyncio client imported) at start-up, not while the first websocket each process
# accepts waits: under load that import held up every other request of the process.
get_channel_layer()

application = ProtocolTypeRouter(
    {
        "http": django_http_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(with_not_found(auction_routes + conversation_routes)))
        ),
    }
)
freeze_startup_objects()
