"""Reading whole pages: the page's own content on every page, the theme around it once.

A themed page is mostly its theme: header, navigation, footer. Those repeat from page to page
but for a few places (the title, the current page's entry in the navigation, the table of
contents). So the theme's part is cut into pieces before each ``<li`` and a piece already
read, on this page or another, is looked up by its exact text instead of read again. The
page's own content (MkDocs' ``page.content``) is on no other page and is read whole.

Inside MkDocs, the theme is read only once per layout: pages with the same template, depth and
front matter keys share the theme's checks, since the theme writes their links from the same
navigation (see check_site.layout_of). A page that a plugin or a template of its own makes
special (a blog index showing excerpts, a print page) has no layout and is read whole.

A piece's reading is kept only when it is clean (see Reading.clean): then it starts and ends
outside any tag, comment or body, and means the same wherever it stands. From the first piece
that is not clean, the rest of the page is read whole, so the result is always what reading
the whole page gives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .reading import Reading, read_markup

_CUT = "<li"


class PieceCache:
    """Readings by the exact text read. Two generations keep its memory bounded: pieces still
    in use move to the current one, and the older one is dropped when the current one fills."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.current: dict[str, Reading] = {}
        self.older: dict[str, Reading] = {}

    def read(self, text: str) -> Reading:
        reading = self.current.get(text)
        if reading is not None:
            return reading
        reading = self.older.get(text) or read_markup(text)
        if reading.clean:
            if len(self.current) >= self.size:
                self.older, self.current = self.current, {}
            self.current[text] = reading
        return reading


@dataclass
class PageRecord:
    """What one built page holds."""

    dest_uri: str
    src_uri: str | None = None  # None when a built folder is checked without MkDocs
    content: Reading | None = None  # the page's own content, when it was found in the page
    theme: list[Reading] = field(default_factory=list)  # everything else, in page order
    layout_ids: tuple[str, ...] = ()  # the theme's ids, when its layout was read on another page
    sharing: list[str] = field(default_factory=list)  # pages whose layout was read on this one
    images_without_alt: bool = True  # whether its Markdown may hold ![](…)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[str] = field(default_factory=list)

    @property
    def readings(self) -> list[Reading]:
        return self.theme if self.content is None else [self.content, *self.theme]


def read_page(
    output: str,
    dest_uri: str,
    cache: PieceCache,
    content: str = "",
    layouts: dict[tuple, PageRecord] | None = None,
    layout: tuple | None = None,
) -> PageRecord:
    """Read a page's final HTML; ``content`` is the part its own Markdown produced. With
    ``layouts`` (a layout -> the page it was read on), a page of a layout already read has
    only its content read."""
    record = PageRecord(dest_uri)
    if layouts is not None and layout in layouts:
        own = read_markup(content)
        if own.clean:
            first = layouts[layout]
            record.content = own
            record.layout_ids = tuple(i for r in first.theme for i in r.ids)
            first.sharing.append(dest_uri)
            gather_ids(record)
            return record
    start = output.find(content) if content else -1
    before = read_theme(output[:start], cache) if start >= 0 else []
    own = read_markup(content) if start >= 0 else None
    if own is None or own.clean is False or (before and before[-1].clean is False):
        record.theme = read_theme(output, cache)  # the content is not where it can be cut out
    else:
        record.content = own
        record.theme = before + read_theme(output[start + len(content) :], cache)
    record.theme = [r for r in record.theme if r.references or r.ids or r.names or r.diagrams]
    gather_ids(record)
    if layouts is not None and layout is not None and record.content is not None:
        layouts[layout] = record
    return record


def read_theme(text: str, cache: PieceCache) -> list[Reading]:
    """The readings of a part of a page, piece by piece through the cache."""
    pieces = text.split(_CUT)
    readings = []
    for number, piece in enumerate(pieces):
        reading = cache.read(_CUT + piece if number else piece)
        if not reading.clean:  # read on, whole: what follows depends on this piece
            reading = read_markup(_CUT + _CUT.join(pieces[number:]) if number else text)
            readings.append(reading)
            break
        readings.append(reading)
    return readings


def gather_ids(record: PageRecord) -> None:
    ids = list(record.layout_ids)
    for reading in record.readings:
        ids.extend(reading.ids)
        record.ids.update(reading.names)
    record.ids.update(ids)
    if len(ids) != len(set(ids)):
        record.duplicate_ids = [key for key, count in Counter(ids).items() if count > 1]
