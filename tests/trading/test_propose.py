"""An institution administrator proposes an auction from the achievement's page; staff schedule one directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AchievementFactory, AuctionFactory, InstitutionFactory, MembershipFactory, StaffFactory
from trading.models import Auction, AuctionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def achievement():
    return AchievementFactory(published=True, institution=InstitutionFactory())


@pytest.fixture
def admin_client(client, achievement):
    membership = MembershipFactory(institution=achievement.institution, role="admin")
    client.force_login(membership.user)
    client.user = membership.user
    return client


def _form(**overrides) -> dict:
    start = timezone.now() + timedelta(days=1)
    data = {
        "kind": "english",
        "sealed_pricing": "",
        "currency": "EUR",
        "starting_price": "50000",
        "min_increment": "1000",
        "reserve_price": "",
        "soft_close_minutes": "5",
        "extension_minutes": "3",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "terms": "Licence under the centre's standard terms.",
    }
    return {**data, **overrides}


def _url(achievement) -> str:
    return reverse("trading:auction-propose", args=[achievement.pk])


def test_institution_admin_sees_the_button_and_proposes_an_auction_for_staff_approval(admin_client, achievement):
    assert _url(achievement) in admin_client.get(achievement.get_absolute_url()).content.decode()
    response = admin_client.post(_url(achievement), _form())
    auction = Auction.objects.get(achievement=achievement)
    assert response.status_code == 302 and response.url == auction.get_absolute_url()
    assert auction.state == "proposed" and auction.created_by == admin_client.user
    assert auction.soft_close_window == timedelta(minutes=5) and auction.currency == "EUR"
    assert AuctionEvent.objects.get(auction=auction).action == "proposed"
    # The proposer can follow it; the public cannot see it yet.
    assert admin_client.get(auction.get_absolute_url()).status_code == 200
    admin_client.logout()
    assert admin_client.get(auction.get_absolute_url()).status_code == 404


def test_staff_schedule_the_auction_at_once(client, achievement):
    client.force_login(StaffFactory())
    client.post(_url(achievement), _form())
    assert Auction.objects.get(achievement=achievement).state == "scheduled"


def test_owner_who_is_not_an_institution_admin_may_not_propose(client, achievement):
    client.force_login(achievement.owner)
    assert _url(achievement) not in client.get(achievement.get_absolute_url()).content.decode()
    assert client.post(_url(achievement), _form()).status_code == 403
    assert not Auction.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2020-01-01T10:00"}, "ends_at"),
        ({"kind": "sealed", "min_increment": "", "soft_close_minutes": "", "extension_minutes": ""}, "sealed_pricing"),
        ({"min_increment": ""}, "min_increment"),
        ({"reserve_price": "10"}, "reserve_price"),
        ({"deposit_required": "on", "deposit_amount": ""}, "deposit_amount"),
        ({"starting_price": "-1"}, "starting_price"),
    ],
)
def test_invalid_proposal_shows_the_error_and_saves_nothing(admin_client, achievement, overrides, field):
    response = admin_client.post(_url(achievement), _form(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Auction.objects.exists()


def test_no_second_auction_while_one_is_in_progress(admin_client, achievement):
    existing = AuctionFactory(achievement=achievement, seller=achievement.owner)
    page = admin_client.get(achievement.get_absolute_url()).content.decode()
    assert _url(achievement) not in page
    response = admin_client.post(_url(achievement), _form())
    assert existing.get_absolute_url() in response.content.decode()
    assert Auction.objects.count() == 1


def test_draft_achievement_cannot_be_auctioned(admin_client):
    draft = AchievementFactory(institution=InstitutionFactory())
    MembershipFactory(institution=draft.institution, role="admin", user=admin_client.user)
    assert admin_client.get(_url(draft)).status_code == 404
