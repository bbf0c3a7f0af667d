"""The marketplace's writes keep the search index in step: publication adds, withdrawal removes, translations update."""

from __future__ import annotations

import pytest

from marketplace.services import listing_archive, listing_moderate, listing_submit
from search.backends import get_backend
from search.backends.base import SearchQuery
from tests.factories import AchievementFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _found(word: str) -> list[int]:
    """Asks the engine itself: the database fallback would also list published rows and prove nothing."""
    return [hit.pk for hit in get_backend().search(SearchQuery(text=word)).hits]


def test_an_approved_achievement_becomes_searchable_and_leaves_when_archived(researcher, staff):
    achievement = AchievementFactory(owner=researcher, title_en="Perovskite tandem cell encapsulation")
    listing_submit(listing=achievement, user=researcher)
    assert _found("perovskite") == []

    listing_moderate(listing=achievement, actor=staff, action="approve")
    assert _found("perovskite") == [achievement.pk]

    listing_archive(listing=achievement, user=researcher)
    assert _found("perovskite") == []


def test_a_rejected_submission_is_never_searchable(researcher, staff):
    achievement = AchievementFactory(owner=researcher, title_en="Graphene oxide membrane for desalination")
    listing_submit(listing=achievement, user=researcher)
    listing_moderate(listing=achievement, actor=staff, action="reject", reason="Out of scope.")

    assert _found("graphene") == []
