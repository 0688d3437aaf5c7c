"""Check external links (http and https) of the built site, only when asked.

Drop-in MkDocs hook (MkDocs >= 1.6, standard library only), used together with
hooks/check_site.py, whose page reading (the folder sitecheck/) it shares::

    hooks:
      - hooks/check_site.py
      - hooks/check_external.py

It does nothing unless the environment asks: ``CHECK_EXTERNAL_LINKS=1 mkdocs build --strict``.
A link that is gone (404, 410, a name that does not exist, a page that moved) is a warning,
so --strict fails; a bot wall, a rate limit or a timeout is information only. Links to
private, loopback, link-local or metadata addresses are never requested. In GitHub Actions
the results also go to the job summary, and each one onto its Markdown line.

URLs never to check go in mkdocs.yml, ``extra.check_external.ignore_urls`` (fnmatch globs).
Settings for a run, all optional, from the environment:

- ``CHECK_EXTERNAL_LINKS_CACHE``: cache file (default ``.cache/external-links.json`` beside
  mkdocs.yml). Only links that answered well are cached; failures are always checked again.
- ``CHECK_EXTERNAL_LINKS_MAX_AGE``: seconds a cached answer stays good (default 604800, a week).
- ``CHECK_EXTERNAL_LINKS_TIMEOUT``: seconds to wait for one answer (default 10).
- ``CHECK_EXTERNAL_LINKS_RETRIES``: further tries after a timeout, a reset, 429 or 503
  (default 2), waiting as ``Retry-After`` says (up to 60 s) or else 1 s, 2 s, 4 s...
- ``CHECK_EXTERNAL_LINKS_TIME_LIMIT``: seconds for the whole check (default 180); links not
  reached by then are reported as not checked.
- ``CHECK_EXTERNAL_LINKS_IGNORE``: space-separated URL globs, added to those of mkdocs.yml.
- ``CHECK_EXTERNAL_LINKS_ALLOW_HOSTS``: space-separated hosts, as URLs write them, that may be
  requested although they are not public (a test server on ``127.0.0.1``).
"""

from __future__ import annotations

import fnmatch
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

# MkDocs 1.6 puts this file's folder on sys.path while it loads a hook, so the sibling imports.
from sitecheck import external_report
from sitecheck.config import ConfigError, glob_list, refuse_unknown
from sitecheck.external import Limits, check_urls
from sitecheck.external_cache import LinkCache
from sitecheck.external_report import Shown
from sitecheck.guard import AddressPolicy
from sitecheck.pages import read_page
from sitecheck.sources import Sources

log = logging.getLogger("mkdocs.hooks.check_external")


# ── Entry points ──────────────────────────────────────────────────────────────────────────────


def on_config(config: Any) -> Any:
    """Start a new build: read the settings, forget the previous build's links."""
    global state
    project_dir = Path(os.path.abspath(config.config_file_path or ".")).parent
    try:
        settings = read_settings(os.environ, config["extra"], project_dir)
    except ConfigError as error:
        raise PluginError(str(error)) from error  # MkDocs shows it as a config error and stops
    state = ExternalState(settings=settings)
    state.template_dirs = [str(path) for path in config["theme"].dirs]
    state.project_dir = str(project_dir)
    state.config_file = config.config_file_path
    state.docs_prefix = os.path.relpath(config["docs_dir"], project_dir) + "/"
    state.snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    state.own_site_url = (config.get("site_url") or "").rstrip("/") + "/"
    return config


def on_files(files: Any, config: Any) -> Any:
    state.files = {file.src_uri: file for file in files.documentation_pages()}
    return files


def on_post_page(output: str, page: Any, config: Any) -> str:
    if not state.settings.enabled:
        return output
    # Where each link was written (the doc, a snippet, a template) is found only for the few
    # that fail, so the page is read whole.
    for reading in read_page(output, page.file.dest_uri).readings:
        for reference in reading.references:
            url = reference.url
            if reference.kind != "link" or not is_external(url, state.own_site_url):
                continue
            if not any(fnmatch.fnmatchcase(url, glob) for glob in state.settings.ignore):
                shown = Shown(page.file.src_uri, page.file.dest_uri)
                state.links.setdefault(url, []).append(shown)
    return output


