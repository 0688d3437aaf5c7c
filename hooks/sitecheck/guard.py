"""Where an external link check may connect: public addresses only, unless a host is allowed.

A link is text anyone can write, in a pull request too. Unguarded, `http://169.254.169.254/`
would make the runner ask its cloud's metadata service, and `http://10.0.0.5/` its own
network. So a name is resolved once, every address it resolves to is judged, and the socket
is opened to a judged address: a name that resolves elsewhere the second time (DNS
rebinding) gains nothing. Connections are made here with http.client, which never reads the
environment's proxy settings, so no proxy carries a refused request around the guard.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Cloud metadata services: AWS, GCP, Azure and others on 169.254.169.254 (link-local anyway),
# AWS's IPv6 one, Alibaba's (in the shared 100.64.0.0/10 range). Named apart, for the report.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(text) for text in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


class RefusedAddress(OSError):
    """A connection the guard refused before any packet was sent."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        shown = host if host == address else f"{host}' resolves to '{address}"
        super().__init__(f"'{shown}', {kind}")
        self.host, self.address, self.kind = host, address, kind


def address_kind(address: str) -> str | None:
    """What makes an IP address off limits ("a loopback address"…), or None if it is public."""
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 scope ("fe80::1%eth0") aside
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 reaches 10.0.0.1
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global or ip.is_multicast or ip.is_reserved:  # shared (100.64.0.0/10)…
        return "a reserved, not public, address"
    return None


def is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class AddressPolicy:
    """Refuse every non-public address, except for hosts allowed by name as the URL writes
    them (a test's "127.0.0.1" allows that address only, not "localhost")."""

    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def allowing(cls, hosts: Iterable[str]) -> AddressPolicy:
        return cls(frozenset(host.strip("[]").lower() for host in hosts))

    def check(self, host: str, address: str) -> None:
        if host.lower() in self.allowed_hosts:
            return
        if kind := address_kind(address):
            raise RefusedAddress(host, address, kind)


def open_checked_socket(
    host: str, port: int, timeout: float | None, policy: AddressPolicy
) -> socket.socket:
    """Resolve, judge every address (one refused address refuses the name), then connect to
    a judged address itself, never to the name again."""
    if is_address(host):  # judged before any resolver is asked
        policy.check(host, host)
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in found:
        policy.check(host, str(sockaddr[0]))
    error: OSError | None = None
    for family, kind, protocol, _, sockaddr in found:
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error or OSError(f"'{host}' resolves to no address")


def connection(scheme: str, host: str, port: int | None, timeout: float, policy: AddressPolicy):
    """An http.client connection whose socket goes through the guard."""
    base = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    # The port always given: without it, http.client reads "::1" as host ":" and port 1.
    made: Any = base(host, port or (443 if scheme == "https" else 80), timeout=timeout)

    def create(address: tuple[str, int], timeout: Any = None, source: Any = None) -> socket.socket:
        return open_checked_socket(address[0], address[1], timeout, policy)

    # http.client opens its socket through this attribute (HTTPS then wraps that socket for
    # `host`, so certificates are still checked against the name, not the address).
    made._create_connection = create
    return made
