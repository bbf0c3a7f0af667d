"""The production entry points leave the start-up objects out of the garbage collector's full collections."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings

PROBE = "import gc, {module}; print(gc.get_freeze_count())"


@pytest.mark.parametrize("module", ["brics_ttc.asgi", "brics_ttc.wsgi"])
def test_the_entry_point_freezes_what_start_up_built(module):
    # A process of its own: freezing is for the life of a process, and a server process is what is checked.
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 50_000  # Django, the apps and their URL patterns: far more than this
