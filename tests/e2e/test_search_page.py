"""The search page in a real browser: results from the embedded engine, facet counts, narrowing by a facet with the
mouse and with the keyboard, and the navbar query box."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, tech_field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBRANE = "Solar desalination membrane for island villages"
PILOT = "Desalination pilot plant partner wanted"
OTHER = "Bamboo composite panel for furniture"


@pytest.fixture
def listings(settings, tmp_path):
    """Three published listings in the embedded engine (an index of this test's own, read by the live server too)."""
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.SEARCH_INDEX_PREFIX = "e2e"
    made = {
        "membrane": AchievementFactory(
            published=True,
            title_en=MEMBRANE,
            summary_en="A graphene membrane that turns seawater into drinking water with sunlight.",
            country="BR",
            field=tech_field("water-resources"),
        ),
        "pilot": DemandFactory(
            published=True,
            title_en=PILOT,
            description_en="A coastal town looks for a partner to run a seawater desalination pilot.",
            country="IN",
            field=tech_field("renewable-energy"),
        ),
        "other": AchievementFactory(published=True, title_en=OTHER, country="CN"),
    }
    search_reindex()
    return made


def hit_titles(page: Page):
    return page.locator("article.search-hit h2")


def facet(page: Page, label: str, *, selected: bool = False):
    """A facet option by its accessible name: "Add filter: Brazil 1", "Remove filter: Brazil 1"."""
    action = "Remove filter:" if selected else "Add filter:"
    return page.get_by_role("link", name=re.compile(rf"^{action} {re.escape(label)} \d+$"))


def test_facet_click_narrows_the_results_and_clearing_it_widens_them_again(live_server, page: Page, listings):
    page.goto(f"{live_server.url}/en/search/?q=desalination")

    expect(hit_titles(page)).to_have_count(2)
    expect(hit_titles(page).filter(has_text=MEMBRANE)).to_be_visible()
    expect(hit_titles(page).filter(has_text=PILOT)).to_be_visible()
    expect(page.get_by_text(OTHER)).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="results")).to_have_text("2 results")
    # Counts in the sidebar follow the query: the bamboo panel from China is not counted.
    countries = page.get_by_role("region", name="Country")
    expect(countries.get_by_role("link")).to_have_count(2)
    expect(facet(page, "Brazil")).to_have_accessible_name("Add filter: Brazil 1")
    expect(facet(page, "India")).to_have_accessible_name("Add filter: India 1")
    expect(page.get_by_role("region", name="Technology field").get_by_role("link")).to_have_count(2)

    facet(page, "Brazil").click()

    expect(page).to_have_url(re.compile(r"/en/search/\?q=desalination&country=BR$"))
    expect(hit_titles(page)).to_have_count(1)
    expect(hit_titles(page)).to_have_text(MEMBRANE)
    selected = facet(page, "Brazil", selected=True)
    expect(selected).to_have_attribute("aria-current", "true")
    expect(selected).to_have_class(re.compile(r"\bis-selected\b"))
    # The country facet still offers India (a facet's own filter does not count against it), not yet selected.
    expect(facet(page, "India")).to_have_accessible_name("Add filter: India 1")
    expect(page.get_by_role("link", name="All 1")).to_be_visible()

    selected.click()

    expect(page).to_have_url(re.compile(r"/en/search/\?q=desalination$"))
    expect(hit_titles(page)).to_have_count(2)
    expect(facet(page, "Brazil")).to_be_visible()
    expect(page.get_by_role("link", name="Clear filters")).to_have_count(0)


def test_clear_filters_removes_every_facet_but_keeps_the_query(live_server, page: Page, listings):
    page.goto(f"{live_server.url}/en/search/?q=desalination&country=IN&field=renewable-energy")
    expect(hit_titles(page)).to_have_text([PILOT])

    page.get_by_role("link", name="Clear filters").click()

    expect(page).to_have_url(re.compile(r"/en/search/\?q=desalination$"))
    expect(hit_titles(page)).to_have_count(2)


def test_facets_are_reachable_and_toggled_with_the_keyboard_alone(live_server, page: Page, listings):
    page.goto(f"{live_server.url}/en/search/?q=desalination")
    page.get_by_role("searchbox", name="Search for").focus()

    india = facet(page, "India")
    for _ in range(40):
        page.keyboard.press("Tab")
        if india.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the India facet")
    expect(india).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"country=IN"))
    expect(hit_titles(page)).to_have_text([PILOT])
    selected = facet(page, "India", selected=True)
    selected.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=desalination$"))
    expect(hit_titles(page)).to_have_count(2)


def test_query_typed_in_the_navbar_box_of_another_page_reaches_the_results(live_server, browser: Browser, listings):
    page = browser.new_page(viewport={"width": 390, "height": 844})  # the box sits under the brand on phones
    page.goto(f"{live_server.url}/en/achievements/")
    box = page.get_by_role("searchbox", name="Search listings")
    box.fill("graphene seawater")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/en/search/\?q=graphene\+seawater$"))
    expect(hit_titles(page).first).to_have_text(MEMBRANE)
    # The query stays in the page's box, so it can be refined; the navbar's box gives way to it.
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("graphene seawater")
    expect(page.get_by_role("searchbox", name="Search listings")).to_have_count(0)
    page.close()


def test_a_typo_still_finds_the_listing_and_offers_the_spelling(live_server, page: Page, listings):
    page.goto(f"{live_server.url}/en/search/?q=desalinaton")

    expect(hit_titles(page)).to_have_count(2)
    suggestion = page.get_by_role("link", name="desalination", exact=True)
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=desalination$"))
    expect(page.get_by_role("link", name="desalination", exact=True)).to_have_count(0)