def on_post_build(config: Any) -> None:
    if not state.settings.enabled:
        return
    started = time.perf_counter()
    settings = state.settings
    cache = LinkCache.load(settings.cache_path, settings.max_age)
    results = check_urls(sorted(state.links), cache, settings.limits)
    cache.save()
    if no_name_resolved(results):
        return
    sources = Sources(
        state.files, state.template_dirs, state.snippets, state.project_dir, state.config_file
    )
    findings = external_report.place_findings(results, state.links, sources, state.docs_prefix)
    external_report.log_findings(findings, log)
    external_report.annotate(findings)
    seconds = time.perf_counter() - started
    external_report.write_summary(external_report.summary(findings, results, cache.hits, seconds))
    log.info(
        f"check_external: checked {len(results)} external links ({cache.hits} from the cache): "
        f"{external_report.counted(results) or 'no problem'}, in {seconds:.2f} seconds."
    )


def no_name_resolved(results: dict[str, Any]) -> bool:
    """On a machine without DNS every link would be "broken": say that once instead."""
    hosts = {urlsplit(url).hostname for url in results}
    unresolved = {urlsplit(url).hostname for url, result in results.items() if result.no_such_name}
    if len(hosts) < 3 or unresolved != hosts:
        return False
    text = (
        f"check_external: none of the {len(hosts)} hosts of the {len(results)} external links "
        "resolved, so no link was judged. Is this machine offline, or is its DNS blocked?"
    )
    log.warning(text)
    external_report.write_summary(f"## External links\n\n{text}\n")
    return True


# ── Settings and state ────────────────────────────────────────────────────────────────────────


@dataclass
class Settings:
    enabled: bool = False
    cache_path: Path = Path(".cache/external-links.json")
    max_age: float = 7 * 24 * 3600.0
    limits: Limits = field(default_factory=Limits)
    ignore: list[str] = field(default_factory=list)


@dataclass
class ExternalState:
    settings: Settings = field(default_factory=Settings)
    files: dict[str, Any] = field(default_factory=dict)  # Markdown files by src_uri
    template_dirs: list[str] = field(default_factory=list)
    project_dir: str = "."  # templates are named from it
    config_file: str | None = None  # mkdocs.yml: its extra and nav write links too
    docs_prefix: str = "docs/"  # the docs folder, from the project's, for annotations
    snippets: dict[str, Any] = field(default_factory=dict)  # pymdownx.snippets' settings
    own_site_url: str = ""
    links: dict[str, list[Shown]] = field(default_factory=dict)


state = ExternalState()


def read_settings(environ: Mapping[str, str], extra: Any, project_dir: Path) -> Settings:
    enabled = environ.get("CHECK_EXTERNAL_LINKS", "").strip().lower() in {"1", "true", "yes"}
    cache = environ.get("CHECK_EXTERNAL_LINKS_CACHE") or ".cache/external-links.json"
    limits = Limits(
        timeout=number_setting(environ, "CHECK_EXTERNAL_LINKS_TIMEOUT", 10.0),
        retries=int(number_setting(environ, "CHECK_EXTERNAL_LINKS_RETRIES", 2)),
        time_limit=number_setting(environ, "CHECK_EXTERNAL_LINKS_TIME_LIMIT", 180.0),
        policy=AddressPolicy.allowing(environ.get("CHECK_EXTERNAL_LINKS_ALLOW_HOSTS", "").split()),
    )
    return Settings(
        enabled=enabled,
        cache_path=(project_dir / cache) if not os.path.isabs(cache) else Path(cache),
        max_age=number_setting(environ, "CHECK_EXTERNAL_LINKS_MAX_AGE", 7 * 24 * 3600.0),
        limits=limits,
        ignore=ignored_urls(extra) + environ.get("CHECK_EXTERNAL_LINKS_IGNORE", "").split(),
    )


def ignored_urls(extra: Any) -> list[str]:
    """``extra.check_external.ignore_urls`` of mkdocs.yml: URLs known to refuse robots."""
    block = extra.get("check_external") if isinstance(extra, Mapping) else None
    if block is None:
        return []
    if not isinstance(block, Mapping):
        raise ConfigError("'extra.check_external' in mkdocs.yml must be a mapping of settings.")
    refuse_unknown(block, ("ignore_urls",), "extra.check_external")
    return glob_list(block, "ignore_urls", "extra.check_external", "URL globs")


def number_setting(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise ConfigError(f"{name} must be a number of seconds (or tries) >= 0, not '{text}'.")
    return value


def is_external(value: str, own_site_url: str) -> bool:
    lowered = value.strip().lower()
    if not lowered.startswith(("http://", "https://")):
        return False
    # The site's own address (canonical links) is not published yet while it is being built.
    return own_site_url == "/" or not lowered.startswith(own_site_url.lower())
