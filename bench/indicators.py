"""`make bench-indicators`: the indicators page, its downloads and the open-data API at the center's size.

What it does:
1. corpus: 100,000 achievements and 50,000 demands (bench/corpus.py, as `make bench-pages`), the auctions, bids, deals
   and translation records of bench/pages.py, plus ``--interactions`` conversations (inquiries on achievements and
   proposals to demands, a fifth of them with an agreed meeting) and ``--deals`` deals in six currencies over four
   years, with exchange rates — bulk-inserted into a throwaway PostgreSQL database;
2. the snapshot refresh (every registered indicator, as beat runs it) and the nightly open-data export, timed;
3. the production server command (uvicorn, ``--server-processes``, DEBUG off, the per-address throttles raised; the
   cache is local memory, so every figure is a read of the snapshot tables), each endpoint loaded for ``--seconds`` by
   ``--clients`` concurrent clients (bench/pages.py's closed-loop client) -> p50/p95/p99 ms, requests/s, server CPU.

    uv run python bench/indicators.py [--achievements 100000] [--demands 50000] [--interactions 10000]
                                      [--deals 10000] [--clients 10] [--seconds 6] [--small] [--out FILE]

4. the bulk import (issue 18): an XLSX of ``--import-rows`` new achievements (10,000; goal ≤ 60 s) for one
   institution, checked (the preview) and written by the import job (``bulk.services.import_run``, as a worker runs
   it), each timed with its SQL queries counted per row; then the same file again (every row unchanged).

``--small`` is a quick check (8,000 + 4,000 listings, 1,000 interactions and deals, 2 s per endpoint, a 500-row
import) written to var/bench/indicators-small.json unless ``--out`` is given. The full run writes
bench/results/indicators.json. ``--import-only`` measures the import alone (on a 2,000 + 1,000 corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402 (bench/ on the path first)
import harness  # noqa: E402
import pages  # noqa: E402
from harness import AsgiServers, Services, git_commit, log  # noqa: E402

FULL = {
    "achievements": 100_000,
    "demands": 50_000,
    "interactions": 10_000,
    "deals": 10_000,
    "seconds": 6.0,
    "import_rows": 10_000,
}
SMALL = {"achievements": 8000, "demands": 4000, "interactions": 1000, "deals": 1000, "seconds": 2.0, "import_rows": 500}
IMPORT_ONLY = {"achievements": 2000, "demands": 1000, "interactions": 0, "deals": 0, "seconds": 0.0}
GOAL_P95_MS = 100.0
GOAL_IMPORT_SECONDS = 60.0
CURRENCIES = {"CNY": None, "USD": "7.1", "EUR": "7.7", "RUB": "0.08", "INR": "0.085", "BRL": "1.3"}


def load_interactions_and_deals(*, interactions: int, deals: int, seed: int) -> dict:
    """Conversations (a fifth with an agreed meeting), deals in several currencies, exchange rates; bulk-inserted."""
    from django.db import transaction

    from accounts.models import Role, User
    from achievements.models import Achievement
    from demands.models import Demand
    from indicators.models import CurrencyRate
    from marketplace.models import ModerationState
    from negotiations.models import Conversation, ConversationState, Meeting, MeetingState, SubjectType
    from trading.models import Deal, DealSource, DealStatus

    started = time.monotonic()
    rng = random.Random(seed + 18)
    requesters = User.objects.bulk_create(
        [
            User(email=f"requester-{n}@bench.example.org", display_name=f"Requester {n}", role=Role.ENTERPRISE)
            for n in range(200)
        ]
    )
    achievements = list(
        Achievement.objects.filter(state=ModerationState.PUBLISHED).values_list("pk", "owner_id")[: interactions * 4]
    )
    demands = list(Demand.objects.filter(state=ModerationState.PUBLISHED).values_list("pk", flat=True)[:interactions])
    states = [ConversationState.OPEN, ConversationState.NEGOTIATING, ConversationState.AGREED, ConversationState.CLOSED]
    with transaction.atomic():
        conversations = []
        for n in range(interactions):
            requester = rng.choice(requesters)
            if n % 4 == 3 and demands:
                conversations.append(
                    Conversation(
                        subject_type=SubjectType.DEMAND,
                        demand_id=rng.choice(demands),
                        purpose="solution",
                        requester=requester,
                        state=rng.choice(states),
                    )
                )
            else:
                conversations.append(
                    Conversation(
                        subject_type=SubjectType.ACHIEVEMENT,
                        achievement_id=rng.choice(achievements)[0],
                        purpose=rng.choice(["licence", "purchase", "joint_development", "information"]),
                        requester=requester,
                        state=rng.choice(states),
                    )
                )
        conversations = Conversation.objects.bulk_create(conversations, batch_size=2000)
        Meeting.objects.bulk_create(
            [
                Meeting(conversation=c, proposed_by=c.requester, slots=[], state=MeetingState.ACCEPTED)
                for c in conversations[::5]
            ],
            batch_size=2000,
        )
        sources = [DealSource.NEGOTIATED, DealSource.MOU, DealSource.OTHER]
        Deal.objects.bulk_create(
            [
                Deal(
                    achievement_id=achievement_id,
                    source=rng.choice(sources),
                    seller_id=owner_id,
                    buyer=rng.choice(requesters),
                    price=Decimal(rng.randint(10, 5000) * 1000),
                    currency=rng.choice(list(CURRENCIES)),
                    agreed_on=date(2023, 1, 1) + timedelta(days=rng.randint(0, 1400)),
                    status=rng.choice([DealStatus.SIGNED, DealStatus.COMPLETED, DealStatus.PENDING_SIGNATURE]),
                )
                for achievement_id, owner_id in rng.sample(achievements, min(deals, len(achievements)))
            ],
            batch_size=2000,
        )
        CurrencyRate.objects.bulk_create(
            [
                CurrencyRate(currency=code, valid_from=date(2023, 1, 1), rate=Decimal(rate))
                for code, rate in CURRENCIES.items()
                if rate
            ]
        )
    return {"interactions": interactions, "deals": deals, "seconds": round(time.monotonic() - started, 1)}


def _import_workbook(rows: int, seed: int) -> bytes:
    """An XLSX of ``rows`` new achievements in English, as an institution would fill the template."""
    import io

    from openpyxl import Workbook

    from bulk.columns import KINDS
    from marketplace.models import TechnologyField

    rng = random.Random(seed)
    slugs = list(TechnologyField.objects.values_list("slug", flat=True))
    header = [column.name for column in KINDS["achievements"].columns]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(header)
    for n in range(rows):
        values = {
            "external_id": f"BENCH-{n:06d}",
            "language": "en",
            "title": f"Imported technology {n}: {rng.choice(['membrane', 'sensor', 'catalyst', 'vaccine'])}",
            "summary": "A non-confidential summary of the technology, its advantages and its markets.",
            "description": "A longer public description. " * rng.randint(2, 8),
            "keywords": "import, bench",
            "field": rng.choice(slugs),
            "country": rng.choice(["CN", "BR", "IN", "ZA", "RU"]),
            "trl": rng.randint(1, 9),
            "ip_status": "granted_patent",
            "transfer_modes": "licensing|joint_development",
            "price_negotiable": "yes",
            "contact_email": f"tto{n}@example.org",
        }
        sheet.append([values.get(name, "") for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure_import(*, rows: int, seed: int) -> dict:
    """The bulk import of ``rows`` new achievements: preview and job timed, SQL queries per row counted; then the
    same file again. Tasks the job enqueues (translations) are counted, not run: a worker's broker takes them."""
    from collections import Counter

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import brics_ttc.tasks
    from accounts.models import Role, User
    from bulk.services import import_preview, import_run, import_start
    from marketplace.models import Institution, Membership, MembershipRole, MembershipStatus

    enqueued: Counter = Counter()

    class _Counted:
        def __init__(self, name: str) -> None:
            self.name = name

        def delay(self, *args) -> None:
            enqueued[self.name] += 1

    original = brics_ttc.tasks._task
    brics_ttc.tasks._task = _Counted
    try:
        institution = Institution.objects.create(slug="bench-import", name="Bench TTO", kind="tt_center", country="CN")
        user = User.objects.create_user(
            "bench-import@example.org", display_name="Importer", role=Role.INSTITUTION_ADMIN
        )
        Membership.objects.create(
            user=user, institution=institution, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
        )
        content = _import_workbook(rows, seed)
        result = {"rows": rows, "file_mb": round(len(content) / 1024 / 1024, 2)}
        result["load_average_before"] = [round(value, 2) for value in os.getloadavg()]
        for run_name in ("first", "again"):
            upload = SimpleUploadedFile("bench.xlsx", content)
            with CaptureQueriesContext(connection) as preview_queries:
                started = time.monotonic()
                batch = import_preview(
                    user=user, institution=institution, kind="achievements", language="en", upload=upload
                )
                preview_seconds = time.monotonic() - started
            import_start(batch=batch, user=user, submit=False)
            enqueued.clear()
            with CaptureQueriesContext(connection) as job_queries:
                started = time.monotonic()
                batch = import_run(batch_id=batch.pk)
                job_seconds = time.monotonic() - started
            result[run_name] = {
                "preview_seconds": round(preview_seconds, 2),
                "job_seconds": round(job_seconds, 2),
                "total_seconds": round(preview_seconds + job_seconds, 2),
                "rows_per_second": round(rows / max(preview_seconds + job_seconds, 1e-9), 1),
                "preview_queries": len(preview_queries),
                "preview_queries_per_row": round(len(preview_queries) / rows, 2),
                "job_queries": len(job_queries),
                "job_queries_per_row": round(len(job_queries) / rows, 2),
                "created": batch.created_count,
                "unchanged": batch.unchanged_count,
                "failed": batch.failed_count,
                "tasks_enqueued": dict(enqueued),
            }
            log(f"import {run_name}: {result[run_name]}")
    finally:
        brics_ttc.tasks._task = original
    return result


