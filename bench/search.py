"""`make bench-search`: multilingual search at scale — a 150k-listing corpus, full index, queries, API, freshness.

What it does, in a throwaway directory (SQLite database + search index, removed at the end):
1. corpus: 100,000 published achievements and 50,000 published demands from bench/corpus.py — written in nine
   languages (en, zh-hans, ru, pt-br, es, fr, ar, hi, id), each with stored translations into four to six of the
   others, Zipf-distributed technical terms — bulk-inserted in batches (its time is reported, it is not index time);
2. full index: ``search.services.search_reindex`` (the production path behind ``manage.py search_reindex``, same
   batch size) over the whole database -> seconds, docs/s, index size on disk;
3. engine latency: a mix of queries in zh-hans, ru, pt-br, en, ar and hi (single frequent terms and two-term OR
   queries, three facet filters each) through ``search.selectors.build_query`` and the backend's ``search`` -> p50,
   p95, p99 ms after a separately reported warm-up;
4. API latency: the same queries through ``GET /api/v1/search/`` on a real uvicorn server (the production ASGI
   server of the Dockerfile, ``harness.AsgiServers``) on 127.0.0.1, a free port, the same database and index,
   replayed by 10 concurrent clients (asyncio, one keep-alive connection each, ``harness.Connection``: an HTTP client
   library's own CPU would take a share of the 2 cores the server is measured on; closed loop) -> p50/p95/p99 ms,
   requests/s and the server's CPU time per request; every answer must be a 200 that did not come from the database
   fallback. The anonymous throttle is raised for the run (one client address sends everything). It runs once with
   one server process and once with two (``--server-processes``), one per core of these machines, as docker-compose
   runs the web service (``WEB_CONCURRENCY=2``). These runs are closed loops (a client sends its next query when the
   answer is in): they saturate the server, and latency ~ clients / throughput. One more run on one process paces
   each client at one query per ``--paced-interval-ms`` (people read their results before searching again): the
   latency of a server that is busy but not saturated;
5. publication-to-searchable: new achievements are created and submitted as their authors do, then approved by a
   staff member through ``marketplace.services.listing_moderate``; the clock runs from the approval call until a
   search for a word unique to the listing finds it, polled every 20 ms, in the engine (this process, which indexes
   eagerly on commit as the embedded default does without a broker) and through the API server (another process,
   whose index reader must pick up the new commit);
6. peak RSS of the bench process (per phase, Linux's VmHWM) and of the servers;
7. relevance (bench/relevance/run.py, its own process: embeddings on): the relevance set's 136 queries in all 17
   languages against ``--relevance-distractors`` corpus listings plus the set's hand-written anchor listings, text-only
   and hybrid, recall@10 and MRR, side by side with PostgreSQL full-text search (SearchVector per language
   configuration, GIN index, SearchRank) over the same listings and queries, latency included.

Other work on the machine slows every number down: the 1-minute load average is recorded next to the latencies,
and the engine's CPU time per query (and the server's per request) says what an idle machine would see.
``--quiet-load 1.5`` waits (at most ``--quiet-wait`` seconds) for a quieter machine before each timed query phase.

With ``ELASTICSEARCH_URL`` set, phases 2-5 also run against that Elasticsearch (its own index prefix, dropped at the
end), after the embedded engine.

    uv run python bench/search.py [--achievements 100000] [--demands 50000] [--queries 1200] [--clients 10]
                                  [--publications 20] [--server-processes 1 2] [--layout current|standard]
                                  [--small] [--out FILE]

``--small`` is a quick check (2,000 + 1,000 listings, 300 queries, 300 relevance distractors) written to
var/bench/search-small.json unless ``--out`` is given. The full run writes bench/results/search.json.
``--only-relevance`` runs phase 7 alone (with ``--relevance-distractors``, or ``--small``'s 300) and writes
var/bench/search-relevance.json: a few minutes, for work on ranking and calibration.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402 (bench/ on the path first)
import harness  # noqa: E402 (bench/ is on the path: the script's own directory)
from harness import (  # noqa: E402
    LAYOUTS,
    Connection,
    Services,
    git_commit,
    log,
    peak_rss_mb,
    percentile,
    reset_peak_rss,
    summary_ms,
    wait_for_quiet,
)

harness.configure("bench-search")

POLL_SECONDS = 0.02
GOALS = {
    "engine_p95_ms": 50.0,
    "api_p95_ms_at_10_clients": 150.0,
    "full_index_seconds_150k": 600.0,
    "publication_to_searchable_p95_s": 5.0,
}
FULL_SIZE = 150_000
FULL = {"achievements": 100_000, "demands": 50_000, "queries": 1200, "publications": 20, "relevance_distractors": 3000}
SMALL = {"achievements": 2000, "demands": 1000, "queries": 300, "publications": 5, "relevance_distractors": 300}
RELEVANCE_GOALS = {"hybrid_recall_at_10": 0.9}
# Variables that would switch the settings to real services (the Makefile unsets them too): the bench uses its own.
SERVICE_VARS = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "BRICS_REQUIRE_SERVICES")


# --- memory --------------------------------------------------------------------------------------------------


def directory_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024, 1)


# --- environment -----------------------------------------------------------------------------------------------


def bench_environment(workdir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARS}
    env.update(
        {
            # BENCH_SETTINGS_MODULE: e.g. a module that imports the base settings and points the Elasticsearch
            # backend at a stand-in (SEARCH_ES_COMPAT_HEADERS = False); the server processes read it too.
            "DJANGO_SETTINGS_MODULE": os.environ.get("BENCH_SETTINGS_MODULE", "brics_ttc.settings.base"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "BRICS_VAR_DIR": str(workdir / "var"),
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "SEARCH_INDEX_PREFIX": f"bench-{secrets.token_hex(3)}",
            # One client address sends every request of the load test: the per-address throttles (DRF's user rate
            # applies to anonymous clients by address too) are not what is measured.
            "THROTTLE_ANON": "10000000/min",
            "THROTTLE_USER": "10000000/min",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",  # the approval e-mails of the publication runs go nowhere
            # Text search only: embedding 150k listings on these cores takes hours (bench/vectors.py measures the
            # throughput and the vector index on its own), so searches here run as mode=text would.
            "EMBEDDINGS_ENABLED": "0",
        }
    )
    env.pop("ELASTICSEARCH_URL", None)  # the embedded engine first; Elasticsearch gets its own pass
    return env


# --- corpus --------------------------------------------------------------------------------------------------


# --- phases on one engine ---------------------------------------------------------------------------------------


def full_index(batch_size: int) -> dict:
    from search.backends import get_backend
    from search.services import search_reindex

    backend = get_backend()
    backend.ensure_index()
    backend.clear()
    reset_peak_rss()
    marks = {"next": 0.1}
    started = time.monotonic()

    def progress(done: int, total: int, key: str) -> None:
        if total and done / total >= marks["next"]:
            log(f"index: {done}/{total} ({time.monotonic() - started:.0f} s)")
            marks["next"] += 0.1

    last = search_reindex(batch_size=batch_size, progress=progress)
    seconds = time.monotonic() - started
    documents = backend.count()
    return {
        "path": "search.services.search_reindex",
        "batch_size": batch_size,
        "last_key": last,
        "documents": documents,
        "seconds": round(seconds, 1),
        "docs_per_second": round(documents / seconds, 1) if seconds else None,
        "peak_rss_mb_during_index": peak_rss_mb(),
    }


def engine_queries(queries: list[corpus.BenchQuery], warm_up: int) -> dict:
    from search.backends import get_backend
    from search.backends.embedded import engine as embedded
    from search.selectors import build_query

    backend = get_backend()
    # The engine itself, not its per-process result cache (which serves a repeated query until the next commit):
    # every query here is searched for real. The API phases run the servers as shipped, cache included.
    embedded.RESULT_CACHE_SIZE = 0

    def run(query: corpus.BenchQuery):
        built = build_query(
            text=query.text, lang=query.lang, filters=query.filters, types=query.types, trl_min=query.trl_min
        )
        cpu = time.thread_time()
        started = time.perf_counter()
        result = backend.search(built)
        return time.perf_counter() - started, result, time.thread_time() - cpu

    reset_peak_rss()
    load_before = os.getloadavg()
    first, _result, _cpu = run(queries[0])
    warm = [run(query)[0] for query in queries[:warm_up]]
    timings: list[float] = []
    cpu_times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    by_lang: dict[str, list[float]] = {}
    totals: list[int] = []
    for query in queries:
        seconds, result, cpu = run(query)
        timings.append(seconds)
        cpu_times.append(cpu)
        by_kind.setdefault(query.kind, []).append(seconds)
        by_lang.setdefault(query.lang, []).append(seconds)
        totals.append(result.total)
    return {
        "queries": len(timings),
        "distinct_queries": len({(q.text, q.lang, repr(q.filters), q.types, q.trl_min) for q in queries}),
        "result_cache": "off (every query searched)",
        "first_query_ms": round(first * 1000, 2),
        "warm_up": {"queries": len(warm), **summary_ms(warm)},
        **summary_ms(timings),
        # CPU time of the search call (this thread): what the numbers above would be on an otherwise idle machine.
        "cpu": summary_ms(cpu_times),
        "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        "by_kind": {kind: summary_ms(values) for kind, values in by_kind.items()},
        "by_language": {lang: summary_ms(values) for lang, values in by_lang.items()},
        "hits": {
            "zero_hit_queries": sum(1 for total in totals if total == 0),
            "median_total": statistics.median(totals) if totals else 0,
            "max_total": max(totals, default=0),
        },
        "peak_rss_mb_during_queries": peak_rss_mb(),
    }


def api_load(
    server: harness.WebServers,
    queries: list[corpus.BenchQuery],
    clients: int,
    warm_up: int,
    interval: float | None = None,
) -> dict:
    """``clients`` asyncio clients replay the queries through the API, one keep-alive connection each.

    Closed loop (``interval`` None): a client sends its next query as soon as the answer is in, so the server is
    saturated and latency ~ clients / throughput. Paced: each client starts a query every ``interval`` seconds (at
    once if the previous answer came later), like people who read their results before searching again.
    """
    refusals: list[str] = []

    async def fetch(connection: Connection, query: corpus.BenchQuery) -> tuple[float, int, bool, int]:
        path = f"/api/v1/search/?{urlencode(query.api_params(), doseq=True)}"
        started = time.perf_counter()
        status, content = await connection.request("GET", path)
        elapsed = time.perf_counter() - started
        fallback, count = True, -1
        if status == 200:
            body = json.loads(content)
            fallback, count = bool(body.get("fallback")), int(body.get("count", -1))
        elif not refusals:
            refusals.append(f"{status}: {content[:300].decode(errors='replace')}")
        return elapsed, status, fallback, count

    async def warm() -> list[float]:
        connection = Connection(server.url)
        try:
            return [(await fetch(connection, query))[0] for query in queries[:warm_up]]
        finally:
            connection.close()

    async def run() -> list[tuple[float, int, bool, int]]:
        pending = iter(queries)  # one event loop: the clients take the next query in turn, no lock needed
        results: list[tuple[float, int, bool, int]] = []

        async def client_loop(number: int) -> None:
            connection = Connection(server.url)
            # Paced clients start spread over one interval, not all at the same instant.
            next_start = time.monotonic() + (interval * number / clients if interval else 0.0)
            try:
                for query in pending:
                    if interval:
                        await asyncio.sleep(max(0.0, next_start - time.monotonic()))
                        next_start = max(next_start + interval, time.monotonic())
                    results.append(await fetch(connection, query))
            finally:
                connection.close()

        await asyncio.gather(*(client_loop(number) for number in range(clients)))
        return results

    warmed = asyncio.run(warm())
    load_before = os.getloadavg()
    server_cpu = server.cpu_seconds()
    client_cpu = time.process_time()
    started = time.monotonic()
    results = asyncio.run(run())
    wall = time.monotonic() - started
    client_cpu = time.process_time() - client_cpu
    server_cpu = [after - before for before, after in zip(server_cpu, server.cpu_seconds(), strict=True)]
    total_cpu = sum(server_cpu)
    statuses = Counter(status for _t, status, _f, _c in results)
    return {
        "server": server.label(),
        "server_processes": server.count,
        "clients": clients,
        "client": "asyncio, one keep-alive HTTP/1.1 connection per client (harness.Connection)",
        "load": f"paced: each client starts a query every {interval * 1000:.0f} ms"
        if interval
        else "closed loop: each client sends its next query when the answer is in (saturation)",
        "offered_requests_per_second": round(clients / interval, 1) if interval else None,
        "requests": len(results),
        "warm_up": {"requests": len(warmed), **summary_ms(warmed)},
        **summary_ms([elapsed for elapsed, _s, _f, _c in results]),
        "requests_per_second": round(len(results) / wall, 1) if wall else None,
        "wall_seconds": round(wall, 2),
        "status_codes": {str(code): n for code, n in sorted(statuses.items())},
        "first_refusal": refusals[0] if refusals else None,
        "all_200": statuses == Counter({200: len(results)}),
        "fallback_answers": sum(1 for _e, status, fallback, _c in results if status == 200 and fallback),
        "server_cpu_ms_per_request": round(total_cpu / len(results) * 1000, 2) if results else None,
        "client_cpu_ms_per_request": round(client_cpu / len(results) * 1000, 2) if results else None,
        # How evenly the kernel spread the clients' connections: each process's share of the server CPU time.
        "server_cpu_share_per_process": [round(value / total_cpu, 2) if total_cpu else None for value in server_cpu],
        "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
    }


def publication_latency(server: harness.WebServers | None, runs: int) -> dict:
    """Drafts approved by staff; seconds until the engine (and the API server) return them for a unique word."""
    import httpx

    from accounts.models import Role, User
    from achievements.services import achievement_create
    from marketplace.models import Institution, ModerationAction, TechnologyField, TransferMode
    from marketplace.services import listing_moderate, listing_submit
    from search.backends import get_backend
    from search.selectors import build_query
    from translation.services import translations_paused

    suffix = secrets.token_hex(3)
    institution = Institution.objects.order_by("pk").first()
    author = User.objects.create_user(
        email=f"pub-author-{suffix}@bench.example.org", role=Role.RESEARCHER, country=institution.country
    )
    staff = User.objects.create_user(
        email=f"pub-staff-{suffix}@bench.example.org", role=Role.CENTER_STAFF, is_staff=True
    )
    field = TechnologyField.objects.get(slug=corpus.FIELDS[0])
    mode = TransferMode.objects.order_by("pk").first()
    backend = get_backend()
    engine_seconds: list[float] = []
    api_seconds: list[float] = []
    client = httpx.Client(base_url=server.url, timeout=30) if server else None
    generator = corpus.CorpusGenerator(seed=999)
    try:
        for _attempt in range(runs):
            token = f"zq{secrets.token_hex(5)}"  # one word no listing has
            texts = corpus.render(generator.draw("achievement"), "en")
            texts["title"] = f"{texts['title']} {token}"[:200]
            data = {"field": field, "trl": 6, "price_negotiable": True, "source_language": "en"}
            with translations_paused():
                achievement = achievement_create(owner=author, data=data, texts=texts, transfer_modes=[mode])
                listing_submit(listing=achievement, user=author)
            query = build_query(text=token, lang="en")
            key = f"achievement:{achievement.pk}"
            started = time.monotonic()
            listing_moderate(listing=achievement, actor=staff, action=ModerationAction.APPROVE)
            while not any(hit.key == key for hit in backend.search(query).hits):
                if time.monotonic() - started > 60:
                    raise SystemExit(f"{key} was not searchable 60 s after its approval")
                time.sleep(POLL_SECONDS)
            engine_seconds.append(time.monotonic() - started)
            if client is not None:
                while True:
                    response = client.get("/api/v1/search/", params={"q": token, "lang": "en"})
                    if response.status_code == 200 and any(
                        item["id"] == achievement.pk and item["type"] == "achievement"
                        for item in response.json()["results"]
                    ):
                        break
                    if time.monotonic() - started > 60:
                        raise SystemExit(f"{key} was not found through the API 60 s after its approval")
                    time.sleep(POLL_SECONDS)
                api_seconds.append(time.monotonic() - started)
            time.sleep(0.2)  # apart from each other, as editors approve
    finally:
        if client is not None:
            client.close()

    def seconds_summary(values: list[float]) -> dict:
        return {
            "runs": len(values),
            "p50_s": round(percentile(values, 50), 3),
            "p95_s": round(percentile(values, 95), 3),
            "max_s": round(max(values), 3),
        }

    result = {
        "how": "listing_moderate(approve) on a submitted achievement -> search for a word only its title has, "
        f"polled every {POLL_SECONDS * 1000:.0f} ms",
        "engine": seconds_summary(engine_seconds),
    }
    if api_seconds:
        result["api"] = seconds_summary(api_seconds)
    return result


def measure_engine(args, queries, env: dict[str, str], workdir: Path, label: str) -> dict:
    from search.backends import get_backend

    backend = get_backend()
    log(f"[{label}] full index of {args.achievements + args.demands} listings")
    index = full_index(args.index_batch)
    log(f"[{label}] indexed {index['documents']} documents in {index['seconds']} s ({index['docs_per_second']}/s)")
    if label == "embedded":
        index["index_size_mb"] = directory_mb(Path(backend.path))
    quiet = wait_for_quiet(args.quiet_load, args.quiet_wait, f"[{label}] engine queries")
    log(f"[{label}] {len(queries)} engine queries")
    engine = engine_queries(queries, warm_up=min(100, len(queries)))
    engine["quiet_wait"] = quiet
    log(f"[{label}] engine p50 {engine['p50_ms']} ms, p95 {engine['p95_ms']} ms, p99 {engine['p99_ms']} ms")
    api_runs: list[dict] = []
    paced_runs: list[dict] = []
    publication = None
    servers_named = "uvicorn" if args.layout == "current" else "gunicorn workers"
    for processes in args.server_processes:
        with Services(workdir) as services:
            server = harness.web_servers(
                services, env, processes, layout=args.layout, threads=args.threads, name=f"web-{label}-{processes}"
            )
            server.wait_ready("/api/v1/search/?q=x")
            quiet = wait_for_quiet(args.quiet_load, args.quiet_wait, f"[{label}] API ({processes} {servers_named})")
            log(f"[{label}] API ({processes} {servers_named}): {len(queries)} requests from {args.clients} clients")
            api = api_load(server, queries, args.clients, warm_up=min(50, len(queries)))
            api["quiet_wait"] = quiet
            log(
                f"[{label}] API ({processes} {servers_named}) p50 {api['p50_ms']} ms, p95 {api['p95_ms']} ms, "
                f"{api['requests_per_second']} req/s, {api['server_cpu_ms_per_request']} ms CPU/request"
            )
            if args.paced_interval_ms and processes == args.server_processes[0]:
                paced = api_load(server, queries, args.clients, warm_up=0, interval=args.paced_interval_ms / 1000)
                log(
                    f"[{label}] API ({processes} {servers_named}, paced {paced['offered_requests_per_second']} req/s) "
                    f"p50 {paced['p50_ms']} ms, p95 {paced['p95_ms']} ms"
                )
                paced["server_peak_rss_mb"] = server.peak_rss_mb()
                paced_runs.append(paced)
            if publication is None:
                log(f"[{label}] publication to searchable: {args.publications} listings")
                publication = publication_latency(server, args.publications)
                log(
                    f"[{label}] publication p95: engine {publication['engine']['p95_s']} s, "
                    f"API {publication.get('api', {}).get('p95_s')} s"
                )
            api["server_peak_rss_mb"] = server.peak_rss_mb()
        api_runs.append(api)
    return {
        "full_index": index,
        "engine_queries": engine,
        "api": api_runs,
        "api_paced": paced_runs,
        "publication_to_searchable": publication,
    }


def relevance_phase(args, es_url: str, workdir: Path) -> dict:
    """bench/relevance/run.py in its own process (its own database and index, embeddings on); its result."""
    out = workdir / "relevance.json"
    command = [sys.executable, str(ROOT / "bench" / "relevance" / "run.py"), "--seed", str(args.seed)]
    command += ["--distractors", str(args.relevance_distractors), "--out", str(out)]
    env = dict(os.environ)
    if es_url:
        env["ELASTICSEARCH_URL"] = es_url
    log(f"relevance: {args.relevance_distractors} distractors and the anchors, in its own process")
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 (our own script)
    return json.loads(out.read_text())


def relevance_goals(relevance: dict) -> dict:
    """Hybrid recall@10 over the whole set, and same-language queries no worse in hybrid than in text mode."""
    embedded = relevance["engines"]["embedded"]
    recall = embedded["hybrid"]["all"]["recall_at_10"]
    text_same = embedded["text"]["same_language"]["recall_at_10"]
    hybrid_same = embedded["hybrid"]["same_language"]["recall_at_10"]
    return {
        "relevance_hybrid_recall_at_10": {
            "goal": RELEVANCE_GOALS["hybrid_recall_at_10"],
            "measured": recall,
            "met": recall >= RELEVANCE_GOALS["hybrid_recall_at_10"],
        },
        "relevance_same_language_hybrid_no_worse_than_text": {
            "goal": f"hybrid recall@10 >= text recall@10 ({text_same})",
            "measured": hybrid_same,
            "met": hybrid_same >= text_same,
        },
    }


def goals(result: dict, full_size: bool) -> dict:
    """Each goal of the issue with what the embedded engine measured; the API goal once per server configuration."""
    embedded = result["engines"]["embedded"]
    publication = embedded["publication_to_searchable"]
    # The reader's view counts: the API server (another process) must see the new commit too.
    publication_p95 = max(publication["engine"]["p95_s"], publication.get("api", {}).get("p95_s", 0.0))
    out = {
        "engine_p95_ms": _goal(GOALS["engine_p95_ms"], embedded["engine_queries"]["p95_ms"]),
        "full_index_seconds_150k": _goal(
            GOALS["full_index_seconds_150k"], embedded["full_index"]["seconds"] if full_size else None
        ),
        "publication_to_searchable_p95_s": _goal(GOALS["publication_to_searchable_p95_s"], publication_p95),
    }
    for api in [*embedded["api"], *embedded.get("api_paced", [])]:
        name = "api_p95_ms_at_10_clients" + ("" if api["server_processes"] == 1 else f"_{api['server_processes']}")
        if api["offered_requests_per_second"]:
            name += f"_paced_{api['offered_requests_per_second']:g}_per_s"
        goal = _goal(GOALS["api_p95_ms_at_10_clients"], api["p95_ms"] if api["clients"] == 10 else None)
        goal["server"] = api["server"]
        goal["load"] = api["load"]
        if not api["all_200"] or api["fallback_answers"]:
            goal["met"] = False
            goal["note"] = "some answers were not 200 or came from the database fallback"
        out[name] = goal
    if not full_size:
        out["full_index_seconds_150k"]["note"] = "not a full-size run"
    return out


def _goal(limit: float, measured: float | None) -> dict:
    return {"goal": limit, "measured": measured, "met": None if measured is None else measured <= limit}


def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        return _run_relevance(args, workdir) if args.only_relevance else _run(args, workdir)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> dict:
    es_url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    env = bench_environment(workdir)
    for key in SERVICE_VARS:
        os.environ.pop(key, None)
    os.environ.update(env)
    os.environ.pop("ELASTICSEARCH_URL", None)
    started_at = datetime.now(UTC)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    log(f"work directory {workdir}; migrating the bench database")
    call_command("migrate", verbosity=0)
    reset_peak_rss()
    log(f"corpus: {args.achievements} achievements + {args.demands} demands")
    composition = corpus.load(achievements=args.achievements, demands=args.demands, seed=args.seed, progress=log)
    composition["peak_rss_mb_during_generation"] = peak_rss_mb()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("ANALYZE")
    composition["database_mb"] = round((workdir / "bench.sqlite3").stat().st_size / 1024 / 1024, 1)
    log(f"corpus ready in {composition['generation_seconds']} s ({composition['database_mb']} MB of SQLite)")

    countries = list(composition["countries"].items())
    queries = list(corpus.query_mix(args.queries, countries=countries, seed=args.seed + 40))
    mix = Counter((query.lang, query.kind) for query in queries)
    third = Counter(
        "trl_min"
        if query.trl_min is not None
        else "type"
        if query.types
        else next(name for name in query.filters if name not in ("field", "country"))
        for query in queries
    )

    engines = {"embedded": measure_engine(args, queries, env, workdir, "embedded")}
    if es_url:
        prefix = f"bench-{secrets.token_hex(3)}"
        es_env = {**env, "ELASTICSEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": prefix}
        with override_settings(ELASTICSEARCH_URL=es_url, SEARCH_INDEX_PREFIX=prefix):
            from search.backends import get_backend

            try:
                engines["elasticsearch"] = measure_engine(args, queries, es_env, workdir, "elasticsearch")
            finally:
                with contextlib.suppress(Exception):
                    get_backend().drop()

    relevance = relevance_phase(args, es_url, workdir) if args.relevance_distractors else None
    full_size = args.achievements + args.demands >= FULL_SIZE
    result = {
        "benchmark": "search",
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "full_size": full_size,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "memory_gb": _memory_gb(),
        },
        "setup": {
            "database": "sqlite (throwaway file, WAL)",
            "engines": list(engines),
            "celery": "eager (no broker): indexing runs in the process that commits, as in the embedded default",
            "api_server": (
                "uvicorn brics_ttc.asgi:application"
                if args.layout == "current"
                else "gunicorn brics_ttc.wsgi:application (gthread workers); uvicorn brics_ttc.asgi:application "
                "for /ws/"
            )
            + " on 127.0.0.1, DEBUG off, per-address throttles raised",
            "layout": args.layout,
            "languages_of_settings": len(settings.LANGUAGES),
            "seed": args.seed,
        },
        "corpus": composition,
        "query_mix": {
            "queries": len(queries),
            "languages": dict(Counter(query.lang for query in queries)),
            "kinds": dict(Counter(query.kind for query in queries)),
            "by_language_and_kind": {f"{lang}/{kind}": n for (lang, kind), n in sorted(mix.items())},
            "facet_filters_per_query": 3,
            "facets": {"field": len(queries), "country": len(queries), **dict(third)},
            "examples": [
                {"lang": q.lang, "kind": q.kind, "q": q.text, "params": q.api_params()[2:]} for q in queries[:6]
            ],
        },
        "engines": engines,
        "peak_rss_mb": {
            "bench_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "api_servers": {
                str(api["server_processes"]): api.get("server_peak_rss_mb") for api in engines["embedded"]["api"]
            },
        },
    }
    result["goals"] = goals(result, full_size)
    if relevance is not None:
        result["relevance"] = relevance
        result["goals"].update(relevance_goals(relevance))
    return result


def _run_relevance(args: argparse.Namespace, workdir: Path) -> dict:
    """Phase 7 alone: the relevance set's scores and their goals."""
    started_at = datetime.now(UTC)
    relevance = relevance_phase(args, os.environ.get("ELASTICSEARCH_URL", "").strip(), workdir)
    return {
        "benchmark": "search (relevance phase only)",
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "load_average": os.getloadavg(),
        "relevance": relevance,
        "goals": relevance_goals(relevance),
    }


