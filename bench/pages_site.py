"""Settings of the servers `make bench-pages` measures: the project's own, plus one URL for the reference.

The reference is a bare DRF ``ListAPIView`` over the same achievements table (a ``ModelSerializer``, DRF's default
pagination class of the project), mounted at ``/bench/reference/achievements/`` beside every URL of the project, so the
same server processes serve both and a run compares them under the same load. Used only by bench/pages.py (bench/ is
on the servers' PYTHONPATH there).
"""

from __future__ import annotations

from brics_ttc.settings.base import *  # noqa: F403 (the project's settings, unchanged)

ROOT_URLCONF = "pages_urls"
