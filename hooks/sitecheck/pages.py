"""The built site: its files, its pages, and what a URL in a page points to.

A themed page is mostly its theme (header, navigation, footer). Inside MkDocs, a page's own
content is read on every page, the rest once per layout: the pages of one template, folder depth
and set of front matter keys share it (build.layout_of). A page a plugin or a template of its
own makes special (a blog index, a print page) is read whole, as is every page the command line
checks.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .reading import Reading, read_markup


@dataclass(eq=False, slots=True)
class PageRecord:
    dest_uri: str
    src_uri: str | None = None  # None when a built folder is checked without MkDocs
    content: Reading | None = None  # the page's own content, when it was cut out of the page
    theme: list[Reading] = field(default_factory=list)  # the rest, unless another page read it
    sharing: list[str] = field(default_factory=list)  # the pages whose layout this one read
    images_without_alt: bool = True  # whether its Markdown may hold ![](…)
    # Its ids and <a name>s, each between two newlines: one string a page, not one an id (a
    # large site holds tens of thousands, and ids hold no whitespace).
    ids: str = ""
    duplicate_ids: list[str] = field(default_factory=list)
    duplicates_in_content: list[str] = field(default_factory=list)

    @property
    def readings(self) -> list[Reading]:
        return self.theme if self.content is None else [self.content, *self.theme]

    def has_id(self, element_id: str) -> bool:
        return f"\n{element_id}\n" in self.ids

    def id_list(self) -> list[str]:
        return self.ids.strip("\n").split("\n") if self.ids else []


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
    theme_ids: list[str] = []  # of the page that read this one's layout
    own = read_markup(content)
    first = layouts.get(layout) if layouts is not None and layout is not None else None
    start = output.find(content) if own.clean and first is None else -1
    before = read_markup(output[:start]) if start >= 0 else None
    twice = start >= 0 and content and output.find(content, start + 1) >= 0
    if first is not None and own.clean:
        record.content = own
        theme_ids = [i for reading in first.theme for i in reading.ids]
        first.sharing.append(dest_uri)
    elif before is None or not before.clean or twice:
        record.theme = [read_markup(output)]  # the content cannot be cut out: read it whole
    else:
        record.content = own
        record.theme = [before, read_markup(output[start + len(content) :])]
        if layouts is not None and layout is not None:
            layouts[layout] = record
    ids, names = theme_ids, []
    for reading in record.readings:
        ids.extend(reading.ids)
        names.extend(reading.names)
    unique = dict.fromkeys(ids)
    if len(unique) != len(ids):
        record.duplicate_ids = [key for key, count in Counter(ids).items() if count > 1]
        in_content = set(record.content.ids) if record.content else set()
        record.duplicates_in_content = [i for i in record.duplicate_ids if i in in_content]
    if every := [*unique, *dict.fromkeys(names)]:
        record.ids = "\n" + "\n".join(every) + "\n"
    if record.content is not None:  # its ids live on in record.ids alone
        record.content.ids = record.content.names = ()
    return record


# Schemes that name no file of the site and no web page to check.
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:", "sms:")


def says_noindex(html: str) -> bool:
    """Whether a page's <meta name="robots"> keeps it out of search engines (and the sitemap).
    Attributes in any order: a plugin that rewrites pages (mermaid2) may reorder them."""
    head = html.partition("</head>")[0]
    return any(
        'name="robots"' in tag and re.search(r'content="[^"]*noindex', tag)
        for tag in re.findall(r"<meta\b[^>]*>", head, re.I)
    )


class SiteFiles:
    """Every file of the built site, by its path from the site folder (case-sensitive)."""

    def __init__(self, paths: set[str]) -> None:
        self.paths = paths

    # Made when a problem needs them: most builds have none.
    @functools.cached_property
    def by_lowercase(self) -> dict[str, str]:
        return {path.lower(): path for path in self.paths}

    @functools.cached_property
    def by_folder(self) -> dict[str, list[str]]:
        folders: dict[str, list[str]] = {}
        for path in self.paths:
            folders.setdefault(path.rpartition("/")[0], []).append(path)
        return folders

    @classmethod
    def from_folder(cls, site_dir: str) -> SiteFiles:
        paths = set()
        for folder, _subfolders, names in os.walk(site_dir):
            relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            paths.update(prefix + name for name in names)
        return cls(paths)

    def resolve(self, path: str) -> str | None:
        """The file a web server sends for a site path (a folder gets its index.html)."""
        if path in self.paths:
            return path
        index = f"{path}/index.html" if path and not path.endswith("/") else f"{path}index.html"
        return index if index in self.paths else None

    def differing_in_case(self, path: str) -> str | None:
        lowered = path.lower()
        index = posixpath.join(lowered, "index.html")
        return self.by_lowercase.get(lowered) or self.by_lowercase.get(index)


@dataclass(frozen=True)
class Address:
    """Where the site is served: its scheme and host, and its path (ends with "/")."""

    origin: str = ""  # "https://example.org", or "" when the site's address is unknown
    base_path: str = "/"

    @classmethod
    def from_site_url(cls, site_url: str | None) -> Address:
        parts = urlsplit(site_url or "")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        origin = f"{parts.scheme}://{parts.netloc}".lower() if parts.netloc else ""
        return cls(origin, path)


def site_path(url: str, page: str, address: Address) -> tuple[str, str] | None:
    """The site path (from the site folder) and fragment a URL points to from a page (its
    path in the site); None for an external URL or another scheme. A path outside the site
    keeps its leading "../"; one outside the site's base path keeps its leading "/"."""
    url = url.strip()
    if url.lower().startswith(SKIPPED_SCHEMES):
        return None
    host = address.origin.partition("://")[2]
    for prefix in (address.origin, "//" + host) if address.origin and "//" in url else ():
        if url.lower().startswith(prefix):  # an absolute URL into the site's own address
            url = url[len(prefix) :] or "/"
            if not (url + "/").startswith(address.base_path):
                return None  # another site on the same host (a sibling GitHub Pages project)
            break
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(address.base_path) and path + "/" != address.base_path:
            return path, unquote(parts.fragment)
        target = posixpath.normpath(path[len(address.base_path) :] or ".")
    elif path:
        target = posixpath.normpath(posixpath.join(page.rpartition("/")[0], path))
    else:
        return page, unquote(parts.fragment)  # the page itself
    return ("" if target == "." else target), unquote(parts.fragment)


def suggest_file(target: str, page_dir: str, site: SiteFiles) -> str:
    """A URL, relative to page_dir, of the file most likely meant (a folder's index.html as the
    folder), or ""."""
    stem, extension = posixpath.splitext(target)
    candidates = [target]
    if extension in {".md", ".html"}:  # a page: as a directory URL or as a file
        candidates += [stem + "/index.html", stem + ".html", stem.removesuffix("/index")]
    for candidate in candidates:
        if found := site.resolve(candidate):
            break
    else:
        # Names compared, not paths: a long folder would make any two paths in it look
        # alike. And not the page itself: "Did you mean './'?" helps no one.
        own = posixpath.join(page_dir, "index.html")
        folder, _, name = target.rpartition("/")
        names = {p.rpartition("/")[2]: p for p in site.by_folder.get(folder, []) if p != own}
        close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.75)
        if not close:
            return ""
        found = names[close[0]]
    directory_url = found.endswith("/index.html") or found == "index.html"
    path = found.removesuffix("index.html") if directory_url else found
    relative = posixpath.relpath(path or ".", page_dir or ".")
    if directory_url:
        return "./" if relative == "." else relative.rstrip("/") + "/"
    return relative
