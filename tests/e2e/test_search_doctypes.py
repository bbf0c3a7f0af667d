"""The search page in a real browser with every document type: tabs per type with counts, type badges, narrowing to
one type, and a hit that opens its own page (an expert's profile, a service)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from search.services import search_reindex
from tests.factories import ProjectFactory, UserFactory
from tests.factories_hub import CourseFactory, ExpertFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def records(settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.SEARCH_INDEX_PREFIX = "e2e"
    made = {
        "project": ProjectFactory(published=True, title_en="Rural battery storage consortium"),
        "service": ServiceFactory(title_en="Battery patent valuation"),
        "expert": ExpertFactory(
            user=UserFactory(display_name="Ana Quirino"), headline_en="Patent attorney for battery chemistry"
        ),
        "course": CourseFactory(title_en="Licensing battery technology"),
    }
    search_reindex()
    return made


def test_tabs_badges_and_hits_of_every_type_lead_to_their_pages(live_server, page: Page, records):
    page.goto(f"{live_server.url}/en/search/?q=battery")

    hits = page.locator("article.search-hit")
    expect(hits).to_have_count(4)
    for label in ("Project", "Service", "Expert", "Course"):
        expect(hits.locator(".search-type", has_text=re.compile(rf"^\s*{label}\s*$"))).to_have_count(1)
    tabs = page.get_by_role("list", name="Listing type")
    for name in ("All 4", "Projects 1", "Services 1", "Experts 1", "Courses 1"):
        expect(tabs.get_by_role("link", name=name)).to_be_visible()
    expect(tabs.get_by_role("link", name=re.compile(r"^Achievements"))).to_have_count(0)  # none match: no tab

    tabs.get_by_role("link", name="Experts 1").click()

    expect(page).to_have_url(re.compile(r"type=expert"))
    expect(hits).to_have_count(1)
    page.get_by_role("link", name="Ana Quirino").click()
    expect(page).to_have_url(re.compile(rf"/en/experts/{records['expert'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ana Quirino")

    page.goto(f"{live_server.url}/en/search/?q=valuation&type=service")
    page.get_by_role("link", name="Battery patent valuation").click()
    expect(page).to_have_url(re.compile(rf"/en/services/{records['service'].pk}/$"))
