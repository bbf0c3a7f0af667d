"""Searching listings: the engine when it answers, the database (plain filters, no ranking) when it does not."""

from __future__ import annotations

import html
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from marketplace.i18n import column
from marketplace.models import ModerationState
from search.backends import get_backend
from search.backends.base import FACETS, BadQuery, DocType, SearchHit, SearchQuery, SearchResult, SearchUnavailable
from search.documents import MODELS, PRIVATE_COLUMNS, doc_key
from search.embeddings import EmbeddingUnavailable, embeddings_enabled, get_embedder, query_vector
from search.embeddings.calibration import min_similarity
from search.hybrid import hybrid_search
from search.text import normalize_query

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_PAGE = 500  # deep pages cost the engines dearly and nobody reads them
FILTERABLE = (*FACETS, "institution")
SNIPPET_CHARS = 200
FALLBACK_TEXT_FIELDS: dict[DocType, tuple[str, ...]] = {
    "achievement": ("title", "summary"),
    "demand": ("title", "description"),
}

# ORM paths of each facet per listing kind; None: the kind has no such value (a filter on it excludes the kind).
_PATHS: dict[str, dict[DocType, str | None]] = {
    "field": {"achievement": "field__slug", "demand": "field__slug"},
    "country": {"achievement": "country", "demand": "country"},
    "trl": {"achievement": "trl", "demand": None},
    "ip_status": {"achievement": "ip_status", "demand": None},
    "transfer_mode": {"achievement": "transfer_modes__code", "demand": "cooperation_modes__code"},
    "institution_type": {"achievement": "institution__kind", "demand": "institution__kind"},
    "institution": {"achievement": "institution__slug", "demand": "institution__slug"},
}


@dataclass(frozen=True)
class SearchPage:
    """One page of results, and whether they came from the database because the engine was unavailable."""

    result: SearchResult
    query: SearchQuery
    page: int
    page_size: int
    fallback: bool = False

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def hits(self) -> list[SearchHit]:
        return self.result.hits

    @property
    def facets(self) -> dict[str, list[tuple[str, int]]]:
        return self.result.facets

    @property
    def suggestion(self) -> str | None:
        return self.result.suggestion

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.result.total // self.page_size))


