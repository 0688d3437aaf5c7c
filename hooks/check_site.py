"""Check the built site: links, anchors, images, alt text, Mermaid diagrams and ids.

A drop-in MkDocs hook (MkDocs 1.6, nothing else to install). Copy this file and the folder
``sitecheck/`` beside it into a project, and list it in mkdocs.yml::

    hooks:
      - hooks/check_site.py

Each problem is logged once on the ``mkdocs.hooks.check_site`` logger, naming the Markdown
file and line, so ``mkdocs build --strict`` fails on it. Settings go under ``extra:
check_site:`` (see sitecheck/config.py). The same checks run on any built folder::

    python hooks/check_site.py SITE_DIR [-f mkdocs.yml] [--format json]
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from sitecheck import mkdocs_warnings, report
from sitecheck.config import ConfigError, Settings, settings_from_extra
from sitecheck.pages import PageRecord, read_page
from sitecheck.rules import Checker
from sitecheck.site import Address, SiteFiles
from sitecheck.sources import Sources

try:
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.pages import Page
except ImportError:  # the command line needs no MkDocs
    PluginError = ValueError  # type: ignore[misc,assignment]
    Page = Any  # type: ignore[misc,assignment]

log = logging.getLogger("mkdocs.hooks.check_site")


@dataclass
class Build:
    """What one `mkdocs build` gathers. A plugin that builds the site in several passes
    (mkdocs-static-i18n: one per language) runs the events again inside the first build's;
    the site is checked once, when the outermost build ends."""

    mkdocs_config: Any = None
    settings: Settings = field(default_factory=Settings)
    depth: int = 0  # builds under way, nested ones included
    files: dict[str, Any] = field(default_factory=dict)  # Markdown files by src_uri
    src_by_dest: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)  # dest_uri -> src_uri
    pages: dict[str, PageRecord] = field(default_factory=dict)
    layouts: dict[tuple, PageRecord] = field(default_factory=dict)
    sources: Sources | None = None
    watcher: mkdocs_warnings.MkDocsWarnings | None = None
    seconds: float = 0.0


build = Build()


def on_config(config: Any) -> Any:
    global build
    if build.depth == 0:  # a new build (`mkdocs serve` keeps this module between builds)
        try:
            settings = settings_from_extra(config.get("extra"))
        except ConfigError as error:
            raise PluginError(str(error)) from error
        build = Build(mkdocs_config=config, settings=settings)
        build.watcher = mkdocs_warnings.MkDocsWarnings(ids_of, line_of)
        mkdocs_warnings.install(build.watcher)
    return config


def on_pre_build(config: Any) -> None:
    build.depth += 1


def on_build_error(error: Exception) -> None:
    build.depth = 0


def on_files(files: Any, config: Any) -> Any:
    for file in files.documentation_pages(inclusion=lambda _inclusion: True):
        build.files[file.src_uri] = file
        build.src_by_dest[file.dest_uri] = file.src_uri
        if file.inclusion.is_excluded():
            build.excluded[file.dest_uri] = file.src_uri
    return files


def on_post_page(output: str, page: Any, config: Any) -> str:
    started = time.perf_counter()
    if not build.settings.ignores_page(page.file.src_uri, page.file.dest_uri):
        layout = layout_of(page)
        record = read_page(output, page.file.dest_uri, page.content or "", build.layouts, layout)
        record.src_uri = page.file.src_uri
        record.images_without_alt = may_hold_images_without_alt(page.markdown or "")
        build.pages[record.dest_uri] = record
    build.seconds += time.perf_counter() - started
    return output


def on_post_build(config: Any) -> None:
    build.depth -= 1
    if build.depth > 0:
        return  # a pass of a larger build: the site is not whole yet
    started = time.perf_counter()
    outer = build.mkdocs_config
    address = Address.from_site_url(outer.get("site_url"))
    site = SiteFiles.from_folder(outer["site_dir"])
    problems = Checker(site, build.pages, address, build.settings, build.excluded).check_all()
    context = report.Context(
        levels=build.settings.levels,
        base_path=address.base_path,
        sources=sources(),
        src_by_dest=build.src_by_dest,
        reported_by_mkdocs=build.watcher.reported if build.watcher else set(),
    )
    messages, summaries = report.describe(problems, context)
    for message in messages:
        log.log(message.level, message.text)
    for summary in summaries:
        log.warning(summary)
    if report.in_github_actions():
        docs = os.path.relpath(outer["docs_dir"], os.path.dirname(outer.config_file_path or "."))
        print("\n".join(report.github_annotations(messages, docs + "/")), file=sys.stdout)
    build.seconds += time.perf_counter() - started
    log.info(summary_line(build.pages, len(messages), build.seconds))


def layout_of(page: Page) -> tuple | None:
    """What the theme around a page depends on, or None for a page that a plugin or a
    template of its own makes special (it is read whole)."""
    template = page.meta.get("template", "main.html")
    if type(page) is not Page or page.file.generated_by or template != "main.html":
        return None
    return template, page.file.dest_uri.count("/"), tuple(sorted(page.meta))


def may_hold_images_without_alt(markdown: str) -> bool:
    """![](…) in the page's Markdown, or a snippet that may hold one."""
    snippets = build.mkdocs_config["mdx_configs"].get("pymdownx.snippets", {})
    return _IMAGE_WITHOUT_ALT.search(markdown) is not None or bool(snippets.get("auto_append"))


_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(|-8<-")

# After every other plugin's on_post_build (MkDocs' event_priority; -100 is "last"): the
# i18n plugin builds each other language from its own, as builds nested in this one.
on_post_build.mkdocs_priority = -200  # type: ignore[attr-defined]


def sources() -> Sources:
    if build.sources is None:
        snippets = build.mkdocs_config["mdx_configs"].get("pymdownx.snippets", {})
        directories = [str(path) for path in build.mkdocs_config["theme"].dirs]
        project = os.path.dirname(os.path.abspath(build.mkdocs_config.config_file_path or "."))
        build.sources = Sources(build.files, directories, snippets, project)
    return build.sources


def ids_of(src_uri: str) -> set[str] | None:
    file = build.files.get(src_uri)
    record = build.pages.get(file.dest_uri) if file else None
    return record.ids if record else None


def line_of(src_uri: str, url: str) -> int | None:
    file = build.files.get(src_uri)
    return sources().find_url(src_uri, url, file.dest_uri)[1] if file else None


def summary_line(pages: dict[str, PageRecord], problems: int, seconds: float) -> str:
    urls = diagrams = 0
    for record in pages.values():
        for reading in record.readings:
            urls += len(reading.references)
            diagrams += len(reading.diagrams)
    return (
        f"check_site: checked {len(pages)} pages, {urls} URLs and {diagrams} diagrams: "
        f"{problems} problems in {seconds:.2f} seconds."
    )


if __name__ == "__main__":
    from sitecheck.cli import main

    sys.exit(main())
