"""The embedded search engine: tantivy in-process, one index directory per schema version under SEARCH_INDEX_DIR.

Per-language analysis: Snowball stemmers where tantivy has them, character 1-2-grams for Chinese and Thai (no spaces
between words), a Unicode word tokenizer for the rest. Queries are never handed to tantivy's query parser: the text
is analysed here with the same analyzers and turned into term queries, so query-syntax characters are just text.
"""

from __future__ import annotations

import contextlib
import html
import logging
import math
import os
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import tantivy
from django.conf import settings

from search.backends.base import (
    FACETS,
    BadQuery,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    VectorMatch,
)
from search.backends.vectors import VectorStore
from search.doctypes import doctype_names, narrows_types
from search.text import normalize_query

logger = logging.getLogger(__name__)

# Bump when the schema or an analyzer changes: a new directory is built and the old one is left alone.
SCHEMA_VERSION = 3

TEXT_FIELDS = ("title", "summary", "description", "keywords")
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.0, "summary": 1.0, "description": 0.6}
READER_LANGUAGE_BOOST = 1.5
# How much the other languages' scores add to the best language's (a dis-max tie breaker).
LANGUAGE_TIE_BREAKER = 0.2

STEMMERS = {"en": "english", "ru": "russian", "ar": "arabic"}
ASCII_FOLDED = {"pt-br", "es", "fr"}
# Spanish, Portuguese and French are indexed unstemmed (lowercased, accents folded): tantivy's Snowball stemmers for
# them cut so deep that unrelated words meet (Spanish "solar", "sólido" and "solo" all become "sol"). The query side
# matches a word's number and gender forms instead (see _light_key), as Elasticsearch's light stemmers do.
LIGHT_INFLECTION_LANGUAGES = {"es", "pt-br", "fr"}
LIGHT_MIN_CHARS = 5  # shorter words are matched as they are
LIGHT_MIN_KEY_CHARS = 4  # an ending is only removed when this much of the word is left
MAX_FORMS = 12
_VOWELS = frozenset("aeiou")
# Portuguese plurals that change more than an "s" (folded: soluções -> solucoes).
_PORTUGUESE_PLURALS = (
    ("oes", "ao"),
    ("aes", "ao"),
    ("aos", "ao"),
    ("ais", "al"),
    ("eis", "el"),
    ("ois", "ol"),
    ("uis", "ul"),
    ("ns", "m"),
)
# Endings tried when listing the forms of a word; only those with the word's own key are kept.
_FORM_ENDINGS = (
    "",
    "a",
    "o",
    "e",
    "s",
    "x",
    "as",
    "os",
    "es",
    "ee",
    "ees",
    "ao",
    "oes",
    "aes",
    "aos",
    "al",
    "ais",
    "el",
    "eis",
    "ol",
    "ois",
    "ul",
    "uis",
    "m",
    "ns",
    "eau",
    "eaux",
    "aux",
)

# Typo tolerance, the same rule as the Elasticsearch backend: a query word that no listing contains (in any language)
# also matches the words of titles and keywords within one edit (FUZZY_MIN_CHARS or more characters) or two edits
# (FUZZY_TWO_EDITS_CHARS or more). Shorter words are never matched approximately: "solar" must not find "polar".
# A fuzzy match adds only FUZZY_SCORE, far below any exact match, so exact hits always come first.
FUZZY_MIN_CHARS = 6
FUZZY_TWO_EDITS_CHARS = 8
FUZZY_SCORE = 0.1
MAX_FUZZY_WORDS = 4
NGRAM_LANGUAGES = {"zh-hans", "th"}
# Snowball Russian keeps the stem vowel in some cases only (батарея -> батаре, батареи -> батар): the query side
# strips trailing vowels from the stem and matches it as a prefix.
PREFIX_STEM_LANGUAGES = {"ru": "аеиоуыэюяйь"}

