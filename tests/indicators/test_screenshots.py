"""The indicators page in a real browser, on the demo data: PNGs at 1280 and 390 px in en, zh-hans and ar under
var/screenshots/indicators/ (to look at), no sideways scrolling, right-to-left in Arabic."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots" / "indicators"


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.SEARCH_INDEX_PREFIX = "e2e-indicators"
    from demo.loader import load_demo

    load_demo()


def test_dashboard_screenshots(live_server, browser: Browser, demo_data):
    """One test for the three languages: the demo data loads once."""
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
        context.close()
