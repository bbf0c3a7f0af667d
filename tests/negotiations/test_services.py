from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.errors import MarketplaceError
from marketplace.models import MembershipRole
from negotiations.models import Block, Conversation, ConversationState, Message, Participant, Side
from negotiations.services import conversation_start, message_post, outcome_set
from notifications.models import Notification
from tests.factories import (
    AchievementFactory,
    ConversationFactory,
    DemandFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
)
from trading.models import Deal, DealSource, DealStatus

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises(MarketplaceError) as exc:
        call()
    return exc.value.code


def test_inquiry_seats_the_owner_and_the_institutions_admins_and_notifies_them():
    institution = InstitutionFactory()
    owner = ResearcherFactory()
    admin = MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user
    MembershipFactory(institution=institution)  # a plain member is not a technology manager
    achievement = AchievementFactory(published=True, owner=owner, institution=institution)

    conversation = ConversationFactory(achievement=achievement)

    sides = {p.user_id: p.side for p in conversation.participants.all()}
    assert sides == {owner.pk: Side.OWNER, admin.pk: Side.OWNER, conversation.requester_id: Side.REQUESTER}
    assert conversation.messages.count() == 1
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {owner.pk, admin.pk}


def test_the_owner_and_colleagues_of_the_owners_organisation_cannot_open_one():
    institution = InstitutionFactory()
    achievement = AchievementFactory(published=True, institution=institution)
    colleague = MembershipFactory(institution=institution).user

    def start(user):
        return lambda: conversation_start(
            user=user, subject_type="achievement", subject_id=achievement.pk, purpose="licence", body="Hi"
        )

    assert _code(start(achievement.owner)) == "own_listing"
    assert _code(start(colleague)) == "own_organisation"
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    ("subject_type", "subject_id", "code"),
    [
        ("auction", 1, "invalid_subject_type"),
        ("achievement", 999999, "unknown_subject"),
        ("demand", "x", "unknown_subject"),
    ],
)
def test_unknown_subjects_are_refused(subject_type, subject_id, code):
    user = EnterpriseFactory()
    call = lambda: conversation_start(  # noqa: E731
        user=user, subject_type=subject_type, subject_id=subject_id, purpose="licence", body="Hi"
    )
    assert _code(call) == code


def test_a_draft_listing_cannot_be_contacted():
    draft = AchievementFactory()
    call = lambda: ConversationFactory(achievement=draft)  # noqa: E731
    assert _code(call) == "unknown_subject"


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "empty_body"), ("   \n ", "empty_body"), ("a\x00b", "invalid_body"), ("x" * 10_001, "body_too_long")],
)
def test_hostile_bodies_are_refused_and_nothing_is_saved(body, code):
    achievement = AchievementFactory(published=True)
    call = lambda: ConversationFactory(achievement=achievement, body=body)  # noqa: E731
    assert _code(call) == code
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


def test_script_tags_are_stored_as_text():
    conversation = ConversationFactory(body="<script>alert(1)</script>")
    assert conversation.messages.get().body == "<script>alert(1)</script>"


def test_enterprises_do_not_propose_solutions_but_researchers_do_with_their_own_achievements():
    demand = DemandFactory(published=True)
    researcher = ResearcherFactory()
    mine = AchievementFactory(published=True, owner=researcher)
    someone_elses = AchievementFactory(published=True)

    assert _code(lambda: ConversationFactory(demand=demand)) == "not_a_proposer"
    assert (
        _code(
            lambda: ConversationFactory(demand=demand, requester=researcher, offered_achievement_ids=[someone_elses.pk])
        )
        == "invalid_offered_achievement"
    )
    conversation = ConversationFactory(demand=demand, requester=researcher, offered_achievement_ids=[mine.pk])
    assert conversation.purpose == "solution"
    assert list(conversation.offered_achievements.all()) == [mine]


def test_a_second_open_conversation_about_the_same_listing_points_to_the_first():
    conversation = ConversationFactory()
    with pytest.raises(MarketplaceError) as exc:
        ConversationFactory(requester=conversation.requester, achievement=conversation.achievement)
    assert exc.value.code == "conversation_exists"
    assert exc.value.data == {"id": conversation.pk}


def test_new_conversations_per_day_are_throttled(settings):
    settings.NEGOTIATION_CONVERSATIONS_PER_DAY = 2
    requester = EnterpriseFactory()
    ConversationFactory(requester=requester)
    ConversationFactory(requester=requester)
    assert _code(lambda: ConversationFactory(requester=requester)) == "throttled"
    Conversation.objects.update(created_at=timezone.now() - timedelta(days=2))
    ConversationFactory(requester=requester)


def test_messages_per_minute_are_throttled(settings):
    settings.NEGOTIATION_MESSAGES_PER_MINUTE = 3
    conversation = ConversationFactory()
    user = conversation.requester
    message_post(conversation=conversation, user=user, body="two")
    message_post(conversation=conversation, user=user, body="three")
    assert _code(lambda: message_post(conversation=conversation, user=user, body="four")) == "throttled"


