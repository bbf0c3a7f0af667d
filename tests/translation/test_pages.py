"""What readers see of translated content: labels per state, the original one click away, and no extra queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.models import ModerationState
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, StaffFactory
from tests.translation.listings import ACHIEVEMENT_TEXTS, write_achievement, write_demand
from translation.models import TranslationRecord, TranslationStatus
from translation.services import translation_save_human

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

TITLE = ACHIEVEMENT_TEXTS["title"]
SPANISH_TITLE = "Unidad de purificación de agua con energía solar"


def publish(listing):
    type(listing).objects.filter(pk=listing.pk).update(state=ModerationState.PUBLISHED, published_at=timezone.now())
    listing.refresh_from_db()
    return listing


@pytest.fixture
def translated(researcher, django_capture_on_commit_callbacks):
    """An English achievement, published, machine-translated into the other 16 languages by the stand-in engine."""
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)
    return publish(achievement)


def notes(html: str) -> list[str]:
    """The kinds of translation labels on a page, in order."""
    return re.findall(r'class="translation-note translation-note-(\w+)', html)


def test_a_machine_translation_is_labelled_with_its_source_language_and_the_original_is_one_click_away(
    client, translated
):
    html = client.get(f"/es/achievements/{translated.pk}/").content.decode()

    assert re.search(rf'<h1 class="h2[^"]*" lang="es" dir="auto">\[es\] {re.escape(TITLE)}</h1>', html)
    # One label for the four fields (same kind, same source language), right under the title.
    assert notes(html) == ["machine"]
    assert "<details" in html
    original = html.split('<div class="translation-original">', 1)[1].split("</details>", 1)[0]
    assert 'lang="en" dir="auto"' in original
    for name in ("title", "summary", "keywords"):
        assert ACHIEVEMENT_TEXTS[name] in original


def test_the_machine_label_names_the_source_language_in_the_readers_interface(client, translated):
    html = client.get(f"/en/achievements/{translated.pk}/").content.decode()
    assert notes(html) == []  # English readers read the original: no label

    with_ru = client.get(f"/ru/achievements/{translated.pk}/").content.decode()
    assert notes(with_ru) == ["machine"]
    assert "translation-toggle-show" in with_ru


def test_a_verified_translation_carries_the_verified_label(client, translated, researcher):
    for field, text in (("title", SPANISH_TITLE), ("summary", "Purifica 500 litros por hora."), ("description", "X")):
        translation_save_human(obj=translated, field=field, language="es", text=text, user=researcher)
    translation_save_human(obj=translated, field="keywords", language="es", text="agua, solar", user=researcher)

    html = client.get(f"/es/achievements/{translated.pk}/").content.decode()

    assert SPANISH_TITLE in html
    assert notes(html) == ["verified"]
    assert "translation-note-machine" not in html


def test_mixed_versions_get_one_label_per_kind(client, translated, researcher):
    translation_save_human(obj=translated, field="title", language="es", text=SPANISH_TITLE, user=researcher)

    html = client.get(f"/es/achievements/{translated.pk}/").content.decode()

    # The title is verified; summary, description and keywords are still the machine's.
    assert notes(html) == ["verified", "machine"]


def test_a_language_without_a_version_yet_shows_the_original_with_a_discreet_note(client, researcher):
    achievement = AchievementFactory(published=True, owner=researcher, title_en=TITLE)  # written before any engine ran

    html = client.get(f"/ar/achievements/{achievement.pk}/").content.decode()

    assert f'lang="en" dir="auto">{TITLE}</h1>' in html
    assert notes(html) == ["fallback"]
    assert "<details" not in html.split('<div class="row g-4">', 1)[1].split("</article>", 1)[0]


def test_text_in_the_readers_language_as_written_has_no_label(client, researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(
            researcher,
            language="es",
            texts={"title": SPANISH_TITLE, "summary": "Purifica agua.", "description": "", "keywords": ""},
        )
    publish(achievement)

    html = client.get(f"/es/achievements/{achievement.pk}/").content.decode()

    assert f'lang="es" dir="auto">{SPANISH_TITLE}</h1>' in html
    assert notes(html) == []


def test_a_demand_page_labels_its_translated_title_and_description(
    client, enterprise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demand = write_demand(enterprise, title="Cheap solar pumps", description="For 200 farms.")
    publish(demand)

    html = client.get(f"/zh-hans/demands/{demand.pk}/").content.decode()

    assert "[zh-hans] Cheap solar pumps" in html
    assert notes(html) == ["machine"]
    assert "For 200 farms." in html.split('<div class="translation-original">', 1)[1]


def test_an_institution_page_labels_its_name_and_description(client, db):
    institution = InstitutionFactory(source_language="en", name_en="Lake Institute", description_en="We study lakes.")
    translation_save_human(obj=institution, field="name", language="fr", text="Institut du lac", user=StaffFactory())

    html = client.get(f"/fr/institutions/{institution.slug}/").content.decode()

    assert '<h1 lang="fr" dir="auto">Institut du lac</h1>' in html
    assert notes(html) == ["verified", "fallback"]  # the description has no French version yet
    assert 'lang="en" dir="auto">We study lakes.</div>' in html


def test_list_cards_carry_the_labels(client, translated, researcher):
    translation_save_human(obj=translated, field="title", language="es", text=SPANISH_TITLE, user=researcher)
    untranslated = AchievementFactory(published=True, title_en="Grain dryer", source_language="en")

    html = client.get("/es/achievements/").content.decode()

    assert SPANISH_TITLE in html
    assert "translation-note-compact" in html
    cards = {card.split("</article>")[0] for card in html.split('<article class="card listing-card')[1:]}
    labelled = {
        ("Grain dryer" in card, tuple(notes(card))) for card in cards if "Grain dryer" in card or SPANISH_TITLE in card
    }
    assert labelled == {(True, ("fallback",)), (False, ("verified", "machine"))}
    assert not untranslated.title_es


def _list_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/es/achievements/", "/es/demands/"])
def test_list_pages_read_translation_labels_in_one_query_whatever_the_page_size(
    client, researcher, enterprise, path, django_capture_on_commit_callbacks
):
    def add(count):
        with django_capture_on_commit_callbacks(execute=True):
            for index in range(count):
                if "achievements" in path:
                    publish(write_achievement(researcher, texts={**ACHIEVEMENT_TEXTS, "title": f"Unit {index}"}))
                else:
                    publish(write_demand(enterprise, title=f"Pump {index}", description="For farms."))

    add(2)
    few = _list_queries(client, path)
    add(18)
    many = _list_queries(client, path)

    assert many == few
    assert TranslationRecord.objects.filter(language="es", status=TranslationStatus.DONE).count() >= 20


def test_keywords_are_shown_in_the_readers_language(client, translated):
    html = client.get(f"/fr/achievements/{translated.pk}/").content.decode()
    keywords = html.split('<ul class="list-inline keyword-list mb-0"', 1)[1].split("</ul>", 1)[0]
    assert 'lang="fr"' in keywords
    assert "[fr] water" in keywords


def test_home_cards_say_which_language_a_listing_was_written_in(client, researcher):
    """The home page's newest listings carry the same "Original in …" note as the lists do."""
    AchievementFactory(published=True, owner=researcher, title_en=TITLE)
    DemandFactory(published=True, title_en="Low-cost desalination membranes")

    html = client.get("/ar/").content.decode()

    assert f'lang="en" dir="auto">{TITLE}</a>' in html
    assert 'lang="en" dir="auto">Low-cost desalination membranes</a>' in html
    assert notes(html) == ["fallback", "fallback"]
