"""The command line: check any built site folder, whatever built it.

Exit codes: 0 no problem, 1 problems, 2 a usage or config error. The pages checked are those
of sitemap.xml plus 404.html (every .html file when there is no sitemap): a file copied as it
is (a Jinja template kept under docs/, say) is a target of links, not a page.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
from dataclasses import asdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import report
from .config import ConfigError, Settings, read_mkdocs_yml, settings_from_extra
from .pages import Address, SiteFiles, read_page, says_noindex
from .rules import Checker

log = logging.getLogger("mkdocs.hooks.check_site")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="check_site.py",
        description="Check the links, anchors, images and diagrams of a built site.",
    )
    parser.add_argument("site_dir", help="the built site folder, e.g. site/")
    parser.add_argument("-f", "--config-file", help="read extra.check_site and site_url from it")
    parser.add_argument("--site-url", help="the site's address (default: mkdocs.yml, sitemap.xml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    arguments = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    json_output = arguments.format == "json"  # for a program: every problem, no summary
    try:
        config = {} if arguments.config_file is None else read_mkdocs_yml(arguments.config_file)
        site_url = config.get("site_url")
        site_url = arguments.site_url or (site_url if isinstance(site_url, str) else None)
        settings = settings_from_extra(config.get("extra"))
        messages, summaries = check_folder(arguments.site_dir, settings, site_url, json_output)
    except (OSError, ConfigError) as error:
        log.error(str(error))
        return 2
    if json_output:
        print(json.dumps([asdict(message) for message in messages], indent=1))
    else:
        for message in messages + summaries:
            log.log(message.level, message.text)
        count = f"{len(messages)} problem{'' if len(messages) == 1 else 's'}"
        log.info(f"check_site: {count} in '{arguments.site_dir}'.")
    report.annotate(messages, arguments.site_dir.rstrip("/") + "/")
    return 1 if any(message.level >= logging.WARNING for message in messages) else 0


def check_folder(
    site_dir: str,
    settings: Settings | None = None,
    site_url: str | None = None,
    every_problem: bool = False,
) -> tuple[list[report.Message], list[report.Message]]:
    if not os.path.isdir(site_dir):
        raise NotADirectoryError(f"Site folder '{site_dir}' does not exist or is not a folder.")
    settings = settings or Settings()
    site = SiteFiles.from_folder(site_dir)
    locations = sitemap_locations(site_dir)
    # Without site_url, the site's home page is the shortest address in the sitemap.
    address = Address.from_site_url(site_url or min(locations, key=len, default=None))
    pages = {
        dest_uri: read_page(Path(site_dir, dest_uri).read_text("utf-8", "replace"), dest_uri)
        for dest_uri in page_paths(site, locations, address, site_dir)
        if not settings.ignores_page(dest_uri)
    }
    if not pages:
        raise FileNotFoundError(f"Site folder '{site_dir}' contains no HTML pages.")
    problems = Checker(site, pages, address, settings).check_all()
    context = report.Context(settings.levels)
    most = None if every_problem else report.MOST_PER_CHECK
    messages, summaries, _left_out = report.describe(problems, context, most)
    return messages, summaries


def sitemap_locations(site_dir: str) -> list[str]:
    """The page addresses of sitemap.xml, or [] when there is none or it names no address
    (a site built without site_url may write "None" there)."""
    try:
        sitemap = Path(site_dir, "sitemap.xml").read_text(encoding="utf-8")
    except OSError:
        return []
    locations = [unquote(loc) for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap)]
    return locations if all(re.match(r"https?://|/", loc) for loc in locations) else []


def page_paths(site: SiteFiles, locations: list[str], address: Address, site_dir: str) -> list[str]:
    found = []
    for location in locations:
        path = urlsplit(location).path
        path = path[len(address.base_path) :] if path.startswith(address.base_path) else path
        if page := site.resolve(path.strip("/")):
            found.append(page)
    if locations and not found:  # a sitemap of another address (a fork's, a preview's)
        log.warning(
            f"check_site: no page of sitemap.xml is in the folder under the address "
            f"'{address.base_path}'; checking every .html file. Give the address with --site-url."
        )
    if not found:
        return sorted(path for path in site.paths if path.endswith(".html"))
    # Pages kept out of the sitemap on purpose (a print handout) are pages all the same.
    unlisted = [p for p in site.paths if p.endswith(".html") and p not in found]
    hidden = [p for p in unlisted if says_noindex(Path(site_dir, p).read_text("utf-8", "replace"))]
    return sorted({*found, *hidden, *(["404.html"] if "404.html" in site.paths else [])})
