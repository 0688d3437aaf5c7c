"""A local HTTP server with one path per answer a link checker meets, counting every request.

Bound to a loopback address only (127.0.0.1, or 127.0.0.2 for the guard's tests): the tests
that use it never send a packet off this machine.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path -> (status, headers); the special paths are answered in Handler.answer.
SIMPLE = {
    "/ok": (200, {}),
    "/ok/": (200, {}),
    "/": (200, {}),
    "/moved": (301, {"Location": "/ok"}),  # a permanent move to another page
    "/moved-308": (308, {"Location": "/ok"}),
    "/page": (301, {"Location": "/page/"}),  # the same page with a slash
    "/page/": (200, {}),
    "/for-now": (302, {"Location": "/ok"}),  # a temporary redirect: followed quietly
    "/removed": (302, {"Location": "/"}),  # a removed page sent to the home page
    "/loop": (302, {"Location": "/loop"}),
    "/bad-port": (302, {"Location": "http://127.0.0.1:99999/"}),
    "/missing": (404, {}),
    "/gone": (410, {}),
    "/forbidden": (403, {}),
    "/login": (401, {}),
    "/always-busy": (503, {"Retry-After": "0"}),
    "/rate-limited": (429, {"Retry-After": "0"}),
    "/secret": (200, {}),
    "/x": (200, {}),
}


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), Handler)
        self.requests: Counter[str] = Counter()
        self.request_times: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def hits(self) -> int:
        return sum(self.requests.values())


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_HEAD(self) -> None:
        self.answer(send_body=False)

    def do_GET(self) -> None:
        self.answer(send_body=True)

    def answer(self, send_body: bool) -> None:
        path = self.path
        with self.server.lock:  # requests arrive on several threads at once
            self.server.requests[f"{self.command} {path}"] += 1
            self.server.request_times.setdefault(path, []).append(time.monotonic())
        if path in SIMPLE:
            status, headers = SIMPLE[path]
            self.reply(status, send_body, headers)
        elif path == "/to-localhost":  # a public page sending the checker to the runner itself
            self.reply(302, send_body, {"Location": f"http://localhost:{self.server.port}/secret"})
        elif path == "/busy-once":  # 429 with Retry-After, then fine
            first = len(self.server.request_times[path]) == 1
            self.reply(429 if first else 200, send_body, {"Retry-After": "1"} if first else {})
        elif path == "/no-head":  # some servers refuse HEAD but answer GET
            self.reply(405 if self.command == "HEAD" else 200, send_body)
        elif path == "/head-404":  # and some say 404 to HEAD alone
            self.reply(404 if self.command == "HEAD" else 200, send_body)
        elif path.startswith("/hold/"):  # answers slowly, counting requests served at once
            with self.server.lock:
                self.server.in_flight += 1
                self.server.most_in_flight = max(self.server.most_in_flight, self.server.in_flight)
            time.sleep(0.2)
            with self.server.lock:
                self.server.in_flight -= 1
            self.reply(200, send_body)
        elif path.split("?")[0] == "/slow":
            time.sleep(1.5)
            self.reply(200, send_body)
        elif path == "/reset":
            # SO_LINGER with a zero timeout makes close() send a TCP reset.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self.reply(500, send_body)

    def reply(self, status: int, send_body: bool, headers: dict[str, str] | None = None) -> None:
        body = b"hello"
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@contextmanager
def running(host: str = "127.0.0.1") -> Iterator[LocalServer]:
    local = LocalServer(host)
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        local.shutdown()
        local.server_close()
