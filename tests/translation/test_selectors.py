"""What a page learns about a translated text: its language, whether a machine wrote it, and the original."""

from __future__ import annotations

import pytest

from achievements.models import Achievement
from tests.translation.listings import ACHIEVEMENT_TEXTS, write_achievement
from translation.models import TranslationStatus
from translation.selectors import translation_coverage, translation_info, translation_infos
from translation.services import translation_save_human

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]


@pytest.fixture
def translated(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)
    return Achievement.objects.get(pk=achievement.pk)


def test_a_machine_translation_is_labelled_with_its_source_language_and_original(translated):
    info = translation_info(obj=translated, field="title", lang="es")

    assert info.text == "[es] Solar-powered water purification unit"
    assert (info.language, info.is_machine, info.is_verified) == ("es", True, False)
    assert info.source_language == "en"
    assert info.original_text == ACHIEVEMENT_TEXTS["title"]


def test_the_original_language_carries_no_label(translated):
    info = translation_info(obj=translated, field="title", lang="en")

    assert (info.text, info.language, info.is_machine, info.is_verified) == (
        ACHIEVEMENT_TEXTS["title"],
        "en",
        False,
        False,
    )


def test_a_language_without_a_translation_yet_shows_the_original(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        achievement = write_achievement(researcher)

    info = translation_info(obj=achievement, field="summary", lang="hi")

    assert info.text == ACHIEVEMENT_TEXTS["summary"]
    assert (info.language, info.is_machine) == ("en", False)


def test_a_human_edit_is_labelled_verified(translated, researcher):
    translation_save_human(obj=translated, field="title", language="fr", text="Unité solaire", user=researcher)
    translated.refresh_from_db()

    info = translation_info(obj=translated, field="title", lang="fr")

    assert (info.text, info.is_machine, info.is_verified) == ("Unité solaire", False, True)


def test_infos_for_a_page_of_listings_take_one_query(translated, researcher, django_assert_num_queries):
    second = write_achievement(researcher)  # not yet translated (its jobs wait for a commit)
    translation_save_human(obj=translated, field="summary", language="fr", text="Unité compacte.", user=researcher)
    objects = list(Achievement.objects.filter(pk__in=[translated.pk, second.pk]))

    with django_assert_num_queries(1):
        infos = translation_infos(objects=objects, fields=["title", "summary"], lang="fr")

    assert infos[(translated.pk, "title")].is_machine
    assert infos[(translated.pk, "summary")].is_verified
    assert infos[(second.pk, "title")].language == "en"
    assert not infos[(second.pk, "title")].is_machine


def test_coverage_counts_each_language_by_status(translated, researcher):
    translation_save_human(obj=translated, field="title", language="fr", text="Unité solaire", user=researcher)

    coverage = {row["language"]: row for row in translation_coverage()}

    assert len(coverage) == 17
    assert coverage["fr"][TranslationStatus.DONE] == 3
    assert coverage["fr"][TranslationStatus.VERIFIED] == 1
    assert coverage["fr"]["total"] == 4
    assert coverage["en"]["total"] == 0
    assert coverage["zh-hans"]["name"] == "Chinese (Simplified)"
