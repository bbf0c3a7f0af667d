"""A live auction in two browsers: each enterprise sees the other's bid appear without reloading the page.

Websockets need an ASGI server, which pytest-django's ``live_server`` (WSGI) is not: this module runs the project's
ASGI application (brics_ttc.asgi) under a real Daphne server, in a thread of the test process, so it reads the same
test database as the test (SQLite's shared in-memory database, or PostgreSQL's test database) and shares the
in-process channel layer with the views that broadcast after each bid. Twisted's reactor runs once per process, so
the server lives for the whole session and stops when it ends.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.factories import AuctionFactory, EnterpriseFactory
from trading.models import Bid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Perovskite tandem solar cell with 29% efficiency"
# How long a live change may take to show: generous, since the machine may be busy with other work.
LIVE = 15_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def asgi_server():
    """The project's ASGI application under Daphne on a free loopback port; yields its base URL."""
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from twisted.internet import reactor

    from brics_ttc.asgi import application

    # The server handles each request in a thread of its own: with persistent connections those threads would leave
    # sessions open, and PostgreSQL could not drop the test database at the end.
    database = connections.settings["default"]
    max_age = database.get("CONN_MAX_AGE", 0)
    database["CONN_MAX_AGE"] = 0
    port = _free_port()
    server = Server(
        application=ASGIStaticFilesHandler(application),
        endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
        signal_handlers=False,
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="daphne", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("Daphne did not start") from None
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    reactor.callFromThread(reactor.stop)
    thread.join(timeout=10)
    database["CONN_MAX_AGE"] = max_age


def _page_of(browser: Browser, base_url: str, user) -> Page:
    """A browser context signed in as ``user`` (a session made by Django's test client, handed over as a cookie)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context.new_page()


def _bid(page: Page, amount: str) -> None:
    page.get_by_role("spinbutton", name="Your bid").fill(amount)
    terms = page.get_by_role("checkbox", name="I accept the participation terms")
    if terms.count():  # asked once per auction: not again once the bidder takes part
        terms.check()
    page.get_by_role("button", name="Place bid").click()
    page.wait_for_load_state()


def test_two_enterprises_see_each_others_bids_appear_live(asgi_server, browser: Browser):
    auction = AuctionFactory(
        achievement__title_en=TITLE,
        ends_at=timezone.now() + timedelta(hours=3),
        soft_close_window=timedelta(minutes=5),
        soft_close_extension=timedelta(minutes=2),
    )
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    url = f"{asgi_server}/en/auctions/{auction.pk}/"
    page_a, page_b = _page_of(browser, asgi_server, alice), _page_of(browser, asgi_server, bob)
    try:
        _bid_in_turns(url, page_a, page_b)
    finally:
        # Closing the pages closes their websockets: the server's consumers end with the test.
        page_a.context.close()
        page_b.context.close()
    assert list(Bid.objects.filter(auction=auction).order_by("seq").values_list("amount", flat=True)) == [
        1500,
        1700,
    ]


def _bid_in_turns(url: str, page_a: Page, page_b: Page) -> None:
    for page in (page_a, page_b):
        page.goto(url)
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        # The socket is open (the page says so) and the countdown runs from the server's clock.
        expect(page.locator('[data-live="connection"]')).to_have_text("Live updates on", timeout=LIVE)
        expect(page.locator('[data-live="countdown"]')).to_have_text(re.compile(r"^0?2:5\d:\d\d$"))
    # A marker on B's page: it would vanish with a reload.
    page_b.evaluate("window.__notReloaded = true")

    # Alice bids; Bob's page shows the new price, the new minimum and the history row, without a reload.
    _bid(page_a, "1500")
    expect(page_a.get_by_text("You hold the highest bid at US$1,500.00.")).to_be_visible(timeout=LIVE)
    expect(page_b.locator('[data-live="price"]')).to_have_text("US$1,500.00", timeout=LIVE)
    expect(page_b.locator('[data-live="minimum"]')).to_have_text("US$1,600.00", timeout=LIVE)
    expect(page_b.locator('[data-live="count"]')).to_have_text("1", timeout=LIVE)
    expect(page_b.locator("#bid-history-rows tr").first).to_contain_text("Bidder 1", timeout=LIVE)
    expect(page_b.locator("#bid-history-rows tr").first).to_contain_text("US$1,500.00", timeout=LIVE)
    expect(page_b.locator("#auction-announcer")).to_have_text("New bid: US$1,500.00 by Bidder 1", timeout=LIVE)
    expect(page_b.get_by_role("spinbutton", name="Your bid")).to_have_attribute("min", "1600.00", timeout=LIVE)
    assert page_b.evaluate("window.__notReloaded") is True

    page_a.evaluate("window.__notReloaded = true")
    # Bob answers; Alice sees it live, and that she no longer leads.
    _bid(page_b, "1700")
    expect(page_b.get_by_text("You hold the highest bid at US$1,700.00.")).to_be_visible(timeout=LIVE)
    expect(page_a.locator('[data-live="price"]')).to_have_text("US$1,700.00", timeout=LIVE)
    expect(page_a.locator("#bid-history-rows tr")).to_have_count(2, timeout=LIVE)
    expect(page_a.locator("#bid-history-rows tr").first).to_contain_text("Bidder 2", timeout=LIVE)
    expect(page_a.locator('[data-live="leader"]')).to_have_text("Bidder 2", timeout=LIVE)
    expect(page_a.locator('[data-live="you-lead"]').first).to_be_hidden(timeout=LIVE)
    outbid = "New bid: US$1,700.00 by Bidder 2 You have been outbid."
    expect(page_a.locator("#auction-announcer")).to_have_text(outbid, timeout=LIVE)
    # Alice's message about her own bid named a price that is no longer true: the live update takes it away.
    expect(page_a.get_by_text("You hold the highest bid at US$1,500.00.")).to_have_count(0, timeout=LIVE)
    assert page_a.evaluate("window.__notReloaded") is True
    # Local times name their zone; on a phone the bid history fits the screen (no sideways scrolling).
    expect(page_a.locator("#bid-history-rows time").first).to_have_text(re.compile(r"(UTC|GMT)"), timeout=LIVE)
    page_a.set_viewport_size({"width": 390, "height": 844})
    history = page_a.locator("#history .table-responsive")
    assert history.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert page_a.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    # Alice bids again without being asked to accept the terms a second time.
    expect(page_a.get_by_role("checkbox", name="I accept the participation terms")).to_have_count(0)
