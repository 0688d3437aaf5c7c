"""Check the built site: internal links, anchors, images and Mermaid diagrams.

Drop-in MkDocs hook (MkDocs >= 1.6, standard library only). List it in mkdocs.yml::

    hooks:
      - hooks/check_site.py

Every problem is one warning on the ``mkdocs.hooks.check_site`` logger, so ``mkdocs build
--strict`` fails on it. Who owns which check (MkDocs' own ``validation:`` or this hook) is
written down in docs/checking.md; in short, MkDocs reports Markdown links whose target is not a
doc file, this hook adds the source line to those reports and checks everything else in the
final HTML.

Without MkDocs, on any built site folder (exit code 1 when there are problems)::

    python hooks/check_site.py SITE_DIR [--site-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import html
import logging
import os
import posixpath
import re
import sys
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

log = logging.getLogger("mkdocs.hooks.check_site")


# ── Entry points ──────────────────────────────────────────────────────────────────────────────


def on_config(config: Any) -> Any:
    """Start a new build: forget the previous one (``mkdocs serve`` keeps this module loaded)."""
    global state
    state = BuildState(
        site_dir=str(config["site_dir"]),
        base_path=site_base_path(config.get("site_url")),
        template_dirs=[str(path) for path in config["theme"].dirs],
        project_dir=os.path.dirname(os.path.abspath(config.config_file_path or ".")),
    )
    install_mkdocs_warning_watcher(state)
    return config


def on_files(files: Any, config: Any) -> Any:
    state.files_by_src = {file.src_uri: file for file in files.documentation_pages()}
    state.src_by_dest = {file.dest_uri: file.src_uri for file in files.documentation_pages()}
    return files


def on_post_page(output: str, page: Any, config: Any) -> str:
    # Pages are read in batches: between two pages MkDocs renders the next one, which leaves
    # the processor's caches cold for this hook's code, and one loop over many pages runs
    # about twice as fast as a page at a time.
    state.unread.append((output, page))
    if len(state.unread) >= _BATCH:
        read_pages(state)
    return output


_BATCH = 256  # pages per reading batch: ~20 MB of HTML for Material pages of 80 kB


def on_post_build(config: Any) -> None:
    read_pages(state)
    started = time.perf_counter()
    site = SiteFiles.from_folder(state.site_dir)
    with garbage_collection_paused():
        problems = check_pages(state.pages, site, state.base_path)
    problems = mark_reported_by_mkdocs(problems, state)
    messages = describe_problems(problems, state)
    for message in messages:
        log.warning(message)
    counts = checked_counts(state.pages)
    state.seconds += time.perf_counter() - started
    log.info(summary_line(counts, len(messages), state.seconds))


@contextlib.contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the pages are read and checked.

    Reading allocates many small objects, and every so many allocations the collector walks
    every object MkDocs holds (the whole site): in a 3,000-page build that took 0.15 to 0.25 s
    of the hook's time, and 0.03 to 0.07 s when paused. What is allocated here holds no
    reference cycles, so nothing is left for the collector to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_pages(build: BuildState) -> None:
    """Read the pages rendered and not read yet (once each) into the build's page records."""
    started = time.perf_counter()
    with garbage_collection_paused():
        for output, page in build.unread:
            record = scan_page(output, page.file.dest_uri, build.memory, page.content or "")
            record.src_uri = page.file.src_uri
            record.page = page  # its .content is read again only for a problem
            build.pages[record.dest_uri] = record
    build.unread.clear()
    build.seconds += time.perf_counter() - started


# ── Per-build state ───────────────────────────────────────────────────────────────────────────


class Reference(NamedTuple):
    """One URL in a page: a link (<a>, <area>), an image (<img>, <source>) or a resource.

    Pages keep theirs as plain tuples of the same fields: a 3,000-page site holds half a
    million, and plain tuples of strings are left alone by Python's garbage collector, while
    any other object makes every collection of the build slower.
    """

    kind: str  # "link", "image" or "resource"
    tag: str
    value: str  # exactly as written in the HTML attribute (entities decoded)
    alt: str | None = None  # only for <img>
    decorative: bool = False  # alt="" with role="presentation"/"none" or aria-hidden="true"


RawReference = tuple[str, str, str, "str | None", bool]


class Chunk:
    """What one piece of a page holds: its URLs, its ids and its <a name> anchors.

    The same piece of the theme (a navigation item, a header tag) is on most pages; it is read
    once and every page holds the same Chunk object. Chunks hash by identity, so check_pages
    can remember "this chunk was fine from that folder" for the cost of a pointer.
    """

    __slots__ = ("anchored", "depths", "fragments", "ids", "names", "references")

    def __init__(self, references: list[RawReference], ids: list[str], names: list[str]) -> None:
        # Plain tuples of strings: Python's garbage collector leaves those alone, while a
        # 3,000-page site holds half a million references.
        self.references: tuple[RawReference, ...] = tuple(references)
        self.ids: tuple[str, ...] = tuple(ids)
        self.names: tuple[str, ...] = tuple(names)
        self.anchored = bool(ids or names)  # few are: a page's ids are gathered from these
        self.depths = relative_depths(self.references)
        self.fragments = own_fragments(self.references)


def own_fragments(references: tuple[RawReference, ...]) -> tuple[str, ...] | None:
    """The ids that a table of contents (links to "#id" of the page itself, nothing else)
    points to: such a chunk is fine on every page that has those ids. None for other chunks."""
    fragments = []
    for kind, _tag, value, _alt, _decorative in references:
        if kind != "link" or value[:1] != "#" or len(value) == 1 or "%" in value:
            return None
        fragments.append(value[1:])
    return tuple(fragments) if fragments else None


_NO_RELATIVE_URL = (-1, -1)  # relative_depths of URLs that mean the same on every page


def relative_depths(references: tuple[RawReference, ...]) -> tuple[int, int] | None:
    """The fewest and most leading "../" of these URLs, or None when one of them is about the
    page itself or is unusual (see target_key): then what they mean depends on the page.
    _NO_RELATIVE_URL when there is no relative URL (none at all, external, root-absolute)."""
    fewest, most = 1_000_000, 0
    for reference in references:
        value = reference[2]
        if means_the_same_everywhere(value):
            continue
        if points_into_the_page(value):
            return None
        ups = value.count("../")
        if not value.startswith("../" * ups) or "./" in value[3 * ups :]:
            return None
        fewest, most = min(fewest, ups), max(most, ups)
    return _NO_RELATIVE_URL if fewest == 1_000_000 else (fewest, most)


def points_into_the_page(value: str) -> bool:
    """Whether a relative URL is the page itself: "", "#x", "?q#x" (browsers strip the
    spaces of " #x" too)."""
    return value.lstrip()[:1] in ("", "#", "?")


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # as urlsplit reads a scheme


def means_the_same_everywhere(value: str) -> bool:
    """Whether a URL means the same from every page: external, another scheme, root-absolute.
    ("a/b:c" is relative: a colon after a slash does not end a scheme.)"""
    return value.startswith("/") or (":" in value and _SCHEME.match(value) is not None)


# The reading of a piece that holds nothing to check (most pieces of a themed page).
_NOTHING = Chunk([], [], [])


class Pieces(NamedTuple):
    """A part of a page (before or after its own content), cut into pieces."""

    texts: list[str]  # from each piece's "<" (the first: from where the part starts)
    readings: list[Chunk | None]  # None: read again on every page
    unmatched: list[int]  # the pieces that did not repeat the last page's (in order)


# The text kept for a piece that is read again on every page (one whose reading may depend on
# the text around it: see read_piece): it never matches where a page is cut, at a "<".
_READ_EVERY_TIME = "\0"


class ReadingMemory:
    """What scan_page remembers from page to page of one build.

    ``readings``: the text of a piece of a page -> the chunk read from it.
    ``last_pieces``: per depth in the site and part of the page, the pieces of the page read
    last there; the next page there most likely repeats most of them, in the same order.
    """

    __slots__ = ("last_pieces", "readings")

    def __init__(self) -> None:
        self.readings: dict[str, Chunk] = {}
        self.last_pieces: dict[tuple[int, int], Pieces] = {}


@dataclass
class PageRecord:
    """What one built page contains, parsed once from its final HTML."""

    dest_uri: str
    ids: set[str] = field(default_factory=set)
    duplicate_ids: Sequence[str] = ()
    chunks: list[Chunk] = field(default_factory=list)  # in page order
    diagrams_missing: Sequence[list[str]] = ()  # per diagram: the keys it lacks
    src_uri: str | None = None  # None when checking a folder without MkDocs
    page: Any = None  # the MkDocs Page: its .content is the HTML the Markdown produced

    @property
    def references(self) -> list[RawReference]:
        """Every URL of the page, in page order."""
        return list(chain.from_iterable(chunk.references for chunk in self.chunks))


@dataclass
class Problem:
    page: PageRecord
    reference: Reference | None  # None for page-level problems (duplicate id, diagram)
    what: str  # the text after "contains …, but": the problem itself
    target: str = ""  # resolved site path (plus fragment) for grouping template problems
    suggestion: str = ""
    position: int = -1  # the reference's index in page.references
    detail: str = ""  # for page-level problems: the subject ("a Mermaid diagram …")
    search_text: str = ""  # text to find in the Markdown source for page-level problems
    occurrence: int = 0  # which occurrence of search_text (diagrams: 0 = first)
    reported: bool = False  # MkDocs' own validation already reported it


@dataclass
class BuildState:
    site_dir: str = ""
    base_path: str = "/"
    template_dirs: list[str] = field(default_factory=list)
    project_dir: str = ""
    files_by_src: dict[str, Any] = field(default_factory=dict)
    src_by_dest: dict[str, str] = field(default_factory=dict)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    # Problems MkDocs' own validation already reported: ("target", doc, link as written) and
    # ("anchor", doc, target doc, fragment).
    reported_by_mkdocs: set[tuple[str, ...]] = field(default_factory=set)
    source_indexes: dict[str, SourceIndex | None] = field(default_factory=dict)
    memory: ReadingMemory = field(default_factory=ReadingMemory)
    unread: list[tuple[str, Any]] = field(default_factory=list)  # (HTML, MkDocs Page)
    seconds: float = 0.0


state = BuildState()


# ── Scanning the final HTML (one pass per page) ───────────────────────────────────────────────

# A careful scanner instead of html.parser, which takes 4.9 ms for a 75 kB Material page where
# this takes 0.6 ms (half a build's time at 3,000 pages, against the 5 % aimed for).
# Text inside code blocks is escaped by Markdown (`&lt;a href…`), so every "<letter" outside
# comments, <script>, <style> and <textarea> is a real tag; quoted attribute values may hold ">".
_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""  # "unrolled": no runaway backtracking
_MARKUP = re.compile(
    # Fast paths for the tags a themed page holds most, each with one thing to check: a link
    # with only a class, an href and a title (navigation, permalinks: group 1), a heading with
    # only an id (2), a <link> with only a rel and an href (3), and a <span>/<li> with only a
    # class, which holds nothing to check.
    r"""<a\s+(?:class="[^"]*"\s+)?href="([^"]*)"(?:\s+(?:class|title)="[^"]*")*\s*>"""
    r"""|<h[1-6]\s+id="([^"]*)"\s*>"""
    r"""|<link\s+rel="[^"]*"\s+href="([^"]*)"\s*/?>"""
    r"""|<(?:span|li)\s+class="[^"]*"\s*>"""
    rf"|<((?i:script|style|textarea))\b({_ATTRS})>.*?</(?i:\4)\s*>"
    # Only tags with attributes matter. One that never closes (group 8), or a comment that
    # never closes (group 9), is text on this page; on a page with more text after it, it
    # may close and hold a link.
    rf"|<([a-zA-Z][a-zA-Z0-9:-]*)(?:(\s{_ATTRS})>|(\s))"
    r"|<!--(?:.*?-->|())",
    # Case-sensitive but where it matters (tag names are case-insensitive in HTML): matching
    # without re.IGNORECASE skips lowering every character compared.
    re.DOTALL,
)
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""",
)
_LINK_TAGS = {"a": "href", "area": "href"}
_IMAGE_TAGS = {"img", "source"}
_RESOURCE_TAGS = {
    "link": "href",
    "script": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "embed": "src",
}
_MERMAID_KEYS = {
    "accTitle": re.compile(r"^\s*accTitle\s*:", re.MULTILINE),
    "accDescr": re.compile(r"^\s*accDescr\s*[:{]", re.MULTILINE),
}


def scan_page(
    output: str, dest_uri: str, memory: ReadingMemory | None = None, content: str = ""
) -> PageRecord:
    """Collect ids, URLs and diagrams of one page from its final HTML.

    With a memory, the theme's part of the page (all but ``content``, the HTML that the page's
    own Markdown produced) is cut into pieces before each <li>, <div>, <script> and <style>
    tag, and a piece already read on another page is not read again: pieces that repeat the
    last page read at the same depth are found by comparing them in place, others by looking
    their text up. A reading is reused only for exactly the same text, and only when it
    cannot depend on what surrounds it: no tag crosses its edges, nothing in it that looks
    like a tag or a comment fails to close, and no comment, diagram, or <script>, <style> or
    <textarea> body is open in it. Either way, the result is what reading the page whole
    gives.
    """
    record = PageRecord(dest_uri=dest_uri)
    reader = PageReader(output, record)
    if memory is None:
        reader.read(0, len(output))
    else:
        reader.read_with_memory(content, memory, dest_uri.count("/"))
    anchored = list(filter(_ANCHORED, record.chunks))
    counted_ids = list(chain.from_iterable(map(_IDS, anchored)))
    record.ids = set(counted_ids)
    if len(record.ids) != len(counted_ids):
        counts = Counter(counted_ids)
        record.duplicate_ids = sorted(key for key, count in counts.items() if count > 1)
    record.ids.update(chain.from_iterable(map(_NAMES, anchored)))
    return record


# No generator frame per chunk: a page holds about 200 of them.
_ANCHORED, _IDS, _NAMES = attrgetter("anchored"), attrgetter("ids"), attrgetter("names")

# Where a themed page is cut into pieces: before the tags that start its navigation items,
# its blocks and its scripts, so that what differs from page to page (the page's title, its
# entry in the navigation, its table of contents) falls into small pieces of its own.
_PIECE_START = re.compile(r"<(?=li|di|sc|st)")
_OPENERS = re.compile(r"<(?:script|style|textarea)\b", re.IGNORECASE)


class PageReader:
    """Reads one page, span by span, into its record's chunks and diagrams."""

    def __init__(self, output: str, record: PageRecord) -> None:
        self.output = output
        self.record = record
        self.diagram_end = -1  # a diagram's inner <code> must not count as a second diagram
        self.bodies = 0  # <script>, <style> and <textarea> elements read whole so far
        self.unclosed = 0  # what looked like a comment or a tag but never closed

    def read_with_memory(self, content: str, memory: ReadingMemory, depth: int) -> None:
        output = self.output
        content_start = find_content(output, content)
        if content_start < 0:  # no content given (a folder checked without MkDocs)
            self.read_pieces(0, len(output), memory, (depth, 0))
            return
        # The page's own content is on no other page: it is read in one go, without the memory.
        content_end = content_start + len(content)
        position = self.read_pieces(0, content_start, memory, (depth, 0))
        if position < content_end:
            position = self.read(max(position, content_start), content_end)
        if position < len(output):
            self.read_pieces(position, len(output), memory, (depth, 1))

    def read_pieces(
        self, start: int, end: int, memory: ReadingMemory, part: tuple[int, int]
    ) -> int:
        """Read output[start:end] piece by piece through the memory. Returns where the
        reading stopped: end, or further when its last tag crosses end."""
        if start >= end:
            return start
        chunks = self.record.chunks
        pieces = Pieces([], [], [])
        previous = memory.last_pieces.get(part)
        # The first piece need not start at a cut, so it is never compared in place.
        position = self.read_piece(start, end, memory, pieces)
        pieces.unmatched.append(0)
        expected = 1  # the index in `previous` of the piece that most likely comes next
        unexpected = 0  # pieces in a row that were not the expected one
        while position < end:
            if previous is not None:
                index, position = self.repeated(previous, expected, position, end)
                if index > expected:
                    pieces.texts.extend(previous.texts[expected:index])
                    pieces.readings.extend(previous.readings[expected:index])
                    chunks.extend(previous.readings[expected:index])
                    expected, unexpected = index, 0
                    if position >= end:
                        break
            position = self.read_piece(position, end, memory, pieces)
            pieces.unmatched.append(len(pieces.texts) - 1)
            if previous is not None:
                # Most often this piece took the place of the expected one (the page's title,
                # its entry in the navigation). When two in a row were not expected, pieces
                # were added or left out: look for this one near there in the last page's.
                unexpected += 1
                expected += 1
                if unexpected > 1:
                    expected = find_near(previous.texts, pieces.texts[-1], expected)
        memory.last_pieces[part] = pieces
        return position

    def repeated(self, previous: Pieces, index: int, position: int, end: int) -> tuple[int, int]:
        """How far the last page's pieces, from `index` on, repeat at `position` in this page:
        the index of the first piece not to take from it (one that differs, or one that
        repeats but does not end where this page is cut), and where that piece starts here.

        The pieces between two that differed on the last page (from the page before it)
        most likely all repeat here too: they are compared in one go, not one by one. When
        they do not all repeat, a binary search finds how many do. Pieces read on every page
        (see _READ_EVERY_TIME) are always among those that differed."""
        output, texts, unmatched = self.output, previous.texts, previous.unmatched
        first = index
        next_unmatched = bisect_left(unmatched, index)
        while index < len(texts):
            if next_unmatched < len(unmatched) and unmatched[next_unmatched] == index:
                # It differed on the last page (its title, its entry in the navigation): it
                # most likely differs here too, so it is compared alone. One that is read on
                # every page never repeats (its text is a stand-in).
                if previous.readings[index] is None or not output.startswith(
                    texts[index], position, end
                ):
                    break
                position += len(texts[index])
                index += 1
                next_unmatched += 1
            stop = unmatched[next_unmatched] if next_unmatched < len(unmatched) else len(texts)
            if stop == index:
                continue
            run = "".join(texts[index:stop])
            if output.startswith(run, position, end):
                index, position = stop, position + len(run)
                continue
            # Some of them repeat: the longest run that does is found in log2(n) comparisons.
            high = stop - 1
            while index < high:
                middle = (index + high + 1) // 2
                run = "".join(texts[index:middle])
                if output.startswith(run, position, end):
                    index, position = middle, position + len(run)
                else:
                    high = middle - 1
            break
        # A repeated piece must end where this page is cut too (or where the part ends).
        if index > first and position < end and not _PIECE_START.match(output, position, end):
            index -= 1
            position -= len(texts[index])
        return index, position

    def read_piece(self, position: int, end: int, memory: ReadingMemory, pieces: Pieces) -> int:
        """Read the piece at position (through the memory of readings) and add it to pieces.
        Returns where the next piece starts, or where the reading stopped beyond end."""
        output, chunks = self.output, self.record.chunks
        cut = _PIECE_START.search(output, position + 1, end)
        piece_end = cut.start() if cut else end
        text = output[position:piece_end]
        if (reading := memory.readings.get(text)) is not None:
            chunks.append(reading)
            pieces.texts.append(text)
            pieces.readings.append(reading)
            return piece_end
        first_chunk, bodies, unclosed = len(chunks), self.bodies, self.unclosed
        stop = self.read(position, piece_end)
        if stop == piece_end and reusable(text, self.bodies - bodies, self.unclosed - unclosed):
            reading = chunks[-1] if len(chunks) > first_chunk else _NOTHING
            memory.readings[text] = reading
            pieces.texts.append(text)
            pieces.readings.append(reading)
            return piece_end
        # Not to be reused. When a tag crossed into the next pieces, read on, whole, to the
        # end of the piece it reached (or stop there, when it reached beyond this part).
        while stop < end:
            cut = _PIECE_START.search(output, stop, end)
            piece_end = cut.start() if cut else end
            if piece_end == stop:
                break
            stop = self.read(stop, piece_end)
        pieces.texts.append(_READ_EVERY_TIME)
        pieces.readings.append(None)
        return stop

    def read(self, start: int, end: int) -> int:
        """Read the tags that start in output[start:end] into one chunk; return where the
        reading stopped: end, or the end of the last tag when it crosses end."""
        output = self.output
        references: list[RawReference] = []
        ids: list[str] = []
        names: list[str] = []
        # This loop runs for every tag read: it is kept flat on purpose.
        for match in _MARKUP.finditer(output, start):
            if match.start() >= end:
                break
            if match.end() > end:  # a tag, comment or body crosses end: read it, stop after
                end = match.end()
            last_group = match.lastindex  # which alternative matched; None: nothing to check
            if last_group is None:
                continue  # a comment, or a <span>/<li> with only a class
            if last_group <= 3:  # a fast path: one URL or one id, as written
                value = match[last_group]
                value = html.unescape(value) if "&" in value else value
                if last_group == 1:  # a navigation-style link or a permalink
                    references.append(("link", "a", value, None, False))
                elif last_group == 3:  # a <link>: a stylesheet, an icon, the canonical URL
                    references.append(("resource", "link", value, None, False))
                elif value:  # a heading's id
                    ids.append(value)
                continue
            if last_group == 7:  # any other tag with attributes
                tag, attributes_text = match[6], match[7]
            elif last_group == 5:  # <script>, <style>, <textarea>: only the opening tag matters
                tag, attributes_text = match[4], match[5]
                self.bodies += 1
            else:  # looked like a tag or a comment, never closed: text
                self.unclosed += 1
                continue
            tag = tag.lower()
            if tag not in _REFERENCE_TAGS and not (
                ("id" in attributes_text.lower() and _HAS_ID.search(attributes_text))
                or "mermaid" in attributes_text
            ):
                continue  # most tags of a themed page: a <div>, <span> or <li> with a class
            attributes = parse_attributes(attributes_text)
            if element_id := attributes.get("id"):
                ids.append(element_id)
            if tag in _REFERENCE_TAGS:
                if tag == "a" and (name := attributes.get("name")):
                    names.append(name)
                references.extend(references_of(tag, attributes))
            elif is_mermaid_block(tag, attributes) and match.start() > self.diagram_end:
                self.diagram_end, missing = diagram_status(output, tag, match.end())
                self.record.diagrams_missing = [*self.record.diagrams_missing, missing]
        if references or ids or names:
            self.record.chunks.append(Chunk(references, ids, names))
        return end


def find_near(texts: list[str], text: str, expected: int) -> int:
    """The index after text in texts, looked for a few places around expected; or expected."""
    first = max(expected - _NEAR, 0)
    nearby = texts[first : expected + _NEAR]
    # Not texts.index() and ValueError: the error's message holds the repr of the text.
    return first + nearby.index(text) + 1 if text in nearby else expected


_NEAR = 16  # how far pieces may have moved (a longer or shorter table of contents)


def find_content(output: str, content: str) -> int:
    """Where the page's own content is in the page, or -1."""
    if not content:
        return -1
    # Looking for its beginning, then comparing the rest, is much faster than looking for all
    # of it; and from the end, since themes put the navigation before the content.
    beginning = content[:200]
    position = output.rfind(beginning)
    while position >= 0 and not output.startswith(content, position):
        position = output.rfind(beginning, 0, position + len(beginning) - 1)
    return position


def reusable(piece: str, bodies: int, unclosed: int) -> bool:
    """Whether the reading of a piece (which read `bodies` script, style and textarea bodies
    whole, and met `unclosed` things that never close) means the same on every page: nothing
    in it may stretch past its edges on another page (a comment, a body it did not read whole,
    a tag or comment that closes only on a page that goes on), and a diagram is read up to
    its closing tag, wherever that is."""
    return (
        unclosed == 0
        and "<!--" not in piece
        and "mermaid" not in piece
        and bodies == len(_OPENERS.findall(piece))
    )


_HAS_ID = re.compile(r"\sid\s*=", re.IGNORECASE)  # attribute names are case-insensitive
_REFERENCE_TAGS = {*_LINK_TAGS, *_IMAGE_TAGS, *_RESOURCE_TAGS}


def parse_attributes(text: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        value = double or single or bare
        attributes.setdefault(name.lower(), html.unescape(value) if "&" in value else value)
    return attributes


def references_of(tag: str, attributes: dict[str, str]) -> list[RawReference]:
    if tag in _LINK_TAGS:
        href = attributes.get("href")
        return [] if href is None else [("link", tag, href, None, False)]
    if tag in _RESOURCE_TAGS:
        url = attributes.get(_RESOURCE_TAGS[tag])
        return [] if url is None else [("resource", tag, url, None, False)]
    if tag not in _IMAGE_TAGS:
        return []
    urls = [attributes["src"]] if "src" in attributes else []
    urls += srcset_urls(attributes.get("srcset", ""))
    if tag == "source":
        return [("image", tag, url, None, False) for url in urls]
    alt = attributes.get("alt")
    decorative = alt is not None and not alt.strip() and is_marked_decorative(attributes)
    if not urls:  # an <img> without any source is still an image without a file
        urls = [""]
    return [("image", tag, url, alt, decorative) for url in urls]


def srcset_urls(srcset: str) -> list[str]:
    # "a.png 1x, b.png 2x": a URL, then an optional descriptor, comma-separated.
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def is_marked_decorative(attributes: dict[str, str]) -> bool:
    return (
        attributes.get("role", "").strip().lower() in {"presentation", "none"}
        or attributes.get("aria-hidden", "").strip().lower() == "true"
    )


def is_mermaid_block(tag: str, attributes: dict[str, str]) -> bool:
    classes = attributes.get("class", "").split()
    if tag in {"pre", "div"}:
        return "mermaid" in classes
    return tag == "code" and "language-mermaid" in classes


def diagram_status(output: str, tag: str, start: int) -> tuple[int, list[str]]:
    """Return where the diagram ends and which accessibility keys it lacks."""
    end = output.find(f"</{tag}", start)
    end = len(output) if end < 0 else end
    source = html.unescape(output[start:end])
    return end, [key for key, pattern in _MERMAID_KEYS.items() if not pattern.search(source)]


# ── Checking the collected pages against the built folder ─────────────────────────────────────


@dataclass
class SiteFiles:
    """Every file of the built site, by its path relative to the site folder (case-sensitive)."""

    paths: set[str]
    by_lowercase: dict[str, str]
    by_folder: dict[str, list[str]] | None = None  # made when a suggestion is looked for

    @classmethod
    def from_folder(cls, site_dir: str) -> SiteFiles:
        paths: set[str] = set()
        for folder, _subfolders, names in os.walk(site_dir):
            relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            paths.update(prefix + name for name in names)
        return cls(paths, {path.lower(): path for path in paths})

    def resolve(self, path: str) -> str | None:
        """The file a server sends for a site path (directory URLs get index.html)."""
        if path in self.paths:
            return path
        index = f"{path}/index.html" if path and not path.endswith("/") else f"{path}index.html"
        return index if index in self.paths else None

    def files_in(self, folder: str) -> list[str]:
        """The files right in a folder of the site ("" for its top)."""
        if self.by_folder is None:
            self.by_folder = {}
            for path in self.paths:
                self.by_folder.setdefault(path.rpartition("/")[0], []).append(path)
        return self.by_folder.get(folder, [])


_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:", "sms:")


def check_pages(pages: dict[str, PageRecord], site: SiteFiles, base_path: str) -> list[Problem]:
    problems: list[Problem] = []
    # Each unique target is judged once (a Material page holds a hundred navigation links,
    # mostly the same targets as its neighbours'): see target_key. And a chunk fine on one
    # page is not checked again where it means the same: see FineChunks.
    good: set[tuple[str, str, str]] = set()
    fine_chunks = FineChunks()
    for record in pages.values():
        page_dir = record.dest_uri.rpartition("/")[0]
        parts = page_dir.split("/") if page_dir else []
        # ancestors[k] is the folder that k leading "../" reach from this page.
        ancestors = ["/".join(parts[: len(parts) - ups]) for ups in range(len(parts) + 1)]
        pending = fine_chunks.not_known_fine(record.chunks, ancestors)
        for chunk in [chunk for chunk in record.chunks if chunk in pending]:
            if chunk not in pending:
                continue  # a chunk twice on a page is checked once
            if chunk.fragments is not None and record.ids.issuperset(chunk.fragments):
                continue
            pending.discard(chunk)
            found = check_chunk(record, chunk, ancestors, good, site, pages, base_path)
            if found is None:
                fine_chunks.add(chunk, ancestors)
                continue
            if not found:
                continue
            number = record.chunks.index(chunk)
            first = sum(len(earlier.references) for earlier in record.chunks[:number])
            for problem in found:
                problem.position += first
            problems.extend(found)
        problems.extend(check_page_itself(record))
    return problems


class FineChunks:
    """The chunks found fine, and where they mean the same.

    A chunk fine on one page is fine on every page where its URLs mean the same: where its
    shallowest "../" reaches the same folder, from the same depth (check_chunk keeps those
    that point into the page itself out). A chunk without relative URLs (only ids, external
    or root-absolute URLs) means the same on every page. Chunks are set aside with set
    operations, which cost next to nothing beside checking them again.
    """

    def __init__(self) -> None:
        self.settled: dict[tuple[str, int], set[Chunk]] = {}  # (folder, "../" count) -> chunks
        self.everywhere: set[Chunk] = set()
        # Those fine on the pages of one folder (with directory URLs, the pages' own folders
        # are siblings): such pages come one after the other and share most of their chunks,
        # so most are set aside with one set operation rather than one per ancestor folder.
        self.siblings: tuple[int, str] | None = None
        self.fine_for_siblings: set[Chunk] = set()

    def not_known_fine(self, chunks: list[Chunk], ancestors: list[str]) -> set[Chunk]:
        """The chunks of a page (whose ancestor folders are given) still to be checked."""
        siblings = (len(ancestors), ancestors[1] if len(ancestors) > 1 else "")
        if siblings != self.siblings:
            self.siblings, self.fine_for_siblings = siblings, set()
        unknown = set(chunks) - self.fine_for_siblings
        pending = unknown - self.everywhere
        for ups, folder in enumerate(ancestors[1:], 1):
            if fine := self.settled.get((folder, ups)):
                pending = pending - fine  # iterates the (smaller) pending set, not `fine`
        self.fine_for_siblings |= unknown - pending
        if fine := self.settled.get((ancestors[0], 0)):  # URLs into the page's own folder
            pending = pending - fine
        return pending

    def add(self, chunk: Chunk, ancestors: list[str]) -> None:
        """Remember a chunk found fine on a page (whose ancestor folders are given)."""
        depths = chunk.depths
        if depths is _NO_RELATIVE_URL:
            self.everywhere.add(chunk)
            self.fine_for_siblings.add(chunk)
        elif depths is not None and depths[1] < len(ancestors):
            self.settled.setdefault((ancestors[depths[0]], depths[0]), set()).add(chunk)
            if depths[0] > 0:
                self.fine_for_siblings.add(chunk)


def check_chunk(
    record: PageRecord,
    chunk: Chunk,
    ancestors: list[str],
    good: set[tuple[str, str, str]],
    site: SiteFiles,
    pages: dict[str, PageRecord],
    base_path: str,
) -> list[Problem] | None:
    """The problems of a chunk's URLs on this page (positions counted within the chunk); an
    empty list when they are fine only on this page (one points into the page itself), None
    when they are fine on every page where they mean the same."""
    problems: list[Problem] = []
    dest_uri, page_specific = record.dest_uri, False
    for index, raw in enumerate(chunk.references):
        kind, _tag, value, _alt, _decorative = raw
        if kind == "image":
            problems.extend(check_image_description(record, Reference(*raw), index))
        elif value[:1] == "#" and "%" not in value and value[1:] in record.ids:
            page_specific = True  # a fragment of this very page, which has that id
            continue
        where, what = target_key(value, ancestors, dest_uri)
        page_specific = page_specific or where == dest_uri
        key = (kind, where, what)
        if key in good:
            continue
        if where != dest_uri and is_plainly_found(where, what, site, pages):
            good.add(key)
            continue
        reference = Reference(*raw)
        verdict = check_reference(record, reference, site, pages, base_path)
        if verdict is None:
            good.add(key)
            continue
        what, resolved, suggestion = verdict
        problems.append(Problem(record, reference, what, resolved, suggestion, index))
    return problems if problems or page_specific else None


def is_plainly_found(folder: str, rest: str, site: SiteFiles, pages: dict[str, PageRecord]) -> bool:
    """A quick yes for the common case, a plain relative URL ("x/y/#z" from folder) to a file
    and id that exist; anything else (or a no) goes through check_reference."""
    if ":" in rest or rest.startswith("/") or "%" in rest or "//" in rest or "?" in rest:
        return False
    if rest != rest.strip():
        return False
    path, _, fragment = rest.partition("#")
    target = f"{folder}/{path}" if folder else path
    found = site.resolve(target.rstrip("/"))
    if found is None:
        return False
    target_page = pages.get(found)
    return not fragment or target_page is None or fragment in target_page.ids


def target_key(value: str, ancestors: list[str], dest_uri: str) -> tuple[str, str]:
    """A key shared by every (page, URL) pair that means the same target.

    "../../x/" from any page two folders below "a" is ("a", "x/"). Cheaper than resolving
    the path; anything unusual ("./", "../" inside the path) stays keyed by its own page.
    """
    if means_the_same_everywhere(value):
        return "", value
    if points_into_the_page(value):
        return dest_uri, value
    ups = value.count("../")
    rest = value[3 * ups :]
    if ups < len(ancestors) and value.startswith("../" * ups) and "./" not in rest:
        return ancestors[ups], rest
    return dest_uri, value


def check_reference(
    record: PageRecord,
    reference: Reference,
    site: SiteFiles,
    pages: dict[str, PageRecord],
    base_path: str,
) -> tuple[str, str, str] | None:
    """Return (what is wrong, resolved target, suggestion), or None when the URL is fine."""
    value = reference.value.strip()
    if reference.kind == "image":
        if not value:
            return "but it has no source", "", ""
        if problem := check_image_origin(value):
            return problem
    if value.lower().startswith(_SKIPPED_SCHEMES):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None  # external: hooks/check_external.py checks those when asked
    page_dir = record.dest_uri.rpartition("/")[0]
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            what = f"but the site is served under '{base_path}'; use a relative link"
            return what, path, suggest_file(path, page_dir, site, base_path)
        target = posixpath.normpath(path[len(base_path) :]) if path != base_path else ""
    elif path:
        target = posixpath.normpath(posixpath.join(page_dir, path))
    else:
        target = record.dest_uri
    target = "" if target == "." else target
    if target == ".." or target.startswith("../"):
        return "but the target is outside the site", target, ""
    found = site.resolve(target)
    if found is None:
        return missing_target(value, target, page_dir, site, base_path, record.src_uri)
    return check_fragment(record, unquote(parts.fragment), found, pages)


def missing_target(
    value: str, target: str, page_dir: str, site: SiteFiles, base_path: str, src_uri: str | None
) -> tuple[str, str, str]:
    shown_target = target or "index.html"  # "" is the site's home page
    shown = f" '{shown_target}'" if shown_target != value else ""
    what = f"but the target{shown} is not found in the built site"
    differs_in_case = site.by_lowercase.get(target.lower()) or site.by_lowercase.get(
        posixpath.join(target, "index.html").lower()
    )
    if differs_in_case:
        return (
            f"{what}; the file '{differs_in_case}' differs only in case, and web servers "
            "such as GitHub Pages are case-sensitive",
            target,
            relative_url(differs_in_case, page_dir),
        )
    if target.endswith(".md"):
        what += " (MkDocs converts links to .md files only in Markdown links)"
    path = unquote(urlsplit(value).path)
    if src_uri is not None and path and not path.startswith("/"):
        # Raw HTML paths are relative to the page's URL, not to the Markdown file.
        from_source = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if found := site.resolve(from_source):
            what += (
                "; the path is right from the Markdown file, but a browser resolves it from "
                "the page's URL"
            )
            return what, target, relative_url(found, page_dir)
    return what, target, suggest_file(target, page_dir, site, base_path)


def suggest_file(target: str, page_dir: str, site: SiteFiles, base_path: str) -> str:
    """A relative URL to the file most likely meant, or ''."""
    target = target.lstrip("/")
    if target.startswith(base_path.strip("/") + "/") and base_path != "/":
        target = target[len(base_path.strip("/")) + 1 :]
    candidates = []
    stem, extension = posixpath.splitext(target)
    if extension in {".md", ".html"}:  # a page: as a directory URL or as a file
        candidates += [stem + "/index.html", stem + ".html", stem.removesuffix("/index")]
    candidates.append(target)
    for candidate in candidates:
        if found := site.resolve(candidate):
            return relative_url(found, page_dir)
    siblings = site.files_in(target.rpartition("/")[0])
    close = difflib.get_close_matches(target, siblings, n=1, cutoff=0.8)
    return relative_url(close[0], page_dir) if close else ""


def relative_url(site_path: str, page_dir: str) -> str:
    """The URL of a built file as written in a page in page_dir (directory URLs kept)."""
    directory_url = site_path.endswith("/index.html") or site_path == "index.html"
    path = site_path.removesuffix("index.html") if directory_url else site_path
    relative = posixpath.relpath(path or ".", page_dir or ".")
    if directory_url:
        return "./" if relative == "." else relative.rstrip("/") + "/"
    return relative


def check_fragment(
    record: PageRecord, fragment: str, found: str, pages: dict[str, PageRecord]
) -> tuple[str, str, str] | None:
    # "#" and "#top" scroll to the top of the document in every browser (HTML standard).
    if not fragment or fragment.lower() == "top" or not found.endswith(".html"):
        return None
    target_page = pages.get(found)
    if target_page is None:  # not a page this build rendered (e.g. a copied HTML file)
        return None
    if fragment in target_page.ids:
        return None
    close = difflib.get_close_matches(fragment, target_page.ids, n=1, cutoff=0.6)
    suggestion = f"#{close[0]}" if close else ""
    if target_page is record:
        return "but there is no such anchor on this page", f"{found}#{fragment}", suggestion
    return (
        f"but the doc {{doc}} does not contain an anchor '#{fragment}'",
        f"{found}#{fragment}",
        (suggestion),
    )


def check_image_origin(value: str) -> tuple[str, str, str] | None:
    parts = urlsplit(value)
    if parts.scheme.lower() == "http":
        return (f"but it is loaded over insecure http: from '{parts.netloc}'", value, "")
    if parts.netloc:
        return (
            f"but it is hot-linked from another host '{parts.netloc}'; copy the file into the docs",
            value,
            "",
        )
    return None


def check_image_description(
    record: PageRecord, reference: Reference, position: int
) -> list[Problem]:
    if reference.tag != "img" or reference.decorative:
        return []
    if reference.alt is None:
        what = "but it has no alt text"
    elif not reference.alt.strip():
        what = (
            'but its alt text is empty; describe it, or mark it decorative with alt="" and '
            'role="presentation"'
        )
    else:
        return []
    # Keyed by the resolved file, so the same image on a blog index page groups with its post.
    resolved = canonical_from_html(reference.value, record.dest_uri)[0]
    return [Problem(record, reference, what, "alt:" + resolved, position=position)]


def check_page_itself(record: PageRecord) -> list[Problem]:
    problems = []
    for index, missing in enumerate(record.diagrams_missing):
        if not missing:
            continue
        what = " and ".join(missing)
        problems.append(
            Problem(
                record,
                None,
                f"without {what}, so screen readers get no description of it",
                detail="a Mermaid diagram",
                search_text="mermaid",
                occurrence=index,
            )
        )
    problems.extend(
        Problem(
            record,
            None,
            "more than once; links to it reach only the first",
            detail=f"the id '{element_id}'",
            search_text=element_id,
        )
        for element_id in record.duplicate_ids
    )
    return problems


# ── Owning checks alongside MkDocs' own validation ────────────────────────────────────────────

_MKDOCS_LINK_WARNING = re.compile(
    r"^Doc file '(?P<src>.+?)' contains (?:a link|an unrecognized relative link|"
    r"an absolute link) '(?P<url>.+?)'(?P<rest>.*)$",
    re.DOTALL,
)
_MKDOCS_ANCHOR = re.compile(
    r"but (?:the doc '(?P<doc>.+?)' does not contain an anchor '#(?P<anchor>.+?)'|"
    r"there is no such anchor on this page)"
)


class MkDocsWarningWatcher(logging.Filter):
    """Notes each link problem MkDocs' validation reports and adds the Markdown line to it.

    MkDocs owns those reports; the hook then stays silent on the same link, so no problem is
    reported twice. Records it does not recognise pass unchanged.
    """

    def __init__(self, build: BuildState) -> None:
        super().__init__("check_site")
        self.build = build

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        match = _MKDOCS_LINK_WARNING.match(record.getMessage())
        if match is None:
            return True
        src, url, message = match["src"], match["url"], match.string
        anchor = _MKDOCS_ANCHOR.search(match["rest"])
        if anchor:
            target_src = anchor["doc"] or src
            fragment = unquote(anchor["anchor"] or url.partition("#")[2])
            self.build.reported_by_mkdocs.add(("anchor", src, target_src, fragment))
            message += self.anchor_suggestion(message, target_src, fragment)
        else:
            self.build.reported_by_mkdocs.add(("target", src, url))
        line = source_line_of(self.build, src, url)
        if line:
            message = message.replace(f"Doc file '{src}'", f"Doc file '{src}' line {line}", 1)
        record.msg, record.args = message, ()
        return True

    def anchor_suggestion(self, message: str, target_src: str, fragment: str) -> str:
        if "Did you mean" in message:
            return ""
        file = self.build.files_by_src.get(target_src)
        read_pages(self.build)  # MkDocs checks anchors after the last page, before post_build
        page = self.build.pages.get(file.dest_uri) if file else None
        if page is None:
            return ""
        close = difflib.get_close_matches(fragment, page.ids, n=1, cutoff=0.6)
        return f" Did you mean '#{close[0]}'?" if close else ""


def install_mkdocs_warning_watcher(build: BuildState) -> None:
    pages_logger = logging.getLogger("mkdocs.structure.pages")
    for old in [f for f in pages_logger.filters if isinstance(f, logging.Filter)]:
        if getattr(old, "name", "") == "check_site":
            pages_logger.removeFilter(old)
    pages_logger.addFilter(MkDocsWarningWatcher(build))


def mark_reported_by_mkdocs(problems: list[Problem], build: BuildState) -> list[Problem]:
    """Mark the problems MkDocs already reported: they are not reported again, but they still
    count as reported where they were written (see describe_problems)."""
    if not build.reported_by_mkdocs:
        return problems
    for problem in problems:
        reference, src = problem.reference, problem.page.src_uri
        if reference is not None and src is not None:
            if ("target", src, reference.value) in build.reported_by_mkdocs:
                problem.reported = True
                continue
            target_page, _, fragment = problem.target.partition("#")
            target_src = build.src_by_dest.get(target_page)
            if fragment and ("anchor", src, target_src, fragment) in build.reported_by_mkdocs:
                problem.reported = True
    return problems


# ── Reporting in MkDocs' voice ────────────────────────────────────────────────────────────────

_NOUNS = {"link": "a link", "image": "an image", "resource": "a resource"}


def describe_problems(problems: list[Problem], build: BuildState) -> list[str]:
    """One message per problem, said once, where it was written.

    A URL in a page's own Markdown content is reported on that doc's line. Anything else the
    page shows comes from elsewhere: content of another doc that a plugin or template repeats
    (a blog index's excerpts, a print page), or a template's own text. It is reported
    - not at all when the doc whose Markdown wrote it already reported the same problem;
    - on the line of that doc, when exactly one doc wrote it ("… that page X also shows");
    - once, naming the template, when a template's source holds the URL as written;
    - otherwise once, naming the page (or pages) it was found on, without guessing.
    """
    messages: list[str] = []
    own = [p for p in problems if p.reference is None or not is_from_template(p)]
    elsewhere = [p for p in problems if p.reference is not None and is_from_template(p)]
    # (doc, URL as written, kind of problem) already said, by MkDocs or by this hook.
    said_at_source = {
        (p.page.src_uri, p.reference.value, problem_kind(p)) for p in own if p.reference is not None
    }
    seen = {problem_key(p) for p in own if p.reference is not None}
    messages.extend(describe_page_problem(p, build) for p in own if not p.reported)
    unattributed: dict[tuple[str, str], list[Problem]] = {}
    for problem in elsewhere:
        reference = problem.reference
        assert reference is not None
        origins = pages_that_wrote(build, reference.value, problem.page)
        kind = problem_kind(problem)
        if origins and all((o.src_uri, reference.value, kind) in said_at_source for o in origins):
            continue  # the same HTML, repeated: already reported where it was written
        if len(origins) == 1:
            key: tuple[str | None, ...] = ("shown", origins[0].src_uri, reference.value, kind)
            if key not in seen:
                seen.add(key)
                messages.append(describe_repeated_content_problem(problem, origins[0], build))
            continue
        if problem_key(problem) in seen:
            continue
        if not origins and (found := find_in_templates(build, reference.value)):
            seen.add(problem_key(problem))
            messages.append(describe_template_problem(problem, found, build))
            continue
        unattributed.setdefault(problem_key(problem), []).append(problem)
    messages.extend(describe_unattributed_problem(group, build) for group in unattributed.values())
    return messages


def pages_that_wrote(build: BuildState, value: str, shown_on: PageRecord) -> list[PageRecord]:
    """The docs whose Markdown (outside code) wrote a URL that another page repeats."""
    return [
        record
        for record in build.pages.values()
        if record is not shown_on
        and record.src_uri is not None
        and content_has(record, value)
        and source_line_of(build, record.src_uri, value, record.dest_uri) is not None
    ]


def describe_repeated_content_problem(
    problem: Problem, origin: PageRecord, build: BuildState
) -> str:
    # The URL was written for the origin page's address; the page that repeats it lives at
    # another address, where a relative URL in raw HTML points elsewhere.
    reference = problem.reference
    assert reference is not None and origin.src_uri is not None
    line = source_line_of(build, origin.src_uri, reference.value, origin.dest_uri)
    where = f"Doc file '{origin.src_uri}'" + (f" line {line}" if line else "")
    what = name_target_doc(problem, build).removeprefix("but ")
    return (
        f"{where} contains {_NOUNS[reference.kind]} '{reference.value}' that page "
        f"'{problem.page.src_uri}' also shows (an excerpt?), but there {what}."
    )


def describe_unattributed_problem(group: list[Problem], build: BuildState) -> str:
    """A URL on a page that neither a doc's Markdown nor a template's text holds as written
    (a template or plugin computed it, e.g. by rewriting another page's content)."""
    problem = group[0]
    reference = problem.reference
    assert reference is not None
    pages = list(dict.fromkeys(p.page.src_uri or p.page.dest_uri for p in group))
    others = len(pages) - 1
    where = f"Page '{pages[0]}'" + (
        f" (and {others} other page{'s' if others > 1 else ''})" if others else ""
    )
    what = name_target_doc(problem, build)
    message = (
        f"{where} contains {_NOUNS[reference.kind]} '{reference.value}' that no doc's Markdown "
        f"and no template holds as written (made by a template or plugin?), {what}."
    )
    return with_suggestion(message, problem)


def problem_kind(problem: Problem) -> str:
    """What is wrong, whatever the page: "alt" text, a missing "target" or "anchor"."""
    return problem_key(problem)[0]


def problem_key(problem: Problem) -> tuple[str, str]:
    """The same problem seen from different pages: what kind of problem, about which file."""
    assert problem.reference is not None
    target = problem.target or problem.reference.value
    if target.startswith("alt:"):
        return "alt", target
    return ("anchor" if "#" in target else "target"), target


def is_from_template(problem: Problem) -> bool:
    page, reference = problem.page, problem.reference
    if page.src_uri is None or reference is None:
        return False
    return not content_has(page, reference.value)


def content_has(record: PageRecord, value: str) -> bool:
    """Whether the page's own Markdown content (not its template) holds this URL."""
    content = getattr(record.page, "content", None)
    if not content:
        return False
    escaped = html.escape(value, quote=True)
    forms = (f'"{escaped}"', f"'{escaped}'", f'"{escaped} ', f" {escaped} ", f" {escaped},")
    return any(form in content for form in forms)


def describe_page_problem(problem: Problem, build: BuildState) -> str:
    page, reference = problem.page, problem.reference
    what = name_target_doc(problem, build)
    if page.src_uri is None:
        where = f"Page '{page.dest_uri}'"
    elif reference is not None:
        same_value = [i for i, raw in enumerate(page.references) if raw[2] == reference.value]
        occurrence = same_value.index(problem.position) if problem.position in same_value else 0
        line = source_line_of(
            build, page.src_uri, reference.value, page.dest_uri, occurrence, len(same_value)
        )
        where = f"Doc file '{page.src_uri}'" + (f" line {line}" if line else "")
    else:
        line = source_line_of_text(build, page.src_uri, problem.search_text, problem.occurrence)
        where = f"Doc file '{page.src_uri}'" + (f" line {line}" if line else "")
    if reference is None:
        subject = problem.detail
    else:
        shown_value = written_form(build, page, reference)
        subject = f"{_NOUNS[reference.kind]} '{shown_value}'"
    separator = ", " if what.startswith("but") else " "
    message = f"{where} contains {subject}{separator}{what}."
    return with_suggestion(message, problem)


def describe_template_problem(problem: Problem, found: tuple[str, int], build: BuildState) -> str:
    reference = problem.reference
    assert reference is not None
    what = name_target_doc(problem, build)
    message = (
        f"Template '{found[0]}' line {found[1]} contains {_NOUNS[reference.kind]} "
        f"'{reference.value}' (first on page '{problem.page.src_uri}'), {what}."
    )
    return with_suggestion(message, problem)


def with_suggestion(message: str, problem: Problem) -> str:
    if problem.suggestion:
        return f"{message} Did you mean '{problem.suggestion}'?"
    return message


def name_target_doc(problem: Problem, build: BuildState) -> str:
    """Fill in the target doc of an anchor problem: its Markdown file, or its built page."""
    if "{doc}" not in problem.what:
        return problem.what
    target_dest = problem.target.partition("#")[0]
    return problem.what.replace("{doc}", f"'{build.src_by_dest.get(target_dest, target_dest)}'")


def checked_counts(pages: dict[str, PageRecord]) -> tuple[int, int, int, int, int]:
    """How many pages, links, images, other resources and diagrams were checked."""
    # Counted per distinct chunk: most chunks are on many pages.
    occurrences = Counter(chain.from_iterable(page.chunks for page in pages.values()))
    kinds: Counter[str] = Counter()
    for chunk, count in occurrences.items():
        for reference in chunk.references:
            kinds[reference[0]] += count
    diagrams = sum(len(page.diagrams_missing) for page in pages.values())
    return len(pages), kinds["link"], kinds["image"], kinds["resource"], diagrams


def summary_line(counts: tuple[int, int, int, int, int], problem_count: int, seconds: float) -> str:
    pages, links, images, resources, diagrams = counts
    return (
        f"check_site: checked {pages} pages, {links} links, {images} images, "
        f"{resources} other resources and {diagrams} diagrams: {problem_count} problems "
        f"in {seconds:.2f} seconds."
    )


# ── Mapping HTML back to the Markdown source ──────────────────────────────────────────────────

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_SOURCE_TARGET = re.compile(
    r"""\]\(\s*<?(?P<inline>[^)\s>]+)"""  # [text](target) and ![alt](target)
    r"""|^\s{0,3}\[[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)"""  # [id]: target
    r"""|\b(?:href|src|srcset)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""",
    re.MULTILINE,
)


@dataclass
class SourceIndex:
    """The link targets of one Markdown file, outside code, with their line numbers."""

    targets: list[tuple[int, str]]
    lines: list[str]  # the text with code masked, for page-level searches
    fence_lines: list[tuple[int, str]]  # (line, info string) of each fenced block opening


def source_index(build: BuildState, src_uri: str) -> SourceIndex | None:
    file = build.files_by_src.get(src_uri)
    if file is None:
        return None
    if src_uri in build.source_indexes:
        return build.source_indexes[src_uri]
    try:
        index: SourceIndex | None = build_source_index(file.content_string)
    except (OSError, UnicodeDecodeError, TypeError):
        index = None  # no line numbers then, but the problem is still reported
    build.source_indexes[src_uri] = index
    return index


def build_source_index(text: str) -> SourceIndex:
    lines: list[str] = []
    fence_lines: list[tuple[int, str]] = []
    open_fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line)
        if open_fence:
            if fence and fence["fence"].startswith(open_fence) and not fence["info"].strip():
                open_fence = ""
            lines.append("")
            continue
        if fence:
            open_fence = fence["fence"]
            fence_lines.append((number, fence["info"].strip()))
            lines.append("")
            continue
        lines.append(_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    masked = "\n".join(lines)
    targets = []
    for match in _SOURCE_TARGET.finditer(masked):
        value = match["inline"] or match["reference"] or match["double"] or match["single"] or ""
        line_number = masked.count("\n", 0, match.start()) + 1
        if match["reference"]:
            line_number = masked.count("\n", 0, match.start("reference")) + 1
        values = srcset_urls(value) if match["double"] or match["single"] else [value]
        targets.extend((line_number, html.unescape(item)) for item in values)
    return SourceIndex(targets, lines, fence_lines)


def source_line_of(
    build: BuildState,
    src_uri: str,
    value: str,
    dest_uri: str | None = None,
    occurrence: int = 0,
    total: int = 1,
) -> int | None:
    """The line of the Markdown source that wrote this URL (as written, or as MkDocs rewrote).

    The same URL may be written several times: the HTML's n-th one is the source's n-th one,
    after the theme's own copies (header and navigation come before the content).
    """
    index = source_index(build, src_uri)
    if index is None:
        return None
    lines = [line for line, written in index.targets if written == value]
    if lines:
        position = occurrence - max(0, total - len(lines))
        return lines[min(max(position, 0), len(lines) - 1)]
    if dest_uri is None:
        return None
    wanted = canonical_from_html(value, dest_uri)
    for line, written in index.targets:
        if canonical_from_markdown(build, written, src_uri) == wanted:
            return line
    return None


def written_form(build: BuildState, page: PageRecord, reference: Reference) -> str:
    """The URL exactly as the author wrote it in the Markdown source, when it can be found."""
    if page.src_uri is None:
        return reference.value
    index = source_index(build, page.src_uri)
    if index is None or any(written == reference.value for _, written in index.targets):
        return reference.value
    wanted = canonical_from_html(reference.value, page.dest_uri)
    for _line, written in index.targets:
        if canonical_from_markdown(build, written, page.src_uri) == wanted:
            return written
    return reference.value


def canonical_from_html(value: str, dest_uri: str) -> tuple[str, str]:
    parts = urlsplit(value)
    page_dir = dest_uri.rpartition("/")[0]
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(page_dir, path)) if path else dest_uri
    if path.endswith("/") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, unquote(parts.fragment)


def canonical_from_markdown(build: BuildState, written: str, src_uri: str) -> tuple[str, str]:
    parts = urlsplit(written)
    if parts.scheme or parts.netloc:
        return written, ""
    path = unquote(parts.path)
    if not path:
        own = build.files_by_src.get(src_uri)
        return (own.dest_uri if own else src_uri), unquote(parts.fragment)
    target_src = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    file = build.files_by_src.get(target_src)
    if file is not None:
        return file.dest_uri, unquote(parts.fragment)
    return target_src, unquote(parts.fragment)


def source_line_of_text(build: BuildState, src_uri: str, text: str, occurrence: int) -> int | None:
    index = source_index(build, src_uri)
    if index is None or not text:
        return None
    if text == "mermaid":
        mermaid_fences = [line for line, info in index.fence_lines if info.startswith("mermaid")]
        return mermaid_fences[occurrence] if occurrence < len(mermaid_fences) else None
    # An id written by hand: {#id}, id="id" or <a name="id">.
    pattern = re.compile(rf"""#{re.escape(text)}\b|(?:id|name)\s*=\s*["']{re.escape(text)}["']""")
    for number, line in enumerate(index.lines, start=1):
        if pattern.search(line):
            return number
    return None


def find_in_templates(build: BuildState, value: str) -> tuple[str, int] | None:
    """The first template (overrides first) whose text holds the URL as written, and the line.

    A template writes a page-relative URL through a filter (``{{ 'x/' | url }}`` is "../x/"
    one folder down), so the URL without its leading "./" and "../" counts as written too;
    a URL made of nothing distinctive ("..", "./", "#") names no template.
    """
    needles = [value]
    stripped = re.sub(r"^(?:\.{1,2}/)+", "", value)
    if stripped != value:
        needles.append(stripped)
    needles = [needle for needle in needles if re.search(r"\w", needle)]
    for directory in build.template_dirs:
        for path in sorted(Path(directory).rglob("*.html")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for needle in needles:
                position = text.find(needle)
                if position >= 0:
                    return template_name(path, directory, build), text.count("\n", 0, position) + 1
    return None


def template_name(path: Path, directory: str, build: BuildState) -> str:
    resolved = path.resolve()
    project = Path(build.project_dir).resolve()
    if resolved.is_relative_to(project):
        return resolved.relative_to(project).as_posix()
    return path.relative_to(directory).as_posix()


def site_base_path(site_url: str | None) -> str:
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


# ── Command line: check a built site folder without MkDocs ────────────────────────────────────


def check_folder(site_dir: str, site_url: str | None = None) -> list[str]:
    """Check every HTML page of a built site; returns one message per problem."""
    return check_folder_pages(site_dir, site_url)[0]


def check_folder_pages(
    site_dir: str, site_url: str | None = None
) -> tuple[list[str], dict[str, PageRecord]]:
    if not os.path.isdir(site_dir):
        raise NotADirectoryError(f"Site folder '{site_dir}' does not exist or is not a folder.")
    site = SiteFiles.from_folder(site_dir)
    pages_html = sorted(path for path in site.paths if path.endswith(".html"))
    if not pages_html:
        raise FileNotFoundError(f"Site folder '{site_dir}' contains no HTML pages.")
    base_path = site_base_path(site_url or site_url_from_sitemap(site_dir))
    pages: dict[str, PageRecord] = {}
    memory = ReadingMemory()
    for dest_uri in pages_html:
        text = Path(site_dir, dest_uri).read_text(encoding="utf-8", errors="replace")
        pages[dest_uri] = scan_page(text, dest_uri, memory)
    build = BuildState(site_dir=site_dir, base_path=base_path, pages=pages)
    return describe_problems(check_pages(pages, site, base_path), build), pages


def site_url_from_sitemap(site_dir: str) -> str | None:
    # MkDocs writes absolute page addresses to sitemap.xml; the first names the site's base.
    try:
        sitemap = Path(site_dir, "sitemap.xml").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap)
    return match.group(1) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check links, anchors, images and diagrams of a built site folder."
    )
    parser.add_argument("site_dir", help="the built site folder, e.g. site/")
    parser.add_argument(
        "--site-url", help="the address the site is served from (default: from sitemap.xml)"
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    started = time.perf_counter()
    try:
        messages, pages = check_folder_pages(arguments.site_dir, arguments.site_url)
    except (OSError, ValueError) as error:
        log.error(str(error))
        return 2
    for message in messages:
        log.warning(message)
    counts = checked_counts(pages)
    log.info(summary_line(counts, len(messages), time.perf_counter() - started))
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
