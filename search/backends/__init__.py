"""Picking the engine: Elasticsearch when ELASTICSEARCH_URL is set, the embedded tantivy index otherwise."""

from __future__ import annotations

import threading

from django.conf import settings

from search.backends.base import SearchBackend

_backends: dict[tuple, SearchBackend] = {}
_lock = threading.Lock()


def _config() -> tuple[str, str, str]:
    return (
        getattr(settings, "ELASTICSEARCH_URL", "") or "",
        str(getattr(settings, "SEARCH_INDEX_DIR", settings.BASE_DIR / "var" / "search")),
        getattr(settings, "SEARCH_INDEX_PREFIX", "brics-ttc"),
    )


def get_backend() -> SearchBackend:
    """The configured engine; one instance per configuration and process (they hold connections/open indexes)."""
    config = _config()
    backend = _backends.get(config)
    if backend is None:
        with _lock:
            backend = _backends.get(config)
            if backend is None:
                backend = _backends[config] = _make(*config)
    return backend


def _make(url: str, index_dir: str, prefix: str) -> SearchBackend:
    if url:
        # Imported lazily: the embedded default must not need the Elasticsearch client.
        from search.backends.elastic import ElasticBackend

        return ElasticBackend(url, prefix=prefix)
    from search.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(index_dir=index_dir, prefix=prefix)
