"""Listing vectors: what text of a listing is embedded, and the store that re-embeds only text that changed."""

from __future__ import annotations

import hashlib
import logging

import numpy as np
from django.db import transaction
from django.db.models import Model

from search.documents import record_texts
from search.embeddings import embeddings_enabled, get_embedder
from search.embeddings.base import EmbeddingUnavailable
from search.models import ListingEmbedding

logger = logging.getLogger(__name__)

# The source-language fields embedded, in this order; the description only by its start. The cost of a passage
# grows faster than its length (attention over its tokens): a 1,500-character passage costs ~20 times a title, so
# the passage is capped where the listing's gist is (bench/vectors.py measures the throughput).
PASSAGE_FIELDS = ("title", "summary", "keywords", "description")
DESCRIPTION_CHARS = 300
PASSAGE_CHARS = 700


def passage_text(listing: Model) -> str:
    """Title, summary, keywords and the start of the description, in the author's language (not translations), of a
    record of any document type (its texts as its search document names them)."""
    return passage_of(record_texts(listing).get(listing.source_language or "en", {}))


def passage_of(texts: dict[str, str], fields: tuple[str, ...] = PASSAGE_FIELDS) -> str:
    """The passage embedded for one language's ``texts`` (field -> text): ``fields`` in order, the description cut
    to ``DESCRIPTION_CHARS``, the whole to ``PASSAGE_CHARS``."""
    parts = []
    for name in fields:
        value = texts.get(name, "")
        if name == "description":
            value = value[:DESCRIPTION_CHARS]
        if value:
            parts.append(value)
    return "\n".join(parts)[:PASSAGE_CHARS]


def _hash(space: str, text: str) -> str:
    return hashlib.sha256(f"{space}\n{text}".encode()).hexdigest()


def listing_vectors(*, kind: str, listings: list[Model]) -> dict[int, tuple[float, ...]]:
    """Vectors by listing pk: stored ones whose text and model are unchanged, the others embedded in one batch and
    stored. Listings without text, or all of them while the embedding engine is down, get none (logged)."""
    if not listings or not embeddings_enabled():
        return {}
    provider = get_embedder()
    texts = {listing.pk: passage_text(listing) for listing in listings}
    hashes = {pk: _hash(provider.space, text) for pk, text in texts.items() if text}
    stored = {
        row.listing_id: row
        for row in ListingEmbedding.objects.filter(kind=kind, listing_id__in=list(hashes)).only(
            "listing_id", "text_hash", "vector"
        )
    }
    vectors: dict[int, tuple[float, ...]] = {}
    stale = []
    for pk, text_hash in hashes.items():
        row = stored.get(pk)
        if row is not None and row.text_hash == text_hash:
            vectors[pk] = tuple(np.frombuffer(bytes(row.vector), dtype=np.float32).tolist())
        else:
            stale.append(pk)
    if not stale:
        return vectors
    try:
        computed = provider.passages([texts[pk] for pk in stale])
    except EmbeddingUnavailable as exc:
        logger.warning("embeddings unavailable, %s %s listings indexed without vectors: %s", len(stale), kind, exc)
        return vectors
    with transaction.atomic():
        for pk, vector in zip(stale, computed, strict=True):
            ListingEmbedding.objects.update_or_create(
                kind=kind,
                listing_id=pk,
                defaults={"space": provider.space, "text_hash": hashes[pk], "vector": vector.tobytes()},
            )
            vectors[pk] = tuple(vector.tolist())
    return vectors


def stored_vector(*, kind: str, pk: int) -> np.ndarray | None:
    """The stored vector of one listing in the current model's space, or None."""
    if not embeddings_enabled():
        return None
    row = ListingEmbedding.objects.filter(kind=kind, listing_id=pk, space=get_embedder().space).only("vector").first()
    return None if row is None else np.frombuffer(bytes(row.vector), dtype=np.float32)
