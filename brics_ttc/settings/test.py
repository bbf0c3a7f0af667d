"""Test settings: the embedded default, fast hashing, eager tasks, e-mail kept in memory.

``DATABASE_URL`` / ``CELERY_BROKER_URL`` / ``CACHE_URL`` still switch to the real services (``make test-services``).
"""

from __future__ import annotations

import os

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
