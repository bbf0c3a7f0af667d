"""Test helpers for the real services of `make test-services` (imported by tests/conftest.py, not a conftest itself)."""

from __future__ import annotations

from brics_ttc.cache import RedisCache


class ProcessScopedRedisCache(RedisCache):
    """The project's Redis cache whose clear() deletes only this test process's keys (its KEY_PREFIX), not the database.

    Under `make test-services` the pytest-xdist processes share one Redis database; the plain clear() is FLUSHDB, and
    one process emptying the cache between its tests would wipe the throttle counters another is in the middle of.
    """

    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True
