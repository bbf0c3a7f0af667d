"""The search backend interface: what every engine (embedded tantivy, Elasticsearch) must do, and nothing more.

Both implementations pass the same contract tests (tests/search/test_contract.py). Documents and queries are plain
dataclasses, so the rest of the project never sees an engine's own types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from search.doctypes import doctype_names

# A registered document type's name (search.doctypes): "achievement", "demand", "project", "service", ...
DocType = str
FACETS = ("field", "country", "trl", "ip_status", "transfer_mode", "institution_type", "category", "language", "type")


class SearchUnavailable(Exception):
    """The engine cannot be reached or answered with an error: callers fall back to the database."""


class BadQuery(Exception):
    """The query cannot be run (e.g. too long after normalisation): a clear 400, never a 500."""


@dataclass(frozen=True)
class SearchDocument:
    """One published record of a registered document type as the engines index it. Never carries private fields."""

    key: str  # "achievement:12"
    type: DocType
    pk: int
    # language code -> {"title": ..., "summary": ..., "description": ..., "keywords": ...} (only non-empty languages)
    texts: dict[str, dict[str, str]]
    source_language: str
    field: str  # technology field slug
    country: str  # ISO 3166 alpha-2
    trl: int | None
    ip_status: str
    transfer_modes: tuple[str, ...]
    institution_type: str
    institution: str  # slug or ""
    published_at: datetime
    category: str = ""  # a type's own category code (a service's category), "" for types without one
    languages: tuple[str, ...] = ()  # languages served, spoken or taught (services, experts, courses)
    # The listing's source-language text as a unit vector of the index's embedding space (empty: none yet).
    vector: tuple[float, ...] = ()


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""  # normalised by the service (zero-width characters stripped, length capped)
    lang: str = "en"  # the reader's language: highlights/snippets prefer it
    types: tuple[DocType, ...] = field(default_factory=doctype_names)  # default: every registered type
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet name -> accepted values (OR)
    trl_min: int | None = None
    sort: Literal["relevance", "date"] = "relevance"
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = FACETS


@dataclass(frozen=True)
class SearchHit:
    key: str
    type: DocType
    pk: int
    score: float
    matched_language: str  # the language whose text matched best
    title: str  # in the reader's language if the document has it, else the matched language, else the source
    snippet: str  # highlighted with <mark>…</mark> around matched terms, everything else HTML-escaped
    # "text": words of the query matched (in matched_language); "meaning": found only by vector similarity.
    match: Literal["text", "meaning"] = "text"
    similarity: float | None = None  # cosine similarity to the query, when the vector search found it


@dataclass(frozen=True)
class VectorMatch:
    """A nearest neighbour: its key, cosine similarity, and facet values (for the fused facet counts)."""

    key: str
    score: float
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]]  # facet -> [(value, count)] sorted by count desc, value asc
    suggestion: str | None = None  # a spelling suggestion when few or no hits


class SearchBackend(Protocol):
    name: str

    def ensure_index(self) -> None:
        """Create the index (or the versioned index + alias) if absent."""

    def index(self, documents: list[SearchDocument]) -> None:
        """Add or replace documents (by key)."""

    def delete(self, keys: list[str]) -> None:
        """Remove documents; unknown keys are ignored."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def suggest(self, prefix: str, *, lang: str, limit: int = 8) -> list[str]:
        """Title completions for a prefix."""

    def count(self) -> int: ...

    def clear(self) -> None:
        """Drop everything (tests, full rebuilds)."""

    def healthy(self) -> bool: ...

    def vector_space(self) -> str:
        """The embedding space (``model/dimension``) of the stored vectors; "" when the index holds none."""

    def reset_vectors(self, space: str) -> None:
        """Forget every stored vector and accept vectors of ``space`` from now on (a model change)."""

    def knn(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> list[VectorMatch]:
        """The ``k`` nearest documents (cosine ≥ ``min_score``) passing the query's types, filters and ``trl_min``."""

    def hits(self, keys: list[str], *, lang: str) -> dict[str, SearchHit]:
        """Result rows (title and summary in the reader's language if present) for documents found by ``knn``."""
