"""`make bench-bids`: 200 concurrent bidders on one hot English auction, through the real API on a real ASGI server.

What it does
1. a throwaway PostgreSQL database (on ``BENCH_POSTGRES_URL``, else the server answering on 127.0.0.1:5432 as the
   ``postgres`` role, else a throwaway cluster started here from Debian's ``postgresql``), migrated; one published
   achievement put up for auction by a staff member through ``trading.services.auction_create``: English, USD,
   starting price 1,000, increment 10, created when the load starts and ending ``--duration`` seconds later (the
   server's clock decides), with a soft close (a bid in the last 5 s moves the end 2 ms later: enough to exercise
   the rule, little enough that the auction still ends); ``--bidders`` enterprise accounts, each with an API token
   (the row ``POST /api/v1/auth/token/`` hands out);
2. ``--servers`` uvicorn processes (the production ASGI server of the Dockerfile; default 2, one per core; with
   ``--layout standard`` gunicorn gthread workers for HTTP beside uvicorn for /ws/, see the README) on one
   loopback port, each with its own SO_REUSEPORT socket (``harness.AsgiServers``), with DJANGO_DEBUG=0, the Redis
   cache (throttle counters) and the Redis channel layer (each accepted bid is broadcast to the auction's live
   pages), otherwise the production settings; the per-bidder bid throttle is raised (THROTTLE_BIDS) so that the
   bench measures the bid path, not the throttle's refusals. ``--server-env NAME=VALUE`` tries a setting. Then
   ``--warm-up`` seconds (default 5) of the same load on a second auction, not measured: fresh processes open their
   database connections, worker threads and code paths on their first requests, which a server in service has done;
3. the bidders (asyncio, one keep-alive HTTP/1.1 connection each, see ``Connection``), joining at random moments of
   the first ``--ramp-up`` seconds (default 5), each reading the auction (``GET``) before its first bid: together
   they offer ``--rate`` bids/s (default 300: the goal of 250 plus a margin; each bidder bids every bidders/rate
   seconds, or later when its answer is late), each bidding the minimum its last answer showed -- a 201 carries the
   auction's live state; a refusal that carries no ``minimum_bid`` makes the bidder read ``GET
   /api/v1/auctions/{id}/`` first (counted apart: "reads") -- with a fresh ``Idempotency-Key`` per bid (every 5th
   accepted bid is sent again and must come back as the same entry, marked replayed), until the auction ends
   (``auction_closed``) or a hard cap; every bid's HTTP status, code and latency are recorded. Without pacing
   (``--rate 0``) 200 bidders in a closed loop keep 200 requests in flight, so latency = 200 / throughput whatever
   the server does: a saturation test, in which p99 <= 200 ms would need 1,000 bids/s;
4. the close (``trading.services.auctions_close_due``, the beat's job, unless a bidder's read closed it first) once
   the end has passed, then
   ``trading.invariants.replay_invariants`` on the stored log, and a check that every 2xx answer's entry (seq and
   entry_hash) is stored and that the log holds no entry nobody was told about;
5. bench/results/bids.json: processed bids/s (accepted + refused with a code; 5xx answers are counted apart),
   accepted/s, the status histogram, p50/p95/p99 latency of the bids, the reads, CPU per request of the servers,
   the bidders and PostgreSQL, the exceptions the servers logged, the invariant results, the machine (and its load
   average: the 2 cores may be shared; ``--quiet-load`` waits for a quiet moment), the goals (>= 250 processed
   bids/s, p99 <= 200 ms, zero violations, no 5xx) and whether they were met.

Redis: the one answering on 127.0.0.1:6379 (databases 10 and 11, flushed before and after), else a throwaway
redis-server. Everything the bench starts is stopped by its own process id; the database is dropped at the end.

With ``--repeats N`` (default 3) N independent runs, each in its own process on a fresh database and auction: the
result holds the first in full and the spread of all under ``repeats``, and the goals count as met only if every run
met them (one lucky run is not enough).

    uv run python bench/bids.py [--bidders 200] [--duration 60] [--rate 300] [--servers 2] [--server-env NAME=VALUE]
                                [--layout current|standard] [--quiet-load 1.5 [--quiet-wait 300]] [--repeats 3]
                                [--keep-logs] [--out FILE]
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
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import harness
from harness import (
    LAYOUTS,
    ROOT,
    Connection,
    Services,
    cpu_seconds,
    database,
    git_commit,
    log,
    percentile,
    postgres_admin_url,
    redis_base,
    runs_in_processes,
    spread,
    summary_ms,
    wait_for_quiet,
)

harness.configure("bench-bids")
REDIS_CACHE_DB, REDIS_CHANNELS_DB = 10, 11  # the bench's own (bench-translate uses 9, the test harness 12-15)
STARTING_PRICE = Decimal("1000")
INCREMENT = Decimal("10")
SOFT_CLOSE_WINDOW = timedelta(seconds=5)
SOFT_CLOSE_EXTENSION = timedelta(milliseconds=2)
GOALS = {"processed_bids_per_second_min": 250, "p99_ms_max": 200, "invariant_violations": 0, "server_errors": 0}
SETTLE_SECONDS = 3.0  # the servers settle after their first answers before the auction is created
REPLAY_EVERY = 5  # every 5th accepted bid is sent again with its idempotency key (as after a lost answer)
HARD_CAP_SECONDS = 60.0  # bidding stops this long after the scheduled end even if soft close kept it open


# --- processes and services ------------------------------------------------------------------------------------


def flush_redis(base: str) -> None:
    import redis

    for db in (REDIS_CACHE_DB, REDIS_CHANNELS_DB):
        client = redis.Redis.from_url(f"{base}/{db}")
        client.flushdb()
        client.close()


# --- the auction and its bidders -------------------------------------------------------------------------------


def create_people(bidders: int) -> tuple[object, list[object], list[str]]:
    """The staff member, two published achievements to sell (the hot auction's and the warm-up's), and the bidders'
    API tokens."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import Role, User
    from achievements.models import Achievement, IpStatus
    from marketplace.models import ModerationState, TechnologyField, TransferMode

    with transaction.atomic():
        staff = User.objects.create_user(
            email="staff@bench.example", password=None, role=Role.CENTER_STAFF, country="CN", is_staff=True
        )
        owner = User.objects.create_user(
            email="seller@bench.example", password=None, role=Role.RESEARCHER, country="BR"
        )
        achievements = []
        for title in ("Solar-powered water purification unit for rural schools", "Low-cost soil moisture sensor"):
            achievement = Achievement.objects.create(
                owner=owner,
                field=TechnologyField.objects.order_by("position").first(),
                country="BR",
                source_language="en",
                title_en=title,
                summary_en="A compact unit that does its job at a fraction of the usual cost.",
                description_en="Tested for eighteen months in three provinces.",
                keywords_en="solar, water",
                trl=7,
                ip_status=IpStatus.GRANTED_PATENT,
                price_negotiable=True,
                state=ModerationState.PUBLISHED,
                published_at=timezone.now(),
            )
            achievement.transfer_modes.set([TransferMode.objects.order_by("pk").first()])
            achievements.append(achievement)
        users = User.objects.bulk_create(
            User(
                email=f"bidder{index}@bench.example",
                display_name=f"Bench bidder {index}",
                role=Role.ENTERPRISE,
                country=("BR", "RU", "IN", "CN", "ZA")[index % 5],
                password=make_password(None),  # unusable: the bidders only use their API tokens
            )
            for index in range(bidders)
        )
        tokens = Token.objects.bulk_create(Token(user=user, key=Token.generate_key()) for user in users)
    return staff, achievements, [token.key for token in tokens]


