"""Spelling suggestions ("did you mean") and title completions of the embedded engine."""

from __future__ import annotations

import re

import tantivy

from search.backends.common import MAX_FUZZY_WORDS
from search.backends.embedded.analysis import NGRAM_LANGUAGES, dense_split, edit_distance, text_field
from search.backends.embedded.hits import first_text
from search.backends.embedded.queries import READER_LANGUAGE_BOOST, QueryBuilding
from search.text import normalize_query


class Suggesting(QueryBuilding):
    """Mixed into EmbeddedBackend; ``_open`` is the backend's."""

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
                    distance = edit_distance(word, term, limit)
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
        words = self._word_list(dense_split(text))
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
            title = first_text(doc, "title", (lang, source, *self.languages))
            if title:
                titles.setdefault(title, None)
            if len(titles) >= limit:
                break
        return list(titles)
