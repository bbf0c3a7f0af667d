"""Result rows of the embedded engine: which language matched, the title and a highlighted snippet for the reader."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import tantivy

from search.backends.base import SearchHit, SearchQuery
from search.backends.common import TEXT_FIELDS, shorten
from search.backends.embedded.analysis import text_field
from search.backends.embedded.schema import FACET_FIELDS

SNIPPET_CHARS = 200


@dataclass
class Hit:
    score: float
    doc: tantivy.Document


def first_text(doc: tantivy.Document, name: str, languages: Iterable[str]) -> str:
    for lang in languages:
        value = doc.get_first(text_field(name, lang))
        if value:
            return value
    return ""


def plain_snippet(text: str) -> str:
    return html.escape(shorten(text, SNIPPET_CHARS))


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


class HitRendering:
    """Turns stored documents into SearchHits (mixed into EmbeddedBackend: needs its ``schema`` and ``languages``)."""

    schema: tantivy.Schema
    languages: list[str]

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

    def _hit(
        self,
        hit: Hit,
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
            body = first_text(doc, "summary", preference) or first_text(doc, "description", preference)
            snippet = plain_snippet(body)
        return SearchHit(
            key=doc.get_first("key"),
            type=doc.get_first(FACET_FIELDS["type"]),
            pk=int(doc.get_first("pk")),
            score=hit.score,
            matched_language=matched,
            title=first_text(doc, "title", (query.lang, matched, source, *present)),
            snippet=snippet,
        )

    def _meaning_hit(self, doc: tantivy.Document, lang: str) -> SearchHit:
        """The row of a document only the vector search found: title and summary in the reader's language if any."""
        source = doc.get_first("source_language") or "en"
        preference = (lang, source, *self.languages)
        body = first_text(doc, "summary", preference) or first_text(doc, "description", preference)
        title_lang = next((code for code in preference if doc.get_first(text_field("title", code))), source)
        return SearchHit(
            key=doc.get_first("key"),
            type=doc.get_first(FACET_FIELDS["type"]),
            pk=int(doc.get_first("pk")),
            score=0.0,
            matched_language=title_lang,
            title=first_text(doc, "title", preference),
            snippet=plain_snippet(body),
            match="meaning",
        )
