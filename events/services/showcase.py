"""The showcase of featured technologies and the event's translated texts."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from events.models import Event
from events.selectors import FEATURED_CACHE_KEY
from translation.services import translations_schedule


def showcase_changed() -> None:
    """Forget the cached set of featured achievements (their badge); call after the showcase changes."""
    transaction.on_commit(lambda: cache.delete(FEATURED_CACHE_KEY), robust=True)


def event_save_texts(*, event: Event) -> None:
    """Schedule the machine translations of an event whose texts were saved (title, description, agenda)."""
    with transaction.atomic():
        translations_schedule(obj=event)
