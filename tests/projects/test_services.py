from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.errors import MarketplaceError, NotAllowed, NotFound
from marketplace.models import ModerationEvent, ModerationState
from marketplace.services import listing_archive, listing_moderate
from projects.errors import ProjectError
from projects.models import InterestExpression, MemberRole, Project, ProjectAchievement, ProjectMember
from projects.services import (
    interest_express,
    project_add_achievement,
    project_add_member,
    project_confirm_achievement,
    project_confirm_member,
    project_create,
    project_submit,
    project_update,
)
from tests.factories import AchievementFactory, ProjectFactory, tech_field

TEXTS = {"title": "Rural solar storage", "summary": "Batteries, inverters and a pilot village."}


def _create(user, **kwargs):
    return project_create(
        user=user,
        institution=user.lead_institution,
        data={"field": tech_field(), "source_language": "en"},
        texts=TEXTS,
        **kwargs,
    )


def test_an_institution_admin_creates_a_draft_it_leads(lead):
    project = _create(lead)
    assert project.state == ModerationState.DRAFT
    assert project.country == lead.lead_institution.country
    member = project.members.get()
    assert member.role == MemberRole.LEAD
    assert member.confirmed_at is not None


def test_a_researcher_without_admin_rights_cannot_create(researcher):
    researcher.lead_institution = None
    with pytest.raises(NotAllowed):
        project_create(user=researcher, institution=None, data={}, texts=TEXTS)


def test_an_admin_cannot_lead_for_an_institution_they_do_not_administer(lead, partner):
    with pytest.raises(ValidationError):
        project_create(user=lead, institution=partner.institution, data={"field": tech_field()}, texts=TEXTS)
    assert not Project.objects.exists()


def test_someone_elses_achievement_waits_for_its_owner(lead, owned_achievement):
    project = _create(lead, achievements=[owned_achievement])
    inclusion = project.bundle.get()
    assert inclusion.confirmed_at is None
    with pytest.raises(NotFound):
        project_confirm_achievement(inclusion=inclusion, user=lead)
    project_confirm_achievement(inclusion=inclusion, user=owned_achievement.owner)
    inclusion.refresh_from_db()
    assert inclusion.confirmed_by == owned_achievement.owner


def test_a_draft_achievement_cannot_be_bundled(lead):
    draft = AchievementFactory()
    with pytest.raises(ProjectError) as exc:
        _create(lead, achievements=[draft])
    assert exc.value.code == "achievement_not_published"
    assert not Project.objects.exists(), "a refused part leaves no half-saved project"


def test_the_same_institution_twice_is_refused_and_nothing_is_saved(lead, partner):
    with pytest.raises(ProjectError):
        _create(lead, members=[(partner.institution, "manufacturer"), (partner.institution, "pilot_site")])
    assert not Project.objects.exists()


def test_members_confirm_only_their_own_institution(lead, partner, researcher):
    project = _create(lead, members=[(partner.institution, MemberRole.MANUFACTURER)])
    member = project.members.get(role=MemberRole.MANUFACTURER)
    for outsider in (lead, researcher):
        with pytest.raises(NotFound):
            project_confirm_member(member=member, user=outsider)
    project_confirm_member(member=member, user=partner)
    project_confirm_member(member=member, user=partner)  # a double click changes nothing
    member.refresh_from_db()
    assert member.confirmed_by == partner


def test_nobody_can_add_a_second_lead(lead, partner):
    project = _create(lead)
    with pytest.raises(ValidationError):
        project_add_member(project=project, user=lead, institution=partner.institution, role=MemberRole.LEAD)


def test_submitting_needs_a_confirmed_achievement(lead, owned_achievement):
    project = _create(lead, achievements=[owned_achievement])
    with pytest.raises(ProjectError) as exc:
        project_submit(project=project, user=lead)
    assert exc.value.code == "bundle_empty"
    project_confirm_achievement(inclusion=project.bundle.get(), user=owned_achievement.owner)
    project_submit(project=project, user=lead)
    assert Project.objects.get(pk=project.pk).state == ModerationState.SUBMITTED


def test_staff_approve_through_the_shared_moderation_with_an_audit_entry(lead, owned_achievement, staff):
    project = _create(lead, achievements=[owned_achievement])
    project_confirm_achievement(inclusion=project.bundle.get(), user=owned_achievement.owner)
    project_submit(project=project, user=lead)
    listing_moderate(listing=project, actor=staff, action="approve")
    assert Project.objects.get(pk=project.pk).state == ModerationState.PUBLISHED
    assert ModerationEvent.objects.filter(object_id=project.pk, action="approve", actor=staff).exists()


def test_an_achievement_withdrawn_by_its_owner_leaves_the_project_incomplete(owned_achievement):
    inclusion_project = ProjectFactory(published=True)
    ProjectAchievement.objects.create(project=inclusion_project, achievement=owned_achievement)
    listing_archive(listing=owned_achievement, user=owned_achievement.owner)
    inclusion = ProjectAchievement.objects.get(project=inclusion_project)
    assert inclusion.withdrawn_at is not None, "still in the bundle, flagged, not silently gone"


def test_only_investor_members_express_interest_once(investor, researcher):
    project = ProjectFactory(published=True)
    interest_express(project=project, user=investor, investor=investor.investor, message="We invest in solar.")
    with pytest.raises(ProjectError) as exc:
        interest_express(project=project, user=investor, investor=investor.investor)
    assert exc.value.code == "already_following"
    with pytest.raises(NotAllowed):
        interest_express(project=project, user=researcher, investor=investor.investor)
    assert InterestExpression.objects.count() == 1


def test_interest_in_a_draft_is_not_found(investor):
    with pytest.raises(NotFound):
        interest_express(project=ProjectFactory(), user=investor, investor=investor.investor)


def test_a_published_project_cannot_be_changed_by_its_owner(lead, owned_achievement):
    project = ProjectFactory(published=True, owner=lead, institution=lead.lead_institution)
    with pytest.raises(MarketplaceError) as exc:
        project_add_achievement(project=project, user=lead, achievement=owned_achievement)
    assert exc.value.code == "not_editable"


def test_funding_needs_a_currency(lead):
    with pytest.raises(ValidationError):
        project_create(
            user=lead,
            institution=lead.lead_institution,
            data={"field": tech_field(), "funding_sought": Decimal("10")},
            texts=TEXTS,
        )


def test_unknown_sought_values_are_refused(lead):
    with pytest.raises(ValidationError):
        project_create(
            user=lead,
            institution=lead.lead_institution,
            data={"field": tech_field(), "sought": ["<script>", "investors"]},
            texts=TEXTS,
        )
    assert not ProjectMember.objects.exists()


def test_an_edit_in_another_source_language_leaves_no_old_text_behind_as_a_translation(lead):
    """Projects are written by the listing write every kind shares: the same rule as achievements and demands."""
    project = _create(lead)
    texts = {"title": "Stockage solaire rural", "summary": "Batteries, onduleurs et un village pilote."}
    project_update(project=project, user=lead, data={"source_language": "fr"}, texts=texts)
    project.refresh_from_db()
    assert (project.title_fr, project.title_en, project.summary_en) == ("Stockage solaire rural", "", "")
