"""Reading translated content: the reader's language when it has text, otherwise the author's source language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname


def column(field: str, lang: str) -> str:
    """The modeltranslation column of ``field`` for ``lang`` (``title_zh_hans``, ``title_ind`` for ``id``)."""
    return build_localized_fieldname(field, lang)


class LocalizedTextMixin:
    """Gives models with modeltranslation fields a fallback to their own source language."""

    source_language: str

    def text_with_language(self, field: str, lang: str | None = None) -> tuple[str, str]:
        """Return ``(text, language of that text)`` for ``field`` in ``lang`` (default: the active language)."""
        lang = lang or translation.get_language() or "en"
        value = getattr(self, column(field, lang), None)
        if value:
            return value, lang
        source = self.source_language or "en"
        value = getattr(self, column(field, source), None)
        if value:
            return value, source
        # Last resort: any language that has text, so a reader never gets an empty page.
        for code, _name in settings.LANGUAGES:
            value = getattr(self, column(field, code), None)
            if value:
                return value, code
        return "", source

    def text(self, field: str, lang: str | None = None) -> str:
        return self.text_with_language(field, lang)[0]
