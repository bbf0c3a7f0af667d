"""Reading translated content: the reader's language when it has text, otherwise the author's source language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname


def column(field: str, lang: str) -> str:
    """The modeltranslation column of ``field`` for ``lang`` (``title_zh_hans``, ``title_ind`` for ``id``)."""
    return build_localized_fieldname(field, lang)


def text_with_language(read, field: str, lang: str, source_language: str | None) -> tuple[str, str]:
    """``(text, language of that text)`` for ``field``, ``read(column)`` giving each column's text: ``lang`` if it has
    text, else the source language, else any language that has text, so a reader never gets an empty page."""
    source = source_language or "en"
    for code in (lang, source, *(code for code, _name in settings.LANGUAGES)):
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
