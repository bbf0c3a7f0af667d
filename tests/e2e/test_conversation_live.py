"""A conversation in two browsers: each side sees the other's message appear without reloading the page.

Uses the Daphne server of the live auction test (the project's ASGI application in a thread of the test process,
sharing the test database and the in-process channel layer).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_auction_live import LIVE, _page_of, asgi_server  # noqa: F401 - the session fixture
from tests.factories import ConversationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _send(page: Page, text: str) -> None:
    page.get_by_placeholder("Write in your own language: the other side reads it in theirs.").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def test_both_sides_see_each_others_messages_live(asgi_server, browser: Browser):  # noqa: F811
    conversation = ConversationFactory(body="Opening message")
    owner, requester = conversation.achievement.owner, conversation.requester
    url = f"{asgi_server}/en/conversations/{conversation.pk}/"
    page_a, page_b = _page_of(browser, asgi_server, requester), _page_of(browser, asgi_server, owner)
    try:
        for page in (page_a, page_b):
            page.goto(url)
            expect(page.locator("[data-connection]")).to_have_text("Live", timeout=LIVE)
        page_a.evaluate("window.__notReloaded = true")
        page_b.evaluate("window.__notReloaded = true")

        _send(page_a, "Is the licence exclusive?")
        expect(page_b.locator("#thread").get_by_text("Is the licence exclusive?")).to_be_visible(timeout=LIVE)
        _send(page_b, "It can be, for <b>your</b> region.")
        expect(page_a.locator("#thread").get_by_text("It can be, for <b>your</b> region.")).to_be_visible(timeout=LIVE)

        # Neither page reloaded, and each message shows once on each side.
        assert page_a.evaluate("window.__notReloaded") and page_b.evaluate("window.__notReloaded")
        for page in (page_a, page_b):
            expect(page.locator("#thread .thread-message")).to_have_count(3)
    finally:
        page_a.context.close()
        page_b.context.close()
    assert list(conversation.messages.values_list("body", flat=True)) == [
        "Opening message",
        "Is the licence exclusive?",
        "It can be, for <b>your</b> region.",
    ]
