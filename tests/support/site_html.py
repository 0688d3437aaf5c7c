"""Small readers of the built site's HTML, CSS and JavaScript, shared by the tests."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any


@dataclass(frozen=True)
class MermaidBlock:
    source: str
    acc_title: str
    acc_descr: str


_MERMAID_PRE = re.compile(r'<pre[^>]*class="mermaid"[^>]*><code>(.*?)</code></pre>', re.S)
_ACC_TITLE = re.compile(r"^\s*accTitle\s*:\s*(.+?)\s*$", re.M)
_ACC_DESCR_LINE = re.compile(r"^\s*accDescr\s*:\s*(.+?)\s*$", re.M)
_ACC_DESCR_BLOCK = re.compile(r"^\s*accDescr\s*\{(.*?)\}", re.M | re.S)


def mermaid_blocks(page_html: str) -> list[MermaidBlock]:
    blocks = []
    for match in _MERMAID_PRE.finditer(page_html):
        source = html.unescape(match.group(1))
        title = _ACC_TITLE.search(source)
        descr = _ACC_DESCR_LINE.search(source) or _ACC_DESCR_BLOCK.search(source)
        blocks.append(
            MermaidBlock(
                source=source,
                acc_title=title.group(1) if title else "",
                acc_descr=" ".join(descr.group(1).split()) if descr else "",
            )
        )
    return blocks


def nav_source_files(nav: list[Any]) -> list[str]:
    """The Markdown files named in a `nav:` tree, in order."""
    files: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            files.extend(nav_source_files(value))
        elif isinstance(value, str) and value.endswith(".md"):
            files.append(value)
    return files


def output_path_for(source: str) -> str:
    """Where MkDocs writes a doc with directory URLs: a/b.md -> a/b/index.html."""
    path = PurePosixPath(source)
    if path.stem in {"index", "README"}:
        return (path.parent / "index.html").as_posix()
    return (path.parent / path.stem / "index.html").as_posix()


# What a browser fetches on its own when it reads a page: scripts, styles, icons, images,
# frames and media. Plain <a href> links are navigation, not loads.
_LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
}
_LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")
_JS_IMPORT = re.compile(r"""(?:\bimport\s*\(?\s*|\bfrom\s*|importScripts\(\s*)["'`]([^"'`]+)""")
# Hosts that serve code, fonts or tracking: a URL to one of them anywhere in a script is a
# load waiting to happen, whatever the code around it looks like.
_THIRD_PARTY_ASSET_HOSTS = re.compile(
    r"""["'`](https?:)?//(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|"""
    r"""cdn\.skypack\.dev|fonts\.googleapis\.com|fonts\.gstatic\.com|[a-z.]*google-analytics"""
    r"""\.com|www\.googletagmanager\.com)[^"'`]*"""
)


def loaded_resource_urls(suffix: str, text: str) -> list[str]:
    if suffix == ".html":
        return _html_loads(text)
    if suffix == ".css":
        return _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)
    return _js_loads(text)


def _js_loads(text: str) -> list[str]:
    urls = [m.group(0)[1:] for m in _THIRD_PARTY_ASSET_HOSTS.finditer(text)]
    return urls + [u for u in _JS_IMPORT.findall(text) if "//" in u]


class _LoadCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and _LOADING_LINK_RELS & set(values.get("rel", "").split()):
            self.urls.append(values.get("href", ""))
        for attribute in _LOADING_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                self.urls.extend(_split_srcset(values[attribute]))
        if "style" in values:
            self.urls.extend(_CSS_URL.findall(values["style"]))
        self._in_script = tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.urls.extend(_CSS_URL.findall(data) + _js_loads(data))


def _html_loads(text: str) -> list[str]:
    collector = _LoadCollector()
    collector.feed(text)
    return [url for url in collector.urls if url]


def _split_srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def sitemap_paths(built_site: Path) -> list[str]:
    """Site-relative paths of every page in sitemap.xml, e.g. 'containers/'."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text or ""
        for loc in ET.parse(built_site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)
    ]
    site_url = re.match(r"https?://[^/]+/[^/]+/", locations[0])
    assert site_url, f"unexpected sitemap URL {locations[0]}"
    return [loc[len(site_url.group(0)) :] for loc in locations]
