"""Turning a field's text into chunks an engine can take, and the translations back into one text.

Texts are split at line breaks (every line or paragraph is translated on its own, and the blank lines and newlines
between them come back exactly as they were); a line longer than the chunk limit is cut at sentence ends, a sentence
longer than that at spaces. Numbers, URLs, e-mail addresses, patent numbers and markup tags must come back unchanged:
when an engine's output lacks one of them, that chunk is translated again in pieces around those tokens, which are
then kept verbatim.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

LINE_BREAK = re.compile(r"[ \t\f\v]*(?:\r\n|\r|\n)\s*")
# A sentence ends at . ! ? … ; (maybe followed by a closing quote or bracket) before a space, or right after the
# full-width stops of Chinese and the danda of Hindi.
SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|(?<=[.!?…][\"'”’»)\]])\s+|(?<=[。！？；])\s*|(?<=[।॥؟])\s+")
WORD_GAP = re.compile(r"\s+")

PROTECTED = re.compile(
    r"""
    (?:https?://|www\.)[^\s<>"']*[^\s<>"'.,;:!?)\]]     # URLs (without the sentence's own closing punctuation)
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                       # e-mail addresses
    | \b(?:CN|US|EP|WO|JP|KR|RU|BR|IN|ZL|DE|GB|FR|CA|AU|ZA|PCT)[ /-]?[A-Z]{0,2}[ /-]?\d[\d,./-]*\d(?:\ ?[A-Z]\d?)?\b
                                                         # patent numbers: CN 201810012345.6, US10,123,456B2
    | </?[A-Za-z][^<>]*>                                 # markup tags
    | \d+(?:[.,]\d+)*                                    # numbers: 35, 3.5, 1,234.56
    """,
    re.VERBOSE,
)
LETTER = re.compile(r"[^\W\d_]")


def source_hash(text: str) -> str:
    """The sha256 of the exact source text: a translation belongs to one version of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Piece:
    text: str
    translate: bool


def _parts(text: str, gap: re.Pattern) -> list[tuple[str, str]]:
    """``text`` cut at ``gap``: (segment, the gap that follows it) pairs; joining them gives ``text`` back."""
    parts: list[tuple[str, str]] = []
    start = 0
    for match in gap.finditer(text):
        # No empty segments, and nothing after the last one: such gaps stay inside their segment.
        if match.start() == start or match.end() == len(text):
            continue
        parts.append((text[start : match.start()], match.group()))
        start = match.end()
    parts.append((text[start:], ""))
    return parts


def _pack(text: str, limit: int, gaps: tuple[re.Pattern, ...]) -> list[Piece]:
    """Chunks of at most ``limit`` characters, cut at the first kind of gap that makes them fit."""
    if len(text) <= limit:
        return [Piece(text, True)]
    if not gaps:
        return [Piece(text[i : i + limit], True) for i in range(0, len(text), limit)]
    pieces: list[Piece] = []
    current = ""
    pending = ""  # the gap between ``current`` and the next segment

    def flush() -> None:
        nonlocal current
        if current:
            pieces.append(Piece(current, True))
            current = ""

    for segment, gap in _parts(text, gaps[0]):
        if len(segment) > limit:
            flush()
            if pending:
                pieces.append(Piece(pending, False))
            pieces.extend(_pack(segment, limit, gaps[1:]))
        elif current and len(current) + len(pending) + len(segment) > limit:
            flush()
            if pending:
                pieces.append(Piece(pending, False))
            current = segment
        elif current:
            current += pending + segment
        else:
            if pending:
                pieces.append(Piece(pending, False))
            current = segment
        pending = gap
    flush()
    if pending:
        pieces.append(Piece(pending, False))
    return pieces


def split_text(text: str, limit: int) -> list[Piece]:
    """``text`` as pieces to translate (at most ``limit`` characters each) and separators to keep as they are."""
    pieces: list[Piece] = []
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if lead:
        pieces.append(Piece(text[:lead], False))
    if body:
        for line, gap in _parts(body, LINE_BREAK):
            if line:
                pieces.extend(_pack(line, limit, (SENTENCE_END, WORD_GAP)))
            if gap:
                pieces.append(Piece(gap, False))
    trail = text[lead + len(body) :]
    if trail:
        pieces.append(Piece(trail, False))
    return pieces


def protected_tokens(text: str) -> Counter:
    return Counter(match.group() for match in PROTECTED.finditer(text))


def lost_tokens(source: str, translated: str) -> Counter:
    """The numbers, URLs, patent numbers and tags of ``source`` that ``translated`` does not contain."""
    return protected_tokens(source) - protected_tokens(translated)


def split_protected(text: str) -> list[Piece]:
    """``text`` cut around its protected tokens: the words between them are translated, the tokens kept verbatim."""
    pieces: list[Piece] = []
    start = 0
    for match in PROTECTED.finditer(text):
        if match.start() > start:
            pieces.extend(_words_and_spaces(text[start : match.start()]))
        pieces.append(Piece(match.group(), False))
        start = match.end()
    if start < len(text):
        pieces.extend(_words_and_spaces(text[start:]))
    return pieces


def _words_and_spaces(fragment: str) -> list[Piece]:
    if not LETTER.search(fragment):
        return [Piece(fragment, False)]
    core = fragment.strip()
    lead = fragment[: len(fragment) - len(fragment.lstrip())]
    trail = fragment[len(lead) + len(core) :]
    return [piece for piece in (Piece(lead, False), Piece(core, True), Piece(trail, False)) if piece.text]


def translate_text(
    text: str, *, limit: int, translate: Callable[[list[str]], tuple[list[str], str]]
) -> tuple[str, str]:
    """Translate ``text`` chunk by chunk with ``translate(chunks) -> (translations, provider)``.

    Returns ``(translated text, provider)``. Chunks whose translation lost a protected token are translated again
    in pieces around those tokens.
    """
    pieces = split_text(text, limit)
    chunks = [piece.text for piece in pieces if piece.translate]
    if not chunks:
        return text, ""
    translated, provider = translate(chunks)
    redo = [i for i, (chunk, out) in enumerate(zip(chunks, translated, strict=True)) if lost_tokens(chunk, out)]
    if redo:
        parts = {i: split_protected(chunks[i]) for i in redo}
        fragments = [piece.text for i in redo for piece in parts[i] if piece.translate]
        done = iter(translate(fragments)[0] if fragments else [])
        for i in redo:
            translated[i] = "".join(next(done) if piece.translate else piece.text for piece in parts[i])
    results = iter(translated)
    return "".join(next(results) if piece.translate else piece.text for piece in pieces), provider
