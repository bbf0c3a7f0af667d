"""Helpers for tests that start a real Celery worker or server in another process or thread."""

from __future__ import annotations

import socket
import time
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection


def reachable(url: str) -> bool:
    """Whether something listens at the host/port of ``url`` (the broker)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def test_database_url() -> str:
    """A DATABASE_URL for the test database pytest-django made, so a worker process writes where the test reads."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def wait_for(condition, seconds: float, what: str):
    """Poll ``condition`` every 20 ms until it returns something true (returned), failing the test after ``seconds``:
    a wait on the condition itself, never a fixed sleep that hopes the other side got there."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen in {seconds} s")
        time.sleep(0.02)
