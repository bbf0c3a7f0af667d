from __future__ import annotations

import pytest
from django.test import Client

from projects.models import Milestone, Project, ProjectAchievement, ProjectMember
from tests.factories import (
    AchievementFactory,
    InstitutionFactory,
    ProjectAchievementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    tech_field,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_published_projects_with_the_incomplete_badge(client):
    draft = ProjectFactory(title_en="Secret draft")
    project = ProjectFactory(published=True, title_en="Bamboo houses")
    ProjectAchievementFactory(project=project, withdrawn_at="2026-01-01T00:00:00Z")
    page = client.get("/en/projects/").content.decode()
    assert "Bamboo houses" in page and draft.title_en not in page
    assert "Incomplete" in page


def test_detail_shows_cards_consortium_timeline_and_funding_but_no_dossier(client):
    project = ProjectFactory(published=True)
    achievement = AchievementFactory(published=True, confidential_dossier="SECRET-FORMULA", title_en="Drone lidar")
    ProjectAchievementFactory(project=project, achievement=achievement)
    ProjectAchievementFactory(project=project, confirmed_at=None, achievement__title_en="Not yet agreed")
    ProjectMemberFactory(project=project, institution__name_en="Pilot village coop", role="pilot_site")
    ProjectMemberFactory(project=project, confirmed_at=None, institution__name_en="Unconfirmed works")
    Milestone.objects.create(project=project, due_date="2027-03-01", deliverable="Pilot line running")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Drone lidar" in page and "TRL 6" in page and "Granted patent" in page
    assert "Pilot village coop" in page and "Pilot line running" in page
    assert "500,000 of 2,000,000 USD committed" in page
    for hidden in ("SECRET-FORMULA", "Not yet agreed", "Unconfirmed works"):
        assert hidden not in page


def test_a_draft_is_404_for_strangers(client, enterprise_client):
    project = ProjectFactory()
    assert client.get(project.get_absolute_url()).status_code == 404
    assert enterprise_client.get(project.get_absolute_url()).status_code == 404


def test_the_create_page_is_for_institution_admins_and_staff(lead, researcher_client, staff_client):
    assert researcher_client.get("/en/projects/new/").status_code == 403
    assert staff_client.get("/en/projects/new/").status_code == 200
    response = _client(lead).post(
        "/en/projects/new/",
        {
            "institution": lead.lead_institution.pk,
            "source_language": "en",
            "title": "Low-altitude inspection",
            "summary": "Drones for power lines.",
            "field": tech_field().pk,
            "stage": "pilot",
            "sought": ["investors"],
            "target_countries": ["BR", "ZA"],
            "funding_sought": "100000",
            "funding_currency": "CNY",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert [c.code for c in project.target_countries] == ["BR", "ZA"]


def test_a_hostile_form_saves_nothing(lead):
    response = _client(lead).post(
        "/en/projects/new/",
        {"institution": lead.lead_institution.pk, "title": "x" * 500, "field": "999", "funding_sought": "-1"},
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_editors_add_parts_and_owners_confirm_on_their_page(lead, partner, owned_achievement):
    project = ProjectFactory(owner=lead, institution=lead.lead_institution)
    editor = _client(lead)
    editor.post(f"/en/projects/{project.pk}/achievements/", {"achievement": owned_achievement.pk})
    editor.post(f"/en/projects/{project.pk}/members/", {"institution": partner.institution.pk, "role": "manufacturer"})
    editor.post(f"/en/projects/{project.pk}/milestones/", {"due_date": "2027-01-31", "deliverable": "Prototype"})
    inclusion = ProjectAchievement.objects.get(project=project)
    member = ProjectMember.objects.get(project=project)
    assert inclusion.confirmed_at is None and member.confirmed_at is None
    assert project.milestones.count() == 1

    owner = _client(owned_achievement.owner)
    page = owner.get("/en/projects/confirmations/").content.decode()
    assert project.title_en in page
    assert owner.get(project.get_absolute_url()).status_code == 200, "the owner reads the project before agreeing"
    owner.post(f"/en/projects/inclusions/{inclusion.pk}/confirm/")
    _client(partner).post(f"/en/projects/members/{member.pk}/confirm/")
    # Someone else's confirmation link is a 404, and the lead cannot confirm for the partner.
    assert editor.post(f"/en/projects/members/{member.pk}/confirm/").status_code == 404
    inclusion.refresh_from_db()
    member.refresh_from_db()
    assert inclusion.confirmed_at and member.confirmed_at

    editor.post(f"/en/projects/{project.pk}/submit/")
    assert Project.objects.get(pk=project.pk).state == "submitted"


def test_a_stranger_cannot_use_the_editor_tools(enterprise_client, owned_achievement):
    project = ProjectFactory()
    for url, data in (
        (f"/en/projects/{project.pk}/achievements/", {"achievement": owned_achievement.pk}),
        (f"/en/projects/{project.pk}/members/", {"institution": InstitutionFactory().pk, "role": "investor"}),
        (f"/en/projects/{project.pk}/submit/", {}),
        (f"/en/projects/{project.pk}/edit/", {}),
    ):
        assert enterprise_client.post(url, data).status_code == 404
    assert not ProjectAchievement.objects.exists()


def test_an_investor_expresses_interest_from_the_page(investor):
    project = ProjectFactory(published=True)
    client = _client(investor)
    assert "Express interest" in client.get(project.get_absolute_url()).content.decode()
    client.post(f"/en/projects/{project.pk}/interest/", {"investor": investor.investor.pk, "message": "Hello"})
    assert project.interests.get().message == "Hello"
    page = _client(project.owner).get(project.get_absolute_url()).content.decode()
    assert "Hello" in page and "1 investor follows" in page
