"""What is particular to the embedded (tantivy) engine; the shared behaviour is in test_contract.py."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from search.backends import get_backend
from search.backends.base import SearchDocument, SearchQuery, SearchUnavailable
from search.backends.embedded import SCHEMA_VERSION, EmbeddedBackend


def document(pk: int, title: str, lang: str = "en") -> SearchDocument:
    return SearchDocument(
        key=f"achievement:{pk}",
        type="achievement",
        pk=pk,
        texts={lang: {"title": title}},
        source_language=lang,
        field="energy",
        country="CN",
        trl=5,
        ip_status="none",
        transfer_modes=(),
        institution_type="",
        institution="",
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
    )


def test_index_lives_in_a_versioned_directory_and_survives_reopening(tmp_path):
    EmbeddedBackend(index_dir=tmp_path, prefix="site").index([document(1, "Graphene membrane")])
    assert (tmp_path / f"site-v{SCHEMA_VERSION}").is_dir()
    reopened = EmbeddedBackend(index_dir=tmp_path, prefix="site")
    assert reopened.count() == 1
    assert reopened.search(SearchQuery(text="graphene")).total == 1


def test_chinese_and_thai_are_indexed_as_character_grams(tmp_path):
    engine = EmbeddedBackend(index_dir=tmp_path)
    assert "电池" in engine.analyzers["zh-hans"].analyze("锂电池技术")
    assert "แบ" in engine.analyzers["th"].analyze("แบตเตอรี่")
    assert engine.analyzers["en"].analyze("Batteries") == ["batteri"]


def test_thai_word_finds_thai_text_without_spaces(tmp_path):
    engine = EmbeddedBackend(index_dir=tmp_path)
    engine.index([document(1, "แบตเตอรี่ลิเธียมสำหรับโดรน", lang="th"), document(2, "เซ็นเซอร์ความชื้นในดิน", lang="th")])
    assert [hit.key for hit in engine.search(SearchQuery(text="ลิเธียม", lang="th")).hits] == ["achievement:1"]


def test_writers_in_several_threads_take_turns(tmp_path):
    engine = EmbeddedBackend(index_dir=tmp_path)
    errors = []

    def write(start: int) -> None:
        try:
            for pk in range(start, start + 5):
                engine.index([document(pk, f"Panel {pk}")])
        except Exception as exc:  # the test reports whatever a thread hit
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(start,)) for start in (1, 100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert engine.count() == 15


def test_an_index_that_cannot_be_opened_is_reported_unavailable(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    engine = EmbeddedBackend(index_dir=blocker / "index")
    assert engine.healthy() is False
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery(text="anything"))
    with pytest.raises(SearchUnavailable):
        engine.index([document(1, "x")])


def test_get_backend_is_the_embedded_engine_without_an_elasticsearch_url(settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_DIR = tmp_path
    engine = get_backend()
    assert engine.name == "embedded"
    assert get_backend() is engine
    settings.SEARCH_INDEX_DIR = tmp_path / "other"
    assert get_backend() is not engine


def test_cached_results_end_with_a_commit_made_by_another_process(tmp_path):
    """A web process answers repeated searches from its cache; a commit by another process (the worker indexing a
    newly published listing) must show in its very next search."""
    web, worker = EmbeddedBackend(index_dir=tmp_path), EmbeddedBackend(index_dir=tmp_path)
    worker.index([document(1, "Solar desalination unit")])
    query = SearchQuery(text="desalination")
    assert web.search(query).total == 1
    assert web.search(query) is web.search(query)  # served from the cache while nothing was committed
    worker.index([document(2, "Desalination membrane")])
    assert web.search(query).total == 2
    worker.delete(["achievement:1"])
    assert [hit.key for hit in web.search(query).hits] == ["achievement:2"]
