"""The vector half of the engine contract: kNN with the query's filters, the embedding space, and hybrid fusion.

The Elasticsearch stand-in (osmem) cannot run kNN: on it these tests are skipped and the request bodies are tested in
test_elastic_vectors.py instead; against a real cluster (ELASTICSEARCH_URL) they run like on the embedded engine.
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pytest

from search.backends.base import SearchQuery
from search.hybrid import hybrid_search, reciprocal_rank_fusion
from tests.search.conftest import BACKEND_FACTORIES
from tests.search.test_contract import make_document

SPACE = "test-model/4"


def unit(*values: float) -> tuple[float, ...]:
    vector = np.asarray(values, dtype=np.float32)
    return tuple((vector / np.linalg.norm(vector)).tolist())


CORPUS = [
    make_document(
        1,
        "achievement",
        {"zh-hans": {"title": "锂电池回收", "summary": "回收锂电池。"}},
        trl=7,
        vector=unit(1, 0.1, 0, 0),
    ),
    make_document(
        2,
        "achievement",
        {"en": {"title": "Battery recycling plant", "summary": "Recycling batteries."}},
        trl=4,
        country="BR",
        transfer_modes=("sale",),
        vector=unit(1, 0.3, 0, 0),
    ),
    make_document(
        3,
        "demand",
        {"ru": {"title": "Переработка батарей", "description": "Нужна технология."}},
        vector=unit(1, 0, 0.2, 0),
    ),
    make_document(
        4,
        "achievement",
        {"en": {"title": "Wheat seeds", "summary": "Drought tolerant wheat."}},
        vector=unit(0, 0, 0, 1),
    ),
    make_document(5, "achievement", {"en": {"title": "No vector yet", "summary": "Battery."}}),
]


# The engines with a vector index: the embedded one always; Elasticsearch only when a real cluster is named
# (ELASTICSEARCH_URL, as tests/search/conftest.py decides). The osmem stand-in has no dense_vector/kNN: there, what
# the backend sends is checked on its request bodies instead (test_elastic_vectors.py), not skipped at run time.
VECTOR_ENGINES = [
    name for name in BACKEND_FACTORIES if name != "elastic" or os.environ.get("ELASTICSEARCH_URL", "").strip()
]


@pytest.fixture(params=VECTOR_ENGINES)
def vector_backend(request, tmp_path):
    made = BACKEND_FACTORIES[request.param](request, tmp_path)
    made.ensure_index()
    made.clear()
    assert getattr(made, "vectors_enabled", True), f"{made.name} was expected to have a vector index"
    made.reset_vectors(SPACE)
    made.index(CORPUS)
    yield made
    made.clear()


def keys(matches) -> list[str]:
    return [match.key for match in matches]


def test_knn_ranks_by_cosine_and_skips_documents_without_vectors(vector_backend):
    matches = vector_backend.knn(SearchQuery(), unit(1, 0, 0, 0), k=10, min_score=0.5)
    assert keys(matches) == ["achievement:1", "demand:3", "achievement:2"]
    assert matches[0].score == pytest.approx(float(np.dot(unit(1, 0.1, 0, 0), unit(1, 0, 0, 0))), abs=1e-4)


def test_knn_applies_types_filters_and_trl_minimum(vector_backend):
    near = unit(1, 0, 0, 0)
    assert keys(vector_backend.knn(SearchQuery(types=("demand",)), near, k=10, min_score=0.5)) == ["demand:3"]
    by_country = SearchQuery(filters={"country": ("BR",)})
    assert keys(vector_backend.knn(by_country, near, k=10, min_score=0.5)) == ["achievement:2"]
    by_mode = SearchQuery(filters={"transfer_mode": ("sale",)})
    assert keys(vector_backend.knn(by_mode, near, k=10, min_score=0.5)) == ["achievement:2"]
    assert keys(vector_backend.knn(SearchQuery(trl_min=6), near, k=10, min_score=0.5)) == ["achievement:1"]
    assert vector_backend.knn(SearchQuery(filters={"field": ("nowhere",)}), near, k=10, min_score=0.5) == []


def test_knn_respects_k_and_the_similarity_floor(vector_backend):
    near = unit(1, 0, 0, 0)
    assert len(vector_backend.knn(SearchQuery(), near, k=1, min_score=0.0)) == 1
    assert keys(vector_backend.knn(SearchQuery(), near, k=10, min_score=0.99)) == ["achievement:1"]


def test_knn_results_carry_facet_values(vector_backend):
    match = vector_backend.knn(SearchQuery(filters={"country": ("BR",)}), unit(1, 0, 0, 0), k=1, min_score=0)[0]
    assert match.facets["country"] == ("BR",)
    assert match.facets["transfer_mode"] == ("sale",)


def test_deleted_and_reindexed_documents_follow_in_the_vector_index(vector_backend):
    vector_backend.delete(["achievement:1"])
    vector_backend.index([replace(CORPUS[3], vector=unit(1, 0, 0, 0))])
    matches = vector_backend.knn(SearchQuery(), unit(1, 0, 0, 0), k=2, min_score=0.5)
    assert keys(matches) == ["achievement:4", "demand:3"]


def test_a_model_change_drops_the_old_vectors(vector_backend):
    assert vector_backend.vector_space() == SPACE
    if vector_backend.name == "embedded":
        vector_backend.reset_vectors("other-model/4")
        assert vector_backend.vector_space() == "other-model/4"
        assert vector_backend.knn(SearchQuery(), unit(1, 0, 0, 0), k=10, min_score=0) == []


def test_hits_render_vector_only_documents_in_the_readers_language(vector_backend):
    rows = vector_backend.hits(["achievement:1", "demand:3", "achievement:99"], lang="en")
    assert set(rows) == {"achievement:1", "demand:3"}
    assert rows["achievement:1"].title == "锂电池回收"
    assert rows["achievement:1"].matched_language == "zh-hans"
    assert rows["achievement:1"].match == "meaning"


def test_hybrid_fuses_text_and_meaning_and_labels_each(vector_backend):
    query = SearchQuery(text="battery", lang="en", limit=10)
    result = hybrid_search(vector_backend, query, unit(1, 0, 0, 0), min_similarity=0.5)
    by_key = {hit.key: hit for hit in result.hits}
    # Text hits keep their language label; the Chinese and Russian listings are found by meaning alone.
    assert by_key["achievement:2"].match == "text" and by_key["achievement:2"].matched_language == "en"
    assert by_key["achievement:1"].match == "meaning"
    assert by_key["demand:3"].match == "meaning"
    assert "achievement:4" not in by_key  # wheat: neither the words nor the meaning
    # Found by both lists, the English recycling plant ranks first.
    assert result.hits[0].key == "achievement:2"
    assert result.total == 4
    assert dict(result.facets["type"]) == {"achievement": 3, "demand": 1}


def test_hybrid_filters_apply_to_vector_hits(vector_backend):
    query = SearchQuery(text="battery", lang="en", limit=10, types=("achievement",), trl_min=6)
    result = hybrid_search(vector_backend, query, unit(1, 0, 0, 0), min_similarity=0.5)
    assert [hit.key for hit in result.hits] == ["achievement:1"]


def test_hybrid_pages_through_the_fused_list(vector_backend):
    first = hybrid_search(vector_backend, SearchQuery(text="battery", limit=2), unit(1, 0, 0, 0), min_similarity=0.5)
    second = hybrid_search(
        vector_backend, SearchQuery(text="battery", offset=2, limit=2), unit(1, 0, 0, 0), min_similarity=0.5
    )
    seen = [hit.key for hit in first.hits + second.hits]
    assert len(seen) == len(set(seen)) == 4


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion(["a", "b", "c"], ["c", "d"])
    assert [key for key, _score in fused] == ["c", "a", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 63 + 1 / 61)


def test_a_steeper_meaning_ranking_puts_its_best_match_beside_the_first_text_hits():
    fused = reciprocal_rank_fusion(["a", "b", "c"], ["d", "e"], k=(60, 10))
    assert [key for key, _score in fused] == ["d", "e", "a", "b", "c"]
    assert fused[0][1] == pytest.approx(1 / 11)


def test_knn_filters_and_reports_a_services_category_and_languages(vector_backend):
    service = make_document(
        31,
        "service",
        {"en": {"title": "Battery patent valuation"}},
        category="valuation",
        languages=("en", "zh-hans"),
        vector=unit(1, 0.2, 0, 0),
    )
    vector_backend.index([service])
    near = unit(1, 0, 0, 0)
    by_category = SearchQuery(filters={"category": ("valuation",)})
    matches = vector_backend.knn(by_category, near, k=10, min_score=0.5)
    assert keys(matches) == ["service:31"]
    assert matches[0].facets["category"] == ("valuation",)
    assert matches[0].facets["language"] == ("en", "zh-hans")
    assert keys(vector_backend.knn(SearchQuery(filters={"language": ("zh-hans",)}), near, k=10, min_score=0.5)) == [
        "service:31"
    ]
    assert vector_backend.knn(SearchQuery(filters={"language": ("ru",)}), near, k=10, min_score=0.5) == []
    assert vector_backend.knn(SearchQuery(filters={"category": ("legal",)}), near, k=10, min_score=0.5) == []
