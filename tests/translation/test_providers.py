"""The engines' adapters: language codes, pair discovery, batching and how failures are classified."""

from __future__ import annotations

import json

import httpx
import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.translation.conftest import _free_port
from translation.providers import ProviderError, UnsupportedPair, configured_providers
from translation.providers.apertium import ApertiumProvider, _routes
from translation.providers.base import forget_cached_pairs
from translation.providers.libretranslate import LibreTranslateProvider

# /listPairs of the Debian packages installed for the integration tests (variants included).
APY_EDGES = {
    ("eng", "spa"), ("spa", "eng"), ("spa", "eng_US"), ("spa", "por"), ("spa", "por_BR"), ("por", "spa"),
    ("eng", "cat"), ("cat", "eng"), ("por", "cat"), ("cat", "por"), ("cat", "por_BR"), ("fra", "spa"), ("spa", "fra"),
    ("ind", "zlm"), ("zlm", "ind"),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_pairs():
    forget_cached_pairs()
    yield
    forget_cached_pairs()


def test_apertium_pairs_are_direct_where_installed_and_chained_where_not():
    routes = _routes(APY_EDGES)

    assert routes[("en", "es")] == ("eng", "spa")
    assert routes[("es", "pt-br")] == ("spa", "por_BR")  # the Brazilian variant is preferred
    assert routes[("en", "pt-br")] == ("eng", "spa", "por_BR")  # a chain through Spanish
    assert routes[("id", "ms")] == ("ind", "zlm")
    assert ("pt-br", "fr") in routes
    assert ("en", "zh-hans") not in routes
    assert ("id", "en") not in routes


class FakeLibreTranslate:
    """A stand-in for a LibreTranslate server (it cannot run here): its documented /languages and /translate."""

    def __init__(self, languages, *, status: int = 200):
        self.languages = languages
        self.status = status
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/languages":
            return httpx.Response(200, json=self.languages)
        body = json.loads(request.content)
        self.requests.append(body)
        if self.status != 200:
            return httpx.Response(self.status, json={"error": "Slowdown: too many requests"})
        codes = {item["code"] for item in self.languages}
        if body["source"] not in codes or body["target"] not in codes:
            return httpx.Response(400, json={"error": f"{body['target']} is not supported"})
        return httpx.Response(200, json={"translatedText": [f"<{body['target']}>{q}" for q in body["q"]]})


def libretranslate(server, api_key=""):
    return LibreTranslateProvider(
        url="http://lt.test", timeout=5, api_key=api_key, transport=httpx.MockTransport(server)
    )


LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["en", "es", "zh-Hans", "pt-BR"]},
    {"code": "es", "name": "Spanish", "targets": ["en", "es"]},
    {"code": "zh-Hans", "name": "Chinese", "targets": ["en"]},
    {"code": "pt-BR", "name": "Portuguese", "targets": ["en"]},
]


def test_libretranslate_pairs_use_our_language_codes():
    provider = libretranslate(FakeLibreTranslate(LANGUAGES))

    assert provider.pairs() == {
        ("en", "es"), ("en", "zh-hans"), ("en", "pt-br"), ("es", "en"), ("zh-hans", "en"), ("pt-br", "en"),
    }  # fmt: skip


def test_libretranslate_releases_with_plain_codes_and_no_targets_serve_every_pair():
    provider = libretranslate(FakeLibreTranslate([{"code": "zh"}, {"code": "pt"}, {"code": "en"}]))

    assert ("pt-br", "zh-hans") in provider.pairs()
    assert ("zh-hans", "en") in provider.pairs()


def test_libretranslate_translates_a_batch_as_plain_text_with_the_api_key():
    server = FakeLibreTranslate(LANGUAGES)

    result = libretranslate(server, api_key="secret").translate(["Solar cell", "Battery"], "en", "zh-hans")

    assert result == ["<zh-Hans>Solar cell", "<zh-Hans>Battery"]
    assert server.requests == [
        {"q": ["Solar cell", "Battery"], "source": "en", "target": "zh-Hans", "format": "text", "api_key": "secret"}
    ]


def test_libretranslate_rate_limits_and_server_errors_are_transient():
    with pytest.raises(ProviderError):
        libretranslate(FakeLibreTranslate(LANGUAGES, status=429)).translate(["x"], "en", "es")
    with pytest.raises(ProviderError):
        libretranslate(FakeLibreTranslate(LANGUAGES, status=502)).translate(["x"], "en", "es")


def test_libretranslate_refuses_a_pair_it_does_not_list():
    with pytest.raises(UnsupportedPair):
        libretranslate(FakeLibreTranslate(LANGUAGES)).translate(["x"], "es", "zh-hans")


def test_an_engine_that_does_not_answer_is_a_transient_error():
    provider = ApertiumProvider(url=f"http://127.0.0.1:{_free_port()}", timeout=2)

    with pytest.raises(ProviderError, match="listPairs"):
        provider.pairs()


def test_engines_without_a_url_are_left_out(settings):
    settings.TRANSLATION_PROVIDERS = ["libretranslate", "apertium"]
    settings.LIBRETRANSLATE_URL = ""
    settings.APERTIUM_URL = "http://127.0.0.1:2737"

    assert [provider.name for provider in configured_providers()] == ["apertium"]


def test_the_stand_in_engine_cannot_be_selected_outside_the_tests(settings):
    settings.TRANSLATION_PROVIDERS = ["test"]
    settings.TRANSLATION_TEST_PROVIDER_ALLOWED = False

    with pytest.raises(ImproperlyConfigured):
        configured_providers()


def test_an_unknown_engine_name_is_a_configuration_error(settings):
    settings.TRANSLATION_PROVIDERS = ["deepl"]

    with pytest.raises(ImproperlyConfigured):
        configured_providers()


def test_apertium_debug_marks_are_dropped_unless_the_author_wrote_them():
    from translation.providers.apertium import _without_debug_marks

    assert _without_debug_marks("Congelación #programa de @formulación", "Freeze programme") == (
        "Congelación programa de formulación"
    )
    assert _without_debug_marks("Escribe a #soporte", "Write to #support") == "Escribe a #soporte"