WORD_PATTERN = r"[\p{L}\p{M}\p{N}]+"
# Chinese, Japanese kana, Hangul and Thai runs are separated from other scripts before analysis.
_DENSE_SCRIPT = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f\U00020000-\U0002ffff]+)"
)
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_TOKEN_CHARS = 40
FACET_SIZE = 1000
SNIPPET_CHARS = 200
WRITER_HEAP = 64_000_000
WRITER_WAIT_SECONDS = 10.0

FACET_FIELDS = {name: f"f_{name}" for name in (*FACETS, "institution")}
# Facet values a filter aggregation may quote in query-string syntax (slugs, codes); others take the slow path.
_FACET_VALUE = re.compile(r"^[A-Za-z0-9_.-]+$")

# One IndexWriter per process at a time; tantivy's own lock file keeps other processes out (we wait for it).
_WRITE_LOCK = threading.Lock()
# Results of recent searches, per process, until the index's next commit (see EmbeddedBackend._cached).
RESULT_CACHE_SIZE = 512


def lang_slug(lang: str) -> str:
    return lang.replace("-", "_")


def text_field(name: str, lang: str) -> str:
    return f"{name}_{lang_slug(lang)}"


def _analyzer(lang: str) -> tantivy.TextAnalyzer:
    if lang in NGRAM_LANGUAGES:
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 2)).filter(tantivy.Filter.lowercase()).build()
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
    )
    if lang in STEMMERS:
        builder = builder.filter(tantivy.Filter.stemmer(STEMMERS[lang]))
    if lang in ASCII_FOLDED:
        builder = builder.filter(tantivy.Filter.ascii_fold())
    return builder.build()


def _words_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _build_schema(languages: list[str]) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_integer_field("pk", stored=True)
    builder.add_text_field("source_language", stored=True, tokenizer_name="raw")
    for lang in languages:
        for name in TEXT_FIELDS:
            builder.add_text_field(text_field(name, lang), stored=True, tokenizer_name=f"lang_{lang_slug(lang)}")
    for field_name in FACET_FIELDS.values():
        builder.add_text_field(field_name, stored=True, fast=True, tokenizer_name="raw")
    builder.add_integer_field("trl_n", indexed=True, fast=True)
    builder.add_date_field("published_at", stored=True, indexed=True, fast=True)
    # Unstemmed words of titles and keywords, for spelling suggestions.
    builder.add_text_field("spell", tokenizer_name="words", index_option="freq")
    return builder.build()


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _strip_plural(word: str) -> str:
    if word.endswith("es") and word[-3] not in _VOWELS and len(word) - 2 >= LIGHT_MIN_KEY_CHARS:
        return word[:-2]  # solares -> solar
    if word.endswith("s") and word[-2] in _VOWELS:
        return word[:-1]  # baterias -> bateria
    return word


def _light_key(word: str, lang: str) -> str:
    """What the number and gender forms of a folded Spanish/Portuguese/French word share ("baterias" -> "bateri")."""
    if len(word) < LIGHT_MIN_CHARS:
        return word
    if lang == "fr":
        if word.endswith("eaux"):
            word = word[:-1]
        elif word.endswith("aux"):
            word = word[:-2] + "l"  # canaux -> canal
        elif word[-1] in "sx":
            word = word[:-1]
        # Mute "e", twice for the feminine of a participle (développée, développé -> developp).
        for _ in range(2):
            if word.endswith("e") and len(word) > LIGHT_MIN_KEY_CHARS:
                word = word[:-1]
        return word
    if lang == "pt-br":
        for plural, singular in _PORTUGUESE_PLURALS:
            if word.endswith(plural):
                word = word[: -len(plural)] + singular
                break
        else:
            word = _strip_plural(word)
    else:
        word = _strip_plural(word)
    if word[-1] in "aoe" and len(word) > LIGHT_MIN_KEY_CHARS:
        word = word[:-1]
    return word


