"""A circuit breaker per engine URL: an engine that keeps failing (timing out, refusing, 5xx) is left alone a while.

Without it, every chunk of every listing waits out the full deadline against a hung engine, and the worker's queue
backs up behind calls that cannot succeed. After ``TRANSLATION_BREAKER_FAILURES`` failures in a row the breaker opens:
calls fail at once with ``ProviderError`` (the tasks retry later, as for any outage). After
``TRANSLATION_BREAKER_COOLDOWN`` seconds one trial call goes through; its success closes the breaker, its failure
opens it for another cool-down. State is per process (each worker finds out on its own within a few calls).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

from translation.providers.base import ProviderError


class CircuitBreaker:
    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._failures = 0
        self._open_until = 0.0
        self._trial_running = False
        self._last_error = ""

    def check(self) -> None:
        """Raise ``ProviderError`` while the breaker is open; let one trial call through once the cool-down ends."""
        with self._lock:
            if self._failures < settings.TRANSLATION_BREAKER_FAILURES:
                return
            if time.monotonic() >= self._open_until and not self._trial_running:
                self._trial_running = True
                return
        raise ProviderError(
            f"{self.name}: not called, it failed {self._failures} times in a row (circuit open); "
            f"last: {self._last_error}"
        )

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._trial_running = False

    def failed(self, error: str) -> None:
        with self._lock:
            self._last_error = error
            self._failures += 1
            self._trial_running = False
            if self._failures >= settings.TRANSLATION_BREAKER_FAILURES:
                self._open_until = time.monotonic() + settings.TRANSLATION_BREAKER_COOLDOWN


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(name: str) -> CircuitBreaker:
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name)
        return _breakers[name]


def reset_breakers() -> None:
    """Close every breaker (tests that start and stop engines)."""
    with _breakers_lock:
        _breakers.clear()
