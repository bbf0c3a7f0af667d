"""Browser tests: Debian's Chromium driven by Playwright (never a browser Playwright downloads itself).

Tests here are marked `browser`; tests/conftest.py skips them, with the reason, when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import CHROMIUM

# Playwright's sync API keeps an event loop in the main thread for the rest of the session; without this, Django
# refuses ORM calls from that thread (factories in a test, and the database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1366, "height": 900}}
