"""The translation pipeline's reactions to what the marketplace announces (``marketplace.signals``)."""

from __future__ import annotations

from translation.services import translations_schedule


def schedule_translations(*, instance, **kwargs) -> None:
    """Texts written in their source language: mark pending and enqueue (on commit) the machine translations of the
    fields whose text changed, into every other language."""
    translations_schedule(obj=instance)
