"""HTTP plumbing shared by the engines that run as web services: one place turns network trouble into ProviderError."""

from __future__ import annotations

import httpx

from translation.providers.base import ProviderError

USER_AGENT = "brics-ttc-translation/1"


def client(base_url: str, timeout: float, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=base_url.rstrip("/"), timeout=timeout, headers={"User-Agent": USER_AGENT}, transport=transport
    )


def send(http: httpx.Client, method: str, path: str, **kwargs) -> httpx.Response:
    """Send a request; timeouts, refused connections, 5xx and 429 become ProviderError (worth retrying)."""
    try:
        response = http.request(method, path, **kwargs)
    except httpx.TimeoutException as exc:
        raise ProviderError(f"{method} {http.base_url}{path}: timed out ({exc})") from exc
    except httpx.HTTPError as exc:
        raise ProviderError(f"{method} {http.base_url}{path}: {exc}") from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise ProviderError(f"{method} {http.base_url}{path}: HTTP {response.status_code} {response.text[:200]}")
    return response


def json_body(response: httpx.Response) -> dict | list:
    try:
        return response.json()
    except ValueError as exc:
        raise ProviderError(f"{response.request.url}: not JSON: {response.text[:200]!r}") from exc
