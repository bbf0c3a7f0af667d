"""The relevance set of `make bench-search`: hand-written anchor listings, queries in all 17 languages, and the scores.

- ``anchors()``: the anchor listings (bench/relevance/anchors.py), added to the bench corpus by ``load_anchors``;
- ``queries()``: the queries (bench/relevance/queries.py) with the anchors each should find in its first ten results;
- ``nonsense()``: queries that mean nothing, which must find nothing by meaning;
- ``problems()``: what is wrong with the set (a target that is not in the corpus, a language without queries, ...):
  tests/search/test_relevance_set.py keeps it empty;
- ``score()``: recall@10 and MRR (reciprocal rank of the first target within the first ten, 0 if none is there) over
  all queries, the cross-language ones, the same-language ones and per query language.

bench/relevance/run.py runs the set against the engines and PostgreSQL's full-text search.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from brics_ttc.languages import LANGUAGE_CODES
from relevance.anchors import ANCHORS
from relevance.queries import NONSENSE, QUERIES

CUTOFF = 10
MIN_QUERIES = 120
ANCHOR_LISTING_TEXT_FIELDS = {
    "achievement": ("title", "summary", "description", "keywords"),
    "demand": ("title", "description"),
}


@dataclass(frozen=True)
class Anchor:
    key: str
    kind: str
    lang: str
    field: str
    country: str
    trl: int | None
    texts: dict[str, str]
    translations: dict[str, dict[str, str]]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the listing has text in: its source, then its translations."""
        return (self.lang, *self.translations)


@dataclass(frozen=True)
class RelevanceQuery:
    number: int
    lang: str
    text: str
    targets: tuple[str, ...]

    def same_language(self, anchors: dict[str, Anchor]) -> bool:
        """Every target was written in the query's language."""
        return all(anchors[key].lang == self.lang for key in self.targets)

    def translated_targets(self, anchors: dict[str, Anchor]) -> int:
        """Targets written in another language that carry a translation into the query's language."""
        return sum(1 for key in self.targets if anchors[key].lang != self.lang and self.lang in anchors[key].languages)


def anchors() -> dict[str, Anchor]:
    return {
        row["key"]: Anchor(
            key=row["key"],
            kind=row["kind"],
            lang=row["lang"],
            field=row["field"],
            country=row["country"],
            trl=row.get("trl"),
            texts=dict(row["texts"]),
            translations={lang: dict(texts) for lang, texts in row.get("translations", {}).items()},
        )
        for row in ANCHORS
    }


def queries() -> list[RelevanceQuery]:
    return [
        RelevanceQuery(number=number, lang=lang, text=text, targets=tuple(targets))
        for number, (lang, text, targets) in enumerate(QUERIES, start=1)
    ]


def nonsense() -> list[tuple[str, str]]:
    """(language, words) of queries that mean nothing."""
    return list(NONSENSE)


