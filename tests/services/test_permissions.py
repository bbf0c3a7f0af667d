"""Who sees and who edits a listing, in every moderation state; what is not visible is "not found"."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from achievements.models import Achievement
from achievements.selectors import achievement_get, achievement_list, achievement_list_visible
from demands.models import Demand
from demands.selectors import demand_get, demand_list_visible
from marketplace.errors import NotFound
from marketplace.models import MembershipRole, MembershipStatus, ModerationState
from marketplace.permissions import can_edit_listing, can_view_listing, visible_listing_q
from tests.factories import (
    AchievementFactory,
    DemandFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

S = ModerationState
PUBLIC = {S.PUBLISHED, S.TRANSFERRED}
NOT_PUBLIC = [s for s in S.values if s not in PUBLIC]
# Who may edit (and therefore see unpublished) listings: the owner, admins of its institution, center staff.
EDITORS = {"owner", "institution_admin", "staff"}
ACTORS = [
    "anonymous",
    "owner",
    "other_researcher",
    "enterprise",
    "institution_admin",
    "institution_member",
    "pending_admin",
    "admin_of_another_institution",
    "inactive_owner",
    "staff",
]


@dataclass
class World:
    listing: Achievement
    actors: dict


def build_world(state: str, model_factory=AchievementFactory) -> World:
    institution = InstitutionFactory()
    owner = ResearcherFactory() if model_factory is AchievementFactory else EnterpriseFactory()
    MembershipFactory(user=owner, institution=institution)
    listing = model_factory(owner=owner, institution=institution, state=state)
    inactive_owner = ResearcherFactory(is_active=False)
    actors = {
        "anonymous": AnonymousUser(),
        "owner": owner,
        "other_researcher": ResearcherFactory(),
        "enterprise": EnterpriseFactory(),
        "institution_admin": MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user,
        "institution_member": MembershipFactory(institution=institution).user,
        "pending_admin": MembershipFactory(
            institution=institution, role=MembershipRole.ADMIN, status=MembershipStatus.PENDING
        ).user,
        "admin_of_another_institution": MembershipFactory(role=MembershipRole.ADMIN).user,
        "inactive_owner": inactive_owner,
        "staff": StaffFactory(),
    }
    return World(listing=listing, actors=actors)


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("who", ACTORS)
def test_visibility_and_edit_matrix(state, who):
    world = build_world(state)
    if who == "inactive_owner":
        world.listing.owner = world.actors["inactive_owner"]
        world.listing.save()
    user = world.actors[who]
    listing = world.listing
    may_edit = who in EDITORS
    may_see = state in PUBLIC or may_edit

    assert Achievement.objects.filter(visible_listing_q(user), pk=listing.pk).exists() is may_see
    assert can_view_listing(user, listing) is may_see
    assert can_edit_listing(user, listing) is may_edit


@pytest.mark.parametrize("state", NOT_PUBLIC)
@pytest.mark.parametrize("who", ["anonymous", "other_researcher", "enterprise", "institution_member"])
def test_achievement_get_hides_unpublished_ones_as_not_found(state, who):
    world = build_world(state)

    with pytest.raises(NotFound) as exc:
        achievement_get(pk=world.listing.pk, user=world.actors[who])

    assert exc.value.status == 404


@pytest.mark.parametrize("state", NOT_PUBLIC)
@pytest.mark.parametrize("who", sorted(EDITORS))
def test_achievement_get_shows_unpublished_ones_to_editors(state, who):
    world = build_world(state)

    assert achievement_get(pk=world.listing.pk, user=world.actors[who]) == world.listing


@pytest.mark.parametrize("state", sorted(PUBLIC))
def test_achievement_get_shows_public_ones_to_anyone(state):
    world = build_world(state)

    assert achievement_get(pk=world.listing.pk, user=AnonymousUser()) == world.listing


def test_achievement_get_of_a_missing_id_is_not_found(researcher):
    with pytest.raises(NotFound):
        achievement_get(pk=999_999, user=researcher)


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_demand_get_hides_unpublished_ones_from_others(state):
    world = build_world(state, DemandFactory)

    with pytest.raises(NotFound):
        demand_get(pk=world.listing.pk, user=world.actors["other_researcher"])
    assert demand_get(pk=world.listing.pk, user=world.actors["owner"]) == world.listing


def test_public_list_holds_published_achievements_only_even_for_staff():
    published = AchievementFactory(published=True)
    for state in NOT_PUBLIC:
        AchievementFactory(state=state)

    assert list(achievement_list().qs) == [published]


def test_api_lists_show_others_only_public_listings(researcher):
    mine = AchievementFactory(owner=researcher)
    public = AchievementFactory(published=True)
    AchievementFactory()  # someone else's draft
    DemandFactory(submitted=True)
    public_demand = DemandFactory(published=True)

    assert set(achievement_list_visible(user=researcher)) == {mine, public}
    assert set(achievement_list_visible(user=AnonymousUser())) == {public}
    assert list(demand_list_visible(user=researcher)) == [public_demand]
    assert set(Demand.objects.filter(visible_listing_q(StaffFactory()))) == set(Demand.objects.all())
