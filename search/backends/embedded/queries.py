"""Query building of the embedded engine. Queries are never handed to tantivy's query parser: the text is analysed
here with the same analyzers as the index and turned into term queries, so query-syntax characters are just text."""

from __future__ import annotations

import math
import re

import tantivy

from search.backends.base import SearchQuery
from search.backends.common import FUZZY_SCORE, MAX_FUZZY_WORDS, MAX_TERMS, TEXT_FIELDS, filter_values
from search.backends.embedded.analysis import (
    DENSE_SCRIPT,
    LIGHT_INFLECTION_LANGUAGES,
    MAX_TOKEN_CHARS,
    NGRAM_LANGUAGES,
    PREFIX_STEM_LANGUAGES,
    dense_split,
    fuzzy_distance,
    light_forms,
    text_field,
)
from search.backends.embedded.schema import FACET_FIELDS
from search.doctypes import narrows_types

FIELD_BOOSTS = {"title": 3.0, "keywords": 2.0, "summary": 1.0, "description": 0.6}
READER_LANGUAGE_BOOST = 1.5
# How much the other languages' scores add to the best language's (a dis-max tie breaker).
LANGUAGE_TIE_BREAKER = 0.2


class QueryBuilding:
    """Turns query text and filters into tantivy queries (mixed into EmbeddedBackend: needs its ``schema``,
    ``languages``, per-language ``analyzers`` and the plain ``words`` analyzer)."""

    schema: tantivy.Schema
    languages: list[str]
    analyzers: dict[str, tantivy.TextAnalyzer]
    words: tantivy.TextAnalyzer

    def _terms(self, lang: str, text: str) -> list[str]:
        seen: dict[str, None] = {}
        for token in self.analyzers[lang].analyze(text):
            if token.strip():
                seen.setdefault(token, None)
            if len(seen) >= MAX_TERMS:
                break
        if lang not in LIGHT_INFLECTION_LANGUAGES:
            return list(seen)
        return list(dict.fromkeys(form for token in seen for form in light_forms(token, lang)))

    def _unknown_words(self, searcher: tantivy.Searcher, words: list[str], reader_lang: str) -> list[str]:
        """The query words no listing contains in any language (as its analyzer and inflections see them)."""
        languages = sorted(
            (lang for lang in self.languages if lang not in NGRAM_LANGUAGES), key=lambda lang: lang != reader_lang
        )
        unknown = []
        for word in words:
            if len(word) < 3 or DENSE_SCRIPT.search(word):
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
        """Title and keyword words near the given ones (the typo rule), each match worth only FUZZY_SCORE."""
        clauses = []
        for word in words:
            distance = fuzzy_distance(word)
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
        split = dense_split(text)
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
        for name, values in filter_values(query, skip_facet=skip_facet).items():
            clauses.append(tantivy.Query.term_set_query(self.schema, FACET_FIELDS[name], values))
        if query.trl_min is not None:
            clauses.append(self._trl_at_least(query.trl_min))
        return [(tantivy.Occur.Must, tantivy.Query.const_score_query(clause, 0.0)) for clause in clauses]

    def _trl_at_least(self, trl_min: int) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, "trl_n", tantivy.FieldType.Integer, lower_bound=int(trl_min))

    @staticmethod
    def _filter_string(query: SearchQuery, *, skip_facet: str | None) -> str:
        """The facet filters but ``skip_facet`` in tantivy's query-string syntax (values checked by the caller)."""
        selected: dict[str, list[str]] = {}
        if skip_facet != "type" and narrows_types(query.types):
            selected["type"] = list(query.types)
        selected.update(filter_values(query, skip_facet=skip_facet))
        return " AND ".join(
            "(" + " OR ".join(f'{FACET_FIELDS[name]}:"{value}"' for value in values) + ")"
            for name, values in selected.items()
        )

    @staticmethod
    def _combine(text_query: tantivy.Query | None, filters: list) -> tantivy.Query:
        main = text_query if text_query is not None else tantivy.Query.all_query()
        if not filters:
            return main
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, main), *filters])
