"""The translation pipeline's reactions to what the marketplace announces (``marketplace.signals``)."""

from __future__ import annotations

from translation.registry import translatable_fields
from translation.services import translation_save_human, translations_schedule, translations_schedule_many


def schedule_translations(*, instance, **kwargs) -> None:
    """Texts written in their source language: mark pending and enqueue (on commit) the machine translations of the
    fields whose text changed, into every other language."""
    translations_schedule(obj=instance)


def schedule_translations_many(*, instances, **kwargs) -> None:
    """The texts of many objects were written together (a bulk import): their translations scheduled in bulk."""
    translations_schedule_many(objs=instances)


def keep_version_written_by_hand(*, instance, field: str, language: str, text: str, user, **kwargs) -> None:
    """A language version staff changed by hand is a person's translation: verified, so the machine leaves it alone
    until the source text changes."""
    if field in translatable_fields(instance):
        translation_save_human(obj=instance, field=field, language=language, text=text, user=user)
