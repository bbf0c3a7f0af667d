"""axe-core (vendored, tests/e2e/vendor/axe-core) finds no serious or critical accessibility violation on the main
pages, in English and Arabic, nor on the admin change form staff work in."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Browser, Page

from achievements.models import AchievementAttachment
from tests.e2e.test_core_flow import sign_in
from tests.factories import AchievementFactory, DemandFactory, ResearcherFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)"""


def violations(page: Page, url: str) -> list[str]:
    page.goto(url)
    # Evaluated through DevTools: a <script> tag with axe inline would be refused by the Content-Security-Policy.
    page.evaluate(AXE)
    return page.evaluate(SERIOUS)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_main_pages_have_no_serious_accessibility_violation(live_server, browser: Browser, language):
    achievement = AchievementFactory(published=True)
    DemandFactory(published=True)
    researcher = ResearcherFactory()
    visitor = browser.new_context().new_page()
    member = browser.new_context().new_page()
    sign_in(member, f"{live_server.url}/en/accounts/login/", researcher.email)
    assert "/accounts/login/" not in member.url
    base = f"{live_server.url}/{language}"

    found = {}
    for page, path in [
        (visitor, "/"),
        (visitor, "/achievements/"),
        (visitor, f"/achievements/{achievement.pk}/"),
        (visitor, "/demands/"),
        (visitor, "/institutions/"),
        (visitor, "/search/?q=water"),
        (visitor, "/auctions/"),
        (visitor, "/accounts/signup/"),
        (member, "/achievements/new/"),
        (member, "/my/listings/"),
    ]:
        problems = violations(page, base + path)
        if problems:
            found[path] = problems

    assert found == {}


def test_the_admin_change_form_has_no_serious_accessibility_violation(live_server, browser: Browser):
    achievement = AchievementFactory(submitted=True)
    AchievementAttachment.objects.create(
        achievement=achievement,
        file=ContentFile(b"%PDF-1.4\n", name="sheet.pdf"),
        original_name="sheet.pdf",
        content_type="application/pdf",
        size=9,
    )
    staff = StaffFactory()
    page = browser.new_context().new_page()
    sign_in(page, f"{live_server.url}/admin/login/?next=/admin/", staff.email)

    assert violations(page, f"{live_server.url}/admin/") == []
    change_form = f"{live_server.url}/admin/achievements/achievement/{achievement.pk}/change/"
    assert violations(page, change_form) == []
    assert page.url == change_form and page.locator("#id_attachments-0-is_confidential").count() == 1
