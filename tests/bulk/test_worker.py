"""The import job makes the round trip through the broker and a real Celery worker process (make test-services:
Redis, PostgreSQL); skipped with the reason otherwise, as tests/test_celery_worker.py."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from achievements.models import Achievement
from bulk.models import ImportStatus
from bulk.services import import_preview, import_start
from tests.bulk.conftest import achievement_row, csv_file
from tests.test_celery_worker import broker, eager, worker  # noqa: F401 - the fixtures of the real worker

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def media_env(monkeypatch):
    """The worker reads the stored upload from this test process's MEDIA_ROOT."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.mark.usefixtures("media_env", "worker")
def test_the_import_job_runs_on_a_real_worker(tto, tto_admin):
    batch = import_preview(
        user=tto_admin, institution=tto, kind="achievements", language="en", upload=csv_file([achievement_row("A-1")])
    )
    with eager(False):
        import_start(batch=batch, user=tto_admin, submit=True)

    deadline = time.monotonic() + 60
    while batch.status != ImportStatus.DONE and time.monotonic() < deadline:
        time.sleep(0.5)
        batch.refresh_from_db()

    assert (batch.status, batch.created_count, batch.submitted_count) == (ImportStatus.DONE, 1, 1)
    assert Achievement.objects.get(external_id="A-1").state == "submitted"
