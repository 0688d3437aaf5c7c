"""The checks: what is wrong with a page's URLs, ids and diagrams, as data (Problem).

Each check has a name (the keys of config.CHECKS); a problem's ``reason`` says what is wrong,
and report.py alone turns it into words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .config import Settings
from .pages import Address, PageRecord, SiteFiles, site_path, suggest_file
from .reading import Reference


@dataclass
class Problem:
    page: PageRecord  # the page it was found on
    origin: str  # "content" (the page's own Markdown) or "theme" (everything else)
    reference: Reference | None  # None for an id or a diagram
    check: str  # a key of config.CHECKS
    reason: str  # what is wrong: a key of report.REASONS
    target: str = ""  # the site path it points to, an id, a host, or a diagram's missing keys
    fragment: str = ""
    suggestion: str = ""
    number: int = 0  # which diagram of the page


Verdict = tuple[str, ...] | None  # check, reason, and then target, fragment, suggestion
# Path segments and a fragment of word characters, matched one way only: no backtracking.
_PLAIN = re.compile(r"#[\w-]+|[\w-]+(?:\.[\w-]+)*(?:/[\w-]+(?:\.[\w-]+)*)*/?(?:#[\w-]+)?")


class Checker:
    def __init__(
        self,
        site: SiteFiles,
        pages: dict[str, PageRecord],
        address: Address,
        settings: Settings,
        excluded: dict[str, str] | None = None,
    ) -> None:
        self.site, self.pages, self.address, self.settings = site, pages, address, settings
        self.excluded = excluded or {}  # built path -> Markdown file left out by exclude_docs
        self.unread: set[str] = set()  # pages still to come, while the site is being built

    def check_all(self) -> list[Problem]:
        problems: list[Problem] = []
        for record in self.pages.values():
            if not self.settings.ignores_page(record.src_uri, record.dest_uri):
                problems.extend(self.check_page(record))
        return problems

    def check_page(self, record: PageRecord) -> list[Problem]:
        ancestors = ancestors_of(record.dest_uri)
        own_ids = record.duplicates_in_content
        problems: list[Problem] = []
        for element_id in record.duplicate_ids:  # its own if its Markdown wrote it at least once
            origin = "content" if element_id in own_ids else "theme"
            problems.append(
                Problem(record, origin, None, "duplicate_ids", "duplicate_id", element_id)
            )
        for reading in record.readings:
            origin = "content" if reading is record.content else "theme"
            problems.extend(
                Problem(
                    record,
                    origin,
                    None,
                    "undescribed_diagrams",
                    "undescribed",
                    " and ".join(keys),
                    number=n,
                )
                for n, keys in enumerate(reading.diagrams)
                if keys
            )
            for reference in reading.references:
                if not self.plainly_fine(reference, ancestors, record):
                    alt = self.check_alt(record, reference, origin)
                    url = self.check_url(record, reference)
                    problems.extend(Problem(record, origin, reference, *v) for v in (alt, url) if v)
        return problems

    def plainly_fine(self, reference: Reference, ancestors: list[str], page: PageRecord) -> bool:
        """A quick yes for the common case: a plain relative link ("../x/y/#z", or "#z" into
        the page itself) to a file and an id that exist. Anything else, or a no, goes the long
        way. Before the site is whole (``self.pages`` still filling), an anchor in a page not
        read yet is no yes."""
        url = reference.url
        if url[:1] == "#":  # the headings' permalinks, footnotes, the table of contents
            return _PLAIN.fullmatch(url) is not None and page.has_id(url[1:])
        ups = url.count("../")
        rest = url[3 * ups :]
        if reference.tag == "img" or ups >= len(ancestors) or not url.startswith("../" * ups):
            return False
        if not _PLAIN.fullmatch(rest) or self.settings.ignore_urls:
            return False
        path, _, fragment = rest.partition("#")
        found = self.site.resolve(f"{ancestors[ups]}/{path}" if ancestors[ups] else path)
        target = self.pages.get(found) if found else None
        if target is None and fragment and found in self.unread:
            return False
        return found is not None and (not fragment or target is None or target.has_id(fragment))

    def check_alt(self, record: PageRecord, reference: Reference, origin: str) -> Verdict:
        if reference.tag != "img" or self.settings.ignores_url(reference.url):
            return None
        if reference.alt is None:
            return "missing_alt", "no_alt"
        # Decorative in raw HTML; forgotten in Markdown, ![](…): report.py asks the source,
        # also of a page read whole (it has no content apart).
        in_markdown = origin == "content" or record.content is None
        if not reference.alt.strip() and in_markdown and record.images_without_alt:
            return "missing_alt", "empty_alt"
        return None

    def check_url(self, record: PageRecord, reference: Reference) -> Verdict:
        url, page_dir = reference.url, record.dest_uri.rpartition("/")[0]
        resolved = site_path(url, record.dest_uri, self.address)
        if self.settings.ignores_url(url, resolved[0] if resolved else ""):
            return None
        parts = urlsplit(url.strip())
        host, own = parts.netloc.lower(), self.address.origin.partition("://")[2]
        # http: on an https site is mixed content; a site served over http: may load its own.
        same_http_site = host == own and self.address.origin.startswith("http:")
        if reference.kind != "link" and parts.scheme.lower() == "http" and not same_http_site:
            return "insecure_resources", "insecure", host
        if reference.kind == "image" and host and host != own:
            return "hotlinked_images", "hotlinked", host
        if resolved is None:
            return None
        path, fragment = resolved
        check = "missing_images" if reference.kind == "image" else "broken_links"
        if reference.kind == "image" and not url.strip():
            return check, "no_source", path
        if path.startswith("/"):
            suggestion = suggest_file(path.lstrip("/"), page_dir, self.site)
            return check, "base_path", path, self.address.base_path, suggestion
        if path == ".." or path.startswith("../"):
            return check, "outside", path
        if found := self.site.resolve(path):
            if not fragment or not found.endswith(".html") or self.has_anchor(found, fragment):
                return None
            close = difflib.get_close_matches(fragment, self.pages[found].id_list(), 1, 0.6)
            return "missing_anchors", "no_anchor", found, fragment, f"#{close[0]}" if close else ""
        if excluded := self.excluded.get(path) or self.excluded.get(f"{path}/index.html"):
            return check, "excluded", excluded
        if differs := self.site.differing_in_case(path):
            return check, "case", path, differs, suggest_file(differs, page_dir, self.site)
        if record.src_uri and parts.path and not parts.path.startswith("/"):
            # Raw HTML paths are relative to the page's URL, not to its Markdown file.
            from_source = site_path(parts.path, record.src_uri, self.address)
            if from_source and (found := self.site.resolve(from_source[0])):
                return check, "from_source", path, "", suggest_file(found, page_dir, self.site)
        reason = "md_link" if path.endswith(".md") else "not_found"
        return check, reason, path, "", suggest_file(path, page_dir, self.site)

    def has_anchor(self, found: str, fragment: str) -> bool:
        target = self.pages.get(found)
        if target is None or target.has_id(fragment):
            return True  # not a page this build rendered (a copied HTML file): not judged
        if fragment.lower() == "top" or fragment.startswith(":~:"):
            return True  # the top of the page, and text fragments (HTML standard)
        # Material's line ranges: "#__codelineno-0-2:5" highlights lines 2 to 5 of a block.
        start, colon, end = fragment.rpartition(":")
        return bool(colon) and end.isdigit() and target.has_id(start)


def ancestors_of(dest_uri: str) -> list[str]:
    """The folders that 0, 1, 2… leading "../" reach from a page."""
    folders = dest_uri.split("/")[:-1]
    return ["/".join(folders[: len(folders) - n]) for n in range(len(folders) + 1)]
