"""Where a problem was written: the line of a Markdown file, a snippet it includes, or a
template. Each file is read at most once per build, and only when a problem asks for it."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from .reading import srcset_urls

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_SOURCE_URL = re.compile(
    r"""!\[\s*\]\(\s*<?(?P<bare>[^)\s>]+)"""  # ![](image): an image without alt text
    r"""|\]\(\s*<?(?P<inline>[^)\s>]+)"""  # [text](target) and ![alt](target)
    r"""|^\s{0,3}\[[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)"""  # [id]: target
    r"""|\b(?i:href|src|srcset)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<unquoted>[^\s"'=<>`]+))""",
    re.MULTILINE,
)
_SNIPPET = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']?([^"'\s]+)["']?\s*$""", re.MULTILINE)


class Found(NamedTuple):
    file: str  # the doc, or the snippet it includes
    line: int | None  # None: not found
    written: str  # the URL as the author wrote it
    bare: bool  # written as an image without alt text, ![](…)


@dataclass
class SourceIndex:
    """The URLs of one Markdown file, outside code, with their lines."""

    urls: list[tuple[int, str, bool]]  # (line, URL as written, an image without alt text)
    masked: list[str]  # the lines, code blanked out
    fences: list[tuple[int, str]]  # (line, info string) of each fenced block


