"""The "language versions" pages: who may open them, what they show, and a person's edit becoming verified."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from achievements.models import Achievement
from marketplace.models import Institution, MembershipRole
from tests.factories import EnterpriseFactory, InstitutionFactory, MembershipFactory, ResearcherFactory, StaffFactory
from tests.translation.listings import ACHIEVEMENT_TEXTS, rewrite_achievement, write_achievement
from translation.models import TranslationRecord, TranslationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in")]

S = TranslationStatus
SPANISH_TITLE = "Unidad de purificación de agua con energía solar"


def record(obj, field, language) -> TranslationRecord:
    return TranslationRecord.objects.get(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, field=field, language=language
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def achievement(member, institution, django_capture_on_commit_callbacks):
    """A draft of the researcher (a member of ``institution``), machine-translated by the stand-in engine."""
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(member)
    Achievement.objects.filter(pk=achievement.pk).update(institution=institution)
    achievement.refresh_from_db()
    return achievement


def overview(achievement) -> str:
    return f"/en/translations/achievement/{achievement.pk}/"


def edit(achievement, language="es") -> str:
    return f"/en/translations/achievement/{achievement.pk}/{language}/"


def form_data(achievement, language="es", **changes) -> dict:
    """What the page posts when nothing is touched, with ``changes`` applied."""
    data = {name: achievement.text(name, language) for name in ACHIEVEMENT_TEXTS}
    return {**data, **changes}


# --- who may open them ------------------------------------------------------------------------------------------


def test_the_owner_sees_the_seventeen_languages_with_their_status(researcher_client, achievement):
    html = researcher_client.get(overview(achievement)).content.decode()

    assert html.count('<th scope="row">') == 17
    assert html.count("translation-status-source") == 4  # English: the four fields as written
    assert html.count("translation-status-done") == 16 * 4
    assert f'href="/en/translations/achievement/{achievement.pk}/zh-hans/"' in html
    assert f'href="/en/achievements/{achievement.pk}/edit/"' in html


def test_the_overview_shows_verified_pending_failed_and_unavailable_records(researcher_client, achievement):
    TranslationRecord.objects.filter(pk=record(achievement, "title", "ru").pk).update(status=S.PENDING)
    TranslationRecord.objects.filter(pk=record(achievement, "title", "ar").pk).update(status=S.FAILED, error="HTTP 503")
    TranslationRecord.objects.filter(pk=record(achievement, "title", "am").pk).update(status=S.UNAVAILABLE)
    researcher_client.post(edit(achievement), form_data(achievement, title=SPANISH_TITLE))

    html = researcher_client.get(overview(achievement)).content.decode()

    for status in ("verified", "pending", "failed", "unavailable"):
        assert html.count(f"translation-status-{status}") == 1, status
    assert 'title="HTTP 503"' in html


@pytest.mark.parametrize("who", ["staff", "institution_admin"])
def test_staff_and_the_institutions_admins_may_edit_the_versions(who, achievement, institution):
    if who == "staff":
        user = StaffFactory()
    else:
        user = ResearcherFactory()
        MembershipFactory(user=user, institution=institution, role=MembershipRole.ADMIN)
    client = client_for(user)

    assert client.get(overview(achievement)).status_code == 200
    response = client.post(edit(achievement), form_data(achievement, title=SPANISH_TITLE))

    assert response.status_code == 302
    assert record(achievement, "title", "es").verified_by == user


def test_other_users_get_a_404_and_change_nothing(achievement):
    stranger = client_for(EnterpriseFactory())

    assert stranger.get(overview(achievement)).status_code == 404
    assert stranger.get(edit(achievement)).status_code == 404
    assert stranger.post(edit(achievement), form_data(achievement, title="Hacked")).status_code == 404
    achievement.refresh_from_db()
    assert achievement.title_es == f"[es] {ACHIEVEMENT_TEXTS['title']}"


def test_anonymous_visitors_are_sent_to_sign_in(client, achievement):
    response = client.get(overview(achievement))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_kinds_objects_and_languages_are_404(researcher_client, achievement):
    assert researcher_client.get(f"/en/translations/bid/{achievement.pk}/").status_code == 404
    assert researcher_client.get(f"/en/translations/achievement/{achievement.pk + 99}/").status_code == 404
    assert researcher_client.get(edit(achievement, "xx")).status_code == 404


def test_institution_versions_are_for_its_admins_not_its_members(institution, researcher, member):
    admin = ResearcherFactory()
    MembershipFactory(user=admin, institution=institution, role=MembershipRole.ADMIN)
    url = f"/en/translations/institution/{institution.pk}/fr/"

    assert client_for(member).get(url).status_code == 404
    response = client_for(admin).post(url, {"name": "Institut de technologie", "description": ""})

    assert response.status_code == 302
    assert Institution.objects.get(pk=institution.pk).name_fr == "Institut de technologie"
    assert record(institution, "name", "fr").status == S.VERIFIED


def test_the_owner_panel_links_to_the_versions_only_for_those_who_may_edit(client, researcher_client, achievement):
    Achievement.objects.filter(pk=achievement.pk).update(state="published")
    link = f'href="/en/translations/achievement/{achievement.pk}/"'

    assert link in researcher_client.get(f"/en/achievements/{achievement.pk}/").content.decode()
    assert link not in client.get(f"/en/achievements/{achievement.pk}/").content.decode()


def test_the_institution_page_links_to_its_versions_for_its_admins(client, db):
    institution = InstitutionFactory()
    staff = client_for(StaffFactory())
    link = f'href="/en/translations/institution/{institution.pk}/"'

    assert link in staff.get(f"/en/institutions/{institution.slug}/").content.decode()
    assert link not in client.get(f"/en/institutions/{institution.slug}/").content.decode()


# --- a person's edit --------------------------------------------------------------------------------------------


def test_a_changed_field_is_saved_as_the_persons_verified_version(researcher_client, researcher, achievement):
    response = researcher_client.post(edit(achievement), form_data(achievement, title=f"  {SPANISH_TITLE} "))

    assert response.status_code == 302
    assert response["Location"] == overview(achievement)
    achievement.refresh_from_db()
    assert achievement.title_es == SPANISH_TITLE
    saved = record(achievement, "title", "es")
    assert (saved.status, saved.verified_by) == (S.VERIFIED, researcher)
    # The fields the person did not touch stay the machine's.
    assert record(achievement, "summary", "es").status == S.DONE


def test_an_unchanged_machine_text_is_verified_only_when_ticked_as_checked(researcher_client, achievement):
    researcher_client.post(edit(achievement), form_data(achievement))
    assert record(achievement, "summary", "es").status == S.DONE

    researcher_client.post(edit(achievement), {**form_data(achievement), "summary__confirm": "on"})

    assert record(achievement, "summary", "es").status == S.VERIFIED
    assert record(achievement, "title", "es").status == S.DONE


def test_the_form_shows_the_original_beside_each_field(researcher_client, achievement):
    html = researcher_client.get(edit(achievement, "ar")).content.decode()

    assert f'lang="en" dir="auto">{ACHIEVEMENT_TEXTS["summary"]}</div>' in html
    assert 'name="title" value="[ar] Solar-powered water purification unit" lang="ar" dir="auto"' in html
    assert 'name="title__confirm"' in html


def test_the_source_language_is_edited_through_the_listing_form(researcher_client, achievement):
    response = researcher_client.get(edit(achievement, "en"))
    assert response.status_code == 302
    assert response["Location"] == f"/en/achievements/{achievement.pk}/edit/"


def test_a_too_long_text_saves_nothing(researcher_client, achievement):
    response = researcher_client.post(
        edit(achievement), form_data(achievement, title="x" * 201, summary="Resumen revisado.")
    )

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    achievement.refresh_from_db()
    assert achievement.summary_es == f"[es] {ACHIEVEMENT_TEXTS['summary']}"
    assert record(achievement, "summary", "es").status == S.DONE


def test_clearing_a_version_is_refused_and_saves_nothing(researcher_client, achievement):
    response = researcher_client.post(edit(achievement), form_data(achievement, summary="Resumen revisado.", title=""))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    achievement.refresh_from_db()
    assert achievement.summary_es == f"[es] {ACHIEVEMENT_TEXTS['summary']}"
    assert record(achievement, "summary", "es").status == S.DONE


def test_a_verified_version_survives_a_save_of_unchanged_source_but_not_a_new_source(
    researcher_client, researcher, achievement, django_capture_on_commit_callbacks
):
    researcher_client.post(edit(achievement), form_data(achievement, title=SPANISH_TITLE))

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(achievement, researcher, summary="Purifies 800 litres per hour.")
    achievement.refresh_from_db()
    assert achievement.title_es == SPANISH_TITLE
    assert record(achievement, "title", "es").status == S.VERIFIED

    with django_capture_on_commit_callbacks(execute=True):
        rewrite_achievement(achievement, researcher, title="Solar water purifier, second generation")
    achievement.refresh_from_db()
    assert achievement.title_es == "[es] Solar water purifier, second generation"
    assert record(achievement, "title", "es").status == S.DONE
