"""A moderation e-mail makes the round trip through the broker (Redis) and a real Celery worker process.

Runs under `make test-services` (CELERY_BROKER_URL, CELERY_RESULT_BACKEND and a PostgreSQL DATABASE_URL set); skipped
with the reason otherwise. The worker is started here, not by the script, because it must read the test database
that pytest-django created for this run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.db import connection

from brics_ttc.celery import app as celery_app
from marketplace.services import listing_moderate
from marketplace.tasks import moderation_notify
from tests.factories import AchievementFactory, StaffFactory
from tests.workers import reachable, test_database_url, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def broker():
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_url or not os.environ.get("CELERY_RESULT_BACKEND"):
        pytest.skip("CELERY_BROKER_URL / CELERY_RESULT_BACKEND not set: no broker to test against (make test-services)")
    if not reachable(broker_url):
        pytest.skip(f"the Celery broker at {broker_url} does not answer")
    if connection.vendor != "postgresql":
        pytest.skip("a worker in another process needs a server database (DATABASE_URL=postgres://...)")
    return broker_url


@pytest.fixture
def worker(broker, transactional_db, tmp_path):
    """A real `celery worker` process on the test database; e-mails it sends are written as files to its outbox."""
    celery_app.control.purge()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brics_ttc.settings.base",
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"filemail:///{outbox}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "brics_ttc", "worker", "--pool=solo", "--concurrency=1"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
    command += ["-n", f"test-{uuid.uuid4().hex[:8]}@%h"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        # Start-up (Django and every app) takes seconds, many on a loaded machine: the task's own deadline below
        # starts once the worker says it is ready, not while it is still importing.
        wait_for(lambda: b" ready." in log.read_bytes() or process.poll() is not None, 90, "the Celery worker to start")
        yield outbox
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task, then exit
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(log.read_text(errors="replace")[-4000:])  # shown by pytest only when the test fails


@contextmanager
def eager(value: bool):
    """Run Celery tasks in-process (True) or send them to the broker (False) inside the block."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = value
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = before


def test_moderation_email_round_trips_through_a_real_worker(worker):
    staff = StaffFactory()
    achievement = AchievementFactory(submitted=True, title_en="Low-altitude drone logistics platform")
    # The decision's own notification runs in-process, so that exactly one message goes through the worker below.
    with eager(True):
        event = listing_moderate(listing=achievement, actor=staff, action="approve")

    started = time.monotonic()
    with eager(False):
        result = moderation_notify.delay(event.pk)
        # Another test of this process may have run a worker in-process (tests/test_embedded_worker.py), which marks
        # the process as a worker where joining a result would block: this test is the client, and may wait.
        with allow_join_result():
            result.get(timeout=20)
        assert result.state == "SUCCESS"

    assert time.monotonic() - started < 20
    mails = [path.read_text() for path in worker.iterdir()]
    assert len(mails) == 1
    assert "Published: Low-altitude drone logistics platform" in mails[0]
    assert achievement.owner.email in mails[0]
