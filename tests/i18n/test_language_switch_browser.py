"""The language switcher in a real browser: Arabic turns the page right-to-left, Chinese switches the script, and the
reader stays on the same page (query string included). Expected texts come from the catalogues, whatever the
translators wrote."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import AchievementFactory, tech_field
from tests.i18n.conftest import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGE = "/achievements/?field=biomedicine&page=1"
CJK = re.compile(r"[\u4e00-\u9fff]")


def switch_language(page: Page, code: str) -> None:
    with page.expect_navigation():
        page.locator("#language-select").select_option(code)
    page.wait_for_load_state()


def brand_centre_share(page: Page) -> float:
    """Where the navbar brand sits across the viewport: 0 = left edge, 1 = right edge."""
    box = page.locator(".navbar-brand").bounding_box()
    assert box is not None
    return (box["x"] + box["width"] / 2) / page.viewport_size["width"]


def test_switching_to_arabic_then_chinese_keeps_the_page_and_changes_direction_and_script(live_server, page: Page):
    nav_label_ar = translated("ar", "Achievements")
    nav_label_zh = translated("zh-hans", "Achievements")
    assert nav_label_ar, "the ar catalogue has no translation of 'Achievements'"
    assert nav_label_zh, "the zh-hans catalogue has no translation of 'Achievements'"
    AchievementFactory(published=True, field=tech_field("biomedicine"), title_en="Portable point-of-care analyser")

    page.goto(f"{live_server.url}/en{PAGE}")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert brand_centre_share(page) < 0.5

    switch_language(page, "ar")

    assert page.url == f"{live_server.url}/ar{PAGE}"
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    assert page.locator("link[href*='bootstrap.rtl.min.css']").count() == 1
    assert brand_centre_share(page) > 0.5, "the navbar brand should sit on the right in Arabic"
    expect(page.locator("#mainNav")).to_contain_text(nav_label_ar)
    expect(page.get_by_text("Portable point-of-care analyser")).to_be_visible()

    switch_language(page, "zh-hans")

    assert page.url == f"{live_server.url}/zh-hans{PAGE}"
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(html).to_have_attribute("dir", "ltr")
    assert brand_centre_share(page) < 0.5
    expect(page.locator("#mainNav")).to_contain_text(nav_label_zh)
    assert CJK.search(page.locator("#mainNav").inner_text())


def test_web_fonts_load_for_the_scripts_system_fonts_may_lack(live_server, page: Page):
    page.goto(f"{live_server.url}/en/")

    loaded = page.evaluate(
        """async () => {
            const samples = {
                "Noto Sans Arabic Variable": "عربي",
                "Noto Sans Devanagari Variable": "हिन्दी",
                "Noto Sans Ethiopic Variable": "አማርኛ",
                "Noto Sans Thai Variable": "ไทย",
            };
            const result = {};
            for (const [family, text] of Object.entries(samples)) {
                const faces = await document.fonts.load(`16px "${family}"`, text);
                result[family] = faces.map((face) => face.status);
            }
            return result;
        }"""
    )

    assert loaded == {
        "Noto Sans Arabic Variable": ["loaded"],
        "Noto Sans Devanagari Variable": ["loaded"],
        "Noto Sans Ethiopic Variable": ["loaded"],
        "Noto Sans Thai Variable": ["loaded"],
    }
