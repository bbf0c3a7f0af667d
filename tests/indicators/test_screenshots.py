"""The indicators page in a real browser, on the demo data: PNGs at 1280 and 390 px in en, zh-hans and ar under
var/screenshots/indicators/ (to look at), no sideways scrolling, right-to-left in Arabic, and no serious or critical
axe-core violation (the charts' SVG, the scrollable tables, the filters)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser

from tests.e2e.test_accessibility import AXE, SERIOUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots" / "indicators"


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.SEARCH_INDEX_PREFIX = "e2e-indicators"
    from demo.loader import load_demo

    load_demo()


def test_dashboard_and_portfolio_screenshots(live_server, browser: Browser, demo_data, client):
    """One test for the three languages and the portfolio: the demo data loads once."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang, width in ((lang, width) for lang in ("en", "zh-hans", "ar") for width in (1280, 390)):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.goto(f"{live_server.url}/{lang}/indicators/")
        assert page.locator("svg.indicator-chart").count() >= 12
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{lang} at {width}px scrolls sideways by {overflow}px"
        page.screenshot(path=str(SHOTS / f"{lang}-{width}.png"), full_page=True)
        if width == 1280:
            page.evaluate(AXE)  # through DevTools: the Content-Security-Policy refuses inline scripts
            assert page.evaluate(SERIOUS) == [], f"{lang}: serious accessibility violations"
        context.close()
    portfolio_screenshots(live_server, browser, client)
    report_screenshots(live_server, browser, client)


def report_screenshots(live_server, browser: Browser, client) -> None:
    """The staff's annual report as printed (print media), in English and Arabic."""
    from django.utils import timezone

    from accounts.models import User

    client.force_login(User.objects.get(email="staff@demo.brics-ttc.org"))
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    for lang in ("en", "ar"):
        context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="en-GB")
        context.add_cookies([cookie])
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(f"{live_server.url}/{lang}/indicators/report/{timezone.now().year}/")
        assert page.locator("header").first.is_hidden() or page.locator(".site-header").first.is_hidden()
        page.screenshot(path=str(SHOTS / f"report-print-{lang}.png"), full_page=True)
        context.close()


def portfolio_screenshots(live_server, browser: Browser, client) -> None:
    """The demo institution administrator's portfolio of their institution, signed in through a session cookie."""
    from accounts.models import User
    from indicators.portfolio import portfolio_institutions

    admin = User.objects.get(email="institution-admin@demo.brics-ttc.org")
    institution = portfolio_institutions(user=admin)[0]
    client.force_login(admin)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang, width in (("en", 1280), ("en", 390), ("ar", 1280)):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(f"{live_server.url}/{lang}/indicators/portfolio/?institution={institution.slug}")
        # The funnel and the weekly views and search appearances: each chart with its table, then the listings table.
        assert page.locator("svg.indicator-chart").count() == 2
        assert page.locator("table").count() == 3
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"portfolio {lang} at {width}px scrolls sideways by {overflow}px"
        page.screenshot(path=str(SHOTS / f"portfolio-{lang}-{width}.png"), full_page=True)
        page.evaluate(AXE)
        assert page.evaluate(SERIOUS) == [], f"portfolio {lang} {width}: serious accessibility violations"
        context.close()
