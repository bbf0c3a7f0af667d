"""Pages under the Content-Security-Policy in a real browser: the policy is sent, nothing on the page violates it, and
the pages' own scripts still run (each page shows something only its JavaScript does).

A violation is caught twice: by a ``securitypolicyviolation`` listener installed before any page script (DevTools
init scripts are not subject to the page's policy) and by Chromium's console message ("Refused to ...").

Uses the Daphne server of the live auction test: the auction and conversation pages open their websockets, which
connect-src must allow.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_auction_live import LIVE, _page_of, asgi_server  # noqa: F401 - the session fixture
from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    ConversationFactory,
    EnterpriseFactory,
    EventFactory,
    RegistrationFactory,
    ResearcherFactory,
    StaffFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Before any script of the page: record violations; stand-ins for the print dialog and the camera's QR detector
# (headless Chromium has neither), so that events.js's handlers can be seen to run.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
window.__printed = 0;
window.print = () => { window.__printed += 1; };
window.BarcodeDetector = class { detect() { return Promise.resolve([]); } };
"""


class Watched:
    """A signed-in page whose CSP violations (listener and console) are collected."""

    def __init__(self, browser: Browser, base: str, user) -> None:
        self.base = base
        self.page: Page = _page_of(browser, base, user)
        self.page.context.add_init_script(WATCH)
        # The time zone events.js would store (it reloads the page once when it has to): set up front.
        self.page.context.add_cookies([{"name": "tz", "value": "Europe%2FLondon", "url": base}])
        self.console: list[str] = []
        self.page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def visit(self, path: str) -> Page:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.ok, (path, response and response.status)
        policy = response.headers.get("content-security-policy", "")
        directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
        assert directives.get("script-src") == ["'self'"], (path, policy)
        assert directives.get("object-src") == ["'none'"], (path, policy)
        self.page.wait_for_load_state("load")
        return self.page

    def assert_clean(self) -> None:
        # Violations are reported asynchronously: give the last ones a moment to arrive.
        self.page.wait_for_timeout(300)
        assert self.page.evaluate("window.__violations") == []
        assert self.console == []

    def close(self) -> None:
        self.page.context.close()


def _menu_closes_on_escape(page: Page) -> None:
    """app.js: the language switcher's "Go" button is hidden, and an open header menu closes on Escape."""
    expect(page.locator("button.js-hide").first).to_be_hidden()
    menu = page.locator("details.header-menu").first
    menu.evaluate("(details) => { details.open = true; }")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")


def test_site_pages_run_their_scripts_without_violations(asgi_server, browser: Browser):  # noqa: F811
    achievement = AchievementFactory(published=True, title_en="Bamboo composite panel")
    auction = AuctionFactory(ends_at=timezone.now() + timedelta(hours=3))
    conversation = ConversationFactory(body="Opening message")
    bidder = EnterpriseFactory()
    watched = Watched(browser, asgi_server, bidder)
    try:
        page = watched.visit("/en/")
        _menu_closes_on_escape(page)

        page = watched.visit(f"/en/achievements/{achievement.pk}/")
        expect(page.get_by_role("heading", name="Bamboo composite panel")).to_be_visible()
        _menu_closes_on_escape(page)

        # auction.js: the websocket opened (connect-src) and the countdown runs from the server's clock.
        page = watched.visit(f"/en/auctions/{auction.pk}/")
        expect(page.locator('[data-live="connection"]')).to_have_text("Live updates on", timeout=LIVE)
        expect(page.locator('[data-live="countdown"]')).to_have_text(re.compile(r"^0?2:5\d:\d\d$"), timeout=LIVE)
        watched.assert_clean()
    finally:
        watched.close()

    # conversation.js: its websocket is live, the language names come from a json_script block.
    watched = Watched(browser, asgi_server, conversation.requester)
    try:
        page = watched.visit(f"/en/conversations/{conversation.pk}/")
        expect(page.locator("[data-connection]")).to_have_text("Live", timeout=LIVE)
        watched.assert_clean()
    finally:
        watched.close()


def test_event_pages_run_their_scripts_without_violations(asgi_server, browser: Browser):  # noqa: F811
    event = EventFactory(title_en="Green materials brokerage")
    member = ResearcherFactory()
    RegistrationFactory(event=event, user=member)
    watched = Watched(browser, asgi_server, member)
    try:
        # events.js: the agenda's Print button calls window.print.
        page = watched.visit(f"/en/events/{event.pk}/agenda/")
        page.locator("[data-print]").first.click()
        assert page.evaluate("window.__printed") == 1
        watched.assert_clean()
    finally:
        watched.close()

    watched = Watched(browser, asgi_server, StaffFactory())
    try:
        # events.js: with a QR detector and a camera API, the staff check-in page offers camera scanning.
        page = watched.visit(f"/en/events/{event.pk}/checkin/")
        expect(page.locator("[data-checkin-camera]")).to_be_visible()
        watched.assert_clean()
    finally:
        watched.close()


def test_admin_and_api_docs_run_their_scripts_without_violations(asgi_server, browser: Browser):  # noqa: F811
    event = EventFactory(title_en="Green materials brokerage")
    AchievementFactory(submitted=True)
    watched = Watched(browser, asgi_server, StaffFactory())
    try:
        # Django admin's own scripts: the date and time shortcuts beside the start of the event.
        page = watched.visit(f"/admin/events/event/{event.pk}/change/")
        expect(page.locator(".datetimeshortcuts").first).to_be_visible()
        # SelectFilter2.js (the two-box picker of technology fields) and inlines.js ("Add another" slot).
        expect(page.locator("#id_fields_from")).to_be_attached()
        expect(page.locator(".add-row a").first).to_be_attached()
        # prepopulate.js: an institution's slug follows its name.
        page = watched.visit("/admin/marketplace/institution/add/")
        page.locator("#id_name_en").press_sequentially("Instituto de Energia")
        expect(page.locator("#id_slug")).to_have_value("instituto-de-energia")
        # actions.js: ticking a row updates the selection counter.
        page = watched.visit("/admin/events/event/")
        page.locator("input.action-select").first.check()
        expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
        watched.assert_clean()

        # The intermediate page of an action that asks for a reason (templates/admin/action_form.html, jsi18n).
        page = watched.visit("/admin/achievements/achievement/")
        page.locator("input.action-select").first.check()
        page.locator("select[name=action]").select_option("reject_selected")
        page.locator("button[name=index]").click()
        expect(page.locator("form.moderation-form textarea[name=reason]")).to_be_visible()
        assert page.evaluate("typeof window.gettext") == "function"
        watched.assert_clean()

        # Swagger UI: its start-up script is a file (served at ?script), and it renders the schema's title.
        page = watched.visit("/api/docs/")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("BRICS TTC API", timeout=LIVE)
        watched.assert_clean()
    finally:
        watched.close()
