"""Checking the language an author declared with lingua, an offline detector (its models ship with the package)."""

from __future__ import annotations

import functools
import re

# Our languages that lingua knows (it has no Amharic and no Uzbek): our code → lingua's Language member name.
LINGUA_LANGUAGES: dict[str, str] = {
    "en": "ENGLISH",
    "zh-hans": "CHINESE",
    "ru": "RUSSIAN",
    "pt-br": "PORTUGUESE",
    "es": "SPANISH",
    "fr": "FRENCH",
    "ar": "ARABIC",
    "fa": "PERSIAN",
    "hi": "HINDI",
    "id": "INDONESIAN",
    "ms": "MALAY",
    "th": "THAI",
    "vi": "VIETNAMESE",
    "kk": "KAZAKH",
    "sw": "SWAHILI",
}
# Below this many letters a guess is not worth a flag.
MIN_LETTERS = 20
# A mismatch is flagged only when the detector is this sure of another language ...
MIN_CONFIDENCE = 0.8
# ... and gives the declared one at most this much (close languages such as Indonesian and Malay share most words).
MAX_DECLARED_CONFIDENCE = 0.1
# Languages lingua does not tell apart reliably: it reads plain Indonesian as Malay with 98 % confidence.
CLOSE_LANGUAGES = (frozenset({"id", "ms"}),)
LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _detector():
    # Built once per process, on first use: it loads a model per language. Low accuracy mode is quick and good
    # enough for whole titles and summaries.
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LINGUA_LANGUAGES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


@functools.cache
def _ours() -> dict:
    from lingua import Language

    return {getattr(Language, name): code for code, name in LINGUA_LANGUAGES.items()}


def language_mismatch(text: str, declared: str) -> tuple[str, float] | None:
    """``(detected language, confidence)`` when ``text`` is confidently in another language than ``declared``."""
    if declared not in LINGUA_LANGUAGES or len(LETTER.findall(text)) < MIN_LETTERS:
        return None
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None
    confidences = {_ours()[value.language]: value.value for value in values}
    best = values[0]
    detected = _ours()[best.language]
    if detected == declared or best.value < MIN_CONFIDENCE:
        return None
    if any({detected, declared} <= group for group in CLOSE_LANGUAGES):
        return None
    if confidences.get(declared, 0.0) > MAX_DECLARED_CONFIDENCE:
        return None
    return detected, round(best.value, 3)
