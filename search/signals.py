"""Keeps what search caches in step with the data it was built from."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from search.serializers import FIELD_LABELS_CACHE_KEY
from search.services import search_on_listing_change


def clear_field_labels(**kwargs) -> None:
    """A technology field was saved or deleted (by staff in the admin, by a migration): its names may have changed."""
    cache.delete_many([FIELD_LABELS_CACHE_KEY.format(lang=code) for code, _name in settings.LANGUAGES])


def reindex_listing(*, listing, **kwargs) -> None:
    """A listing changed (moderation, edit, new language version): publishing adds it to search, archiving, rejecting
    or withdrawing removes it, an edit re-indexes it; enqueued on commit."""
    search_on_listing_change(listing)
