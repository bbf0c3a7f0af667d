"""The Elasticsearch backend: the production engine (elasticsearch-dsl 8.x), used when ELASTICSEARCH_URL is set.

Documents
    One document per published listing, id = its key (``achievement:12``). Every language has its own text fields
    (``title_en``, ``summary_pt_br``, ``description_zh_hans``, ``keywords_id``) analysed with that language's analyzer;
    titles also get a ``.prefix`` sub-field (edge n-grams) for completions. The facet values are keyword fields named
    after the facet (``field``, ``country``, ``ip_status``, ``transfer_mode``, ``institution_type``, ``type``), ``trl``
    is an integer and ``published_at`` a date. Titles and keywords are copied into ``spell`` (standard analyzer, no
    stemming), the vocabulary of spelling suggestions and typo matches (the embedded engine's is the same). The
    mapping is strict: a field nobody declared is an error, not a surprise.

Index versions
    Documents live in ``<prefix>-listings-v<N>`` behind the alias ``<prefix>-listings``; every read and write goes
    through the alias (writes with ``require_alias`` so a missing alias can never auto-create a stray index).
    ``reindex_swap(build)`` fills the next version while the current one keeps answering, moves the alias in one
    atomic request and then drops the old version.

Queries
    One ``simple_query_string`` per language over that language's fields, every term required within the language,
    the languages OR-ed (named after their language, so a hit says which languages matched). A Portuguese query must
    match a listing's Portuguese text (original or translation) as a whole, never half in Russian and half in English,
    and a stop word that one language's analyzer drops cannot sink the query in that language. ``simple_query_string``
    never fails on syntax; its operators are limited to AND/OR/NOT/phrase/precedence (no wildcard, fuzzy, slop or
    regex expansion to make a query expensive). The reader's language and titles are boosted.

Typos (the same rule as the embedded engine)
    A query word that no listing's title or keywords contain (the ``typos`` term suggester on ``spell`` finds it
    missing but near a known word) also matches approximately: words of FUZZY_MIN_CHARS or more characters within one
    edit, FUZZY_TWO_EDITS_CHARS or more within two (``fuzziness: AUTO:6,8``); shorter words never, so "solar" cannot
    find "polar". Each fuzzy match adds only FUZZY_SCORE (a ``constant_score``), so exact hits always rank first. This
    costs a second request, only for queries with such a word. "Did you mean" still appears when the words as typed
    found nothing.

Settings (read with ``getattr`` so the module works before the lead adds them to base.py)
    ``ELASTICSEARCH_URL`` (credentials may sit in the URL), ``SEARCH_INDEX_PREFIX`` (default ``brics-ttc``),
    ``SEARCH_ES_EXTRA_ANALYZERS`` (default True: the brazilian, arabic, persian, hindi, indonesian and thai analyzers,
    which every Elasticsearch has but the osmem stand-in lacks; False uses portuguese/standard instead),
    ``SEARCH_ES_CHINESE_ANALYZER`` (default ``cjk``, built in; ``smartcn`` needs the analysis-smartcn plugin),
    ``SEARCH_ES_COMPAT_HEADERS`` (default True: the client's own ``compatible-with=8`` media types; False sends plain
    ``application/json``, which osmem requires and real Elasticsearch 8 also accepts), ``SEARCH_ES_TIMEOUT`` (seconds,
    default 5), ``SEARCH_ES_REPLICAS`` (default 0: the compose file runs a single node).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import TransportError, Urllib3HttpNode
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError
from elasticsearch_dsl import Date as DateField
from elasticsearch_dsl import DenseVector, Index, Keyword, Mapping, Q, Search, analyzer, token_filter
from elasticsearch_dsl import Integer as IntegerField
from elasticsearch_dsl import Text as TextField

from brics_ttc.languages import LANGUAGE_CODES
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
from search.doctypes import doctype_names, narrows_types
from search.embeddings import get_embedder
from search.text import normalize_query

TEXT_FIELDS = ("title", "summary", "description", "keywords")
# A hit found through a word of the title or keywords is a better hit than one found deep in a description.
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.0, "summary": 1.5, "description": 1.0}
READER_LANGUAGE_BOOST = 2.0
# The title is shown anyway: snippets come from the body fields, where the reader learns something new.
SNIPPET_FIELDS = ("summary", "description", "keywords")
SNIPPET_CHARS = 180
FACET_SIZE = 300  # more buckets than there are countries, technology fields or modes
BULK_CHUNK = 500
BULK_TIMEOUT = 60.0  # seconds: a batch of long multilingual texts may take a busy cluster longer than a search
# No NOT: with OR-ed words "solar -battery" would match nearly everything that lacks "battery".
SAFE_QUERY_FLAGS = "AND|OR|PHRASE|PRECEDENCE|WHITESPACE"
MAX_QUERY_CHARS = 1000
# Distinct words of a query that reach the engine: 17 languages x 4 fields x 32 words stays far below ES's clause limit.
MAX_TERMS = 32
# Typo tolerance: see "Typos" above. AUTO:low,high means no edit below ``low`` characters, one below ``high``, else two.
FUZZY_MIN_CHARS = 6
FUZZY_TWO_EDITS_CHARS = 8
FUZZY_FUZZINESS = f"AUTO:{FUZZY_MIN_CHARS},{FUZZY_TWO_EDITS_CHARS}"
FUZZY_SCORE = 0.1
MAX_FUZZY_WORDS = 4
MAX_FUZZY_WORD_CHARS = 40
SPELL_FIELDS = ("title", "keywords")
FILTERS = {*FACETS, "institution"}  # the facets, and the institution page's own filter

# Analyzers that ship with every Elasticsearch and that the osmem stand-in also accepts in a mapping.
_ANALYZERS = {"en": "english", "ru": "russian", "pt-br": "portuguese", "es": "spanish", "fr": "french"}
# Snowball Russian keeps a stem vowel only sometimes (батарея -> батаре, батареи -> батар), so the forms of a word can
# miss each other. Russian query words also match, with a lower weight, as a prefix: the word without its trailing
# vowels. (A pattern_replace filter in the analyzer would be neater, but osmem ignores it while indexing, so the
# stand-in would test something else than production runs.)
_RUSSIAN_WORD = re.compile("[а-яё]+")
_RUSSIAN_STEM_VOWELS = "аеиоуыэюяйь"
RUSSIAN_ROOT_MIN_CHARS = 4
RUSSIAN_PREFIX_BOOST = 0.5
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

# Highlight markers the engine puts around matched terms; the fragment is HTML-escaped afterwards and the markers
# become <mark> tags, so the text around them is escaped exactly like every other snippet of the site.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"

# Vectors (SEARCH_ES_VECTORS, default True; the osmem stand-in has no dense_vector, so its tests turn them off):
# ``embedding`` is a cosine dense_vector of EMBEDDINGS_DIMENSION, ``embedding_space`` names the model of each
# document's vector and the mapping's ``_meta.embedding_space`` the model the index accepts. kNN filters on the
# latter, so after a model change (same dimension) old vectors are never compared with new ones; a new dimension
# needs a new index version (``search_reindex``). Unverified on a real cluster in this repository's tests: the
# requests are tested by their bodies (tests/search/test_elastic_vectors.py).
VECTOR_FIELDS = ("key", "type", *(name for name in FACETS if name != "type"), "institution")
SPACE_CACHE_SECONDS = 30.0


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


class _PlainJsonNode(Urllib3HttpNode):
    """Sends ``application/json`` instead of the 8.x client's ``application/vnd.elasticsearch+json; compatible-with=8``.

    The client rewrites its media types on every request (a ``headers=`` option cannot stop it), and the osmem
    stand-in answers the compatibility type with 406. Real Elasticsearch 8 accepts both.
    """

    def perform_request(self, method, target, body=None, headers=None, **kwargs):  # type: ignore[override]
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and "vnd.elasticsearch+" in value:
                    headers[name] = value.replace("vnd.elasticsearch+", "").split(";", 1)[0]
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def make_client(url: str) -> Elasticsearch:
    """A client for ``url`` that fails fast: a down engine must turn into a fallback, not a hanging page."""
    if not url:
        raise ImproperlyConfigured("ELASTICSEARCH_URL is empty: the Elasticsearch backend needs a server.")
    options: dict[str, Any] = {
        "request_timeout": float(getattr(settings, "SEARCH_ES_TIMEOUT", 5)),
        "max_retries": 1,
        "retry_on_timeout": False,
    }
    if not getattr(settings, "SEARCH_ES_COMPAT_HEADERS", True):
        options["node_class"] = _PlainJsonNode
    return Elasticsearch(url, **options)


def _reason(exc: ApiError) -> str:
    info = exc.info if isinstance(exc.info, dict) else {}
    error = info.get("error")
    if isinstance(error, dict):
        root = (error.get("root_cause") or [error])[0]
        return f"{root.get('type', '')}: {root.get('reason', '')}".strip(": ")
    return str(exc.message or exc)


@contextmanager
def _engine_errors(*, query_errors: bool = False) -> Iterator[None]:
    """Engine trouble becomes SearchUnavailable; a search the engine rejects (400) becomes BadQuery."""
    try:
        yield
    except BadRequestError as exc:
        if query_errors:
            raise BadQuery(_reason(exc)) from exc
        raise SearchUnavailable(f"Elasticsearch rejected the request: {_reason(exc)}") from exc
    except ApiError as exc:
        raise SearchUnavailable(f"Elasticsearch answered {exc.meta.status}: {_reason(exc)}") from exc
    except TransportError as exc:
        raise SearchUnavailable(f"Elasticsearch cannot be reached: {exc}") from exc


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _escape_fragment(fragment: str) -> str:
    return html.escape(fragment).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def _plain_snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARS:
        cut = text[:SNIPPET_CHARS]
        space = cut.rfind(" ")
        text = (cut[:space] if space > SNIPPET_CHARS // 2 else cut) + "…"
    return html.escape(text)


class ElasticBackend:
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

    # --- index management --------------------------------------------------------------------------------------------

    def version_name(self, version: int) -> str:
        return f"{self.alias}-v{version}"

    def versions(self) -> dict[int, str]:
        """Existing versioned indices of this alias: {version: index name}."""
        pattern = re.compile(rf"^{re.escape(self.alias)}-v(\d+)$")
        with _engine_errors():
            names = self.client.indices.get(index=f"{self.alias}-v*", allow_no_indices=True).body
        return {int(match[1]): name for name in names if (match := pattern.match(name))}

    def current_index(self) -> str | None:
        """The concrete index the alias points at, or None before ensure_index()."""
        with _engine_errors():
            if not self.client.indices.exists_alias(name=self.alias):
                return None
            targets = self.client.indices.get_alias(name=self.alias).body
        return sorted(targets)[-1] if targets else None

    def _index_definition(self, name: str) -> Index:
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
        if self.vectors_enabled:
            dimension = int(getattr(settings, "EMBEDDINGS_DIMENSION", 384))
            mapping.field("embedding", DenseVector(dims=dimension, index=True, similarity="cosine"))
            mapping.field("embedding_space", Keyword())
            mapping.meta("_meta", {"embedding_space": get_embedder().space})
        title_prefix = analyzer(
            "title_prefix",
            tokenizer="standard",
            filter=["lowercase", token_filter("title_edge", "edge_ngram", min_gram=1, max_gram=20)],
        )
        for lang in self.languages:
            lang_analyzer = language_analyzer(lang)
            for field in TEXT_FIELDS:
                extra: dict[str, Any] = {}
                if field == "title":
                    extra["fields"] = {"prefix": TextField(analyzer=title_prefix, search_analyzer="standard")}
                if field in SPELL_FIELDS:
                    extra["copy_to"] = "spell"
                mapping.field(text_field_name(field, lang), TextField(analyzer=lang_analyzer, **extra))
        index = Index(name, using=self.client)
        index.settings(number_of_shards=1, number_of_replicas=int(getattr(settings, "SEARCH_ES_REPLICAS", 0)))
        index.mapping(mapping)
        return index

    def _create_version(self, version: int, *, with_alias: bool) -> str:
        name = self.version_name(version)
        index = self._index_definition(name)
        if with_alias:
            index.aliases(**{self.alias: {}})
        with _engine_errors():
            try:
                index.create()
            except BadRequestError as exc:
                # Two workers creating the first version at once: the loser finds it there, which is fine.
                if "resource_already_exists" not in _reason(exc):
                    raise
        return name

    def ensure_index(self) -> None:
        """Create version 1 and the alias when neither exists; re-attach the alias to the newest version if lost."""
        with _engine_errors():
            if self.client.indices.exists_alias(name=self.alias):
                return
        versions = self.versions()
        if not versions:
            self._create_version(1, with_alias=True)
        with _engine_errors():
            if not self.client.indices.exists_alias(name=self.alias):
                newest = versions[max(versions)] if versions else self.version_name(1)
                self.client.indices.put_alias(index=newest, name=self.alias)

    def reindex_swap(self, build: Callable[[ElasticBackend], None]) -> str:
        """Fill a new index version with ``build(writer)`` while searches keep using the old one, then swap the alias.

        ``writer`` is a backend whose ``index``/``delete`` write to the new version. The alias moves to it in one
        atomic request and the old versions are dropped. If ``build`` fails the new version is dropped and the alias
        is left alone. Live updates made during the build go to the old version and are lost with it: the periodic
        reconciliation repairs that drift.
        """
        self.ensure_index()
        live = self.current_index()
        old = self.versions()
        new = self._create_version(max(old, default=0) + 1, with_alias=False)
        writer = ElasticBackend(client=self.client, prefix=self.alias.removesuffix("-listings"))
        writer._write_target = new
        writer._writes_need_alias = False
        writer._refresh = False  # one refresh at the end is far cheaper than one per batch
        try:
            build(writer)
            with _engine_errors():
                self.client.indices.refresh(index=new)
        except BaseException:
            with _engine_errors():
                self.client.options(ignore_status=404).indices.delete(index=new)
            raise
        # One request: readers see the old version or the new one, never neither. Older versions that lost the alias
        # in an interrupted swap are cleaned up with the one that had it.
        actions: list[dict[str, Any]] = [{"add": {"index": new, "alias": self.alias}}]
        if live:
            actions.insert(0, {"remove": {"index": live, "alias": self.alias}})
        with _engine_errors():
            self.client.indices.update_aliases(actions=actions)
            for name in old.values():
                self.client.options(ignore_status=404).indices.delete(index=name)
        return new

    def drop(self) -> None:
        """Delete every version of the index, and with them the alias (tests; taking a prefix out of service)."""
        with _engine_errors():
            for name in self.versions().values():
                self.client.options(ignore_status=404).indices.delete(index=name)

    def clear(self) -> None:
        """Drop every version and the alias, then start again from an empty version 1."""
        self.drop()
        self._create_version(1, with_alias=True)

    # --- writes ------------------------------------------------------------------------------------------------------

    def _source(self, document: SearchDocument) -> dict[str, Any]:
        body: dict[str, Any] = {
            "key": document.key,
            "type": document.type,
            "pk": document.pk,
            "source_language": document.source_language,
            "field": document.field or None,
            "country": document.country or None,
            "trl": document.trl,
            "ip_status": document.ip_status or None,
            "transfer_mode": list(document.transfer_modes),
            "institution_type": document.institution_type or None,
            "institution": document.institution or None,
            "category": document.category or None,
            "language": list(document.languages),
            "published_at": document.published_at.isoformat(),
        }
        if self.vectors_enabled and document.vector:
            body["embedding"] = list(document.vector)
            body["embedding_space"] = self.vector_space()
        for lang, values in document.texts.items():
            if lang not in self.languages:
                continue
            for field in TEXT_FIELDS:
                if values.get(field):
                    body[text_field_name(field, lang)] = values[field]
        return {name: value for name, value in body.items() if value is not None}

    def _bulk(self, operations: list[dict[str, Any]], *, last: bool) -> None:
        with _engine_errors():
            response = (
                self.client.options(request_timeout=BULK_TIMEOUT)
                .bulk(
                    operations=operations,
                    refresh=self._refresh if last else False,
                    require_alias=self._writes_need_alias,
                )
                .body
            )
        if not response.get("errors"):
            return
        for item in response["items"]:
            action, result = next(iter(item.items()))
            if "error" in result and not (action == "delete" and result.get("status") == 404):
                error = result["error"]
                reason = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(error)
                raise SearchUnavailable(f"Elasticsearch refused {action} of {result.get('_id')}: {reason}")

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        if self._writes_need_alias:
            self.ensure_index()
        chunks = list(_chunks(documents, BULK_CHUNK))
        for number, chunk in enumerate(chunks, start=1):
            operations: list[dict[str, Any]] = []
            for document in chunk:
                operations.append({"index": {"_index": self._write_target, "_id": document.key}})
                operations.append(self._source(document))
            self._bulk(operations, last=number == len(chunks))

    def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        if self._writes_need_alias and self.current_index() is None:
            return  # no index, nothing to delete
        chunks = list(_chunks(keys, BULK_CHUNK))
        for number, chunk in enumerate(chunks, start=1):
            operations = [{"delete": {"_index": self._write_target, "_id": key}} for key in chunk]
            self._bulk(operations, last=number == len(chunks))

    # --- reads -------------------------------------------------------------------------------------------------------

    def count(self) -> int:
        with _engine_errors():
            try:
                return int(self.client.count(index=self._write_target)["count"])
            except NotFoundError:
                return 0

    def healthy(self) -> bool:
        try:
            return bool(self.client.ping()) and self.client.indices.exists_alias(name=self.alias).body
        except (ApiError, TransportError):
            return False

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

    def _validate(self, query: SearchQuery) -> str:
        """The normalised query text; BadQuery for what no engine could run (same rules as the embedded engine)."""
        unknown = set(query.filters) - FILTERS
        if unknown:
            raise BadQuery(f"unknown filter: {', '.join(sorted(unknown))}")
        if not query.types or not set(query.types) <= set(doctype_names()):
            raise BadQuery("unknown listing type")
        if query.offset < 0 or query.limit < 0:
            raise BadQuery("negative offset or limit")
        if query.trl_min is not None and not isinstance(query.trl_min, int):
            raise BadQuery("trl_min must be a number")
        text = normalize_query(query.text, max_chars=MAX_QUERY_CHARS)
        return " ".join(list(dict.fromkeys(text.split()))[:MAX_TERMS])

    @staticmethod
    def _facet_filters(query: SearchQuery) -> dict[str, Q]:
        """One filter per facet the query narrows (values OR-ed), keyed by facet name."""
        filters: dict[str, Q] = {}
        if narrows_types(query.types):
            filters["type"] = Q("terms", type=sorted(set(query.types)))
        for name, values in query.filters.items():
            accepted = [str(value) for value in values if str(value)]
            if not accepted:
                continue
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
                pre_tags=[_MARK_OPEN],
                post_tags=[_MARK_CLOSE],
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

    def _execute(self, search: Search) -> dict[str, Any]:
        with _engine_errors(query_errors=True):
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
            facet: sorted(
                (
                    (str(bucket["key"]), int(bucket["doc_count"]))
                    for bucket in aggregations.get(facet, {}).get("values", {}).get("buckets", [])
                    if bucket["doc_count"]
                ),
                key=lambda item: (-item[1], item[0]),
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

    # --- vectors -----------------------------------------------------------------------------------------------------

    def vector_space(self) -> str:
        if not self.vectors_enabled:
            return ""
        now = time.monotonic()
        if self._space is None or now - self._space[0] > SPACE_CACHE_SECONDS:
            with _engine_errors():
                try:
                    body = self.client.indices.get_mapping(index=self.alias).body
                except NotFoundError:
                    return ""
            meta = next(iter(body.values()), {}).get("mappings", {}).get("_meta", {})
            self._space = (now, str(meta.get("embedding_space", "")))
        return self._space[1]

    def reset_vectors(self, space: str) -> None:
        """Accept vectors of ``space`` (same dimension: old vectors stay but kNN ignores them until re-embedded)."""
        if not self.vectors_enabled:
            return
        dimension = int(getattr(settings, "EMBEDDINGS_DIMENSION", 384))
        if not space.endswith(f"/{dimension}"):
            raise SearchUnavailable(f"{space} needs a new index version: run search_reindex")
        with _engine_errors():
            self.client.indices.put_mapping(index=self.alias, meta={"embedding_space": space})
        self._space = (time.monotonic(), space)

    def knn_request(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> dict[str, Any]:
        """The body of the kNN search: the query's types, filters and TRL minimum as the kNN pre-filter."""
        filters = [Q("term", embedding_space=self.vector_space()), *self._facet_filters(query).values()]
        if query.trl_min is not None:
            filters.append(Q("range", trl={"gte": query.trl_min}))
        return {
            "knn": {
                "field": "embedding",
                "query_vector": [float(value) for value in vector],
                "k": k,
                "num_candidates": min(10_000, max(100, 4 * k)),
                "similarity": min_score,  # on the raw cosine, not on the score
                "filter": {"bool": {"filter": [clause.to_dict() for clause in filters]}},
            },
            "size": k,
            "_source": list(VECTOR_FIELDS),
        }

    def knn(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> list[VectorMatch]:
        if not self.vectors_enabled or k <= 0:
            return []
        self._validate(query)
        with _engine_errors(query_errors=True):
            try:
                response = self.client.search(
                    index=self.alias, **self.knn_request(query, vector, k=k, min_score=min_score)
                )
            except NotFoundError as exc:
                raise SearchUnavailable(f"the search index {self.alias} does not exist yet") from exc
        matches = []
        for raw in response.body["hits"]["hits"]:
            source = raw.get("_source", {})
            facets = {
                name: tuple(str(value) for value in (values if isinstance(values, list) else [values]))
                for name in VECTOR_FIELDS[1:]
                if (values := source.get(name)) not in (None, "", [])
            }
            # Elasticsearch scores a cosine match (1 + cosine) / 2.
            matches.append(
                VectorMatch(key=source.get("key", raw["_id"]), score=2 * float(raw["_score"]) - 1, facets=facets)
            )
        return matches

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
        with _engine_errors(query_errors=True):
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
