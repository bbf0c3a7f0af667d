"""Showing translated content honestly: each text with its language, and a label saying what kind of version it is.

``{% translated obj "title" "summary" as texts %}`` gives, per field, the text to show in the reader's language
(``texts.title.text``, ``texts.title.lang``) and a ``note`` for ``translation/includes/note.html``:

- "machine": machine-translated from the source language, with the original behind a "Show original" toggle;
- "verified": a person's translation (the original is still one click away);
- "fallback": no version in the reader's language yet, the text is shown as written ("Original in <language>");
- none: text in the reader's language as written.

Fields whose notes would say the same (same kind, same source language) share one note, placed on the first of them,
so a page reads "Machine-translated from English" once, and its toggle reveals every original text at once.

In lists pass ``batch=<the page's objects>``: the versions of every object are then read in one query, once per
page (kept on the template context), so a list stays at a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst

from achievements.models import KEYWORD_SEPARATORS
from translation.selectors import translation_infos

register = template.Library()

MACHINE, VERIFIED, FALLBACK = "machine", "verified", "fallback"


def language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


@dataclass
class Original:
    field: str
    label: str
    text: str


@dataclass
class Note:
    kind: str
    language: str  # the language the text was written in
    originals: list[Original] = field(default_factory=list)

    @property
    def language_name(self) -> str:
        return language_label(self.language)


@dataclass
class Shown:
    """One field as a page shows it."""

    text: str
    lang: str
    note: Note | None = None

    def __str__(self) -> str:
        return self.text


def _kind(info, reader: str) -> str | None:
    if not info.text:
        return None
    if info.language != reader:
        # No version in the reader's language: the original, or another language's version (see
        # marketplace.i18n.fallback_order), labelled as what it is.
        if info.language == info.source_language:
            return FALLBACK
        return VERIFIED if info.is_verified else MACHINE
    if info.is_verified:
        return VERIFIED
    if info.is_machine:
        return MACHINE
    return None


def _field_label(obj, name: str) -> str:
    try:
        return capfirst(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def shown_texts(obj, fields: tuple[str, ...], infos: dict, reader: str) -> dict[str, Shown]:
    """Turn the selector's infos for one object into what the page shows, grouping identical notes."""
    shown: dict[str, Shown] = {}
    notes: dict[tuple[str, str], Note] = {}
    for name in fields:
        info = infos.get((obj.pk, name))
        if info is None:
            shown[name] = Shown(text="", lang=reader)
            continue
        entry = Shown(text=info.text, lang=info.language)
        kind = _kind(info, reader)
        if kind is not None:
            key = (kind, info.source_language)
            note = notes.get(key)
            if note is None:
                note = notes[key] = Note(kind=kind, language=info.source_language)
                entry.note = note
            if kind != FALLBACK and info.original_text:
                note.originals.append(Original(name, _field_label(obj, name), info.original_text))
        shown[name] = entry
    return shown


@register.simple_tag(takes_context=True)
def translated(context, obj, *fields: str, batch=None) -> dict[str, Shown]:
    """The fields of ``obj`` in the active language, each with its note (see the module docstring)."""
    if obj is None:
        return {}
    reader = translation.get_language() or settings.LANGUAGE_CODE
    if batch:
        key = (id(batch), fields, reader)
        cache = getattr(context, "_translation_batches", None)
        if cache is None:
            cache = context._translation_batches = {}
        if key not in cache:
            objects = list(batch)
            cache[key] = (objects, translation_infos(objects=objects, fields=list(fields), lang=reader))
        objects, infos = cache[key]
        if any(item is obj or item.pk == obj.pk for item in objects):
            return shown_texts(obj, fields, infos, reader)
    infos = translation_infos(objects=[obj], fields=list(fields), lang=reader)
    return shown_texts(obj, fields, infos, reader)


@register.filter
def keyword_split(text: str) -> list[str]:
    """Keywords as a list, split on the comma of any script (as ``Achievement.keyword_list`` does)."""
    return [word.strip() for word in KEYWORD_SEPARATORS.split(str(text or "")) if word.strip()]
