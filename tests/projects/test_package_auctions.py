"""A published project auctioned as a package: who may offer it, when it is refused or halted, and the bids, close
and deal of a package auction under the trading invariants (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from achievements.models import Achievement
from marketplace.models import MembershipRole, ModerationState
from marketplace.services import listing_archive
from projects.models import MemberRole
from projects.services import project_remove_achievement
from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ProjectAchievementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    StaffFactory,
    UserFactory,
    place_bid,
)
from trading.errors import TradingError
from trading.invariants import replay_invariants
from trading.models import Auction, AuctionAction, AuctionResult, AuctionState, Deal, LotType
from trading.services import AuctionSpec, auction_approve, auction_close, auction_create

pytestmark = pytest.mark.django_db


def _spec(**overrides) -> AuctionSpec:
    now = timezone.now()
    values = {
        "kind": "english",
        "currency": "USD",
        "starting_price": Decimal("100000"),
        "min_increment": Decimal("5000"),
        "starts_at": now - timedelta(minutes=1),
        "ends_at": now + timedelta(days=2),
    }
    values.update(overrides)
    return AuctionSpec(**values)


def _admin_of(institution):
    user = UserFactory(role=Role.INSTITUTION_ADMIN)
    MembershipFactory(user=user, institution=institution, role=MembershipRole.ADMIN)
    return user


@pytest.fixture
def package():
    """A published project led by a CN institution, bundling two confirmed achievements of two other institutions
    (IN, BR), with a confirmed consortium (the lead and the IN provider)."""
    lead = InstitutionFactory(country="CN")
    project = ProjectFactory(
        institution=lead, country="CN", state=ModerationState.PUBLISHED, published_at=timezone.now()
    )
    ProjectMemberFactory(project=project, institution=lead, role=MemberRole.LEAD)
    first = AchievementFactory(published=True, country="IN", institution=InstitutionFactory(country="IN"))
    second = AchievementFactory(published=True, country="BR", institution=InstitutionFactory(country="BR"))
    ProjectAchievementFactory(project=project, achievement=first)
    ProjectAchievementFactory(project=project, achievement=second)
    ProjectMemberFactory(project=project, institution=first.institution, role=MemberRole.TECHNOLOGY_PROVIDER)
    project.lead_admin = _admin_of(lead)
    project.achievements = (first, second)
    return project


def _error(**kwargs) -> TradingError:
    with pytest.raises(TradingError) as caught:
        auction_create(**kwargs)
    return caught.value


# --- who may offer a package ------------------------------------------------------------------------------------


def test_staff_schedule_a_package_auction_at_once(package):
    auction = auction_create(lot=package, actor=StaffFactory(), spec=_spec())
    assert (auction.state, auction.lot_type, auction.project_id, auction.achievement_id) == (
        AuctionState.SCHEDULED,
        LotType.PACKAGE,
        package.pk,
        None,
    )
    assert auction.seller_id == package.owner_id and auction.seller_institution_id == package.institution_id


def test_the_lead_institutions_admin_proposes_a_package_auction_for_staff_approval(package):
    auction = auction_create(lot=package, actor=package.lead_admin, spec=_spec())
    assert auction.state == AuctionState.PROPOSED
    assert auction.events.get().action == AuctionAction.PROPOSED
    assert auction_approve(auction=auction, actor=StaffFactory()).state == AuctionState.SCHEDULED


@pytest.mark.parametrize("who", ["partner_admin", "achievement_owner", "lead_member", "enterprise", "researcher"])
def test_nobody_else_may_offer_a_package(package, who):
    first = package.achievements[0]
    member = UserFactory(role=Role.RESEARCHER)
    MembershipFactory(user=member, institution=package.institution)
    actor = {
        "partner_admin": _admin_of(first.institution),  # a consortium member's admin, not the lead's
        "achievement_owner": first.owner,
        "lead_member": member,  # a plain member of the lead institution
        "enterprise": EnterpriseFactory(),
        "researcher": UserFactory(role=Role.RESEARCHER),
    }[who]
    assert _error(lot=package, actor=actor, spec=_spec()).code == "permission_denied"
    assert not Auction.objects.exists()


def test_a_draft_project_cannot_be_offered(package):
    package.state = ModerationState.DRAFT
    package.save(update_fields=["state"])
    assert _error(lot=package, actor=StaffFactory(), spec=_spec()).code == "invalid_state"


# --- a package is auctioned only whole --------------------------------------------------------------------------


def test_a_package_with_an_unconfirmed_achievement_is_refused(package):
    package.bundle.filter(achievement=package.achievements[1]).update(confirmed_at=None)
    error = _error(lot=package, actor=StaffFactory(), spec=_spec())
    assert error.code == "lot_incomplete" and error.status == 409
    assert not Auction.objects.exists()


def test_a_package_with_a_withdrawn_achievement_is_refused(package):
    listing_archive(listing=package.achievements[0], user=package.achievements[0].owner)
    assert package.bundle.filter(withdrawn_at__isnull=False).count() == 1
    assert _error(lot=package, actor=StaffFactory(), spec=_spec()).code == "lot_incomplete"


def test_an_achievement_on_auction_alone_blocks_the_package_and_the_other_way_round(package):
    staff = StaffFactory()
    alone = auction_create(lot=package.achievements[0], actor=staff, spec=_spec())
    assert _error(lot=package, actor=staff, spec=_spec()).code == "lot_incomplete"
    Auction.objects.filter(pk=alone.pk).update(state=AuctionState.CANCELLED)
    auction_create(lot=package, actor=staff, spec=_spec())
    assert _error(lot=package.achievements[1], actor=staff, spec=_spec()).code == "lot_incomplete"


def test_one_package_auction_at_a_time(package):
    staff = StaffFactory()
    auction_create(lot=package, actor=staff, spec=_spec())
    assert _error(lot=package, actor=staff, spec=_spec()).code == "auction_exists"


def test_approval_is_refused_once_an_owner_took_their_achievement_back(package):
    auction = auction_create(lot=package, actor=package.lead_admin, spec=_spec())
    # Behind the services' back (no halt): the approval itself must see the package is no longer whole.
    package.bundle.filter(achievement=package.achievements[0]).update(confirmed_at=None)
    with pytest.raises(TradingError) as caught:
        auction_approve(auction=auction, actor=StaffFactory())
    assert caught.value.code == "lot_incomplete"


def test_an_achievement_archived_later_halts_the_package_auction_visibly(package):
    staff = StaffFactory()
    auction = auction_create(lot=package, actor=staff, spec=_spec())
    bidder = EnterpriseFactory()
    place_bid(auction, bidder, amount="100000")
    listing_archive(listing=package.achievements[1], user=package.achievements[1].owner)
    auction.refresh_from_db()
    assert auction.state == AuctionState.CANCELLED
    halt = auction.events.get(action=AuctionAction.LOT_INCOMPLETE)
    assert halt.actor is None and "withdrawn" in halt.reason
    assert auction.bids.count() == 1  # the log stays
    assert replay_invariants(auction_id=auction.pk).ok
    # The project still lists the achievement, flagged, and its page says it is incomplete.
    assert package.bundle.filter(withdrawn_at__isnull=False).count() == 1
    page = reverse("projects:detail", kwargs={"pk": package.pk})
    assert "incomplete" in Client().get(page).content.decode()


def test_an_owner_taking_their_achievement_out_halts_the_package_auction(package):
    auction = auction_create(lot=package, actor=StaffFactory(), spec=_spec())
    inclusion = package.bundle.get(achievement=package.achievements[0])
    project_remove_achievement(inclusion=inclusion, user=package.achievements[0].owner)
    auction.refresh_from_db()
    assert auction.state == AuctionState.CANCELLED


def test_bids_and_the_close_refuse_a_package_made_incomplete_behind_the_services_back(package):
    auction = auction_create(lot=package, actor=StaffFactory(), spec=_spec())
    package.bundle.filter(achievement=package.achievements[0]).update(withdrawn_at=timezone.now())
    with pytest.raises(TradingError) as caught:
        place_bid(auction, EnterpriseFactory(), amount="100000")
    assert caught.value.code == "lot_incomplete"
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert auction_close(auction_id=auction.pk) is True
    auction.refresh_from_db()
    assert auction.state == AuctionState.CANCELLED and not Deal.objects.exists()


# --- bids, close, deal --------------------------------------------------------------------------------------------


def test_sellers_of_any_bundled_achievement_cannot_bid_on_the_package(package):
    auction = auction_create(lot=package, actor=StaffFactory(), spec=_spec())
    provider_member = UserFactory(role=Role.RESEARCHER)
    MembershipFactory(user=provider_member, institution=package.achievements[1].institution)
    lead_member = UserFactory(role=Role.ENTERPRISE)
    MembershipFactory(user=lead_member, institution=package.institution)
    for user in (provider_member, lead_member):
        with pytest.raises(TradingError) as caught:
            place_bid(auction, user, amount="100000")
        assert caught.value.code == "seller_cannot_bid"


def test_a_package_auction_is_bid_on_closed_and_sold_as_one_deal(package):
    auction = auction_create(lot=package, actor=StaffFactory(), spec=_spec())
    first, second = EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, first, amount="100000")
    place_bid(auction, second, max_amount="130000")
    place_bid(auction, first, amount="120000")
    auction.refresh_from_db()
    assert auction.current_price == Decimal("125000.00") and auction.leader.user == second
    # The close runs once the end has passed, as beat would (the clock moved past it, not the end moved back).
    with mock.patch("django.utils.timezone.now", return_value=auction.ends_at + timedelta(seconds=1)):
        assert auction_close(auction_id=auction.pk) is True
        assert auction_close(auction_id=auction.pk) is False  # exactly once
    auction.refresh_from_db()
    assert (auction.result, auction.final_price) == (AuctionResult.WON, Decimal("125000.00"))
    deal = Deal.objects.get()
    assert (deal.project_id, deal.achievement_id, deal.buyer, deal.price) == (
        package.pk,
        None,
        second,
        Decimal("125000.00"),
    )
    assert deal.lot_type == LotType.PACKAGE and deal.seller_institution_id == package.institution_id
    assert set(Achievement.objects.filter(under_transfer=True).values_list("pk", flat=True)) == {
        a.pk for a in package.achievements
    }
    report = replay_invariants(auction_id=auction.pk)
    assert report.ok, report.violations


def test_an_auction_is_bound_to_exactly_one_lot(package):
    auction = AuctionFactory(achievement=None, project=package, seller=package.owner)
    assert auction.is_package
    with pytest.raises(IntegrityError), transaction.atomic():
        AuctionFactory(project=package, seller=package.owner)  # an achievement and a project


# --- the API names the lot ------------------------------------------------------------------------------------------


def test_the_auctions_api_gives_the_lot_type_and_the_package(package):
    auction = auction_create(lot=package, actor=StaffFactory(), spec=_spec())
    single = auction_create(lot=AchievementFactory(published=True), actor=StaffFactory(), spec=_spec())
    client = APIClient()
    detail = client.get(f"/api/v1/auctions/{auction.pk}/").json()
    assert (detail["lot_type"], detail["achievement"]) == ("package", None)
    assert detail["package"]["id"] == package.pk and detail["package"]["title"] == package.title
    listed = {row["id"]: row for row in client.get("/api/v1/auctions/?phase=live").json()["results"]}
    assert (listed[auction.pk]["lot_type"], listed[auction.pk]["package"]["id"]) == ("package", package.pk)
    assert (listed[single.pk]["lot_type"], listed[single.pk]["package"]) == ("achievement", None)
    assert listed[single.pk]["achievement"]["id"] == single.achievement_id