def _memory_gb() -> float | None:
    kb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kb = int(line.split()[1])
    return round(kb / 1024 / 1024, 1) if kb else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--achievements", type=int, help="published achievements (default 100000)")
    parser.add_argument("--demands", type=int, help="published demands (default 50000)")
    parser.add_argument("--queries", type=int, help="queries in the mix (default 1200)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent API clients (default 10)")
    parser.add_argument("--publications", type=int, help="listings timed from approval (default 20)")
    parser.add_argument(
        "--server-processes",
        type=int,
        nargs="+",
        default=[1, 2],
        help="API runs with this many uvicorn processes each (default: 1, then 2: one per core, as in docker-compose)",
    )
    parser.add_argument(
        "--paced-interval-ms",
        type=float,
        default=500.0,
        help="also run the API paced, each client starting a query this often, on the first server configuration "
        "(default 500 ms: 10 clients offer 20 req/s; 0 skips it)",
    )
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=None,
        help="before each timed query phase, wait until the 1-minute load average is at most this (shared machines)",
    )
    parser.add_argument("--quiet-wait", type=float, default=300.0, help="longest such wait in seconds (default 300)")
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="current",
        help="the API servers: current = uvicorn processes serving everything (the Dockerfile's); standard = gunicorn "
        "gthread workers (WSGI) for HTTP and uvicorn for /ws/ (default current)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="--layout standard: threads per gunicorn worker (default HTTP_THREADS, else 2: what uvicorn's get)",
    )
    parser.add_argument("--index-batch", type=int, default=500, help="search_reindex batch size (default 500)")
    parser.add_argument("--seed", type=int, default=4, help="corpus and query seed (default 4)")
    parser.add_argument(
        "--relevance-distractors",
        type=int,
        help="corpus listings beside the relevance set's anchors, embedded for hybrid search (default 3000; 0 skips)",
    )
    parser.add_argument(
        "--small", action="store_true", help="quick check: 2,000 + 1,000 listings, 300 queries, 300 distractors"
    )
    parser.add_argument(
        "--only-relevance",
        action="store_true",
        help="run only the relevance phase (7) -> var/bench/search-relevance.json",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory (database, index, server log)")
    parser.add_argument("--out", type=Path, default=None, help="result file (default bench/results/search.json)")
    args = parser.parse_args()
    # Sizes given on the command line win over --small's.
    for name, value in (SMALL if args.small else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.out is None:
        suffix = "" if args.layout == "current" else f"-{args.layout}"
        args.out = ROOT / (
            "var/bench/search-relevance.json"
            if args.only_relevance
            else f"var/bench/search-small{suffix}.json"
            if args.small
            else f"bench/results/search{suffix}.json"
        )
    if 0 < args.relevance_distractors < 100 or (args.only_relevance and not args.relevance_distractors):
        parser.error("--relevance-distractors must be 0 (skip) or at least 100, and not 0 with --only-relevance")
    if min(args.queries, args.clients, args.achievements, args.publications) < 1 or args.demands < 0:
        parser.error("--queries, --clients, --achievements and --publications must be positive")
    if min(args.server_processes) < 1:
        parser.error("--server-processes must be positive")
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(json.dumps(result["goals"], indent=2))


if __name__ == "__main__":
    main()
