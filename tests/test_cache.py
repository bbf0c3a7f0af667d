"""The Redis cache shares one connection pool per process (Django's makes one per thread / async context)."""

from __future__ import annotations

import threading

import pytest

from brics_ttc.cache import RedisCache
from tests.workers import reachable

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.mark.services
@pytest.mark.skipif(not reachable(REDIS_URL), reason="needs Redis on 127.0.0.1:6379 (make test-services)")
def test_cache_objects_of_different_threads_share_one_connection_pool():
    pools = []

    def use_a_fresh_cache_object():
        cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "pool-test"})
        cache.set("probe", 1)
        pools.append(cache._cache._get_connection_pool(write=True))

    threads = [threading.Thread(target=use_a_fresh_cache_object) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pools) == 4 and all(pool is pools[0] for pool in pools)
    RedisCache(REDIS_URL, {"KEY_PREFIX": "pool-test"}).delete("probe")
