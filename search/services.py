"""Keeping the search index in step with the database: one record at a time (on commit), or everything (reindex).

Works for every registered document type (search.doctypes): listings, projects, services, experts, courses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from django.db.models import Model

from brics_ttc.tasks import enqueue_on_commit
from marketplace.models import ModerationState
from search.backends import get_backend
from search.backends.base import SearchBackend, SearchDocument, SearchQuery
from search.doctypes import all_doctypes, doctype_for, doctype_get, doctype_names
from search.documents import doc_key, doc_type, documents_for, parse_key
from search.embeddings import embeddings_enabled, get_embedder
from search.embeddings.listings import listing_vectors

logger = logging.getLogger(__name__)

MAX_GAP_SCAN = 20


def search_index_listing(*, kind: str, pk: int) -> bool:
    """Index the record if it is published, remove it from the index otherwise; True when it is now indexed."""
    if kind not in doctype_names():
        raise ValueError(f"unknown listing kind: {kind!r}")
    backend = get_backend()
    listing = doctype_get(kind).public().filter(pk=pk).first()
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
    """The hook for every write that can change what search shows (state transitions, edits, translations), for a
    record of any registered document type; apps above search call it (or send ``listing_changed``)."""
    if listing.pk is None:
        return
    doctype = doctype_for(listing)
    if doctype is None:  # not a search document type: nothing to re-index
        return
    if doctype.may_be_indexed is not None:
        if not doctype.may_be_indexed(listing):
            return
    # A moderated record that was never published cannot be in the index: its drafts need no task.
    elif getattr(listing, "state", ModerationState.PUBLISHED) != ModerationState.PUBLISHED and (
        getattr(listing, "published_at", True) is None
    ):
        return
    search_schedule(listing)


def _start(kinds: tuple[str, ...], resume_from: str | None) -> tuple[int, int]:
    """(index into ``kinds``, last pk done) for a resume key; (0, 0) for a fresh run."""
    if not resume_from:
        return 0, 0
    kind, pk = parse_key(resume_from)
    return kinds.index(kind), pk


def search_missing_types(*, backend: SearchBackend) -> list[str]:
    """Document types with published records of which the index holds none (e.g. a type added by an upgrade)."""
    missing = []
    for doctype in all_doctypes():
        published = doctype.model.objects.filter(doctype.published).exists()
        if published and not backend.search(SearchQuery(types=(doctype.name,), limit=0, facets=())).total:
            missing.append(doctype.name)
    return missing


def search_reindex(
    *,
    batch_size: int = 500,
    resume_from: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> str | None:
    """Index every published record of every document type and drop every other one, in pk batches (types in
    registry order); returns the last key done.

    Passing that key as ``resume_from`` continues an interrupted run. Rows that are no longer published, and pks
    missing between two rows (deleted listings), are removed from the index on the way, which repairs drift.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    backend = get_backend()
    backend.ensure_index()
    doctypes = all_doctypes()
    kinds = tuple(doctype.name for doctype in doctypes)
    first_kind, after = _start(kinds, resume_from)
    total = sum(doctype.model.objects.count() for doctype in doctypes)
    done = sum(doctype.model.objects.count() for doctype in doctypes[:first_kind])
    if first_kind < len(doctypes):
        done += doctypes[first_kind].model.objects.filter(pk__lte=after).count()
    last_key = resume_from
    for position, doctype in enumerate(doctypes):
        if position < first_kind:
            continue
        kind, model = doctype.name, doctype.model
        last_pk = after if position == first_kind else 0
        while True:
            batch = list(model.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not batch:
                break
            present = set(batch)
            public = set(model.objects.filter(doctype.published, pk__in=batch).values_list("pk", flat=True))
            published = [pk for pk in batch if pk in public]
            gone = [pk for pk in batch if pk not in public]
            # Deleted rows leave pk gaps; before the very first row, look back a bounded way (a sequence need not
            # start at 1, e.g. PostgreSQL after other tables' tests or a restore). A huge jump is a sequence quirk.
            scan_from = last_pk if last_pk else max(0, batch[0] - MAX_GAP_SCAN * batch_size)
            if batch[-1] - scan_from <= 2 * MAX_GAP_SCAN * batch_size:
                gone += [pk for pk in range(scan_from + 1, batch[-1]) if pk not in present]
            if published:
                _index_with_vectors(backend, kind, list(doctype.queryset().filter(pk__in=published).order_by("pk")))
            if gone:
                backend.delete([doc_key(kind, pk) for pk in gone])
            last_pk = batch[-1]
            last_key = doc_key(kind, last_pk)
            done += len(batch)
            if progress:
                progress(done, total, last_key)
    return last_key
