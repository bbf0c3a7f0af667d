from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import AchievementAttachment, IpStatus
from marketplace.models import InstitutionKind, MembershipRole, ModerationAction, ModerationState
from marketplace.services import listing_moderate
from tests.api.conftest import PDF_BYTES, client_for
from tests.factories import (
    AchievementFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    StaffFactory,
    tech_field,
    transfer_mode,
)

LIST_URL = "/api/v1/achievements/"
pytestmark = pytest.mark.django_db


def detail_url(pk) -> str:
    return f"/api/v1/achievements/{pk}/"


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["results"]}


# --- list ------------------------------------------------------------------------------------------------------


def test_list_shows_only_published_achievements(api_client, researcher):
    published = AchievementFactory(published=True)
    hidden = [
        AchievementFactory(owner=researcher, state=state)
        for state in (
            ModerationState.DRAFT,
            ModerationState.SUBMITTED,
            ModerationState.CHANGES_REQUESTED,
            ModerationState.REJECTED,
            ModerationState.ARCHIVED,
        )
    ]

    for client in (api_client, client_for(researcher)):
        response = client.get(LIST_URL)
        assert response.status_code == 200
        assert ids(response) == {published.pk}
    assert all(item.pk not in ids(response) for item in hidden)


def test_list_items_have_the_public_fields(api_client):
    institution = InstitutionFactory(country="CN")
    achievement = AchievementFactory(
        published=True, institution=institution, country="CN", transfer_modes=[transfer_mode("licensing")]
    )

    item = api_client.get(LIST_URL).json()["results"][0]

    assert item["id"] == achievement.pk
    assert item["url"] == f"http://testserver/en/achievements/{achievement.pk}/"
    assert item["title"] == achievement.title_en
    assert item["language"] == "en"
    assert item["source_language"] == "en"
    assert item["keywords"] == ["composite", "bamboo", "construction"]
    assert item["field"] == {"slug": "biomedicine", "name": tech_field("biomedicine").text("name")}
    assert item["country"] == "CN"
    assert item["trl"] == 6
    assert item["ip_status"] == "granted_patent"
    assert item["transfer_modes"] == ["licensing"]
    assert item["price"] == {"negotiable": False, "amount": "250000.00", "currency": "USD"}
    assert item["institution"] == {
        "id": institution.pk,
        "slug": institution.slug,
        "name": institution.name_en,
        "country": "CN",
    }
    assert item["state"] == "published"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("field=renewable-energy", "match"),
        ("country=IN", "match"),
        ("trl_min=8", "match"),
        ("ip_status=pct", "match"),
        ("transfer_mode=equity", "match"),
        ("institution_type=research_institute", "match"),
        ("institution=indian-institute", "match"),
        ("field=renewable-energy&trl_min=9", "match"),
        ("field=renewable-energy&trl_min=10", "error"),
    ],
)
def test_list_filters_like_the_pages(api_client, query, expected):
    institution = InstitutionFactory(slug="indian-institute", kind=InstitutionKind.RESEARCH_INSTITUTE, country="IN")
    match = AchievementFactory(
        published=True,
        field=tech_field("renewable-energy"),
        country="IN",
        trl=9,
        ip_status=IpStatus.PCT,
        institution=institution,
        transfer_modes=[transfer_mode("equity")],
    )
    AchievementFactory(published=True, trl=3, ip_status=IpStatus.NONE, country="BR")

    response = api_client.get(f"{LIST_URL}?{query}")

    if expected == "error":
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert "trl_min" in response.json()["errors"]
    else:
        assert response.status_code == 200
        assert ids(response) == {match.pk}


def test_an_unknown_institution_filter_matches_nothing(api_client):
    AchievementFactory(published=True, institution=InstitutionFactory(slug="known"))

    response = api_client.get(f"{LIST_URL}?institution=no-such-institution")

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert ids(response) == set()


@pytest.mark.parametrize(
    "query", ["field=no-such-field", "trl_min=abc", "country=XX", "ip_status=stolen", "transfer_mode=teleport"]
)
def test_unknown_filter_values_are_400_not_500(api_client, query):
    AchievementFactory(published=True)
    response = api_client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert query.split("=")[0] in body["errors"]


def test_unknown_query_parameters_are_ignored(api_client):
    AchievementFactory(published=True)
    assert api_client.get(f"{LIST_URL}?colour=blue").json()["count"] == 1


def test_list_paginates(api_client):
    AchievementFactory.create_batch(23, published=True)

    first = api_client.get(LIST_URL).json()
    small = api_client.get(f"{LIST_URL}?page_size=5&page=2").json()

    assert first["count"] == 23
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert len(small["results"]) == 5
    assert small["previous"] and small["next"]


@pytest.mark.parametrize("page_number", ["99", "abc", "0", "-1", ""])
def test_a_page_that_does_not_exist_is_404_in_the_error_shape(api_client, page_number):
    AchievementFactory(published=True)
    response = api_client.get(f"{LIST_URL}?page={page_number}")

    assert response.status_code == 404
    assert response.json()["code"] == "invalid_page"


