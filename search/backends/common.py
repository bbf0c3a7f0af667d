"""What both engines do the same way: the query checks, the typo rule, facet filters and counts, plain snippets.

Each engine keeps what is its own (analysis, query syntax, highlighting); what a reader could tell apart between
the two engines if it drifted lives here once.
"""

from __future__ import annotations

from collections.abc import Iterable

from search.backends.base import FACETS, BadQuery, SearchQuery
from search.doctypes import doctype_names
from search.text import normalize_query

TEXT_FIELDS = ("title", "summary", "description", "keywords")
# The facets, and the institution page's own filter.
FILTERS = frozenset({*FACETS, "institution"})
MAX_QUERY_CHARS = 1000
# Distinct words of a query that reach an engine.
MAX_TERMS = 32

# Typo tolerance: a query word that no listing contains also matches the words of titles and keywords within one edit
# (FUZZY_MIN_CHARS or more characters) or two edits (FUZZY_TWO_EDITS_CHARS or more). Shorter words are never matched
# approximately: "solar" must not find "polar". A fuzzy match adds only FUZZY_SCORE, far below any exact match, so
# exact hits always come first.
FUZZY_MIN_CHARS = 6
FUZZY_TWO_EDITS_CHARS = 8
FUZZY_SCORE = 0.1
MAX_FUZZY_WORDS = 4


def checked_text(query: SearchQuery) -> str:
    """The normalised query text; BadQuery for what no engine could run (unknown filter or type, negative window)."""
    unknown = set(query.filters) - FILTERS
    if unknown:
        raise BadQuery(f"unknown filter: {', '.join(sorted(unknown))}")
    if not query.types or not set(query.types) <= set(doctype_names()):
        raise BadQuery("unknown listing type")
    if query.offset < 0 or query.limit < 0:
        raise BadQuery("negative offset or limit")
    if query.trl_min is not None and not isinstance(query.trl_min, int):
        raise BadQuery("trl_min must be a number")
    return normalize_query(query.text, max_chars=MAX_QUERY_CHARS)


def filter_values(query: SearchQuery, *, skip_facet: str | None = None) -> dict[str, list[str]]:
    """The query's facet filters but ``skip_facet`` (blank values dropped, filters left without values omitted)."""
    selected = {}
    for name, values in query.filters.items():
        if name == skip_facet:
            continue
        accepted = [str(value) for value in values if str(value)]
        if accepted:
            selected[name] = accepted
    return selected


def facet_counts(counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """A facet's (value, count) pairs as every answer gives them: no zero counts, most frequent first, then by value."""
    return sorted(((value, count) for value, count in counts if count), key=lambda item: (-item[1], item[0]))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at a space when one is in the second half, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"
