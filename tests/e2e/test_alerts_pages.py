"""Saved searches and the watchlist in a real browser: save the search on screen, watch an achievement, see both
lists; screenshots in en, zh-hans and ar at 1280 and 390 px go to var/screenshots/alerts/ (looked at by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from alerts.models import SavedSearch, Watch
from search.services import search_reindex
from tests.e2e.test_core_flow import sign_in
from tests.factories import AchievementFactory, EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "alerts"


def test_a_member_saves_a_search_and_watches_an_achievement(live_server, browser: Browser):
    achievement = AchievementFactory(
        published=True, title_en="Perovskite tandem solar cell", summary_en="29% efficiency."
    )
    search_reindex()
    member = EnterpriseFactory(email="buyer@example.org")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, f"{live_server.url}/en/accounts/login/", member.email)

    page.goto(f"{live_server.url}/en/search/?q=perovskite")
    page.get_by_role("button", name="Save this search").click()
    expect(page.get_by_text("Search saved.")).to_be_visible()
    assert SavedSearch.objects.filter(user=member, params="q=perovskite").exists()

    page.goto(f"{live_server.url}/en/achievements/{achievement.pk}/")
    page.get_by_role("button", name="Watch").click()
    expect(page.get_by_role("button", name="Watching")).to_be_visible()
    assert Watch.objects.filter(user=member, object_id=achievement.pk).exists()

    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "zh-hans", "ar"):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in (
                ("saved", "/saved-searches/"),
                ("watchlist", "/watchlist/"),
                ("achievement", f"/achievements/{achievement.pk}/"),
                ("search", "/search/?q=perovskite"),
            ):
                page.goto(f"{live_server.url}/{lang}{path}")
                page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{name} in {lang} at {width} px scrolls sideways"
