"""Machine translation in the staff's admin: the queue, its re-run action, coverage, mismatches, and verified edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from achievements.models import Achievement
from marketplace.models import Institution
from tests.admin.test_moderation_admin import admin_form_data
from tests.factories import InstitutionFactory
from tests.translation.listings import ACHIEVEMENT_TEXTS, write_achievement, write_demand
from translation.admin import TranslationRecordAdmin
from translation.models import LanguageFlag, TranslationRecord, TranslationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

S = TranslationStatus
QUEUE = reverse("admin:translation_translationrecord_changelist")
FLAGS = reverse("admin:translation_languageflag_changelist")


def record(obj, field, language) -> TranslationRecord:
    return TranslationRecord.objects.get(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, field=field, language=language
    )


def set_status(obj, field, language, status, **changes) -> TranslationRecord:
    found = record(obj, field, language)
    TranslationRecord.objects.filter(pk=found.pk).update(status=status, **changes)
    found.refresh_from_db()
    return found


def shown(response) -> list[TranslationRecord]:
    return list(response.context["cl"].result_list)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def translated(researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher)
    achievement.refresh_from_db()
    return achievement


@pytest.fixture
def queue_states(translated):
    """One record in each state that matters to the queue; every other record of the achievement stays "done"."""
    TranslationRecord.objects.exclude(field="title").delete()
    old = timezone.now() - timedelta(minutes=30)
    return {
        "failed": set_status(translated, "title", "ru", S.FAILED, error="HTTP 503 from the engine " * 10),
        "unavailable": set_status(translated, "title", "am", S.UNAVAILABLE, provider=""),
        "stale": set_status(translated, "title", "ar", S.PENDING, updated_at=old),
        "fresh": set_status(translated, "title", "fa", S.PENDING),
        "verified": set_status(translated, "title", "es", S.VERIFIED),
        "done": record(translated, "title", "fr"),
    }


# --- the queue --------------------------------------------------------------------------------------------------


def test_the_queue_opens_on_what_needs_attention_most_urgent_first(staff_client, queue_states):
    response = staff_client.get(QUEUE)

    assert response.status_code == 200
    listed = shown(response)
    assert listed[:3] == [queue_states["failed"], queue_states["unavailable"], queue_states["stale"]]
    assert queue_states["done"] in listed
    assert queue_states["fresh"] not in listed  # a job just queued is not a problem yet
    assert queue_states["verified"] not in listed
    html = response.content.decode()
    assert "Needs attention" in html
    assert "HTTP 503 from the engine" in html and "…" in html  # the error, shortened
    assert f"/admin/achievements/achievement/{queue_states['done'].object_id}/change/" in html


def test_the_queue_filters_by_status_language_provider_and_content_type(
    staff_client, queue_states, enterprise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demand = write_demand(enterprise, title="Cheap solar pumps", description="For farms.")
    demand_type = ContentType.objects.get_for_model(type(demand))

    assert shown(staff_client.get(QUEUE, {"queue": "verified"})) == [queue_states["verified"]]
    assert len(shown(staff_client.get(QUEUE, {"queue": "all"}))) == 16 + 2 * 16
    by_language = shown(staff_client.get(QUEUE, {"queue": "all", "language": "ru"}))
    assert {r.language for r in by_language} == {"ru"} and len(by_language) == 3
    assert {r.provider for r in shown(staff_client.get(QUEUE, {"provider": "test"}))} == {"test"}
    by_type = shown(staff_client.get(QUEUE, {"queue": "all", "content_type__id__exact": demand_type.pk}))
    assert {r.object_id for r in by_type} == {demand.pk} and len(by_type) == 32


def test_the_queue_shows_coverage_per_language(staff_client, queue_states):
    response = staff_client.get(QUEUE)

    coverage = {row["language"]: row for row in response.context["coverage"]}
    assert coverage["ru"]["failed"] == 1
    assert coverage["es"]["verified"] == 1
    assert coverage["fr"]["done"] == 1
    assert coverage["en"]["total"] == 0
    html = response.content.decode()
    assert "Coverage per language" in html
    assert html.count("<tr>") >= 17 + 1


def test_the_queue_counts_its_rows_coverage_and_filter_choices_once_until_a_record_changes(staff_client, queue_states):
    def whole_table_reads(queries) -> list[str]:
        return [q["sql"] for q in queries if any(word in q["sql"] for word in ("GROUP BY", "DISTINCT", "COUNT("))]

    with CaptureQueriesContext(connection) as first:
        before = staff_client.get(QUEUE)
    with CaptureQueriesContext(connection) as again:
        response = staff_client.get(QUEUE)
    assert len(whole_table_reads(first)) >= 4  # the queue's count, coverage, engines, kinds of object
    assert whole_table_reads(again) == []
    assert response.context["cl"].result_count == before.context["cl"].result_count
    assert "test" in {choice["display"] for choice in _filter_choices(response, "engine")}

    # Every write of the pipeline and of a person sets updated_at: the next view counts again and shows it.
    set_status(
        translated_of(queue_states), "title", "fr", S.VERIFIED, provider="other-engine", updated_at=timezone.now()
    )
    response = staff_client.get(QUEUE)
    assert response.context["cl"].result_count == before.context["cl"].result_count - 1
    coverage = {row["language"]: row for row in response.context["coverage"]}
    assert coverage["fr"]["verified"] == 1 and coverage["fr"]["done"] == 0
    assert "other-engine" in {choice["display"] for choice in _filter_choices(response, "engine")}


def translated_of(queue_states):
    return queue_states["done"].content_object


def _filter_choices(response, title: str) -> list[dict]:
    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        if str(spec.title) == title:
            return list(spec.choices(changelist))
    raise AssertionError(f"no filter {title!r}")


def test_a_records_priority_follows_its_status_whoever_writes_it(queue_states):
    priorities = {name: TranslationRecord.objects.get(pk=r.pk).priority for name, r in queue_states.items()}
    assert priorities == {"failed": 0, "unavailable": 1, "stale": 2, "fresh": 2, "done": 3, "verified": 4}

    TranslationRecord.objects.filter(pk=queue_states["done"].pk).update(status=S.FAILED)  # no save(), no signal

    assert TranslationRecord.objects.get(pk=queue_states["done"].pk).priority == 0


def test_the_queue_query_count_does_not_grow_with_rows(staff_client, researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        write_achievement(researcher)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(QUEUE, {"queue": "all"})
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(3):
            write_achievement(researcher, texts={**ACHIEVEMENT_TEXTS, "title": f"Unit {index}"})
    with CaptureQueriesContext(connection) as many:
        staff_client.get(QUEUE, {"queue": "all"})

    assert len(many) == len(few)


def test_rerun_sends_selected_records_back_to_the_engine_and_leaves_verified_ones(
    staff_client, queue_states, translated, django_capture_on_commit_callbacks
):
    selected = [queue_states[name].pk for name in ("failed", "unavailable", "verified")]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            QUEUE, {"action": "rerun_selected", ACTION_CHECKBOX_NAME: selected, "index": 0}, follow=True
        )

    assert "2 translations sent back to the engines" in " ".join(messages_of(response))
    for name in ("failed", "unavailable"):
        queue_states[name].refresh_from_db()
        assert queue_states[name].status == S.DONE, name  # the stand-in engine serves every pair
    queue_states["verified"].refresh_from_db()
    assert queue_states["verified"].status == S.VERIFIED
    assert Achievement.objects.get(pk=translated.pk).title_ru == f"[ru] {ACHIEVEMENT_TEXTS['title']}"


def test_records_cannot_be_added_or_edited_by_hand(staff_client, queue_states):
    assert staff_client.get(reverse("admin:translation_translationrecord_add")).status_code == 403
    page = staff_client.get(reverse("admin:translation_translationrecord_change", args=[queue_states["failed"].pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()


# --- source-language mismatches -----------------------------------------------------------------------------------


@pytest.fixture
def flags(translated, researcher, django_capture_on_commit_callbacks):
    achievement_type = ContentType.objects.get_for_model(Achievement)
    with django_capture_on_commit_callbacks(execute=True):
        other = write_achievement(researcher, texts={**ACHIEVEMENT_TEXTS, "title": "Another unit"})
    LanguageFlag.objects.all().delete()
    return [
        LanguageFlag.objects.create(
            content_type=achievement_type,
            object_id=obj.pk,
            declared_language="en",
            detected_language="pt-br",
            confidence=0.93,
            resolved=resolved,
        )
        for obj, resolved in ((translated, False), (other, True))
    ]


def test_mismatches_open_on_the_unresolved_ones(staff_client, flags):
    response = staff_client.get(FLAGS)

    assert shown(response) == [flags[0]]
    html = response.content.decode()
    assert "93%" in html
    assert f"/admin/achievements/achievement/{flags[0].object_id}/change/" in html
    assert set(shown(staff_client.get(FLAGS, {"resolved": "all"}))) == set(flags)
    assert shown(staff_client.get(FLAGS, {"resolved": "yes"})) == [flags[1]]
    assert shown(staff_client.get(FLAGS, {"resolved": "bogus"})) == [flags[0]]  # an unknown value: the open queue


def test_mark_resolved_closes_the_selected_mismatches(staff_client, flags):
    response = staff_client.post(
        FLAGS, {"action": "mark_resolved", ACTION_CHECKBOX_NAME: [flags[0].pk], "index": 0}, follow=True
    )

    assert "1 mismatch(es) marked resolved." in messages_of(response)
    flags[0].refresh_from_db()
    assert flags[0].resolved
    assert shown(staff_client.get(FLAGS)) == []


# --- staff edits of language versions on change pages -------------------------------------------------------------


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_staff_editing_a_language_version_in_admin_makes_it_verified(staff_client, staff, translated):
    data = admin_form_data(staff_client.get(change_url(translated)))
    data.update({"title_es": "Unidad solar de purificación de agua", "_save": "Save"})

    response = staff_client.post(change_url(translated), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = record(translated, "title", "es")
    assert (saved.status, saved.verified_by) == (S.VERIFIED, staff)
    assert record(translated, "summary", "es").status == S.DONE  # untouched columns stay the machine's
    assert Achievement.objects.get(pk=translated.pk).title_es == "Unidad solar de purificación de agua"


def test_staff_changing_the_source_text_in_admin_sends_it_to_the_engines_again(
    staff_client, translated, django_capture_on_commit_callbacks
):
    data = admin_form_data(staff_client.get(change_url(translated)))
    data.update({"title_en": "Solar water purifier", "title_fr": "Purificateur d'eau solaire", "_save": "Save"})

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change_url(translated), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    achievement = Achievement.objects.get(pk=translated.pk)
    assert achievement.title_ru == "[ru] Solar water purifier"
    assert achievement.title_fr == "Purificateur d'eau solaire"  # typed in the same save: verified for the new text
    assert record(translated, "title", "fr").status == S.VERIFIED


def test_staff_editing_an_institutions_name_in_another_language_makes_it_verified(staff_client, db):
    institution = InstitutionFactory(source_language="en", name_en="Lake Institute")
    data = admin_form_data(staff_client.get(change_url(institution)))
    data.update({"name_zh_hans": "湖泊研究所", "_save": "Save"})

    response = staff_client.post(change_url(institution), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Institution.objects.get(pk=institution.pk).name_zh_hans == "湖泊研究所"
    assert record(institution, "name", "zh-hans").status == S.VERIFIED


def test_the_queues_row_checkbox_is_the_html_djangos_widget_renders(queue_states):
    queue = TranslationRecordAdmin(TranslationRecord, admin.site)
    failed = TranslationRecord.objects.select_related("content_type").get(pk=queue_states["failed"].pk)
    failed.field = 'title <b>"&'  # escaped in the label as Django escapes it

    assert queue.action_checkbox(failed) == admin.ModelAdmin.action_checkbox(queue, failed)
