"""Keeping the search index in step with the database: one listing at a time (on commit), or everything (reindex)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from django.db.models import Model

from brics_ttc.tasks import enqueue_on_commit
from marketplace.models import ModerationState
from search.backends import get_backend
from search.backends.base import SearchBackend, SearchDocument
from search.documents import MODELS, doc_key, doc_type, documents_for, listing_queryset, parse_key
from search.embeddings import embeddings_enabled, get_embedder
from search.embeddings.listings import listing_vectors

logger = logging.getLogger(__name__)

KINDS = ("achievement", "demand")  # reindex order; a resume key points into it
MAX_GAP_SCAN = 20


def search_index_listing(*, kind: str, pk: int) -> bool:
    """Index the listing if it is published, remove it from the index otherwise; True when it is now indexed."""
    if kind not in MODELS:
        raise ValueError(f"unknown listing kind: {kind!r}")
    backend = get_backend()
    listing = listing_queryset(kind).filter(pk=pk, state=ModerationState.PUBLISHED).first()
    if listing is None:
        backend.delete([doc_key(kind, pk)])
        return False
    _index_with_vectors(backend, kind, [listing])
    return True


def _index_with_vectors(backend: SearchBackend, kind: str, listings: list[Model]) -> None:
    """Index the listings' documents with their vectors (embedding only text that changed since last time)."""
    documents: list[SearchDocument] = list(documents_for(listings))
    if embeddings_enabled():
        space = get_embedder().space
        if backend.vector_space() != space:
            # A new model (or a fresh index): the old vectors are not comparable, so none is kept.
            backend.reset_vectors(space)
        vectors = listing_vectors(kind=kind, listings=listings)
        documents = [replace(document, vector=vectors.get(document.pk, ())) for document in documents]
    backend.index(documents)


def search_remove_listing(*, kind: str, pk: int) -> None:
    """Take a listing out of the index (unknown keys are ignored)."""
    get_backend().delete([doc_key(kind, pk)])


def search_schedule(listing: Model) -> None:
    """Re-index ``listing`` after the current transaction commits; a rollback indexes nothing."""
    # robust: a broker or engine outage must not turn a saved listing into an error page.
    enqueue_on_commit("search.tasks.search_index_listing_task", doc_type(listing), listing.pk, robust=True)


def search_on_listing_change(listing: Model) -> None:
    """The hook for every write that can change what search shows (state transitions, edits, translations)."""
    if listing.pk is None:
        return
    # Listing types that are not (yet) search document types (projects) have nothing to re-index.
    if not isinstance(listing, tuple(MODELS.values())):
        return
    # A listing that was never published cannot be in the index: its drafts need no task.
    if listing.state != ModerationState.PUBLISHED and listing.published_at is None:
        return
    search_schedule(listing)


def _start(resume_from: str | None) -> tuple[int, int]:
    """(index into KINDS, last pk done) for a resume key; (0, 0) for a fresh run."""
    if not resume_from:
        return 0, 0
    kind, pk = parse_key(resume_from)
    return KINDS.index(kind), pk


def search_reindex(
    *,
    batch_size: int = 500,
    resume_from: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> str | None:
    """Index every published listing and drop every other one, in pk batches; returns the last key done.

    Passing that key as ``resume_from`` continues an interrupted run. Rows that are no longer published, and pks
    missing between two rows (deleted listings), are removed from the index on the way, which repairs drift.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    backend = get_backend()
    backend.ensure_index()
    first_kind, after = _start(resume_from)
    total = sum(MODELS[kind].objects.count() for kind in KINDS)
    done = sum(MODELS[kind].objects.count() for kind in KINDS[:first_kind])
    if first_kind < len(KINDS):
        done += MODELS[KINDS[first_kind]].objects.filter(pk__lte=after).count()
    last_key = resume_from
    for position, kind in enumerate(KINDS):
        if position < first_kind:
            continue
        model = MODELS[kind]
        last_pk = after if position == first_kind else 0
        while True:
            rows = list(model.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "state")[:batch_size])
            if not rows:
                break
            published = [pk for pk, state in rows if state == ModerationState.PUBLISHED]
            present = {pk for pk, _state in rows}
            gone = [pk for pk, state in rows if state != ModerationState.PUBLISHED]
            # Deleted rows leave pk gaps; before the very first row, look back a bounded way (a sequence need not
            # start at 1, e.g. PostgreSQL after other tables' tests or a restore). A huge jump is a sequence quirk.
            scan_from = last_pk if last_pk else max(0, rows[0][0] - MAX_GAP_SCAN * batch_size)
            if rows[-1][0] - scan_from <= 2 * MAX_GAP_SCAN * batch_size:
                gone += [pk for pk in range(scan_from + 1, rows[-1][0]) if pk not in present]
            if published:
                _index_with_vectors(backend, kind, list(listing_queryset(kind).filter(pk__in=published).order_by("pk")))
            if gone:
                backend.delete([doc_key(kind, pk) for pk in gone])
            last_pk = rows[-1][0]
            last_key = doc_key(kind, last_pk)
            done += len(rows)
            if progress:
                progress(done, total, last_key)
    return last_key
