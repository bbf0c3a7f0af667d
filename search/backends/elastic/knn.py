"""Vectors of the Elasticsearch backend: the index's embedding space and the kNN search."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from elasticsearch import NotFoundError
from elasticsearch_dsl import Q

from search.backends.base import FACETS, SearchQuery, SearchUnavailable, VectorMatch
from search.backends.elastic.client import engine_errors
from search.backends.elastic.queries import QueryBuilding

# Vectors (SEARCH_ES_VECTORS, default True; the osmem stand-in has no dense_vector, so its tests turn them off):
# ``embedding`` is a cosine dense_vector of EMBEDDINGS_DIMENSION, ``embedding_space`` names the model of each
# document's vector and the mapping's ``_meta.embedding_space`` the model the index accepts. kNN filters on the
# latter, so after a model change (same dimension) old vectors are never compared with new ones; a new dimension
# needs a new index version (``search_reindex``). Unverified on a real cluster in this repository's tests: the
# requests are tested by their bodies (tests/search/test_elastic_vectors.py).
VECTOR_FIELDS = ("key", "type", *(name for name in FACETS if name != "type"), "institution")
SPACE_CACHE_SECONDS = 30.0


class VectorSearch(QueryBuilding):
    """Mixed into ElasticBackend (needs its ``client``, ``alias``, ``vectors_enabled`` and ``_space``)."""

    vectors_enabled: bool
    _space: tuple[float, str] | None

    def vector_space(self) -> str:
        if not self.vectors_enabled:
            return ""
        now = time.monotonic()
        if self._space is None or now - self._space[0] > SPACE_CACHE_SECONDS:
            with engine_errors():
                try:
                    body = self.client.indices.get_mapping(index=self.alias).body
                except NotFoundError:
                    return ""
            meta = next(iter(body.values()), {}).get("mappings", {}).get("_meta", {})
            self._space = (now, str(meta.get("embedding_space", "")))
        return self._space[1]

    def reset_vectors(self, space: str) -> None:
        """Accept vectors of ``space`` (same dimension: old vectors stay but kNN ignores them until re-embedded)."""
        if not self.vectors_enabled:
            return
        dimension = int(getattr(settings, "EMBEDDINGS_DIMENSION", 384))
        if not space.endswith(f"/{dimension}"):
            raise SearchUnavailable(f"{space} needs a new index version: run search_reindex")
        with engine_errors():
            self.client.indices.put_mapping(index=self.alias, meta={"embedding_space": space})
        self._space = (time.monotonic(), space)

    def knn_request(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> dict[str, Any]:
        """The body of the kNN search: the query's types, filters and TRL minimum as the kNN pre-filter."""
        filters = [Q("term", embedding_space=self.vector_space()), *self._facet_filters(query).values()]
        if query.trl_min is not None:
            filters.append(Q("range", trl={"gte": query.trl_min}))
        return {
            "knn": {
                "field": "embedding",
                "query_vector": [float(value) for value in vector],
                "k": k,
                "num_candidates": min(10_000, max(100, 4 * k)),
                "similarity": min_score,  # on the raw cosine, not on the score
                "filter": {"bool": {"filter": [clause.to_dict() for clause in filters]}},
            },
            "size": k,
            "_source": list(VECTOR_FIELDS),
        }

    def knn(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> list[VectorMatch]:
        if not self.vectors_enabled or k <= 0:
            return []
        self._validate(query)
        with engine_errors(query_errors=True):
            try:
                response = self.client.search(
                    index=self.alias, **self.knn_request(query, vector, k=k, min_score=min_score)
                )
            except NotFoundError as exc:
                raise SearchUnavailable(f"the search index {self.alias} does not exist yet") from exc
        matches = []
        for raw in response.body["hits"]["hits"]:
            source = raw.get("_source", {})
            facets = {
                name: tuple(str(value) for value in (values if isinstance(values, list) else [values]))
                for name in VECTOR_FIELDS[1:]
                if (values := source.get(name)) not in (None, "", [])
            }
            # Elasticsearch scores a cosine match (1 + cosine) / 2.
            matches.append(
                VectorMatch(key=source.get("key", raw["_id"]), score=2 * float(raw["_score"]) - 1, facets=facets)
            )
        return matches
