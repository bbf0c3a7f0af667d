"""One base task holds the retry policy: every background job of the project is a ``RetryingTask`` (bounded retries
with backoff, acknowledged once done); a task that needs another policy says so in its decorator, over the base."""

from __future__ import annotations

from celery.exceptions import SoftTimeLimitExceeded

from brics_ttc.celery import app
from brics_ttc.tasks import RetryingTask
from translation.providers import ProviderError


def _project_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_project_task_is_a_retrying_task():
    tasks = _project_tasks()
    assert len(tasks) > 20  # the tasks modules of every app were imported
    assert sorted(name for name, task in tasks.items() if not isinstance(task, RetryingTask)) == []
    assert sorted(name for name, task in tasks.items() if not task.acks_late) == []


def test_a_task_with_its_own_policy_overrides_the_base_in_its_decorator():
    _project_tasks()
    translate = app.tasks["translation.tasks.translate_record"]
    assert translate.autoretry_for == (ProviderError, SoftTimeLimitExceeded)
    assert (translate.retry_backoff, translate.retry_backoff_max, translate.max_retries) == (15, 600, 5)
    assert translate.retry_jitter and translate.reject_on_worker_lost
    # The beat job that closes due auctions runs every few seconds: the next run is its retry.
    assert app.tasks["trading.tasks.auctions_close_due_task"].max_retries == 0
    mail = app.tasks["notifications.tasks.notifications_email_digest_task"]
    assert (mail.autoretry_for, mail.max_retries, mail.retry_backoff) == ((OSError,), 5, True)
    # Indexing retries the engine being down itself (never inline): no automatic retries on top.
    assert app.tasks["search.tasks.search_index_listing_task"].autoretry_for == ()
