"""Fixtures of the translation tests: a real Apertium APy on loopback, and the stand-in engine selected."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from translation.providers.base import forget_cached_pairs

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_PYTHON = "/usr/bin/python3"
APERTIUM_MODES = Path("/usr/share/apertium/modes")
APERTIUM_PACKAGES = (
    "apertium-apy apertium-eng-spa apertium-es-pt apertium-eng-cat apertium-por-cat apertium-fr-es apertium-ind-zlm"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _apy_missing() -> str | None:
    """Why APy cannot be started here, or None when it can."""
    if not Path(DEBIAN_PYTHON).exists():
        return f"{DEBIAN_PYTHON} (Debian's Python, which Apertium APy runs under) is missing"
    probe = subprocess.run(  # noqa: S603
        [DEBIAN_PYTHON, "-c", "import apertium_apy.apy"], capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"}
    )
    if probe.returncode != 0:
        return "Apertium APy is not installed"
    if not APERTIUM_MODES.is_dir() or not any(APERTIUM_MODES.glob("*.mode")):
        return f"no Apertium language pairs in {APERTIUM_MODES}"
    return None


@pytest.fixture(scope="session")
def apertium_url(tmp_path_factory):
    """The URL of an Apertium APy started for this test process on a free loopback port; stopped by its PID."""
    missing = _apy_missing()
    if missing:
        pytest.skip(f"{missing}: apt-get install {APERTIUM_PACKAGES} (make test-services installs them)")
    port = _free_port()
    log_path = tmp_path_factory.mktemp("apertium") / "apy.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [DEBIAN_PYTHON, str(ROOT / "scripts" / "apertium_apy.py"), str(port)],
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: APy starts one pipeline of processes per language pair it has used.
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"Apertium APy exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/listPairs", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Apertium APy did not answer in 60 s:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def apertium(apertium_url, settings):
    """The settings pointed at the loopback APy as the only engine."""
    settings.APERTIUM_URL = apertium_url
    settings.TRANSLATION_PROVIDERS = ["apertium"]
    forget_cached_pairs()
    yield apertium_url
    forget_cached_pairs()


@pytest.fixture
def stand_in(settings):
    """The stand-in engine of `make test`, whatever the environment selected."""
    settings.TRANSLATION_PROVIDERS = ["test"]
    settings.TRANSLATION_TEST_PROVIDER_DELAY = 0.0
    return settings
