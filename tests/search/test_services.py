from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from achievements.models import Achievement
from marketplace.models import ModerationState
from search.backends.base import SearchQuery
from search.management.commands.search_reindex import Command as ReindexCommand
from search.services import search_index_listing, search_on_listing_change, search_reindex, search_remove_listing
from search.tasks import search_index_listing_task
from tests.factories import AchievementFactory, DemandFactory

pytestmark = pytest.mark.django_db


def indexed_keys(engine) -> set[str]:
    return {hit.key for hit in engine.search(SearchQuery(limit=100)).hits}


def test_published_listing_is_indexed_and_an_unpublished_one_removed(embedded_search):
    achievement = AchievementFactory(published=True)
    assert search_index_listing(kind="achievement", pk=achievement.pk) is True
    assert indexed_keys(embedded_search) == {f"achievement:{achievement.pk}"}
    Achievement.objects.filter(pk=achievement.pk).update(state=ModerationState.ARCHIVED)
    assert search_index_listing(kind="achievement", pk=achievement.pk) is False
    assert indexed_keys(embedded_search) == set()


def test_remove_listing_takes_it_out_of_the_index(embedded_search):
    demand = DemandFactory(published=True)
    search_index_listing(kind="demand", pk=demand.pk)
    search_remove_listing(kind="demand", pk=demand.pk)
    assert embedded_search.count() == 0


def test_a_change_is_indexed_once_the_transaction_commits(embedded_search, django_capture_on_commit_callbacks):
    achievement = AchievementFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        search_on_listing_change(achievement)
        assert embedded_search.count() == 0
    assert len(callbacks) == 1
    assert indexed_keys(embedded_search) == {f"achievement:{achievement.pk}"}


def test_a_rolled_back_transaction_indexes_nothing(embedded_search, django_capture_on_commit_callbacks):
    achievement = AchievementFactory(published=True)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        search_on_listing_change(achievement)
        raise RuntimeError("the save failed")
    assert callbacks == []
    assert embedded_search.count() == 0


def test_a_draft_that_was_never_published_schedules_nothing(embedded_search, django_capture_on_commit_callbacks):
    draft = AchievementFactory()  # saving it bumps the listings' cache version on commit: not search's business
    with django_capture_on_commit_callbacks() as callbacks:
        search_on_listing_change(draft)
    assert callbacks == []


def test_the_task_does_not_fail_the_save_when_the_engine_is_down(engine_down, caplog):
    achievement = AchievementFactory(published=True)
    with caplog.at_level(logging.WARNING, logger="search.tasks"):
        result = search_index_listing_task.delay("achievement", achievement.pk)  # eager: logged, left to reconciliation
    assert result.successful()
    assert f"achievement:{achievement.pk} not indexed" in caplog.text


def test_reindex_indexes_published_listings_and_drops_the_rest(embedded_search):
    gone = AchievementFactory(published=True)
    published = AchievementFactory.create_batch(3, published=True)
    draft = AchievementFactory()
    demands = DemandFactory.create_batch(2, published=True)
    search_index_listing(kind="achievement", pk=gone.pk)
    search_index_listing(kind="achievement", pk=draft.pk)
    Achievement.objects.filter(pk=gone.pk).delete()
    steps = []
    last = search_reindex(batch_size=2, progress=lambda done, total, key: steps.append((done, total, key)))
    expected = {f"achievement:{a.pk}" for a in published} | {f"demand:{d.pk}" for d in demands}
    assert indexed_keys(embedded_search) == expected
    assert last == f"demand:{demands[-1].pk}"
    assert steps[-1][0] == steps[-1][1] == 6
    assert [step[2] for step in steps][:2] == [f"achievement:{published[1].pk}", f"achievement:{draft.pk}"]
    assert not any(step[2] == f"achievement:{gone.pk}" for step in steps)


def test_reindex_resumes_after_the_given_key(embedded_search):
    _first, second, third = AchievementFactory.create_batch(3, published=True)
    demand = DemandFactory(published=True)
    last = search_reindex(batch_size=1, resume_from=f"achievement:{second.pk}")
    assert last == f"demand:{demand.pk}"
    assert indexed_keys(embedded_search) == {f"achievement:{third.pk}", f"demand:{demand.pk}"}
    search_reindex(resume_from=f"demand:{demand.pk}")
    assert embedded_search.count() == 2
    with pytest.raises(ValueError):
        search_reindex(resume_from="auction:1")


def test_reindex_command_shows_progress_and_the_last_key(embedded_search):
    achievement = AchievementFactory(published=True)
    out = StringIO()
    call_command(ReindexCommand(), batch_size=10, stdout=out)
    assert "1/1" in out.getvalue()
    assert f"achievement:{achievement.pk}" in out.getvalue()
    assert embedded_search.count() == 1


def test_reindex_command_if_empty_fills_an_empty_index_and_leaves_a_filled_one(embedded_search):
    first = AchievementFactory(published=True)
    embedded_search.clear()
    call_command(ReindexCommand(), if_empty=True, stdout=StringIO())
    assert indexed_keys(embedded_search) == {f"achievement:{first.pk}"}
    second = AchievementFactory(published=True)
    embedded_search.delete([f"achievement:{second.pk}"])
    call_command(ReindexCommand(), if_empty=True, stdout=StringIO())
    assert indexed_keys(embedded_search) == {f"achievement:{first.pk}"}
