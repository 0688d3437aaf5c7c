"""Reading built pages: a page's own content every time, the theme around it once per layout.

A themed page is mostly its theme (header, navigation, footer), written from the same data on
every page. Inside MkDocs, a page's own content (``page.content``) is read on every page, and
the rest once for each layout: the pages of one template, folder depth and set of front matter
keys share it (see check_site.layout_of). A page that a plugin or a template of its own makes
special (a blog index showing excerpts, a print page) has no layout and is read whole, and so
is every page the command line checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .reading import Reading, read_markup


@dataclass(eq=False)
class PageRecord:
    """What one built page holds."""

    dest_uri: str
    src_uri: str | None = None  # None when a built folder is checked without MkDocs
    content: Reading | None = None  # the page's own content, when it was cut out of the page
    theme: list[Reading] = field(default_factory=list)  # the rest, unless another page read it
    layout_ids: tuple[str, ...] = ()  # then the ids of that page's theme
    sharing: list[str] = field(default_factory=list)  # the pages whose layout this one read
    images_without_alt: bool = True  # whether its Markdown may hold ![](…)
    ids: tuple[str, ...] = ()  # its ids and <a name>s, once each (far smaller than a set)
    duplicate_ids: list[str] = field(default_factory=list)

    @property
    def readings(self) -> list[Reading]:
        return self.theme if self.content is None else [self.content, *self.theme]


def read_page(
    output: str,
    dest_uri: str,
    content: str = "",
    layouts: dict[tuple, PageRecord] | None = None,
    layout: tuple | None = None,
) -> PageRecord:
    """Read a page's final HTML, of which ``content`` is the part its own Markdown produced.
    ``layouts`` maps each layout to the page its theme was read on."""
    record = PageRecord(dest_uri)
    own = read_markup(content)
    first = layouts.get(layout) if layouts is not None and layout is not None else None
    if first is not None and own.clean:
        record.content = own
        record.layout_ids = tuple(i for reading in first.theme for i in reading.ids)
        first.sharing.append(dest_uri)
        gather_ids(record)
        return record
    start = output.find(content) if own.clean else -1
    before = read_markup(output[:start]) if start >= 0 else None
    twice = start >= 0 and content and output.find(content, start + 1) >= 0
    if before is None or not before.clean or twice:
        record.theme = [read_markup(output)]  # the content cannot be cut out: read it whole
    else:
        record.content = own
        record.theme = [before, read_markup(output[start + len(content) :])]
        if layouts is not None and layout is not None:
            layouts[layout] = record
    gather_ids(record)
    return record


def gather_ids(record: PageRecord) -> None:
    ids, names = list(record.layout_ids), []
    for reading in record.readings:
        ids.extend(reading.ids)
        names.extend(reading.names)
    unique = dict.fromkeys(ids)
    if len(unique) != len(ids):
        record.duplicate_ids = [key for key, count in Counter(ids).items() if count > 1]
    record.ids = tuple(unique | dict.fromkeys(names))