def endpoints(field: str, country: str) -> list[pages.Endpoint]:
    return [
        pages.Endpoint("indicators_page", ["/en/indicators/"], "public"),
        pages.Endpoint(
            "indicators_page_filtered",
            [f"/ar/indicators/?year_from=2024&country={country}", f"/zh-hans/indicators/?field={field}"],
            "public",
        ),
        pages.Endpoint("indicators_csv", [f"/en/indicators/data.csv?country={country}"], "public"),
        pages.Endpoint("api_catalogue", ["/api/v1/indicators/"], "api"),
        pages.Endpoint(
            "api_series",
            [
                "/api/v1/indicators/contract_value_by_country/",
                f"/api/v1/indicators/supply_demand_by_field/?country={country}",
                f"/api/v1/indicators/listings_published/?field={field}&lang=ru",
                "/api/v1/indicators/translation_coverage/",
            ],
            "api",
        ),
    ]


def prepare(args, env: dict[str, str]) -> dict:
    import django
    from django.core.management import call_command
    from django.db import connection

    os.environ.update(env)
    django.setup()
    from indicators.opendata import opendata_export
    from indicators.services import indicators_refresh

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    log(f"corpus: {args.achievements} achievements + {args.demands} demands")
    composition = corpus.load(
        achievements=args.achievements, demands=args.demands, seed=args.seed, unpublished_share=0.08, progress=log
    )
    extras = pages.load_extras(args.seed)
    extras.pop("cookies", None)
    more = load_interactions_and_deals(interactions=args.interactions, deals=args.deals, seed=args.seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log("snapshot refresh")
    started = time.monotonic()
    results = indicators_refresh()
    refresh = {
        "seconds": round(time.monotonic() - started, 2),
        "points": sum(r.points for r in results),
        "per_indicator_ms": {r.indicator: r.duration_ms for r in results},
    }
    log(f"refresh: {refresh['seconds']} s, {refresh['points']} points")
    started = time.monotonic()
    files = opendata_export()
    export = {
        "seconds": round(time.monotonic() - started, 2),
        "files": {f.name: {"rows": f.rows, "mb": round(f.size / 1024 / 1024, 2)} for f in files},
    }
    log(f"open-data export: {export['seconds']} s")
    log(f"bulk import: {args.import_rows} rows")
    bulk_import = measure_import(rows=args.import_rows, seed=args.seed)
    return {
        "corpus": composition,
        "extras": extras,
        "interactions_and_deals": more,
        "refresh": refresh,
        "export": export,
        "bulk_import": bulk_import,
    }


def run(args) -> dict:
    from django.db import connections

    workdir = Path(tempfile.mkdtemp(prefix="bench-indicators-"))
    started_at = datetime.now(UTC)
    try:
        with Services(workdir) as services:
            admin_url = harness.postgres_admin_url(services)
            with harness.database(admin_url, prefix="brics_bench_indicators") as database_url:
                env = pages.bench_environment(workdir, database_url, None)
                env["OPEN_DATA_DIR"] = str(workdir / "opendata")
                for key in pages.SERVICE_VARS:
                    os.environ.pop(key, None)
                prepared = prepare(args, env)
                from marketplace.models import TechnologyField

                field = TechnologyField.objects.order_by("position").values_list("slug", flat=True).first()
                connections.close_all()
                results, errors = {}, []
                if not args.import_only:
                    server = AsgiServers(services, env, args.server_processes, name="web-indicators")
                    server.wait_ready("/healthz")
                    results = pages.measure(server, endpoints(field, "CN"), {}, args, "postgresql", args.clients)
                    errors = server.errors_logged()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    at10 = results.get(str(args.clients[0]), {})
    worst = max((r["p95_ms"] or 0 for r in at10.values()), default=None)
    return {
        "benchmark": "indicators",
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "setup": {
            "server": f"uvicorn, {args.server_processes} processes, DEBUG off, locmem cache",
            "client": "bench/pages.py closed loop, one keep-alive connection per client",
            "seconds_per_endpoint": args.seconds,
            "clients": args.clients,
        },
        "goals": {
            "p95_ms_at_10_clients": {
                "goal": GOAL_P95_MS,
                "measured": worst,
                "met": worst is not None and worst <= GOAL_P95_MS,
            },
            "import_seconds": {
                "goal": GOAL_IMPORT_SECONDS,
                "rows": prepared["bulk_import"]["rows"],
                "queries_per_row": prepared["bulk_import"]["first"]["job_queries_per_row"],
                "measured": prepared["bulk_import"]["first"]["total_seconds"],
                "met": prepared["bulk_import"]["first"]["total_seconds"] <= GOAL_IMPORT_SECONDS,
            },
        },
        **prepared,
        "results": results,
        "server_errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--import-only", action="store_true", help="Only the bulk import, on a small corpus.")
    parser.add_argument("--import-rows", type=int)
    parser.add_argument("--achievements", type=int)
    parser.add_argument("--demands", type=int)
    parser.add_argument("--interactions", type=int)
    parser.add_argument("--deals", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--clients", type=int, nargs="+", default=[10])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--server-processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--quiet-load", type=float, default=None)
    parser.add_argument("--quiet-wait", type=float, default=60.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    defaults = SMALL if args.small else FULL
    if args.import_only:
        defaults = {**defaults, **IMPORT_ONLY}
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    out = args.out or (
        ROOT / "var" / "bench" / "indicators-small.json"
        if args.small or args.import_only
        else BENCH / "results" / "indicators.json"
    )
    harness.configure("bench-indicators")
    result = run(args)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {out}")


if __name__ == "__main__":
    main()
