"""Apertium APy (rule-based MT, installable from Debian) over HTTP.

APy speaks ISO 639-3 codes, sometimes with a variant (``por_BR``, ``eng_US``); ``/listPairs`` tells which pairs are
installed. Pairs that are not installed directly may still be reached through a chain of installed ones
(eng → spa → por). The chain is run one ``/translate`` per step rather than with ``/translateChain``: APy 0.11's chain
keeps the unknown-word marks of its inner steps ("Solar-*powered") even when asked not to mark them.
"""

from __future__ import annotations

import itertools
import re
from collections import deque

from translation.providers import http
from translation.providers.base import Pair, Provider, ProviderError, UnsupportedPair, cached_pairs

# Our language code → APy codes, preferred first (a regional variant we want before the plain language).
APERTIUM_CODES: dict[str, tuple[str, ...]] = {
    "en": ("eng", "eng_US", "eng_GB"),
    "zh-hans": ("zho", "cmn"),
    "ru": ("rus",),
    "pt-br": ("por_BR", "por"),
    "es": ("spa",),
    "fr": ("fra",),
    "ar": ("ara",),
    "fa": ("fas", "pes"),
    "hi": ("hin",),
    "am": ("amh",),
    "id": ("ind",),
    "ms": ("zlm", "msa"),
    "th": ("tha",),
    "vi": ("vie",),
    "kk": ("kaz",),
    "uz": ("uzb",),
    "sw": ("swa",),
}
# A chain longer than this drifts too far from the original to be worth showing.
MAX_CHAIN_STEPS = 3


def _routes(edges: set[tuple[str, str]]) -> dict[Pair, tuple[str, ...]]:
    """For each of our (source, target) pairs that APy can serve, the APy language path to ask for."""
    ours = {code for codes in APERTIUM_CODES.values() for code in codes}
    graph: dict[str, list[str]] = {}
    # Through our own languages first (eng → spa → por rather than eng → cat → por): those pairs are the most used.
    for source, target in sorted(edges, key=lambda edge: (edge[1] not in ours, edge)):
        graph.setdefault(source, []).append(target)

    def shortest(start: str, goal: str) -> tuple[str, ...] | None:
        queue: deque[tuple[str, ...]] = deque([(start,)])
        seen = {start}
        while queue:
            path = queue.popleft()
            if len(path) - 1 >= MAX_CHAIN_STEPS:
                continue
            for nxt in graph.get(path[-1], ()):
                if nxt == goal:
                    return (*path, nxt)
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((*path, nxt))
        return None

    routes: dict[Pair, tuple[str, ...]] = {}
    for ours_source, source_codes in APERTIUM_CODES.items():
        for ours_target, target_codes in APERTIUM_CODES.items():
            if ours_source == ours_target:
                continue
            candidates = [(s, t) for s in source_codes for t in target_codes]
            direct = next(((s, t) for s, t in candidates if (s, t) in edges), None)
            if direct is not None:
                routes[(ours_source, ours_target)] = direct
                continue
            chains = [path for s, t in candidates if (path := shortest(s, t)) is not None]
            if chains:
                routes[(ours_source, ours_target)] = min(chains, key=len)
    return routes


class ApertiumProvider(Provider):
    name = "apertium"

    def __init__(self, *, url: str, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._http = http.client(self.url, timeout)

    def _fetch_routes(self) -> dict[Pair, tuple[str, ...]]:
        body = http.json_body(http.send(self._http, "GET", "/listPairs"))
        try:
            edges = {(item["sourceLanguage"], item["targetLanguage"]) for item in body["responseData"]}
        except (KeyError, TypeError) as exc:
            raise ProviderError(f"{self.url}/listPairs: unexpected answer {str(body)[:200]}") from exc
        return _routes(edges)

    def routes(self) -> dict[Pair, tuple[str, ...]]:
        return cached_pairs((self.name, self.url), self._fetch_routes)

    def pairs(self) -> frozenset[Pair]:
        return frozenset(self.routes())

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        path = self.routes().get((source, target))
        if path is None:
            raise UnsupportedPair(f"Apertium at {self.url} has no path {source} → {target}")
        for step_source, step_target in itertools.pairwise(path):
            texts = [self._step(text, step_source, step_target) if text.strip() else text for text in texts]
        return texts

    def _step(self, text: str, source: str, target: str) -> str:
        # markUnknown=no: APy would otherwise prefix every word it does not know (names, patent numbers) with "*".
        data = {"langpair": f"{source}|{target}", "q": text, "markUnknown": "no"}
        response = http.send(self._http, "POST", "/translate", data=data)
        body = http.json_body(response)
        if response.status_code == 400:
            raise UnsupportedPair(f"Apertium: {body.get('explanation') if isinstance(body, dict) else body}")
        if response.status_code != 200 or not isinstance(body, dict):
            raise ProviderError(f"Apertium /translate: HTTP {response.status_code} {str(body)[:200]}")
        try:
            translated = body["responseData"]["translatedText"]
        except (KeyError, TypeError) as exc:
            raise ProviderError(f"Apertium /translate: unexpected answer {str(body)[:200]}") from exc
        return _without_debug_marks(translated, text)


# Apertium marks words it could not generate ("#programa") or transfer ("@word") even with markUnknown=no.
_DEBUG_MARK = re.compile(r"(?<![\w#@])[#@](?=\w)")


def _without_debug_marks(translated: str, source: str) -> str:
    """Drop Apertium's "#"/"@" word marks, unless the author wrote such characters (hashtags, e-mail addresses)."""
    if "#" in source or "@" in source:
        return translated
    return _DEBUG_MARK.sub("", translated)
