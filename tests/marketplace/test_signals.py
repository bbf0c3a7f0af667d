"""The listing lifecycle signals: marketplace announces, search and translation subscribe (marketplace imports
neither)."""

from __future__ import annotations

import pytest
from django.db import transaction

from achievements.models import Achievement
from marketplace.models import ModerationAction, ModerationState
from marketplace.services import (
    institution_update,
    listing_archive,
    listing_moderate,
    listing_submit,
    listing_write,
)
from marketplace.signals import listing_archived, listing_changed, listing_published, source_text_changed
from tests.factories import AchievementFactory, InstitutionFactory, StaffFactory
from translation.models import TranslationRecord, TranslationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every lifecycle signal sent during the test, as (signal name, sender, kwargs without the signal)."""
    calls: list[tuple[str, type, dict]] = []
    signals = {
        "published": listing_published,
        "archived": listing_archived,
        "changed": listing_changed,
        "text": source_text_changed,
    }
    receivers = {}
    for name, signal in signals.items():

        def receiver(sender, _name=name, **kwargs):
            kwargs.pop("signal")
            calls.append((_name, sender, kwargs))

        receivers[name] = receiver
        signal.connect(receiver)
    yield calls
    for name, signal in signals.items():
        signal.disconnect(receivers[name])


def test_approval_announces_publication_with_its_moderation_event_and_a_change(heard, researcher):
    listing = AchievementFactory(owner=researcher)
    listing_submit(listing=listing, user=researcher)
    heard.clear()
    event = listing_moderate(listing=listing, actor=StaffFactory(), action=ModerationAction.APPROVE)

    assert [(name, sender) for name, sender, _kwargs in heard] == [("published", Achievement), ("changed", Achievement)]
    assert heard[0][2]["event"] == event
    assert heard[0][2]["listing"].state == ModerationState.PUBLISHED


def test_withdrawal_announces_archiving_and_a_change(heard, researcher):
    listing = AchievementFactory(owner=researcher, published=True)
    event = listing_archive(listing=listing, user=researcher)

    assert [name for name, _sender, _kwargs in heard] == ["archived", "changed"]
    assert heard[0][2]["event"] == event and event.to_state == ModerationState.ARCHIVED


def test_a_rejection_is_only_a_change(heard, researcher):
    listing = AchievementFactory(owner=researcher, submitted=True)
    listing_moderate(listing=listing, actor=StaffFactory(), action=ModerationAction.REJECT, reason="Not a technology.")

    assert [name for name, _sender, _kwargs in heard] == ["changed"]


def test_writing_texts_announces_new_source_text_and_a_change(heard, researcher):
    listing = AchievementFactory(owner=researcher)
    listing_write(listing=listing, user=researcher, data={}, texts={"title": "A new title"})

    assert [name for name, _sender, _kwargs in heard] == ["text", "changed"]
    assert heard[0][2]["instance"] == listing


def test_signals_are_sent_inside_the_writing_transaction(researcher):
    listing = AchievementFactory(owner=researcher)
    in_transaction = []

    def receiver(sender, **kwargs):
        in_transaction.append(transaction.get_connection().in_atomic_block)

    source_text_changed.connect(receiver)
    try:
        listing_write(listing=listing, user=researcher, data={}, texts={"title": "A new title"})
    finally:
        source_text_changed.disconnect(receiver)
    assert in_transaction == [True]


def test_search_subscribes_to_changes_of_a_published_listing(django_capture_on_commit_callbacks):
    published, draft = AchievementFactory(published=True), AchievementFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        listing_changed.send(sender=Achievement, listing=draft)  # never published: nothing to index or remove
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        listing_changed.send(sender=Achievement, listing=published)
    # The re-index task, enqueued once this commits (beside it, marketplace's own: the public pages' version).
    assert [c for c in callbacks if c.__module__ != "marketplace.reads"] == [callbacks[-1]]
    assert len(callbacks) == 2


def test_translation_subscribes_to_new_source_text():
    listing = AchievementFactory()
    assert not TranslationRecord.objects.exists()

    source_text_changed.send(sender=Achievement, instance=listing)

    assert TranslationRecord.objects.filter(object_id=listing.pk, status=TranslationStatus.PENDING).exists()


def test_institution_profile_edits_announce_new_source_text(heard):
    institution = InstitutionFactory()
    institution_update(institution=institution, actor=StaffFactory(), data={}, description="A new description.")

    assert [(name, sender) for name, sender, _kwargs in heard] == [("text", type(institution))]
