"""The embedded engine's facet counts: one aggregation with filter buckets, or one per group for unusual values.

Facet values that are slugs and codes go into a single aggregation (filter buckets in tantivy's query-string syntax);
any other value (a space, a quote) takes one aggregation per group of facets. Both must count the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.backends.base import SearchDocument, SearchQuery
from search.backends.embedded import EmbeddedBackend


def _document(pk: int, *, field: str, country: str, trl: int, modes: tuple[str, ...], text: str) -> SearchDocument:
    return SearchDocument(
        key=f"achievement:{pk}",
        type="achievement",
        pk=pk,
        texts={"en": {"title": text}},
        source_language="en",
        field=field,
        country=country,
        trl=trl,
        ip_status="none",
        transfer_modes=modes,
        institution_type="university",
        institution="",
        published_at=datetime(2024, 1, pk, tzinfo=UTC),
    )


DOCUMENTS = [
    _document(1, field='water "clean"', country="CN", trl=3, modes=("licensing",), text="solar pump"),
    _document(2, field='water "clean"', country="BR", trl=6, modes=("equity",), text="solar dryer"),
    _document(3, field="energy", country="CN", trl=7, modes=("licensing", "equity"), text="solar cell"),
    _document(4, field="energy", country="IN", trl=5, modes=("licensing",), text="wind turbine"),
    _document(5, field="water", country="CN", trl=8, modes=("assignment",), text="solar still"),
]


@pytest.fixture
def engine(tmp_path) -> EmbeddedBackend:
    backend = EmbeddedBackend(index_dir=tmp_path / "index", prefix="facets")
    backend.index(DOCUMENTS)
    return backend


@pytest.mark.parametrize("field", ["energy", 'water "clean"'], ids=["slug", "quoted value"])
def test_each_filtered_facet_counts_without_its_own_filter(engine, field):
    result = engine.search(
        SearchQuery(text="solar", filters={"field": (field,), "country": ("CN",)}, trl_min=3, limit=10)
    )
    assert result.total == 1
    # field: solar + CN + TRL>=3, any field
    assert result.facets["field"] == sorted(
        [("energy", 1), ('water "clean"', 1), ("water", 1)], key=lambda item: (-item[1], item[0])
    )
    # country: solar + this field + TRL>=3, any country
    expected_countries = [("BR", 1), ("CN", 1)] if field != "energy" else [("CN", 1)]
    assert result.facets["country"] == expected_countries
    # unfiltered facets apply every filter
    assert result.facets["transfer_mode"] == (
        [("equity", 1), ("licensing", 1)] if field == "energy" else [("licensing", 1)]
    )


def test_type_facet_ignores_the_type_restriction_and_browse_counts_everything(engine):
    result = engine.search(SearchQuery(types=("demand",), filters={"country": ("CN",)}))
    assert result.total == 0
    assert result.facets["type"] == [("achievement", 3)]
    assert result.facets["country"] == []
