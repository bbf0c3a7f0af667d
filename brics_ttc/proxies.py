"""Who is asking: the client address, decided once per request from the configured trusted proxies.

Every rate limit keys on the client address: DRF's throttles (``get_ident``), django-allauth's login and sign-up
limits, the bid throttle. A header is only worth what the hop that wrote it is worth, so ``X-Forwarded-For`` is read
only when the TCP peer is one of ``TRUSTED_PROXIES`` (addresses or CIDR networks; empty = trust none), and only
as far back as the chain of trusted proxies goes: walking from the right, the first address that is not a trusted
proxy is the client. Whatever a client writes further left is ignored, so rotating the header changes nothing.

``ClientAddressMiddleware`` (first in ``MIDDLEWARE``) writes the decision into ``REMOTE_ADDR``, where DRF
(``NUM_PROXIES = 0``) and allauth (``accounts.adapter``) read it. uvicorn is given the same list
(``--forwarded-allow-ips``, see the Dockerfile), so its ``scope["client"]`` and access log agree.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# The TCP peer, kept on the request before REMOTE_ADDR is replaced by the client address (for logs and debugging).
PEER_META_KEY = "BRICS_PEER_ADDR"


@functools.cache
def trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """``TRUSTED_PROXIES`` parsed once; a malformed entry stops the start, it must not silently trust nothing."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an address or a network") from error
    return tuple(networks)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a header item: ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1``, ``[2001:db8::1]:5678``."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_address(peer: str, forwarded_for: str | None, trusted: Iterable[IPNetwork]) -> str:
    """The client behind ``peer``: ``peer`` itself unless it is a trusted proxy, then the nearest untrusted hop."""
    trusted = tuple(trusted)

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted if address.version == network.version)

    current = _address(peer)
    if current is None:
        return peer
    if not forwarded_for or not is_trusted(current):
        return str(current)
    for item in reversed(forwarded_for.split(",")):
        hop = _address(item)
        if hop is None:  # a trusted proxy never writes garbage: stop at the last address we can vouch for
            break
        current = hop
        if not is_trusted(hop):
            break
    return str(current)


def client_ip(request: HttpRequest) -> str:
    """The client address of ``request`` (after ``ClientAddressMiddleware``, simply ``REMOTE_ADDR``)."""
    if PEER_META_KEY in request.META:
        return request.META["REMOTE_ADDR"]
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        trusted_networks(tuple(settings.TRUSTED_PROXIES)),
    )


class ClientAddressMiddleware:
    """Replaces ``REMOTE_ADDR`` with the client address, so every rate limit downstream keys on the same identity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_ip(request)
        request.META[PEER_META_KEY] = request.META.get("REMOTE_ADDR", "")
        request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
