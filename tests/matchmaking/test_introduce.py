"""Staff introduce a demand's side to a matching achievement's side: one conversation, both sides and the staff member
in it, the achievement offered, the staff's note first; both sides are notified; never within one side."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from marketplace.errors import NotAllowed
from negotiations.errors import NegotiationError
from negotiations.models import Conversation, Side
from negotiations.services import conversation_introduce
from notifications.models import Notification
from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, EnterpriseFactory, ResearcherFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    demand = DemandFactory(
        published=True,
        owner=EnterpriseFactory(),
        title_en="Recycling lithium batteries",
        description_en="We look for a hydrometallurgical process to recover lithium and cobalt from used batteries.",
    )
    achievement = AchievementFactory(
        published=True,
        owner=ResearcherFactory(),
        field=demand.field,
        title_en="Lithium battery recycling by hydrometallurgy",
        summary_en="Recovers lithium, cobalt and nickel from used batteries.",
    )
    return demand, achievement


def test_an_introduction_opens_one_conversation_with_both_sides_and_the_staff_member(
    pair, django_capture_on_commit_callbacks
):
    demand, achievement = pair
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        conversation, created = conversation_introduce(
            staff=staff, demand=demand, achievement=achievement, note="Meet each other, please."
        )
    assert created and conversation.demand == demand and conversation.requester == achievement.owner
    assert list(conversation.offered_achievements.all()) == [achievement]
    sides = dict(conversation.participants.values_list("user_id", "side"))
    assert sides == {demand.owner_id: Side.OWNER, achievement.owner_id: Side.REQUESTER, staff.pk: Side.STAFF}
    assert conversation.messages.get().body == "Meet each other, please."
    told = set(Notification.objects.filter(kind="conversation.new").values_list("recipient_id", flat=True))
    assert told == {demand.owner_id, achievement.owner_id}

    again, created = conversation_introduce(staff=staff, demand=demand, achievement=achievement, note="Again")
    assert not created and again == conversation and Conversation.objects.count() == 1


def test_only_staff_introduce_and_never_one_side_to_itself(pair):
    demand, achievement = pair
    with pytest.raises(NotAllowed):
        conversation_introduce(staff=EnterpriseFactory(), demand=demand, achievement=achievement, note="Hi")
    own = AchievementFactory(published=True, owner=demand.owner)
    with pytest.raises(NegotiationError) as refused:
        conversation_introduce(staff=StaffFactory(), demand=demand, achievement=own, note="Hi")
    assert refused.value.code == "same_side"
    draft = AchievementFactory(owner=ResearcherFactory())
    with pytest.raises(NegotiationError) as refused:
        conversation_introduce(staff=StaffFactory(), demand=demand, achievement=draft, note="Hi")
    assert refused.value.code == "not_published"
    assert not Conversation.objects.exists()


def test_the_admin_action_asks_for_the_match_and_the_note_then_introduces(pair, client, embedded_search):
    demand, achievement = pair
    search_reindex()
    client.force_login(StaffFactory(is_superuser=True))
    url = reverse("admin:matchmaking_demandmatchmaking_changelist")
    base = {"action": "introduce", helpers.ACTION_CHECKBOX_NAME: [demand.pk]}

    page = client.post(url, base)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lithium battery recycling by hydrometallurgy" in html and 'name="note"' in html

    done = client.post(
        url, {**base, "confirm": "yes", "achievement": achievement.pk, "note": "Please talk."}, follow=True
    )
    conversation = Conversation.objects.get()
    assert conversation.offered_achievements.get() == achievement
    assert "Introduced: the conversation is open." in done.content.decode()