def _light_forms(word: str, lang: str) -> list[str]:
    """The word and its other number/gender forms (the words with the same light key), most likely first."""
    key = _light_key(word, lang)
    if key == word and len(word) < LIGHT_MIN_CHARS:
        return [word]
    forms = {word: None}
    for stem in dict.fromkeys((key, word, key[:-1], key[:-2])):
        if len(stem) < LIGHT_MIN_KEY_CHARS - 1:
            continue
        for ending in _FORM_ENDINGS:
            form = stem + ending
            if form not in forms and _light_key(form, lang) == key:
                forms[form] = None
                if len(forms) >= MAX_FORMS:
                    return list(forms)
    return list(forms)


def _fuzzy_distance(word: str) -> int:
    """How many edits a query word may be away from a listing's word (0: it must match exactly)."""
    if len(word) >= FUZZY_TWO_EDITS_CHARS:
        return 2
    return 1 if len(word) >= FUZZY_MIN_CHARS else 0


def _dense_split(text: str) -> str:
    """Put spaces around CJK/Thai runs so "solar电池" is two words in every analyzer."""
    return _DENSE_SCRIPT.sub(r" \1 ", text)


@dataclass
class _Hit:
    score: float
    doc: tantivy.Document


class EmbeddedBackend:
    """tantivy under ``<index_dir>/<prefix>-v<SCHEMA_VERSION>``; safe to share between threads."""

    name = "embedded"

    def __init__(self, *, index_dir: str | Path | None = None, prefix: str | None = None) -> None:
        base = Path(index_dir or getattr(settings, "SEARCH_INDEX_DIR", Path(settings.BASE_DIR) / "var" / "search"))
        prefix = prefix or getattr(settings, "SEARCH_INDEX_PREFIX", "brics-ttc")
        self.path = base / f"{prefix}-v{SCHEMA_VERSION}"
        self.vectors = VectorStore(base / f"{prefix}-v{SCHEMA_VERSION}-vectors")
        self.languages = _languages()
        self.schema = _build_schema(self.languages)
        self.analyzers = {lang: _analyzer(lang) for lang in self.languages}
        self.words = _words_analyzer()
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

    def _tantivy_document(self, document: SearchDocument) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("key", document.key)
        doc.add_integer("pk", document.pk)
        doc.add_text("source_language", document.source_language)
        spell = []
        for lang, values in document.texts.items():
            if lang not in self.analyzers:
                continue
            for name, value in values.items():
                if name in TEXT_FIELDS and value:
                    doc.add_text(text_field(name, lang), value)
                    if name in ("title", "keywords") and lang not in NGRAM_LANGUAGES:
                        spell.append(value)
        if spell:
            doc.add_text("spell", "\n".join(spell))
        facets = {
            "type": [document.type],
            "field": [document.field],
            "country": [document.country],
            "trl": [str(document.trl)] if document.trl is not None else [],
            "ip_status": [document.ip_status],
            "transfer_mode": list(document.transfer_modes),
            "institution_type": [document.institution_type],
            "institution": [document.institution],
            "category": [document.category],
            "language": list(document.languages),
        }
        for name, values in facets.items():
            for value in values:
                if value:
                    doc.add_text(FACET_FIELDS[name], value)
        if document.trl is not None:
            doc.add_integer("trl_n", document.trl)
        published = document.published_at
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        doc.add_date("published_at", published.astimezone(UTC))
        return doc

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        prepared = [(document.key, self._tantivy_document(document)) for document in documents]

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
            doc = searcher.doc(address)
            source = doc.get_first("source_language") or "en"
            preference = (lang, source, *self.languages)
            body = _first_text(doc, "summary", preference) or _first_text(doc, "description", preference)
            title_lang = next((code for code in preference if doc.get_first(text_field("title", code))), source)
            rows[doc.get_first("key")] = SearchHit(
                key=doc.get_first("key"),
                type=doc.get_first(FACET_FIELDS["type"]),
                pk=int(doc.get_first("pk")),
                score=0.0,
                matched_language=title_lang,
                title=_first_text(doc, "title", preference),
                snippet=html.escape(_shorten(body)),
                match="meaning",
            )
        return rows

    def count(self) -> int:
        try:
            return self._open().searcher().num_docs
        except ValueError as exc:
            raise SearchUnavailable(str(exc)) from exc

    # --- query building -----------------------------------------------------------------------------------------

    def _terms(self, lang: str, text: str) -> list[str]:
        seen: dict[str, None] = {}
        for token in self.analyzers[lang].analyze(text):
            if token.strip():
                seen.setdefault(token, None)
            if len(seen) >= MAX_TERMS:
                break
        if lang not in LIGHT_INFLECTION_LANGUAGES:
            return list(seen)
        return list(dict.fromkeys(form for token in seen for form in _light_forms(token, lang)))

    def _unknown_words(self, searcher: tantivy.Searcher, words: list[str], reader_lang: str) -> list[str]:
        """The query words no listing contains in any language (as its analyzer and inflections see them)."""
        languages = sorted(
            (lang for lang in self.languages if lang not in NGRAM_LANGUAGES), key=lambda lang: lang != reader_lang
        )
        unknown = []
        for word in words:
            if len(word) < 3 or _DENSE_SCRIPT.search(word):
                continue
            known = any(
                searcher.doc_freq(text_field(name, lang), term)
                for lang in languages
                for term in self._terms(lang, word)
                for name in TEXT_FIELDS
            )
            if not known:
                unknown.append(word)
        return unknown

    def _fuzzy_query(self, words: list[str]) -> tantivy.Query | None:
        """Title and keyword words near the given ones (see FUZZY_MIN_CHARS), each match worth only FUZZY_SCORE."""
        clauses = []
        for word in words:
            distance = _fuzzy_distance(word)
            if distance and len(word) <= MAX_TOKEN_CHARS:
                fuzzy = tantivy.Query.fuzzy_term_query(self.schema, "spell", word, distance, True)
                clauses.append((tantivy.Occur.Should, tantivy.Query.const_score_query(fuzzy, FUZZY_SCORE)))
            if len(clauses) >= MAX_FUZZY_WORDS:
                break
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _word_list(self, text: str) -> list[str]:
        seen: dict[str, None] = {}
        for word in self.words.analyze(text):
            seen.setdefault(word, None)
            if len(seen) >= MAX_TERMS:
                break
        return list(seen)

    def _ngram_field_query(self, field_name: str, words: list[str]) -> tantivy.Query | None:
        clauses = []
        for word in words:
            grams = [word] if len(word) == 1 else list(dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)))
            grams = grams[:MAX_TERMS]
            terms = [tantivy.Query.term_query(self.schema, field_name, gram) for gram in grams]
            if len(terms) == 1:
                clauses.append(terms[0])
            elif len(terms) <= 3:
                clauses.append(tantivy.Query.boolean_query([(tantivy.Occur.Must, term) for term in terms]))
            else:
                # Long runs without spaces often hold several words: most of their bigrams must match, not all.
                clauses.append(
                    tantivy.Query.boolean_query(
                        [(tantivy.Occur.Should, term) for term in terms],
                        minimum_number_should_match=math.ceil(len(terms) * 0.7),
                    )
                )
        if not clauses:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])

    def _term_field_query(self, lang: str, field_name: str, terms: list[str]) -> tantivy.Query | None:
        clauses = []
        vowels = PREFIX_STEM_LANGUAGES.get(lang)
        for term in terms:
            clauses.append(tantivy.Query.term_query(self.schema, field_name, term))
            # Only words of the language's own script have its inflections: a Latin or Devanagari word needs no
            # prefix query on the Russian fields (a regex query is costly to build and to run on every segment).
            root = term.rstrip(vowels) if vowels and any(letter in vowels for letter in term) else ""
            if len(root) >= 4:
                clauses.append(tantivy.Query.regex_query(self.schema, field_name, re.escape(root) + ".*"))
        if not clauses:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])

    def _language_queries(self, text: str, reader_lang: str) -> list[tuple[str, tantivy.Query]]:
        split = _dense_split(text)
        words = self._word_list(split)
        per_language = []
        for lang in self.languages:
            if lang in NGRAM_LANGUAGES:
                field_queries = [(name, self._ngram_field_query(text_field(name, lang), words)) for name in TEXT_FIELDS]
            else:
                terms = self._terms(lang, split)
                field_queries = [
                    (name, self._term_field_query(lang, text_field(name, lang), terms)) for name in TEXT_FIELDS
                ]
            clauses = [
                (tantivy.Occur.Should, tantivy.Query.boost_query(query, FIELD_BOOSTS[name]))
                for name, query in field_queries
                if query is not None
            ]
            if not clauses:
                continue
            query = tantivy.Query.boolean_query(clauses)
            if lang == reader_lang:
                query = tantivy.Query.boost_query(query, READER_LANGUAGE_BOOST)
            per_language.append((lang, query))
        return per_language

    def _filter_clauses(
        self, query: SearchQuery, *, skip_facet: str | None = None
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        clauses = []
        if skip_facet != "type" and narrows_types(query.types):
            clauses.append(tantivy.Query.term_set_query(self.schema, FACET_FIELDS["type"], list(query.types)))
        for name, values in query.filters.items():
            if name == skip_facet:
                continue
            values = [str(value) for value in values if str(value)]
            if values:
                clauses.append(tantivy.Query.term_set_query(self.schema, FACET_FIELDS[name], values))
        if query.trl_min is not None:
            clauses.append(
                tantivy.Query.range_query(
                    self.schema, "trl_n", tantivy.FieldType.Integer, lower_bound=int(query.trl_min)
                )
            )
        return [(tantivy.Occur.Must, tantivy.Query.const_score_query(clause, 0.0)) for clause in clauses]

    @staticmethod
    def _combine(text_query: tantivy.Query | None, filters: list) -> tantivy.Query:
        main = text_query if text_query is not None else tantivy.Query.all_query()
        if not filters:
            return main
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, main), *filters])

    def _validate(self, query: SearchQuery) -> str:
        unknown = set(query.filters) - set(FACET_FIELDS)
        if unknown:
            raise BadQuery(f"unknown filter: {', '.join(sorted(unknown))}")
        if not set(query.types) <= set(doctype_names()) or not query.types:
            raise BadQuery("unknown listing type")
        if query.offset < 0 or query.limit < 0:
            raise BadQuery("negative offset or limit")
        if query.trl_min is not None and not isinstance(query.trl_min, int):
            raise BadQuery("trl_min must be a number")
        return normalize_query(query.text, max_chars=MAX_QUERY_CHARS)

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
        text = self._validate(query)
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
                unknown = self._unknown_words(searcher, self._word_list(_dense_split(text)), query.lang)
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
                _Hit(score=float(score) if text else 0.0, doc=searcher.doc(address))
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

    def _snippet_generators(
        self, searcher: tantivy.Searcher, queries: dict[str, tantivy.Query]
    ) -> Callable[[str, str], tantivy.SnippetGenerator | None]:
        """A memoised SnippetGenerator per (language, field) for this search: built only for fields hits have."""
        cache: dict[str, tantivy.SnippetGenerator | None] = {}

        def get(lang: str, field_name: str) -> tantivy.SnippetGenerator | None:
            if field_name not in cache:
                if lang in queries:
                    made = tantivy.SnippetGenerator.create(searcher, queries[lang], self.schema, field_name)
                    made.set_max_num_chars(SNIPPET_CHARS)
                    cache[field_name] = made
                else:
                    cache[field_name] = None
            return cache[field_name]

        return get

    def _facets(
        self, searcher: tantivy.Searcher, query: SearchQuery, text_query: tantivy.Query | None
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet with every filter applied except the facet's own (so a reader can widen an OR).

        One aggregation over the text (and TRL minimum) with a filter bucket per group of facets that skip the same
        filter: the text query, the costly part, is evaluated once instead of once per filtered facet. Filter values
        that the query-string syntax of a filter bucket cannot carry safely take one aggregation per group instead.
        """
        wanted = [name for name in query.facets if name in FACET_FIELDS]
        if not wanted:
            return {}
        groups: dict[str | None, list[str]] = {}
        for name in wanted:
            own = name if (name in query.filters or (name == "type" and narrows_types(query.types))) else None
            groups.setdefault(own, []).append(name)
        if all(_FACET_VALUE.match(value) for values in query.filters.values() for value in values):
            buckets = self._facet_buckets_at_once(searcher, query, text_query, groups)
        else:
            buckets = {}
            for skip, names in groups.items():
                scope = self._combine(text_query, self._filter_clauses(query, skip_facet=skip))
                aggregation = {name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}} for name in names}
                answer = searcher.aggregate(scope, aggregation)
                buckets.update({name: answer.get(name, {}).get("buckets", []) for name in names})
        facets = {}
        for name in wanted:
            counts = [(str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets[name] if bucket["doc_count"]]
            facets[name] = sorted(counts, key=lambda item: (-item[1], item[0]))
        return facets

    def _facet_buckets_at_once(
        self,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        text_query: tantivy.Query | None,
        groups: dict[str | None, list[str]],
    ) -> dict[str, list[dict]]:
        clauses = [(tantivy.Occur.Must, text_query if text_query is not None else tantivy.Query.all_query())]
        if query.trl_min is not None:
            trl = tantivy.Query.range_query(
                self.schema, "trl_n", tantivy.FieldType.Integer, lower_bound=int(query.trl_min)
            )
            clauses.append((tantivy.Occur.Must, trl))
        aggregation: dict[str, dict] = {}
        paths: dict[str, tuple[str, ...]] = {}
        for position, (skip, names) in enumerate(groups.items()):
            terms = {name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}} for name in names}
            condition = self._filter_string(query, skip_facet=skip)
            if condition:
                aggregation[f"group{position}"] = {"filter": condition, "aggs": terms}
                paths.update({name: (f"group{position}", name) for name in names})
            else:
                aggregation.update(terms)
                paths.update({name: (name,) for name in names})
        answer = searcher.aggregate(tantivy.Query.boolean_query(clauses), aggregation)
        buckets = {}
        for name, path in paths.items():
            node = answer
            for step in path:
                node = node.get(step, {})
            buckets[name] = node.get("buckets", [])
        return buckets

    def _filter_string(self, query: SearchQuery, *, skip_facet: str | None) -> str:
        """The facet filters but ``skip_facet`` in tantivy's query-string syntax (values checked by _FACET_VALUE)."""
        selected: dict[str, tuple[str, ...]] = {}
        if skip_facet != "type" and narrows_types(query.types):
            selected["type"] = tuple(query.types)
        selected.update({name: values for name, values in query.filters.items() if name != skip_facet})
        parts = []
        for name, values in selected.items():
            values = [str(value) for value in values if str(value)]
            if values:
                parts.append("(" + " OR ".join(f'{FACET_FIELDS[name]}:"{value}"' for value in values) + ")")
        return " AND ".join(parts)

    # --- hits ---------------------------------------------------------------------------------------------------

    def _hit(
        self,
        hit: _Hit,
        query: SearchQuery,
        generator: Callable[[str, str], tantivy.SnippetGenerator | None],
    ) -> SearchHit:
        """Which language matched, the title and a snippet for the reader.

        The matched language is the first of the reader's language, the author's and then the others (in the order of
        settings.LANGUAGES) whose text has a highlighted query term: a reader who typed in their own language and
        finds it there is told so. Languages after the first match are not looked at (snippets cost a tokenisation
        of the field each, and a hit has up to 17 languages of four fields).
        """
        doc = hit.doc
        source = doc.get_first("source_language") or "en"
        present = [
            lang for lang in self.languages if any(doc.get_first(text_field(name, lang)) for name in TEXT_FIELDS)
        ]
        order = sorted(present, key=lambda lang: (lang != query.lang, lang != source))
        best_lang, snippets = None, {}
        for lang in order:
            for name in ("summary", "description", "keywords", "title"):
                field_name = text_field(name, lang)
                snippet_generator = generator(lang, field_name) if doc.get_first(field_name) else None
                if snippet_generator is None:
                    continue
                snippet = snippet_generator.snippet_from_doc(doc)
                ranges = [(r.start, r.end) for r in snippet.highlighted()]
                if not ranges:
                    continue
                best_lang = lang
                if name != "title":
                    snippets[lang] = _mark(snippet.fragment(), ranges)
                    break
            if best_lang is not None:
                break
        matched = best_lang or (query.lang if query.lang in present else source)
        snippet = snippets.get(matched)
        if snippet is None:
            preference = (query.lang, matched, source, *present)
            body = _first_text(doc, "summary", preference) or _first_text(doc, "description", preference)
            snippet = html.escape(_shorten(body))
        return SearchHit(
            key=doc.get_first("key"),
            type=doc.get_first(FACET_FIELDS["type"]),
            pk=int(doc.get_first("pk")),
            score=hit.score,
            matched_language=matched,
            title=_first_text(doc, "title", (query.lang, matched, source, *present)),
            snippet=snippet,
        )

    # --- suggestions --------------------------------------------------------------------------------------------

    def _suggestion(self, searcher: tantivy.Searcher, text: str, unknown: list[str]) -> str | None:
        """The query with its (first few) unknown words replaced by the most frequent nearest title/keyword word."""
        corrected = text
        for word in unknown[:MAX_FUZZY_WORDS]:
            limit = 1 if len(word) <= 4 else 2
            best: tuple[int, int, str] | None = None
            for prefix in {word[:1], word[:2]}:
                for term, freq in searcher.terms_with_prefix("spell", prefix, limit=5000):
                    if term == word:
                        continue
                    distance = _edit_distance(word, term, limit)
                    if distance <= limit:
                        candidate = (distance, -freq, term)
                        best = candidate if best is None or candidate < best else best
            if best is not None:
                pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
                corrected = re.sub(pattern, lambda _match, term=best[2]: term, corrected, flags=re.IGNORECASE)
        return corrected if corrected.lower() != text.lower() else None

    def suggest(self, prefix: str, *, lang: str, limit: int = 8) -> list[str]:
        text = normalize_query(prefix, max_chars=100)
        if not text or limit <= 0:
            return []
        index = self._open()
        searcher = index.searcher()
        words = self._word_list(_dense_split(text))
        if not words:
            return []
        clauses = []
        for field_lang in self.languages:
            field_name = text_field("title", field_lang)
            if field_lang in NGRAM_LANGUAGES:
                query = self._ngram_field_query(field_name, ["".join(words)])
            else:
                *complete, last = [t for w in words for t in (self.analyzers[field_lang].analyze(w) or [w])]
                try:
                    query = tantivy.Query.phrase_prefix_query(self.schema, field_name, [*complete, last])
                except ValueError:
                    query = None
            if query is not None:
                boost = READER_LANGUAGE_BOOST if field_lang == lang else 1.0
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))
        if not clauses:
            return []
        try:
            found = searcher.search(tantivy.Query.boolean_query(clauses), limit * 2)
        except ValueError:
            return []
        titles: dict[str, None] = {}
        for _score, address in found.hits:
            doc = searcher.doc(address)
            source = doc.get_first("source_language") or "en"
            title = _first_text(doc, "title", (lang, source, *self.languages))
            if title:
                titles.setdefault(title, None)
            if len(titles) >= limit:
                break
        return list(titles)


def _first_text(doc: tantivy.Document, name: str, languages: Iterable[str]) -> str:
    for lang in languages:
        value = doc.get_first(text_field(name, lang))
        if value:
            return value
    return ""


def _shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


def _mark(fragment: str, ranges: list[tuple[int, int]]) -> str:
    """HTML-escape ``fragment`` and wrap the highlighted byte ranges in <mark>."""
    data = fragment.encode("utf-8")
    out, position = [], 0
    for start, end in sorted(ranges):
        if start < position:
            continue
        out.append(html.escape(data[position:start].decode("utf-8", "ignore")))
        out.append(f"<mark>{html.escape(data[start:end].decode('utf-8', 'ignore'))}</mark>")
        position = end
    out.append(html.escape(data[position:].decode("utf-8", "ignore")))
    return "".join(out)
