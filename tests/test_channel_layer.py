"""The Redis channel layer as the settings configure it (pub/sub): a group send from one server process reaches the
pages another process holds, once, also after the subscription sat idle past redis-py's 5 s read timeout."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils.module_loading import import_string

from brics_ttc.settings.base import redis_channel_layer
from tests.workers import reachable

REDIS_URL = "redis://127.0.0.1:6379/14"
IDLE_SECONDS = 6  # beyond redis-py's default 5 s read timeout, which once closed idle pages' sockets


def _layer():
    settings = redis_channel_layer(REDIS_URL)
    return import_string(settings["BACKEND"])(**{**settings["CONFIG"], "prefix": "asgi-layer-test."})


def test_layers_on_different_redis_databases_use_different_channel_names():
    """Pub/sub ignores the database number: two deployments on one Redis would read each other's pages' messages."""
    first, second = (redis_channel_layer(f"redis://127.0.0.1:6379/{db}")["CONFIG"]["prefix"] for db in (4, 12))
    assert first != second
    assert redis_channel_layer("redis://127.0.0.1:6379")["CONFIG"]["prefix"] == "asgi.0."


@pytest.mark.services
@pytest.mark.skipif(not reachable(REDIS_URL), reason="needs Redis on 127.0.0.1:6379 (make test-services)")
def test_a_group_send_from_another_process_arrives_once_after_an_idle_wait():
    receiving, sending = _layer(), _layer()  # two server processes: one holds the page, the other sends

    async def scenario():
        try:
            channel = await receiving.new_channel()
            await receiving.group_add("conversation.1", channel)
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(receiving.receive(channel), timeout=IDLE_SECONDS)
            channel = await receiving.new_channel()  # the timed-out receive gave its channel up, as a consumer does
            await receiving.group_add("conversation.1", channel)
            await sending.group_send("conversation.1", {"type": "conversation.message", "message": {"id": 7}})
            received = await asyncio.wait_for(receiving.receive(channel), timeout=5)
            assert received == {"type": "conversation.message", "message": {"id": 7}}
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(receiving.receive(channel), timeout=0.5)
        finally:
            await receiving.flush()
            await sending.flush()

    # In a thread of its own: a browser test before it on the same xdist worker leaves Playwright's event loop
    # running in this thread, where asyncio.run() refuses to start another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result()
