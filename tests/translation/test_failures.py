"""An engine that is down or missing never costs the author their text, and leaves an honest record."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from achievements.models import Achievement
from tests.translation.conftest import _free_port
from tests.translation.listings import ACHIEVEMENT_TEXTS, write_achievement
from translation.models import TranslationRecord, TranslationStatus
from translation.providers.base import forget_cached_pairs
from translation.tasks import MAX_RETRIES

pytestmark = pytest.mark.django_db

S = TranslationStatus


def records(obj):
    return TranslationRecord.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


@pytest.fixture
def engine_down(settings):
    """Apertium configured at a loopback port where nothing listens: every request is refused."""
    settings.TRANSLATION_PROVIDERS = ["apertium"]
    settings.APERTIUM_URL = f"http://127.0.0.1:{_free_port()}"
    forget_cached_pairs()
    return settings.APERTIUM_URL


def test_an_engine_that_is_down_fails_the_records_after_the_retries_and_the_listing_is_saved(
    researcher, engine_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)

    achievement = Achievement.objects.get(pk=achievement.pk)
    assert achievement.title_en == ACHIEVEMENT_TEXTS["title"]
    assert not achievement.title_es
    assert achievement.text("title", "es") == ACHIEVEMENT_TEXTS["title"]  # readers get the original meanwhile
    failed = records(achievement)
    assert failed.count() == 64
    assert set(failed.values_list("status", flat=True)) == {S.FAILED}
    record = failed.get(field="title", language="es")
    assert record.attempts == MAX_RETRIES + 1
    assert engine_down in record.error
    assert "ConnectError" in record.error or "refused" in record.error.lower()


def test_a_language_pair_no_engine_serves_is_marked_unavailable_without_retries(
    researcher, settings, django_capture_on_commit_callbacks
):
    settings.TRANSLATION_PROVIDERS = []

    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)

    statuses = set(records(achievement).values_list("status", flat=True))
    assert statuses == {S.UNAVAILABLE}
    record = records(achievement).get(field="summary", language="sw")
    assert record.attempts == 1
    assert record.provider == ""
    assert "en → sw" in record.error
