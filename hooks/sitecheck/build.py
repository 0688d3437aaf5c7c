"""One `mkdocs build` as the checker sees it: its Markdown files, its pages, MkDocs' own
warnings, and its end. A plugin that builds the site in several passes (mkdocs-static-i18n,
one per language) runs the events again inside the first build's; the site is checked once,
when the outermost build ends (see check_site.on_post_build).
"""

from __future__ import annotations

import difflib
import html
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.structure.pages import Page

from . import report
from .config import Settings, settings_from_extra
from .pages import Address, PageRecord, SiteFiles, read_page
from .rules import Checker, Problem, ancestors_of
from .sources import Sources

log = logging.getLogger("mkdocs.hooks.check_site")
_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(|-8<-")  # ![](…), or a snippet that may hold one
_NAV_WARNING = re.compile(r"A reference to '(?P<url>.+?)' is included in the 'nav' configuration")
_LINK_WARNING = re.compile(
    r"^Doc file '(?P<src>.+?)' contains (?:a link|an unrecognized relative link|"
    r"an absolute link) '(?P<url>.+?)'(?P<rest>.*)$",
    re.DOTALL,
)
_ANCHOR = re.compile(
    r"but (?:the doc '(?P<doc>.+?)' does not contain an anchor '#(?P<anchor>.+?)'|"
    r"there is no such anchor on this page)"
)


# Pages that a step after the build rewrote, such as a handout that gathers other pages'
# articles (hooks/finish_site.py): the pages as read while rendering lack what it added, so
# they are read again, whole, before the site is checked. Such a step calls note_rewritten().
rewritten: set[str] = set()


def note_rewritten(dest_uri: str) -> None:
    rewritten.add(dest_uri)


@dataclass(eq=False)
class Build:
    """The build, and a filter on MkDocs' page logger: MkDocs' own link warnings are noted so
    that they are not said twice, given their Markdown line, and let go when the final HTML
    proves them wrong (MkDocs checks anchors against the ids its Markdown produced; content tabs
    and attributes on code fences add theirs later, to the final HTML)."""

    name = "check_site"  # the filter's, to replace the one of an earlier build
    config: Any = None  # the outermost build's MkDocs config
    settings: Settings = field(default_factory=Settings)
    depth: int = 0  # builds under way, nested ones included
    files: dict[str, Any] = field(default_factory=dict)  # Markdown files by src_uri
    src_by_dest: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)  # dest_uri -> src_uri
    pages: dict[str, PageRecord] = field(default_factory=dict)
    layouts: dict[tuple, PageRecord] = field(default_factory=dict)
    sources: Sources | None = None
    reported: set[tuple[str, ...]] = field(default_factory=set)  # what MkDocs warned about
    noted: list[report.Message] = field(default_factory=list)  # MkDocs' warnings, to annotate
    warned: dict[tuple[str, str], int] = field(default_factory=dict)  # (doc, link) -> uses seen
    early: Checker | None = None  # drops each page's plainly fine links as soon as it is read
    urls: int = 0
    seconds: float = 0.0

    @classmethod
    def start(cls, config: Any) -> Build:
        rewritten.clear()
        build = cls(config, settings_from_extra(config.get("extra")))
        snippets = config["mdx_configs"].get("pymdownx.snippets", {})
        project = os.path.dirname(os.path.abspath(config.config_file_path or "."))
        templates = [str(path) for path in config["theme"].dirs]
        build.sources = Sources(build.files, templates, snippets, project, config.config_file_path)
        for logger in map(logging.getLogger, ("mkdocs.structure.pages", "mkdocs.structure.nav")):
            for old in [f for f in logger.filters if getattr(f, "name", "") == cls.name]:
                logger.removeFilter(old)
            logger.addFilter(build)
        return build

    def add_files(self, files: Any) -> None:
        # The files MkDocs will write: a link to one of them needs no second look.
        address = Address.from_site_url(self.config.get("site_url"))
        known = SiteFiles({file.dest_uri for file in files if not file.inclusion.is_excluded()})
        self.early = Checker(known, self.pages, address, self.settings)
        self.early.unread = {file.dest_uri for file in files.documentation_pages()}
        for file in files.documentation_pages(inclusion=lambda _inclusion: True):
            self.files[file.src_uri] = file
            self.src_by_dest[file.dest_uri] = file.src_uri
            if file.inclusion.is_excluded():
                self.excluded[file.dest_uri] = file.src_uri

    def add_page(self, output: str, page: Page, config: Any) -> None:
        started = time.perf_counter()
        file = page.file
        if not self.settings.ignores_page(file.src_uri, file.dest_uri):
            theme = config["theme"]
            layout = layout_of(page, str(theme.get("language") or theme.get("locale")))
            record = read_page(output, file.dest_uri, page.content or "", self.layouts, layout)
            record.src_uri = file.src_uri
            auto_append = self.sources.auto_append if self.sources else []
            record.images_without_alt = bool(auto_append) or bool(
                _IMAGE_WITHOUT_ALT.search(page.markdown or "")
            )
            self.pages[file.dest_uri] = record
            # Keep only the URLs that need a look at the end: most are fine, and a large site
            # would otherwise hold them all until then.
            self.urls += sum(len(reading.references) for reading in record.readings)
            if self.early is not None:
                self.early.unread.discard(record.dest_uri)
                ancestors = ancestors_of(record.dest_uri)
                for reading in record.readings:
                    reading.references = tuple(
                        r
                        for r in reading.references
                        if not self.early.plainly_fine(r, ancestors, record)
                    )
        self.seconds += time.perf_counter() - started

    def read_again_what_post_build_rewrote(self) -> None:
        for dest_uri in sorted(rewritten & self.pages.keys()):
            record = self.pages[dest_uri]
            try:
                text = Path(self.config["site_dir"], dest_uri).read_text("utf-8", "replace")
            except OSError:
                continue
            fresh = read_page(text, dest_uri)
            fresh.src_uri, fresh.images_without_alt = record.src_uri, record.images_without_alt
            self.pages[dest_uri] = fresh

    def finish(self) -> list[report.Message]:
        """Check the whole site and log what is wrong."""
        started = time.perf_counter()
        address = Address.from_site_url(self.config.get("site_url"))
        site = SiteFiles.from_folder(self.config["site_dir"])
        self.read_again_what_post_build_rewrote()
        checker = Checker(site, self.pages, address, self.settings, self.excluded)
        context = report.Context(
            self.settings.levels, self.sources, self.src_by_dest, self.reported
        )
        problems = still_written(checker.check_all(), self.config["site_dir"])
        messages, summaries, left_out = report.describe(problems, context)
        for message in messages + summaries:
            log.log(message.level, message.text)
        project = os.path.dirname(self.config.config_file_path or ".")
        docs = os.path.relpath(self.config["docs_dir"], project) + "/"
        report.annotate(self.noted + messages, docs)
        self.seconds += time.perf_counter() - started
        readings = [reading for record in self.pages.values() for reading in record.readings]
        diagrams = sum(len(reading.diagrams) for reading in readings)
        checked = f"{len(self.pages)} pages, {self.urls} URLs and {diagrams} diagrams"
        count = len(messages) + left_out
        found = f"{count} problem{'' if count == 1 else 's'} in {self.seconds:.2f} seconds"
        log.info(f"check_site: checked {checked}: {found}.")
        return messages

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        if nav := _NAV_WARNING.match(record.getMessage()):
            self.reported.add(("nav", nav["url"]))  # its links on every page say no more
            return True
        match = _LINK_WARNING.match(record.getMessage())
        if match is None:
            return True
        src, url, message = match["src"], match["url"], match.string
        # MkDocs warns in the order of the doc: the n-th warning for a link is its n-th use.
        self.warned[src, url] = occurrence = self.warned.get((src, url), -1) + 1
        if anchor := _ANCHOR.search(match["rest"]):
            target_src = anchor["doc"] or src
            fragment = unquote(anchor["anchor"] or url.partition("#")[2])
            target = self.files.get(target_src)
            page = self.pages.get(target.dest_uri) if target else None
            if page and page.has_id(fragment):
                return False  # the final HTML has it: no problem, and no reason to fail --strict
            self.reported.add(("anchor", src, target_src, fragment))
            if "Did you mean" not in message and page and page.ids:
                close = difflib.get_close_matches(fragment, page.id_list(), n=1, cutoff=0.6)
                message += f" Did you mean '#{close[0]}'?" if close else ""
        else:
            self.reported.add(("target", src, url))
        file, line = src, None
        if (doc := self.files.get(src)) and self.sources:  # the doc or snippet, and the line
            found = self.sources.find_url(src, url, doc.dest_uri, occurrence)
            file, line = found.file, found.line
            message = message.replace(f"Doc file '{src}'", found.where(src), 1)
        record.msg, record.args = message, ()
        self.noted.append(report.Message("mkdocs", record.levelno, message, file, line))
        return True


def layout_of(page: Page, language: str | None) -> tuple | None:
    """What the theme around a page depends on (the theme's language changes with each pass
    of a site built in several languages), or None for a page that a plugin or a template of
    its own makes special: it is read whole."""
    template = page.meta.get("template", "main.html")
    if type(page) is not Page or page.file.generated_by or template != "main.html":
        return None
    return language, page.file.dest_uri.count("/"), tuple(sorted(page.meta))


def still_written(problems: list[Problem], site_dir: str) -> list[Problem]:
    """The problems whose URL the written page still holds: a plugin may rewrite a page after
    the hook read it (Material's privacy plugin replaces hot-linked images by copies)."""
    written: dict[str, str] = {}
    kept = []
    for problem in problems:
        dest_uri, url = problem.page.dest_uri, problem.reference.url if problem.reference else ""
        if url and dest_uri not in written:
            try:
                written[dest_uri] = Path(site_dir, dest_uri).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                written[dest_uri] = ""
        text = written.get(dest_uri, "")
        if not url or not text or url in text or html.escape(url) in text:
            kept.append(problem)
    return kept
