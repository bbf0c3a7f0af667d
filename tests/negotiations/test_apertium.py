"""A Spanish message to an English reader arrives translated by a real engine (Apertium APy on loopback; skipped
with the reason where Apertium is not installed, required under `make test-services`)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import AchievementFactory, ConversationFactory, EnterpriseFactory, ResearcherFactory
from tests.translation.conftest import apertium, apertium_url  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db


def test_a_spanish_message_reaches_the_english_reader_translated(apertium, django_capture_on_commit_callbacks):  # noqa: F811
    owner = ResearcherFactory(preferred_language="en")
    requester = EnterpriseFactory(preferred_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        conversation = ConversationFactory(
            requester=requester,
            achievement=AchievementFactory(published=True, owner=owner),
            body="Queremos comprar la tecnología.",
            language="es",
        )
    client = APIClient()
    client.force_authenticate(owner)
    (message,) = client.get(f"/api/v1/conversations/{conversation.pk}/messages/").json()
    assert message["body"] == "Queremos comprar la tecnología."
    assert message["display"]["machine_translated"] is True
    assert message["display"]["language"] == "en"
    assert "technology" in message["display"]["text"].lower()
