"""The checks: what is wrong with a page's URLs, ids and diagrams, as data (Problem).

Each check has a name (the keys of config.CHECKS); a problem carries a ``reason`` that the
report module turns into words. A piece of the theme repeated on many pages is judged once
wherever its URLs mean the same (see reach()).
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
    reason: str  # what is wrong, a key of report.REASONS
    page: PageRecord  # the page it was found on
    origin: str  # "content" (the page's own Markdown) or "theme" (everything else)
    reference: Reference | None = None  # None for page-level problems (ids, diagrams)
    target: str = ""  # the site path it points to, an id, or a diagram's missing keys
    fragment: str = ""
    suggestion: str = ""
    number: int = 0  # which diagram of the page


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # as urlsplit reads a scheme
# Path segments and a fragment of word characters, each way to match it unique: no backtracking.
_PLAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*(?:/[\w-]+(?:\.[\w-]+)*)*/?(?:#[\w-]+)?")
_EVERYWHERE = 1 << 30  # reach() of a reading whose URLs mean the same from every page


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
        self.fine: set[tuple[Reading, str]] = set()

    def check_all(self) -> list[Problem]:
        problems: list[Problem] = []
        for record in self.pages.values():
            if not self.settings.ignores_page(record.src_uri, record.dest_uri):
                problems.extend(self.check_page(record))
        return problems

    def check_page(self, record: PageRecord) -> list[Problem]:
        page_dir = record.dest_uri.rpartition("/")[0]
        parts = page_dir.split("/") if page_dir else []
        ancestors = ["/".join(parts[: len(parts) - ups]) for ups in range(len(parts) + 1)]
        problems = [
            Problem("duplicate_ids", "duplicate_id", record, "theme", target=element_id)
            for element_id in record.duplicate_ids
        ]
        for reading in record.readings:
            origin = "content" if reading is record.content else "theme"
            problems.extend(self.check_diagrams(record, reading, origin))
            if not reading.references:
                continue
            ups = reach(reading)
            if ups == _EVERYWHERE:
                key = (reading, "")
            elif ups is None or ups >= len(ancestors):
                key = (reading, record.dest_uri)  # what it means depends on this very page
            else:
                key = (reading, ancestors[ups])
            if key in self.fine:
                continue
            found = [
                problem
                for reference in reading.references
                if not self.plainly_fine(reference, ancestors)
                for problem in (
                    self.check_alt(record, reference, origin),
                    self.check_reference(record, page_dir, reference, origin),
                )
                if problem is not None
            ]
            if not found:
                self.fine.add(key)
            problems.extend(found)
        return problems

    def check_diagrams(self, record: PageRecord, reading: Reading, origin: str) -> list[Problem]:
        return [
            Problem(
                "undescribed_diagrams",
                "undescribed",
                record,
                origin,
                None,
                " and ".join(m),
                number=n,
            )
            for n, m in enumerate(reading.diagrams)
            if m
        ]

    def check_reference(
        self, record: PageRecord, page_dir: str, reference: Reference, origin: str
    ) -> Problem | None:
        url = reference.url
        if self.settings.ignores_url(url):
            return None
        if reference.kind != "link" and (problem := self.check_origin(record, reference, origin)):
            return problem
        resolved = site_path(url, record.dest_uri, self.address)
        if resolved is None:
            return None
        path, fragment = resolved
        if self.settings.ignores_url(url, path):
            return None
        if reference.kind == "image" and not url.strip():
            return Problem("missing_images", "no_source", record, origin, reference)
        check = "missing_images" if reference.kind == "image" else "broken_links"
        if path.startswith("/"):
            suggestion = suggest_file(path.lstrip("/"), page_dir, self.site)
            return Problem(check, "base_path", record, origin, reference, path, "", suggestion)
        if path == ".." or path.startswith("../"):
            return Problem(check, "outside", record, origin, reference, path)
        found = self.site.resolve(path)
        if found is None:
            return self.missing_target(record, page_dir, reference, origin, check, path)
        if not fragment or not found.endswith(".html") or self.has_anchor(found, fragment):
            return None
        target_page = self.pages.get(found)
        close = difflib.get_close_matches(fragment, target_page.ids if target_page else [], 1, 0.6)
        suggestion = f"#{close[0]}" if close else ""
        return Problem(
            "missing_anchors", "no_anchor", record, origin, reference, found, fragment, suggestion
        )

    def plainly_fine(self, reference: Reference, ancestors: list[str]) -> bool:
        """A quick yes for the common case: a plain relative link ("../x/y/#z") to a file
        and an id that exist. Anything else, or a no, goes the long way."""
        url = reference.url
        ups = url.count("../")
        rest = url[3 * ups :]
        if reference.tag == "img" or ups >= len(ancestors) or not url.startswith("../" * ups):
            return False
        if not rest[:1].isalnum() or not _PLAIN.fullmatch(rest) or self.settings.ignore_urls:
            return False
        path, _, fragment = rest.partition("#")
        found = self.site.resolve(f"{ancestors[ups]}/{path}" if ancestors[ups] else path)
        target = self.pages.get(found) if found else None
        return found is not None and (not fragment or target is None or fragment in target.ids)

    def check_alt(self, record: PageRecord, reference: Reference, origin: str) -> Problem | None:
        if reference.tag != "img" or self.settings.ignores_url(reference.url):
            return None
        if reference.alt is None:
            return Problem("missing_alt", "no_alt", record, origin, reference)
        if not reference.alt.strip() and origin == "content" and record.images_without_alt:
            # Decorative in raw HTML; forgotten in Markdown, ![](…): report.py asks the source.
            return Problem("missing_alt", "empty_alt", record, origin, reference)
        return None

    def has_anchor(self, found: str, fragment: str) -> bool:
        target_page = self.pages.get(found)
        if target_page is None or fragment in target_page.ids:
            return True  # not a page this build rendered (a copied HTML file): not judged
        if fragment.lower() == "top" or fragment.startswith(":~:"):
            return True  # the top of the page, and text fragments (HTML standard)
        # Material's line ranges: "#__codelineno-0-2:5" highlights lines 2 to 5 of a block.
        start, colon, end = fragment.rpartition(":")
        return bool(colon) and end.isdigit() and start in target_page.ids

    def check_origin(self, record: PageRecord, reference: Reference, origin: str) -> Problem | None:
        parts = urlsplit(reference.url.strip())
        if parts.scheme.lower() == "http":
            return Problem(
                "insecure_resources", "insecure", record, origin, reference, parts.netloc
            )
        own = self.address.origin.partition("://")[2]
        if reference.kind == "image" and parts.netloc and parts.netloc.lower() != own:
            return Problem("hotlinked_images", "hotlinked", record, origin, reference, parts.netloc)
        return None

    def missing_target(
        self,
        record: PageRecord,
        page_dir: str,
        reference: Reference,
        origin: str,
        check: str,
        path: str,
    ) -> Problem:
        site = self.site
        excluded = self.excluded.get(path) or self.excluded.get(f"{path}/index.html".lstrip("/"))
        if excluded:
            return Problem(check, "excluded", record, origin, reference, excluded)
        if differs := site.differing_in_case(path):
            suggestion = relative_url(differs, page_dir)
            return Problem(check, "case", record, origin, reference, path, differs, suggestion)
        written = urlsplit(reference.url.strip()).path
        if record.src_uri and written and not written.startswith("/"):
            # Raw HTML paths are relative to the page's URL, not to its Markdown file.
            from_source = site_path(written, record.src_uri, self.address)
            if from_source and (found := site.resolve(from_source[0])):
                suggestion = relative_url(found, page_dir)
                return Problem(
                    check, "from_source", record, origin, reference, path, "", suggestion
                )
        reason = "md_link" if path.endswith(".md") else "not_found"
        suggestion = suggest_file(path, page_dir, site)
        return Problem(check, reason, record, origin, reference, path, "", suggestion)


def reach(reading: Reading) -> int | None:
    """How many leading "../" the fewest of a reading's relative URLs have: from every page
    whose folder that many levels up is the same, the reading's URLs mean the same. None when
    one of them is about the page itself ("#x", "", "?q") or is unusual ("./", "a/../b")."""
    if reading.ups != -1:
        return reading.ups
    fewest: int | None = _EVERYWHERE
    for reference in reading.references:
        url = reference.url
        if url.startswith("/") or (":" in url and _SCHEME.match(url)):
            continue  # root-absolute, external or another scheme: the same from every page
        ups = url.count("../")
        if url.lstrip()[:1] in ("", "#", "?") or not url.startswith("../" * ups):
            fewest = None
            break
        if "./" in url[3 * ups :]:
            fewest = None
            break
        fewest = min(fewest, ups)
    reading.ups = fewest
    return fewest
