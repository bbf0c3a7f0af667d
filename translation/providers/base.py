"""The interface every translation engine implements, and the two ways a call can go wrong."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Pair = tuple[str, str]

# How long a provider's list of language pairs is trusted before it is asked again (engines gain pairs on upgrade).
PAIRS_TTL_SECONDS = 300.0


class ProviderError(Exception):
    """A transient failure (timeout, connection refused, 5xx, rate limit): the same request may succeed later."""


class UnsupportedPair(Exception):
    """The engine does not translate this language pair; asking again will not help."""


class Provider:
    """A translation engine, spoken to in OUR language codes (``en``, ``zh-hans``, ``pt-br`` ...).

    ``pairs()`` lists the (source, target) pairs it serves; ``translate()`` translates a batch of plain-text chunks
    from one language into another and returns them in the same order.
    """

    name: str = ""

    def pairs(self) -> frozenset[Pair]:
        raise NotImplementedError

    def serves(self, source: str, target: str) -> bool:
        return (source, target) in self.pairs()

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError


_pairs_cache: dict[tuple[str, str], tuple[float, frozenset[Pair]]] = {}
_pairs_lock = threading.Lock()


def cached_pairs(key: tuple[str, str], fetch: Callable[[], frozenset[Pair]]) -> frozenset[Pair]:
    """``fetch()`` once per ``key`` (engine name, URL) and process every PAIRS_TTL_SECONDS; failures are not cached."""
    now = time.monotonic()
    with _pairs_lock:
        hit = _pairs_cache.get(key)
    if hit is not None and now - hit[0] < PAIRS_TTL_SECONDS:
        return hit[1]
    pairs = fetch()
    with _pairs_lock:
        _pairs_cache[key] = (now, pairs)
    return pairs


def forget_cached_pairs() -> None:
    """Drop every cached pair list (tests that start and stop engines)."""
    with _pairs_lock:
        _pairs_cache.clear()
