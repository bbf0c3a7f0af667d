"""Search drift after an outage: a listing published while the engine was down is indexed once it is back.

With a real worker (`make run`, production) the indexing task retries with backoff up to ten minutes apart, and the
beat's reconciliation (every 5 minutes in `make run`, SEARCH_RECONCILE_INTERVAL) repairs whatever the retries missed.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from marketplace.services import listing_moderate, listing_submit
from search import tasks
from search.backends import get_backend
from search.backends.base import SearchQuery, SearchUnavailable
from search.tasks import MAX_BACKOFF_SECONDS, search_reconcile_task
from tests.factories import AchievementFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _found(word: str) -> list[int]:
    return [hit.pk for hit in get_backend().search(SearchQuery(text=word)).hits]


def test_a_listing_published_during_an_outage_is_indexed_by_the_reconciliation(researcher, staff, monkeypatch):
    """The outage is a stand-in (the embedded engine cannot be taken down from outside): indexing raises
    SearchUnavailable, as the Elasticsearch backend does when its cluster refuses connections."""

    def engine_down(**kwargs):
        raise SearchUnavailable("connection refused")

    achievement = AchievementFactory(owner=researcher, title_en="Vanadium redox flow battery stack")
    listing_submit(listing=achievement, user=researcher)
    with monkeypatch.context() as outage:
        outage.setattr(tasks, "search_index_listing", engine_down)
        listing_moderate(listing=achievement, actor=staff, action="approve")
    assert _found("vanadium") == []

    search_reconcile_task.delay()

    assert _found("vanadium") == [achievement.pk]


def test_the_beat_reconciles_and_retries_stay_within_minutes():
    schedule = settings.CELERY_BEAT_SCHEDULE["search-reconcile"]

    assert schedule["task"] == "search.tasks.search_reconcile_task"
    assert MAX_BACKOFF_SECONDS <= 600
