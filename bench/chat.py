"""`make bench-chat`: live conversations under load through the real API and websockets, production server set-up.

What it does
1. a throwaway PostgreSQL database (as bench-bids: ``BENCH_POSTGRES_URL``, else 127.0.0.1:5432, else a throwaway
   cluster), migrated; ``--conversations`` conversations opened through ``negotiations.services.conversation_start``,
   each between its own researcher (owner of a published achievement) and its own enterprise, every user with an API
   token and a session (the websocket signs in with the session cookie, as a browser does); in every
   ``--translated-every``-th conversation the owner reads Spanish, so the requester's English messages need a
   translation (Apertium's en → es, a served pair);
2. ``--servers`` uvicorn processes (``harness.AsgiServers``: DJANGO_DEBUG=0, the Redis cache and channel layer) and,
   for the translations, a Celery worker on Redis and Apertium APy (scripts/apertium_apy.py) when installed
   (``--no-translation`` leaves them out);
3. every participant opens ``/ws/conversations/{id}/`` (``--conversations`` x 2 sockets), then all of them post
   messages (``POST /api/v1/conversations/{id}/messages/`` with a fresh ``Idempotency-Key``; every 10th sent again
   and it must come back as the same message, 200 and ``Idempotent-Replayed``) at ``--rate`` messages/s together for
   ``--duration`` seconds, each client at its own random phase; every websocket frame is time-stamped on arrival;
4. once every client has its last answer, a grace period (5 s; 30 s for translations); then delivery latency from
   just before the POST to the arrival on the other participant's socket (p50/p95/p99), lost deliveries (a 201 whose
   message never reached the other participant) and duplicates (a message that arrived twice on one socket), and for
   the translated conversations the time from the POST until the translation reached the owner's socket;
5. bench/results/chat.json with the goals (>= 200 sockets, >= 100 conversations, >= 50 messages/s for 60 s,
   p95 delivery <= 200 ms, zero lost or duplicated, no 5xx) and whether they were met, the commit, CPU and load
   averages; with ``--repeats N`` (default 3) N independent runs, each in its own process on a fresh database: the
   first reported in full with the spread of all (``repeats``), and the goals met only if every run met them.

Redis: the one on 127.0.0.1:6379, databases 3 (cache and Celery broker) and 4 (channel layer), flushed before and
after; everything the bench starts is stopped by its own process id; the database is dropped at the end.

    uv run python bench/chat.py [--conversations 100] [--duration 60] [--rate 60] [--servers 2] [--no-translation]
                                [--quiet-load 1.5 [--quiet-wait 300]] [--repeats 3] [--keep-logs] [--out FILE]
    (``--seconds`` is another name for ``--duration``: ``make bench-chat ARGS="--seconds 10 --repeats 1"``)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import harness
from harness import (
    ROOT,
    AsgiServers,
    Connection,
    Services,
    database,
    git_commit,
    log,
    postgres_admin_url,
    redis_base,
    summary_ms,
    wait_for_quiet,
    wait_until,
)

harness.configure("bench-chat")
REDIS_DB, REDIS_CHANNELS_DB = 3, 4  # this bench's own (see /work/coord/PORTS.md in the session; the tests use 12-15)
GOALS = {
    "sockets_min": 200,
    "conversations_min": 100,
    "messages_per_second_min": 50,
    "p95_delivery_ms_max": 200,
    "lost": 0,
    "duplicated": 0,
    "server_errors": 0,
}
REPLAY_EVERY = 10
GRACE_SECONDS = 5.0  # after the last answered send of all clients, deliveries still in flight may arrive
TRANSLATION_GRACE_SECONDS = 30.0
SENTENCES = [
    "We tested the prototype last week and the results look good.",
    "Could you send us the price for a licence of five years?",
    "Our engineers would like to visit your laboratory in March.",
    "The pilot line can produce two thousand units per month.",
    "Please share the test report when it is ready.",
]


def flush_redis(base: str) -> None:
    import redis

    for db in (REDIS_DB, REDIS_CHANNELS_DB):
        client = redis.Redis.from_url(f"{base}/{db}")
        client.flushdb()
        client.close()


@dataclass
class Seat:
    user_id: int
    token: str
    session: str
    conversation: int
    reads_translation: bool = False


def create_conversations(count: int, translated_every: int) -> list[tuple[Seat, Seat]]:
    """``count`` conversations, each between a researcher (owner) and an enterprise (requester), through the service."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import Role, User
    from achievements.models import Achievement, IpStatus
    from marketplace.models import ModerationState, TechnologyField, TransferMode
    from negotiations.services import conversation_start

    field_ = TechnologyField.objects.order_by("position").first()
    mode = TransferMode.objects.order_by("pk").first()
    pairs = []
    for index in range(count):
        translated = translated_every > 0 and index % translated_every == 0
        with transaction.atomic():
            owner = User.objects.create(
                email=f"owner{index}@bench.example",
                display_name=f"Owner {index}",
                role=Role.RESEARCHER,
                country="BR",
                preferred_language="es" if translated else "en",
                password=make_password(None),
            )
            requester = User.objects.create(
                email=f"requester{index}@bench.example",
                display_name=f"Requester {index}",
                role=Role.ENTERPRISE,
                country="ZA",
                preferred_language="en",
                password=make_password(None),
            )
            achievement = Achievement.objects.create(
                owner=owner,
                field=field_,
                country="BR",
                source_language="en",
                title_en=f"Solar water purification unit, model {index}",
                summary_en="A compact unit that purifies river water at a fraction of the usual cost.",
                trl=7,
                ip_status=IpStatus.GRANTED_PATENT,
                price_negotiable=True,
                state=ModerationState.PUBLISHED,
                published_at=timezone.now(),
            )
            achievement.transfer_modes.set([mode])
        conversation, _created = conversation_start(
            user=requester,
            subject_type="achievement",
            subject_id=achievement.pk,
            purpose="licence",
            body="We would like to license this technology.",
            language="en",
        )
        seats = []
        for user, reads in ((owner, translated), (requester, False)):
            session = SessionStore()
            session["_auth_user_id"] = str(user.pk)
            session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
            session["_auth_user_hash"] = user.get_session_auth_hash()
            session.create()
            token = Token.objects.create(user=user, key=Token.generate_key())
            seats.append(Seat(user.pk, token.key, session.session_key, conversation.pk, reads))
        pairs.append((seats[0], seats[1]))
    return pairs