def build_query(
    *,
    text: str | None,
    lang: str,
    filters: dict[str, tuple[str, ...] | list[str]] | None = None,
    types: tuple[str, ...] | list[str] | None = None,
    trl_min: int | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> SearchQuery:
    """Normalise what a reader asked for into a SearchQuery; raises BadQuery for values that cannot be searched."""
    languages = {code for code, _name in settings.LANGUAGES}
    clean_filters = {}
    for name, values in (filters or {}).items():
        if name not in FILTERABLE:
            raise BadQuery(f"unknown filter: {name}")
        values = tuple(dict.fromkeys(str(value).strip() for value in values if str(value).strip()))
        if values:
            clean_filters[name] = values
    chosen_types = tuple(dict.fromkeys(types or ("achievement", "demand")))
    if not set(chosen_types) <= set(MODELS):
        raise BadQuery("unknown listing type")
    if trl_min is not None and not 1 <= trl_min <= 9:
        raise BadQuery("trl_min must be between 1 and 9")
    if sort not in ("relevance", "date"):
        raise BadQuery("unknown sort order")
    if page < 1 or page > MAX_PAGE:
        raise BadQuery("page out of range")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadQuery("page size out of range")
    text = normalize_query(text)
    return SearchQuery(
        text=text,
        lang=lang if lang in languages else settings.LANGUAGE_CODE,
        types=chosen_types,  # type: ignore[arg-type]
        filters=clean_filters,
        trl_min=trl_min,
        sort="date" if not text else sort,  # type: ignore[arg-type]
        offset=(page - 1) * page_size,
        limit=page_size,
    )


def search_listings(
    *,
    text: str | None,
    lang: str,
    filters: dict[str, tuple[str, ...] | list[str]] | None = None,
    types: tuple[str, ...] | list[str] | None = None,
    trl_min: int | None = None,
    sort: Literal["relevance", "date"] = "relevance",
    page: int = 1,
    page_size: int = 20,
    mode: Literal["hybrid", "text"] = "hybrid",
) -> SearchPage:
    """Published listings matching the query (by words and, in ``hybrid`` mode, by meaning); on an engine outage,
    the database listing with the same filters."""
    query = build_query(
        text=text, lang=lang, filters=filters, types=types, trl_min=trl_min, sort=sort, page=page, page_size=page_size
    )
    try:
        backend = get_backend()
        vector = _query_vector(backend, query) if mode == "hybrid" else None
        if vector is None:
            result = backend.search(query)
        else:
            result = hybrid_search(backend, query, vector, min_similarity=min_similarity(vector))
    except SearchUnavailable as exc:
        logger.warning("search engine unavailable, falling back to the database: %s", exc)
        return SearchPage(result=database_search(query), query=query, page=page, page_size=page_size, fallback=True)
    return SearchPage(result=result, query=query, page=page, page_size=page_size)


def _query_vector(backend, query: SearchQuery):
    """The query's vector when a meaning search makes sense (text, by relevance, vectors of the current model)."""
    if not query.text or query.sort != "relevance" or not embeddings_enabled():
        return None
    try:
        if backend.vector_space() != get_embedder().space:
            return None  # the index holds no vectors of this model (yet): text only, never a mix
        return query_vector(query.text)
    except EmbeddingUnavailable as exc:
        logger.warning("embeddings unavailable, searching by text only: %s", exc)
        return None


# --- the database fallback -------------------------------------------------------------------------------------


def _text_q(kind: DocType, text: str, lang: str) -> Q:
    """icontains on the reader's language and on each listing's own source-language title/summary columns."""
    names = FALLBACK_TEXT_FIELDS[kind]
    condition = Q()
    for name in names:
        condition |= Q(**{f"{column(name, lang)}__icontains": text})
    for code, _name in settings.LANGUAGES:
        if code == lang:
            continue
        in_source = Q()
        for name in names:
            in_source |= Q(**{f"{column(name, code)}__icontains": text})
        condition |= Q(source_language=code) & in_source
    return condition


def _filtered(kind: DocType, query: SearchQuery, *, skip: str | None = None) -> QuerySet | None:
    """Published listings of ``kind`` matching the text and every filter but ``skip``; None if the kind is out."""
    if skip != "type" and kind not in query.types:
        return None
    queryset = MODELS[kind].objects.filter(state=ModerationState.PUBLISHED)
    if query.text:
        queryset = queryset.filter(_text_q(kind, query.text, query.lang))
    for name, values in query.filters.items():
        if name == skip:
            continue
        if name == "type":
            if kind not in values:
                return None
            continue
        path = _PATHS[name][kind]
        if path is None:
            return None
        queryset = queryset.filter(pk__in=MODELS[kind].objects.filter(**{f"{path}__in": values}).values("pk"))
    if query.trl_min is not None:
        if kind != "achievement":
            return None
        queryset = queryset.filter(trl__gte=query.trl_min)
    return queryset


def _facet_counts(query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
    """Aggregate queries per facet, with every filter applied but the facet's own (like the engines)."""
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in query.facets:
        skip = name if (name in query.filters or (name == "type" and len(set(query.types)) < 2)) else None
        counts: Counter[str] = Counter()
        for kind in MODELS:
            queryset = _filtered(kind, query, skip=skip)
            if queryset is None:
                continue
            if name == "type":
                counts[kind] += queryset.count()
                continue
            path = _PATHS[name][kind]
            if path is None:
                continue
            rows = queryset.exclude(**{f"{path}__isnull": True}).values(path).annotate(n=Count("pk", distinct=True))
            for row in rows:
                if row[path] not in ("", None):
                    counts[str(row[path])] += row["n"]
        facets[name] = sorted(((value, n) for value, n in counts.items() if n), key=lambda item: (-item[1], item[0]))
    return facets


def _fallback_hit(listing, kind: DocType, lang: str) -> SearchHit:
    title, title_lang = listing.text_with_language("title", lang)
    body = listing.text("summary", lang) if kind == "achievement" else listing.text("description", lang)
    if len(body) > SNIPPET_CHARS:
        body = body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return SearchHit(
        key=doc_key(kind, listing.pk),
        type=kind,
        pk=listing.pk,
        score=0.0,
        matched_language=title_lang,
        title=title,
        snippet=html.escape(body),
    )


def database_search(query: SearchQuery) -> SearchResult:
    """The engine-less answer: published listings filtered in SQL, newest first, facets by aggregate queries."""
    window = query.offset + query.limit
    total, candidates = 0, []
    for kind in MODELS:
        queryset = _filtered(kind, query)
        if queryset is None:
            continue
        total += queryset.count()
        if window:
            rows = queryset.defer(*PRIVATE_COLUMNS[kind]).order_by("-published_at", "-pk")[:window]
            candidates += [(listing.published_at, kind, listing) for listing in rows]
    candidates.sort(key=lambda item: (item[0] is not None, item[0], item[2].pk), reverse=True)
    page = candidates[query.offset : window]
    return SearchResult(
        total=total,
        hits=[_fallback_hit(listing, kind, query.lang) for _when, kind, listing in page],
        facets=_facet_counts(query),
    )
