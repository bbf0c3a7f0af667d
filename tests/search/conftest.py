"""Search test fixtures: ``backend`` (every engine the contract suite runs against) and ``embedded_search``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from search.backends.base import SearchBackend
from search.backends.embedded import EmbeddedBackend


def _embedded(request: pytest.FixtureRequest, tmp_path) -> SearchBackend:
    return EmbeddedBackend(index_dir=tmp_path / "index", prefix="test")


BACKEND_FACTORIES: dict[str, Callable[[pytest.FixtureRequest, object], SearchBackend]] = {"embedded": _embedded}

# ---- Elasticsearch parametrisation (helper S2) ----------------------------------------------------------------
# The Elasticsearch backend runs against the osmem stand-in, which this session starts itself (a static binary from
# the osmem-server dev dependency), or against a real cluster when the ELASTICSEARCH_URL environment variable names
# one (see tests/search/test_elastic.py). Each test gets its own index prefix; its indices are dropped afterwards.


def _osmem_binary():
    """The osmem-server binary shipped inside the installed osmem_server package, or None."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("osmem_server")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "osmem-server"
    return binary if binary.is_file() else None


def _wait_until_answering(url: str, deadline: float) -> None:
    import time
    import urllib.error
    import urllib.request

    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (our own loopback server)
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the search server at {url} did not answer in time")
        time.sleep(0.05)


def start_osmem(timeout: float = 20.0):
    """Start osmem-server on a free loopback port; returns (process, url). The caller stops it by its PID."""
    import json
    import os
    import subprocess
    import threading
    import time

    binary = _osmem_binary()
    if binary is None:
        pytest.skip("osmem-server is not installed (uv sync --dev installs it): no Elasticsearch stand-in to test on")
    # Port 0: the server picks a free port and prints {"url": ...} on its first line. It exits with this process.
    process = subprocess.Popen(  # noqa: S603
        [str(binary), "-addr", "127.0.0.1:0", "-no-stdin-watch", "-parent-pid", str(os.getpid()), "-no-ja"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    try:
        url = json.loads(first_line[0])["url"] if first_line and first_line[0] else None
        if not url:
            raise RuntimeError(f"osmem-server did not report its address (exit code {process.poll()})")
        _wait_until_answering(url, time.monotonic() + timeout)
    except BaseException:
        stop_osmem(process)
        raise
    return process, url


def stop_osmem(process) -> None:
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()


@pytest.fixture(scope="session")
def elasticsearch_server():
    """(url, is_stand_in): a real cluster from ELASTICSEARCH_URL, else an osmem-server for this test session."""
    import os

    real = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if real:
        yield real, False
        return
    process, url = start_osmem()
    yield url, True
    stop_osmem(process)


@pytest.fixture
def elastic_settings(settings, elasticsearch_server):
    """The settings the Elasticsearch backend reads: the stand-in needs plain JSON and lacks some analyzers."""
    url, stand_in = elasticsearch_server
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_ES_COMPAT_HEADERS = not stand_in
    settings.SEARCH_ES_EXTRA_ANALYZERS = not stand_in
    settings.SEARCH_ES_VECTORS = not stand_in  # osmem has no dense_vector: kNN is tested on its request bodies
    return settings


def make_elastic_backend(request: pytest.FixtureRequest):
    """A backend on a prefix of its own; every index of that prefix is dropped when the test ends."""
    import uuid

    from search.backends.elastic import ElasticBackend

    settings = request.getfixturevalue("elastic_settings")
    engine = ElasticBackend(settings.ELASTICSEARCH_URL, prefix=f"test-{uuid.uuid4().hex[:12]}")
    request.addfinalizer(engine.drop)
    return engine


def _elastic(request: pytest.FixtureRequest, tmp_path) -> SearchBackend:
    return make_elastic_backend(request)


BACKEND_FACTORIES["elastic"] = _elastic
# ---- end of the Elasticsearch parametrisation -----------------------------------------------------------------


@pytest.fixture(params=list(BACKEND_FACTORIES))
def backend(request, tmp_path) -> SearchBackend:
    """An empty index on one engine; the contract tests run once per registered engine."""
    made = BACKEND_FACTORIES[request.param](request, tmp_path)
    made.ensure_index()
    made.clear()
    yield made
    made.clear()


@pytest.fixture
def embedded_search(settings, tmp_path) -> SearchBackend:
    """Django-level search (services, selectors, get_backend) on an embedded index in this test's directory."""
    from search.backends import get_backend

    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.SEARCH_INDEX_PREFIX = "test"
    engine = get_backend()
    engine.ensure_index()
    return engine


@pytest.fixture
def engine_down(settings, tmp_path):
    """The embedded engine cannot open its index (its directory would sit under a regular file): it is unavailable."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = blocker / "index"
