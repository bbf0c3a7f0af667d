"""Hybrid search: the engine's per-language text search and its vector search, fused by reciprocal rank fusion.

The fusion is done here, once, for every engine: each engine only answers its text query (``search``) and its
nearest-neighbour query (``knn``, with the same types, filters and TRL minimum), and renders rows for the documents
only the vector search found (``hits``). Which neighbours count as similar in meaning is the caller's ``similar``
(search/embeddings/calibration.py). A listing's fused score is Σ 1 / (k + rank) over the lists it is in, with k =
TEXT_RRF_K for the text hits and VECTOR_RRF_K for the neighbours: the steeper vector side lets a clear meaning match
(found by meaning alone, in another language) rank beside the first text hits instead of below ten weak ones
(bench/relevance/study.py measured both on the relevance set).

Text hits keep their "matched in <language>" label; hits found only by meaning are marked ``match="meaning"``.
Totals and facet counts are the text search's plus the vector-only hits (at most VECTOR_CANDIDATES of them, all
passing every filter: their counts do not widen a facet the way text counts do).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from search.backends.base import SearchBackend, SearchHit, SearchQuery, SearchResult, VectorMatch
from search.backends.common import facet_counts

TEXT_RRF_K = 60
VECTOR_RRF_K = 10
VECTOR_CANDIDATES = 100


def reciprocal_rank_fusion(*rankings: Sequence[str], k: int | Sequence[int] = TEXT_RRF_K) -> list[tuple[str, float]]:
    """Keys of all rankings by Σ 1/(k + rank) (rank from 1; ``k`` one for all rankings or one per ranking), best
    first; ties keep the order of first appearance."""
    ks = [k] * len(rankings) if isinstance(k, int) else list(k)
    scores: dict[str, float] = {}
    for ranking, constant in zip(rankings, ks, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (constant + rank)
    order = {key: position for position, key in enumerate(scores)}
    return sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))


def hybrid_search(
    backend: SearchBackend,
    query: SearchQuery,
    vector: Sequence[float],
    *,
    min_similarity: float,
    similar: Callable[[list[VectorMatch]], list[VectorMatch]] | None = None,
    candidates: int = VECTOR_CANDIDATES,
) -> SearchResult:
    """One page of fused results for a text query and its vector (see the module docstring): the neighbours at
    least ``min_similarity``, of which ``similar`` keeps those that count (all without it)."""
    window = query.offset + query.limit
    text = backend.search(replace(query, offset=0, limit=window))
    near = backend.knn(query, vector, k=max(candidates, window), min_score=min_similarity)
    if similar is not None:
        near = similar(near)
    text_hits = {hit.key: hit for hit in text.hits}
    similarity = {match.key: match.score for match in near}
    fused = reciprocal_rank_fusion(list(text_hits), [match.key for match in near], k=(TEXT_RRF_K, VECTOR_RRF_K))
    page = fused[query.offset : window]
    missing = [key for key, _score in page if key not in text_hits]
    found = backend.hits(missing, lang=query.lang) if missing else {}
    hits: list[SearchHit] = []
    for key, score in page:
        hit = text_hits.get(key) or found.get(key)
        if hit is None:  # removed from the index between the two reads
            continue
        hits.append(replace(hit, score=score, similarity=similarity.get(key)))
    vector_only = [match for match in near if match.key not in text_hits]
    return SearchResult(
        total=text.total + len(vector_only),
        hits=hits,
        facets=_merged_facets(text.facets, vector_only, query.facets),
        # The text engine suggests a spelling only for a word no listing contains: keep it beside meaning matches.
        suggestion=text.suggestion,
    )


def _merged_facets(
    facets: dict[str, list[tuple[str, int]]], extra: list[VectorMatch], names: Sequence[str]
) -> dict[str, list[tuple[str, int]]]:
    merged: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        counts = Counter(dict(facets.get(name, [])))
        for match in extra:
            values = (match.key.partition(":")[0],) if name == "type" else match.facets.get(name, ())
            counts.update(value for value in values if value)
        merged[name] = facet_counts(counts.items())
    return merged
