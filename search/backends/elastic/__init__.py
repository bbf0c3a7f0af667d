"""The Elasticsearch backend: the production engine (elasticsearch-dsl 8.x), used when ELASTICSEARCH_URL is set.

Modules: the client and its errors (client.py), analyzers and the mapping (mapping.py), index versions and writes
(indexing.py), query building (queries.py), vectors and kNN (knn.py), searching and result rows (engine.py).

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

from search.backends.elastic.client import make_client
from search.backends.elastic.engine import ElasticBackend
from search.backends.elastic.mapping import language_analyzer, text_field_name

__all__ = ["ElasticBackend", "language_analyzer", "make_client", "text_field_name"]
