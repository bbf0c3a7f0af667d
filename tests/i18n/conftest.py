"""Interface i18n tests. They need the compiled catalogues: `make test` compiles them first, and so does this conftest
(only what changed), so that `uv run pytest tests/i18n` works straight from a checkout."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.test.signals import setting_changed  # importing this module connects the receivers that drop the caches
from django.utils.translation import to_locale

from scripts.compile_messages import CLDR_LOCALE_DIR, compile_messages

# The browser tests here drive Debian's Chromium exactly as tests/e2e/ does (same launch and context fixtures).
from tests.e2e.conftest import browser_context_args, browser_type_launch_args  # noqa: F401

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


def pytest_configure(config):
    if compile_messages(LOCALE_DIR) + compile_messages(CLDR_LOCALE_DIR):
        # Django caches each language's catalogue, and whether one exists, for the life of the process: its test
        # machinery drops those caches when LOCALE_PATHS changes, so say that it did.
        setting_changed.send(sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False)


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.po"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(catalogue_path(language)))


def translated(language: str, msgid: str) -> str:
    """The catalogue's translation of ``msgid`` ("" when it has none, or only a fuzzy one)."""
    entry = catalogue(language).find(msgid)
    return entry.msgstr if entry is not None and not entry.fuzzy else ""
