"""Saving content schedules its translations on commit; each record is translated once per version of the text."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from achievements.models import Achievement
from marketplace.services import institution_update
from tests.factories import AchievementFactory, InstitutionFactory, MembershipFactory, ResearcherFactory
from tests.translation.listings import ACHIEVEMENT_TEXTS, rewrite_achievement, write_achievement
from translation.models import TranslationRecord, TranslationStatus
from translation.services import translation_run, translations_paused, translations_schedule
from translation.text import source_hash

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

S = TranslationStatus
OTHER_LANGUAGES = 16


def records(obj, **filters):
    return TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, **filters
    )


def test_a_new_achievement_is_translated_into_the_other_16_languages_after_commit(
    researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)

    achievement.refresh_from_db()
    assert records(achievement).count() == 4 * OTHER_LANGUAGES
    assert set(records(achievement).values_list("status", flat=True)) == {S.DONE}
    assert achievement.title_es == "[es] Solar-powered water purification unit"
    assert achievement.summary_zh_hans.startswith("[zh-hans] A compact unit that purifies 500 litres")
    assert achievement.title_ind == "[id] Solar-powered water purification unit"
    assert achievement.title_en == ACHIEVEMENT_TEXTS["title"]  # the author's text is untouched
    record = records(achievement, field="description", language="fr").get()
    assert record.provider == "test"
    assert record.source_hash == source_hash(ACHIEVEMENT_TEXTS["description"])
    assert record.translated_at is not None
    assert (
        achievement.description_fr
        == "[fr] The unit combines a ceramic membrane with ultraviolet light.\n\n[fr] Field tests ran for 18 months."
    )


def test_nothing_is_translated_before_the_save_commits(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        achievement = write_achievement(researcher)

    assert callbacks  # the tasks wait for the commit
    assert set(records(achievement).values_list("status", flat=True)) == {S.PENDING}
    achievement.refresh_from_db()
    assert not achievement.title_es


def test_a_rolled_back_save_schedules_nothing(researcher, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        write_achievement(researcher)
        raise RuntimeError("the request failed after the save")

    assert callbacks == []
    assert not Achievement.objects.exists()
    assert not TranslationRecord.objects.exists()


def test_only_the_changed_field_is_translated_again(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)
    before = {(r.field, r.language): r.translated_at for r in records(achievement)}

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(achievement, researcher, summary="A compact unit that purifies 800 litres per hour.")

    after = {(r.field, r.language): r.translated_at for r in records(achievement)}
    changed = {key[0] for key in after if after[key] != before[key]}
    assert changed == {"summary"}
    achievement.refresh_from_db()
    assert achievement.summary_es == "[es] A compact unit that purifies 800 litres per hour."
    assert achievement.title_es == "[es] Solar-powered water purification unit"


def test_saving_unchanged_text_schedules_nothing(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)

    achievement.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        scheduled = translations_schedule(obj=achievement)

    assert scheduled == []
    assert callbacks == []


def test_running_a_record_twice_writes_it_once(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        achievement = write_achievement(researcher)
    record = records(achievement, field="title", language="ru").get()

    first = translation_run(record_id=record.pk)
    Achievement.objects.filter(pk=achievement.pk).update(title_ru="a reader's proof that nothing is written again")
    second = translation_run(record_id=record.pk)

    assert first.status == second.status == S.DONE
    assert second.attempts == 1
    assert second.translated_at == first.translated_at
    achievement.refresh_from_db()
    assert achievement.title_ru == "a reader's proof that nothing is written again"


def test_a_record_for_text_that_changed_since_is_skipped(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        achievement = write_achievement(researcher)
    record = records(achievement, field="title", language="ar").get()
    # The author's newer text is committed; its own job (scheduled by that save) will translate it.
    Achievement.objects.filter(pk=achievement.pk).update(title_en="Wind-powered desalination unit")

    result = translation_run(record_id=record.pk)

    assert result.status == S.PENDING
    assert result.attempts == 0
    achievement.refresh_from_db()
    assert not achievement.title_ar


def test_a_record_of_a_deleted_object_is_dropped(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        achievement = write_achievement(researcher)
    record = records(achievement, field="title", language="ar").get()
    Achievement.objects.filter(pk=achievement.pk).delete()

    assert translation_run(record_id=record.pk) is None
    assert not TranslationRecord.objects.filter(pk=record.pk).exists()


def test_changing_the_source_language_retranslates_from_the_new_one(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(
            achievement,
            researcher,
            language="es",
            title="Unidad de purificación de agua",
            summary="Purifica 500 litros por hora.",
            description="Membrana cerámica.",
            keywords="agua",
        )

    achievement.refresh_from_db()
    assert not records(achievement, language="es").exists()
    assert achievement.title_es == "Unidad de purificación de agua"
    assert achievement.title_en == "[en] Unidad de purificación de agua"
    assert set(records(achievement).values_list("source_language", flat=True)) == {"es"}


def test_emptying_a_field_removes_its_translations(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(achievement, researcher, keywords="")

    achievement.refresh_from_db()
    assert not records(achievement, field="keywords").exists()
    assert not achievement.keywords_fr
    assert records(achievement, field="title").count() == OTHER_LANGUAGES


def test_a_translation_lost_to_a_concurrent_full_save_is_scheduled_again(
    researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)
    # A full save() of a copy loaded before the translations landed writes empty columns over them.
    Achievement.objects.filter(pk=achievement.pk).update(title_vi="")
    achievement.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        scheduled = translations_schedule(obj=achievement)

    assert len(scheduled) == 1
    achievement.refresh_from_db()
    assert achievement.title_vi == "[vi] Solar-powered water purification unit"


def test_saves_inside_translations_paused_schedule_nothing(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), translations_paused():
        achievement = write_achievement(researcher)

    assert not records(achievement).exists()
    achievement.refresh_from_db()
    assert not achievement.title_es


def test_a_machine_translation_longer_than_its_column_is_cut_at_a_word(researcher, django_capture_on_commit_callbacks):
    title = ("Modular photovoltaic greenhouse roof " * 6).strip()[:200]
    texts = {**ACHIEVEMENT_TEXTS, "title": title}
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher, texts=texts)

    achievement.refresh_from_db()
    translated = achievement.title_zh_hans
    assert len(translated) <= Achievement._meta.get_field("title_zh_hans").max_length
    assert translated.startswith("[zh-hans] Modular photovoltaic")
    assert translated.endswith("…")


def test_an_institution_profile_edit_translates_its_description(django_capture_on_commit_callbacks):
    institution = InstitutionFactory()
    admin = ResearcherFactory()
    MembershipFactory(user=admin, institution=institution, role="admin")

    with django_capture_on_commit_callbacks(execute=True):
        institution_update(
            institution=institution, actor=admin, data={}, description="A university of applied sciences."
        )

    institution.refresh_from_db()
    assert institution.description_pt_br == "[pt-br] A university of applied sciences."
    # A name is a proper noun: only people translate it.
    assert not institution.name_es


def test_objects_saved_without_the_services_are_not_scheduled():
    AchievementFactory()

    assert not TranslationRecord.objects.exists()


def test_a_model_that_is_not_machine_translated_schedules_nothing():
    from marketplace.models import TechnologyField

    assert translations_schedule(obj=TechnologyField.objects.first()) == []


@pytest.mark.parametrize("status", [S.DONE, S.UNAVAILABLE])
def test_a_finished_record_is_not_run_again(researcher, django_capture_on_commit_callbacks, status):
    with django_capture_on_commit_callbacks(execute=False):
        achievement = write_achievement(researcher)
    record = records(achievement, field="title", language="th").get()
    TranslationRecord.objects.filter(pk=record.pk).update(status=status)

    assert translation_run(record_id=record.pk).status == status
    achievement.refresh_from_db()
    assert not achievement.title_th
