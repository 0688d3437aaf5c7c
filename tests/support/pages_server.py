"""Serve a built site from 127.0.0.1 under a sub-path, answering unknown paths as GitHub Pages does.

GitHub Pages serves a project site at https://USER.github.io/REPO/: directory URLs resolve to
index.html, and a path that matches no file gets the site's own 404.html with status 404.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from pathlib import Path
from types import TracebackType
from typing import ClassVar
from urllib.parse import quote, unquote, urlsplit

_COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"}


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    # mtime_ns is part of the cache key, so a rebuilt file is compressed again.
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    # Module scripts are refused unless served with a JavaScript MIME type.
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }
    site_dir: Path
    sub_path: str

    def __init__(self, *args: object, site_dir: Path, sub_path: str, **kwargs: object) -> None:
        self.site_dir = site_dir
        self.sub_path = sub_path
        super().__init__(*args, directory=str(site_dir), **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output readable

    def send_head(self):  # type: ignore[no-untyped-def]
        path = unquote(urlsplit(self.path).path)
        if path == self.sub_path.rstrip("/"):
            return self._redirect(self.sub_path)
        target = self._resolve(path) if path.startswith(self.sub_path) else None
        if target is None:
            return self._not_found()
        if target.is_dir() and not path.endswith("/"):
            return self._redirect(path + "/")
        file = target / "index.html" if target.is_dir() else target
        if self._accepts_gzip() and file.suffix in _COMPRESSIBLE:
            return self._send_gzipped(file)
        # The base handler unquotes again, so hand it the path quoted.
        self.path = "/" + quote(path[len(self.sub_path) :])
        return super().send_head()

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def _send_gzipped(self, target: Path):  # type: ignore[no-untyped-def]
        # GitHub Pages compresses text on the fly; page weights and Lighthouse's network
        # simulation are only realistic if this server does too.
        body = _gzipped(target, target.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def _resolve(self, path: str) -> Path | None:
        relative = path[len(self.sub_path) :]
        candidate = (self.site_dir / relative).resolve()
        if self.site_dir.resolve() not in (candidate, *candidate.parents):
            return None
        if candidate.is_dir():
            # A directory without its trailing slash is redirected by the base handler.
            return candidate if (candidate / "index.html").is_file() else None
        return candidate if candidate.is_file() else None

    def _redirect(self, location: str):  # type: ignore[no-untyped-def]
        self.send_response(301)
        self.send_header("Location", location)
        self.end_headers()
        return None

    def _not_found(self):  # type: ignore[no-untyped-def]
        body = (self.site_dir / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class PagesServer:
    def __init__(self, site_dir: Path, sub_path: str) -> None:
        handler = functools.partial(_PagesHandler, site_dir=site_dir, sub_path=sub_path)
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.sub_path = sub_path
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.base_url = self.origin + sub_path
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PagesServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
