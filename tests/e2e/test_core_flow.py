"""The marketplace's core flow in a real browser: post an achievement, moderate it in admin, find it as a visitor."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from achievements.models import Achievement
from marketplace.models import ModerationState
from tests.factories import PASSWORD, ResearcherFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Solar-driven membrane for drinking water in remote villages"
# The smallest well-formed PDF: a header, a catalog, an empty page tree, a cross-reference table and a trailer.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n101\n%%EOF\n"
)


def sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label(re.compile(r"e-?mail", re.I)).first.fill(email)
    page.get_by_label(re.compile(r"^password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"sign in|log in", re.I)).click()
    page.wait_for_load_state()


def test_researcher_posts_achievement_staff_approves_and_visitor_finds_it(
    live_server, browser: Browser, tmp_path, mailoutbox
):
    researcher = ResearcherFactory(email="ana.souza@example.org")
    staff = StaffFactory(email="moderator@example.org")
    datasheet = tmp_path / "datasheet.pdf"
    datasheet.write_bytes(PDF)

    # A researcher signs in and posts an achievement with a PDF, straight into review.
    author = browser.new_context().new_page()
    sign_in(author, f"{live_server.url}/en/accounts/login/", researcher.email)
    expect(author).not_to_have_url(re.compile(r"/accounts/login/"))
    author.goto(f"{live_server.url}/en/my/listings/")
    author.get_by_role("link", name="Post an achievement").first.click()
    expect(author).to_have_url(re.compile(r"/en/achievements/new/$"))
    # By accessible name (the "*" of required fields is aria-hidden, so it is not part of the name).
    author.get_by_role("textbox", name="Title", exact=True).fill(TITLE)
    author.get_by_role("textbox", name="Public summary").fill("A low-cost membrane that purifies water by sunlight.")
    author.get_by_role("combobox", name="Technology field").select_option(label="Renewable energy")
    author.get_by_role("combobox", name="Technology readiness level (TRL)").select_option(value="6")
    author.get_by_role("checkbox", name="Licensing").check()
    author.get_by_role("checkbox", name="Price negotiable").check()
    author.get_by_role("button", name="Attachments", exact=True).set_input_files(datasheet)
    author.get_by_role("button", name="Save and submit for review").click()
    author.wait_for_load_state()

    achievement = Achievement.objects.get(title_en=TITLE)
    assert achievement.owner == researcher
    assert achievement.state == ModerationState.SUBMITTED
    assert [a.original_name for a in achievement.attachments.all()] == ["datasheet.pdf"]
    expect(author.get_by_text(TITLE).first).to_be_visible()

    # Not published yet: a visitor does not see it.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/en/achievements/")
    expect(visitor.get_by_text(TITLE)).to_have_count(0)

    # Center staff open admin, land on the pending queue, open the submission and approve it.
    moderator = browser.new_context().new_page()
    sign_in(moderator, f"{live_server.url}/admin/login/?next=/admin/", staff.email)
    moderator.get_by_role("link", name="Achievements", exact=True).first.click()
    expect(moderator).to_have_url(re.compile(r"/admin/achievements/achievement/"))
    moderator.get_by_role("link", name=TITLE).click()
    moderator.get_by_role("button", name="Approve and publish").click()
    moderator.wait_for_load_state()

    achievement.refresh_from_db()
    assert achievement.state == ModerationState.PUBLISHED
    assert any(researcher.email in mail.to and TITLE in mail.subject for mail in mailoutbox)

    # Now anyone finds it on the list page and opens it.
    visitor.goto(f"{live_server.url}/en/achievements/")
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor).to_have_url(re.compile(rf"/en/achievements/{achievement.pk}/"))
    expect(visitor.get_by_role("heading", name=TITLE)).to_be_visible()
