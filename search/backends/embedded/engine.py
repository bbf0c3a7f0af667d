"""The embedded search engine: tantivy in-process, one index directory per schema version under SEARCH_INDEX_DIR.

This module opens, writes and searches the index; the package's other modules hold the analysis (analysis.py), the
schema (schema.py), query building (queries.py), facet counts (facets.py), result rows (hits.py) and spelling
suggestions and completions (suggestions.py). Vectors live beside the index (search.backends.vectors).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import tantivy
from django.conf import settings

from search.backends.base import (
    BadQuery,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    VectorMatch,
)
from search.backends.common import checked_text
from search.backends.embedded.analysis import dense_split, lang_slug, language_analyzer, words_analyzer
from search.backends.embedded.facets import FacetCounting
from search.backends.embedded.hits import Hit, HitRendering
from search.backends.embedded.queries import LANGUAGE_TIE_BREAKER
from search.backends.embedded.schema import SCHEMA_VERSION, build_schema, site_languages, tantivy_document
from search.backends.embedded.suggestions import Suggesting
from search.backends.vectors import VectorStore

WRITER_HEAP = 64_000_000
WRITER_WAIT_SECONDS = 10.0

# One IndexWriter per process at a time; tantivy's own lock file keeps other processes out (we wait for it).
_WRITE_LOCK = threading.Lock()
# Results of recent searches, per process, until the index's next commit (see EmbeddedBackend.search).
RESULT_CACHE_SIZE = 512


class EmbeddedBackend(FacetCounting, Suggesting, HitRendering):
    """tantivy under ``<index_dir>/<prefix>-v<SCHEMA_VERSION>``; safe to share between threads."""

    name = "embedded"

    def __init__(self, *, index_dir: str | Path | None = None, prefix: str | None = None) -> None:
        base = Path(index_dir or getattr(settings, "SEARCH_INDEX_DIR", Path(settings.BASE_DIR) / "var" / "search"))
        prefix = prefix or getattr(settings, "SEARCH_INDEX_PREFIX", "brics-ttc")
        self.path = base / f"{prefix}-v{SCHEMA_VERSION}"
        self.vectors = VectorStore(base / f"{prefix}-v{SCHEMA_VERSION}-vectors")
        self.languages = site_languages()
        self.schema = build_schema(self.languages)
        self.analyzers = {lang: language_analyzer(lang) for lang in self.languages}
        self.words = words_analyzer()
        self._index: tantivy.Index | None = None
        self._open_lock = threading.Lock()
        self._results: OrderedDict[tuple, SearchResult] = OrderedDict()
        self._results_lock = threading.Lock()
        self._generation: tuple[int, int, int] | None = None

    # --- opening ------------------------------------------------------------------------------------------------

    def _open(self) -> tantivy.Index:
        if self._index is not None:
            return self._index
        with self._open_lock:
            if self._index is None:
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                    index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
                except (OSError, ValueError) as exc:
                    raise SearchUnavailable(f"cannot open the search index at {self.path}: {exc}") from exc
                for lang, analyzer in self.analyzers.items():
                    index.register_tokenizer(f"lang_{lang_slug(lang)}", analyzer)
                index.register_tokenizer("words", self.words)
                self._index = index
        return self._index

    def ensure_index(self) -> None:
        self._open()

    def healthy(self) -> bool:
        try:
            self._open().searcher()
        except (SearchUnavailable, ValueError, OSError):
            return False
        return True

    # --- writing ------------------------------------------------------------------------------------------------

    def _write(self, work) -> None:
        index = self._open()
        with _WRITE_LOCK:
            deadline = time.monotonic() + WRITER_WAIT_SECONDS
            while True:
                try:
                    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
                    break
                except ValueError as exc:  # another process holds tantivy's writer lock
                    if time.monotonic() > deadline:
                        raise SearchUnavailable(f"the search index is locked: {exc}") from exc
                    time.sleep(0.05)
            try:
                work(writer)
                writer.commit()
                writer.wait_merging_threads()
            except Exception as exc:
                with contextlib.suppress(ValueError):
                    writer.rollback()
                raise SearchUnavailable(f"writing to the search index failed: {exc}") from exc
        index.reload()

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        prepared = [(document.key, tantivy_document(document, self.analyzers)) for document in documents]

        def work(writer: tantivy.IndexWriter) -> None:
            for key, doc in prepared:
                writer.delete_documents_by_term("key", key)
                writer.add_document(doc)

        self._write(work)
        self._vector_write(lambda: self.vectors.write(documents))

    def _vector_write(self, work: Callable[[], None]) -> None:
        try:
            work()
        except (OSError, sqlite3.Error) as exc:
            raise SearchUnavailable(f"writing to the vector index failed: {exc}") from exc

    def delete(self, keys: list[str]) -> None:
        if not keys:
            return

        def work(writer: tantivy.IndexWriter) -> None:
            for key in keys:
                writer.delete_documents_by_term("key", key)

        self._write(work)
        self._vector_write(lambda: self.vectors.delete(keys))

    def clear(self) -> None:
        self._write(lambda writer: writer.delete_all_documents())
        self._vector_write(self.vectors.clear)

    # --- vectors ------------------------------------------------------------------------------------------------

    def vector_space(self) -> str:
        try:
            return self.vectors.space()
        except (OSError, sqlite3.Error) as exc:
            raise SearchUnavailable(f"cannot read the vector index: {exc}") from exc

    def reset_vectors(self, space: str) -> None:
        self._vector_write(lambda: self.vectors.reset(space))

    def knn(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> list[VectorMatch]:
        try:
            return self.vectors.knn(query, vector, k=k, min_score=min_score)
        except (OSError, sqlite3.Error) as exc:
            raise SearchUnavailable(f"cannot read the vector index: {exc}") from exc

    def hits(self, keys: list[str], *, lang: str) -> dict[str, SearchHit]:
        if not keys:
            return {}
        searcher = self._open().searcher()
        found = searcher.search(tantivy.Query.term_set_query(self.schema, "key", list(keys)), len(keys))
        rows = {}
        for _score, address in found.hits:
            hit = self._meaning_hit(searcher.doc(address), lang)
            rows[hit.key] = hit
        return rows

    def count(self) -> int:
        try:
            return self._open().searcher().num_docs
        except ValueError as exc:
            raise SearchUnavailable(str(exc)) from exc

    # --- searching ----------------------------------------------------------------------------------------------

    def _commit_stamp(self) -> tuple[int, int, int] | None:
        """Identifies the index's last commit (tantivy rewrites meta.json on each), whichever process made it."""
        try:
            meta = os.stat(self.path / "meta.json")
        except OSError:
            return None
        return (meta.st_mtime_ns, meta.st_ino, meta.st_size)

    def search(self, query: SearchQuery) -> SearchResult:
        """Searches are answered from a small per-process cache until the index commits again: the same query on
        the same commit gives the same result. A commit from any process (another web worker, the Celery worker)
        changes meta.json; the next search then reloads the reader before searching, so a cached answer is never
        older than the commit it was stored under. Callers still re-check hits against the database."""
        text = checked_text(query)
        stamp = self._commit_stamp()
        key = (
            text,
            query.lang,
            query.types,
            tuple(sorted((name, tuple(values)) for name, values in query.filters.items())),
            query.trl_min,
            query.sort,
            query.offset,
            query.limit,
            query.facets,
        )
        with self._results_lock:
            if stamp is None or stamp != self._generation:
                self._results.clear()
                if stamp is not None and self._index is not None:
                    self._index.reload()  # the reader may not have noticed another process's commit yet
                self._generation = stamp
            elif key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = self._search(query, text)
        if stamp is not None:
            with self._results_lock:
                if stamp == self._generation:
                    self._results[key] = result
                    while len(self._results) > RESULT_CACHE_SIZE:
                        self._results.popitem(last=False)
        return result

    def _search(self, query: SearchQuery, text: str) -> SearchResult:
        index = self._open()
        try:
            searcher = index.searcher()
            text_query = exact_query = None
            per_language: list[tuple[str, tantivy.Query]] = []
            unknown: list[str] = []
            fuzzy = None
            if text:
                per_language = self._language_queries(text, query.lang)
                text_query = exact_query = (
                    tantivy.Query.disjunction_max_query([q for _lang, q in per_language], LANGUAGE_TIE_BREAKER)
                    if per_language
                    else tantivy.Query.empty_query()
                )
                unknown = self._unknown_words(searcher, self._word_list(dense_split(text)), query.lang)
                fuzzy = self._fuzzy_query(unknown)
                if fuzzy is not None:
                    text_query = tantivy.Query.boolean_query(
                        [(tantivy.Occur.Should, exact_query), (tantivy.Occur.Should, fuzzy)]
                    )
            main = self._combine(text_query, self._filter_clauses(query))
            limit = max(query.limit, 0)
            if text and query.sort == "relevance":
                found = searcher.search(main, limit, count=True, offset=query.offset) if limit else None
                total = found.count if found else searcher.search(main, 1, count=True).count
            else:
                found = (
                    searcher.search(
                        main,
                        limit,
                        count=True,
                        offset=query.offset,
                        order_by_field="published_at",
                        order=tantivy.Order.Desc,
                    )
                    if limit
                    else None
                )
                total = found.count if found else searcher.search(main, 1, count=True).count
            hits = [
                Hit(score=float(score) if text else 0.0, doc=searcher.doc(address))
                for score, address in (found.hits if found else [])
            ]
            facets = self._facets(searcher, query, text_query)
            suggestion = None
            if unknown:
                # "Did you mean" when the words as typed found nothing, even if near words (fuzzy) found something.
                exact_total = (
                    total
                    if fuzzy is None
                    else searcher.search(self._combine(exact_query, self._filter_clauses(query)), 1, count=True).count
                )
                suggestion = self._suggestion(searcher, text, unknown) if exact_total == 0 else None
            generator = self._snippet_generators(searcher, dict(per_language))
            return SearchResult(
                total=total,
                hits=[self._hit(hit, query, generator) for hit in hits],
                facets=facets,
                suggestion=suggestion,
            )
        except (BadQuery, SearchUnavailable):
            raise
        except ValueError as exc:
            # tantivy reports a bad query (e.g. an over-long regex) as ValueError: the reader gets a 400.
            raise BadQuery(str(exc)) from exc
