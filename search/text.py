"""Query text hygiene shared by the selectors and both engines: what a hostile or sloppy query becomes before search."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 500

# Zero-width characters that only hide inside words (a pasted "bat\u200btery" must still find batteries).
_INVISIBLE = re.compile("[\u200b\u200d\u2060\ufeff\u00ad\u180e]")
# The zero-width non-joiner is a real word-part boundary in Persian ("می‌شود"); the engines split words there too.
_ZWNJ = "\u200c"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def normalize_query(text: str | None, *, max_chars: int = MAX_QUERY_CHARS) -> str:
    """NFC, no invisible or control characters, single spaces, at most ``max_chars`` characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = _INVISIBLE.sub("", text).replace(_ZWNJ, " ")
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > max_chars:
        cut = text[:max_chars]
        # Do not end on half a word when a space is near: the half word would only add noise.
        space = cut.rfind(" ")
        text = cut[:space] if space > max_chars - 40 else cut
    return text
