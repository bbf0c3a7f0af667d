"""Searching every document type: the engine when it answers, the database (plain filters, no ranking) when it does
not (each type's declared facet paths and text fields, search.doctypes)."""

from __future__ import annotations

import html
import logging
import operator
from collections import Counter
from dataclasses import dataclass
from functools import partial, reduce
from typing import Literal

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from marketplace.codes import codes, codes_q
from marketplace.i18n import column
from search.backends import get_backend
from search.backends.base import FACETS, BadQuery, SearchHit, SearchQuery, SearchResult, SearchUnavailable
from search.backends.common import facet_counts
from search.doctypes import DocumentType, all_doctypes, doctype_get, doctype_names
from search.documents import doc_key, record_texts
from search.embeddings import EmbeddingUnavailable, embeddings_enabled, get_embedder, query_vector
from search.embeddings.calibration import similar_in_meaning
from search.hybrid import hybrid_search
from search.text import normalize_query

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_PAGE = 500  # deep pages cost the engines dearly and nobody reads them
FILTERABLE = (*FACETS, "institution")
SNIPPET_CHARS = 200


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
    chosen_types = tuple(dict.fromkeys(types or doctype_names()))
    if not set(chosen_types) <= set(doctype_names()):
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
            result = hybrid_search(
                backend,
                query,
                vector,
                min_similarity=settings.SEARCH_MIN_SIMILARITY,
                similar=partial(similar_in_meaning, vector),
            )
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


def _text_q(doctype: DocumentType, text: str, lang: str) -> Q:
    """icontains on the reader's language and on each record's own source-language title/summary columns."""
    names = doctype.searched_fields()
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
    for path in doctype.fallback_plain_fields:
        condition |= Q(**{f"{path}__icontains": text})
    return condition


def _filtered(doctype: DocumentType, query: SearchQuery, *, skip: str | None = None) -> QuerySet | None:
    """Published records of ``doctype`` matching the text and every filter but ``skip``; None if the type is out."""
    kind, model = doctype.name, doctype.model
    if skip != "type" and kind not in query.types:
        return None
    queryset = model.objects.filter(doctype.published)
    if query.text:
        queryset = queryset.filter(_text_q(doctype, query.text, query.lang))
    for name, values in query.filters.items():
        if name == skip:
            continue
        if name == "type":
            if kind not in values:
                return None
            continue
        code_column = doctype.facet_code_columns.get(name)
        if code_column is not None:
            queryset = queryset.filter(reduce(operator.or_, (codes_q(code_column, value) for value in values)))
            continue
        path = doctype.facet_paths.get(name)
        if path is None:
            return None
        queryset = queryset.filter(pk__in=model.objects.filter(**{f"{path}__in": values}).values("pk"))
    if query.trl_min is not None:
        path = doctype.facet_paths.get("trl")
        if path is None:
            return None
        queryset = queryset.filter(**{f"{path}__gte": query.trl_min})
    return queryset


def _facet_counts(query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
    """Aggregate queries per facet, with every filter applied but the facet's own (like the engines)."""
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in query.facets:
        skip = name if (name in query.filters or name == "type") else None
        counts: Counter[str] = Counter()
        for doctype in all_doctypes():
            queryset = _filtered(doctype, query, skip=skip)
            if queryset is None:
                continue
            if name == "type":
                counts[doctype.name] += queryset.count()
                continue
            code_column = doctype.facet_code_columns.get(name)
            if code_column is not None:
                for value in queryset.values_list(code_column, flat=True):
                    counts.update(set(codes(value or "")))
                continue
            path = doctype.facet_paths.get(name)
            if path is None:
                continue
            rows = queryset.exclude(**{f"{path}__isnull": True}).values(path).annotate(n=Count("pk", distinct=True))
            for row in rows:
                if row[path] not in ("", None):
                    counts[str(row[path])] += row["n"]
        facets[name] = facet_counts(counts.items())
    return facets


def _fallback_hit(record, doctype: DocumentType, lang: str) -> SearchHit:
    texts = record_texts(record, doctype)
    source = record.source_language or "en"
    order = (lang, source, *texts)  # the reader's language, else the author's, else any

    def text(name: str) -> str:
        return next((texts[code][name] for code in order if texts.get(code, {}).get(name)), "")

    title_lang = next((code for code in order if texts.get(code, {}).get("title")), source)
    body = text("summary") or text("description")
    if len(body) > SNIPPET_CHARS:
        body = body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return SearchHit(
        key=doc_key(doctype.name, record.pk),
        type=doctype.name,
        pk=record.pk,
        score=0.0,
        matched_language=title_lang,
        title=texts.get(title_lang, {}).get("title", ""),
        snippet=html.escape(body),
    )


def database_search(query: SearchQuery) -> SearchResult:
    """The engine-less answer: published records filtered in SQL, newest first, facets by aggregate queries."""
    window = query.offset + query.limit
    total, candidates = 0, []
    for doctype in all_doctypes():
        queryset = _filtered(doctype, query)
        if queryset is None:
            continue
        total += queryset.count()
        if window:
            loaded = doctype.queryset().filter(pk__in=queryset.values("pk"))
            rows = loaded.order_by(f"-{doctype.date_field}", "-pk")[:window]
            candidates += [(doctype.document_date(record), doctype.name, record) for record in rows]
    candidates.sort(key=lambda item: (item[0] is not None, item[0], item[2].pk), reverse=True)
    page = candidates[query.offset : window]
    return SearchResult(
        total=total,
        hits=[_fallback_hit(record, doctype_get(kind), query.lang) for _when, kind, record in page],
        facets=_facet_counts(query),
    )
