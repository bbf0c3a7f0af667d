"""LibreTranslate (neural MT, the production engine in docker-compose) over HTTP.

``/languages`` lists each language with the targets it translates into; ``/translate`` takes a batch of texts.
Language codes differ by release (``zh`` / ``zh-Hans``, ``pt`` / ``pt-BR``): the first one the server knows is used.
"""

from __future__ import annotations

import httpx

from translation.providers import http
from translation.providers.base import Pair, Provider, ProviderError, UnsupportedPair, cached_pairs

# Our language code → LibreTranslate codes, preferred first.
LIBRETRANSLATE_CODES: dict[str, tuple[str, ...]] = {
    "en": ("en",),
    "zh-hans": ("zh-Hans", "zh"),
    "ru": ("ru",),
    "pt-br": ("pt-BR", "pt"),
    "es": ("es",),
    "fr": ("fr",),
    "ar": ("ar",),
    "fa": ("fa",),
    "hi": ("hi",),
    "am": ("am",),
    "id": ("id",),
    "ms": ("ms",),
    "th": ("th",),
    "vi": ("vi",),
    "kk": ("kk",),
    "uz": ("uz",),
    "sw": ("sw",),
}


class LibreTranslateProvider(Provider):
    name = "libretranslate"

    def __init__(self, *, url: str, timeout: float, api_key: str = "", transport: httpx.BaseTransport | None = None):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self._http = http.client(self.url, timeout, transport)

    def _fetch_routes(self) -> dict[Pair, tuple[str, str]]:
        body = http.json_body(http.send(self._http, "GET", "/languages"))
        try:
            # Releases before 1.3 have no "targets": every language translates into every other one.
            served = {item["code"]: set(item.get("targets") or ()) for item in body}
            everything = set(served)
            targets = {code: (found or everything) - {code} for code, found in served.items()}
        except (KeyError, TypeError) as exc:
            raise ProviderError(f"{self.url}/languages: unexpected answer {str(body)[:200]}") from exc

        def known(ours: str) -> str | None:
            return next((code for code in LIBRETRANSLATE_CODES[ours] if code in served), None)

        routes: dict[Pair, tuple[str, str]] = {}
        for source in LIBRETRANSLATE_CODES:
            for target in LIBRETRANSLATE_CODES:
                theirs = (known(source), known(target))
                if source != target and None not in theirs and theirs[1] in targets[theirs[0]]:
                    routes[(source, target)] = theirs
        return routes

    def routes(self) -> dict[Pair, tuple[str, str]]:
        return cached_pairs((self.name, self.url), self._fetch_routes)

    def pairs(self) -> frozenset[Pair]:
        return frozenset(self.routes())

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        codes = self.routes().get((source, target))
        if codes is None:
            raise UnsupportedPair(f"LibreTranslate at {self.url} does not translate {source} → {target}")
        payload = {"q": texts, "source": codes[0], "target": codes[1], "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        response = http.send(self._http, "POST", "/translate", json=payload)
        body = http.json_body(response)
        if response.status_code == 400:
            error = body.get("error", "") if isinstance(body, dict) else str(body)
            if "not supported" in error.lower():
                raise UnsupportedPair(f"LibreTranslate: {error}")
            raise ProviderError(f"LibreTranslate rejected the request: {error}")
        if response.status_code != 200:
            # 403 (a wrong or missing API key) is a setup problem: retried, then shown as the record's error.
            raise ProviderError(f"LibreTranslate /translate: HTTP {response.status_code} {str(body)[:200]}")
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise ProviderError(f"LibreTranslate /translate: unexpected answer {str(body)[:200]}")
        return [str(item) for item in translated]
