"""`make bench-pages`: the plain pages and list APIs at the center's size, beside a bare DRF list of the same table.

What it does:
1. corpus: 100,000 achievements and 50,000 demands from bench/corpus.py (nine source languages, four to six stored
   translations each, institutions in 18 countries), 8 % of them not published (drafts, the review queue, listings
   sent back, rejected or archived), 2,000 owned by one author ("My listings"); 400 auctions with 10,000 bids, 100
   deals and 60,000 translation records (the staff's queue) — bulk-inserted into a throwaway PostgreSQL database;
2. the production server command: uvicorn processes (``--server-processes``, default 2: one per core, as
   docker-compose runs ``WEB_CONCURRENCY=2``), each with its own SO_REUSEPORT socket (``harness.AsgiServers``), DEBUG
   off, Redis as the cache (a database of its own, emptied first), the per-address throttles raised (one client
   address sends everything); the settings module is bench/pages_site.py: the project's settings and URLs plus a bare
   DRF ``ListAPIView`` over the same achievements table (the reference, served by the same processes);
3. each endpoint (anonymous public pages and APIs, "My listings" signed in as the author of 2,000 listings, the admin
   changelists signed in as staff with their default filter and with a search term) is loaded for ``--seconds`` by
   ``--clients`` concurrent clients (10, then 50; asyncio, one keep-alive connection each, closed loop) after a short
   warm-up -> p50/p95/p99 ms, requests/s, server CPU ms per request, status codes; the whole round ``--repeats``
   times, and the spread of p95 and requests/s over the rounds;
4. the same pages on SQLite (the embedded default: locmem cache) with the same corpus, 10 clients, reported beside
   (``--no-sqlite`` skips it).

Other work on the machine slows every number down: each endpoint's run waits (``--quiet-load``, at most
``--quiet-wait`` s) for the 1-minute load average to drop and records it.

    uv run python bench/pages.py [--achievements 100000] [--demands 50000] [--clients 10 50] [--seconds 6]
                                 [--repeats 2] [--server-processes 2] [--no-sqlite] [--small] [--out FILE]

To measure a fix without loading the corpus again: ``--no-sqlite --keep-database NAME`` once (the PostgreSQL
corpus stays in database NAME; drop it when done), then ``--no-sqlite --reuse-database NAME --only ENDPOINT...``.

``--small`` is a quick check (8,000 + 4,000 listings, 2 s per endpoint, one round) written to
var/bench/pages-small.json unless ``--out`` is given. The full run writes bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402 (bench/ on the path first)
import harness  # noqa: E402
from harness import (  # noqa: E402
    AsgiServers,
    Connection,
    Services,
    git_commit,
    log,
    summary_ms,
    wait_for_quiet,
)

harness.configure("bench-pages")

FULL = {"achievements": 100_000, "demands": 50_000, "seconds": 6.0, "repeats": 2}
SMALL = {"achievements": 8000, "demands": 4000, "seconds": 2.0, "repeats": 1}
FULL_SIZE = 150_000
UNPUBLISHED_SHARE = 0.08
OWNER_LISTINGS = 2000
AUCTIONS, BIDS_PER_AUCTION, DEALS = 400, 25, 100
TRANSLATION_RECORDS = 60_000
REDIS_DB = 5  # bench-pages' own Redis database (coord/PORTS.md: scale)
SERVICE_VARS = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "BRICS_REQUIRE_SERVICES")
REFERENCE = "reference_drf_list"
GOALS = {
    "public_p95_ms": 100.0,
    "home_p95_ms": 50.0,
    "admin_p95_ms": 500.0,
    "list_api_throughput_vs_reference": 0.6,
    "p95_ms_at_50_clients": 1000.0,
}


@dataclass
class Endpoint:
    name: str
    paths: list[str]
    kind: str  # "public" | "api" | "admin" | "member" | "reference" | "home" | "deep"
    who: str = "anonymous"  # "anonymous" | "owner" | "staff"


# --- environment --------------------------------------------------------------------------------------------------


def bench_environment(workdir: Path, database_url: str, cache_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARS}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pages_site",
            "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DATABASE_URL": database_url,
            "BRICS_VAR_DIR": str(workdir / "var"),
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "SEARCH_INDEX_PREFIX": f"bench-{secrets.token_hex(3)}",
            "THROTTLE_ANON": "10000000/min",
            "THROTTLE_USER": "10000000/min",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",
        }
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    env.pop("ELASTICSEARCH_URL", None)
    return env


# --- the corpus beyond listings: auctions, bids, deals, translation records, sessions ---------------------------------


def load_extras(seed: int) -> dict:
    """Auctions with bids, deals and translation records, bulk-inserted; the staff and owner sessions' cookies."""
    import hashlib

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, User
    from achievements.models import Achievement
    from marketplace.models import ModerationState
    from trading.models import Auction, AuctionResult, AuctionState, Bid, Deal, DealSource, Participant
    from translation.models import TranslationRecord, TranslationStatus

    started = time.monotonic()
    rng = random.Random(seed + 7)
    now = timezone.now()
    staff = User.objects.create_user(
        email="staff@bench.example.org",
        role=Role.CENTER_STAFF,
        is_staff=True,
        is_superuser=True,
        display_name="Bench staff",
    )
    bidders = User.objects.bulk_create(
        [
            User(email=f"bidder-{n}@bench.example.org", display_name=f"Bidder {n}", role=Role.ENTERPRISE)
            for n in range(40)
        ]
    )
    published = list(
        Achievement.objects.filter(state=ModerationState.PUBLISHED)
        .order_by("-published_at")
        .values_list("pk", "owner_id")[: AUCTIONS * 3]
    )
    chosen = rng.sample(published, min(AUCTIONS, len(published)))
    closed_share = 0.35
    with transaction.atomic():
        auctions = []
        for number, (achievement_id, owner_id) in enumerate(chosen):
            closed = number < len(chosen) * closed_share
            starts = now - timedelta(days=rng.randint(3, 60)) if closed else now - timedelta(hours=rng.randint(1, 48))
            ends = starts + timedelta(days=2) if closed else now + timedelta(days=rng.randint(1, 10))
            auctions.append(
                Auction(
                    achievement_id=achievement_id,
                    seller_id=owner_id,
                    created_by=staff,
                    currency="USD",
                    starting_price=Decimal(1000),
                    min_increment=Decimal(100),
                    starts_at=starts,
                    ends_at=ends,
                    scheduled_end=ends,
                    state=AuctionState.CLOSED if closed else AuctionState.SCHEDULED,
                    result=AuctionResult.WON if closed else "",
                    closed_at=ends if closed else None,
                )
            )
        auctions = Auction.objects.bulk_create(auctions)
        participants = Participant.objects.bulk_create(
            [
                Participant(auction=auction, user=bidder, number=n + 1)
                for auction in auctions
                for n, bidder in enumerate(rng.sample(bidders, 5))
            ]
        )
        by_auction: dict[int, list] = {}
        for participant in participants:
            by_auction.setdefault(participant.auction_id, []).append(participant)
        bids = []
        for auction in auctions:
            previous = "0" * 64
            for seq in range(1, BIDS_PER_AUCTION + 1):
                entry = hashlib.sha256(f"{auction.pk}:{seq}:{previous}".encode()).hexdigest()
                bids.append(
                    Bid(
                        auction=auction,
                        seq=seq,
                        participant=rng.choice(by_auction[auction.pk]),
                        amount=Decimal(1000 + 100 * seq),
                        placed_at=auction.starts_at + timedelta(minutes=seq),
                        ends_at=auction.ends_at,
                        prev_hash=previous,
                        entry_hash=entry,
                    )
                )
                previous = entry
        Bid.objects.bulk_create(bids, batch_size=2000)
        last_price = Decimal(1000 + 100 * BIDS_PER_AUCTION)
        for auction in auctions:
            auction.current_price = last_price
            auction.bid_count = BIDS_PER_AUCTION
            auction.leader = by_auction[auction.pk][0]
            if auction.state == AuctionState.CLOSED:
                auction.winner, auction.final_price = auction.leader, last_price
        Auction.objects.bulk_update(auctions, ["current_price", "bid_count", "leader", "winner", "final_price"])
        closed = [auction for auction in auctions if auction.state == AuctionState.CLOSED][:DEALS]
        Deal.objects.bulk_create(
            [
                Deal(
                    achievement_id=auction.achievement_id,
                    auction=auction,
                    source=DealSource.AUCTION,
                    seller_id=auction.seller_id,
                    buyer=auction.winner.user,
                    price=last_price,
                    currency="USD",
                    agreed_on=auction.ends_at.date(),
                    recorded_by=staff,
                )
                for auction in closed
            ]
        )
    # The translation queue: titles and summaries of the newest achievements in three readers' languages.
    achievement_type = ContentType.objects.get_for_model(Achievement)
    ids = list(Achievement.objects.order_by("-id").values_list("pk", flat=True)[: TRANSLATION_RECORDS // 6 + 1])
    statuses = [TranslationStatus.DONE] * 80 + [TranslationStatus.PENDING] * 8 + [TranslationStatus.FAILED] * 6
    statuses += [TranslationStatus.UNAVAILABLE] * 6
    records = [
        {
            "content_type_id": achievement_type.pk,
            "object_id": pk,
            "field": field,
            "language": language,
            "source_language": "en",
            "source_hash": f"{pk:064x}",
            "status": rng.choice(statuses),
            "provider": "apertium",
        }
        for pk in ids
        for field in ("title", "summary")
        for language in ("ms", "th", "sw")
    ][:TRANSLATION_RECORDS]
    for record in records:
        if record["status"] == TranslationStatus.FAILED:
            record["error"] = "engine timed out after 30 s"
    with transaction.atomic():
        corpus.RowInserter(TranslationRecord, now).rows(records)

    return {
        "auctions": len(auctions),
        "bids": len(bids),
        "deals": len(closed),
        "translation_records": len(records),
        "seconds": round(time.monotonic() - started, 1),
        "cookies": session_cookies(),
    }


def session_cookies() -> dict[str, str]:
    """Session cookies of the staff member and of the author of 2,000 listings (signed in without a password)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from accounts.models import User

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    backend = settings.AUTHENTICATION_BACKENDS[0]
    cookies = {}
    for who, email in (("staff", "staff@bench.example.org"), ("owner", "bulk-owner@bench.example.org")):
        user = User.objects.get(email=email)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[who] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def endpoints() -> list[Endpoint]:
    """What is measured, with the ids, slugs and search terms picked from the loaded corpus."""
    from achievements.models import Achievement
    from demands.models import Demand
    from marketplace.models import Institution, ModerationState, TechnologyField
    from trading.models import Auction

    achievement_ids = list(
        Achievement.objects.filter(state=ModerationState.PUBLISHED).order_by("?").values_list("pk", flat=True)[:200]
    )
    demand_ids = list(
        Demand.objects.filter(state=ModerationState.PUBLISHED).order_by("?").values_list("pk", flat=True)[:200]
    )
    slugs = list(Institution.objects.order_by("slug").values_list("slug", flat=True))
    field = TechnologyField.objects.get(slug=corpus.FIELDS[0]).slug
    auction_id = Auction.objects.order_by("pk").values_list("pk", flat=True).first()
    published = Achievement.objects.filter(state=ModerationState.PUBLISHED).count()
    pages = random.Random(5).sample(range(1, published // 20 + 1), min(3000, published // 20))
    return [
        Endpoint(REFERENCE, ["/bench/reference/achievements/"], "reference"),
        Endpoint("home", ["/en/"], "home"),
        Endpoint("achievements_html", ["/en/achievements/"], "public"),
        Endpoint("achievements_html_filtered", [f"/en/achievements/?field={field}&country=CN"], "public"),
        Endpoint("achievements_html_page_200", ["/en/achievements/?page=200"], "deep"),
        # A different page on every request: what a page costs when it is not in the cache yet.
        Endpoint("achievements_html_many_pages", [f"/en/achievements/?page={n}" for n in pages], "public"),
        Endpoint("achievement_detail_html", [f"/en/achievements/{pk}/" for pk in achievement_ids], "public"),
        Endpoint("demands_html", ["/en/demands/"], "public"),
        Endpoint("demand_detail_html", [f"/en/demands/{pk}/" for pk in demand_ids], "public"),
        Endpoint("institutions_html", ["/en/institutions/"], "public"),
        Endpoint("institution_detail_html", [f"/en/institutions/{slug}/" for slug in slugs], "public"),
        Endpoint("auctions_html", ["/en/auctions/"], "public"),
        Endpoint("api_achievements", ["/api/v1/achievements/"], "api"),
        Endpoint("api_achievements_filtered", [f"/api/v1/achievements/?field={field}&country=CN"], "api"),
        Endpoint("api_achievements_page_2000", ["/api/v1/achievements/?page=2000"], "deep"),
        Endpoint("api_achievements_many_pages", [f"/api/v1/achievements/?page={n}" for n in pages], "api"),
        Endpoint("api_achievement_detail", [f"/api/v1/achievements/{pk}/" for pk in achievement_ids], "public"),
        Endpoint("api_demands", ["/api/v1/demands/"], "api"),
        Endpoint("api_institutions", ["/api/v1/institutions/"], "api"),
        Endpoint("api_auctions", ["/api/v1/auctions/"], "api"),
        Endpoint(
            "my_listings", ["/en/my/listings/?tab=achievements", "/en/my/listings/?tab=demands"], "member", "owner"
        ),
        Endpoint("admin_achievements", ["/admin/achievements/achievement/"], "admin", "staff"),
        Endpoint("admin_achievements_search", ["/admin/achievements/achievement/?state=all&q=solar"], "admin", "staff"),
        Endpoint("admin_demands", ["/admin/demands/demand/"], "admin", "staff"),
        Endpoint("admin_demands_search", ["/admin/demands/demand/?state=all&q=water"], "admin", "staff"),
        Endpoint("admin_translations", ["/admin/translation/translationrecord/"], "admin", "staff"),
        Endpoint("admin_translations_search", ["/admin/translation/translationrecord/?q=timed"], "admin", "staff"),
        Endpoint("admin_bids", ["/admin/trading/bid/"], "admin", "staff"),
        Endpoint("admin_bids_search", [f"/admin/trading/bid/?q={auction_id}"], "admin", "staff"),
    ]


# --- load -----------------------------------------------------------------------------------------------------------


def load_endpoint(url: str, endpoint: Endpoint, cookie: str, clients: int, seconds: float, cpu) -> dict:
    """``clients`` keep-alive connections request the endpoint's paths in turn for ``seconds`` (closed loop)."""
    headers = f"Cookie: {cookie}\r\n" if cookie else ""
    refusals: list[str] = []

    async def fetch(connection: Connection, path: str) -> tuple[float, int, int]:
        started = time.perf_counter()
        status, content = await connection.request("GET", path, headers=headers)
        elapsed = time.perf_counter() - started
        if status != 200 and not refusals:
            refusals.append(f"{status} {path}: {content[:200].decode(errors='replace')}")
        return elapsed, status, len(content)

    async def run(duration: float, record: bool) -> list[tuple[float, int, int]]:
        results: list[tuple[float, int, int]] = []
        deadline = time.monotonic() + duration
        counter = iter(range(10**9))

        async def client() -> None:
            connection = Connection(url)
            try:
                while time.monotonic() < deadline:
                    path = endpoint.paths[next(counter) % len(endpoint.paths)]
                    try:
                        result = await fetch(connection, path)
                    except OSError:
                        result = (0.0, 599, 0)
                    if record:
                        results.append(result)
            finally:
                connection.close()

        await asyncio.gather(*(client() for _ in range(clients)))
        return results

    asyncio.run(run(min(1.0, seconds / 3), record=False))  # warm-up: connections, caches, prepared statements
    load_before = os.getloadavg()[0]
    cpu_before = cpu()
    started = time.monotonic()
    results = asyncio.run(run(seconds, record=True))
    wall = time.monotonic() - started
    server_cpu = [after - before for before, after in zip(cpu_before, cpu(), strict=True)]
    total_cpu = sum(server_cpu)
    statuses = Counter(status for _e, status, _b in results)
    return {
        "path": endpoint.paths[0] if len(endpoint.paths) == 1 else f"{endpoint.paths[0]} (+{len(endpoint.paths) - 1})",
        "kind": endpoint.kind,
        "who": endpoint.who,
        "clients": clients,
        **summary_ms([elapsed for elapsed, _s, _b in results]),
        "requests_per_second": round(len(results) / wall, 1) if wall else None,
        "server_cpu_ms_per_request": round(total_cpu / len(results) * 1000, 2) if results else None,
        "server_cpu_share_per_process": [round(value / total_cpu, 2) if total_cpu else None for value in server_cpu],
        "mean_body_kb": round(statistics.fmean(b for _e, _s, b in results) / 1024, 1) if results else None,
        "status_codes": {str(code): n for code, n in sorted(statuses.items())},
        "first_refusal": refusals[0] if refusals else None,
        "load_average_1min_before": round(load_before, 2),
    }


def measure(server: AsgiServers, points: list[Endpoint], cookies: dict, args, label: str, clients_list) -> dict:
    """Every endpoint at each client count, ``args.repeats`` rounds; per endpoint the best round and the spread."""
    rounds: dict[str, dict[str, list[dict]]] = {}
    for round_number in range(args.repeats):
        for clients in clients_list:
            for endpoint in points:
                quiet = wait_for_quiet(args.quiet_load, args.quiet_wait, f"[{label}] {endpoint.name}")
                result = load_endpoint(
                    server.url, endpoint, cookies.get(endpoint.who, ""), clients, args.seconds, server.cpu_seconds
                )
                result["quiet_wait"] = quiet
                rounds.setdefault(str(clients), {}).setdefault(endpoint.name, []).append(result)
                log(
                    f"[{label}] round {round_number + 1}, {clients} clients, {endpoint.name}: "
                    f"p95 {result['p95_ms']} ms, {result['requests_per_second']} req/s, "
                    f"{result['server_cpu_ms_per_request']} ms CPU, {result['status_codes']}"
                )
    out: dict[str, dict] = {}
    for clients, by_name in rounds.items():
        out[clients] = {}
        for name, runs in by_name.items():
            # The median round by p95 is what the tables show; the spread says how much the rounds differed.
            ordered = sorted(runs, key=lambda run: run["p95_ms"] or 0)
            chosen = dict(ordered[(len(ordered) - 1) // 2])
            chosen["rounds"] = len(runs)
            chosen["spread"] = {
                "p95_ms": [min(r["p95_ms"] or 0 for r in runs), max(r["p95_ms"] or 0 for r in runs)],
                "requests_per_second": [
                    min(r["requests_per_second"] or 0 for r in runs),
                    max(r["requests_per_second"] or 0 for r in runs),
                ],
            }
            out[clients][name] = chosen
    return out


def goals(results: dict) -> dict:
    """The issue's goals against the PostgreSQL run."""
    at10 = results.get("10", {})
    at50 = results.get("50", {})
    out: dict[str, dict] = {}

    def goal(limit: float, measured, *, at_most: bool = True) -> dict:
        met = None if measured is None else (measured <= limit if at_most else measured >= limit)
        return {"goal": limit, "measured": measured, "met": met}

    public = {n: r["p95_ms"] for n, r in at10.items() if r["kind"] in ("public", "api", "deep", "member")}
    worst = max(public.items(), key=lambda item: item[1] or 0) if public else (None, None)
    out["public_p95_ms_at_10_clients"] = {**goal(GOALS["public_p95_ms"], worst[1]), "worst": worst[0]}
    if "home" in at10:
        out["home_p95_ms_at_10_clients"] = goal(GOALS["home_p95_ms"], at10["home"]["p95_ms"])
    admin = {n: r["p95_ms"] for n, r in at10.items() if r["kind"] == "admin"}
    if admin:
        name, value = max(admin.items(), key=lambda item: item[1] or 0)
        out["admin_p95_ms_at_10_clients"] = {**goal(GOALS["admin_p95_ms"], value), "worst": name}
    reference = at10.get(REFERENCE, {}).get("requests_per_second")
    for name, run in at10.items():
        if run["kind"] == "api" and name.startswith(("api_achievements", "api_demands")):
            ratio = round(run["requests_per_second"] / reference, 2) if reference else None
            out[f"throughput_vs_reference_{name}"] = goal(
                GOALS["list_api_throughput_vs_reference"], ratio, at_most=False
            )
    for deep, first in (
        ("api_achievements_page_2000", "api_achievements"),
        ("achievements_html_page_200", "achievements_html"),
    ):
        if deep in at10 and first in at10:
            # "No slower than the first page", within the run-to-run noise of a shared machine (10 %).
            limit = round(at10[first]["p95_ms"] * 1.1, 1)
            out[f"deep_page_{deep}"] = goal(limit, at10[deep]["p95_ms"])
    if at50:
        name, value = max(((n, r["p95_ms"]) for n, r in at50.items()), key=lambda item: item[1] or 0)
        out["p95_ms_at_50_clients"] = {**goal(GOALS["p95_ms_at_50_clients"], value), "worst": name}
    bad = {
        f"{clients} clients {name}": run["status_codes"]
        for clients, runs in results.items()
        for name, run in runs.items()
        if set(run["status_codes"]) != {"200"}
    }
    out["all_200"] = {"goal": True, "measured": not bad, "met": not bad, "not_200": bad or None}
    return out


# --- the runs -------------------------------------------------------------------------------------------------------


def prepare_database(args, env: dict[str, str], label: str) -> tuple[dict, dict]:
    """Migrate, load the corpus and the extras, ANALYZE; in this process (Django set up on ``env``)."""
    import django
    from django.core.management import call_command
    from django.db import connection

    os.environ.update(env)
    django.setup()
    log(f"[{label}] migrating, collecting static files (DEBUG is off: the pages need the manifest)")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if getattr(args, "reuse_database", None) and label == "postgresql":
        log(f"[{label}] reusing the corpus of {args.reuse_database}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return {"reused": args.reuse_database}, {"reused": True, "cookies": session_cookies()}
    log(f"[{label}] corpus: {args.achievements} achievements + {args.demands} demands")
    composition = corpus.load(
        achievements=args.achievements,
        demands=args.demands,
        seed=args.seed,
        unpublished_share=UNPUBLISHED_SHARE,
        owner_listings=OWNER_LISTINGS,
        progress=lambda message: log(f"[{label}] {message}"),
    )
    extras = load_extras(args.seed)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT pg_database_size(current_database())")
            composition["database_mb"] = round(cursor.fetchone()[0] / 1024 / 1024, 1)
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log(f"[{label}] corpus ready in {composition['generation_seconds']} s, extras in {extras['seconds']} s")
    return composition, extras


def serve_and_measure(args, env: dict[str, str], workdir: Path, label: str, clients_list, cookies: dict) -> dict:
    from django.db import connections

    points = [point for point in endpoints() if not args.only or point.name in args.only]
    connections.close_all()
    with Services(workdir) as services:
        server = AsgiServers(services, env, args.server_processes, name=f"web-{label}")
        server.wait_ready("/healthz")
        results = measure(server, points, cookies, args, label, clients_list)
        errors = server.errors_logged()
        rss = server.peak_rss_mb()
    return {"results": results, "server_errors": errors, "server_peak_rss_mb": rss}


def run_database(args, workdir: Path, label: str, database_url: str, cache_url: str | None, clients_list) -> dict:
    env = bench_environment(workdir, database_url, cache_url)
    for key in SERVICE_VARS:
        os.environ.pop(key, None)
    composition, extras = prepare_database(args, env, label)
    cookies = extras.pop("cookies")
    measured = serve_and_measure(args, env, workdir, label, clients_list, cookies)
    return {"corpus": composition, "extras": extras, **measured}


def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    started_at = datetime.now(UTC)
    runs: dict[str, dict] = {}
    try:
        if args.postgres:
            with Services(workdir) as services:
                admin_url = harness.postgres_admin_url(services)
                redis = harness.redis_base(services, databases=f"db {REDIS_DB}")
                _flush_redis(f"{redis}/{REDIS_DB}")
                with harness.database(
                    admin_url, prefix="brics_bench_pages", name=args.reuse_database or args.keep_database
                ) as database_url:
                    runs["postgresql"] = run_database(
                        args, workdir, "postgresql", database_url, f"{redis}/{REDIS_DB}", args.clients
                    )
                    _flush_redis(f"{redis}/{REDIS_DB}")
        if args.sqlite:
            # A separate process: Django is already set up on PostgreSQL in this one.
            runs["sqlite"] = _sqlite_in_subprocess(args, workdir)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    main = runs.get("postgresql") or runs.get("sqlite")
    return {
        "benchmark": "pages",
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "full_size": args.achievements + args.demands >= FULL_SIZE,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "setup": {
            "server": f"uvicorn, {args.server_processes} processes on 127.0.0.1, a SO_REUSEPORT socket each, "
            "DEBUG off, settings bench/pages_site.py (the project's + the reference URL)",
            "client": "asyncio, one keep-alive HTTP/1.1 connection per client (harness.Connection), closed loop",
            "seconds_per_endpoint": args.seconds,
            "rounds": args.repeats,
            "clients": args.clients,
            "reference": "bare DRF ListAPIView + ModelSerializer over the published achievements, same servers",
            "cache": f"PostgreSQL run: Redis db {REDIS_DB}; SQLite run: locmem (the embedded default)",
            "seed": args.seed,
        },
        "goals": goals(main["results"]) if main else {},
        "runs": runs,
    }


def markdown_table(result: dict) -> str:
    """The README's table: each endpoint at 10 clients (p95, requests/s, server CPU), at 50, and on SQLite."""
    runs = result["runs"]
    postgres = runs.get("postgresql", {}).get("results", {})
    sqlite = runs.get("sqlite", {}).get("results", {})
    lite = sqlite.get("10", {})
    at10, at50 = postgres.get("10", {}) or lite, postgres.get("50", {})  # SQLite's own figures without a PostgreSQL run
    lines = [
        "| endpoint | p95 ms, 10 clients | req/s | server CPU ms/req | p95 ms, 50 clients "
        "| SQLite p95 ms, 10 clients |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in at10 or lite:
        run = at10.get(name) or {}
        cells = [
            f"`{name}`",
            run.get("p95_ms"),
            run.get("requests_per_second"),
            run.get("server_cpu_ms_per_request"),
            (at50.get(name) or {}).get("p95_ms"),
            (lite.get(name) or {}).get("p95_ms"),
        ]
        lines.append("| " + " | ".join("–" if cell is None else str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def _flush_redis(url: str) -> None:
    import redis

    with contextlib.closing(redis.Redis.from_url(url)) as client:
        client.flushdb()


def _sqlite_in_subprocess(args, workdir: Path) -> dict:
    import subprocess

    out = workdir / "sqlite.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--sqlite-only",
        "--achievements",
        str(args.achievements),
        "--demands",
        str(args.demands),
        "--seconds",
        str(args.seconds),
        "--repeats",
        "1",
        "--clients",
        str(args.clients[0]),
        "--server-processes",
        str(args.server_processes),
        "--seed",
        str(args.seed),
        "--out",
        str(out),
    ]
    if args.quiet_load is not None:
        command += ["--quiet-load", str(args.quiet_load), "--quiet-wait", str(args.quiet_wait)]
    if args.only:
        command += ["--only", *args.only]
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARS}
    subprocess.run(command, check=True, env=env)  # noqa: S603 (our own command line)
    return json.loads(out.read_text())


def sqlite_only(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-sqlite-"))
    try:
        return run_database(args, workdir, "sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", None, args.clients)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--achievements", type=int, help="achievements (default 100000)")
    parser.add_argument("--demands", type=int, help="demands (default 50000)")
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50], help="client counts (default 10 50)")
    parser.add_argument("--seconds", type=float, help="load per endpoint and client count (default 6)")
    parser.add_argument("--repeats", type=int, help="rounds over all endpoints (default 2)")
    parser.add_argument("--server-processes", type=int, default=2, help="uvicorn processes (default 2)")
    parser.add_argument("--quiet-load", type=float, default=None, help="wait for this 1-minute load average")
    parser.add_argument("--quiet-wait", type=float, default=120.0, help="longest such wait per endpoint (s)")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false", help="skip the SQLite run")
    parser.add_argument("--no-postgres", dest="postgres", action="store_false", help="skip the PostgreSQL run")
    parser.add_argument("--sqlite-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--small", action="store_true", help="quick check: 8,000 + 4,000 listings, 2 s each")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--only", nargs="+", metavar="ENDPOINT", help="measure only these endpoints (by name)")
    parser.add_argument(
        "--keep-database", metavar="NAME", help="load the PostgreSQL corpus into database NAME and keep it afterwards"
    )
    parser.add_argument(
        "--reuse-database", metavar="NAME", help="measure the corpus kept in PostgreSQL database NAME (no loading)"
    )
    parser.add_argument("--out", type=Path, default=None, help="result file (default bench/results/pages.json)")
    parser.add_argument("--table", type=Path, help="print the README table of a result file and stop")
    parser.add_argument(
        "--add-sqlite", type=Path, help="put the SQLite run of this result file into --out (runs made separately)"
    )
    args = parser.parse_args()
    if args.table:
        print(markdown_table(json.loads(args.table.read_text())))
        return
    if args.add_sqlite:
        target = args.out or ROOT / "bench/results/pages.json"
        result = json.loads(target.read_text())
        result["runs"]["sqlite"] = json.loads(args.add_sqlite.read_text())["runs"]["sqlite"]
        target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    for name, value in (SMALL if args.small else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.sqlite_only:
        result = sqlite_only(args)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    if args.out is None:
        args.out = ROOT / ("var/bench/pages-small.json" if args.small else "bench/results/pages.json")
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(json.dumps(result["goals"], indent=2))


if __name__ == "__main__":
    main()
