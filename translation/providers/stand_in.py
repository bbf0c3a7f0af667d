"""A stand-in engine for `make test`, where no translation engine runs.

It is NOT a translation: it returns the text unchanged behind a marker naming the target language (``[es] ...``), so
tests can see which language a version is for and that numbers, URLs and markup come through. It can only be
selected when the settings allow it (``TRANSLATION_TEST_PROVIDER_ALLOWED``, set by brics_ttc/settings/test.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings

from translation.providers.base import Pair, Provider, ProviderError, UnsupportedPair


def marker(language: str) -> str:
    return f"[{language}]"


class StandInProvider(Provider):
    def __init__(
        self,
        *,
        name: str = "test",
        pairs: Iterable[Pair] | None = None,
        down: bool = False,
        failing: bool = False,
        delay: float = 0.0,
    ) -> None:
        self.name = name
        codes = [code for code, _name in settings.LANGUAGES]
        self._pairs = (
            frozenset(pairs) if pairs is not None else frozenset((s, t) for s in codes for t in codes if s != t)
        )
        self.down = down  # unreachable: listing pairs fails too
        self.failing = failing  # lists its pairs, then answers every translation with a server error
        self.delay = delay
        self.calls: list[tuple[list[str], str, str]] = []

    def pairs(self) -> frozenset[Pair]:
        if self.down:
            raise ProviderError(f"{self.name}: connection refused (stand-in engine switched off)")
        return self._pairs

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if self.down:
            raise ProviderError(f"{self.name}: connection refused (stand-in engine switched off)")
        if self.failing:
            raise ProviderError(f"{self.name}: HTTP 503 (stand-in engine failing)")
        if (source, target) not in self._pairs:
            raise UnsupportedPair(f"{self.name} does not serve {source} → {target}")
        self.calls.append((list(texts), source, target))
        if self.delay:
            time.sleep(self.delay)
        return [f"{marker(target)} {text}" for text in texts]
