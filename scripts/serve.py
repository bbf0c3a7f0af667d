"""The production web command: ``WEB_CONCURRENCY`` uvicorn processes, each with its own listening socket.

``uvicorn --workers N`` forks N processes that accept from one shared socket; with keep-alive clients the kernel can
hand most connections to one of them (``make bench-pages`` saw all 10 of a run's connections on one of two workers in
3 runs out of 13, 2-3x slower than balanced runs). Here every process gets its own socket on the same address
(``SO_REUSEPORT``), handed over with ``uvicorn --fd``, and the kernel spreads new connections evenly over them, as
``bench/harness.py`` serves the benchmarks. SIGTERM / SIGINT go to every process; when one exits, the others are
stopped and this command exits with its status (the container's restart policy starts it again).

    python scripts/serve.py [--host 0.0.0.0] [--port 8000] [--workers N] -- UVICORN_ARGUMENTS... APP
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 (a container's web service)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 1), help="default: WEB_CONCURRENCY"
    )
    args, uvicorn_arguments = parser.parse_known_args()
    if uvicorn_arguments[:1] == ["--"]:
        uvicorn_arguments = uvicorn_arguments[1:]
    # uvicorn reads WEB_CONCURRENCY as --workers: each process here is one worker on its own socket.
    env = {key: value for key, value in os.environ.items() if key != "WEB_CONCURRENCY"}
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    children: list[subprocess.Popen] = []
    for _number in range(max(1, args.workers)):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((args.host, args.port))
        sock.listen(2048)
        fd = sock.fileno()
        os.set_inheritable(fd, True)
        command = [sys.executable, "-m", "uvicorn", "--fd", str(fd), *uvicorn_arguments]
        children.append(subprocess.Popen(command, env=env, pass_fds=(fd,)))  # noqa: S603 (our own command line)
        sock.close()  # the worker holds its copy

    def forward(signum, _frame) -> None:
        for child in children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    _pid, status = os.wait()  # the first worker to exit ends the service
    forward(signal.SIGTERM, None)
    for child in children:
        child.wait()
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
