"""The demo's conversations (seed_demo): alive in the inbox, each kind of event present, idempotent."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from accounts.models import User
from negotiations.models import Conversation, ConversationState, MeetingState, MessageTranslation
from negotiations.selectors import conversation_list
from trading.models import DealSource, DealStatus

DEMO = "demo.brics-ttc.org"


class DemoConversationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", force=True, stdout=StringIO())
        cls.researcher = User.objects.get(email=f"researcher@{DEMO}")
        cls.enterprise = User.objects.get(email=f"enterprise@{DEMO}")

    def test_a_spanish_inquiry_reads_in_english_with_an_accepted_meeting(self):
        conversation = Conversation.objects.get(requester__email=f"lucia.fernandez@{DEMO}")
        spanish = conversation.messages.filter(language="es").first()
        assert MessageTranslation.objects.get(message=spanish, language="en").text.startswith("Good morning.")
        assert conversation.meetings.get().state == MeetingState.ACCEPTED
        assert conversation.state == ConversationState.NEGOTIATING

    def test_a_proposal_to_a_demand_and_an_agreement_that_became_a_deal(self):
        proposal = Conversation.objects.get(requester=self.researcher, subject_type="demand")
        assert proposal.offered_achievements.exists()
        agreed = Conversation.objects.get(state=ConversationState.AGREED)
        assert (agreed.deal.source, agreed.deal.status) == (DealSource.NEGOTIATED, DealStatus.PENDING_SIGNATURE)

    def test_the_inbox_is_alive_for_the_demo_logins(self):
        assert conversation_list(user=self.researcher).count() == 3
        assert conversation_list(user=self.researcher, unread_only=True).exists()
        assert conversation_list(user=self.enterprise).count() == 1

    def test_loading_again_creates_nothing(self):
        before = Conversation.objects.count()
        call_command("seed_demo", force=True, stdout=StringIO())
        assert Conversation.objects.count() == before
        assert Conversation.objects.exclude(subject_type="project").count() == 3

    def test_the_demo_investor_interest_is_a_conversation_about_the_project(self):
        conversation = Conversation.objects.filter(subject_type="project").first()
        assert conversation is not None
        assert conversation.project.interests.filter(user=conversation.requester).exists()
        assert conversation.messages.filter(event="project_interest").exists()
