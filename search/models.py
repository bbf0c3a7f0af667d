"""What search keeps in the database: each listing's embedding, so a re-index re-embeds only text that changed."""

from __future__ import annotations

from django.db import models


class ListingEmbedding(models.Model):
    """The vector of one listing's source-language text in one embedding space (model/dimension)."""

    # Internal bookkeeping of the indexer, never shown to anyone: no translated labels.
    kind = models.CharField(max_length=16)
    listing_id = models.PositiveBigIntegerField()
    space = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "listing_id"], name="listing_embedding_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.listing_id} ({self.space})"