def create_auction(staff, achievement, duration: float) -> tuple[int, datetime]:
    """The hot auction, created by staff through the service, live now and ending ``duration`` seconds from now."""
    from django.utils import timezone

    from trading.models import AuctionKind
    from trading.services import AuctionSpec, auction_create

    now = timezone.now()
    auction = auction_create(
        lot=achievement,
        actor=staff,
        spec=AuctionSpec(
            kind=AuctionKind.ENGLISH,
            currency="USD",
            starting_price=STARTING_PRICE,
            min_increment=INCREMENT,
            soft_close_window=SOFT_CLOSE_WINDOW,
            soft_close_extension=SOFT_CLOSE_EXTENSION,
            starts_at=now - timedelta(minutes=1),
            ends_at=now + timedelta(seconds=duration),
        ),
    )
    return auction.pk, auction.ends_at


# --- the servers -----------------------------------------------------------------------------------------------


def postgres_backends(database_url: str) -> list[int]:
    """Process ids of the PostgreSQL backends connected to the bench database (on this machine)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        return [row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))]


# --- the load --------------------------------------------------------------------------------------------------


class Tally:
    """Every bid's outcome, kept by the bidders (one event loop: no locks needed)."""

    def __init__(self) -> None:
        self.bids: list[tuple[float, float, int, str]] = []  # (sent at, latency s, HTTP status, code)
        self.reads: list[float] = []
        self.accepted: list[tuple[int, str, str]] = []  # (seq, entry_hash, amount) of every 2xx
        self.client_errors: Counter = Counter()
        self.read_errors: Counter = Counter()  # HTTP status of reads that failed
        self.samples: dict[int, str] = {}  # HTTP status -> the first body that was not JSON
        self.replays: Counter = Counter()  # idempotent repeats of accepted bids, by outcome


