"""Listing pictures in a real browser: the card's cover and the page's gallery load (thumbnails served under the
site's policies), in en, zh-hans and ar at 1280 and 390 px. Screenshots go to var/screenshots/pictures/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, expect

from achievements.models import Achievement
from marketplace.reads import bump_listings_version
from tests.achievements.test_views import form_data
from tests.factories import AchievementFactory, ResearcherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "pictures"


def diagram(name: str, hue: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (1200, 900), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    for step in range(12):
        draw.rectangle((80 + step * 85, 820 - step * 55, 140 + step * 85, 820), fill=hue)
    draw.ellipse((760, 120, 1080, 440), outline=hue, width=18)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def loaded(images) -> None:
    """Wait until every image of the locator is loaded, with pixels. Not ``page.wait_for_function`` with a string:
    Playwright builds a function from it in the page, which the Content-Security-Policy (no 'unsafe-eval') refused
    once in a full run ("Evaluating a string as JavaScript violates ... script-src 'self'")."""
    for image in images.all():
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0


def test_covers_and_gallery_load_in_three_languages_and_two_widths(live_server, browser: Browser):
    researcher = ResearcherFactory()
    client = Client()
    client.force_login(researcher)
    pictures = [diagram("pilot-line.jpg", (11, 58, 111)), diagram("efficiency-curve.jpg", (214, 126, 0))]
    client.post(reverse("achievements:create"), form_data(attachments=pictures))
    achievement = Achievement.objects.get()
    Achievement.objects.filter(pk=achievement.pk).update(state="published", published_at=achievement.created_at)
    AchievementFactory(published=True, title_en="Low-temperature plasma sterilisation without pictures")
    bump_listings_version()

    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "zh-hans", "ar"):
        for width in (1280, 390):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            page.goto(f"{live_server.url}/{lang}/achievements/")
            cover = page.locator("img.listing-card-cover")
            expect(cover).to_have_count(1)
            cover.scroll_into_view_if_needed()
            loaded(cover)
            page.screenshot(path=str(SHOTS / f"list-{lang}-{width}.png"), full_page=True)
            page.goto(f"{live_server.url}/{lang}/achievements/{achievement.pk}/")
            gallery = page.locator(".listing-gallery img")
            expect(gallery).to_have_count(2)
            gallery.last.scroll_into_view_if_needed()
            loaded(gallery)
            page.screenshot(path=str(SHOTS / f"detail-{lang}-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{lang} at {width} px scrolls sideways by {overflow} px"
            page.context.close()
