from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.models import Achievement, AchievementAttachment
from marketplace.models import MembershipRole, ModerationEvent, ModerationState
from tests.api.conftest import client_for, pdf
from tests.factories import (
    AchievementFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
)

LIST_URL = "/api/v1/achievements/"
pytestmark = pytest.mark.django_db


def detail_url(pk) -> str:
    return f"/api/v1/achievements/{pk}/"


def valid_payload(**changes) -> dict:
    payload = {
        "title": "Perovskite tandem solar cell",
        "summary": "A tandem cell with 29% efficiency on a 1 cm² device.",
        "description": "Process, stability data and the pilot line.",
        "keywords": ["perovskite", "photovoltaics"],
        "field": "renewable-energy",
        "trl": 5,
        "ip_status": "pending_application",
        "patent_numbers": "CN118000000A",
        "transfer_modes": ["licensing", "joint_development"],
        "price_negotiable": False,
        "price_amount": "1200000.50",
        "price_currency": "CNY",
        "source_language": "en",
    }
    payload.update(changes)
    return payload


# --- create ----------------------------------------------------------------------------------------------------


def test_researcher_creates_a_draft(member, institution):
    response = client_for(member).post(LIST_URL, valid_payload(institution=institution.pk), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    achievement = Achievement.objects.get(pk=body["id"])
    assert response["Location"] == f"http://testserver/api/v1/achievements/{achievement.pk}/"
    assert achievement.owner == member
    assert achievement.state == ModerationState.DRAFT
    assert achievement.title_en == "Perovskite tandem solar cell"
    assert achievement.keywords_en == "perovskite, photovoltaics"
    assert achievement.price_amount == Decimal("1200000.50")
    assert achievement.country == institution.country
    assert body["state"] == "draft"
    assert body["transfer_modes"] == ["licensing", "joint_development"]
    assert body["price"] == {"negotiable": False, "amount": "1200000.50", "currency": "CNY"}
    assert body["institution"]["id"] == institution.pk


def test_texts_are_stored_in_the_source_language_column(researcher):
    payload = valid_payload(title="钙钛矿叠层太阳能电池", summary="一种高效叠层电池。", source_language="zh-hans")

    body = client_for(researcher).post(LIST_URL, payload, format="json").json()

    achievement = Achievement.objects.get(pk=body["id"])
    assert achievement.title_zh_hans == "钙钛矿叠层太阳能电池"
    assert not achievement.title_en
    assert body["title"] == "钙钛矿叠层太阳能电池"
    assert body["language"] == "zh-hans"


def test_source_language_defaults_to_the_authors_preferred_language():
    author = ResearcherFactory(preferred_language="ru")
    payload = valid_payload(title="Панель", summary="Кратко.")
    del payload["source_language"]

    body = client_for(author).post(LIST_URL, payload, format="json").json()

    assert Achievement.objects.get(pk=body["id"]).title_ru == "Панель"


def test_enterprise_cannot_post_an_achievement(enterprise):
    response = client_for(enterprise).post(LIST_URL, valid_payload(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert not Achievement.objects.exists()


def test_anonymous_cannot_post(api_client):
    assert api_client.post(LIST_URL, valid_payload(), format="json").status_code == 401


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"trl": 0}, "trl"),
        ({"trl": 10}, "trl"),
        ({"trl": "high"}, "trl"),
        ({"price_amount": "-1.00"}, "price_amount"),
        ({"price_amount": -5}, "price_amount"),
        ({"price_amount": "a lot"}, "price_amount"),
        ({"price_amount": "NaN"}, "price_amount"),
        ({"price_amount": "Infinity"}, "price_amount"),
        ({"price_amount": "1e309"}, "price_amount"),
        ({"price_amount": "12345678901234567.00"}, "price_amount"),
        ({"price_amount": "10.001"}, "price_amount"),
        ({"price_amount": "9" * 5000}, "price_amount"),
        ({"price_currency": "XYZ"}, "price_currency"),
        ({"price_currency": "usd"}, "price_currency"),
        ({"field": "alchemy"}, "field"),
        ({"transfer_modes": ["teleportation"]}, "transfer_modes"),
        ({"transfer_modes": "licensing"}, "transfer_modes"),
        ({"source_language": "tlh"}, "source_language"),
        ({"institution": "abc"}, "institution"),
        ({"institution": 10**30}, "institution"),
        ({"institution": 987654}, "institution"),
        ({"ip_status": "stolen"}, "ip_status"),
        ({"country": "XX"}, "country"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"summary": None}, "summary"),
        ({"keywords": {"a": 1}}, "keywords"),
        ({"keywords": ["a,b"]}, "keywords"),
        ({"contact_email": "not-an-address"}, "contact_email"),
    ],
)
def test_bad_input_is_400_with_a_field_error_and_nothing_saved(researcher, changes, field):
    response = client_for(researcher).post(LIST_URL, valid_payload(**changes), format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert field in body["errors"]
    assert not Achievement.objects.exists()


@pytest.mark.parametrize("missing", ["title", "summary", "field", "trl"])
def test_required_fields_on_create(researcher, missing):
    payload = valid_payload()
    del payload[missing]

    response = client_for(researcher).post(LIST_URL, payload, format="json")

    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_json_number_too_big_for_a_float_is_refused(researcher):
    body = (
        '{"title": "T", "summary": "S", "field": "artificial-intelligence", "trl": 3,'
        ' "price_amount": 1e309, "price_currency": "USD"}'
    )
    response = client_for(researcher).post(LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert "price_amount" in response.json()["errors"]


@pytest.mark.parametrize("body", ['{"title": ', "[1, 2]", '"just a string"', "NaN", '{"trl": NaN}'])
def test_junk_json_is_400(researcher, body):
    response = client_for(researcher).post(LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] in {"parse_error", "invalid"}
    assert not Achievement.objects.exists()


def test_a_fixed_price_needs_an_amount(researcher):
    payload = valid_payload(price_amount=None)

    response = client_for(researcher).post(LIST_URL, payload, format="json")

    assert response.status_code == 400
    assert "price_amount" in response.json()["errors"]


def test_posting_for_an_institution_needs_membership(researcher):
    stranger_institution = InstitutionFactory()

    response = client_for(researcher).post(LIST_URL, valid_payload(institution=stranger_institution.pk), format="json")

    assert response.status_code == 400
    assert "institution" in response.json()["errors"]
    assert not Achievement.objects.exists()


def test_script_in_a_title_is_stored_and_returned_as_plain_text(researcher):
    title = '<script>alert("x")</script> Solar cell'
    response = client_for(researcher).post(LIST_URL, valid_payload(title=title), format="json")

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == title


# --- change ----------------------------------------------------------------------------------------------------


def test_owner_changes_their_draft(researcher):
    draft = AchievementFactory(owner=researcher)

    response = client_for(researcher).patch(detail_url(draft.pk), {"title": "Better title", "trl": 7}, format="json")

    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert (draft.title_en, draft.trl) == ("Better title", 7)
    assert draft.summary_en  # untouched fields stay
    assert response.json()["title"] == "Better title"


def test_patch_validates_like_create(researcher):
    draft = AchievementFactory(owner=researcher)

    response = client_for(researcher).patch(detail_url(draft.pk), {"trl": 10}, format="json")

    assert response.status_code == 400
    assert "trl" in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.trl == 6


def test_patch_can_replace_transfer_modes(researcher):
    draft = AchievementFactory(owner=researcher)
    response = client_for(researcher).patch(detail_url(draft.pk), {"transfer_modes": ["equity"]}, format="json")
    assert response.json()["transfer_modes"] == ["equity"]


def test_changing_the_source_language_moves_the_texts(researcher):
    draft = AchievementFactory(owner=researcher)
    title = draft.title_en

    response = client_for(researcher).patch(detail_url(draft.pk), {"source_language": "fr"}, format="json")

    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.title_fr, draft.title_en) == (title, "")


def test_enterprise_cannot_edit_researchers_published_achievement(researcher):
    published = AchievementFactory(owner=researcher, published=True)

    response = client_for(EnterpriseFactory()).patch(detail_url(published.pk), {"title": "Mine now"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    published.refresh_from_db()
    assert published.title_en != "Mine now"


def test_enterprise_patching_researchers_draft_gets_404(researcher):
    draft = AchievementFactory(owner=researcher)

    response = client_for(EnterpriseFactory()).patch(detail_url(draft.pk), {"title": "x"}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_institution_admin_edits_the_institutions_listing():
    institution = InstitutionFactory()
    admin = ResearcherFactory()
    MembershipFactory(user=admin, institution=institution, role=MembershipRole.ADMIN)
    draft = AchievementFactory(institution=institution)

    response = client_for(admin).patch(detail_url(draft.pk), {"title": "Edited by the admin"}, format="json")

    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.title_en == "Edited by the admin"


def test_plain_member_of_the_institution_cannot_edit_a_colleagues_listing():
    institution = InstitutionFactory()
    member = MembershipFactory(institution=institution).user
    published = AchievementFactory(institution=institution, published=True)

    response = client_for(member).patch(detail_url(published.pk), {"title": "x"}, format="json")

    assert response.status_code == 403


def test_staff_edit_any_listing(researcher):
    draft = AchievementFactory(owner=researcher)

    response = client_for(StaffFactory()).patch(detail_url(draft.pk), {"summary": "Clarified by staff."}, format="json")

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.summary_en == "Clarified by staff."


def test_published_listing_is_not_editable_by_its_owner(researcher):
    published = AchievementFactory(owner=researcher, published=True)

    response = client_for(researcher).patch(detail_url(published.pk), {"title": "x"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"


def test_anonymous_patch_is_401(api_client):
    published = AchievementFactory(published=True)
    assert api_client.patch(detail_url(published.pk), {"title": "x"}, format="json").status_code == 401


@pytest.mark.parametrize("method", ["put", "delete"])
def test_unsupported_methods_are_405_in_the_error_shape(researcher, method):
    draft = AchievementFactory(owner=researcher)

    response = getattr(client_for(researcher), method)(detail_url(draft.pk), valid_payload(), format="json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert Achievement.objects.filter(pk=draft.pk).exists()


# --- submit and archive ----------------------------------------------------------------------------------------


def test_submit_then_second_submit_is_409(researcher):
    draft = AchievementFactory(owner=researcher)
    client = client_for(researcher)

    first = client.post(f"{detail_url(draft.pk)}submit/")
    second = client.post(f"{detail_url(draft.pk)}submit/")

    assert first.status_code == 200
    assert first.json()["state"] == "submitted"
    assert second.status_code == 409
    assert second.json()["code"] == "already_submitted"
    assert ModerationEvent.objects.filter(object_id=draft.pk, action="submit").count() == 1


def test_created_then_submitted_through_the_api(researcher):
    client = client_for(researcher)
    created = client.post(LIST_URL, valid_payload(), format="json").json()

    submitted = client.post(f"{detail_url(created['id'])}submit/")

    assert submitted.status_code == 200
    assert submitted.json()["moderation"][0]["action"] == "submit"


def test_nobody_else_submits_a_draft(researcher):
    draft = AchievementFactory(owner=researcher)
    response = client_for(EnterpriseFactory()).post(f"{detail_url(draft.pk)}submit/")
    assert response.status_code == 404


def test_owner_archives_a_published_achievement(api_client, researcher):
    published = AchievementFactory(owner=researcher, published=True)

    response = client_for(researcher).post(f"{detail_url(published.pk)}archive/")

    assert response.status_code == 200
    assert response.json()["state"] == "archived"
    assert api_client.get(detail_url(published.pk)).status_code == 404


def test_a_submitted_listing_cannot_be_archived(researcher):
    submitted = AchievementFactory(owner=researcher, submitted=True)
    response = client_for(researcher).post(f"{detail_url(submitted.pk)}archive/")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"


# --- attachments -----------------------------------------------------------------------------------------------


def attachments_url(pk) -> str:
    return f"{detail_url(pk)}attachments/"


def test_owner_uploads_a_pdf(researcher):
    draft = AchievementFactory(owner=researcher)

    response = client_for(researcher).post(attachments_url(draft.pk), {"files": [pdf()]}, format="multipart")

    assert response.status_code == 201, response.json()
    [attachment] = response.json()["attachments"]
    assert attachment["name"] == "specification.pdf"
    assert attachment["content_type"] == "application/pdf"
    stored = AchievementAttachment.objects.get(achievement=draft)
    assert attachment["download_url"] == f"http://testserver/en/achievements/files/{stored.pk}/"


def test_confidential_upload_goes_behind_the_nda(researcher):
    draft = AchievementFactory(owner=researcher, nda_text="Keep it secret.")
    client = client_for(researcher)

    response = client.post(
        attachments_url(draft.pk), {"files": [pdf("secret.pdf")], "is_confidential": "true"}, format="multipart"
    )

    assert response.status_code == 201
    assert response.json()["attachments"] == []
    assert AchievementAttachment.objects.get(achievement=draft).is_confidential
    dossier = client.get(f"{detail_url(draft.pk)}dossier/").json()
    assert [item["name"] for item in dossier["attachments"]] == ["secret.pdf"]


def test_a_pdf_that_is_really_html_is_refused(researcher):
    draft = AchievementFactory(owner=researcher)
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    response = client_for(researcher).post(attachments_url(draft.pk), {"files": [fake]}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "file_content_mismatch"
    assert not AchievementAttachment.objects.exists()


def test_an_upload_over_the_limit_is_refused(researcher, settings):
    settings.ATTACHMENT_MAX_BYTES = 64
    draft = AchievementFactory(owner=researcher)
    big = pdf(content=b"%PDF-1.4\n" + b"0" * 200)

    response = client_for(researcher).post(attachments_url(draft.pk), {"files": [big]}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert not AchievementAttachment.objects.exists()


def test_too_many_files_are_refused_and_none_is_kept(researcher, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    draft = AchievementFactory(owner=researcher)

    response = client_for(researcher).post(
        attachments_url(draft.pk), {"files": [pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")]}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "too_many_files"
    assert not AchievementAttachment.objects.exists()


def test_an_unaccepted_file_type_is_refused(researcher):
    draft = AchievementFactory(owner=researcher)
    script = SimpleUploadedFile("run.sh", b"#!/bin/sh\necho hi\n", content_type="text/x-sh")

    response = client_for(researcher).post(attachments_url(draft.pk), {"files": [script]}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file_type"


def test_upload_without_files_is_400(researcher):
    draft = AchievementFactory(owner=researcher)
    response = client_for(researcher).post(attachments_url(draft.pk), {}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["errors"]


def test_upload_as_json_is_415(researcher):
    draft = AchievementFactory(owner=researcher)
    response = client_for(researcher).post(attachments_url(draft.pk), {"files": ["x"]}, format="json")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_nobody_else_uploads_to_a_draft(researcher):
    draft = AchievementFactory(owner=researcher)
    response = client_for(EnterpriseFactory()).post(attachments_url(draft.pk), {"files": [pdf()]}, format="multipart")
    assert response.status_code == 404
    assert not AchievementAttachment.objects.exists()


def test_keywords_typed_with_an_arabic_or_chinese_comma_become_separate_keywords(researcher):
    from achievements.models import Achievement

    achievement = Achievement(keywords_ar="طاقة، شمسية", source_language="ar")
    assert achievement.keyword_list == ["طاقة", "شمسية"]
    achievement = Achievement(keywords_zh_hans="竹材、复合材料，装配式建筑", source_language="zh-hans")
    assert achievement.keyword_list == ["竹材", "复合材料", "装配式建筑"]
