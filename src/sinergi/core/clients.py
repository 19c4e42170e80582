"""The address of the client that sent a request, read correctly behind a reverse proxy.

REMOTE_ADDR is the peer of the connection: behind nginx that is the proxy, the same address for
everyone. X-Forwarded-For is believed only when that peer is one of SINERGI_TRUSTED_PROXIES
(addresses or networks): its entries are read from the right (the hop the nearest proxy saw
first), trusted proxies are skipped, and the first address that is not a trusted proxy is the
client. With no trusted proxy (the default) the header is ignored and REMOTE_ADDR is the client:
anyone can write an X-Forwarded-For header, so believing it from anyone would let a client pick
its own address (and escape every limit kept per address).

Used by the check-in rate limits (meetings.attendance) and by the login throttling (django-axes,
AXES_CLIENT_IP_CALLABLE)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"SINERGI_TRUSTED_PROXIES: {exc}") from None


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # "::ffff:127.0.0.1" from a dual-stack socket
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address ("" when the server was given none)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks(tuple(getattr(settings, "SINERGI_TRUSTED_PROXIES", ())))
    peer = _address(remote)
    if not networks or peer is None or not _trusted(peer, networks):
        return remote
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # malformed: stop at the last address a trusted proxy vouched for
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def axes_client_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same address for the login throttling (None if unknown)."""
    return client_address(request) or None