def _json(content: bytes) -> dict | None:
    try:
        data = json.loads(content)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


async def bidder(
    index: int, url: str, token: str, auction_id: int, tally: Tally, stop_at: float, interval: float, ramp_up: float
) -> None:
    """Join at a random moment of the first ``ramp_up`` seconds, then bid until the auction ends: at most one bid per
    ``interval`` seconds (0: as fast as the answers come)."""
    path = f"/api/v1/auctions/{auction_id}/"
    connection = Connection(url, token)

    async def read_minimum() -> str | None:
        """The auction's minimum bid now; None once it has closed (or when bidding time is over)."""
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, content = await connection.request("GET", path)
            except OSError:
                tally.client_errors["read: connection failed"] += 1
                await asyncio.sleep(0.1)
                continue
            tally.reads.append(time.perf_counter() - started)
            data = _json(content)
            if status == 200 and data is not None:
                return data.get("minimum_bid")
            tally.read_errors[status] += 1
            tally.samples.setdefault(status, content[:2000].decode(errors="replace"))
            await asyncio.sleep(0.1)
        return None

    async def replay(attempt: int, entry: dict) -> None:
        """Send a bid again with its key: the answer must be the original entry, marked as a replay."""
        try:
            status, content = await connection.request(
                "POST",
                f"{path}bids/",
                {"amount": entry["amount"], "currency": "USD"},
                headers=f"Idempotency-Key: b{index}-{attempt}\r\n",
            )
        except OSError:
            tally.client_errors["replay: connection failed"] += 1
            return
        data = _json(content) or {}
        same = (data.get("entry") or {}).get("entry_hash") == entry["entry_hash"]
        if status >= 500:
            outcome = "server error"  # decided nothing: counted with the server errors, not as a wrong answer
        else:
            outcome = "same entry, replayed" if status == 200 and same and data.get("replayed") else "mismatch"
        tally.replays[outcome] += 1

    # The bidders join over the ramp-up (not all in the same millisecond): each reads the auction, then bids.
    await asyncio.sleep(random.uniform(0, max(ramp_up, interval)))
    minimum = await read_minimum()
    attempt = 0
    next_at = time.monotonic()
    while minimum is not None and time.monotonic() < stop_at:
        if interval:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            next_at = max(next_at + interval, time.monotonic())  # a late bidder does not burst to catch up
        attempt += 1
        started = time.perf_counter()
        try:
            status, content = await connection.request(
                "POST",
                f"{path}bids/",
                {"amount": minimum, "currency": "USD"},
                headers=f"Idempotency-Key: b{index}-{attempt}\r\n",
            )
        except OSError:
            tally.client_errors["bid: connection failed"] += 1
            minimum = await read_minimum()
            continue
        latency = time.perf_counter() - started
        data = _json(content)
        if data is None:  # not the API's JSON: a server error page; kept for the report
            data = {"code": "not_json"}
            tally.samples.setdefault(status, content[:2000].decode(errors="replace"))
        if status in (200, 201):
            entry = data["entry"]
            tally.bids.append((started, latency, status, "accepted"))
            tally.accepted.append((entry["seq"], entry["entry_hash"], entry["amount"]))
            minimum = data["auction"]["minimum_bid"]
            if len(tally.accepted) % REPLAY_EVERY == 0:  # as if the answer had been lost: the same request again
                await replay(attempt, entry)
            continue
        code = data.get("code", "?")
        tally.bids.append((started, latency, status, code))
        if code == "auction_closed":
            break
        if status == 429:
            await asyncio.sleep(0.5)
        if data.get("minimum_bid"):
            minimum = data["minimum_bid"]
        else:  # this refusal does not carry the price: read the auction's state for the next bid
            minimum = await read_minimum()
    connection.close()


