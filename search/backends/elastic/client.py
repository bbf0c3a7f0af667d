"""The Elasticsearch client and what its errors become (SearchUnavailable, or BadQuery for a rejected search)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import TransportError, Urllib3HttpNode
from elasticsearch import ApiError, BadRequestError, Elasticsearch

from search.backends.base import BadQuery, SearchUnavailable


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


def error_reason(exc: ApiError) -> str:
    info = exc.info if isinstance(exc.info, dict) else {}
    error = info.get("error")
    if isinstance(error, dict):
        root = (error.get("root_cause") or [error])[0]
        return f"{root.get('type', '')}: {root.get('reason', '')}".strip(": ")
    return str(exc.message or exc)


@contextmanager
def engine_errors(*, query_errors: bool = False) -> Iterator[None]:
    """Engine trouble becomes SearchUnavailable; a search the engine rejects (400) becomes BadQuery."""
    try:
        yield
    except BadRequestError as exc:
        if query_errors:
            raise BadQuery(error_reason(exc)) from exc
        raise SearchUnavailable(f"Elasticsearch rejected the request: {error_reason(exc)}") from exc
    except ApiError as exc:
        raise SearchUnavailable(f"Elasticsearch answered {exc.meta.status}: {error_reason(exc)}") from exc
    except TransportError as exc:
        raise SearchUnavailable(f"Elasticsearch cannot be reached: {exc}") from exc


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
