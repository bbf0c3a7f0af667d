"""Test settings: the embedded default, fast hashing, eager tasks, e-mail kept in memory.

``DATABASE_URL`` / ``CELERY_BROKER_URL`` / ``CACHE_URL`` still switch to the real services (``make test-services``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuv")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "10000/min", "user": "10000/min"},
}
ACCOUNT_RATE_LIMITS = False
# Each test process gets its own MEDIA_ROOT from a session fixture (tests/conftest.py); this is only the fallback.
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Counters stay in the test process (its tests clear them), unless the suite runs on Redis.
if CACHES["counters"]["BACKEND"].endswith("FileBasedCache"):  # noqa: F405
    CACHES["counters"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"}  # noqa: F405

# Machine translation: the stand-in engine (translation/providers/stand_in.py) unless a real Apertium APy is given.
# The integration tests start their own APy on loopback and point the settings at it (tests/translation/conftest.py).
TRANSLATION_TEST_PROVIDER_ALLOWED = True
TRANSLATION_TEST_PROVIDER_DELAY = float(os.environ.get("TRANSLATION_TEST_PROVIDER_DELAY", "0"))
if "TRANSLATION_PROVIDERS" not in os.environ:
    TRANSLATION_PROVIDERS = ["apertium"] if os.environ.get("APERTIUM_URL") else ["test"]
# How long Redis keeps a message a worker took but never acknowledged before handing it to another worker, and how
# often workers look for such messages: seconds in the test that kills a worker mid-job
# (tests/translation/test_worker_killed.py), Celery's defaults (an hour) otherwise.
if os.environ.get("CELERY_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ["CELERY_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

# `make test-services` runs the live auction tests on the Redis channel layer; xdist workers each have their own test
# database (so the same auction ids), so each gets its own key prefix in Redis.
if CHANNEL_LAYER_URL:  # noqa: F405
    CHANNEL_LAYERS = {"default": redis_channel_layer(CHANNEL_LAYER_URL)}  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = "asgi-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")

# SQLite: the test database is a file on a RAM disk, not Django's default shared-cache in-memory database. In
# shared-cache mode SQLite locks whole tables and answers a second writer (or a reader of a table another connection
# is writing) with "database table is locked" at once, ignoring the busy timeout: two requests served together (a
# live-server test's send and a page's read marker) failed with a 500 the product never shows on its database file.
# A file gives the tests the product's locking (WAL, busy timeout, immediate transactions: base.py). One file per
# process (pytest-django appends the xdist worker's name too); Django deletes it when the run ends.
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.sqlite3" and not _database.get("TEST", {}).get("NAME"):
    _ram = Path("/dev/shm")  # noqa: S108 - a RAM disk, as fast as memory; the file name is this process's own
    _folder = _ram if _ram.is_dir() and os.access(_ram, os.W_OK) else Path(tempfile.gettempdir())
    _database.setdefault("TEST", {})["NAME"] = str(_folder / f"brics-ttc-test-{os.getpid()}.sqlite3")

# The concurrency tests run 50 threads, each holding its own connection for its whole life.
if "pool" in DATABASES["default"].get("OPTIONS", {}):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["pool"]["max_size"] = 60  # noqa: F405
