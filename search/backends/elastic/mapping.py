"""The index of the Elasticsearch backend: per-language analyzers and fields, facets as keywords, a strict mapping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Date as DateField
from elasticsearch_dsl import DenseVector, Index, Keyword, Mapping, analyzer, token_filter
from elasticsearch_dsl import Integer as IntegerField
from elasticsearch_dsl import Text as TextField

from search.backends.common import TEXT_FIELDS
from search.embeddings import get_embedder

SPELL_FIELDS = ("title", "keywords")

# Analyzers that ship with every Elasticsearch and that the osmem stand-in also accepts in a mapping.
_ANALYZERS = {"en": "english", "ru": "russian", "pt-br": "portuguese", "es": "spanish", "fr": "french"}
# Built into every Elasticsearch, but osmem 0.1.6 refuses them in a mapping (or, for thai, accepts the name and then
# finds nothing): behind SEARCH_ES_EXTRA_ANALYZERS. Without them these languages use the standard analyzer.
_EXTRA_ANALYZERS = {
    "pt-br": "brazilian",
    "ar": "arabic",
    "fa": "persian",
    "hi": "hindi",
    "id": "indonesian",
    "th": "thai",
}


def language_analyzer(lang: str) -> str:
    """The analyzer of one language's text fields under the current settings."""
    if lang == "zh-hans":
        return getattr(settings, "SEARCH_ES_CHINESE_ANALYZER", "cjk")
    if getattr(settings, "SEARCH_ES_EXTRA_ANALYZERS", True) and lang in _EXTRA_ANALYZERS:
        return _EXTRA_ANALYZERS[lang]
    return _ANALYZERS.get(lang, "standard")


def text_field_name(field: str, lang: str) -> str:
    """``title`` + ``pt-br`` -> ``title_pt_br``."""
    return f"{field}_{lang.replace('-', '_')}"


def index_definition(client: Elasticsearch, name: str, *, languages: Sequence[str], vectors: bool) -> Index:
    """The settings and strict mapping of one index version (``vectors``: with the dense_vector fields)."""
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    for name_, field in (
        ("key", Keyword()),
        ("type", Keyword()),
        ("pk", IntegerField()),
        ("source_language", Keyword()),
        ("field", Keyword()),
        ("country", Keyword()),
        ("trl", IntegerField()),
        ("ip_status", Keyword()),
        ("transfer_mode", Keyword()),
        ("institution_type", Keyword()),
        ("institution", Keyword()),
        ("category", Keyword()),
        ("language", Keyword()),
        ("published_at", DateField()),
        ("spell", TextField(analyzer="standard")),
    ):
        mapping.field(name_, field)
    if vectors:
        dimension = int(getattr(settings, "EMBEDDINGS_DIMENSION", 384))
        mapping.field("embedding", DenseVector(dims=dimension, index=True, similarity="cosine"))
        mapping.field("embedding_space", Keyword())
        mapping.meta("_meta", {"embedding_space": get_embedder().space})
    title_prefix = analyzer(
        "title_prefix",
        tokenizer="standard",
        filter=["lowercase", token_filter("title_edge", "edge_ngram", min_gram=1, max_gram=20)],
    )
    for lang in languages:
        lang_analyzer = language_analyzer(lang)
        for field in TEXT_FIELDS:
            extra: dict[str, Any] = {}
            if field == "title":
                extra["fields"] = {"prefix": TextField(analyzer=title_prefix, search_analyzer="standard")}
            if field in SPELL_FIELDS:
                extra["copy_to"] = "spell"
            mapping.field(text_field_name(field, lang), TextField(analyzer=lang_analyzer, **extra))
    index = Index(name, using=client)
    index.settings(number_of_shards=1, number_of_replicas=int(getattr(settings, "SEARCH_ES_REPLICAS", 0)))
    index.mapping(mapping)
    return index
