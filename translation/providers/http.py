"""HTTP plumbing shared by the engines that run as web services: one place turns network trouble into ProviderError.

Every call has a total deadline (the client's timeout, ``TRANSLATION_HTTP_TIMEOUT``): connecting, sending and each
read wait at most that long, and the body is read in chunks with the clock checked between them, so an engine that
accepts the connection and then never answers, or trickles its answer, costs one deadline, not minutes. Calls go
through the engine's circuit breaker (``translation.providers.breaker``).
"""

from __future__ import annotations

import time

import httpx

from translation.providers.base import ProviderError
from translation.providers.breaker import breaker_for

USER_AGENT = "brics-ttc-translation/1"


def client(base_url: str, timeout: float, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=base_url.rstrip("/"), timeout=timeout, headers={"User-Agent": USER_AGENT}, transport=transport
    )


def _read_before(response: httpx.Response, deadline: float, what: str) -> httpx.Response:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if time.monotonic() > deadline:
            raise ProviderError(f"{what}: no complete answer within the deadline")
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("content-encoding", "content-length")]
    return httpx.Response(response.status_code, headers=headers, content=bytes(body), request=response.request)


def send(http: httpx.Client, method: str, path: str, **kwargs) -> httpx.Response:
    """Send a request; timeouts, refused connections, 5xx and 429 become ProviderError (worth retrying)."""
    what = f"{method} {http.base_url}{path}"
    breaker = breaker_for(str(http.base_url))
    breaker.check()
    deadline = time.monotonic() + (http.timeout.read or 0)
    try:
        try:
            with http.stream(method, path, **kwargs) as streamed:
                response = _read_before(streamed, deadline, what)
        except httpx.TimeoutException as exc:
            raise ProviderError(f"{what}: timed out ({exc})") from exc
        except httpx.HTTPError as exc:
            raise ProviderError(f"{what}: {exc}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderError(f"{what}: HTTP {response.status_code} {response.text[:200]}")
    except ProviderError as exc:
        breaker.failed(str(exc))
        raise
    breaker.succeeded()
    return response


def json_body(response: httpx.Response) -> dict | list:
    try:
        return response.json()
    except ValueError as exc:
        raise ProviderError(f"{response.request.url}: not JSON: {response.text[:200]!r}") from exc
