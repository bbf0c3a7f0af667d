"""Reading translated content: the one fallback order for every page, API answer and list of the site.

A listing is shown in the first of: the reader's language, the other languages the reader reads (their profile, made
current for the request by ``reading``), English, the author's original, then any language that has text. Pages
label whatever is not the reader's language as written (see translation/templatetags/translation_tags.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname


def column(field: str, lang: str) -> str:
    """The modeltranslation column of ``field`` for ``lang`` (``title_zh_hans``, ``title_ind`` for ``id``)."""
    return build_localized_fieldname(field, lang)


PIVOT_LANGUAGE = "en"
_reader_languages: ContextVar[tuple[str, ...]] = ContextVar("reader_languages", default=())


def reader_languages() -> tuple[str, ...]:
    """The other languages the current reader reads, in their order of preference (empty for anonymous readers)."""
    return _reader_languages.get()


@contextlib.contextmanager
def reading(languages: Iterable[str]) -> Iterator[None]:
    """Make ``languages`` the current reader's other languages inside the block (a request, a task for a user)."""
    known = dict(settings.LANGUAGES)
    token = _reader_languages.set(tuple(dict.fromkeys(code for code in languages if code in known)))
    try:
        yield
    finally:
        _reader_languages.reset(token)


def set_reader_languages(languages: Iterable[str]) -> None:
    """Replace the current reader's languages until the enclosing ``reading`` block ends (the API authenticates
    inside the request, after the middleware opened that block)."""
    known = dict(settings.LANGUAGES)
    _reader_languages.set(tuple(dict.fromkeys(code for code in languages if code in known)))


def fallback_order(lang: str, source_language: str | None) -> tuple[str, ...]:
    """Languages to try, in order: ``lang``, the reader's other languages, English, the original, any other."""
    source = source_language or PIVOT_LANGUAGE
    everything = (code for code, _name in settings.LANGUAGES)
    return tuple(dict.fromkeys((lang, *reader_languages(), PIVOT_LANGUAGE, source, *everything)))


def text_with_language(read, field: str, lang: str, source_language: str | None) -> tuple[str, str]:
    """``(text, language of that text)`` for ``field``, ``read(column)`` giving each column's text, in the first
    language of ``fallback_order`` that has text, so a reader never gets an empty page."""
    source = source_language or PIVOT_LANGUAGE
    for code in fallback_order(lang, source):
        value = read(column(field, code))
        if value:
            return value, code
    return "", source


class LocalizedTextMixin:
    """Gives models with modeltranslation fields a fallback to their own source language."""

    source_language: str

    def text_with_language(self, field: str, lang: str | None = None) -> tuple[str, str]:
        """Return ``(text, language of that text)`` for ``field`` in ``lang`` (default: the active language)."""
        read = lambda name: getattr(self, name, None)  # noqa: E731
        return text_with_language(read, field, lang or translation.get_language() or "en", self.source_language)

    def text(self, field: str, lang: str | None = None) -> str:
        return self.text_with_language(field, lang)[0]
