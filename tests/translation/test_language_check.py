"""The declared source language is checked offline with lingua; a confident mismatch is flagged to staff."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from achievements.models import Achievement
from tests.translation.listings import rewrite_achievement, write_achievement, write_demand
from translation.detection import language_mismatch
from translation.models import LanguageFlag
from translation.services import source_language_check

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

SPANISH = {
    "title": "Unidad de purificación de agua con energía solar",
    "summary": "Una unidad compacta que purifica quinientos litros de agua de río por hora usando solo energía solar.",
    "description": "Membrana cerámica y luz ultravioleta.",
    "keywords": "agua, energía solar",
}


def flags(obj):
    return LanguageFlag.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def test_text_in_another_language_than_declared_is_flagged_and_still_saved(
    researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher, texts=SPANISH, language="en")

    flag = flags(achievement).get()
    assert (flag.declared_language, flag.detected_language) == ("en", "es")
    assert flag.confidence >= 0.8
    assert not flag.resolved
    saved = Achievement.objects.get(pk=achievement.pk)
    assert saved.source_language == "en"  # the declared language stays until a person decides
    assert saved.title_en == SPANISH["title"]


def test_text_in_its_declared_language_is_not_flagged(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher, texts=SPANISH, language="es")

    assert not flags(achievement).exists()


def test_fixing_the_declared_language_clears_the_open_flag(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher, texts=SPANISH, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(achievement, researcher, language="es", **SPANISH)

    assert not flags(achievement).exists()


def test_a_mismatch_staff_already_resolved_is_not_raised_again(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher, texts=SPANISH, language="en")
    flags(achievement).update(resolved=True)

    source_language_check(obj=Achievement.objects.get(pk=achievement.pk))

    assert flags(achievement).get().resolved


def test_indonesian_declared_for_indonesian_text_is_not_flagged_as_malay(
    enterprise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demand = write_demand(
            enterprise,
            title="Teknologi pengolahan limbah cair pabrik kelapa sawit",
            description="Kami membutuhkan sistem yang dapat mengurangi kadar minyak dalam air limbah sebelum dibuang.",
            language="id",
        )

    assert not flags(demand).exists()


@pytest.mark.parametrize(
    ("text", "declared"),
    [
        ("Solar", "es"),  # too short to judge
        ("A compact unit that purifies river water using only solar energy.", "am"),  # lingua has no Amharic
    ],
)
def test_texts_the_detector_cannot_judge_are_not_flagged(text, declared):
    assert language_mismatch(text, declared) is None


def test_russian_text_declared_as_english_is_detected():
    detected, confidence = language_mismatch("Компактная установка для очистки речной воды солнечной энергией.", "en")

    assert detected == "ru"
    assert confidence > 0.9
