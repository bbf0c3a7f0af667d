"""The moderation state machine, driven only through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from demands.models import Demand
from demands.services import demands_expire
from marketplace.errors import InvalidTransition, MarketplaceError, NotAllowed, NotFound
from marketplace.models import MembershipRole, ModerationAction, ModerationEvent, ModerationState
from marketplace.selectors import latest_staff_reasons, moderation_history
from marketplace.services import listing_archive, listing_moderate, listing_submit, listings_bulk_moderate
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
A = ModerationAction


@pytest.fixture
def draft(researcher):
    return AchievementFactory(owner=researcher)


def test_owner_submits_a_draft(draft, researcher):
    event = listing_submit(listing=draft, user=researcher)

    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED
    assert draft.submitted_at is not None
    assert (event.action, event.from_state, event.to_state, event.actor) == (A.SUBMIT, S.DRAFT, S.SUBMITTED, researcher)


def test_owner_resubmits_after_changes_were_requested(draft, researcher, staff):
    listing_submit(listing=draft, user=researcher)
    listing_moderate(listing=draft, actor=staff, action=A.REQUEST_CHANGES, reason="Add the TRL evidence.")

    event = listing_submit(listing=draft, user=researcher)

    assert draft.state == S.SUBMITTED
    assert (event.from_state, event.to_state) == (S.CHANGES_REQUESTED, S.SUBMITTED)


def test_a_second_submit_is_refused_as_already_submitted(draft, researcher):
    listing_submit(listing=draft, user=researcher)

    with pytest.raises(InvalidTransition) as exc:
        listing_submit(listing=draft, user=researcher)

    assert exc.value.code == "already_submitted"
    assert exc.value.status == 409
    assert ModerationEvent.objects.filter(action=A.SUBMIT).count() == 1


@pytest.mark.parametrize("state", [S.PUBLISHED, S.REJECTED, S.ARCHIVED])
def test_listings_outside_draft_or_changes_requested_cannot_be_submitted(researcher, state):
    listing = AchievementFactory(owner=researcher, state=state)

    with pytest.raises(InvalidTransition) as exc:
        listing_submit(listing=listing, user=researcher)

    assert exc.value.code == "invalid_state"
    listing.refresh_from_db()
    assert listing.state == state


def test_submit_validates_the_listing_first(researcher):
    listing = AchievementFactory(owner=researcher, contact_email="not an address")

    with pytest.raises(ValidationError) as exc:
        listing_submit(listing=listing, user=researcher)

    assert "contact_email" in exc.value.message_dict
    listing.refresh_from_db()
    assert listing.state == S.DRAFT


def test_staff_approve_a_submitted_listing(staff):
    listing = DemandFactory(submitted=True)

    event = listing_moderate(listing=listing, actor=staff, action=A.APPROVE)

    listing.refresh_from_db()
    assert listing.state == S.PUBLISHED
    assert listing.published_at is not None
    assert (event.actor, event.from_state, event.to_state) == (staff, S.SUBMITTED, S.PUBLISHED)


@pytest.mark.parametrize("state", [S.DRAFT, S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED, S.ARCHIVED])
@pytest.mark.parametrize("action", [A.APPROVE, A.REQUEST_CHANGES, A.REJECT])
def test_staff_decide_only_on_submitted_listings(staff, state, action):
    listing = AchievementFactory(state=state)

    with pytest.raises(InvalidTransition):
        listing_moderate(listing=listing, actor=staff, action=action, reason="A reason.")

    listing.refresh_from_db()
    assert listing.state == state
    assert not ModerationEvent.objects.exists()


@pytest.mark.parametrize("action", [A.REQUEST_CHANGES, A.REJECT])
@pytest.mark.parametrize("reason", ["", "   \n"])
def test_request_changes_and_reject_need_a_reason(staff, action, reason):
    listing = AchievementFactory(submitted=True)

    with pytest.raises(MarketplaceError) as exc:
        listing_moderate(listing=listing, actor=staff, action=action, reason=reason)

    assert exc.value.code == "reason_required"
    listing.refresh_from_db()
    assert listing.state == S.SUBMITTED


@pytest.mark.parametrize(("action", "state"), [(A.REQUEST_CHANGES, S.CHANGES_REQUESTED), (A.REJECT, S.REJECTED)])
def test_the_reason_is_kept_with_the_decision(staff, action, state):
    listing = AchievementFactory(submitted=True)

    listing_moderate(listing=listing, actor=staff, action=action, reason="  The summary reveals the claims.  ")

    assert listing.state == state
    event = ModerationEvent.objects.get(action=action)
    assert event.reason == "The summary reveals the claims."
    assert latest_staff_reasons(listings=[listing])[listing.pk] == event


@pytest.mark.parametrize("who", ["owner", "researcher", "enterprise", "institution_admin"])
def test_only_center_staff_moderate(who):
    institution = InstitutionFactory()
    listing = AchievementFactory(submitted=True, institution=institution)
    actor = {
        "owner": lambda: listing.owner,
        "researcher": ResearcherFactory,
        "enterprise": EnterpriseFactory,
        "institution_admin": lambda: MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user,
    }[who]()

    with pytest.raises(NotAllowed):
        listing_moderate(listing=listing, actor=actor, action=A.APPROVE)

    listing.refresh_from_db()
    assert listing.state == S.SUBMITTED


def test_an_inactive_staff_account_cannot_moderate():
    listing = AchievementFactory(submitted=True)
    former = StaffFactory(is_active=False)

    with pytest.raises(NotAllowed):
        listing_moderate(listing=listing, actor=former, action=A.APPROVE)


def test_unknown_moderation_actions_are_refused(staff):
    listing = AchievementFactory(submitted=True)

    for action in ("submit", "archive", "publish"):
        with pytest.raises(MarketplaceError) as exc:
            listing_moderate(listing=listing, actor=staff, action=action)
        assert exc.value.code == "invalid_action"
    listing.refresh_from_db()
    assert listing.state == S.SUBMITTED


def test_owner_archives_a_published_listing(researcher):
    listing = AchievementFactory(owner=researcher, published=True)

    event = listing_archive(listing=listing, user=researcher)

    listing.refresh_from_db()
    assert listing.state == S.ARCHIVED
    assert (event.from_state, event.to_state) == (S.PUBLISHED, S.ARCHIVED)


def test_a_listing_under_review_cannot_be_archived(researcher):
    listing = AchievementFactory(owner=researcher, submitted=True)

    with pytest.raises(InvalidTransition):
        listing_archive(listing=listing, user=researcher)


@pytest.mark.parametrize("who", ["researcher", "enterprise", "member"])
def test_someone_who_cannot_edit_gets_not_found_on_submit_and_archive(who):
    institution = InstitutionFactory()
    listing = AchievementFactory(institution=institution)
    user = {
        "researcher": ResearcherFactory,
        "enterprise": EnterpriseFactory,
        "member": lambda: MembershipFactory(institution=institution).user,
    }[who]()

    with pytest.raises(NotFound):
        listing_submit(listing=listing, user=user)
    with pytest.raises(NotFound):
        listing_archive(listing=listing, user=user)
    listing.refresh_from_db()
    assert listing.state == S.DRAFT


def test_the_institution_admin_submits_on_behalf_of_a_member():
    institution = InstitutionFactory()
    listing = AchievementFactory(institution=institution)
    admin_user = MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user

    listing_submit(listing=listing, user=admin_user)

    assert listing.state == S.SUBMITTED


def test_the_history_is_recorded_in_order(draft, researcher, staff):
    listing_submit(listing=draft, user=researcher)
    listing_moderate(listing=draft, actor=staff, action=A.REQUEST_CHANGES, reason="Fix the title.")
    listing_submit(listing=draft, user=researcher)
    listing_moderate(listing=draft, actor=staff, action=A.APPROVE)
    listing_archive(listing=draft, user=researcher)

    history = list(moderation_history(listing=draft))[::-1]  # the selector gives newest first

    assert [(e.action, e.from_state, e.to_state) for e in history] == [
        (A.SUBMIT, S.DRAFT, S.SUBMITTED),
        (A.REQUEST_CHANGES, S.SUBMITTED, S.CHANGES_REQUESTED),
        (A.SUBMIT, S.CHANGES_REQUESTED, S.SUBMITTED),
        (A.APPROVE, S.SUBMITTED, S.PUBLISHED),
        (A.ARCHIVE, S.PUBLISHED, S.ARCHIVED),
    ]
    assert [e.actor for e in history] == [researcher, staff, researcher, staff, researcher]


def test_history_of_a_demand_is_not_mixed_with_an_achievement_of_the_same_id(staff):
    achievement = AchievementFactory(submitted=True)
    demand = DemandFactory(submitted=True)
    listing_moderate(listing=achievement, actor=staff, action=A.APPROVE)

    assert list(moderation_history(listing=demand)) == []
    assert len(moderation_history(listing=achievement)) == 1


def test_bulk_moderation_counts_done_and_skipped(staff):
    waiting = DemandFactory.create_batch(2, submitted=True)
    draft = DemandFactory()

    done, skipped = listings_bulk_moderate(
        listings=Demand.objects.all(), actor=staff, action=A.REJECT, reason="Duplicate."
    )

    assert (done, skipped) == (2, 1)
    assert {d.state for d in Demand.objects.filter(pk__in=[w.pk for w in waiting])} == {S.REJECTED}
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


# --- notifications ------------------------------------------------------------------------------------------------


def test_the_owner_is_mailed_the_decision(staff, django_capture_on_commit_callbacks):
    listing = AchievementFactory(submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        listing_moderate(listing=listing, actor=staff, action=A.REQUEST_CHANGES, reason="Add the patent number.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [listing.owner.email]
    assert str(listing) in message.subject
    assert "Add the patent number." in message.body


def test_a_submission_is_mailed_to_the_staff_list(settings, researcher, draft, django_capture_on_commit_callbacks):
    settings.STAFF_NOTIFICATION_EMAILS = ["queue@brics-ttc.example"]

    with django_capture_on_commit_callbacks(execute=True):
        listing_submit(listing=draft, user=researcher)

    assert [m.to for m in mail.outbox] == [["queue@brics-ttc.example"]]


def test_nothing_is_mailed_when_the_decision_is_refused(staff, django_capture_on_commit_callbacks):
    listing = AchievementFactory(published=True)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidTransition):
        listing_moderate(listing=listing, actor=staff, action=A.APPROVE)

    assert mail.outbox == []


# --- expiry -------------------------------------------------------------------------------------------------------


def test_demands_expire_archives_only_expired_published_demands():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    expired = DemandFactory(published=True, expires_at=yesterday)
    due_today = DemandFactory(published=True, expires_at=today)
    open_ended = DemandFactory(published=True, expires_at=None)
    expired_draft = DemandFactory(expires_at=yesterday)
    expired_submitted = DemandFactory(submitted=True, expires_at=yesterday)

    assert demands_expire() == 1

    states = {d.pk: d.state for d in Demand.objects.all()}
    assert states[expired.pk] == S.ARCHIVED
    assert states[due_today.pk] == S.PUBLISHED
    assert states[open_ended.pk] == S.PUBLISHED
    assert states[expired_draft.pk] == S.DRAFT
    assert states[expired_submitted.pk] == S.SUBMITTED
    event = ModerationEvent.objects.get(action=A.ARCHIVE)
    assert event.actor is None
    assert event.reason == "Expired"
    assert demands_expire() == 0
