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
from .pages import PageRecord
from .reading import Reading, Reference
from .site import Address, SiteFiles, relative_url, site_path, suggest_file


@dataclass
class Problem:
    check: str  # a key of config.CHECKS
    reason: str  # what is wrong: a key of report.REASONS
    page: PageRecord  # the page it was found on
    origin: str  # "content" (the page's own Markdown) or "theme" (everything else)
    reference: Reference | None = None  # None for an id or a diagram
    target: str = ""  # the site path it points to, an id, a host, or a diagram's missing keys
    fragment: str = ""
    suggestion: str = ""
    number: int = 0  # which diagram of the page


# Path segments and a fragment of word characters, matched one way only: no backtracking.
_PLAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*(?:/[\w-]+(?:\.[\w-]+)*)*/?(?:#[\w-]+)?")


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
        own_ids = record.content.ids if record.content else ()
        problems = [
            Problem("duplicate_ids", "duplicate_id", record, "theme", target=element_id)
            for element_id in record.duplicate_ids
        ]
        for problem in problems:
            if problem.target in own_ids:  # written in the page's own Markdown at least once
                problem.origin = "content"
        for reading in record.readings:
            origin = "content" if reading is record.content else "theme"
            problems.extend(self.check_diagrams(record, reading, origin))
            for reference in reading.references:
                if self.plainly_fine(reference, ancestors):
                    continue
                problems.extend(self.check_alt(record, reference, origin))
                problems.extend(self.check_reference(record, reference, origin))
        return problems

    def plainly_fine(self, reference: Reference, ancestors: list[str]) -> bool:
        """A quick yes for the common case: a plain relative link ("../x/y/#z") to a file
        and an id that exist. Anything else, or a no, goes the long way. Before the site is
        whole (``self.pages`` still filling), an anchor in a page not read yet is no yes."""
        url = reference.url
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
        return found is not None and (not fragment or target is None or fragment in target.ids)

    def check_diagrams(self, record: PageRecord, reading: Reading, origin: str) -> list[Problem]:
        missing = [(n, " and ".join(keys)) for n, keys in enumerate(reading.diagrams) if keys]
        return [
            Problem("undescribed_diagrams", "undescribed", record, origin, target=keys, number=n)
            for n, keys in missing
        ]

    def check_alt(self, record: PageRecord, reference: Reference, origin: str) -> list[Problem]:
        if reference.tag != "img" or self.settings.ignores_url(reference.url):
            return []
        if reference.alt is None:
            return [Problem("missing_alt", "no_alt", record, origin, reference)]
        # A page read whole has no content apart: report.py asks its source as well.
        written_in_markdown = origin == "content" or record.content is None
        if not reference.alt.strip() and written_in_markdown and record.images_without_alt:
            # Decorative in raw HTML; forgotten in Markdown, ![](…): report.py asks the source.
            return [Problem("missing_alt", "empty_alt", record, origin, reference)]
        return []

    def check_reference(
        self, record: PageRecord, reference: Reference, origin: str
    ) -> list[Problem]:
        url = reference.url
        resolved = site_path(url, record.dest_uri, self.address)
        if self.settings.ignores_url(url, resolved[0] if resolved else ""):
            return []
        found = self.check_origin(record, reference, origin)
        if found or resolved is None:
            return found
        path, fragment = resolved
        check = "missing_images" if reference.kind == "image" else "broken_links"

        def problem(reason: str, target: str = path, fragment: str = "", suggestion: str = ""):
            return [Problem(check, reason, record, origin, reference, target, fragment, suggestion)]

        if reference.kind == "image" and not url.strip():
            return problem("no_source")
        if path.startswith("/"):
            return problem("base_path", suggestion=self.suggest(path.lstrip("/"), record))
        if path == ".." or path.startswith("../"):
            return problem("outside")
        found_file = self.site.resolve(path)
        if found_file is None:
            return self.missing_target(record, reference, path, problem)
        if (
            not fragment
            or not found_file.endswith(".html")
            or self.has_anchor(found_file, fragment)
        ):
            return []
        close = difflib.get_close_matches(fragment, self.pages[found_file].ids, 1, 0.6)
        suggestion = f"#{close[0]}" if close else ""
        anchor = Problem("missing_anchors", "no_anchor", record, origin, reference, found_file)
        anchor.fragment, anchor.suggestion = fragment, suggestion
        return [anchor]

    def has_anchor(self, found: str, fragment: str) -> bool:
        target = self.pages.get(found)
        if target is None or fragment in target.ids:
            return True  # not a page this build rendered (a copied HTML file): not judged
        if fragment.lower() == "top" or fragment.startswith(":~:"):
            return True  # the top of the page, and text fragments (HTML standard)
        # Material's line ranges: "#__codelineno-0-2:5" highlights lines 2 to 5 of a block.
        start, colon, end = fragment.rpartition(":")
        return bool(colon) and end.isdigit() and start in target.ids

    def check_origin(self, record: PageRecord, reference: Reference, origin: str) -> list[Problem]:
        """An image or resource loaded over http:, or an image from another host."""
        if reference.kind == "link":
            return []
        parts = urlsplit(reference.url.strip())
        host = parts.netloc.lower()
        own = self.address.origin.partition("://")[2]
        # http: on an https site is mixed content; a site served over http: may load its own.
        same_http_site = host == own and self.address.origin.startswith("http:")
        if parts.scheme.lower() == "http" and not same_http_site:
            return [Problem("insecure_resources", "insecure", record, origin, reference, host)]
        if reference.kind == "image" and host and host != own:
            return [Problem("hotlinked_images", "hotlinked", record, origin, reference, host)]
        return []

    def missing_target(self, record: PageRecord, reference: Reference, path: str, problem):
        if excluded := self.excluded.get(path) or self.excluded.get(f"{path}/index.html"):
            return problem("excluded", excluded)
        if differs := self.site.differing_in_case(path):
            return problem("case", path, differs, self.suggest(differs, record))
        written = urlsplit(reference.url.strip()).path
        if record.src_uri and written and not written.startswith("/"):
            # Raw HTML paths are relative to the page's URL, not to its Markdown file.
            from_source = site_path(written, record.src_uri, self.address)
            if from_source and (found := self.site.resolve(from_source[0])):
                return problem("from_source", suggestion=self.suggest(found, record))
        return problem(
            "md_link" if path.endswith(".md") else "not_found",
            suggestion=suggest_file(path, record.dest_uri.rpartition("/")[0], self.site),
        )

    def suggest(self, path: str, record: PageRecord) -> str:
        page_dir = record.dest_uri.rpartition("/")[0]
        found = self.site.resolve(path)
        return relative_url(found, page_dir) if found else suggest_file(path, page_dir, self.site)


def ancestors_of(dest_uri: str) -> list[str]:
    """The folders that 0, 1, 2… leading "../" reach from a page."""
    folders = dest_uri.split("/")[:-1]
    return ["/".join(folders[: len(folders) - n]) for n in range(len(folders) + 1)]
