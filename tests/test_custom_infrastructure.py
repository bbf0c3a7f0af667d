"""The two hand-written pieces that lean on Django's internals, pinned to the Django version they were checked
against. On a Django upgrade these tests fail first: re-read the new Django code they copy or reach into, adjust,
then move the pin (the module docstrings say what each piece relies on)."""

from __future__ import annotations

import inspect

import django
from django.core.cache.backends.redis import RedisCacheClient
from django.core.handlers.asgi import ASGIHandler

from brics_ttc import asgi_http, cache

CHECKED_AGAINST = (5, 2)  # brics_ttc/asgi_http.py and brics_ttc/cache.py were last checked against Django 5.2


def test_django_is_the_version_the_custom_pieces_were_checked_against():
    assert django.VERSION[:2] == CHECKED_AGAINST, (
        "Django was upgraded: re-check brics_ttc/asgi_http.py (a fork of ASGIHandler.handle) and brics_ttc/cache.py "
        "(reads RedisCacheClient's private attributes) against the new version, then update CHECKED_AGAINST."
    )


def test_the_asgi_handler_parts_the_one_hop_handler_keeps_are_there():
    for name in ("read_body", "create_request", "send_response", "get_response", "load_middleware"):
        assert callable(getattr(ASGIHandler, name)), name
    assert list(inspect.signature(ASGIHandler.send_response).parameters) == ["self", "response", "send"]
    assert list(inspect.signature(ASGIHandler.create_request).parameters) == ["self", "scope", "body_file"]
    assert issubclass(asgi_http.OneHopASGIHandler, ASGIHandler)


def test_the_redis_client_internals_the_shared_pool_reads_are_there():
    client = RedisCacheClient(["redis://127.0.0.1:6379/0"], pool_class=None, parser_class=None)
    for name in ("_servers", "_client", "_pool_class", "_pool_options"):
        assert hasattr(client, name), name
    assert callable(client._get_connection_pool_index)
    assert issubclass(cache.SharedPoolRedisCacheClient, RedisCacheClient)
