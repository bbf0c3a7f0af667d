"""Each reader sees every message in their own language: one background job per needed language, after commit.

The engine is the suite's stand-in (translation/providers/stand_in.py: "[en] text"); tests/negotiations/
test_apertium.py runs the same path against a real Apertium APy where one is installed.
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from negotiations.models import MessageTranslation, TranslationState
from negotiations.selectors import display_for
from negotiations.services import message_post, message_translation_run
from tests.factories import AchievementFactory, ConversationFactory, EnterpriseFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def _spanish_inquiry(django_capture_on_commit_callbacks):
    owner = ResearcherFactory(preferred_language="en")
    requester = EnterpriseFactory(preferred_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        conversation = ConversationFactory(
            requester=requester,
            achievement=AchievementFactory(published=True, owner=owner),
            body="Nos interesa licenciar esta tecnología.",
        )
    return conversation, owner, requester


def test_a_spanish_message_is_translated_for_the_english_reader_once(django_capture_on_commit_callbacks):
    conversation, _owner, _requester = _spanish_inquiry(django_capture_on_commit_callbacks)
    message = conversation.messages.get()
    assert message.language == "es"
    record = MessageTranslation.objects.get()
    assert (record.language, record.status, record.text) == (
        "en",
        TranslationState.DONE,
        "[en] Nos interesa licenciar esta tecnología.",
    )
    assert display_for(message, "en", record) == {
        "language": "en",
        "text": "[en] Nos interesa licenciar esta tecnología.",
        "machine_translated": True,
        "unavailable": False,
    }
    # The writer reads the original; a redelivered job changes nothing.
    assert display_for(message, "es", None)["machine_translated"] is False
    assert message_translation_run(message_id=message.pk, language="en").pk == record.pk
    assert MessageTranslation.objects.count() == 1


def test_readers_of_the_same_language_get_no_job(django_capture_on_commit_callbacks):
    owner = ResearcherFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        ConversationFactory(achievement=AchievementFactory(published=True, owner=owner), body="Hello")
    assert not MessageTranslation.objects.exists()


def test_a_pair_no_engine_serves_keeps_the_original_labelled(django_capture_on_commit_callbacks):
    with override_settings(TRANSLATION_PROVIDERS=[]):
        conversation, _owner, _requester = _spanish_inquiry(django_capture_on_commit_callbacks)
    record = MessageTranslation.objects.get()
    assert record.status == TranslationState.UNAVAILABLE
    shown = display_for(conversation.messages.get(), "en", record)
    assert shown["machine_translated"] is False and shown["unavailable"] is True
    assert shown["text"] == "Nos interesa licenciar esta tecnología."


def test_each_new_reader_language_gets_its_own_job(django_capture_on_commit_callbacks):
    conversation, owner, _requester = _spanish_inquiry(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        message, _created = message_post(conversation=conversation, user=owner, body="Thank you, gladly.")
    assert MessageTranslation.objects.get(message=message).language == "es"
