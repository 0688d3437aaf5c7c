"""Check the built site: links, anchors, images, alt text, Mermaid diagrams and ids.

A drop-in MkDocs hook (MkDocs 1.6): copy it and the folder sitecheck/ into a project and list it
under ``hooks:``. Each problem is logged once, naming the Markdown file and line, so ``mkdocs
build --strict`` fails on it. Settings: ``extra: check_site:`` (sitecheck/config.py). The same
checks on any built folder: ``python hooks/check_site.py SITE_DIR [-f mkdocs.yml]``.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # the command line, which needs no MkDocs
    from sitecheck.cli import main

    sys.exit(main())

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from sitecheck.build import Build
from sitecheck.config import ConfigError

build = Build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    if build.depth == 0:  # a new build (`mkdocs serve` keeps this module between builds)
        try:
            build = Build.start(config)
        except ConfigError as error:
            raise PluginError(str(error)) from error
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    build.depth += 1


def on_build_error(error: Exception) -> None:
    build.depth = 0


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build.add_files(files)
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build.add_page(output, page, config)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    build.depth -= 1
    if build.depth == 0:  # not a pass of a larger build: the site is whole
        build.finish()


# Event priorities (100 is "first", -100 "last"). A page is read before other plugins rewrite
# it: a minifier would hide its content, and the theme would be read on every page (problems
# whose URL a plugin then removes are let go at the end). The files are taken after every
# plugin (the blog plugin moves its posts in on_files), and the site is checked after every
# plugin: the i18n plugin builds each other language in its on_post_build, nested in this one.
on_post_page.mkdocs_priority = 100  # type: ignore[attr-defined]
on_files.mkdocs_priority = -200  # type: ignore[attr-defined]
on_post_build.mkdocs_priority = -200  # type: ignore[attr-defined]
