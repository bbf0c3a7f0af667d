"""Many objects saved together (a bulk import) schedule their translations in bulk: few jobs, the same outcome."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from achievements.models import Achievement
from tests.factories import AchievementFactory
from tests.translation.test_failures import engine_down  # noqa: F401 - the fixture: an engine that is down
from translation.models import TranslationRecord, TranslationStatus
from translation.services import RECORDS_PER_JOB, translations_schedule_many
from translation.tasks import MAX_RETRIES

pytestmark = pytest.mark.django_db

S = TranslationStatus


def records(*objs):
    return TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Achievement), object_id__in=[obj.pk for obj in objs]
    )


@pytest.mark.usefixtures("stand_in")
def test_many_achievements_are_translated_by_a_few_jobs_after_commit(django_capture_on_commit_callbacks):
    listings = AchievementFactory.create_batch(3)

    with django_capture_on_commit_callbacks() as callbacks:
        scheduled = translations_schedule_many(objs=listings)
    # 3 listings x 4 texts = 12 records per language: one job per language, and one language check for all.
    assert (scheduled, len(callbacks)) == (3 * 64, 16 + 1)
    assert set(records(*listings).values_list("status", flat=True)) == {S.PENDING}

    with django_capture_on_commit_callbacks(execute=True):  # the jobs' own on-commit work runs too
        for callback in callbacks:
            callback()

    assert set(records(*listings).values_list("status", flat=True)) == {S.DONE}
    listing = Achievement.objects.get(pk=listings[1].pk)
    assert listing.title_es == f"[es] {listings[1].title_en}"


@pytest.mark.usefixtures("stand_in")
def test_a_second_schedule_of_unchanged_texts_schedules_nothing(django_capture_on_commit_callbacks):
    listings = AchievementFactory.create_batch(2)
    with django_capture_on_commit_callbacks():
        translations_schedule_many(objs=listings)

    with django_capture_on_commit_callbacks() as callbacks:
        assert translations_schedule_many(objs=listings) == 0
    assert callbacks == []


@pytest.mark.usefixtures("stand_in")
def test_jobs_hold_at_most_records_per_job_of_one_language(django_capture_on_commit_callbacks):
    listings = AchievementFactory.create_batch(RECORDS_PER_JOB // 4 + 1)  # 4 texts each: one record too many per job

    with django_capture_on_commit_callbacks() as callbacks:
        translations_schedule_many(objs=listings)

    assert len(callbacks) == 2 * 16 + 1


@pytest.mark.usefixtures("engine_down")
def test_a_record_whose_engine_fails_goes_on_alone_with_its_retries(django_capture_on_commit_callbacks):
    listing = AchievementFactory()

    with django_capture_on_commit_callbacks(execute=True):
        translations_schedule_many(objs=[listing])

    failed = records(listing)
    assert failed.count() == 64
    assert set(failed.values_list("status", flat=True)) == {S.FAILED}
    # Once in its language's job, then on its own: the first try and every retry.
    assert failed.get(field="title", language="es").attempts == 1 + MAX_RETRIES + 1


def test_new_records_are_pending_with_their_source(django_capture_on_commit_callbacks):
    first, second = AchievementFactory.create_batch(2)
    with django_capture_on_commit_callbacks():
        translations_schedule_many(objs=[first, second])

    assert records(first, second).count() == 2 * 64
    made = records(first).get(field="summary", language="zh-hans")
    assert (made.status, made.source_language, made.attempts, made.provider, made.error) == (S.PENDING, "en", 0, "", "")
    assert made.source_hash and made.created_at and made.updated_at and made.verified_by is None


def test_a_record_made_meanwhile_by_a_concurrent_save_is_kept():
    from translation.services.scheduling import _insert_records

    listing = AchievementFactory()
    content_type = ContentType.objects.get_for_model(Achievement)
    theirs = TranslationRecord.objects.create(
        content_type=content_type, object_id=listing.pk, field="title", language="fr", source_hash="theirs"
    )

    _insert_records(
        content_type, [(listing.pk, "title", "fr", "en", "ours"), (listing.pk, "title", "es", "en", "ours")]
    )

    assert dict(records(listing).values_list("language", "source_hash")) == {"fr": "theirs", "es": "ours"}
    assert records(listing).get(language="fr").pk == theirs.pk