def test_a_retried_send_with_the_same_key_returns_the_original():
    conversation = ConversationFactory()
    user = conversation.requester
    first, created = message_post(conversation=conversation, user=user, body="Hello", idempotency_key="k1")
    again, created_again = message_post(conversation=conversation, user=user, body="Hello", idempotency_key="k1")
    assert created and not created_again
    assert again.pk == first.pk
    assert conversation.messages.count() == 2
    assert (
        _code(lambda: message_post(conversation=conversation, user=user, body="Other", idempotency_key="k1"))
        == "idempotency_key_reused"
    )


def test_the_same_key_from_the_other_side_is_a_new_message():
    conversation = ConversationFactory()
    owner, requester = conversation.achievement.owner, conversation.requester
    mine, _created = message_post(conversation=conversation, user=requester, body="Hello", idempotency_key="k1")
    theirs, created = message_post(conversation=conversation, user=owner, body="Hello", idempotency_key="k1")
    assert created and theirs.pk != mine.pk
    again, created_again = message_post(conversation=conversation, user=owner, body="Hello", idempotency_key="k1")
    assert not created_again and again.pk == theirs.pk
    assert (again.author_id, again.body, again.conversation_id) == (owner.pk, "Hello", conversation.pk)


def test_owner_reply_starts_the_negotiation_and_a_closed_conversation_takes_no_message():
    conversation = ConversationFactory()
    owner = conversation.achievement.owner
    message_post(conversation=conversation, user=owner, body="Thank you for your interest.")
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.NEGOTIATING
    outcome_set(conversation=conversation, user=owner, state="closed", reason="timing")
    assert _code(lambda: message_post(conversation=conversation, user=owner, body="late")) == "conversation_closed"


def test_closing_needs_a_reason():
    conversation = ConversationFactory()
    assert _code(lambda: outcome_set(conversation=conversation, user=conversation.requester, state="closed")) == (
        "reason_required"
    )


def test_an_agreement_records_a_negotiated_deal_pending_signature():
    conversation = ConversationFactory()
    outcome_set(
        conversation=conversation, user=conversation.achievement.owner, state="agreed", price="120000", currency="USD"
    )
    conversation.refresh_from_db()
    deal = Deal.objects.get()
    assert conversation.state == ConversationState.AGREED
    assert conversation.deal == deal
    assert (deal.source, deal.status, deal.buyer, deal.seller) == (
        DealSource.NEGOTIATED,
        DealStatus.PENDING_SIGNATURE,
        conversation.requester,
        conversation.achievement.owner,
    )
    # Pressing it again (the other side, a double click) records no second deal.
    assert (
        _code(
            lambda: outcome_set(
                conversation=conversation, user=conversation.requester, state="agreed", price="1", currency="USD"
            )
        )
        == "invalid_state"
    )
    assert Deal.objects.count() == 1


@pytest.mark.parametrize(("price", "currency"), [("-1", "USD"), ("abc", "USD"), ("NaN", "USD"), ("10", "XXX")])
def test_an_agreement_needs_a_valid_price(price, currency):
    conversation = ConversationFactory()
    call = lambda: outcome_set(  # noqa: E731
        conversation=conversation, user=conversation.requester, state="agreed", price=price, currency=currency
    )
    assert _code(call) in ("invalid_price", "invalid_currency")
    assert not Deal.objects.exists()


def test_an_agreement_on_a_proposal_sells_the_offered_achievement_to_the_demands_owner():
    researcher = ResearcherFactory()
    offered = AchievementFactory(published=True, owner=researcher)
    demand = DemandFactory(published=True)
    conversation = ConversationFactory(demand=demand, requester=researcher, offered_achievement_ids=[offered.pk])
    outcome_set(conversation=conversation, user=demand.owner, state="agreed", price="5000", currency="EUR")
    deal = Deal.objects.get()
    assert (deal.achievement, deal.seller, deal.buyer) == (offered, researcher, demand.owner)


def test_a_blocked_person_can_neither_open_nor_write():
    conversation = ConversationFactory()
    owner = conversation.achievement.owner
    Block.objects.create(blocker=owner, blocked=conversation.requester)
    assert _code(lambda: message_post(conversation=conversation, user=conversation.requester, body="hi")) == "blocked"
    other = AchievementFactory(published=True, owner=owner)
    assert _code(lambda: ConversationFactory(requester=conversation.requester, achievement=other)) == "blocked"


def test_outsiders_cannot_write():
    conversation = ConversationFactory()
    assert _code(lambda: message_post(conversation=conversation, user=EnterpriseFactory(), body="hi")) == "not_found"
    assert Participant.objects.filter(conversation=conversation).count() == 2
