"""A person's version of a text is verified, and no machine translation of the same source text replaces it."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from achievements.models import Achievement
from marketplace.errors import MarketplaceError, NotFound
from tests.factories import EnterpriseFactory
from tests.translation.listings import ACHIEVEMENT_TEXTS, rewrite_achievement, write_achievement
from translation.models import TranslationRecord, TranslationStatus
from translation.services import translation_rerun, translation_run, translation_save_human, translations_schedule
from translation.text import source_hash

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

S = TranslationStatus
HUMAN_TITLE = "Unidad de purificación de agua con energía solar"


def record(obj, field, language):
    return TranslationRecord.objects.get(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, field=field, language=language
    )


@pytest.fixture
def translated(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)
    achievement.refresh_from_db()
    return achievement


def test_a_human_edit_is_stored_and_marked_verified(translated, researcher):
    saved = translation_save_human(
        obj=translated, field="title", language="es", text=f"  {HUMAN_TITLE} ", user=researcher
    )

    assert saved.status == S.VERIFIED
    assert saved.verified_by == researcher
    assert saved.source_hash == source_hash(ACHIEVEMENT_TEXTS["title"])
    assert Achievement.objects.get(pk=translated.pk).title_es == HUMAN_TITLE


def test_a_verified_translation_survives_saves_of_unchanged_source_text(
    translated, researcher, django_capture_on_commit_callbacks
):
    translation_save_human(obj=translated, field="title", language="es", text=HUMAN_TITLE, user=researcher)

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(translated, researcher, summary="Purifies 800 litres per hour.")
        translations_schedule(obj=Achievement.objects.get(pk=translated.pk))

    translated.refresh_from_db()
    assert translated.title_es == HUMAN_TITLE
    assert record(translated, "title", "es").status == S.VERIFIED


def test_a_verified_translation_is_not_overwritten_by_a_job_still_in_flight(translated, researcher):
    # A machine job for this record was queued before the person saved their version, and runs afterwards.
    TranslationRecord.objects.filter(pk=record(translated, "title", "fr").pk).update(status=S.PENDING)
    translation_save_human(obj=translated, field="title", language="fr", text="Unité solaire", user=researcher)

    result = translation_run(record_id=record(translated, "title", "fr").pk)

    assert result.status == S.VERIFIED
    assert Achievement.objects.get(pk=translated.pk).title_fr == "Unité solaire"


def test_the_admin_rerun_leaves_verified_translations_alone(translated, researcher, django_capture_on_commit_callbacks):
    translation_save_human(obj=translated, field="title", language="fr", text="Unité solaire", user=researcher)
    ids = [record(translated, "title", "fr").pk, record(translated, "title", "ru").pk]

    with django_capture_on_commit_callbacks(execute=True):
        count = translation_rerun(record_ids=ids)

    assert count == 1
    assert Achievement.objects.get(pk=translated.pk).title_fr == "Unité solaire"


def test_a_changed_source_text_is_translated_again_over_the_old_verified_version(
    translated, researcher, django_capture_on_commit_callbacks
):
    translation_save_human(obj=translated, field="title", language="es", text=HUMAN_TITLE, user=researcher)

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(translated, researcher, title="Wind-powered water purification unit")

    translated.refresh_from_db()
    assert translated.title_es == "[es] Wind-powered water purification unit"
    again = record(translated, "title", "es")
    assert again.status == S.DONE
    assert again.verified_by is None


def test_staff_may_edit_any_translation_and_strangers_may_not(translated, staff):
    translation_save_human(obj=translated, field="summary", language="ru", text="Компактная установка.", user=staff)
    assert record(translated, "summary", "ru").verified_by == staff

    with pytest.raises(NotFound):
        translation_save_human(obj=translated, field="summary", language="ru", text="x", user=EnterpriseFactory())


@pytest.mark.parametrize(
    ("field", "language", "text", "error"),
    [
        ("title", "en", "Another original", MarketplaceError),  # the source language is the author's text
        ("trl", "es", "6", MarketplaceError),
        ("title", "de", "Solareinheit", MarketplaceError),
        ("title", "es", "   ", ValidationError),
        ("title", "es", "x" * 201, ValidationError),
    ],
)
def test_invalid_human_edits_are_refused_and_change_nothing(translated, researcher, field, language, text, error):
    before = Achievement.objects.filter(pk=translated.pk).values().get()

    with pytest.raises(error):
        translation_save_human(obj=translated, field=field, language=language, text=text, user=researcher)

    assert Achievement.objects.filter(pk=translated.pk).values().get() == before