def index_source(text: str) -> SourceIndex:
    masked: list[str] = []
    fences: list[tuple[int, str]] = []
    open_fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line)
        if open_fence and fence and fence["fence"].startswith(open_fence):
            open_fence = "" if not fence["info"].strip() else open_fence
        elif not open_fence and fence:
            open_fence = fence["fence"]
            fences.append((number, fence["info"].strip()))
        elif not open_fence:
            masked.append(_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
            continue
        masked.append("")
    text = "\n".join(masked)
    urls = []
    for match in _SOURCE_URL.finditer(text):
        group = next(name for name, value in match.groupdict().items() if value is not None)
        line = text.count("\n", 0, match.start(group)) + 1
        attribute = group in ("double", "single", "unquoted")
        values = srcset_urls(match[group]) if attribute else [match[group]]
        urls.extend((line, html.unescape(value), group == "bare") for value in values)
    return SourceIndex(urls, masked, fences)


class Sources:
    """The Markdown files of a build (MkDocs File objects by src_uri) and its templates."""

    def __init__(
        self, files: dict[str, Any], template_dirs: list[str], snippets: dict, project: str = "."
    ) -> None:
        self.files = files
        self.project = Path(project).resolve()  # templates are named from the project folder
        self.template_dirs = template_dirs
        self.snippet_dirs = [str(path) for path in snippets.get("base_path") or ["."]]
        self.auto_append = list(snippets.get("auto_append") or [])
        self.indexes: dict[str, SourceIndex | None] = {}
        self.templates: list[tuple[str, str]] | None = None  # (name, text), read once
        # Each asked once per build, however many pages show the same problem:
        self.by_url: dict[str, dict[str, list[tuple[int, str, bool]]]] = {}  # doc -> URL -> uses
        self.by_target: dict[str, dict[tuple, list[tuple[int, str, bool]]]] = {}
        self.snippets: dict[str, list[str]] = {}
        self.template_lines: dict[str, tuple[str, int] | None] = {}
        self.writers: dict[str, list[str]] = {}

    def index(self, name: str) -> SourceIndex | None:
        """A doc by its src_uri, or a snippet by its path."""
        if name not in self.indexes:
            file = self.files.get(name)
            try:
                text = file.content_string if file else Path(name).read_text(encoding="utf-8")
                self.indexes[name] = index_source(text)
            except (OSError, UnicodeDecodeError, TypeError):
                self.indexes[name] = None
        return self.indexes[name]

    def find_url(self, src_uri: str, url: str, dest_uri: str, occurrence: int = 0) -> Found:
        """Where a doc's content (the doc itself, then the snippets it includes) wrote a URL
        that its page shows, as written or as MkDocs rewrote it. The n-th use in the HTML is
        the n-th in the source."""
        wanted = canonical_from_html(url, dest_uri)
        for name in [src_uri, *self.snippets_of(src_uri)]:
            if name not in self.by_url:
                self.map_urls(name, src_uri)
            uses = {*self.by_url[name].get(url, ()), *self.by_target[name].get(wanted, ())}
            if uses:
                line, written, bare = sorted(uses)[min(occurrence, len(uses) - 1)]
                return Found(name, line, written, bare)
        return Found(src_uri, None, url, False)

    def map_urls(self, name: str, src_uri: str) -> None:
        index = self.index(name)
        self.by_url[name], self.by_target[name] = {}, {}
        for use in index.urls if index else []:
            self.by_url[name].setdefault(use[1], []).append(use)
            self.by_target[name].setdefault(self.canonical(use[1], src_uri), []).append(use)

    def snippets_of(self, src_uri: str) -> list[str]:
        if src_uri in self.snippets:
            return self.snippets[src_uri]
        index = self.index(src_uri)
        names = [] if index is None else _SNIPPET.findall("\n".join(index.masked))
        found = []
        for name in [*names, *self.auto_append]:
            for folder in self.snippet_dirs:
                path = posixpath.join(folder, name)
                if Path(path).is_file():
                    found.append(path)
                    break
        self.snippets[src_uri] = found
        return found

    def canonical(self, written: str, src_uri: str) -> tuple[str, str]:
        parts = urlsplit(written)
        if parts.scheme or parts.netloc:
            return written, ""
        path = unquote(parts.path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path or src_uri))
        file = self.files.get(target if path else src_uri)
        return (file.dest_uri if file else target), unquote(parts.fragment)

    def diagram_line(self, src_uri: str, number: int) -> int | None:
        index = self.index(src_uri)
        fences = (
            [line for line, info in index.fences if info.startswith("mermaid")] if index else []
        )
        return fences[number] if number < len(fences) else None

    def id_line(self, src_uri: str, element_id: str) -> int | None:
        """An id written by hand: {#id}, id="id" or <a name="id">."""
        index = self.index(src_uri)
        escaped = re.escape(element_id)
        attribute_list = rf"\{{[^}}\n]*#{escaped}(?![\w-])"  # {#id}, { .class #id }
        pattern = re.compile(rf"""{attribute_list}|\b(?:id|name)\s*=\s*["']?{escaped}(?![\w-])""")
        lines = index.masked if index else []
        return next((n for n, line in enumerate(lines, 1) if pattern.search(line)), None)

    def docs_writing(self, url: str) -> list[str]:
        """The docs whose Markdown (outside code) holds a URL as written."""
        if url not in self.writers:
            self.writers[url] = [
                src
                for src in self.files
                if (i := self.index(src)) and any(e[1] == url for e in i.urls)
            ]
        return self.writers[url]

    def template_line(self, url: str) -> tuple[str, int] | None:
        """The first template (overrides first) whose text holds the URL, and the line.

        Templates write page-relative URLs through a filter (``{{ 'x/' | url }}`` is "../x/"
        one folder down), so the URL without its leading "./" and "../" counts too; a URL
        of nothing distinctive ("..", "#") names no template."""
        if url in self.template_lines:
            return self.template_lines[url]
        if self.templates is None:
            self.templates = list(read_templates(self.template_dirs, self.project))
        self.template_lines[url] = None
        needles = {url, re.sub(r"^(?:\.{1,2}/)+", "", url)}
        needles = {needle for needle in needles if re.search(r"\w", needle)}
        for name, text in self.templates:
            for needle in needles:
                if (position := text.find(needle)) >= 0:
                    self.template_lines[url] = name, text.count("\n", 0, position) + 1
                    return self.template_lines[url]
        return None


def read_templates(directories: list[str], project: Path) -> Any:
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.html")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            name = path.relative_to(directory).as_posix()
            if path.resolve().is_relative_to(project):
                name = path.resolve().relative_to(project).as_posix()
            yield name, text


def canonical_from_html(url: str, dest_uri: str) -> tuple[str, str]:
    parts = urlsplit(url)
    path = unquote(parts.path)
    target = (
        posixpath.normpath(posixpath.join(dest_uri.rpartition("/")[0], path)) if path else dest_uri
    )
    if path.endswith("/") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, unquote(parts.fragment)
