"""The Redis cache shares one client and connection pool per process (Django makes a pool per thread / async
context, and a client per call)."""

from __future__ import annotations

import threading

import pytest

from brics_ttc.cache import RedisCache
from tests.workers import reachable

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.mark.services
@pytest.mark.skipif(not reachable(REDIS_URL), reason="needs Redis on 127.0.0.1:6379 (make test-services)")
def test_cache_objects_of_different_threads_share_one_client_and_connection_pool():
    clients = []

    def use_a_fresh_cache_object():
        cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "pool-test"})
        cache.set("probe", 1)
        assert cache.get("probe") == 1
        clients.append(cache._cache.get_client(write=True))

    threads = [threading.Thread(target=use_a_fresh_cache_object) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(clients) == 4 and all(client is clients[0] for client in clients)
    assert clients[0].connection_pool.connection_kwargs["db"] == 14
    RedisCache(REDIS_URL, {"KEY_PREFIX": "pool-test"}).delete("probe")
