"""A confidential file in a conversation, in the browser: the requester sees it locked (also when it arrives live),
accepts the NDA from the conversation page, and the file opens."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from playwright.sync_api import Browser, expect

from negotiations.services import message_post
from tests.e2e.test_auction_live import LIVE, _page_of, asgi_server  # noqa: F401 - the session fixture
from tests.factories import AchievementFactory, ConversationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _send_confidential(conversation, owner) -> None:
    try:
        message_post(
            conversation=conversation,
            user=owner,
            body="The process sheet",
            files=[SimpleUploadedFile("process.pdf", PDF, content_type="application/pdf")],
            confidential=True,
        )
    finally:
        connections.close_all()


def test_the_requester_accepts_the_nda_and_the_confidential_file_opens(asgi_server, browser: Browser):  # noqa: F811
    achievement = AchievementFactory(published=True, nda_text="Keep the process parameters secret.")
    conversation = ConversationFactory(achievement=achievement)
    page = _page_of(browser, asgi_server, conversation.requester)
    try:
        page.goto(f"{asgi_server}/en/conversations/{conversation.pk}/")
        expect(page.locator("[data-connection]")).to_have_text("Live", timeout=LIVE)
        # The owner's side sends it meanwhile (in a thread: Playwright's event loop holds this one).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(_send_confidential, conversation, achievement.owner).result()
        live = page.locator("#thread .thread-file-locked")
        expect(live).to_contain_text("process.pdf", timeout=LIVE)
        expect(live).to_contain_text("confidential — accept the NDA to open")
        expect(page.locator("#thread").get_by_role("link", name="process.pdf")).to_have_count(0)

        page.get_by_role("button", name="I accept the NDA").click()
        expect(page.get_by_text("You accepted the NDA on")).to_be_visible(timeout=LIVE)
        link = page.locator("#thread").get_by_role("link", name="process.pdf")
        expect(link).to_be_visible()
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "process.pdf"
    finally:
        page.context.close()
