from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import client_for
from tests.factories import (
    AchievementFactory,
    InstitutionFactory,
    ProjectAchievementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


def _payload(lead, **extra) -> dict:
    return {
        "institution": lead.lead_institution.pk,
        "field": "biomedicine",
        "title": "Smart agriculture for mountain regions",
        "summary": "Sensors, drones and a cooperative.",
        "sought": ["investors", "pilot_site"],
        "target_countries": ["KZ", "BR"],
        "funding_sought": "1500000",
        "funding_currency": "USD",
        **extra,
    }


def test_create_a_draft_with_bundle_members_and_milestones(lead, partner, owned_achievement):
    response = client_for(lead).post(
        LIST,
        _payload(
            lead,
            achievements=[owned_achievement.pk],
            members=[{"institution": partner.institution.pk, "role": "manufacturer"}],
            milestones=[{"date": "2027-06-30", "deliverable": "Pilot line", "budget": "300000"}],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert [a["confirmed"] for a in body["achievements"]] == [False]
    assert {m["role"]: m["confirmed"] for m in body["members"]} == {"lead": True, "manufacturer": False}
    assert body["milestones"][0]["deliverable"] == "Pilot line"
    assert response["Location"].endswith(f"/api/v1/projects/{body['id']}/")


@pytest.mark.parametrize(
    "extra",
    [
        {"title": ""},
        {"sought": ["everything"]},
        {"target_countries": ["XX"]},
        {"funding_sought": "-5"},
        {"funding_sought": "NaN"},
        {"members": [{"institution": 999999, "role": "manufacturer"}]},
        {"members": [{"institution": 1, "role": "lead"}]},
        {"milestones": [{"date": "not a date", "deliverable": "x"}]},
        {"achievements": ["abc"]},
        {"title": "x" * 201},
    ],
)
def test_hostile_input_is_a_400_with_code_and_detail(lead, extra):
    response = client_for(lead).post(LIST, _payload(lead, **extra), format="json")
    assert response.status_code == 400
    assert response.json()["code"] and response.json()["detail"]


def test_a_draft_achievement_cannot_be_named(lead):
    draft = AchievementFactory()
    response = client_for(lead).post(LIST, _payload(lead, achievements=[draft.pk]), format="json")
    assert response.status_code == 400


def test_anonymous_cannot_create(api_client, lead):
    assert api_client.post(LIST, _payload(lead), format="json").status_code in (401, 403)


def test_an_enterprise_cannot_create(enterprise, lead):
    response = client_for(enterprise).post(LIST, _payload(lead), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"


def test_drafts_are_404_for_others(api_client, enterprise):
    draft = ProjectFactory()
    for client in (api_client, client_for(enterprise)):
        response = client.get(f"{LIST}{draft.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api_client.get(f"{LIST}abc/").status_code == 404


def test_public_detail_hides_unconfirmed_parts_and_every_dossier(api_client):
    project = ProjectFactory(published=True)
    shown = AchievementFactory(published=True, confidential_dossier="SECRET-FORMULA", contact_email="a@b.example")
    ProjectAchievementFactory(project=project, achievement=shown)
    hidden = ProjectAchievementFactory(project=project, confirmed_at=None)
    ProjectMemberFactory(project=project)
    unconfirmed = ProjectMemberFactory(project=project, confirmed_at=None)
    response = api_client.get(f"{LIST}{project.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [a["achievement"]["id"] for a in body["achievements"]] == [shown.pk]
    assert unconfirmed.institution.pk not in [m["institution"]["id"] for m in body["members"]]
    assert hidden.achievement.title_en not in response.content.decode()
    assert "SECRET-FORMULA" not in response.content.decode()
    assert "a@b.example" not in response.content.decode()
    card = body["achievements"][0]["achievement"]
    assert card["trl"] == 6 and card["ip_status"] == "granted_patent"


def test_the_list_is_published_only_and_flags_incomplete_projects(api_client):
    ProjectFactory()
    project = ProjectFactory(published=True)
    ProjectAchievementFactory(project=project, withdrawn_at="2026-01-01T00:00:00Z")
    body = api_client.get(LIST).json()
    assert [p["id"] for p in body["results"]] == [project.pk]
    assert body["results"][0]["incomplete"] is True


def test_list_queries_do_not_grow_with_rows(api_client):
    for _ in range(3):
        ProjectFactory(published=True)
    with CaptureQueriesContext(connection) as few:
        api_client.get(LIST)
    for _ in range(6):
        ProjectFactory(published=True)
    with CaptureQueriesContext(connection) as many:
        api_client.get(LIST)
    assert len(many) == len(few)


def test_submit_then_member_confirms(lead, partner, owned_achievement):
    project = ProjectFactory(owner=lead, institution=lead.lead_institution)
    ProjectAchievementFactory(project=project, achievement=owned_achievement)
    member = ProjectMemberFactory(project=project, institution=partner.institution, confirmed_at=None)
    response = client_for(lead).post(f"{LIST}{project.pk}/submit/")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    again = client_for(lead).post(f"{LIST}{project.pk}/submit/")
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"
    # The partner reads the project under review before joining, and confirms; outsiders still get a 404.
    assert client_for(partner).get(f"{LIST}{project.pk}/").status_code == 200
    assert client_for(partner).post(f"{LIST}{project.pk}/members/{member.pk}/confirm/").status_code == 200
    assert client_for(UserFactory()).get(f"{LIST}{project.pk}/").status_code == 404


def test_a_member_confirms_on_a_published_project(partner, lead):
    project = ProjectFactory(published=True)
    member = ProjectMemberFactory(project=project, institution=partner.institution, confirmed_at=None)
    assert client_for(lead).post(f"{LIST}{project.pk}/members/{member.pk}/confirm/").status_code == 404
    response = client_for(partner).post(f"{LIST}{project.pk}/members/{member.pk}/confirm/")
    assert response.status_code == 200 and response.json()["confirmed"] is True
    other = ProjectFactory(published=True)
    assert client_for(partner).post(f"{LIST}{other.pk}/members/{member.pk}/confirm/").status_code == 404


def test_investor_expresses_interest_and_followers_count(investor, enterprise):
    project = ProjectFactory(published=True)
    response = client_for(investor).post(f"{LIST}{project.pk}/interest/", {"message": "Ticket 1M"}, format="json")
    assert response.status_code == 201
    assert response.json()["followers"] == 1
    assert client_for(investor).post(f"{LIST}{project.pk}/interest/", {}, format="json").status_code == 400
    refused = client_for(enterprise).post(f"{LIST}{project.pk}/interest/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "investor_required"
    other = InstitutionFactory()
    refused = client_for(enterprise).post(f"{LIST}{project.pk}/interest/", {"investor": other.pk}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_investor"
    assert client_for(investor).get(f"{LIST}{project.pk}/").json()["followers"] == 1


def test_projects_are_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/projects/{id}/submit/",
        "/api/v1/projects/{id}/members/{mid}/confirm/",
        "/api/v1/projects/{id}/interest/",
    ):
        assert path in schema["paths"], path
