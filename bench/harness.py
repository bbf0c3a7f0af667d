"""What the benchmarks share: logging, ports, the services they start and stop by their own PID, a throwaway
PostgreSQL database, percentiles, the git commit. Each bench names itself first: ``harness.configure("bench-bids")``.
"""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_name = "bench"


def configure(name: str) -> None:
    """The prefix of log lines, throwaway directories and database names ("bench-bids")."""
    global _name
    _name = name


def log(message: str) -> None:
    print(f"[{_name}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def wait_until(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not come up in {timeout:.0f} s")
        time.sleep(0.2)


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (no interpolation): the value below which ``pct`` % of the samples fall."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(seconds: list[float]) -> dict:
    ms = [value * 1000 for value in seconds]
    pick = {pct: percentile(ms, pct) for pct in (50, 95, 99)}
    return {
        "count": len(ms),
        **{f"p{pct}_ms": None if value is None else round(value, 2) for pct, value in pick.items()},
        "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
        "max_ms": round(max(ms), 2) if ms else None,
    }


def cpu_seconds(pid: int | str) -> float:
    """User + system CPU time of a process so far (Linux /proc/<pid>/stat); 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


class Services(contextlib.ExitStack):
    """What the bench started, stopped again (in reverse order, each by its own process id) when the block ends."""

    def __init__(self, workdir: Path) -> None:
        super().__init__()
        self.workdir = workdir
        self.started: list[str] = []

    def process(
        self,
        name: str,
        command: list[str],
        *,
        env: dict | None = None,
        stop_signal: int = signal.SIGTERM,
        pass_fds: tuple[int, ...] = (),
    ) -> subprocess.Popen:
        log_file = (self.workdir / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 (our own command lines)
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=pass_fds,
        )
        self.started.append(f"{name} (pid {process.pid})")
        self.callback(self._stop, name, process, log_file, stop_signal)
        return process

    @staticmethod
    def _stop(name: str, process: subprocess.Popen, log_file, stop_signal: int) -> None:
        if process.poll() is None:
            log(f"stopping {name} (pid {process.pid})")
            with contextlib.suppress(ProcessLookupError):
                # Its own process group (start_new_session): APy's pipelines, a worker's children go with it.
                os.killpg(process.pid, stop_signal)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log_file.close()

    def log_tail(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def postgres_admin_url(services: Services, *, durable: bool = True) -> str:
    """A PostgreSQL server the bench may create a database on: ``BENCH_POSTGRES_URL``, the one answering on
    127.0.0.1:5432, else a throwaway cluster started here (trust auth; ``durable=False``: no fsync) and stopped at the
    end."""
    import psycopg

    given = os.environ.get("BENCH_POSTGRES_URL", "")
    if given:
        return given
    if answers("127.0.0.1", 5432):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
        try:
            psycopg.connect(url, connect_timeout=3).close()
        except psycopg.Error as exc:
            log(f"the PostgreSQL on 127.0.0.1:5432 refuses the postgres role ({exc}); starting a throwaway one")
        else:
            log("using the PostgreSQL on 127.0.0.1:5432")
            return url
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    if not bindirs:
        raise SystemExit("PostgreSQL is needed (apt-get install postgresql), or set BENCH_POSTGRES_URL")
    bindir = bindirs[0]
    data_root = Path(tempfile.mkdtemp(prefix=f"{_name}-pg-"))
    services.callback(shutil.rmtree, data_root, True)
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(data_root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    initdb = [str(bindir / "initdb"), "-D", str(data_root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    subprocess.run([*as_postgres, *initdb, "--locale=C.UTF-8"], check=True, capture_output=True)  # noqa: S603
    port = free_port()
    options = ["-c", "listen_addresses=127.0.0.1", "-p", str(port), "-k", str(data_root)]
    if not durable:
        options += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    # SIGINT: PostgreSQL's "fast" shutdown (SIGTERM would wait for every client to disconnect).
    services.process(
        "postgresql",
        [*as_postgres, str(bindir / "postgres"), "-D", str(data_root / "data"), *options],
        stop_signal=signal.SIGINT,
    )
    wait_until(lambda: answers("127.0.0.1", port), "PostgreSQL", timeout=60)
    log(f"started PostgreSQL on 127.0.0.1:{port}")
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


@contextlib.contextmanager
def database(admin_url: str, *, prefix: str = "brics_ttc_bench") -> Iterator[str]:
    """The DATABASE_URL of a throwaway database on that server, dropped at the end."""
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    log(f"created database {name}")
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped database {name}")


def redis_base(services: Services, *, databases: str) -> str:
    """``redis://127.0.0.1:PORT`` of the Redis answering on loopback (``BRICS_REDIS_PORT``, default 6379), else of a
    throwaway redis-server started here; ``databases`` says in the log which of its databases the bench uses."""
    port = int(os.environ.get("BRICS_REDIS_PORT", "6379"))
    if answers("127.0.0.1", port):
        log(f"using the Redis on 127.0.0.1:{port} ({databases})")
        return f"redis://127.0.0.1:{port}"
    server = shutil.which("redis-server")
    if not server:
        raise SystemExit(
            "No Redis answers on 127.0.0.1 and redis-server is not installed (apt-get install redis-server)"
        )
    port = free_port()
    services.process("redis", [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    wait_until(lambda: answers("127.0.0.1", port), "redis-server")
    log(f"started redis-server on 127.0.0.1:{port}")
    return f"redis://127.0.0.1:{port}"
