"""A hung engine: every call ends at its deadline, and the circuit breaker stops calling an engine that keeps failing.

The engine is a real socket server on loopback that accepts connections and never answers (what froze `make run`).
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.workers import wait_for
from translation.providers import ProviderError
from translation.providers.apertium import ApertiumProvider


class SilentServer:
    """Accepts every connection, reads nothing, answers nothing; counts the connections."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()


class TricklingServer(SilentServer):
    """Answers with headers, then one byte of body every 0.1 s, forever (each read succeeds, the whole never ends)."""

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    @staticmethod
    def _trickle(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            while True:
                conn.sendall(b" ")
                time.sleep(0.1)
        except OSError:
            return


@pytest.fixture
def silent():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def breaker_settings(settings):
    settings.TRANSLATION_BREAKER_FAILURES = 3
    settings.TRANSLATION_BREAKER_COOLDOWN = 0.5


def test_a_call_to_an_engine_that_never_answers_ends_at_the_deadline(silent, breaker_settings):
    provider = ApertiumProvider(url=silent.url, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(ProviderError):
        provider.pairs()

    assert time.monotonic() - started < 2


def test_an_answer_that_trickles_forever_ends_at_the_deadline(breaker_settings):
    server = TricklingServer()
    try:
        provider = ApertiumProvider(url=server.url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(ProviderError):
            provider.pairs()
        assert time.monotonic() - started < 2
    finally:
        server.close()


def test_the_breaker_stops_calling_an_engine_that_keeps_timing_out(silent, breaker_settings):
    provider = ApertiumProvider(url=silent.url, timeout=0.3)
    for _ in range(3):
        with pytest.raises(ProviderError):
            provider.pairs()
    # The server's accept thread records each connection: wait until it has all three, not a fixed while.
    connections = wait_for(lambda: len(silent.connections) == 3 and 3, 5, "the server seeing the three calls")

    started = time.monotonic()
    with pytest.raises(ProviderError, match="circuit open"):
        provider.pairs()

    assert time.monotonic() - started < 0.1
    assert len(silent.connections) == connections


def test_after_the_cool_down_one_trial_call_goes_through(silent, breaker_settings):
    provider = ApertiumProvider(url=silent.url, timeout=0.3)
    for _ in range(3):
        with pytest.raises(ProviderError):
            provider.pairs()
    time.sleep(0.6)
    connections = len(silent.connections)

    with pytest.raises(ProviderError) as trial:
        provider.pairs()

    assert "circuit open" not in str(trial.value)
    wait_for(lambda: len(silent.connections) == connections + 1, 5, "the server seeing the trial call")
    with pytest.raises(ProviderError, match="circuit open"):
        provider.pairs()


def test_a_success_closes_the_breaker(apertium, breaker_settings):
    """A real engine (Debian's Apertium APy) after failures below the threshold: the count starts again."""
    from translation.providers.breaker import breaker_for

    provider = ApertiumProvider(url=apertium, timeout=20)
    breaker = breaker_for(str(provider._http.base_url))
    breaker.failed("one")
    breaker.failed("two")

    assert provider.pairs()
    breaker.failed("three")
    breaker.failed("four")
    assert provider.pairs()