def problems() -> list[str]:
    """Everything that makes the set unfit for the measure (empty when it is fit)."""
    found: list[str] = []
    by_key = anchors()
    if len(by_key) != len(ANCHORS):
        found.append("two anchors share a key")
    for anchor in by_key.values():
        fields = ANCHOR_LISTING_TEXT_FIELDS.get(anchor.kind)
        if fields is None:
            found.append(f"{anchor.key}: unknown kind {anchor.kind}")
            continue
        for lang in anchor.languages:
            texts = anchor.texts if lang == anchor.lang else anchor.translations[lang]
            if lang not in LANGUAGE_CODES:
                found.append(f"{anchor.key}: unknown language {lang}")
            if set(texts) != set(fields) or not all(texts.values()):
                found.append(f"{anchor.key}: {lang} texts must be exactly {fields}, none empty")
        if (anchor.kind == "achievement") != (anchor.trl is not None):
            found.append(f"{anchor.key}: achievements have a TRL, demands none")
    rows = queries()
    if len(rows) < MIN_QUERIES:
        found.append(f"{len(rows)} queries, fewer than {MIN_QUERIES}")
    missing_languages = set(LANGUAGE_CODES) - {row.lang for row in rows}
    if missing_languages:
        found.append(f"no queries in {sorted(missing_languages)}")
    seen = set()
    for row in rows:
        if row.lang not in LANGUAGE_CODES:
            found.append(f"query {row.number}: unknown language {row.lang}")
        if not row.targets or len(set(row.targets)) != len(row.targets):
            found.append(f"query {row.number}: no targets, or one named twice")
        for key in row.targets:
            if key not in by_key:
                found.append(f"query {row.number}: target {key} is not an anchor of the corpus")
        if (row.lang, row.text) in seen:
            found.append(f"query {row.number}: asked twice")
        seen.add((row.lang, row.text))
    if not found:
        cross = [row for row in rows if not row.same_language(by_key)]
        if len(cross) * 2 <= len(rows):
            found.append("most queries must be in another language than their targets")
        translated = sum(row.translated_targets(by_key) for row in cross)
        if translated * 2 >= sum(len(row.targets) for row in cross):
            found.append("most cross-language targets must have no translation in the query's language")
        unused = set(by_key) - {key for row in rows for key in row.targets}
        if unused:
            found.append(f"anchors no query looks for: {sorted(unused)}")
    return found


def composition() -> dict:
    """How the set is made up (reported beside the scores)."""
    by_key = anchors()
    rows = queries()
    cross = [row for row in rows if not row.same_language(by_key)]
    targets = sum(len(row.targets) for row in cross)
    return {
        "anchors": len(by_key),
        "anchor_source_languages": dict(_count(anchor.lang for anchor in by_key.values())),
        "anchors_with_a_translation": sum(1 for anchor in by_key.values() if anchor.translations),
        "queries": len(rows),
        "query_languages": dict(_count(row.lang for row in rows)),
        "cross_language_queries": len(cross),
        "same_language_queries": len(rows) - len(cross),
        "cross_language_targets_without_translation_in_query_language": round(
            1 - sum(row.translated_targets(by_key) for row in cross) / targets, 3
        )
        if targets
        else None,
    }


def _count(values) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def query_scores(ranking: list[str], targets: set[str]) -> tuple[float, float]:
    """(recall@10, reciprocal rank of the first target within the first ten) of one ranking of anchor keys."""
    top = ranking[:CUTOFF]
    recall = len(targets & set(top)) / len(targets)
    reciprocal = next((1.0 / rank for rank, key in enumerate(top, start=1) if key in targets), 0.0)
    return recall, reciprocal


def score(rankings: dict[int, list[str]]) -> dict:
    """Recall@10 and MRR of ``rankings`` (query number -> anchor keys and other keys, best first), overall, for
    cross- and same-language queries and per query language; plus the queries whose targets were not all found."""
    by_key = anchors()
    rows = queries()
    per_query = {row.number: query_scores(rankings.get(row.number, []), set(row.targets)) for row in rows}

    def summary(selected: list[RelevanceQuery]) -> dict:
        if not selected:
            return {"queries": 0}
        return {
            "queries": len(selected),
            "recall_at_10": round(statistics.fmean(per_query[row.number][0] for row in selected), 3),
            "mrr": round(statistics.fmean(per_query[row.number][1] for row in selected), 3),
        }

    return {
        "all": summary(rows),
        "cross_language": summary([row for row in rows if not row.same_language(by_key)]),
        "same_language": summary([row for row in rows if row.same_language(by_key)]),
        "by_language": {lang: summary([row for row in rows if row.lang == lang]) for lang in LANGUAGE_CODES},
        "missed": [
            {"lang": row.lang, "q": row.text, "targets": list(row.targets), "recall": per_query[row.number][0]}
            for row in rows
            if per_query[row.number][0] < 1.0
        ],
    }
