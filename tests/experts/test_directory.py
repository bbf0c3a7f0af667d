"""The experts directory: filters, verification, deals helped close, and "Consult an expert"."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from experts.errors import ExpertsError
from experts.models import ExpertAssignment
from experts.services import expert_assign, expert_verify
from marketplace.errors import NotAllowed
from services.models import ServiceRequest
from tests.factories import (
    AchievementFactory,
    DemandFactory,
    ExpertFactory,
    ResearcherFactory,
    StaffFactory,
    tech_field,
)
from trading.models import Deal

pytestmark = pytest.mark.django_db


def test_experts_are_filtered_and_verified_ones_come_first():
    plain = ExpertFactory(languages="en,ru", certifications="patent_attorney")
    verified = ExpertFactory(languages="zh-hans", countries=["CN"])
    verified.fields.add(tech_field("biomedicine"))
    expert_verify(expert=verified, actor=StaffFactory())
    ExpertFactory(is_public=False)
    api = APIClient()
    ids = lambda **q: [row["id"] for row in api.get("/api/v1/experts/", q).json()["results"]]  # noqa: E731
    assert ids() == [verified.pk, plain.pk]
    assert ids(language="ru") == [plain.pk]
    assert ids(certification="patent_attorney") == [plain.pk]
    assert ids(field="biomedicine") == [verified.pk]
    assert ids(verified="true") == [verified.pk]
    assert "@" not in api.get("/api/v1/experts/").content.decode()  # no e-mail address ever


def test_only_staff_verify_and_assign():
    expert = ExpertFactory()
    with pytest.raises(NotAllowed):
        expert_verify(expert=expert, actor=ResearcherFactory())


def test_closed_deals_an_expert_was_assigned_to_show_on_the_profile(client):
    expert = ExpertFactory()
    achievement = AchievementFactory(published=True)
    deal = Deal.objects.create(
        achievement=achievement,
        source="negotiated",
        seller=achievement.owner,
        buyer=ResearcherFactory(),
        price="1000.00",
        currency="USD",
        agreed_on="2026-01-10",
        status="completed",
    )
    expert_assign(expert=expert, actor=StaffFactory(), deal=deal)
    row = APIClient().get(f"/api/v1/experts/{expert.pk}/").json()
    assert row["deals_closed"] == 1
    assert achievement.title_en in client.get(f"/en/experts/{expert.pk}/").content.decode()


def test_consult_an_expert_opens_a_request(client):
    expert = ExpertFactory()
    me = ResearcherFactory()
    client.force_login(me)
    response = client.post(f"/en/services/consult/{expert.pk}/", {"message": "Help with a licence."})
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.expert == expert and request.requester == me and request.provider is None


def test_staff_assign_an_expert_to_a_demand_a_match_or_a_deal_once_each():
    expert, staff = ExpertFactory(), StaffFactory()
    demand = DemandFactory(published=True)
    achievement = AchievementFactory(published=True)
    on_demand = expert_assign(expert=expert, actor=staff, demand=demand)
    on_match = expert_assign(expert=expert, actor=staff, demand=demand, achievement=achievement, note="Good fit")
    assert (on_match.achievement, on_match.demand, on_match.deal) == (achievement, demand, None)
    assert on_demand.achievement is None
    assert ExpertAssignment.objects.filter(expert=expert).count() == 2
    with pytest.raises(ExpertsError) as twice:
        expert_assign(expert=expert, actor=staff, demand=demand, achievement=achievement)
    assert twice.value.code == "already_assigned"
    with pytest.raises(ExpertsError) as half:
        expert_assign(expert=expert, actor=staff, achievement=achievement)  # a match needs its demand
    assert half.value.code == "invalid_subject"
    assert ExpertAssignment.objects.filter(expert=expert).count() == 2
