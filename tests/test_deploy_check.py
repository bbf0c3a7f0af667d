"""The production description holds together: docker-compose.yml and `check --deploy` with production values."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
LONG_RUNNING = {"web", "worker", "beat", "postgres", "redis", "elasticsearch", "libretranslate"}
APP_SERVICES = {"web", "worker", "beat", "migrate"}
# Variables of the test run that must not leak into a "production" subprocess.
TEST_ONLY_PREFIXES = ("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL", "MEDIA_ROOT", "BRICS_", "EMAIL_URL")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(TEST_ONLY_PREFIXES)}
    env.update(
        DJANGO_SETTINGS_MODULE="brics_ttc.settings.base",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="ttc.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://ttc.example.org",
        DJANGO_BEHIND_PROXY="1",
        SITE_URL="https://ttc.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        BRICS_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_compose_describes_every_production_service_with_a_health_check(compose):
    services = compose["services"]
    assert set(services) >= LONG_RUNNING
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
        assert services[name].get("restart") == "unless-stopped", name


def test_compose_keeps_state_in_named_volumes(compose):
    declared = set(compose["volumes"])
    stateful = {
        "postgres": "/var/lib/postgresql/data",
        "redis": "/data",
        "elasticsearch": "/usr/share/elasticsearch/data",
    }
    for name, target in stateful.items():
        mounts = dict(volume.split(":", 1) for volume in compose["services"][name]["volumes"])
        assert target in mounts.values(), name
        assert {source for source, mounted in mounts.items() if mounted == target} <= declared, name
    assert "libretranslate-models" in declared


def test_compose_app_services_share_one_image_configured_from_env_file(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        assert services[name]["env_file"] == ".env", name
        assert services[name]["build"] == ".", name
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy", name
    # uvicorn processes with a socket each (scripts/serve.py), not uvicorn's workers on one shared socket.
    assert services["web"]["command"][:2] == ["python", "scripts/serve.py"]
    assert "brics_ttc.asgi:application" in services["web"]["command"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["command"][:4] == ["celery", "-A", "brics_ttc", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "brics_ttc", "beat"]


def test_env_example_sets_what_production_needs():
    names = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    required = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    required |= {"EMAIL_URL", "DJANGO_BEHIND_PROXY", "ELASTICSEARCH_URL", "LIBRETRANSLATE_URL", "SITE_URL"}
    required |= {"POSTGRES_PASSWORD", "ELASTIC_PASSWORD"}
    assert required <= names


def _docker_compose() -> list[str] | None:
    """`docker compose` (v2 plugin) or a standalone v2 `docker-compose`, if this machine has one."""
    candidates = [["docker", "compose"], ["docker-compose"]]
    for command in candidates:
        if not shutil.which(command[0]):
            continue
        version = subprocess.run([*command, "version"], capture_output=True, text=True, check=False)  # noqa: S603
        if version.returncode == 0 and " v2." in version.stdout:
            return command
    return None


def test_docker_compose_config_accepts_the_file(tmp_path):
    command = _docker_compose()
    if command is None:
        # Not a skip: `make test-services` must skip nothing, and the YAML checks above are the fallback.
        warnings.warn("no Docker Compose v2 on this machine: `docker compose config` was not run", stacklevel=1)
        return
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(  # noqa: S603
        [*command, "--project-directory", str(tmp_path), "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    # Some wrappers of the binary lose its exit code: its complaints on stderr count as a failure too.
    assert result.returncode == 0, result.stderr
    assert not result.stderr.strip(), result.stderr


def test_check_deploy_reports_no_issues_with_production_values(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
    assert "WARNINGS" not in output


def test_production_collectstatic_succeeds(tmp_path):
    """What the Dockerfile runs at build time: the manifest storage must resolve every reference in the CSS/JS."""
    result = manage("collectstatic", "--noinput", "-v0", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "var" / "static" / "staticfiles.json").exists()


def test_uvicorn_believes_forwarded_headers_from_the_same_proxies_as_django(compose):
    web = compose["services"]["web"]["command"]
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "--forwarded-allow-ips=${TRUSTED_PROXIES:-}" in web
    assert not any("forwarded-allow-ips=*" in part for part in web)
    assert '--forwarded-allow-ips=\\"${TRUSTED_PROXIES:-}\\"' in dockerfile


def test_production_language_cookie_is_secure_and_same_site(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE, settings.LANGUAGE_COOKIE_HTTPONLY)"
    )
    env = production_env(tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.stdout.split() == ["True", "Lax", "True"], result.stderr


def test_serve_gives_each_worker_its_own_socket_and_balances_connections(tmp_path):
    """scripts/serve.py with two workers: both answer on one port, and new connections reach both processes."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = tmp_path / "pid_app.py"
    app.write_text(
        "import os\n"
        "async def app(scope, receive, send):\n"
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': []})\n"
        "    await send({'type': 'http.response.body', 'body': str(os.getpid()).encode()})\n"
    )
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "scripts" / "serve.py"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--",
            "--app-dir",
            str(tmp_path),
            "--log-level",
            "warning",
            "--lifespan",
            "off",
            "pid_app:app",
        ],
        start_new_session=True,
    )
    try:
        seen: set[str] = set()
        deadline = time.monotonic() + 30
        while len(seen) < 2 and time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                    conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    seen.add(conn.makefile("rb").read().split(b"\r\n\r\n", 1)[1].decode())
            except OSError:
                time.sleep(0.2)
        assert len(seen) == 2
    finally:
        server.terminate()
        assert server.wait(timeout=20) is not None
