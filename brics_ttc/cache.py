"""Django's Redis cache with one connection pool per process and server.

Django keeps a cache object per thread / async context, and each object makes its own connection pool. Under ASGI
every request runs in a new context, so every request opened a new Redis connection (for the bid throttle, sessions,
...). Here the pools are shared by the whole process; redis-py's pools are thread-safe and reset themselves in a
forked child.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedPoolRedisCacheClient(RedisCacheClient):
    _shared_pools: dict[tuple, object] = {}
    _shared_lock = threading.Lock()

    def _get_connection_pool(self, write):
        url = self._servers[self._get_connection_pool_index(write)]
        key = (self._pool_class, url, tuple(sorted(self._pool_options.items())))
        pool = self._shared_pools.get(key)
        if pool is None:
            with self._shared_lock:
                pool = self._shared_pools.get(key)
                if pool is None:
                    pool = self._shared_pools[key] = self._pool_class.from_url(url, **self._pool_options)
        return pool


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient
