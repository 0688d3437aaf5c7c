"""Where a problem was written: a Markdown file's line, a snippet's, or a template's. Each
file is read at most once per build, and only when a problem asks for it."""

from __future__ import annotations

import contextlib
import html
import os
import posixpath
import re
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

    def where(self, src_uri: str) -> str:
        """Where a doc's Markdown wrote it, in MkDocs' words."""
        if self.file != src_uri:
            return f"Snippet file '{self.file}' line {self.line} (in doc '{src_uri}')"
        return f"Doc file '{src_uri}'" + (f" line {self.line}" if self.line else "")


class SourceIndex(NamedTuple):
    urls: list[tuple[int, str, bool]]  # (line, URL as written, an image without alt text)
    masked: list[str]  # the lines, code blanked out
    fences: list[tuple[int, str]]  # (line, info string) of each fenced block


class Sources:
    def __init__(
        self,
        files: dict[str, Any],
        template_dirs: list[str],
        snippets: dict,
        project: str = ".",
        config_file: str | None = None,
    ) -> None:
        self.files = files  # MkDocs File objects by src_uri
        self.config_file = config_file  # its nav and extra write links too, after the templates
        self.project = Path(project).resolve()
        self.template_dirs = template_dirs
        self.snippet_dirs = [str(path) for path in snippets.get("base_path") or ["."]]
        self.auto_append = list(snippets.get("auto_append") or [])
        self.indexes: dict[str, SourceIndex] = {}
        self.writers: dict[str, list[str]] | None = None  # URL as written -> the docs writing it
        self.templates: list[tuple[str, str]] | None = None
        self.template_lines: dict[str, tuple[str, int] | None] = {}  # one look per URL

    def index(self, name: str) -> SourceIndex:
        """A doc by its src_uri, or a snippet by its path."""
        if name in self.indexes:
            return self.indexes[name]
        file = self.files.get(name)
        try:
            text = file.content_string if file else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, TypeError):
            text = ""
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
            group = next(key for key, value in match.groupdict().items() if value is not None)
            line = text.count("\n", 0, match.start(group)) + 1
            attribute = group in ("double", "single", "unquoted")
            values = srcset_urls(match[group]) if attribute else [match[group]]
            urls.extend((line, html.unescape(value), group == "bare") for value in values)
        self.indexes[name] = SourceIndex(urls, masked, fences)
        return self.indexes[name]

    def find_bare_url(self, src_uri: str, url: str, occurrence: int = 0) -> int | None:
        """The line of a doc's n-th bare URL in its text (outside code), which an extension
        such as pymdownx.magiclink turned into a link: the last one when there are fewer."""
        lines = [number for number, line in enumerate(self.index(src_uri).masked, 1) if url in line]
        return lines[min(occurrence, len(lines) - 1)] if lines else None

    def find_url(self, src_uri: str, url: str, dest_uri: str, occurrence: int = 0) -> Found:
        """Where a doc's content (the doc itself, then the snippets it includes) wrote a URL
        that its page shows, as written or as MkDocs rewrote it. The n-th use in the HTML is
        the n-th in the source."""
        wanted = canonical_from_html(url, dest_uri)
        for name in [src_uri, *self.snippets_of(src_uri)]:
            uses = {
                use
                for use in self.index(name).urls
                if use[1] == url or self.canonical(use[1], src_uri) == wanted
            }
            if uses:
                line, written, bare = sorted(uses)[min(occurrence, len(uses) - 1)]
                return Found(name, line, written, bare)
        return Found(src_uri, None, url, False)

    def snippets_of(self, src_uri: str) -> list[str]:
        names = _SNIPPET.findall("\n".join(self.index(src_uri).masked))
        found = []
        for name in [*names, *self.auto_append]:
            for folder in self.snippet_dirs:
                if Path(path := posixpath.join(folder, name)).is_file():
                    found.append(path)
                    break
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
        fences = [line for line, info in self.index(src_uri).fences if info.startswith("mermaid")]
        return fences[number] if number < len(fences) else None

    def id_line(self, src_uri: str, element_id: str) -> int | None:
        """An id written by hand: {#id}, id="id" or <a name="id">."""
        escaped = re.escape(element_id)
        attribute_list = rf"\{{[^}}\n]*#{escaped}(?![\w-])"  # {#id}, { .class #id }
        pattern = re.compile(rf"""{attribute_list}|\b(?:id|name)\s*=\s*["']?{escaped}(?![\w-])""")
        lines = self.index(src_uri).masked
        return next((n for n, line in enumerate(lines, 1) if pattern.search(line)), None)

    def docs_writing(self, url: str) -> list[str]:
        """The docs whose Markdown (outside code) holds a URL as written."""
        if self.writers is None:
            self.writers = {}
            for src in self.files:
                for written in dict.fromkeys(use[1] for use in self.index(src).urls):
                    self.writers.setdefault(written, []).append(src)
        return self.writers.get(url, [])

    def template_line(self, url: str) -> tuple[str, int] | None:
        """The first template (overrides first) whose text holds the URL, and the line.

        Templates write page-relative URLs through a filter (``{{ 'x/' | url }}`` is "../x/"
        one folder down), so the URL without its leading "./" and "../" counts too; a URL
        of nothing distinctive ("..", "#") names no template."""
        if url in self.template_lines:
            return self.template_lines[url]
        if self.templates is None:  # (name from the project folder, text), read once
            self.templates = []
            for directory in self.template_dirs:
                for path in sorted(Path(directory).rglob("*.html")):
                    name = path.relative_to(directory).as_posix()
                    if path.resolve().is_relative_to(self.project):
                        name = path.resolve().relative_to(self.project).as_posix()
                    with contextlib.suppress(OSError, UnicodeDecodeError):
                        self.templates.append((name, path.read_text(encoding="utf-8")))
            with contextlib.suppress(OSError, UnicodeDecodeError, TypeError):
                text = Path(self.config_file).read_text(encoding="utf-8")  # type: ignore[arg-type]
                self.templates.append((os.path.basename(self.config_file), text))
        self.template_lines[url] = None
        stripped = re.sub(r"^(?:\.{1,2}/)+", "", url)
        needles = [needle for needle in dict.fromkeys([url, stripped]) if re.search(r"\w", needle)]
        for name, text in self.templates:
            for needle in needles:
                if (position := text.find(needle)) >= 0:
                    self.template_lines[url] = name, text.count("\n", 0, position) + 1
                    return self.template_lines[url]
        return None


def canonical_from_html(url: str, dest_uri: str) -> tuple[str, str]:
    parts = urlsplit(url)
    path = unquote(parts.path)
    target = (
        posixpath.normpath(posixpath.join(dest_uri.rpartition("/")[0], path)) if path else dest_uri
    )
    if path.endswith("/") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, unquote(parts.fragment)
