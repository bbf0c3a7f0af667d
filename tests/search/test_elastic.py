"""What only the Elasticsearch backend has: the versioned index behind an alias, the swap, the engine's failures.

The contract suite (test_contract.py) runs against this backend too, through the ``elastic`` parameter of the
``backend`` fixture in conftest.py.

By default both run against osmem-server, an in-memory OpenSearch-API stand-in that the test session starts on a free
loopback port (the ``osmem-server`` dev dependency ships it as a static binary). The stand-in needs plain
``application/json`` media types and lacks the arabic, brazilian, hindi, indonesian, persian and thai analyzers, so
the fixtures set ``SEARCH_ES_COMPAT_HEADERS = False`` and ``SEARCH_ES_EXTRA_ANALYZERS = False`` for it.

Against a real cluster: set ``ELASTICSEARCH_URL`` (credentials may be in the URL) and run the same tests, e.g.

    ELASTICSEARCH_URL=http://elastic:$ELASTIC_PASSWORD@127.0.0.1:9200 uv run pytest -q tests/search -k elastic

No osmem is started then (except by the one test that kills a server of its own), the backend runs with the
production settings (the client's own compatibility media types, every language analyzer), and each test works under
an index prefix of its own (``test-<random>-listings-v<N>``) that is dropped when it ends: existing indices are never
touched.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest

from search.backends.base import BadQuery, SearchDocument, SearchQuery, SearchUnavailable
from search.backends.elastic import ElasticBackend, language_analyzer
from tests.search.conftest import make_elastic_backend, start_osmem, stop_osmem


def document(pk: int, title: str, *, lang: str = "en") -> SearchDocument:
    return SearchDocument(
        key=f"achievement:{pk}",
        type="achievement",
        pk=pk,
        texts={lang: {"title": title, "summary": f"{title} for testing."}},
        source_language=lang,
        field="energy",
        country="BR",
        trl=5,
        ip_status="none",
        transfer_modes=("licensing",),
        institution_type="university",
        institution="",
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
    )


@pytest.fixture
def engine(request) -> ElasticBackend:
    made = make_elastic_backend(request)
    made.ensure_index()
    return made


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- versioned index behind an alias ------------------------------------------------------------------------------


def test_ensure_index_creates_the_first_version_behind_the_alias(request):
    fresh = make_elastic_backend(request)
    assert fresh.current_index() is None
    assert not fresh.healthy()
    fresh.ensure_index()
    assert fresh.current_index() == f"{fresh.alias}-v1"
    assert fresh.versions() == {1: f"{fresh.alias}-v1"}
    assert fresh.healthy()


def test_ensure_index_again_keeps_the_index_and_its_documents(engine):
    engine.index([document(1, "Solar panels")])
    engine.ensure_index()
    assert engine.versions() == {1: f"{engine.alias}-v1"}
    assert engine.count() == 1


def test_writing_after_the_index_was_dropped_recreates_the_versioned_index_not_a_plain_one(engine):
    engine.drop()
    engine.index([document(1, "Solar panels")])
    # Without require_alias a write to the alias name would have auto-created a plain index of that name.
    assert engine.current_index() == f"{engine.alias}-v1"
    assert engine.count() == 1


def test_text_fields_use_their_languages_analyzer(engine, elasticsearch_server):
    _url, stand_in = elasticsearch_server
    mapping = engine.client.indices.get_mapping(index=engine.alias).body[engine.current_index()]["mappings"]
    analyzers = {name: spec.get("analyzer") for name, spec in mapping["properties"].items()}
    assert analyzers["title_en"] == "english"
    assert analyzers["summary_ru"] == "russian"
    assert analyzers["description_es"] == "spanish"
    assert analyzers["title_zh_hans"] == "cjk"
    assert analyzers["title_sw"] == "standard"
    assert analyzers["keywords_fa"] == ("standard" if stand_in else "persian")
    assert analyzers["title_pt_br"] == ("portuguese" if stand_in else "brazilian")
    assert mapping["properties"]["country"]["type"] == "keyword"
    assert mapping["properties"]["trl"]["type"] == "integer"
    assert mapping["properties"]["published_at"]["type"] == "date"


def test_analyzers_missing_from_the_stand_in_are_behind_a_setting(settings):
    settings.SEARCH_ES_EXTRA_ANALYZERS = True
    assert [language_analyzer(lang) for lang in ("fa", "th", "pt-br", "ar", "hi", "id")] == [
        "persian",
        "thai",
        "brazilian",
        "arabic",
        "hindi",
        "indonesian",
    ]
    settings.SEARCH_ES_EXTRA_ANALYZERS = False
    assert [language_analyzer(lang) for lang in ("fa", "th", "pt-br", "ar", "hi", "id")] == [
        "standard",
        "standard",
        "portuguese",
        "standard",
        "standard",
        "standard",
    ]
    assert language_analyzer("zh-hans") == "cjk"
    settings.SEARCH_ES_CHINESE_ANALYZER = "smartcn"
    assert language_analyzer("zh-hans") == "smartcn"


# --- reindex swap -------------------------------------------------------------------------------------------------


def test_reindex_swap_fills_a_new_version_moves_the_alias_and_drops_the_old_one(engine):
    engine.index([document(1, "Solar panels"), document(2, "Wind turbines")])

    def build(writer: ElasticBackend) -> None:
        writer.index([document(3, "Tidal generators")])
        # Until the swap, searches still see the old version only.
        assert engine.search(SearchQuery(text="tidal")).total == 0
        assert engine.count() == 2

    new_index = engine.reindex_swap(build)

    assert new_index == f"{engine.alias}-v2"
    assert engine.current_index() == new_index
    assert engine.versions() == {2: new_index}
    assert engine.count() == 1
    assert [hit.key for hit in engine.search(SearchQuery(text="tidal")).hits] == ["achievement:3"]
    # Live writes go to the new version through the alias.
    engine.index([document(4, "Geothermal pumps")])
    assert engine.count() == 2


def test_searches_keep_answering_while_a_reindex_swaps(engine):
    old = [document(pk, f"Battery cell {pk}") for pk in range(1, 6)]
    new = [document(pk, f"Battery pack {pk}") for pk in range(1, 9)]
    engine.index(old)
    totals: list[int] = []
    errors: list[Exception] = []
    done = threading.Event()

    def search_until_done() -> None:
        while not done.is_set():
            try:
                totals.append(engine.search(SearchQuery(text="battery")).total)
            except Exception as exc:  # any failure at all is what this test looks for
                errors.append(exc)

    def searched_since(count: int) -> None:
        """Wait (a condition, not a fixed sleep: a loaded machine is slow) until the reader answered once more."""
        deadline = time.monotonic() + 10
        while len(totals) <= count and not errors and time.monotonic() < deadline:
            time.sleep(0.01)

    def build(writer: ElasticBackend) -> None:
        for start in range(0, len(new), 3):
            writer.index(new[start : start + 3])
            searched_since(len(totals))  # the reader searches while the new index is half built

    reader = threading.Thread(target=search_until_done)
    reader.start()
    try:
        searched_since(0)
        engine.reindex_swap(build)
        searched_since(len(totals))  # and once the alias points at the new index
    finally:
        done.set()
        reader.join(timeout=10)

    assert errors == []
    assert len(totals) >= 5  # before, during each of the three batches, and after the swap
    assert totals[-1] == len(new)
    # Every answer is a whole index: the old one or the new one, never a half-built or a missing one.
    assert set(totals) <= {len(old), len(new)}
    assert totals[0] == len(old)
    assert totals[-1] == len(new)


def test_reindex_swap_cleans_up_a_version_left_behind_by_an_interrupted_swap(engine):
    engine.index([document(1, "Solar panels")])
    engine.client.indices.create(index=f"{engine.alias}-v2")  # built, never swapped in: no alias

    new_index = engine.reindex_swap(lambda writer: writer.index([document(2, "Wind turbines")]))

    assert new_index == f"{engine.alias}-v3"
    assert engine.versions() == {3: new_index}
    assert [hit.key for hit in engine.search(SearchQuery()).hits] == ["achievement:2"]


def test_ensure_index_puts_a_lost_alias_back_on_the_newest_version(engine):
    engine.index([document(1, "Solar panels")])
    engine.client.indices.delete_alias(index=f"{engine.alias}-v1", name=engine.alias)
    assert engine.current_index() is None

    engine.ensure_index()

    assert engine.current_index() == f"{engine.alias}-v1"
    assert engine.count() == 1


def test_a_failed_rebuild_leaves_the_live_index_alone(engine):
    engine.index([document(1, "Solar panels")])

    def build(writer: ElasticBackend) -> None:
        writer.index([document(2, "Half a rebuild")])
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        engine.reindex_swap(build)

    assert engine.versions() == {1: f"{engine.alias}-v1"}
    assert engine.current_index() == f"{engine.alias}-v1"
    assert engine.count() == 1


# --- the engine's failures ----------------------------------------------------------------------------------------


def test_engine_that_cannot_be_reached_raises_search_unavailable():
    unreachable = ElasticBackend(f"http://127.0.0.1:{free_port()}", prefix="test-unreachable")
    assert not unreachable.healthy()
    with pytest.raises(SearchUnavailable):
        unreachable.search(SearchQuery(text="battery"))
    with pytest.raises(SearchUnavailable):
        unreachable.index([document(1, "Solar panels")])
    with pytest.raises(SearchUnavailable):
        unreachable.delete(["achievement:1"])
    with pytest.raises(SearchUnavailable):
        unreachable.count()
    with pytest.raises(SearchUnavailable):
        unreachable.ensure_index()


def test_engine_that_goes_down_raises_search_unavailable(settings):
    settings.SEARCH_ES_COMPAT_HEADERS = False
    settings.SEARCH_ES_EXTRA_ANALYZERS = False
    settings.SEARCH_ES_VECTORS = False  # the osmem stand-in has no dense_vector
    process, url = start_osmem()
    try:
        own = ElasticBackend(url, prefix="test-going-down")
        own.ensure_index()
        own.index([document(1, "Solar panels")])
        assert own.search(SearchQuery(text="solar")).total == 1
    finally:
        stop_osmem(process)
    assert not own.healthy()
    with pytest.raises(SearchUnavailable):
        own.search(SearchQuery(text="solar"))
    with pytest.raises(SearchUnavailable):
        own.suggest("sol", lang="en")


def test_a_search_the_engine_rejects_is_a_bad_query(engine):
    # Past the engine's result window (10,000): Elasticsearch answers 400.
    with pytest.raises(BadQuery):
        engine.search(SearchQuery(text="battery", offset=20_000))


def test_unknown_filters_and_types_are_bad_queries(engine):
    with pytest.raises(BadQuery):
        engine.search(SearchQuery(filters={"owner_email": ("a@example.com",)}))
    with pytest.raises(BadQuery):
        engine.search(SearchQuery(types=()))


def test_searching_before_the_index_exists_is_unavailable_not_an_error(request):
    fresh = make_elastic_backend(request)
    with pytest.raises(SearchUnavailable):
        fresh.search(SearchQuery(text="battery"))


def test_compatibility_media_types_are_a_setting_because_the_stand_in_refuses_them(
    request, elastic_settings, elasticsearch_server
):
    url, stand_in = elasticsearch_server
    elastic_settings.SEARCH_ES_COMPAT_HEADERS = True
    compat = ElasticBackend(url, prefix=f"test-compat-{uuid.uuid4().hex[:12]}")
    if stand_in:
        with pytest.raises(SearchUnavailable):
            compat.ensure_index()
    else:
        request.addfinalizer(compat.drop)
        compat.ensure_index()
        assert compat.healthy()


# --- searching details only this engine has ------------------------------------------------------------------------


def test_several_misspelt_words_find_close_matches_and_a_corrected_query(engine):
    engine.index([document(1, "Solar panels"), document(2, "Wind turbines")])
    result = engine.search(SearchQuery(text="sollar panals"))
    assert [hit.key for hit in result.hits] == ["achievement:1"]
    assert result.suggestion == "solar panels"


def test_russian_forms_that_snowball_stems_apart_still_meet(engine):
    engine.index([document(1, "Лёгкая батарея", lang="ru"), document(2, "Солнечные батареи", lang="ru")])
    for word in ("батарея", "батареи", "батарею"):
        assert {hit.key for hit in engine.search(SearchQuery(text=word, lang="ru")).hits} == {
            "achievement:1",
            "achievement:2",
        }
