"""Readers for the publishing checks: the link contract (links.yml), page ids, redirect stubs,
meta tags, and a PDF's page count. They work on any built site folder."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "links.yml"
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Promise:
    url: str  # relative to site_url: "", "compare/", "compare/#decision-guide"
    covers: str


def load_contract(path: Path = CONTRACT) -> list[Promise]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Promise(url=str(entry["url"]), covers=str(entry["covers"]))
        for group in ("pages", "sections")
        for entry in data[group]
    ]


class _PageReader(HTMLParser):
    """Ids, meta tags, the canonical link, a meta refresh, and links inside tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.refresh: str | None = None
        self.table_links: list[tuple[str, str]] = []
        self._table_depth = 0
        self._link: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta.setdefault(key, []).append(values.get("content", ""))
            if values.get("http-equiv", "").lower() == "refresh":
                self.refresh = values.get("content", "")
        elif tag == "link" and "canonical" in values.get("rel", "").split():
            self.canonical.append(values.get("href", ""))
        elif tag == "table":
            self._table_depth += 1
        elif tag == "a" and self._table_depth and "href" in values:
            self._link, self._href = [], values["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table_depth -= 1
        elif tag == "a" and self._link is not None:
            self.table_links.append((self._href, "".join(self._link).strip()))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data)


def read_page(path: Path) -> _PageReader:
    reader = _PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def file_for(site_dir: Path, url_path: str) -> Path:
    """The file a directory URL is served from: "" -> index.html, "a/" -> a/index.html."""
    path = unquote(url_path)
    return site_dir / (path + "index.html" if path == "" or path.endswith("/") else path)


def redirect_target(page: _PageReader) -> str | None:
    """The URL a redirect stub (meta refresh, as mkdocs-redirects writes) sends readers to."""
    if page.refresh is None:
        return None
    match = re.search(r"url\s*=\s*(.+)$", page.refresh, re.I)
    return html.unescape(match.group(1).strip().strip("'\"")) if match else None


def resolve(site_dir: Path, url: str) -> tuple[str, str | None]:
    """Follow a site-relative URL through redirect stubs to a page.

    Returns (final site-relative path, problem); problem is None when the page and the
    anchor both exist.
    """
    base = "http://site.invalid/"
    path, _, fragment = url.partition("#")
    for _ in range(MAX_REDIRECTS + 1):
        target = file_for(site_dir, path)
        if not target.is_file():
            return path, f"{url}: no page at {path or '/'}"
        page = read_page(target)
        moved = redirect_target(page)
        if moved is None:
            if fragment and unquote(fragment) not in page.ids:
                return path, f"{url}: {path or '/'} has no id {fragment!r}"
            return path, None
        absolute = urljoin(base + path, moved)
        if not absolute.startswith(base):
            return path, f"{url}: redirects off the site, to {moved}"
        # urljoin has resolved "../": what is left is relative to the site's root.
        path, _, moved_fragment = absolute[len(base) :].partition("#")
        fragment = moved_fragment or fragment
    return path, f"{url}: more than {MAX_REDIRECTS} redirects"


def broken_promises(site_dir: Path, promises: list[Promise]) -> list[str]:
    problems = []
    for promise in promises:
        _, problem = resolve(site_dir, promise.url)
        if problem:
            problems.append(problem)
    return problems


def site_relative(href: str, page_url: str) -> str:
    """A link on the page at `page_url` (site-relative, e.g. "instructors/"), made
    site-relative: "../compare/#x" -> "compare/#x"."""
    base = "http://site.invalid/"
    absolute = urljoin(base + page_url, href)
    parts = urlsplit(absolute)
    path = parts.path.lstrip("/")
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF as Chromium writes it: page objects are plain dictionaries."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
