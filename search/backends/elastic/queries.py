"""Query building of the Elasticsearch backend: per-language text clauses, facet filters, typos and suggestions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch_dsl import Q, Search

from search.backends.base import FACETS, BadQuery, SearchQuery
from search.backends.common import (
    FUZZY_MIN_CHARS,
    FUZZY_SCORE,
    FUZZY_TWO_EDITS_CHARS,
    MAX_FUZZY_WORDS,
    MAX_TERMS,
    checked_text,
    filter_values,
)
from search.backends.elastic.mapping import text_field_name
from search.doctypes import narrows_types

# A hit found through a word of the title or keywords is a better hit than one found deep in a description.
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.0, "summary": 1.5, "description": 1.0}
READER_LANGUAGE_BOOST = 2.0
# The title is shown anyway: snippets come from the body fields, where the reader learns something new.
SNIPPET_FIELDS = ("summary", "description", "keywords")
SNIPPET_CHARS = 180
FACET_SIZE = 300  # more buckets than there are countries, technology fields or modes
# No NOT: with OR-ed words "solar -battery" would match nearly everything that lacks "battery".
SAFE_QUERY_FLAGS = "AND|OR|PHRASE|PRECEDENCE|WHITESPACE"
# The typo rule (search.backends.common): AUTO:low,high means no edit below ``low`` characters, one below ``high``,
# else two.
FUZZY_FUZZINESS = f"AUTO:{FUZZY_MIN_CHARS},{FUZZY_TWO_EDITS_CHARS}"
MAX_FUZZY_WORD_CHARS = 40

# Snowball Russian keeps a stem vowel only sometimes (батарея -> батаре, батареи -> батар), so the forms of a word can
# miss each other. Russian query words also match, with a lower weight, as a prefix: the word without its trailing
# vowels. (A pattern_replace filter in the analyzer would be neater, but osmem ignores it while indexing, so the
# stand-in would test something else than production runs.)
_RUSSIAN_WORD = re.compile("[а-яё]+")
_RUSSIAN_STEM_VOWELS = "аеиоуыэюяйь"
RUSSIAN_ROOT_MIN_CHARS = 4
RUSSIAN_PREFIX_BOOST = 0.5

# Highlight markers the engine puts around matched terms; the fragment is HTML-escaped afterwards and the markers
# become <mark> tags, so the text around them is escaped exactly like every other snippet of the site.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


class QueryBuilding:
    """The search requests (mixed into ElasticBackend: needs its ``client``, ``alias`` and ``languages``)."""

    client: Elasticsearch
    alias: str
    languages: tuple[str, ...]

    def _language_query(self, text: str, lang: str, reader_lang: str) -> Q:
        """The words OR-ed over one language's fields, named after the language so a hit tells what matched."""
        fields = [f"{text_field_name(field, lang)}^{boost:g}" for field, boost in FIELD_BOOSTS.items()]
        words = Q("simple_query_string", query=text, fields=fields, default_operator="or", flags=SAFE_QUERY_FLAGS)
        clauses = [words]
        if lang == "ru":
            roots = dict.fromkeys(
                root
                for word in _RUSSIAN_WORD.findall(text.lower())
                if len(root := word.rstrip(_RUSSIAN_STEM_VOWELS)) >= RUSSIAN_ROOT_MIN_CHARS
            )
            clauses += [
                Q("prefix", **{text_field_name(field, lang): {"value": root, "boost": boost * RUSSIAN_PREFIX_BOOST}})
                for root in list(roots)[:MAX_TERMS]
                for field, boost in FIELD_BOOSTS.items()
            ]
        boost = READER_LANGUAGE_BOOST if lang == reader_lang else 1.0
        return Q("bool", should=clauses, minimum_should_match=1, boost=boost, _name=lang)

    @staticmethod
    def _validate(query: SearchQuery) -> str:
        """The normalised query text (the shared checks), at most MAX_TERMS distinct words."""
        text = checked_text(query)
        return " ".join(list(dict.fromkeys(text.split()))[:MAX_TERMS])

    @staticmethod
    def _facet_filters(query: SearchQuery) -> dict[str, Q]:
        """One filter per facet the query narrows (values OR-ed), keyed by facet name."""
        filters: dict[str, Q] = {}
        if narrows_types(query.types):
            filters["type"] = Q("terms", type=sorted(set(query.types)))
        for name, accepted in filter_values(query).items():
            if name == "trl":
                # A TRL that is not a number matches nothing, as it does in the embedded engine; no 400 from ES.
                numbers = [int(value) for value in accepted if value.isdigit()]
                filters[name] = Q("terms", trl=numbers) if numbers else Q("match_none")
            else:
                filters[name] = Q("terms", **{name: accepted})
        return filters

    @staticmethod
    def _fuzzy_query(word: str) -> Q:
        """Title and keyword words near ``word`` (see "Typos" above), worth a small constant score."""
        near = Q(
            "match",
            spell={"query": word, "fuzziness": FUZZY_FUZZINESS, "prefix_length": 0, "fuzzy_transpositions": True},
        )
        return Q("constant_score", filter=near, boost=FUZZY_SCORE)

    @staticmethod
    def _typo_words(entries: Iterable[dict[str, Any]]) -> list[str]:
        """Words the ``typos`` suggester found missing but near a known word, and long enough to match fuzzily."""
        words = [
            str(entry.get("text", "")).lower()
            for entry in entries
            if entry.get("options") and FUZZY_MIN_CHARS <= len(str(entry.get("text", ""))) <= MAX_FUZZY_WORD_CHARS
        ]
        return list(dict.fromkeys(words))[:MAX_FUZZY_WORDS]

    def _build_search(self, query: SearchQuery, text: str, typos: list[str] | None = None) -> Search:
        """The search; ``typos`` (words found missing by a first request) are added as fuzzy clauses."""
        search = Search(using=self.client, index=self.alias).extra(
            track_total_hits=True, from_=query.offset, size=query.limit
        )
        must: list[Q] = []
        if text:
            languages = [self._language_query(text, lang, query.lang) for lang in self.languages]
            fuzzy = [self._fuzzy_query(word) for word in typos or []]
            must.append(Q("bool", should=[*languages, *fuzzy], minimum_should_match=1))
            search = search.highlight_options(
                pre_tags=[MARK_OPEN],
                post_tags=[MARK_CLOSE],
                require_field_match=True,
                fragment_size=SNIPPET_CHARS,
                number_of_fragments=1,
            ).highlight(*(f"{field}_*" for field in SNIPPET_FIELDS))
            if typos is None:
                search = search.suggest("spelling", text, term={"field": "spell", "suggest_mode": "missing"})
                # Which words no title or keyword has, with a near word at any position (a typo in the first letter
                # counts too, as in the embedded engine): only these get fuzzy clauses, in a second request.
                search = search.suggest(
                    "typos",
                    text,
                    term={
                        "field": "spell",
                        "suggest_mode": "missing",
                        "prefix_length": 0,
                        "max_edits": 2,
                        "min_word_length": FUZZY_MIN_CHARS,
                        "size": 1,
                    },
                )
        range_filters = [Q("range", trl={"gte": query.trl_min})] if query.trl_min is not None else []
        search = search.query(Q("bool", must=must or [Q("match_all")], filter=range_filters))
        # Facet filters narrow the hits (post_filter) but each facet counts with every filter except its own, so a
        # reader who picked one country still sees how many hits the other countries would add.
        facet_filters = self._facet_filters(query)
        if facet_filters:
            search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
        for facet in query.facets:
            if facet not in FACETS:
                raise BadQuery(f"unknown facet: {facet}")
            others = [clause for name, clause in facet_filters.items() if name != facet]
            search.aggs.bucket(facet, "filter", filter=Q("bool", filter=others)).bucket(
                "values", "terms", field=facet, size=FACET_SIZE
            )
        if query.sort == "date" or not text:
            search = search.sort({"published_at": "desc"}, {"key": "asc"})
        else:
            search = search.sort({"_score": "desc"}, {"published_at": "desc"}, {"key": "asc"})
        return search.source(["key", "type", "pk", "source_language", "title_*", "summary_*", "description_*"])

    @staticmethod
    def _suggestion(text: str, entries: Iterable[dict[str, Any]]) -> str | None:
        """The query with each unknown word replaced by the engine's best-known spelling, if any word changed."""
        corrected = text
        # From the end, so the offsets of earlier words stay valid.
        for entry in sorted(entries, key=lambda item: item.get("offset", 0), reverse=True):
            options = entry.get("options") or []
            if not options:
                continue
            start, length = int(entry["offset"]), int(entry["length"])
            corrected = corrected[:start] + options[0]["text"] + corrected[start + length :]
        return corrected if corrected.lower() != text.lower() else None
