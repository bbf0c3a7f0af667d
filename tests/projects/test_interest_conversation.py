"""An investor's interest in a project lands in a conversation with the project's side (its creator and the lead
institution's administrators), next to the recorded InterestExpression; only participants read it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from marketplace.models import InstitutionKind, MembershipRole
from negotiations.models import Conversation, ConversationState, Message, Side
from negotiations.services import outcome_set, user_block
from projects.models import InterestExpression
from projects.services import interest_express
from tests.api.conftest import client_for
from tests.factories import InstitutionFactory, MembershipFactory, ProjectFactory, UserFactory
from trading.models import Deal

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"
CONVERSATIONS = "/api/v1/conversations/"


@pytest.fixture
def project(lead):
    """A published project created by ``lead`` for its institution, which has a second administrator."""
    colleague = UserFactory(role=Role.INSTITUTION_ADMIN)
    MembershipFactory(user=colleague, institution=lead.lead_institution, role=MembershipRole.ADMIN)
    project = ProjectFactory(published=True, owner=lead, institution=lead.lead_institution)
    project.colleague = colleague
    return project


def test_the_api_interest_opens_a_conversation_with_the_project_side(project, lead, investor):
    response = client_for(investor).post(f"{LIST}{project.pk}/interest/", {"message": "Ticket 1M?"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    conversation = Conversation.objects.get(pk=body["conversation"])
    assert (conversation.subject_type, conversation.project_id, conversation.requester_id) == (
        "project",
        project.pk,
        investor.pk,
    )
    seats = {seat.user_id: seat.side for seat in conversation.participants.all()}
    assert seats == {lead.pk: Side.OWNER, project.colleague.pk: Side.OWNER, investor.pk: Side.REQUESTER}
    thread = list(conversation.messages.order_by("id"))
    assert [m.event for m in thread] == ["project_interest", ""]
    assert thread[0].event_data == {"investor": str(investor.investor)}
    assert thread[1].body == "Ticket 1M?"
    # The recorded interest stays: the project counts its followers.
    assert InterestExpression.objects.filter(project=project, investor=investor.investor).exists()
    assert body["followers"] == 1


def test_only_participants_read_the_conversation(project, lead, investor, researcher):
    conversation_id = (
        client_for(investor).post(f"{LIST}{project.pk}/interest/", {}, format="json").json()["conversation"]
    )
    detail = client_for(lead).get(f"{CONVERSATIONS}{conversation_id}/")
    assert detail.status_code == 200
    assert (detail.json()["subject_type"], detail.json()["subject_id"]) == ("project", project.pk)
    assert client_for(researcher).get(f"{CONVERSATIONS}{conversation_id}/").status_code == 404
    outsider = UserFactory(is_staff=True)
    assert client_for(outsider).get(f"{CONVERSATIONS}{conversation_id}/").status_code == 404
    # The page too: 404 for outsiders, the project as the subject (with its link) for participants.
    assert client_for(researcher).get(reverse("negotiations:detail", args=[conversation_id])).status_code == 404


def test_the_conversation_page_shows_the_project_as_its_subject(client, project, lead, investor):
    interest = interest_express(project=project, user=investor, investor=investor.investor, message="Hello")
    client.force_login(lead)
    page = client.get(reverse("negotiations:detail", args=[interest.conversation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{project.get_absolute_url()}"' in html
    assert project.title_en in html
    assert "Investor interest in a project" in html
    assert "expressed the interest of" in html
    inbox = client.get(reverse("negotiations:inbox") + f"?listing=project:{project.pk}")
    assert project.title_en in inbox.content.decode()


def test_a_second_investor_institution_of_the_same_person_reuses_the_open_conversation(project, investor):
    first = interest_express(project=project, user=investor, investor=investor.investor)
    second_fund = InstitutionFactory(kind=InstitutionKind.INVESTOR)
    MembershipFactory(user=investor, institution=second_fund)
    second = interest_express(project=project, user=investor, investor=second_fund, message="Both funds")
    assert second.conversation.pk == first.conversation.pk
    assert Conversation.objects.filter(project=project).count() == 1
    assert project.interests.count() == 2
    assert first.conversation.messages.filter(event="project_interest").count() == 2
    # A closed conversation is not reused: a later interest opens a new one.
    outcome_set(conversation=first.conversation, user=investor, state=ConversationState.CLOSED, reason="timing")
    third_fund = InstitutionFactory(kind=InstitutionKind.INVESTOR)
    MembershipFactory(user=investor, institution=third_fund)
    third = interest_express(project=project, user=investor, investor=third_fund)
    assert third.conversation.pk != first.conversation.pk


def test_a_refused_conversation_records_no_interest(project, lead, investor):
    user_block(user=lead, blocked_id=investor.pk)
    response = client_for(investor).post(f"{LIST}{project.pk}/interest/", {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "blocked"
    assert not InterestExpression.objects.exists()
    assert not Conversation.objects.exists()


def test_a_member_of_the_lead_institution_cannot_open_one(project, lead):
    """An investor institution's member who also belongs to the lead institution: own organisation, nothing saved."""
    insider = UserFactory(role=Role.ENTERPRISE)
    fund = InstitutionFactory(kind=InstitutionKind.INVESTOR)
    MembershipFactory(user=insider, institution=fund)
    MembershipFactory(user=insider, institution=lead.lead_institution)
    response = client_for(insider).post(f"{LIST}{project.pk}/interest/", {"investor": fund.pk}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "own_organisation"
    assert not InterestExpression.objects.exists()


def test_a_project_conversation_is_not_started_directly(project, investor, client):
    response = client_for(investor).post(
        CONVERSATIONS, {"subject_type": "project", "subject_id": project.pk, "body": "Hi"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_subject_type"
    client.force_login(investor)
    assert client.get(reverse("negotiations:start", args=["project", project.pk])).status_code == 404


def test_an_agreement_about_a_project_records_no_trading_deal(project, lead, investor):
    conversation = interest_express(project=project, user=investor, investor=investor.investor).conversation
    agreed = outcome_set(
        conversation=conversation, user=lead, state=ConversationState.AGREED, price="250000", currency="USD"
    )
    assert agreed.state == ConversationState.AGREED and agreed.deal_id is None
    assert not Deal.objects.exists()
    assert Message.objects.filter(conversation=conversation, event="outcome").get().event_data["price"] == "250000.00"


def test_the_browser_interest_lands_in_the_conversation(client, project, lead, investor):
    client.force_login(investor)
    page = client.get(project.get_absolute_url())
    assert "Express interest" in page.content.decode()
    response = client.post(
        reverse("projects:interest", args=[project.pk]), {"investor": investor.investor.pk, "message": "Hi"}
    )
    conversation = Conversation.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    again = client.get(project.get_absolute_url()).content.decode()
    assert reverse("negotiations:detail", args=[conversation.pk]) in again
    assert reverse("projects:interest", args=[project.pk]) not in again  # the only investor institution follows
    assert "Followed by" in again
    # The project's side sees the followers and a way to their conversations.
    client.force_login(lead)
    editor = client.get(project.get_absolute_url()).content.decode()
    assert f"?listing=project:{project.pk}" in editor