async def load(url: str, tokens: list[str], auction_id: int, stop_at: float, interval: float, ramp_up: float) -> Tally:
    tally = Tally()
    await asyncio.gather(
        *(bidder(i, url, token, auction_id, tally, stop_at, interval, ramp_up) for i, token in enumerate(tokens))
    )
    return tally


# --- the run ---------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-bids-"))
    try:
        with Services(workdir) as base:
            admin_url = postgres_admin_url(base)
            redis = redis_base(base, databases=f"databases {REDIS_CACHE_DB} and {REDIS_CHANNELS_DB}")
            with database(admin_url, prefix="brics_ttc_bench_bids") as database_url:
                try:
                    flush_redis(redis)
                    with Services(workdir) as services:
                        result = bench(args, services, database_url, redis)
                    result["services_started_by_the_bench"] = base.started + services.started
                    return result
                finally:
                    from django.db import connections

                    connections.close_all()  # our connection would hold the database open (it is dropped next)
                    flush_redis(redis)
    finally:
        if args.keep_logs:
            log(f"server logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def bench(args: argparse.Namespace, services: Services, database_url: str, redis: str) -> dict:
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "brics_ttc.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": database_url,
        "CACHE_URL": f"{redis}/{REDIS_CACHE_DB}",
        "CHANNEL_LAYER_URL": f"{redis}/{REDIS_CHANNELS_DB}",
        # Raised for the bench: the default (60/min per bidder) would refuse most of this synthetic load with 429s.
        "THROTTLE_BIDS": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }
    for item in args.server_env:  # e.g. DATABASE_CONN_MAX_AGE=0: settings to try on the servers
        name, _, value = item.partition("=")
        env[name] = value
    env.pop("CELERY_BROKER_URL", None)
    os.environ.update(env)
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    log("migrating the bench database")
    call_command("migrate", verbosity=0)
    staff, (achievement, warm_up_achievement), tokens = create_people(args.bidders)
    log(f"{len(tokens)} bidders with API tokens created")
    servers = harness.web_servers(services, env, args.servers, layout=args.layout, threads=args.threads)
    servers.wait_ready("/api/v1/auctions/")
    time.sleep(SETTLE_SECONDS)
    interval = args.bidders / args.rate if args.rate else 0.0
    if args.warm_up:
        # Fresh processes open their database connections, worker threads and code paths on their first requests;
        # a server in service has done so long before. The same load on another auction, not measured.
        warm_up_id, _ends_at = create_auction(staff, warm_up_achievement, args.warm_up + 60)
        log(f"warm-up: {args.warm_up:.0f} s of the same load on another auction (not measured)")
        stop = time.monotonic() + args.warm_up
        asyncio.run(load(servers.url, tokens, warm_up_id, stop_at=stop, interval=interval, ramp_up=args.ramp_up))

    quiet = wait_for_quiet(args.quiet_load, args.quiet_wait, "bids")
    load_before = os.getloadavg()
    auction_id, ends_at = create_auction(staff, achievement, args.duration)
    log(f"{args.bidders} bidders for {args.duration:.0f} s; the auction ends at {ends_at}")
    cpu = {"servers": sum(servers.cpu_seconds()), "bidders": time.process_time()}
    started = time.monotonic()
    stop_at = started + args.duration + HARD_CAP_SECONDS
    tally = asyncio.run(load(servers.url, tokens, auction_id, stop_at=stop_at, interval=interval, ramp_up=args.ramp_up))
    finished = time.monotonic()
    cpu = {"servers": sum(servers.cpu_seconds()) - cpu["servers"], "bidders": time.process_time() - cpu["bidders"]}
    backends = postgres_backends(database_url)
    cpu["postgresql_backends_alive_at_the_end"] = sum(cpu_seconds(pid) for pid in backends)
    load_after = os.getloadavg()
    log(f"load done: {len(tally.bids)} bids answered, {len(tally.accepted)} accepted, {len(tally.reads)} reads")
    errors = servers.errors_logged()
    for line, count in errors.items():
        log(f"the servers logged {count} x {line}")
    setup = {
        "quiet": quiet,
        "servers": args.servers,
        "server": servers.label(),
        "loads": (load_before, load_after),
        "cpu": cpu,
        "backends": len(backends),
        "errors": errors,
    }
    return summarise(args, auction_id, tally, started, finished, setup)


