"""Django's Redis cache with one connection pool and one client per process and server.

Django keeps a cache object per thread / async context, and each object makes its own connection pool. Under ASGI
every request runs in a new context, so every request opened a new Redis connection (for the bid throttle, sessions,
...). Django also builds a new ``redis.Redis`` object for every cache call, and its constructor fills a table of
about 170 response callbacks each time (a few tenths of a millisecond per call, measured on the bid path). Here the
pools and clients are shared by the whole process; redis-py's clients and pools are thread-safe, and a pool resets
itself in a forked child.

It reads private attributes of Django's ``RedisCacheClient`` (``_servers``, ``_client``, ``_pool_class``,
``_pool_options``, ``_get_connection_pool_index``), checked against Django 5.2: tests/test_custom_infrastructure.py
pins that version and those names, so an upgrade fails there first. Without ``CACHE_URL`` it is not used at all.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedPoolRedisCacheClient(RedisCacheClient):
    _shared_clients: dict[tuple, object] = {}
    _shared_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        url = self._servers[self._get_connection_pool_index(write)]
        shared = (self._client, self._pool_class, url, tuple(sorted(self._pool_options.items())))
        client = self._shared_clients.get(shared)
        if client is None:
            with self._shared_lock:
                client = self._shared_clients.get(shared)
                if client is None:
                    pool = self._pool_class.from_url(url, **self._pool_options)
                    client = self._shared_clients[shared] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient
