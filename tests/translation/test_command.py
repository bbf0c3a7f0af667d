"""`manage.py translate_missing`: backfills what has no finished translation, by language and model, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from achievements.models import Achievement
from demands.models import Demand
from tests.factories import InstitutionFactory
from tests.translation.listings import ACHIEVEMENT_TEXTS, write_achievement, write_demand
from translation.models import TranslationRecord, TranslationStatus
from translation.providers.base import forget_cached_pairs
from translation.services import translation_save_human, translations_paused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

S = TranslationStatus


@pytest.fixture
def untranslated(researcher, enterprise):
    """Listings saved while translations were paused (as the demo data is): no record, no translated column."""
    with translations_paused():
        achievements = [
            write_achievement(researcher, texts={**ACHIEVEMENT_TEXTS, "title": f"Unit {index}"}) for index in range(3)
        ]
        demand = write_demand(enterprise, title="Cheap solar pumps", description="For 200 farms.")
    assert not TranslationRecord.objects.exists()
    return achievements, demand


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the command as `manage.py` would (its jobs run in-process: Celery is eager here); returns stdout."""

    def run_command(*args) -> str:
        out, err = StringIO(), StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("translate_missing", *args, stdout=out, stderr=err)
        run_command.stderr = err.getvalue()
        return out.getvalue()

    return run_command


def records_of(obj):
    return TranslationRecord.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def test_it_translates_every_field_of_every_object_into_every_other_language(untranslated, run):
    achievements, demand = untranslated

    out = run()

    assert "for 4 objects" in out
    for achievement in achievements:
        assert records_of(achievement).filter(status=S.DONE).count() == 4 * 16
        achievement.refresh_from_db()
        assert achievement.title_zh_hans == f"[zh-hans] {achievement.title_en}"
    assert records_of(demand).filter(status=S.DONE).count() == 2 * 16
    assert "4/4 objects" in run.stderr  # the progress line


def test_running_it_again_does_nothing(untranslated, run):
    run()
    before = list(TranslationRecord.objects.order_by("pk").values_list("pk", "status", "updated_at", "attempts"))

    out = run()

    assert "Nothing to translate" in out
    assert (
        list(TranslationRecord.objects.order_by("pk").values_list("pk", "status", "updated_at", "attempts")) == before
    )


def test_lang_limits_the_target_languages(untranslated, run):
    achievements, _demand = untranslated

    run("--lang", "es", "pt-br")

    assert set(TranslationRecord.objects.values_list("language", flat=True)) == {"es", "pt-br"}
    achievements[0].refresh_from_db()
    assert achievements[0].title_es == "[es] Unit 0"
    assert not achievements[0].title_fr
    # The rest comes with a later run without --lang.
    assert "for 4 objects" in run()
    assert TranslationRecord.objects.filter(status=S.DONE).count() == 3 * 4 * 16 + 2 * 16


def test_model_limits_the_models(untranslated, run):
    _achievements, demand = untranslated
    InstitutionFactory()

    run("--model", "demands.Demand")

    assert set(TranslationRecord.objects.values_list("object_id", "content_type__model").distinct()) == {
        (demand.pk, "demand")
    }


def test_dry_run_counts_without_scheduling(untranslated, run):
    out = run("--dry-run", "--lang", "es")

    assert "14 translations would be sent (14 new, 0 again) for 4 objects" in out
    assert not TranslationRecord.objects.exists()


def test_failed_and_interrupted_translations_are_sent_again_verified_ones_never(untranslated, run, researcher):
    achievements, _demand = untranslated
    run()
    first = achievements[0]
    records = records_of(first)
    records.filter(field="title", language="ru").update(status=S.FAILED, error="HTTP 503")
    records.filter(field="title", language="ar").update(status=S.PENDING)  # left by an interrupted run
    Achievement.objects.filter(pk=first.pk).update(title_ru=None, title_ar=None)
    translation_save_human(obj=first, field="title", language="es", text="Unidad 0", user=researcher)

    out = run()

    assert "2 translations sent to the engines (0 new, 2 again) for 1 objects" in out
    first.refresh_from_db()
    assert (first.title_ru, first.title_ar, first.title_es) == ("[ru] Unit 0", "[ar] Unit 0", "Unidad 0")
    assert records.get(field="title", language="es").status == S.VERIFIED


def test_pairs_no_engine_serves_are_retried_only_once_an_engine_serves_them(untranslated, run, settings):
    settings.TRANSLATION_PROVIDERS = []  # no engine at all: every pair is "unavailable"
    forget_cached_pairs()
    run("--lang", "es")
    assert set(TranslationRecord.objects.values_list("status", flat=True)) == {S.UNAVAILABLE}

    assert "Nothing to translate" in run("--lang", "es")

    settings.TRANSLATION_PROVIDERS = ["test"]
    out = run("--lang", "es")
    assert "14 translations sent to the engines (0 new, 14 again)" in out
    assert set(TranslationRecord.objects.values_list("status", flat=True)) == {S.DONE}


def test_a_changed_source_text_is_translated_again(untranslated, run):
    achievements, _demand = untranslated
    run("--lang", "fr")
    with translations_paused():
        Achievement.objects.filter(pk=achievements[1].pk).update(title_en="Unit one, revised")

    out = run("--lang", "fr")

    assert "1 translations sent to the engines (1 new, 0 again) for 1 objects" in out
    assert Achievement.objects.get(pk=achievements[1].pk).title_fr == "[fr] Unit one, revised"


def test_unknown_languages_and_models_are_refused(run, db):
    with pytest.raises(CommandError, match="Unknown language"):
        run("--lang", "xx")
    with pytest.raises(CommandError, match="Unknown model"):
        run("--model", "achievements.Nope")
    with pytest.raises(CommandError, match="not machine-translated"):
        run("--model", "marketplace.TechnologyField")


def test_objects_without_text_in_a_field_are_skipped(researcher, run):
    with translations_paused():
        achievement = write_achievement(researcher, texts={**ACHIEVEMENT_TEXTS, "description": "", "keywords": ""})

    run("--lang", "es", "--batch-size", "1")

    assert set(records_of(achievement).values_list("field", flat=True)) == {"title", "summary"}
    assert not Demand.objects.exists()


def test_served_only_creates_no_records_for_languages_no_engine_serves(untranslated, run, settings):
    settings.TRANSLATION_PROVIDERS = []
    forget_cached_pairs()

    assert "Nothing to translate" in run("--served-only")
    assert "No translation engine is set up" in run.stderr
    assert not TranslationRecord.objects.exists()

    settings.TRANSLATION_PROVIDERS = ["test"]
    run("--served-only", "--wait", "5")
    assert TranslationRecord.objects.filter(status=S.DONE).count() == 3 * 4 * 16 + 2 * 16
