from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client, TestCase, TransactionTestCase
from rest_framework.test import APIClient

from tests.factories import (
    PASSWORD,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
)


@pytest.fixture(autouse=True, scope="session")
def _media_root(tmp_path_factory):
    """Uploads and the embedded search index live in directories of this test process (xdist workers must not share
    them)."""
    from django.test import override_settings

    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), SEARCH_INDEX_DIR=tmp_path_factory.mktemp("search")
    ):
        yield


@pytest.fixture(autouse=True)
def _english(settings):
    """Each test starts in English, whatever the previous one activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _closed_translation_breakers():
    """Engine circuit breakers are per process: one test's failing engine must not leave the next one's open."""
    from translation.providers.breaker import reset_breakers

    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def researcher(db):
    return ResearcherFactory()


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def institution(db):
    return InstitutionFactory()


@pytest.fixture
def member(researcher, institution):
    """The researcher as an active member of the institution."""
    MembershipFactory(user=researcher, institution=institution)
    return researcher


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def researcher_client(researcher) -> Client:
    return _client_for(researcher)


@pytest.fixture
def enterprise_client(enterprise) -> Client:
    return _client_for(enterprise)


@pytest.fixture
def staff_client(staff) -> Client:
    return _client_for(staff)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def password() -> str:
    return PASSWORD


# --- parts the machine may lack: skipped with a reason in `make test`, never skipped in `make test-services` ----------
CHROMIUM = Path(os.environ.get("BRICS_CHROMIUM", "/usr/bin/chromium"))


def require_services() -> bool:
    """True under `make test-services` (BRICS_REQUIRE_SERVICES=1): every test must run there, none may skip."""
    return os.environ.get("BRICS_REQUIRE_SERVICES") == "1"


def _database_order(item) -> int:
    """pytest-django's order: database tests, then transactional ones, then the rest.

    A transactional test empties every table when it ends, rows of data migrations (technology fields, transfer
    modes) included, so it must not run before a plain database test of the same process.
    """
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # pytest-django sorts first (tryfirst), but pytest then groups tests by session-scoped parameters, such as
    # pytest-playwright's browser name, which can move a live-server test in front of plain ones: sort again, stably.
    items.sort(key=_database_order)
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk "
        "fonts-noto-core, or run `make test-services`, which installs it)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, with what `serialized_rollback` restores reachable from every connection.

    Playwright's sync API runs an event loop in the main thread; from then on Django hands that thread new connection
    objects (connections are per async context), and those lack the serialized contents that `setup_databases` kept
    on the first ones, so `serialized_rollback=True` would silently restore nothing. One database: kept on the class.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    return django_db_setup


@pytest.fixture(scope="session", autouse=True)
def _redis_cache_per_test_process():
    """With a Redis cache (CACHE_URL), each pytest-xdist process keeps its keys under its own prefix."""
    from django.conf import settings
    from django.test.utils import override_settings

    default = settings.CACHES["default"]
    if default["BACKEND"] != "brics_ttc.cache.RedisCache":
        yield
        return
    scoped = {
        **default,
        "BACKEND": "tests.conftest_services.ProcessScopedRedisCache",
        "KEY_PREFIX": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
    }
    with override_settings(CACHES={**settings.CACHES, "default": scoped}):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if require_services() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Skipped, but BRICS_REQUIRE_SERVICES=1 requires every test to run. Reason given: {reason}"