@dataclass
class Tally:
    sent: dict[int, tuple[float, int, int]] = field(default_factory=dict)  # message id -> (t before POST, author, conv)
    statuses: Counter = field(default_factory=Counter)
    post_latency: list[float] = field(default_factory=list)
    received: dict[tuple[int, int], list[float]] = field(default_factory=lambda: defaultdict(list))  # (user, id)
    translations: dict[tuple[int, int], float] = field(default_factory=dict)
    replays_ok: int = 0
    replays_bad: int = 0
    socket_failures: int = 0
    sockets_open: int = 0
    window: tuple[float, float] = (0.0, 0.0)  # when the sending started and stopped (monotonic clock)


async def listen(socket, seat: Seat, tally: Tally) -> None:
    async for frame in socket:
        now = time.monotonic()
        data = json.loads(frame)
        if data.get("type") == "message":
            tally.received[(seat.user_id, data["message"]["id"])].append(now)
        elif data.get("type") == "translation" and data.get("status") == "done":
            tally.translations.setdefault((seat.user_id, data["message"]), now)


@dataclass
class Finish:
    """Every socket stays open until all clients finished sending (a POST still waiting for its answer at the stop
    counts too) plus the grace period: a slow answer is measured as slow, never as lost."""

    clients: int
    done: int = 0
    all_sent: asyncio.Event = field(default_factory=asyncio.Event)

    def sent_all(self) -> None:
        self.done += 1
        if self.done >= self.clients:
            self.all_sent.set()


