"""`make bench-translate`: machine translation end to end, through Redis, a real Celery worker and Apertium APy.

Measures
1. throughput: a batch of English achievements is scheduled at once (four fields each, into the 16 other languages);
   fields translated per second by the engine, from the first enqueue to the last record finished, and records
   finished per second (pairs no engine serves end as "unavailable" quickly);
2. latency: a new achievement is saved the way an author saves it (``achievement_create``, which schedules on commit);
   the time until its title and summary are available in every language an engine serves from English.

Services on loopback are used when they answer, otherwise started here and stopped again at the end, by their own
process ids: Redis (``redis-server``), Apertium APy (Debian's ``apertium-apy``, through scripts/apertium_apy.py) and
the Celery worker (always started here, on the bench's database), and PostgreSQL: the bench creates a throwaway
database on ``BENCH_POSTGRES_URL`` or on the server answering on 127.0.0.1:5432 (as the ``postgres`` role), else on a
throwaway cluster it starts (Debian's ``postgresql``), and drops it at the end. Not SQLite: it takes one writer at a
time, and a worker in another process meets "database is locked" errors.

    uv run python bench/translate.py [--listings 40] [--latency-runs 5] [--concurrency 4] [--out FILE]

Writes bench/results/translate.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import harness
from harness import (
    ROOT,
    Services,
    database,
    free_port,
    git_commit,
    log,
    postgres_admin_url,
    redis_base,
    wait_until,
)

harness.configure("bench-translate")
DEBIAN_PYTHON = "/usr/bin/python3"
REDIS_DB = 9  # the bench's own Redis database (the test harness uses 13-15)
POLL_SECONDS = 0.02
FIELDS = ("title", "summary", "description", "keywords")

TITLES = [
    "Solar-powered water purification unit for rural schools",
    "Low-cost soil moisture sensor network for smallholder farms",
    "Recyclable bio-based composite panels for prefabricated housing",
    "Portable ultrasound probe that connects to a mobile phone",
    "Heat pump dryer for fruit and vegetables in mountain villages",
]
SUMMARY = (
    "A compact system developed by our laboratory that {verb} at a fraction of the usual cost. It runs on solar power, "
    "needs little maintenance and can be assembled by local workshops from parts available in most countries."
)
VERBS = ["purifies river water", "measures soil moisture", "replaces plywood", "images patients", "dries produce"]
DESCRIPTION = (
    "The technology was tested for eighteen months in three provinces. Field results show a reliable performance in "
    "hot and humid weather, and the users trained in one day.\n\n"
    "The design uses standard electronic components and a simple steel frame. The control software is open and "
    "can be adapted to the needs of each site.\n\n"
    "We offer a licence, technical documentation and training for the first installations. We look for "
    "manufacturers and distributors in BRICS countries."
)
KEYWORDS = "solar energy, water, agriculture, low cost, rural development"


def apertium_url(services: Services) -> str:
    given = os.environ.get("APERTIUM_URL", "")
    if given:
        log(f"using the Apertium APy at {given}")
        return given.rstrip("/")
    if not Path(DEBIAN_PYTHON).exists():
        raise SystemExit(f"{DEBIAN_PYTHON} (Debian's Python, which Apertium APy runs under) is missing")
    port = free_port()
    services.process(
        "apertium",
        [DEBIAN_PYTHON, str(ROOT / "scripts" / "apertium_apy.py"), str(port)],
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    url = f"http://127.0.0.1:{port}"
    import httpx

    def up() -> bool:
        try:
            return httpx.get(f"{url}/listPairs", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(up, "Apertium APy", timeout=90)
    except SystemExit:
        raise SystemExit(
            "Apertium APy did not start (apt-get install apertium-apy apertium-eng-spa apertium-es-pt "
            f"apertium-fr-es ...):\n{services.log_tail('apertium')}"
        ) from None
    log(f"started Apertium APy on {url}")
    return url


def listing_texts(index: int) -> dict[str, str]:
    pick = index % len(TITLES)
    return {
        "title": f"{TITLES[pick]} (model {index + 1})",
        "summary": SUMMARY.format(verb=VERBS[pick]),
        "description": DESCRIPTION,
        "keywords": KEYWORDS,
    }


def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-translate-"))
    try:
        return _run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> dict:
    # Stopped in reverse order: the worker, APy and Redis first, then the bench database is dropped, then the server.
    with Services(workdir) as base:
        admin_url = postgres_admin_url(base, durable=False)
        with database(admin_url) as database_url, Services(workdir) as services:
            result = _bench(args, services, database_url)
        result["services_started_by_the_bench"] = base.started + result["services_started_by_the_bench"]
        return result


def _bench(args: argparse.Namespace, services: Services, database_url: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brics_ttc.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_base(services, databases=f"database {REDIS_DB}") + f"/{REDIS_DB}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "APERTIUM_URL": apertium_url(services),
        "TRANSLATION_PROVIDERS": "apertium",
    }
    for name in ("CELERY_RESULT_BACKEND", "CACHE_URL"):
        env.pop(name, None)
        os.environ.pop(name, None)
    os.environ.update(env)  # this process enqueues and reads with the worker's settings
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from brics_ttc.celery import app as celery_app

    log("migrating the bench database")
    call_command("migrate", verbosity=0)
    celery_app.control.purge()

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
            f"--concurrency={args.concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
            "-n",
            f"bench-{uuid.uuid4().hex[:8]}@%h",
        ],
        env=env,
    )
    wait_until(lambda: _worker_ready(celery_app) or worker.poll() is not None, "the Celery worker", timeout=60)
    if worker.poll() is not None:
        raise SystemExit(f"The Celery worker exited:\n{services.log_tail('worker')}")
    log(f"worker up (prefork, concurrency {args.concurrency})")
    try:
        result = measure(args, env["APERTIUM_URL"])
    except SystemExit:
        log(f"the worker's log ends with:\n{services.log_tail('worker')}")
        raise
    finally:
        # Our connection would hold the database open (it is dropped next).
        from django.db import connections

        connections.close_all()
    result["services_started_by_the_bench"] = list(services.started)
    return result


def _worker_ready(celery_app) -> bool:
    try:
        return bool(celery_app.control.ping(timeout=0.5))
    except Exception:  # the broker not ready yet: try again
        return False


def measure(args: argparse.Namespace, apertium: str) -> dict:
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from accounts.models import Role, User
    from achievements.models import Achievement
    from achievements.services import achievement_create
    from marketplace.i18n import column
    from marketplace.models import TechnologyField, TransferMode
    from translation.models import TranslationRecord, TranslationStatus
    from translation.router import NoRoute, Router
    from translation.services import translations_paused, translations_schedule

    S = TranslationStatus
    codes = [code for code, _name in settings.LANGUAGES]
    router = Router()
    served = []
    for code in codes:
        if code == "en":
            continue
        with contextlib.suppress(NoRoute):
            routes = router.routes("en", code)
            served.append({"language": code, "route": routes[0].label})
    served_codes = [item["language"] for item in served]
    log(f"Apertium serves from English: {', '.join(served_codes) or 'nothing'}")
    if not served_codes:
        raise SystemExit("Apertium serves no language from English: install apertium-eng-spa at least")

    owner = User.objects.create_user(email="bench@example.org", password=None, role=Role.RESEARCHER, country="BR")
    field = TechnologyField.objects.order_by("position").first()
    modes = [TransferMode.objects.order_by("pk").first()]
    content_type = ContentType.objects.get_for_model(Achievement)

    def data() -> dict:
        return {"field": field, "trl": 6, "price_negotiable": True, "source_language": "en"}

    def open_count(ids) -> int:
        return TranslationRecord.objects.filter(content_type=content_type, object_id__in=ids, status=S.PENDING).count()

    # --- 0. warm-up: APy starts a pipeline per language pair on first use, each worker process loads its code ------
    started = time.monotonic()
    warm = achievement_create(owner=owner, data=data(), texts=listing_texts(999), transfer_modes=modes)
    while open_count([warm.pk]):
        if time.monotonic() - started > args.timeout:
            raise SystemExit(f"the warm-up listing was not translated after {args.timeout} s")
        time.sleep(POLL_SECONDS)
    warm_up_seconds = time.monotonic() - started
    log(f"warm-up listing translated in {warm_up_seconds:.1f} s")

    # --- 1. throughput -------------------------------------------------------------------------------------------
    with translations_paused():
        batch = [
            achievement_create(owner=owner, data=data(), texts=listing_texts(index), transfer_modes=modes)
            for index in range(args.listings)
        ]
    ids = [item.pk for item in batch]
    log(f"scheduling {len(batch)} listings × 4 fields × {len(codes) - 1} languages")
    started = time.monotonic()
    for achievement in batch:
        translations_schedule(obj=achievement)
    enqueued = time.monotonic() - started
    while open_count(ids):
        if time.monotonic() - started > args.timeout:
            raise SystemExit(f"translations still pending after {args.timeout} s")
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    records = TranslationRecord.objects.filter(content_type=content_type, object_id__in=ids)
    by_status = dict(records.values_list("status").annotate(n=Count("id")).order_by())
    translated = records.filter(status=S.DONE)
    lengths = {
        (row["pk"], name): len(row[column(name, "en")] or "")
        for row in Achievement.objects.filter(pk__in=ids).values("pk", *(column(name, "en") for name in FIELDS))
        for name in FIELDS
    }
    source_chars = sum(lengths[(pk, name)] for pk, name in translated.values_list("object_id", "field"))
    providers = dict(translated.values_list("provider").annotate(n=Count("id")).order_by())
    throughput = {
        "listings": len(batch),
        "records": records.count(),
        "records_by_status": by_status,
        "fields_translated_by_engine": translated.count(),
        "engine_routes_used": providers,
        "source_characters_translated": source_chars,
        "enqueue_seconds": round(enqueued, 3),
        "wall_seconds": round(elapsed, 3),
        "fields_per_second": round(translated.count() / elapsed, 2),
        "records_per_second": round(records.count() / elapsed, 2),
        "source_characters_per_second": round(source_chars / elapsed, 1),
    }
    log(
        f"throughput: {throughput['fields_per_second']} fields/s translated "
        f"({throughput['records_per_second']} records/s finished) in {elapsed:.1f} s"
    )

    # --- 2. latency of a new listing -----------------------------------------------------------------------------
    latencies = []
    for run_index in range(args.latency_runs):
        texts = listing_texts(1000 + run_index)
        started = time.monotonic()
        achievement = achievement_create(owner=owner, data=data(), texts=texts, transfer_modes=modes)
        wanted = TranslationRecord.objects.filter(
            content_type=content_type,
            object_id=achievement.pk,
            field__in=("title", "summary"),
            language__in=served_codes,
        )
        while wanted.filter(status=S.DONE).count() < 2 * len(served_codes):
            if wanted.filter(status__in=(S.FAILED, S.UNAVAILABLE)).exists():
                raise SystemExit(f"a served language failed: {list(wanted.values('language', 'status', 'error'))}")
            if time.monotonic() - started > args.timeout:
                raise SystemExit(f"the new listing was not translated after {args.timeout} s")
            time.sleep(POLL_SECONDS)
        latencies.append(time.monotonic() - started)
        # Let the rest of its fields finish, so the next run starts on an idle worker.
        while open_count([achievement.pk]):
            time.sleep(POLL_SECONDS)
        log(f"latency run {run_index + 1}: {latencies[-1]:.3f} s")
    latency = {
        "runs": len(latencies),
        "languages": served_codes,
        "fields": ["title", "summary"],
        "seconds": [round(value, 3) for value in latencies],
        "median_seconds": round(statistics.median(latencies), 3),
        "max_seconds": round(max(latencies), 3),
    }

    return {
        "benchmark": "translate",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "setup": {
            "engine": "apertium",
            "apertium_url_is_loopback": apertium.startswith(("http://127.0.0.1", "http://localhost")),
            "served_from_english": served,
            "broker": "redis",
            "database": "postgresql",
            "worker": {"pool": "prefork", "concurrency": args.concurrency},
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
        },
        "warm_up_seconds": round(warm_up_seconds, 3),
        "throughput": throughput,
        "new_listing_latency": latency,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=40, help="achievements in the throughput batch (default 40)")
    parser.add_argument("--latency-runs", type=int, default=5, help="new listings timed one by one (default 5)")
    parser.add_argument("--concurrency", type=int, default=4, help="Celery worker processes (default 4)")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds per phase")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "translate.json")
    args = parser.parse_args()
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(json.dumps({"throughput": result["throughput"], "new_listing_latency": result["new_listing_latency"]}))


if __name__ == "__main__":
    main()
