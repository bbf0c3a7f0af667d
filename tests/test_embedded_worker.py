"""`make run` runs a real Celery worker and beat beside the dev server (filesystem broker under var/), never eager."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_deploy_check import ROOT, production_env


def test_the_filesystem_broker_keeps_its_files_under_var_and_tasks_leave_the_request(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_TRANSPORT_OPTIONS, "
        "s.CELERY_BEAT_SCHEDULE['search-reconcile']['schedule']]))"
    )
    env = production_env(tmp_path, CELERY_BROKER_URL="filesystem://", SEARCH_RECONCILE_INTERVAL="300")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    eager, options, reconcile = json.loads(result.stdout)
    assert eager is False
    var = str(tmp_path / "var")
    for name in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert options[name].startswith(var), name
    assert reconcile == 300


def test_make_run_starts_a_worker_and_beat_with_that_broker():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\ntest:", 1)[0]

    assert "RUN_SERVICES := CELERY_BROKER_URL=filesystem://" in makefile
    assert "celery -A brics_ttc worker" in run
    assert "celery -A brics_ttc beat" in run
    assert "$(RUN_SERVICES) $(MANAGE) runserver" in run
    assert "kill -- -$$p" in run
