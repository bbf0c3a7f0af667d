"""The embedded engine's index schema and how a SearchDocument becomes a tantivy document."""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC

import tantivy
from django.conf import settings

from search.backends.base import FACETS, SearchDocument
from search.backends.common import TEXT_FIELDS
from search.backends.embedded.analysis import NGRAM_LANGUAGES, lang_slug, text_field

# Bump when the schema or an analyzer changes: a new directory is built and the old one is left alone.
SCHEMA_VERSION = 3

FACET_FIELDS = {name: f"f_{name}" for name in (*FACETS, "institution")}


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def build_schema(languages: list[str]) -> tantivy.Schema:
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


def tantivy_document(document: SearchDocument, languages: Container[str]) -> tantivy.Document:
    """``document`` as the index stores it; texts of languages outside ``languages`` are left out."""
    doc = tantivy.Document()
    doc.add_text("key", document.key)
    doc.add_integer("pk", document.pk)
    doc.add_text("source_language", document.source_language)
    spell = []
    for lang, values in document.texts.items():
        if lang not in languages:
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
