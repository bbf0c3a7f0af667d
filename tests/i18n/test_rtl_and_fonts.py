"""Arabic and Persian pages are right-to-left with Bootstrap's RTL build; the vendored fonts cover the other scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
PAGES = [
    "/{lang}/",
    "/{lang}/achievements/",
    "/{lang}/achievements/?field=biomedicine&page=1",
    "/{lang}/demands/",
    "/{lang}/institutions/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
]
SIGNED_IN_PAGES = [
    "/{lang}/my/listings/",
    "/{lang}/my/profile/",
    "/{lang}/institutions/mine/",
    "/{lang}/achievements/new/",
]


def direction_of(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="(rtl|ltr)">', html)
    assert match, html[:300]
    return match.group(1), match.group(2)


def stylesheet(html: str) -> str:
    return "rtl" if "bootstrap.rtl.min.css" in html else "ltr" if "bootstrap.min.css" in html else "none"


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("en", "ltr"), ("zh-hans", "ltr")])
def test_public_pages_have_the_languages_direction_and_matching_bootstrap(client, lang, direction):
    achievement = AchievementFactory(published=True)
    demand = DemandFactory(published=True)
    institution = InstitutionFactory()
    with translation.override(lang):
        details = [achievement.get_absolute_url(), demand.get_absolute_url(), institution.get_absolute_url()]

    for url in [page.format(lang=lang) for page in PAGES] + details:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert direction_of(html) == (lang, direction), url
        assert stylesheet(html) == direction, url


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("ru", "ltr")])
def test_signed_in_pages_have_the_languages_direction(researcher_client, lang, direction):
    for url in [page.format(lang=lang) for page in SIGNED_IN_PAGES]:
        response = researcher_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert direction_of(html) == (lang, direction), url
        assert stylesheet(html) == direction, url


@pytest.mark.django_db
def test_every_page_links_the_web_fonts(client):
    html = client.get("/th/").content.decode()

    assert "/static/vendor/fonts/fonts.css" in html


def test_web_fonts_cover_the_scripts_system_fonts_may_lack():
    css = (FONTS_DIR / "fonts.css").read_text()
    faces = re.findall(r"@font-face\s*{(.*?)}", css, flags=re.S)
    covered = {}
    for face in faces:
        family = re.search(r'font-family:\s*"([^"]+)"', face).group(1)
        source = re.search(r'url\("([^"]+)"\)', face).group(1)
        ranges = re.search(r"unicode-range:\s*([^;]+);", face).group(1)
        assert (FONTS_DIR / source).is_file(), source
        assert (FONTS_DIR / source).parent.joinpath("LICENSE").is_file(), source
        covered[family] = ranges

    # One sample letter per script: Arabic, Devanagari, Ethiopic, Thai.
    for family, letter in [
        ("Noto Sans Arabic Variable", "ع"),
        ("Noto Sans Devanagari Variable", "ह"),
        ("Noto Sans Ethiopic Variable", "አ"),
        ("Noto Sans Thai Variable", "ไ"),
    ]:
        assert family in covered
        assert in_unicode_range(ord(letter), covered[family]), family


def test_web_fonts_stay_small():
    total = sum(path.stat().st_size for path in FONTS_DIR.rglob("*.woff2"))

    assert 0 < total < 1.5 * 1024 * 1024


def test_font_stack_puts_system_fonts_first_and_lists_cjk_system_fonts():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    stack = re.findall(r"--bs-body-font-family:([^;]+);", css)[-1]
    families = [name.strip().strip('"') for name in stack.split(",")]

    assert families[0] == "system-ui"
    for cjk in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"):
        assert cjk in families
    assert families.index("Segoe UI") < families.index("Noto Sans Arabic Variable")


def in_unicode_range(codepoint: int, ranges: str) -> bool:
    for part in ranges.split(","):
        bounds = part.strip().removeprefix("U+").split("-")
        low = int(bounds[0], 16)
        high = int(bounds[-1], 16)
        if low <= codepoint <= high:
            return True
    return False