def close_when_due(auction_id: int) -> int:
    from django.utils import timezone

    from trading.models import Auction
    from trading.services import auctions_close_due

    auction = Auction.objects.get(pk=auction_id)
    wait = (auction.ends_at - timezone.now()).total_seconds()
    if wait > 0:
        time.sleep(wait + 0.01)
    return auctions_close_due()


def _by_window(bids: list[tuple[float, float, int, str]], seconds: float) -> list[dict]:
    """Bids per slice of the run (by when they were sent): where in the run the slow answers were."""
    if not bids:
        return []
    first = min(at for at, *_rest in bids)
    slices: dict[int, list[float]] = {}
    for at, latency, _status, _code in bids:
        slices.setdefault(int((at - first) // seconds), []).append(latency * 1000)
    return [
        {
            "from_s": index * seconds,
            "bids": len(values),
            "p50_ms": round(percentile(values, 50), 1),
            "p99_ms": round(percentile(values, 99), 1),
        }
        for index, values in sorted(slices.items())
    ]


def summarise(args, auction_id: int, tally: Tally, started: float, finished: float, setup: dict) -> dict:
    from trading.invariants import replay_invariants
    from trading.models import Auction, Bid

    closed = close_when_due(auction_id)
    report = replay_invariants(auction_id=auction_id)
    auction = Auction.objects.get(pk=auction_id)
    stored = dict(Bid.objects.filter(auction_id=auction_id).values_list("seq", "entry_hash"))
    answered = {seq: entry_hash for seq, entry_hash, _amount in tally.accepted}
    lost = sorted(seq for seq, entry_hash in answered.items() if stored.get(seq) != entry_hash)
    untold = sorted(set(stored) - set(answered))

    if tally.bids:
        window = max(at + latency for at, latency, _s, _c in tally.bids) - min(at for at, *_rest in tally.bids)
    else:
        window = finished - started
    # Processed: decided, accepted (2xx) or refused with a code (4xx); a 5xx decided nothing and is counted apart.
    processed = sum(1 for _at, _latency, status, _code in tally.bids if status < 500)
    server_errors = len(tally.bids) - processed
    accepted = sum(1 for *_rest, code in tally.bids if code == "accepted")
    statuses = Counter(f"{status} {code}" for _at, _latency, status, code in tally.bids)
    latencies = [latency for _at, latency, _s, _c in tally.bids]
    p99 = percentile([value * 1000 for value in latencies], 99)
    not_closed = auction.state != "closed"
    violations = len(report.violations) + len(lost) + not_closed + tally.replays["mismatch"]
    requests = len(tally.bids) + len(tally.reads) + sum(tally.replays.values())
    loads, cpu = setup["loads"], setup["cpu"]
    result = {
        "benchmark": "bids",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "setup": {
            "server": f"uvicorn x {setup['servers']} on one loopback port, a SO_REUSEPORT socket each (ASGI), "
            "DJANGO_DEBUG=0"
            if args.layout == "current"
            else f"{setup['server']}, DJANGO_DEBUG=0",
            "layout": args.layout,
            "database": "postgresql",
            "cache": "redis (throttle counters)",
            "channel_layer": "redis (every accepted bid is broadcast)",
            "throttle_bids_raised_to": "1000000/min (default 60/min per bidder)",
            "server_env_given": args.server_env,
            "bidders": args.bidders,
            "warm_up": f"{args.warm_up:.0f} s of the same load on another auction before the run, not measured"
            if args.warm_up
            else "none",
            "duration_s": args.duration,
            "auction": {
                "kind": "english",
                "starting_price": str(STARTING_PRICE),
                "increment": str(INCREMENT),
                "soft_close": f"a bid in the last {SOFT_CLOSE_WINDOW.total_seconds():.0f} s moves the end "
                f"{SOFT_CLOSE_EXTENSION.total_seconds() * 1000:.0f} ms later",
            },
            "ramp_up": f"the bidders join at random moments of the first {args.ramp_up:.0f} s",
            "bidder_behaviour": "join, read the auction; bid the "
            "minimum shown by the last answer; after a refusal without the price "
            "(minimum_bid), read GET /api/v1/auctions/{id}/ first; one Idempotency-Key per bid",
            "offered_bids_per_second": args.rate or "unpaced (each bidder bids again as soon as it is answered)",
            "pacing": (
                f"each bidder bids at most every {args.bidders / args.rate:.3f} s" if args.rate else "none: saturation"
            ),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "waited_for_load_average": setup["quiet"],
                "load_average_before": [round(value, 2) for value in loads[0]],
                "load_average_after": [round(value, 2) for value in loads[1]],
                "note": "2 cores shared by the servers, PostgreSQL, Redis and the bidders (and by whatever else "
                "runs on the machine: see the load average before the run)",
            },
        },
        "wall_seconds": round(window, 2),
        "processed_bids": processed,
        "processed_bids_per_second": round(processed / window, 1) if window else None,
        "accepted_bids": accepted,
        "accepted_bids_per_second": round(accepted / window, 1) if window else None,
        "server_errors": server_errors,
        "status_histogram": dict(sorted(statuses.items())),
        "client_errors": dict(tally.client_errors),
        "non_json_answers": {str(status): body[:300] for status, body in tally.samples.items()},
        "server_exceptions_logged": setup["errors"],
        "bid_latency": summary_ms(latencies),  # every bid answered, 5xx included
        "accepted_bid_latency": summary_ms([lat for _a, lat, _s, code in tally.bids if code == "accepted"]),
        "refused_bid_latency": summary_ms([lat for _a, lat, _s, code in tally.bids if code != "accepted"]),
        "bid_latency_by_10_s": _by_window(tally.bids, 10.0),
        "reads": {
            **summary_ms(tally.reads),
            "per_second": round(len(tally.reads) / window, 1) if window else None,
            "failed_by_status": {str(status): count for status, count in tally.read_errors.items()},
        },
        "cpu": {
            "note": "CPU seconds during the load; per request = divided by the bids, replays and reads answered. "
            "What these cost depends less on how busy the machine was than the rates and latencies do",
            "servers_s": round(cpu["servers"], 2),
            "server_ms_per_request": round(cpu["servers"] / requests * 1000, 2) if requests else None,
            "bidders_s": round(cpu["bidders"], 2),
            "bidders_ms_per_request": round(cpu["bidders"] / requests * 1000, 2) if requests else None,
            "postgresql_backends_s": round(cpu["postgresql_backends_alive_at_the_end"], 2),
            "postgresql_backends_alive_at_the_end": setup["backends"],
        },
        "auction_after_close": {
            "state": auction.state,
            "result": auction.result,
            "final_price": None if auction.final_price is None else f"{auction.final_price:.2f}",
            "bid_count": auction.bid_count,
            "end_moved_by_soft_close_s": round((auction.ends_at - auction.scheduled_end).total_seconds(), 3),
            # The API closes a due auction when someone reads it (auction_close_if_due): a bidder's read may have.
            "closed_by": "the bench (auctions_close_due, the beat's job)" if closed else "a reader of the API",
        },
        "invariants": {
            **report.as_dict(),
            # The log's, plus 2xx answers not stored, an auction left open and replays that got another answer.
            "violations_total": violations,
            "idempotent_replays": dict(tally.replays),
            "every_2xx_stored": not lost,
            "answered_but_not_stored": lost[:20],
            "stored_but_never_answered": untold[:20],
        },
    }
    met = {
        "processed_bids_per_second": (result["processed_bids_per_second"] or 0)
        >= GOALS["processed_bids_per_second_min"],
        "p99_ms": p99 is not None and p99 <= GOALS["p99_ms_max"],
        "zero_invariant_violations": violations == 0,
        "no_server_errors": server_errors == 0,
    }
    result["goals"] = {**GOALS, "met": met, "pass": all(met.values())}
    return result


def repeated(args: argparse.Namespace) -> dict:
    """``--repeats`` runs, each in its own process on its own database: the first in full with the spread of all; the
    goals pass only if every run met them."""
    arguments = ["--layout", args.layout, "--quiet-wait", str(args.quiet_wait)]
    for name in ("bidders", "duration", "rate", "servers", "threads", "ramp_up", "warm_up", "quiet_load"):
        value = getattr(args, name)
        if value is not None:
            arguments += [f"--{name.replace('_', '-')}", str(value)]
    for item in args.server_env:
        arguments += ["--server-env", item]
    arguments += ["--keep-logs"] if args.keep_logs else []
    runs = runs_in_processes(__file__, arguments, args.repeats)
    result = runs[0]
    result["repeats"] = {
        "runs": len(runs),
        "processed_bids_per_second": spread([r["processed_bids_per_second"] for r in runs]),
        "p50_ms": spread([r["bid_latency"]["p50_ms"] for r in runs]),
        "p95_ms": spread([r["bid_latency"]["p95_ms"] for r in runs]),
        "p99_ms": spread([r["bid_latency"]["p99_ms"] for r in runs]),
        "reads_p95_ms": spread([r["reads"]["p95_ms"] for r in runs]),
        "server_ms_per_request": spread([r["cpu"]["server_ms_per_request"] for r in runs]),
        "server_errors": [r["server_errors"] for r in runs],
        "invariant_violations": [r["invariants"]["violations_total"] for r in runs],
        "load_average_before": [r["setup"]["machine"]["load_average_before"][0] for r in runs],
        "commits": sorted({r["git_commit"] for r in runs}),
        "goals_met_per_run": [r["goals"]["pass"] for r in runs],
    }
    result["goals"]["pass"] = all(r["goals"]["pass"] for r in runs)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bidders", type=int, default=200, help="concurrent bidders (default 200)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of bidding (default 60)")
    parser.add_argument(
        "--rate",
        type=float,
        default=300.0,
        help="bids per second all bidders offer together (each bids every bidders/rate s); 0: every bidder bids "
        "again as soon as it has its answer, a saturation test (default 300, the goal of 250 plus a margin)",
    )
    parser.add_argument(
        "--servers", type=int, default=2, help="uvicorn processes (--layout standard: gunicorn workers) (default 2)"
    )
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="current",
        help="current = uvicorn processes serving everything (the Dockerfile's); standard = gunicorn gthread workers "
        "(WSGI) for HTTP and uvicorn for /ws/; its result goes to bench/results/bids-standard.json (default current)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="--layout standard: threads per gunicorn worker (default HTTP_THREADS, else 2: what uvicorn's get)",
    )
    parser.add_argument(
        "--ramp-up",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="the bidders join at random moments of the first SECONDS, then all bid (default 5)",
    )
    parser.add_argument(
        "--warm-up",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="before the measured run, this long the same load on another auction (default 5; 0: none)",
    )
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the servers (and the bench's own Django), e.g. a setting to try; repeatable",
    )
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=None,
        metavar="LOAD",
        help="before the load starts, wait until the 1-minute load average is at most LOAD (default: do not wait)",
    )
    parser.add_argument("--quiet-wait", type=float, default=300.0, help="wait at most this long for it (default 300 s)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs (a temporary directory)")
    parser.add_argument("--repeats", type=int, default=3, help="independent runs, each on a fresh database (default 3)")
    parser.add_argument("--out", type=Path, default=None, help="default bench/results/bids[-standard].json")
    args = parser.parse_args()
    if args.out is None:
        args.out = (
            ROOT / "bench" / "results" / ("bids.json" if args.layout == "current" else f"bids-{args.layout}.json")
        )
    result = run(args) if args.repeats <= 1 else repeated(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    keys = ("processed_bids_per_second", "accepted_bids_per_second", "bid_latency", "repeats", "goals")
    print(json.dumps({key: result.get(key) for key in keys}))


if __name__ == "__main__":
    main()
