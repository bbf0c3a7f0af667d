"""What every app's background work shares: the base task with the retry policy, and enqueueing after commit.

pretix's ``src/pretix/base/services/tasks.py`` is the model: one place decides how tasks retry, so the apps do not each
pick a style.
"""

from __future__ import annotations

from celery import Task
from django.db import transaction

from brics_ttc.celery import app


class RetryingTask(Task):
    """Retried when the outside world fails (mail server, broker, engine: ``OSError``): at most five times, waiting
    about 1 s, 2 s, 4 s ... (at most 10 min, with jitter). Tasks take ids and are idempotent, so a message is
    acknowledged only once done (a worker killed mid-task leaves it to another)."""

    autoretry_for = (OSError,)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5
    acks_late = True


def enqueue_on_commit(task_name: str, *args, robust: bool = False) -> None:
    """Run the task ``task_name`` (``"<app>.tasks.<function>"``) once the current transaction commits; nothing on a
    rollback. ``robust``: a broker outage is logged instead of reaching the user whose change was saved.

    Services enqueue through here, by name: each app's tasks import its services (tasks call services), so services
    importing their tasks module back would make a cycle.
    """
    transaction.on_commit(lambda: _task(task_name).delay(*args), robust=robust)


def _task(name: str) -> Task:
    if name not in app.tasks:
        # A process that never imported the tasks modules yet (a web process, a management command): Celery's
        # autodiscovery imports every app's tasks.py on demand, as a worker does when it starts.
        app.loader.import_default_modules()
    return app.tasks[name]