async def client(
    url: str, seat: Seat, tally: Tally, finish: Finish, *, start_at: float, stop_at: float, interval: float
) -> None:
    """One participant: its socket open all along, and (from ``start_at``) a message every ``interval`` seconds."""
    from websockets.asyncio.client import connect

    host = url.removeprefix("http://")
    headers = {"Cookie": f"sessionid={seat.session}", "Origin": url}
    try:
        socket = await connect(f"ws://{host}/ws/conversations/{seat.conversation}/", additional_headers=headers)
    except Exception:
        tally.socket_failures += 1
        finish.sent_all()
        return
    tally.sockets_open += 1
    listener = asyncio.create_task(listen(socket, seat, tally))
    http = Connection(url, seat.token)
    path = f"/api/v1/conversations/{seat.conversation}/messages/"
    sent = 0
    next_at = start_at + random.uniform(0, interval)
    finished = False
    try:
        while True:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() >= stop_at:
                break
            key = uuid.uuid4().hex
            body = {"body": f"{random.choice(SENTENCES)} ({seat.user_id}-{sent})", "language": "en"}
            started = time.monotonic()
            try:
                status, content = await http.request("POST", path, body, headers=f"Idempotency-Key: {key}\r\n")
            except OSError:
                tally.statuses["connection_error"] += 1
                next_at += interval
                continue
            tally.statuses[status] += 1
            tally.post_latency.append(time.monotonic() - started)
            if status == 201:
                message_id = json.loads(content)["id"]
                tally.sent[message_id] = (started, seat.user_id, seat.conversation)
                sent += 1
                if sent % REPLAY_EVERY == 0:
                    again, again_content = await http.request("POST", path, body, headers=f"Idempotency-Key: {key}\r\n")
                    same = again == 200 and json.loads(again_content)["id"] == message_id
                    tally.replays_ok += same
                    tally.replays_bad += not same
            next_at += interval
        finished = True
        finish.sent_all()
        await finish.all_sent.wait()
        ended = time.monotonic()
        await asyncio.sleep(GRACE_SECONDS)
        if seat.reads_translation:
            await asyncio.sleep(max(0.0, ended + TRANSLATION_GRACE_SECONDS - time.monotonic()))
    finally:
        if not finished:
            finish.sent_all()
        http.close()
        listener.cancel()
        await socket.close()


async def load(url: str, pairs: list[tuple[Seat, Seat]], *, duration: float, rate: float, ramp: float) -> Tally:
    tally = Tally()
    seats = [seat for pair in pairs for seat in pair]
    interval = len(seats) / rate
    start_at = time.monotonic() + ramp
    stop_at = start_at + duration
    finish = Finish(clients=len(seats))
    await asyncio.gather(
        *(client(url, seat, tally, finish, start_at=start_at, stop_at=stop_at, interval=interval) for seat in seats)
    )
    tally.window = (start_at, stop_at)
    return tally


