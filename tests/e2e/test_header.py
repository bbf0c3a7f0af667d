"""The header in a real browser: it fits every language at desktop and phone widths, and its menus open without
JavaScript."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect

from tests.e2e.test_core_flow import sign_in
from tests.factories import PASSWORD, AchievementFactory, ResearcherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = ["/", "/achievements/", "/demands/"]
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [1280, 1200, 390])
def test_no_page_scrolls_sideways_in_any_language(live_server, browser: Browser, width):
    AchievementFactory(published=True)
    researcher = ResearcherFactory(display_name="Maria Fernanda da Silva Albuquerque")
    anonymous = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    member = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(member, f"{live_server.url}/en/accounts/login/", researcher.email)

    overflowing = []
    for language in LANGUAGES:
        for page, paths in ((anonymous, PAGES), (member, PAGES[:1])):
            for path in paths:
                page.goto(f"{live_server.url}/{language}{path}")
                extra = page.evaluate(OVERFLOW)
                if extra > 0:
                    overflowing.append(f"{language}{path} ({'member' if page is member else 'visitor'}): +{extra}px")

    assert overflowing == [], f"pages wider than {width} px: {overflowing}"


def test_phone_menu_and_account_menu_open_without_javascript(live_server, browser: Browser):
    researcher = ResearcherFactory()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", researcher.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"{live_server.url}/en/")

    categories = page.locator("details.site-menu nav")
    expect(categories).to_be_hidden()
    page.locator("details.site-menu summary").click()
    expect(categories.get_by_role("link", name="Achievements")).to_be_visible()
    expect(categories.get_by_role("link", name="Competitive trading")).to_be_visible()

    page.locator("details.account-menu summary").click()
    expect(page.locator("details.account-menu").get_by_role("link", name="My listings")).to_be_visible()
    expect(page.locator("details.account-menu").get_by_role("button", name="Sign out")).to_be_visible()
