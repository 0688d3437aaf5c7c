"""Finish a built site the same way whichever engine built it.

Three files depend on the whole site, and engines make them differently (Zensical ignores
``theme.static_templates`` and runs no hooks), so they are made here, from the output:

- ``robots.txt``, pointing at the sitemap under ``site_url``;
- ``sitemap.xml`` (and ``.gz``) without the pages whose ``<meta name="robots">`` says
  ``noindex``;
- the handout: a page whose front matter lists ``chapters:`` gets each chapter's built
  article appended to its own (handout.py).

MkDocs and ProperDocs run it as a hook (``hooks:`` in mkdocs.yml). After another engine,
run it on the output: ``python hooks/finish_site.py SITE_DIR [-f mkdocs.yml]``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
from pathlib import Path
from typing import Any

from handout import HandoutError, add_chapters, handout_pages
from sitecheck.config import ConfigError, read_mkdocs_yml
from sitecheck.pages import says_noindex

# ── Entry points ──────────────────────────────────────────────────────────────────────────────


def on_post_build(config: Any) -> None:
    # Imported here: the command line runs without MkDocs, which these need.
    from mkdocs.exceptions import PluginError
    from sitecheck.build import note_rewritten

    site_dir, docs_dir = Path(config["site_dir"]), Path(config["docs_dir"])
    try:
        rewritten = finish(site_dir, docs_dir, config["site_url"] or "")
    except HandoutError as error:
        raise PluginError(str(error)) from error
    for page in rewritten:
        note_rewritten(page)  # check_site reads it again, with what was added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="the built site")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        config = read_mkdocs_yml(args.config_file)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.site_dir.is_dir():
        print(f"error: no built site at '{args.site_dir}': build it first", file=sys.stderr)
        return 2
    docs_dir = Path(args.config_file).parent / config.get("docs_dir", "docs")
    try:
        finish(args.site_dir, docs_dir, config.get("site_url") or "")
    except HandoutError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


# ── The steps ─────────────────────────────────────────────────────────────────────────────────


def finish(site_dir: Path, docs_dir: Path, site_url: str) -> list[str]:
    """Finish the site; return the pages rewritten (paths in the site, '/' separated)."""
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    rewritten = [add_chapters(site_dir, page, pages) for page, pages in handout_pages(docs_dir)]
    write_robots_txt(site_dir, site_url)
    drop_unindexed_pages_from_sitemap(site_dir, site_url)
    return rewritten


def write_robots_txt(site_dir: Path, site_url: str) -> None:
    # Crawlers read robots.txt only at a host's root: on a project site
    # (https://USER.github.io/REPO/) it takes effect with a custom domain.
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    (site_dir / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


URL_ENTRY = re.compile(r"\s*<url>\s*<loc>([^<]*)</loc>.*?</url>", re.S)


def drop_unindexed_pages_from_sitemap(site_dir: Path, site_url: str) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")

    def keep(entry: re.Match[str]) -> str:
        page = site_dir / entry.group(1).removeprefix(site_url).split("#")[0] / "index.html"
        unindexed = page.is_file() and says_noindex(page.read_text(encoding="utf-8"))
        return "" if unindexed else entry.group(0)

    finished = URL_ENTRY.sub(keep, text)
    if finished == text:
        return
    sitemap.write_text(finished, encoding="utf-8")
    # Dated from SOURCE_DATE_EPOCH (scripts/setup-env.sh sets it), so that two builds of one
    # commit stay byte-identical.
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=mtime) as archive:
        archive.write(finished.encode("utf-8"))


# After other plugins' post-build work, before check_site (-200) reads what was rewritten.
on_post_build.mkdocs_priority = -100  # type: ignore[attr-defined]

if __name__ == "__main__":
    sys.exit(main())
