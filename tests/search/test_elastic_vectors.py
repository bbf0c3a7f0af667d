"""Elasticsearch vectors, checked on the requests: the osmem stand-in has no dense_vector or kNN, so these tests
look at the mapping and the request bodies the backend builds, and read a canned kNN reply. On a real cluster the
vector contract (test_vectors.py) runs instead; until then this part is listed as unverified in the README."""

from __future__ import annotations

import time
from types import SimpleNamespace

from search.backends.base import SearchQuery
from search.backends.elastic import ElasticBackend
from tests.search.test_contract import make_document

SPACE = "multilingual-e5-small-q4/384"


class RecordingClient:
    """A fake Elasticsearch client that records ``search`` calls and answers with a canned kNN reply (what the
    stand-in cannot execute)."""

    def __init__(self, reply: dict) -> None:
        self.reply = reply
        self.calls: list[dict] = []

    def search(self, **kwargs):
        self.calls.append(kwargs)
        return SimpleNamespace(body=self.reply)


def backend(settings, client=None) -> ElasticBackend:
    settings.SEARCH_ES_VECTORS = True
    settings.EMBEDDINGS_URL = ""
    engine = ElasticBackend("http://127.0.0.1:9", prefix="bodies", client=client or RecordingClient({}))
    engine._space = (time.monotonic(), SPACE)  # as read from the index's _meta
    return engine


def test_mapping_declares_a_cosine_dense_vector_and_the_model(settings):
    mapping = backend(settings)._index_definition("bodies-listings-v1").to_dict()["mappings"]
    assert mapping["properties"]["embedding"] == {
        "type": "dense_vector",
        "dims": 384,
        "index": True,
        "similarity": "cosine",
    }
    assert mapping["properties"]["embedding_space"] == {"type": "keyword"}
    assert mapping["_meta"] == {"embedding_space": SPACE}


def test_documents_carry_their_vector_and_its_model(settings):
    engine = backend(settings)
    source = engine._source(make_document(1, "achievement", {"en": {"title": "Battery"}}, vector=(0.6, 0.8)))
    assert source["embedding"] == [0.6, 0.8]
    assert source["embedding_space"] == SPACE
    assert "embedding" not in engine._source(make_document(2, "achievement", {"en": {"title": "Battery"}}))


def test_knn_request_prefilters_by_model_types_facets_and_trl(settings):
    query = SearchQuery(types=("achievement",), filters={"country": ("BR", "CN")}, trl_min=5)
    body = backend(settings).knn_request(query, [0.6, 0.8], k=20, min_score=0.81)
    knn = body["knn"]
    assert knn["field"] == "embedding"
    assert knn["query_vector"] == [0.6, 0.8]
    assert knn["k"] == 20 and knn["num_candidates"] == 100
    assert knn["similarity"] == 0.81
    assert knn["filter"]["bool"]["filter"] == [
        {"term": {"embedding_space": SPACE}},
        {"terms": {"type": ["achievement"]}},
        {"terms": {"country": ["BR", "CN"]}},
        {"range": {"trl": {"gte": 5}}},
    ]
    assert body["size"] == 20
    assert "key" in body["_source"] and "country" in body["_source"]


def test_knn_reads_cosine_back_from_the_score(settings):
    reply = {
        "hits": {
            "hits": [
                {"_id": "achievement:1", "_score": 0.95, "_source": {"key": "achievement:1", "country": "CN"}},
                {"_id": "demand:2", "_score": 0.9, "_source": {"key": "demand:2", "transfer_mode": ["sale"]}},
            ]
        }
    }
    client = RecordingClient(reply)
    matches = backend(settings, client).knn(SearchQuery(), [0.6, 0.8], k=2, min_score=0.5)
    assert [(match.key, round(match.score, 3)) for match in matches] == [("achievement:1", 0.9), ("demand:2", 0.8)]
    assert matches[0].facets["country"] == ("CN",)
    assert matches[1].facets["transfer_mode"] == ("sale",)
    assert client.calls[0]["index"] == "bodies-listings"


def test_without_vectors_the_backend_never_asks_for_knn(settings):
    client = RecordingClient({})
    engine = backend(settings, client)
    engine.vectors_enabled = False
    assert engine.knn(SearchQuery(), [0.6, 0.8], k=5, min_score=0.5) == []
    assert engine.vector_space() == ""
    assert client.calls == []
