"""Searching through Elasticsearch and turning its answers into SearchHits (see the package docstring)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch_dsl import Q, Search

from brics_ttc.languages import LANGUAGE_CODES
from search.backends.base import SearchHit, SearchQuery, SearchResult, SearchUnavailable
from search.backends.common import facet_counts, shorten
from search.backends.elastic.client import engine_errors, make_client
from search.backends.elastic.indexing import IndexManagement
from search.backends.elastic.knn import VectorSearch
from search.backends.elastic.mapping import text_field_name
from search.backends.elastic.queries import MARK_CLOSE, MARK_OPEN, READER_LANGUAGE_BOOST, SNIPPET_CHARS, SNIPPET_FIELDS
from search.text import normalize_query


def _escape_fragment(fragment: str) -> str:
    return html.escape(fragment).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def _plain_snippet(text: str) -> str:
    return html.escape(shorten(" ".join(text.split()), SNIPPET_CHARS))


class ElasticBackend(IndexManagement, VectorSearch):
    """Search through Elasticsearch (or an API-compatible stand-in), reads and writes through a versioned alias."""

    name = "elasticsearch"

    def __init__(self, url: str | None = None, *, prefix: str | None = None, client: Elasticsearch | None = None):
        self.client = client or make_client(url if url is not None else getattr(settings, "ELASTICSEARCH_URL", ""))
        self.alias = f"{prefix or getattr(settings, 'SEARCH_INDEX_PREFIX', 'brics-ttc')}-listings"
        self.languages = tuple(LANGUAGE_CODES)
        # Where writes go: the alias, except for the builder of a new version, which writes to its concrete index.
        self._write_target = self.alias
        self._writes_need_alias = True
        self._refresh: str | bool = "wait_for"  # a published listing is searchable when index() returns
        self.vectors_enabled = bool(getattr(settings, "SEARCH_ES_VECTORS", True))
        self._space: tuple[float, str] | None = None  # (when read, embedding space of the index)

    def count(self) -> int:
        with engine_errors():
            try:
                return int(self.client.count(index=self._write_target)["count"])
            except NotFoundError:
                return 0

    def healthy(self) -> bool:
        try:
            return bool(self.client.ping()) and self.client.indices.exists_alias(name=self.alias).body
        except (ApiError, TransportError):
            return False

    def _execute(self, search: Search) -> dict[str, Any]:
        with engine_errors(query_errors=True):
            try:
                return search.execute().to_dict()
            except NotFoundError as exc:
                raise SearchUnavailable(f"the search index {self.alias} does not exist yet") from exc

    def search(self, query: SearchQuery) -> SearchResult:
        text = self._validate(query)
        response = self._execute(self._build_search(query, text))
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else int(total)
        exact_total = total
        spelling = response.get("suggest", {})
        typos = self._typo_words(spelling.get("typos", [])) if text else []
        if typos:
            response = self._execute(self._build_search(query, text, typos))
            total = response["hits"]["total"]
            total = total["value"] if isinstance(total, dict) else int(total)
        hits = [self._hit(raw, query.lang, bool(text)) for raw in response["hits"]["hits"]]
        aggregations = response.get("aggregations", {})
        facets = {
            facet: facet_counts(
                (str(bucket["key"]), int(bucket["doc_count"]))
                for bucket in aggregations.get(facet, {}).get("values", {}).get("buckets", [])
            )
            for facet in query.facets
        }
        suggestion = None
        if text and exact_total == 0:
            # "Did you mean" when the words as typed found nothing, even if near words (fuzzy) found something.
            suggestion = self._suggestion(text, spelling.get("spelling", []))
        return SearchResult(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _matched_language(self, raw: dict[str, Any], source: dict[str, Any], reader_lang: str) -> str:
        """A language whose clause matched: the reader's, else the author's, else the first in the platform's order."""
        matched = raw.get("matched_queries") or []
        if matched:
            for preferred in (reader_lang, source.get("source_language")):
                if preferred in matched:
                    return preferred
            return next(lang for lang in self.languages if lang in matched)
        if source.get(text_field_name("title", reader_lang)):
            return reader_lang
        return source.get("source_language") or reader_lang

    def _first_text(self, source: dict[str, Any], field: str, languages: Iterable[str | None]) -> str:
        for lang in (*languages, *self.languages):
            if lang and source.get(text_field_name(field, lang)):
                return source[text_field_name(field, lang)]
        return ""

    def _hit(self, raw: dict[str, Any], reader_lang: str, has_text: bool) -> SearchHit:
        """Title in the reader's language if there is one; the snippet from the reader's or the matched language."""
        source = raw.get("_source", {})
        author_lang = source.get("source_language")
        matched = self._matched_language(raw, source, reader_lang)
        highlight = raw.get("highlight", {})
        body_fields = [
            text_field_name(field, lang) for lang in dict.fromkeys((reader_lang, matched)) for field in SNIPPET_FIELDS
        ]
        fragments = next((highlight[name] for name in body_fields if highlight.get(name)), None)
        if fragments:
            snippet = _escape_fragment(fragments[0])
        else:
            preference = (reader_lang, matched, author_lang)
            body = self._first_text(source, "summary", preference)
            snippet = _plain_snippet(body or self._first_text(source, "description", preference))
        return SearchHit(
            key=source.get("key", raw.get("_id", "")),
            type=source.get("type", ""),
            pk=int(source.get("pk", 0)),
            score=float(raw.get("_score") or 0.0) if has_text else 0.0,
            matched_language=matched,
            title=self._first_text(source, "title", (reader_lang, matched, author_lang)),
            snippet=snippet,
        )

    def hits(self, keys: list[str], *, lang: str) -> dict[str, SearchHit]:
        if not keys:
            return {}
        search = (
            Search(using=self.client, index=self.alias)
            .query(Q("ids", values=list(keys)))
            .extra(size=len(keys))
            .source(["key", "type", "pk", "source_language", "title_*", "summary_*", "description_*"])
        )
        response = self._execute(search)
        rows = {}
        for raw in response["hits"]["hits"]:
            hit = self._hit(raw, lang, False)
            source = raw.get("_source", {})
            title_lang = next(
                (
                    code
                    for code in (lang, source.get("source_language"), *self.languages)
                    if code and source.get(text_field_name("title", code))
                ),
                lang,
            )
            rows[hit.key] = replace(hit, matched_language=title_lang, match="meaning")
        return rows

    def suggest(self, prefix: str, *, lang: str, limit: int = 8) -> list[str]:
        """Titles with words starting with the prefix's words, in the language whose title matched."""
        prefix = normalize_query(prefix, max_chars=100)
        if not prefix or limit <= 0:
            return []
        clauses = [
            Q(
                "match",
                **{
                    f"{text_field_name('title', code)}.prefix": {
                        "query": prefix,
                        "operator": "and",
                        "boost": READER_LANGUAGE_BOOST if code == lang else 1.0,
                        "_name": code,
                    }
                },
            )
            for code in self.languages
        ]
        search = (
            Search(using=self.client, index=self.alias)
            .query(Q("bool", should=clauses, minimum_should_match=1))
            .extra(size=limit * 2)
            .source(["key", "source_language", "title_*"])
        )
        with engine_errors(query_errors=True):
            try:
                response = search.execute().to_dict()
            except NotFoundError as exc:
                raise SearchUnavailable(f"the search index {self.alias} does not exist yet") from exc
        titles: list[str] = []
        for raw in response["hits"]["hits"]:
            source = raw.get("_source", {})
            title = source.get(text_field_name("title", self._matched_language(raw, source, lang)), "")
            if title and title not in titles:
                titles.append(title)
            if len(titles) == limit:
                break
        return titles
