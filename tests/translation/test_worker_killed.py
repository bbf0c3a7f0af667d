"""A worker killed with SIGKILL in the middle of a translation: after a restart the job completes, exactly once in
effect (acks_late keeps the message in Redis until the task finished; the next worker gets it again).

Needs the real services of `make test-services` (Redis as broker, PostgreSQL so that a worker process can read the
test database); skipped with the reason otherwise. The workers run the test settings with the stand-in engine slowed
down, so that the kill lands while the engine "works".
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
from django.db import connection

from achievements.models import Achievement
from brics_ttc.celery import app as celery_app
from tests.factories import AchievementFactory, TranslationRecordFactory
from tests.workers import reachable, test_database_url, wait_for
from translation.models import TranslationRecord, TranslationStatus
from translation.services import translations_paused
from translation.tasks import translate_record

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
ENGINE_SECONDS = 4  # how long the stand-in engine takes per batch in the workers
VISIBILITY_SECONDS = 3  # how long Redis waits before handing an unacknowledged message to another worker


@pytest.fixture
def broker():
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_url:
        pytest.skip("CELERY_BROKER_URL not set: no broker to redeliver the killed job (make test-services)")
    if not reachable(broker_url):
        pytest.skip(f"the Celery broker at {broker_url} does not answer")
    if connection.vendor != "postgresql":
        pytest.skip("a worker in another process needs a server database (DATABASE_URL=postgres://...)")
    return broker_url


@pytest.fixture
def queue() -> str:
    """A queue of this test's own: other tests' workers (tests/test_celery_worker.py) share the broker."""
    return f"translation-kill-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def workers(broker, queue, transactional_db, tmp_path):
    """Start `celery worker` processes on the test database; each is stopped (or already dead) at the end."""
    started: list[tuple[subprocess.Popen, Path]] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brics_ttc.settings.test",
        "DATABASE_URL": test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "TRANSLATION_PROVIDERS": "test",
        "TRANSLATION_TEST_PROVIDER_DELAY": str(ENGINE_SECONDS),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
    }

    def start() -> subprocess.Popen:
        log = tmp_path / f"worker-{len(started)}.log"
        command = [sys.executable, "-m", "celery", "-A", "brics_ttc", "worker", "--pool=solo", "--concurrency=1"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
        command += ["-n", f"test-{uuid.uuid4().hex[:8]}@%h", "-Q", queue]
        with log.open("wb") as log_file:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)  # noqa: S603
        started.append((process, log))
        return process

    try:
        yield start
    finally:
        for process, log in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            print(f"--- {log.name}\n" + log.read_text(errors="replace")[-3000:])  # shown when the test fails


@contextmanager
def eager(value: bool):
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = value
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = before


def test_a_translation_killed_mid_job_completes_exactly_once_after_a_restart(workers, queue):
    with translations_paused():
        achievement = AchievementFactory(title_en="Modular hydrogen fuel cell stack")
    record = TranslationRecordFactory(content_object=achievement)
    current = TranslationRecord.objects.filter(pk=record.pk)

    first = workers()
    with eager(False):
        translate_record.apply_async(args=[record.pk], queue=queue)
    # The first worker took the job and its engine is working: kill it the hard way.
    # attempts is counted as the job starts, before the engine call (ENGINE_SECONDS): kill as soon as it shows, and
    # the status check below proves the kill came before the end.
    wait_for(lambda: current.get().attempts == 1, 60, "the first worker starting the job")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert current.get().status == TranslationStatus.PENDING
    assert not Achievement.objects.get(pk=achievement.pk).title_es

    workers()
    wait_for(lambda: current.get().status == TranslationStatus.DONE, 90, "a new worker completing the job")

    done = current.get()
    assert done.attempts == 2  # the killed run and the one that finished
    assert Achievement.objects.get(pk=achievement.pk).title_es == "[es] Modular hydrogen fuel cell stack"
    # The finished job was acknowledged: nothing runs it again once the broker could have redelivered it.
    time.sleep(VISIBILITY_SECONDS + 3)
    again = current.get()
    assert (again.attempts, again.translated_at, again.status) == (2, done.translated_at, TranslationStatus.DONE)
