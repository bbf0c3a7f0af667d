"""The Redis channel layer as the settings configure it: an idle websocket's wait on Redis never times out."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels_redis.core import RedisChannelLayer

from brics_ttc.settings.base import redis_channel_layer
from tests.workers import reachable

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.mark.services
@pytest.mark.skipif(not reachable(REDIS_URL), reason="needs Redis on 127.0.0.1:6379 (make test-services)")
def test_an_idle_receive_outlasts_the_blocking_pop():
    """With redis-py's default 5 s read timeout, the layer's 5 s blocking pop on an idle channel failed with "Timeout
    reading from Redis" (the consumer, and the page's socket, closed); here only our own bound ends the wait."""
    config = redis_channel_layer(REDIS_URL)["CONFIG"]
    layer = RedisChannelLayer(**config, prefix="asgi-idle-test")

    async def scenario():
        channel = await layer.new_channel()
        try:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(layer.receive(channel), timeout=RedisChannelLayer.brpop_timeout + 2)
        finally:
            await layer.flush()

    # In a thread of its own: a browser test before it on the same xdist worker leaves Playwright's event loop
    # running in this thread, where asyncio.run() refuses to start another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result()