def _count_queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types), which only the first request fills
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_does_not_grow_with_items(api_client, signed_in):
    client = client_for(EnterpriseFactory()) if signed_in else api_client
    institution = InstitutionFactory()
    AchievementFactory.create_batch(
        3, published=True, institution=institution, transfer_modes=[transfer_mode(), transfer_mode("equity")]
    )
    few = _count_queries(client, LIST_URL)
    AchievementFactory.create_batch(
        17, published=True, institution=InstitutionFactory(), transfer_modes=[transfer_mode("assignment")]
    )
    many = _count_queries(client, LIST_URL)

    assert few == many
    assert many <= 6


def test_mine_query_count_does_not_grow_with_items(researcher):
    client = client_for(researcher)
    AchievementFactory.create_batch(3, owner=researcher)
    few = _count_queries(client, f"{LIST_URL}mine/")
    AchievementFactory.create_batch(17, owner=researcher, state=ModerationState.CHANGES_REQUESTED)
    many = _count_queries(client, f"{LIST_URL}mine/")
    assert few == many


# --- retrieve --------------------------------------------------------------------------------------------------


def test_someone_elses_draft_is_404_not_403(api_client, researcher):
    draft = AchievementFactory(owner=researcher)

    for client in (api_client, client_for(EnterpriseFactory())):
        response = client.get(detail_url(draft.pk))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_owner_reads_their_draft_with_its_moderation_history(researcher):
    draft = AchievementFactory(owner=researcher)

    response = client_for(researcher).get(detail_url(draft.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "draft"
    assert body["moderation"] == []


def test_staff_read_any_draft(researcher):
    draft = AchievementFactory(owner=researcher)
    assert client_for(StaffFactory()).get(detail_url(draft.pk)).status_code == 200


def test_published_achievement_is_public_without_editor_fields(api_client):
    achievement = AchievementFactory(published=True, description_en="How it works.")

    body = api_client.get(detail_url(achievement.pk)).json()

    assert body["description"] == "How it works."
    assert body["moderation"] is None
    assert body["contact"] == {"name": "", "email": None, "phone": ""}


@pytest.mark.parametrize("pk", ["abc", "1.5", "99999999999999999999999999", "٣", "0"])
def test_ids_that_are_not_known_numbers_are_404(api_client, pk):
    response = api_client.get(detail_url(pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_moderation_history_and_staff_reason_reach_the_owner(researcher):
    achievement = AchievementFactory(owner=researcher, submitted=True)
    listing_moderate(
        listing=achievement, actor=StaffFactory(), action=ModerationAction.REQUEST_CHANGES, reason="Add the TRL proof."
    )
    client = client_for(researcher)

    detail = client.get(detail_url(achievement.pk)).json()
    mine = client.get(f"{LIST_URL}mine/").json()

    assert detail["moderation"][0]["action"] == "request_changes"
    assert detail["moderation"][0]["reason"] == "Add the TRL proof."
    assert mine["results"][0]["staff_reason"]["reason"] == "Add the TRL proof."


def test_mine_lists_own_and_administered_listings_in_every_state(researcher):
    institution = InstitutionFactory()
    MembershipFactory(user=researcher, institution=institution, role=MembershipRole.ADMIN)
    own = AchievementFactory(owner=researcher)
    colleagues = AchievementFactory(institution=institution, state=ModerationState.REJECTED)
    AchievementFactory(published=True)

    response = client_for(researcher).get(f"{LIST_URL}mine/")

    assert response.status_code == 200
    assert ids(response) == {own.pk, colleagues.pk}


def test_mine_needs_a_signed_in_user(api_client):
    response = api_client.get(f"{LIST_URL}mine/")
    assert response.status_code == 401


# --- languages and escaping -------------------------------------------------------------------------------------


def test_lang_picks_the_translated_column(api_client):
    achievement = AchievementFactory(published=True, title_zh_hans="可回收复合板", summary_zh_hans="一种生物基复合板。")

    body = api_client.get(f"{detail_url(achievement.pk)}?lang=zh-hans").json()

    assert body["title"] == "可回收复合板"
    assert body["summary"] == "一种生物基复合板。"
    assert body["language"] == "zh-hans"
    assert body["url"].startswith("http://testserver/zh-hans/")


def test_lang_falls_back_to_the_source_language_and_says_so(api_client):
    achievement = AchievementFactory(published=True, source_language="ru", title_en="", title_ru="Панель")

    item = api_client.get(f"{LIST_URL}?lang=zh-hans").json()["results"][0]

    assert item["id"] == achievement.pk
    assert item["title"] == "Панель"
    assert item["language"] == "ru"


def test_accept_language_header_picks_the_language_too(api_client):
    achievement = AchievementFactory(published=True, title_ru="Панель")
    body = api_client.get(detail_url(achievement.pk), HTTP_ACCEPT_LANGUAGE="ru").json()
    assert (body["title"], body["language"]) == ("Панель", "ru")


def test_unknown_lang_is_400(api_client):
    response = api_client.get(f"{LIST_URL}?lang=klingon")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_language"


def test_script_in_a_title_comes_back_as_literal_json_text(api_client):
    achievement = AchievementFactory(published=True, title_en="<script>alert('x')</script> panel")

    response = api_client.get(detail_url(achievement.pk))

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == "<script>alert('x')</script> panel"


# --- the confidential dossier ----------------------------------------------------------------------------------

SECRET = "SECRET-DOSSIER-7f3a"
NDA = "NDA-TEXT-Do-not-disclose-9c1e"
SECRET_FILE = "secret-process-plan.pdf"


@pytest.fixture
def with_dossier(researcher):
    achievement = AchievementFactory(owner=researcher, published=True, confidential_dossier=SECRET, nda_text=NDA)
    from django.core.files.base import ContentFile

    for name, confidential in ((SECRET_FILE, True), ("brochure.pdf", False)):
        AchievementAttachment.objects.create(
            achievement=achievement,
            file=ContentFile(PDF_BYTES, name="x"),
            original_name=name,
            content_type="application/pdf",
            size=len(PDF_BYTES),
            is_confidential=confidential,
        )
    return achievement


def test_list_and_detail_never_include_the_dossier(api_client, with_dossier, researcher):
    for client in (api_client, client_for(EnterpriseFactory()), client_for(researcher)):
        for url in (LIST_URL, detail_url(with_dossier.pk), f"{LIST_URL}mine/"):
            response = client.get(url)
            if response.status_code == 401:
                continue
            text = response.content.decode()
            assert SECRET not in text
            assert NDA not in text
            assert SECRET_FILE not in text
            assert "confidential_dossier" not in text
            assert "nda_text" not in text


def test_detail_lists_only_public_attachments(api_client, with_dossier):
    attachments = api_client.get(detail_url(with_dossier.pk)).json()["attachments"]

    assert [item["name"] for item in attachments] == ["brochure.pdf"]
    public = with_dossier.attachments.get(original_name="brochure.pdf")
    assert attachments[0]["download_url"] == f"http://testserver/en/achievements/files/{public.pk}/"
    assert attachments[0]["size"] == len(PDF_BYTES)
    assert attachments[0]["content_type"] == "application/pdf"


def test_dossier_needs_a_signed_in_user(api_client, with_dossier):
    response = api_client.get(f"{detail_url(with_dossier.pk)}dossier/")
    assert response.status_code == 401


def test_dossier_is_403_until_the_nda_is_accepted_then_200(with_dossier):
    reader = EnterpriseFactory()
    client = client_for(reader)
    url = f"{detail_url(with_dossier.pk)}dossier/"

    refused = client.get(url)
    accepted = client.post(f"{detail_url(with_dossier.pk)}nda/accept/")
    opened = client.get(url)

    assert refused.status_code == 403
    assert refused.json()["code"] == "nda_required"
    assert refused.json()["nda_text"] == NDA
    assert SECRET not in refused.content.decode()
    assert accepted.status_code == 200
    assert accepted.json()["accepted_at"]
    assert opened.status_code == 200
    body = opened.json()
    assert body["confidential_dossier"] == SECRET
    assert [item["name"] for item in body["attachments"]] == [SECRET_FILE]
    assert body["nda_acceptances"] is None
    assert with_dossier.nda_acceptances.filter(user=reader).exists()


def test_owner_reads_the_dossier_and_who_accepted(with_dossier, researcher):
    reader = EnterpriseFactory(display_name="Reader Ltd")
    client_for(reader).post(f"{detail_url(with_dossier.pk)}nda/accept/")

    body = client_for(researcher).get(f"{detail_url(with_dossier.pk)}dossier/").json()

    assert body["confidential_dossier"] == SECRET
    assert [row["user"] for row in body["nda_acceptances"]] == ["Reader Ltd"]


def test_dossier_of_someone_elses_draft_is_404(researcher):
    draft = AchievementFactory(owner=researcher, confidential_dossier=SECRET, nda_text=NDA)
    client = client_for(EnterpriseFactory())

    assert client.get(f"{detail_url(draft.pk)}dossier/").status_code == 404
    assert client.post(f"{detail_url(draft.pk)}nda/accept/").status_code == 404


def test_achievement_without_dossier_has_no_dossier_endpoint(api_client):
    achievement = AchievementFactory(published=True)
    client = client_for(EnterpriseFactory())

    assert client.get(f"{detail_url(achievement.pk)}dossier/").status_code == 404
    response = client.post(f"{detail_url(achievement.pk)}nda/accept/")
    assert response.status_code == 409
    assert response.json()["code"] == "no_nda"
