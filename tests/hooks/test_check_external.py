"""hooks/check_external.py against a local HTTP server on 127.0.0.1 (no other host is contacted)."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, CHECK_EXTERNAL, BuildSite

CONFIG_WITH_BOTH_HOOKS = BASE_CONFIG.replace("hooks:\n", f"hooks:\n  - {CHECK_EXTERNAL}\n")


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: Counter[str] = Counter()
        self.request_times: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


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
        if path == "/ok":
            self.reply(200, send_body)
        elif path == "/moved":
            self.reply(301, send_body, {"Location": "/ok"})
        elif path == "/missing":
            self.reply(404, send_body)
        elif path == "/busy-once":  # 429 with Retry-After, then fine
            first = len(self.server.request_times[path]) == 1
            self.reply(429 if first else 200, send_body, {"Retry-After": "1"} if first else {})
        elif path == "/always-busy":
            self.reply(503, send_body, {"Retry-After": "0"})
        elif path == "/no-head":  # some servers refuse HEAD but answer GET
            self.reply(405 if self.command == "HEAD" else 200, send_body)
        elif path.startswith("/hold/"):  # answers slowly, counting requests served at once
            with self.server.lock:
                self.server.in_flight += 1
                self.server.most_in_flight = max(self.server.most_in_flight, self.server.in_flight)
            time.sleep(0.2)
            with self.server.lock:
                self.server.in_flight -= 1
            self.reply(200, send_body)
        elif path == "/slow":
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


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test if the checker tries to resolve any host but 127.0.0.1."""
    attempts: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if host not in {"127.0.0.1", "localhost"}:
            attempts.append(str(host))
            raise socket.gaierror(f"test guard: no lookups of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield attempts
    assert attempts == [], f"the checker tried to contact {attempts}"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield local
    local.shutdown()
    local.server_close()


@pytest.fixture
def external_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> dict[str, str]:
    settings = {
        "CHECK_EXTERNAL_LINKS": "1",
        "CHECK_EXTERNAL_LINKS_TIMEOUT": "0.5",
        "CHECK_EXTERNAL_LINKS_RETRIES": "1",
        "CHECK_EXTERNAL_LINKS_CACHE": str(tmp_path / "cache" / "links.json"),
        # The theme's footer links to mkdocs.org: tests contact no host but 127.0.0.1.
        "CHECK_EXTERNAL_LINKS_IGNORE": "https://www.mkdocs.org/*",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return settings


def page_linking(base: str, paths: list[str]) -> dict[str, str]:
    links = "\n".join(f"- [{path}]({base}{path})" for path in paths)
    return {"index.md": f"# Home\n\n{links}\n"}


ALL_PATHS = [
    "/ok",
    "/moved",
    "/missing",
    "/busy-once",
    "/always-busy",
    "/no-head",
    "/slow",
    "/reset",
]


def test_nothing_is_checked_unless_asked(build_site: BuildSite, server: LocalServer) -> None:
    site = build_site(page_linking(server.base, ALL_PATHS), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    assert not server.requests


def test_external_links_answers(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    site = build_site(page_linking(server.base, ALL_PATHS), base_config=CONFIG_WITH_BOTH_HOOKS)
    base = server.base
    line = {path: ALL_PATHS.index(path) + 3 for path in ALL_PATHS}
    assert site.warnings == [
        f"Doc file 'index.md' line {line['/always-busy']} contains a link "
        f"'{base}/always-busy', but the server answered 503 Service Unavailable.",
        f"Doc file 'index.md' line {line['/missing']} contains a link '{base}/missing', "
        "but the server answered 404 Not Found.",
        f"Doc file 'index.md' line {line['/reset']} contains a link '{base}/reset', "
        "but the connection failed (ConnectionResetError: [Errno 104] Connection reset by peer).",
        f"Doc file 'index.md' line {line['/slow']} contains a link '{base}/slow', "
        "but the server did not answer within 0.5 seconds.",
    ]
    # 429 was retried after the Retry-After second, then succeeded.
    busy = server.request_times["/busy-once"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9
    # A refused HEAD falls back to GET; a redirect is followed.
    assert server.requests["HEAD /no-head"] == 1 and server.requests["GET /no-head"] == 1
    # The redirect is followed (urllib follows it with GET) and the link counts as working.
    assert server.requests["HEAD /moved"] == 1 and server.requests["GET /ok"] == 1
    # Busy and unreachable servers are tried again (retries=1); a 404 is not.
    assert server.requests["HEAD /always-busy"] == 2
    assert server.requests["HEAD /missing"] == 1 and server.requests["GET /missing"] == 1

    cache = json.loads(Path(external_env["CHECK_EXTERNAL_LINKS_CACHE"]).read_text())
    assert sorted(cache) == sorted(
        f"{base}{p}" for p in ["/ok", "/moved", "/busy-once", "/no-head"]
    )


def test_at_most_two_requests_at_once_to_one_host(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    paths = [f"/hold/{number}" for number in range(8)]
    site = build_site(page_linking(server.base, paths), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    assert sum(server.requests.values()) == 8
    assert server.most_in_flight == 2  # eight workers, but a polite two per server


def test_cache_skips_recent_successes_and_never_failures(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str], monkeypatch
) -> None:
    docs = page_linking(server.base, ["/ok", "/missing"])
    build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /ok"] == 1
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /ok"] == 1  # answered from the cache
    assert server.requests["HEAD /missing"] == 2  # failures are never cached
    assert len(site.warnings) == 1
    assert any("(1 from the cache)" in line for line in site.infos)

    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_MAX_AGE", "0")  # every cached answer too old
    build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /ok"] == 2


def test_unreadable_cache_is_replaced(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str], tmp_path
) -> None:
    cache_path = tmp_path / "cache" / "links.json"
    cache_path.parent.mkdir()
    cache_path.write_text("{not json")
    site = build_site(page_linking(server.base, ["/ok"]), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    assert any("is unreadable" in line and "starting afresh" in line for line in site.infos)
    assert list(json.loads(cache_path.read_text())) == [f"{server.base}/ok"]


def test_bad_setting_is_a_clear_error(build_site: BuildSite, monkeypatch, caplog) -> None:
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("CHECK_EXTERNAL_LINKS", "1")
    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_TIMEOUT", "soon")
    with pytest.raises(Abort):
        build_site({"index.md": "# Home\n"}, base_config=CONFIG_WITH_BOTH_HOOKS)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        "CHECK_EXTERNAL_LINKS_TIMEOUT must be a number of seconds (or tries) >= 0, not 'soon'."
    ]


@pytest.fixture(scope="module")
def external_module():
    """sitecheck/external.py, where hooks/check_external.py asks the servers."""
    from sitecheck import external

    return external


def test_retry_after_as_seconds_or_http_date(external_module) -> None:
    in_ten_seconds = formatdate(time.time() + 10, usegmt=True)
    assert 8 <= external_module.parse_retry_after(in_ten_seconds) <= 10
    assert external_module.parse_retry_after("7") == 7
    assert external_module.parse_retry_after("3600") == 60  # capped: a build does not wait an hour
    assert external_module.parse_retry_after("soon") is None


def test_urls_are_taken_one_host_at_a_time(external_module) -> None:
    urls = ["https://a.test/1", "https://a.test/2", "https://a.test/3", "https://b.test/1"]
    assert external_module.interleave_by_host(urls) == [
        "https://a.test/1",
        "https://b.test/1",
        "https://a.test/2",
        "https://a.test/3",
    ]
