"""What the benchmarks share: logging, ports, the services they start and stop by their own PID, a throwaway
PostgreSQL database, the servers under test (today's uvicorn layout or the standard gunicorn + uvicorn one), a lean
HTTP client, percentiles, the git commit. Each bench names itself first: ``harness.configure("bench-bids")``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

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


def wait_for_quiet(threshold: float | None, patience: float, phase: str) -> dict:
    """Wait (at most ``patience`` s) until the machine's 1-minute load average is at most ``threshold`` (None: do not
    wait): the 2 cores are shared, and another job's load would be measured as ours."""
    started = time.monotonic()
    if threshold is not None:
        while os.getloadavg()[0] > threshold and time.monotonic() - started < patience:
            time.sleep(5)
    waited = time.monotonic() - started
    load = os.getloadavg()[0]
    if waited >= 5:
        log(f"{phase}: waited {waited:.0f} s for the load average to drop (now {load:.2f})")
    return {
        "threshold": threshold,
        "reached": threshold is None or load <= threshold,
        "waited_seconds": round(waited, 1),
        "load_average_1min": round(load, 2),
    }


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


def spread(values: list) -> dict:
    """Min, median and max of the runs' values (a run without one, None, is left out)."""
    known = sorted(value for value in values if value is not None)
    if not known:
        return {"min": None, "median": None, "max": None}
    return {"min": known[0], "median": known[len(known) // 2], "max": known[-1]}


def runs_in_processes(script: str, arguments: list[str], repeats: int) -> list[dict]:
    """``repeats`` independent runs of the bench ``script`` with ``arguments``, each in its own process (Django is set
    up once per process) and so on its own fresh database; their results, in order."""
    runs = []
    for index in range(repeats):
        part = Path(tempfile.mkdtemp(prefix=f"{_name}-run-")) / "run.json"
        log(f"run {index + 1} of {repeats}")
        command = [sys.executable, script, *arguments, "--repeats", "1", "--out", str(part)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 (a bench script, our arguments)
        runs.append(json.loads(part.read_text()))
        shutil.rmtree(part.parent, ignore_errors=True)
    return runs


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
def database(admin_url: str, *, prefix: str = "brics_ttc_bench", name: str | None = None) -> Iterator[str]:
    """The DATABASE_URL of a throwaway database on that server, dropped at the end; ``name``: that database, created
    if missing and kept (to build a corpus once and measure it again)."""
    import psycopg

    if name:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        log(f"using database {name} (kept)")
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        return
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


# --- the ASGI server under test, and a lean HTTP client ---------------------------------------------------------

# The production server command (Dockerfile, docker-compose.yml), minus the address and the number of workers.
ASGI_SERVER = ["--lifespan", "off", "--no-access-log", "--log-level", "warning", "brics_ttc.asgi:application"]


class WebServers:
    """What the benches read of the servers under test, whatever the layout: ``url``, the processes, readiness, CPU
    time, peak memory and the exceptions they logged."""

    kind = "server"
    services: Services
    names: list[str]
    processes: list[subprocess.Popen]
    url: str

    def wait_ready(self, path: str, timeout: float = 90.0) -> None:
        """Until every process answers ``path`` with a 200 (a few answers in a row; a process that exits stops us)."""
        import httpx

        def ready() -> bool:
            if any(process.poll() is not None for process in self.processes):
                return True
            try:
                return all(
                    httpx.get(f"{self.url}{path}", timeout=5).status_code == 200 for _ in range(3 * len(self.processes))
                )
            except httpx.HTTPError:
                return False

        wait_until(ready, f"the {self.kind}", timeout=timeout)
        for process_name, process in zip(self.names, self.processes, strict=True):
            if process.poll() is not None:
                raise SystemExit(f"{process_name} exited:\n{self.services.log_tail(process_name)}")
        self.log_ready()

    def log_ready(self) -> None:
        pids = ", ".join(str(process.pid) for process in self.processes)
        log(f"{len(self.processes)} uvicorn process(es) (pid {pids}) answer on {self.url}")

    @property
    def count(self) -> int:
        """Server processes that answer HTTP requests."""
        return len(self.processes)

    def label(self) -> str:
        """The server configuration, as the results name it."""
        many = self.count > 1
        return f"uvicorn, {self.count} process{'es' if many else ''} on 127.0.0.1" + (
            " (one per core, a SO_REUSEPORT socket each)" if many else ""
        )

    def serving_pids(self) -> list[list[int]]:
        """Per server process, the process ids whose CPU and memory count as its own."""
        return [[process.pid] for process in self.processes]

    def cpu_seconds(self) -> list[float]:
        """User + system CPU time each server process used so far."""
        return [sum(cpu_seconds(pid) for pid in pids) for pids in self.serving_pids()]

    def peak_rss_mb(self) -> float | None:
        peaks = [peak_rss_mb(pid) for pids in self.serving_pids() for pid in pids]
        return round(sum(peak for peak in peaks if peak is not None), 1) if any(peaks) else None

    def errors_logged(self) -> dict[str, int]:
        """The exceptions the servers logged (the last line of each traceback), with their counts."""
        found: Counter = Counter()
        for process_name in self.names:
            path = self.services.workdir / f"{process_name}.log"
            for line in path.read_text(errors="replace").splitlines():
                if EXCEPTION_LINE.match(line):
                    found[line.strip()[:300]] += 1
        return dict(found.most_common(10))


class AsgiServers(WebServers):
    """``count`` uvicorn processes (the production ASGI server) serving the project on one loopback port.

    Each process gets its own listening socket on that port (SO_REUSEPORT, handed over with uvicorn's ``--fd``), so the
    kernel spreads new connections evenly over the processes; with one shared socket one process can take most of a
    fixed set of keep-alive connections. Started and stopped through ``services`` (each by its own process id).
    """

    kind = "ASGI server"

    def __init__(self, services: Services, env: dict, count: int, *, name: str = "web") -> None:
        self.services = services
        self.names = [f"{name}-{number + 1}" for number in range(count)]
        uvicorn = str(Path(sys.executable).with_name("uvicorn"))
        port = 0
        self.processes: list[subprocess.Popen] = []
        for process_name in self.names:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen(1024)
            port = sock.getsockname()[1]
            os.set_inheritable(sock.fileno(), True)
            fd = sock.fileno()
            self.processes.append(
                services.process(process_name, [uvicorn, "--fd", str(fd), *ASGI_SERVER], env=env, pass_fds=(fd,))
            )
            sock.close()  # the server process holds its copy
        self.url = f"http://127.0.0.1:{port}"


# The standard layout: HTTP on WSGI (gunicorn, threaded workers), ASGI (uvicorn) only for the websockets under /ws/,
# the two split by path in front (a reverse proxy). The benches send HTTP only, so they talk to gunicorn directly.
WSGI_SERVER = ["--worker-class", "gthread", "--log-level", "warning", "--graceful-timeout", "5", "brics_ttc.wsgi"]


class StandardServers(WebServers):
    """The standard layout, to measure against today's (``AsgiServers``): one gunicorn master with ``count`` threaded
    (``gthread``) workers of ``threads`` threads each serving HTTP through Django's WSGI handler, beside one uvicorn
    process for the websockets (``ws_url``; idle in the HTTP benches, started so the layout is complete and its cost
    counted). gunicorn's workers share the master's one listening socket. Each worker counts as one server process
    (CPU time, peak memory); the master only supervises.
    """

    kind = "WSGI server (gunicorn)"

    def __init__(self, services: Services, env: dict, count: int, *, threads: int, name: str = "web") -> None:
        self.services = services
        self.workers_wanted, self.threads = count, threads
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        uvicorn = str(Path(sys.executable).with_name("uvicorn"))
        port, ws_port = free_port(), free_port()
        http = [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", str(count), "--threads", str(threads)]
        self.names = [f"{name}-wsgi", f"{name}-ws"]
        self.processes = [
            services.process(self.names[0], [*http, *WSGI_SERVER], env=env),
            services.process(self.names[1], [uvicorn, "--port", str(ws_port), *ASGI_SERVER], env=env),
        ]
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{ws_port}"
        wait_until(lambda: answers("127.0.0.1", ws_port), "the websocket server (uvicorn)")

    def wait_ready(self, path: str, timeout: float = 90.0) -> None:
        wait_until(lambda: len(self.workers()) == self.workers_wanted, "gunicorn's workers", timeout=timeout)
        super().wait_ready(path, timeout)

    def log_ready(self) -> None:
        master, ws = (process.pid for process in self.processes)
        workers = ", ".join(map(str, self.workers()))
        log(
            f"gunicorn (pid {master}; {self.workers_wanted} gthread worker(s) x {self.threads} threads, pid {workers}) "
            f"answers on {self.url}; uvicorn (pid {ws}) serves /ws/ on {self.ws_url}"
        )

    @property
    def count(self) -> int:
        return self.workers_wanted

    def label(self) -> str:
        many = self.count > 1
        return (
            f"gunicorn (WSGI), {self.count} gthread worker{'s' if many else ''} x {self.threads} threads on 127.0.0.1"
            + (" (one shared socket)" if many else "")
            + "; uvicorn for /ws/ (idle here)"
        )

    def workers(self) -> list[int]:
        return children(self.processes[0].pid)

    def serving_pids(self) -> list[list[int]]:
        # One entry per gunicorn worker (the processes the results count); the master and the idle websocket server
        # are counted with the first, so the totals include them.
        master, ws = (process.pid for process in self.processes)
        workers = self.workers()
        if not workers:
            return [[master, ws]]
        return [[workers[0], master, ws], *([pid] for pid in workers[1:])]


def children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (Linux /proc), in order."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return sorted(found)


LAYOUTS = ("current", "standard")


def web_servers(
    services: Services, env: dict, count: int, *, layout: str = "current", threads: int | None = None, name: str = "web"
) -> WebServers:
    """The servers under test in one of ``LAYOUTS``: ``current`` = ``count`` uvicorn processes serving everything
    (HTTP through brics_ttc/asgi_http.py, unless ASGI_HTTP_HANDLER=django); ``standard`` = gunicorn with ``count``
    gthread workers of ``threads`` threads (default: HTTP_THREADS in ``env``, else 2, the threads the current layout
    gives each process) for HTTP, uvicorn for /ws/."""
    if layout == "current":
        return AsgiServers(services, env, count, name=name)
    if layout == "standard":
        threads = threads or int(env.get("HTTP_THREADS") or 2)
        return StandardServers(services, env, count, threads=threads, name=name)
    raise ValueError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")


EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b.*:")


def _status_kb(pid: int | str, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """The process's peak resident set (VmHWM) since it started or since reset_peak_rss()."""
    kb = _status_kb(pid, "VmHWM")
    return round(kb / 1024, 1) if kb is not None else None


def reset_peak_rss() -> bool:
    """Restart this process's VmHWM from its current RSS (Linux: "5" into clear_refs), to read a phase's own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class Connection:
    """One keep-alive HTTP/1.1 connection: a few lines over asyncio streams instead of an HTTP client library, whose
    own CPU per request (several ms for httpx) would otherwise take a large share of the 2 cores the servers are
    measured on. Enough HTTP for this API: Content-Length or chunked bodies, reconnects."""

    def __init__(self, url: str, token: str | None = None) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.head = f"Host: {parts.netloc}\r\nAccept: application/json\r\n"
        if token:
            self.head += f"Authorization: Token {token}\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: dict | None = None, headers: str = "") -> tuple[int, bytes]:
        """(status, body); raises OSError when the connection fails."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        payload = b"" if body is None else json.dumps(body).encode()
        if body is not None:
            headers += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        try:
            self.writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{headers}\r\n".encode() + payload)
            status = int((await self.reader.readline()).split()[1])
            length, chunked, close = None, False, False
            while (line := await self.reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                name, value = name.strip().lower(), value.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding":
                    chunked = "chunked" in value
                elif name == "connection":
                    close = value == "close"
            if chunked:
                content = b""
                while size := int((await self.reader.readline()).split(b";")[0], 16):
                    content += (await self.reader.readexactly(size + 2))[:-2]
                await self.reader.readline()
            elif length is not None:
                content = await self.reader.readexactly(length)
            else:
                content, close = await self.reader.read(), True
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            self.close()
            raise OSError("connection failed") from None
        if close:
            self.close()
        return status, content

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
