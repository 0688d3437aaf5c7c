"""A guard that refuses, and records, every network connection to a host other than loopback.

It patches the socket layer before anything is sent (even the DNS look-up), so a build that
tries to reach a CDN fails the test without a single packet leaving the machine.
"""

from __future__ import annotations

import ipaddress
import socket
from types import TracebackType
from typing import Any

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class OutsideConnectionError(ConnectionRefusedError):
    """Raised in place of a connection to a host that is not loopback."""


def is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths (bytes or str without a host part) stay on the machine
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> NetworkGuard:
        self._saved = {
            "connect": socket.socket.connect,
            "connect_ex": socket.socket.connect_ex,
            "getaddrinfo": socket.getaddrinfo,
        }
        guard = self

        def guarded_connect(sock: socket.socket, address: Any) -> Any:
            guard._check(address[0] if isinstance(address, tuple) else address)
            return guard._saved["connect"](sock, address)

        def guarded_connect_ex(sock: socket.socket, address: Any) -> Any:
            guard._check(address[0] if isinstance(address, tuple) else address)
            return guard._saved["connect_ex"](sock, address)

        def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard._check(host.decode() if isinstance(host, bytes) else host)
            return guard._saved["getaddrinfo"](host, *args, **kwargs)

        socket.socket.connect = guarded_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = guarded_getaddrinfo  # type: ignore[assignment]
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        socket.socket.connect = self._saved["connect"]  # type: ignore[method-assign]
        socket.socket.connect_ex = self._saved["connect_ex"]  # type: ignore[method-assign]
        socket.getaddrinfo = self._saved["getaddrinfo"]  # type: ignore[assignment]

    def _check(self, host: object) -> None:
        if host is None or is_loopback(host):
            return
        self.attempts.append(str(host))
        raise OutsideConnectionError(f"network guard: refused a connection to {host!r}")

    def assert_no_outside_connection(self) -> None:
        # Code under test may swallow the refusal (mermaid2 does), so check the record too.
        assert not self.attempts, f"the build tried to reach other hosts: {self.attempts}"
