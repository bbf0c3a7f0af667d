"""Reading listings at scale: a version of the listings for cache keys, cached counts, lean list rows, deep pages.

The center holds ~100,000 achievements and ~50,000 demands (``make bench-pages``). What a list page costs without
these: an exact ``COUNT(*)`` and a ``SELECT DISTINCT country`` over the table on every request, and ``OFFSET`` through
wide heap rows on deep pages. (Reading fewer text columns per row was measured too: Django's deferred loading and a
``CASE`` column for the source language cost more Python time per row than the columns they saved.)

- ``listings_version()``: a number that changes whenever a listing, institution or technology field is saved or
  deleted (bumped after the commit, by signals). Cache keys of counts, filter choices and page fragments include it,
  so a change shows at once; a ``VERSION_TTL`` bounds what writes that skip signals (``QuerySet.update``) can leave
  stale. Reading it never writes to the database.
- ``cached_count``: a queryset's count, cached per SQL and version.
- ``ListingPaginator``: counts through ``cached_count``, reads a page ids first (an index-only scan of the ordering
  index) and then only those rows, so ``?page=2000`` does not read 40,000 wide rows.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from marketplace.models import ModerationState
from marketplace.signals import listing_changed

VERSION_KEY = "listings:version"
# Writes that skip the signals (bulk updates, the expiry job's UPDATE) show after at most this long.
VERSION_TTL = 300
# A process reads the shared version at most this often (one cache round trip per second, not per request).
VERSION_LOCAL_SECONDS = 1.0
COUNT_TTL = 3600
# Whole answers and page fragments (they are also replaced as soon as the version changes).
LIST_CACHE_SECONDS = 600

# The models whose saves and deletes bump the version (connect_version_signals): only their counts may be cached.
VERSIONED: set[type] = set()


class CacheVersion:
    """A value in the shared cache that changes whenever what it names changes, for cache keys: readers only make
    up a missing one, each process reads it at most once a ``VERSION_LOCAL_SECONDS``, and
    ``ttl`` bounds how long a write that did not bump it can stay unseen."""

    def __init__(self, key: str, *, ttl: int = VERSION_TTL) -> None:
        self.key = key
        self.ttl = ttl
        self._value: str | None = None
        self._read_at = 0.0

    def get(self) -> str:
        now = time.monotonic()
        if self._value is not None and now - self._read_at < VERSION_LOCAL_SECONDS:
            return self._value
        value = cache.get(self.key)
        if value is None:
            value = f"{time.time_ns():x}"
            cache.add(self.key, value, self.ttl)
            value = cache.get(self.key) or value
        self._value, self._read_at = value, now
        return value

    def bump(self) -> None:
        """A new value now (this process forgets the one it remembered)."""
        cache.set(self.key, f"{time.time_ns():x}", self.ttl)
        self._value, self._read_at = None, 0.0

    def changed(self) -> None:
        """A new value now and again once the current transaction commits: a reader who cached the old rows under the
        first new value, before the commit, is not served them after it."""
        self.bump()
        transaction.on_commit(self.bump)


LISTINGS_VERSION = CacheVersion(VERSION_KEY)


def listings_version() -> str:
    """The current version of the listings, for cache keys (see the module docstring)."""
    return LISTINGS_VERSION.get()


def bump_listings_version() -> None:
    """A new version now and again once the current transaction commits (cached counts and fragments start over)."""
    LISTINGS_VERSION.changed()


def _changed(sender, **kwargs) -> None:
    bump_listings_version()


def connect_version_signals(models: Iterable[type], *, counted: bool = True) -> None:
    """Saves and deletes of ``models`` bump the version; ``counted``: their lists' counts and pages are cached too."""
    for model in models:
        if counted:
            VERSIONED.add(model)
        post_save.connect(_changed, sender=model, dispatch_uid=f"listings-version-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"listings-version-delete-{model._meta.label}")


def connect_listing_events() -> None:
    """Every change the public may see of a listing (``marketplace.signals.listing_changed``: each moderation
    transition, an edit, a new language version of its texts) bumps the version too, also when the service wrote
    without a model signal (``QuerySet.update``)."""
    listing_changed.connect(_listing_changed, dispatch_uid="listings-version-listing-changed")


def _listing_changed(sender, *, listing, **kwargs) -> None:
    # A draft that was never published is on no public page: its changes leave the cached pages alone.
    if getattr(listing, "state", None) != ModerationState.PUBLISHED and getattr(listing, "published_at", True) is None:
        return
    bump_listings_version()


def cached(name: str, compute: Callable[[], object], *parts: object, timeout: int = COUNT_TTL):
    """``compute()`` cached under ``name``, the listings version and ``parts``."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    key = f"listings:{name}:{listings_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def cached_count(queryset: QuerySet) -> int:
    """``queryset.count()``, cached per SQL statement and listings version (a plain count for other models)."""
    if queryset.model not in VERSIONED:
        return queryset.count()
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0
    return cached("count", queryset.count, queryset.model._meta.label, sql, params)


class ListingPaginator(Paginator):
    """Cached counts and pages read ids first for the versioned models (listings); Django's paginator for others."""

    @property
    def count(self) -> int:
        if "_count" not in self.__dict__:
            items = self.object_list
            self.__dict__["_count"] = cached_count(items) if isinstance(items, QuerySet) else len(items)
        return self.__dict__["_count"]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        items = self.object_list
        if not isinstance(items, QuerySet) or items.model not in VERSIONED:
            return self._get_page(items[bottom:top], number, self)
        # Ids first: the ordering index answers OFFSET without reading the rows; then only this page's rows.
        ids = list(items.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in items.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
