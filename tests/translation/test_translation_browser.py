"""In a real browser: a Spanish visitor reads an English-authored achievement in Spanish, labelled as a machine
translation, and reveals the English original.

Under `make test` the stand-in engine translates ("[es] ..."); under `make test-services` a real Apertium APy on
loopback does (real Spanish). The assertions hold for both: the Spanish version is shown and labelled, and the
original is one click away.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from achievements.models import Achievement
from marketplace.models import ModerationState
from tests.conftest import require_services
from tests.e2e.conftest import browser_context_args, browser_type_launch_args  # noqa: F401 (Debian's Chromium)
from tests.factories import ResearcherFactory
from tests.translation.listings import write_achievement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXTS = {
    "title": "Solar water purification for rural schools",
    "summary": "A low-cost unit that makes river water safe to drink using only the energy of the sun.",
    "description": "The unit combines a ceramic filter with ultraviolet light. It needs no batteries.",
    "keywords": "water, solar energy, schools",
}


@pytest.fixture
def engine(request):
    """Apertium under `make test-services` (which installs it), the stand-in engine otherwise."""
    return request.getfixturevalue("apertium" if require_services() else "stand_in")


def test_spanish_visitor_sees_machine_translation_label_and_can_show_the_original(
    live_server, browser: Browser, engine
):
    achievement = write_achievement(ResearcherFactory(), texts=TEXTS)  # translated on commit, in this process
    Achievement.objects.filter(pk=achievement.pk).update(state=ModerationState.PUBLISHED, published_at=timezone.now())
    achievement.refresh_from_db()
    spanish_title = achievement.title_es
    assert spanish_title and spanish_title != TEXTS["title"]

    page = browser.new_context(locale="es-ES").new_page()
    page.goto(f"{live_server.url}/es/achievements/{achievement.pk}/")

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(spanish_title)
    expect(heading).to_have_attribute("lang", "es")
    label = page.locator("details.translation-note-machine").first
    expect(label.locator(".translation-label")).to_be_visible()
    original = label.locator(".translation-original")
    expect(original).to_be_hidden()

    label.locator("summary").click()

    expect(original).to_be_visible()
    expect(original.get_by_text(TEXTS["title"], exact=True)).to_be_visible()
    expect(original.get_by_text(TEXTS["summary"], exact=True)).to_have_attribute("lang", "en")

    # The list shows the same label on the card.
    page.goto(f"{live_server.url}/es/achievements/")
    card = page.locator("article.listing-card", has_text=spanish_title)
    expect(card.locator(".translation-note-machine .translation-label")).to_be_visible()