def summarise(args, pairs, tally: Tally, setup: dict) -> dict:
    others = {}
    for owner, requester in pairs:
        others[(owner.conversation, owner.user_id)] = requester
        others[(requester.conversation, requester.user_id)] = owner
    latencies, lost, duplicated, translation_times, translation_missing = [], 0, 0, [], 0
    for message_id, (started, author, conversation) in tally.sent.items():
        reader = others[(conversation, author)]
        arrivals = tally.received.get((reader.user_id, message_id), [])
        if not arrivals:
            lost += 1
        else:
            latencies.append(arrivals[0] - started)
            duplicated += len(arrivals) > 1
        if reader.reads_translation and setup["translation"]:
            arrived = tally.translations.get((reader.user_id, message_id))
            if arrived is None:
                translation_missing += 1
            else:
                translation_times.append(arrived - started)
    start_at, stop_at = tally.window
    in_window = sum(1 for started, _a, _c in tally.sent.values() if start_at <= started < stop_at)
    per_second = in_window / args.duration
    delivery = summary_ms(latencies)
    server_errors = sum(count for status, count in tally.statuses.items() if isinstance(status, int) and status >= 500)
    sockets = tally.sockets_open
    met = {
        "sockets": sockets >= GOALS["sockets_min"],
        "conversations": len(pairs) >= GOALS["conversations_min"],
        "messages_per_second": per_second >= GOALS["messages_per_second_min"] and args.duration >= 60,
        "p95_delivery": delivery["p95_ms"] is not None and delivery["p95_ms"] <= GOALS["p95_delivery_ms_max"],
        "lost": lost == GOALS["lost"],
        "duplicated": duplicated == GOALS["duplicated"],
        "server_errors": server_errors == GOALS["server_errors"],
    }
    return {
        "bench": "chat",
        "commit": git_commit(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "parameters": {
            "conversations": len(pairs),
            "sockets": len(pairs) * 2,
            "duration_s": args.duration,
            "rate_offered_per_s": args.rate,
            "servers": args.servers,
            "translated_every": args.translated_every if setup["translation"] else 0,
        },
        "sockets_open": sockets,
        "socket_failures": tally.socket_failures,
        "messages_sent": len(tally.sent),
        "messages_per_second": round(per_second, 1),
        "post_statuses": {str(key): value for key, value in sorted(tally.statuses.items(), key=str)},
        "post_latency": summary_ms(tally.post_latency),
        "delivery_latency": delivery,
        "lost": lost,
        "duplicated": duplicated,
        "idempotent_replays": {"same_message": tally.replays_ok, "wrong": tally.replays_bad},
        "translation": (
            {
                "pair": "en → es (Apertium)",
                "messages": len(translation_times) + translation_missing,
                "delivered": len(translation_times),
                "not_delivered_within_grace": translation_missing,
                "post_to_translation_delivered": summary_ms(translation_times),
            }
            if setup["translation"]
            else {"measured": False, "why": setup.get("translation_off", "")}
        ),
        "cpu_seconds": setup["cpu"],
        "load_average": {"before": setup["loads"][0], "after": setup["loads"][1]},
        "quiet": setup["quiet"],
        "server_exceptions": setup["errors"],
        "goals": GOALS,
        "goals_met": met,
        "all_goals_met": all(met.values()),
    }


def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    try:
        with Services(workdir) as base:
            admin_url = postgres_admin_url(base)
            redis = redis_base(base, databases=f"databases {REDIS_DB} and {REDIS_CHANNELS_DB}")
            with database(admin_url, prefix="brics_ttc_bench_chat") as database_url:
                try:
                    flush_redis(redis)
                    with Services(workdir) as services:
                        result = bench(args, services, database_url, redis)
                    result["services_started_by_the_bench"] = base.started + services.started
                    return result
                finally:
                    from django.db import connections

                    connections.close_all()
                    flush_redis(redis)
    finally:
        if args.keep_logs:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _translation_services(args, services: Services, redis: str) -> tuple[dict, str]:
    """Apertium APy and the broker settings when the translation phase runs; ``({}, why not)`` otherwise."""
    if args.no_translation:
        return {}, "--no-translation"
    if not Path("/usr/share/apertium/modes/eng-spa.mode").exists():
        return {}, "Apertium's English → Spanish is not installed (apt-get install apertium-apy apertium-eng-spa)"
    from translate import apertium_url

    harness.configure("bench-chat")  # importing bench/translate.py named the log lines after itself
    return {
        "APERTIUM_URL": apertium_url(services),
        "TRANSLATION_PROVIDERS": "apertium",
        "CELERY_BROKER_URL": f"{redis}/{REDIS_DB}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }, ""


def bench(args: argparse.Namespace, services: Services, database_url: str, redis: str) -> dict:
    translation_env, translation_off = _translation_services(args, services, redis)
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "brics_ttc.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": database_url,
        "CACHE_URL": f"{redis}/{REDIS_DB}",
        "CHANNEL_LAYER_URL": f"{redis}/{REDIS_CHANNELS_DB}",
        # Raised for the bench: its synthetic clients write faster than people do.
        "THROTTLE_USER": "1000000/min",
        "NEGOTIATION_MESSAGES_PER_MINUTE": "100000",
        "NEGOTIATION_CONVERSATIONS_PER_DAY": "100000",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "TRANSLATION_PROVIDERS": "",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        **translation_env,
    }
    os.environ.update(env)
    for name in ("CELERY_RESULT_BACKEND",) + (() if translation_env else ("CELERY_BROKER_URL",)):
        os.environ.pop(name, None)
        env.pop(name, None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    log("migrating the bench database")
    call_command("migrate", verbosity=0)
    pairs = create_conversations(args.conversations, args.translated_every if translation_env else 0)
    log(f"{len(pairs)} conversations, {2 * len(pairs)} participants with tokens and sessions")
    if translation_env:
        from brics_ttc.celery import app as celery_app

        celery_app.control.purge()  # the first messages' jobs, enqueued while creating the conversations
        worker = services.process(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "brics_ttc",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "warning",
                "-n",
                f"bench-chat-{uuid.uuid4().hex[:8]}@%h",
            ],
            env=env,
        )
        wait_until(lambda: _worker_ready(celery_app) or worker.poll() is not None, "the Celery worker", timeout=60)
        if worker.poll() is not None:
            raise SystemExit(f"The Celery worker exited:\n{services.log_tail('worker')}")
    servers = AsgiServers(services, env, args.servers)
    servers.wait_ready("/healthz")
    quiet = wait_for_quiet(args.quiet_load, args.quiet_wait, "chat")
    loads = [os.getloadavg()]
    cpu = {"servers": sum(servers.cpu_seconds()), "clients": time.process_time()}
    log(f"{2 * len(pairs)} sockets, {args.rate:.0f} messages/s offered for {args.duration:.0f} s")
    tally = asyncio.run(load(servers.url, pairs, duration=args.duration, rate=args.rate, ramp=args.ramp_up))
    cpu = {
        "servers": round(sum(servers.cpu_seconds()) - cpu["servers"], 1),
        "clients": round(time.process_time() - cpu["clients"], 1),
    }
    loads.append(os.getloadavg())
    errors = servers.errors_logged()
    for line, count in errors.items():
        log(f"the servers logged {count} x {line}")
    setup = {
        "translation": bool(translation_env),
        "translation_off": translation_off,
        "cpu": cpu,
        "loads": loads,
        "quiet": quiet,
        "errors": errors,
    }
    return summarise(args, pairs, tally, setup)


def _worker_ready(celery_app) -> bool:
    try:
        return bool(celery_app.control.ping(timeout=0.5))
    except Exception:
        return False


def _spread(values: list) -> dict:
    known = sorted(value for value in values if value is not None)
    if not known:
        return {"min": None, "median": None, "max": None}
    return {"min": known[0], "median": known[len(known) // 2], "max": known[-1]}


def repeated(args: argparse.Namespace) -> dict:
    """``--repeats`` independent runs, each in its own process (Django is set up once per process) on its own
    database; the first is reported in full with the spread of all, and the goals hold only if every run met them."""
    runs = []
    for index in range(args.repeats):
        part = Path(tempfile.mkdtemp(prefix="bench-chat-run-")) / "run.json"
        command = [sys.executable, __file__, "--repeats", "1", "--out", str(part)]
        for name in ("conversations", "duration", "rate", "servers", "ramp_up", "translated_every", "quiet_wait"):
            command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
        if args.quiet_load is not None:
            command += ["--quiet-load", str(args.quiet_load)]
        command += ["--no-translation"] if args.no_translation else []
        command += ["--keep-logs"] if args.keep_logs else []
        log(f"run {index + 1} of {args.repeats}")
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 (this script, our own arguments)
        runs.append(json.loads(part.read_text()))
        shutil.rmtree(part.parent, ignore_errors=True)
    result = runs[0]
    translated = [r["translation"].get("post_to_translation_delivered", {}).get("p95_ms") for r in runs]
    result["repeats"] = {
        "runs": len(runs),
        "p95_delivery_ms": _spread([r["delivery_latency"]["p95_ms"] for r in runs]),
        "p99_delivery_ms": _spread([r["delivery_latency"]["p99_ms"] for r in runs]),
        "messages_per_second": _spread([r["messages_per_second"] for r in runs]),
        "p95_translation_delivered_ms": _spread(translated),
        "lost": [r["lost"] for r in runs],
        "duplicated": [r["duplicated"] for r in runs],
        "load_before": [r["load_average"]["before"][0] for r in runs],
        "commits": sorted({r["commit"] for r in runs}),
        "all_goals_met_per_run": [r["all_goals_met"] for r in runs],
        # In run order (the spreads above are sorted): which goal each run missed.
        "p95_delivery_ms_per_run": [r["delivery_latency"]["p95_ms"] for r in runs],
        "goals_met_per_run": [r["goals_met"] for r in runs],
    }
    result["all_goals_met"] = all(r["all_goals_met"] for r in runs)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100, help="conversations, 2 sockets each (default 100)")
    parser.add_argument("--duration", "--seconds", type=float, default=60.0, help="seconds of sending (default 60)")
    parser.add_argument("--rate", type=float, default=60.0, help="messages/s all clients send together (default 60)")
    parser.add_argument("--servers", type=int, default=2, help="uvicorn processes (default 2)")
    parser.add_argument("--ramp-up", type=float, default=3.0, help="seconds between the sockets opening and sending")
    parser.add_argument(
        "--translated-every", type=int, default=10, help="every N-th conversation's owner reads Spanish (default 10)"
    )
    parser.add_argument("--no-translation", action="store_true", help="no worker, no Apertium, no translations")
    parser.add_argument("--quiet-load", type=float, default=None, metavar="LOAD", help="wait for this load average")
    parser.add_argument("--quiet-wait", type=float, default=300.0, help="wait at most this long for it (default 300 s)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs (a temporary directory)")
    parser.add_argument("--repeats", type=int, default=3, help="independent runs, each on a fresh database (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "chat.json")
    args = parser.parse_args()
    result = run(args) if args.repeats <= 1 else repeated(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    keys = ("messages_per_second", "delivery_latency", "lost", "duplicated", "translation", "repeats", "all_goals_met")
    print(json.dumps({key: result.get(key) for key in keys}, ensure_ascii=False))


if __name__ == "__main__":
    main()
