"""Check external links (http and https) of the built site, only when asked.

Drop-in MkDocs hook (MkDocs >= 1.6, standard library only), used together with
hooks/check_site.py, whose page reading (the folder sitecheck/) it shares::

    hooks:
      - hooks/check_site.py
      - hooks/check_external.py

It does nothing unless the environment asks: ``CHECK_EXTERNAL_LINKS=1 mkdocs build --strict``.
Settings, all optional, also from the environment:

- ``CHECK_EXTERNAL_LINKS_CACHE``: cache file (default ``.cache/external-links.json`` beside
  mkdocs.yml). Only links that answered well are cached; failures are always checked again.
- ``CHECK_EXTERNAL_LINKS_MAX_AGE``: seconds a cached answer stays good (default 604800, a week).
- ``CHECK_EXTERNAL_LINKS_TIMEOUT``: seconds to wait for one answer (default 10).
- ``CHECK_EXTERNAL_LINKS_IGNORE``: space-separated URL patterns (fnmatch) never to check.
- ``CHECK_EXTERNAL_LINKS_RETRIES``: further tries after a timeout, a reset, 429 or 503
  (default 2), waiting as ``Retry-After`` says (up to 60 s) or else 1 s, 2 s, 4 s...
"""

from __future__ import annotations

import fnmatch
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# MkDocs 1.6 puts this file's folder on sys.path while it loads a hook, so the sibling imports.
from sitecheck.external import LinkCache, check_urls
from sitecheck.pages import read_page
from sitecheck.sources import Sources

log = logging.getLogger("mkdocs.hooks.check_external")


# ── Entry points ──────────────────────────────────────────────────────────────────────────────


def on_config(config: Any) -> Any:
    """Start a new build: read the settings, forget the previous build's links."""
    global state
    project_dir = Path(os.path.abspath(config.config_file_path or ".")).parent
    state = ExternalState(settings=read_settings(os.environ, project_dir))
    state.template_dirs = [str(path) for path in config["theme"].dirs]
    state.project_dir = str(project_dir)
    state.snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    state.own_site_url = (config.get("site_url") or "").rstrip("/") + "/"
    return config


def on_files(files: Any, config: Any) -> Any:
    state.files = {file.src_uri: file for file in files.documentation_pages()}
    return files


def on_post_page(output: str, page: Any, config: Any) -> str:
    if not state.settings.enabled:
        return output
    record = read_page(output, page.file.dest_uri, page.content or "")
    for reading in record.readings:
        origin = "content" if reading is record.content else "theme"
        for reference in reading.references:
            value = reference.url
            if reference.kind != "link" or not is_external(value, state.own_site_url):
                continue
            if not any(fnmatch.fnmatchcase(value, pattern) for pattern in state.settings.ignore):
                shown = Shown(page.file.src_uri, page.file.dest_uri, origin)
                state.links.setdefault(value, []).append(shown)
    return output


def on_post_build(config: Any) -> None:
    if not state.settings.enabled:
        return
    started = time.perf_counter()
    cache = LinkCache.load(state.settings.cache_path, state.settings.max_age)
    results = check_urls(sorted(state.links), cache, state.settings.timeout, state.settings.retries)
    cache.save()
    failures = {url: reason for url, reason in results.items() if reason}
    for message in describe_failures(failures, state):
        log.warning(message)
    log.info(
        f"check_external: checked {len(results)} external links "
        f"({cache.hits} from the cache): {len(failures)} broken "
        f"in {time.perf_counter() - started:.2f} seconds."
    )


# ── Settings and state ────────────────────────────────────────────────────────────────────────


@dataclass
class Settings:
    enabled: bool = False
    cache_path: Path = Path(".cache/external-links.json")
    max_age: float = 7 * 24 * 3600.0
    timeout: float = 10.0
    retries: int = 2
    ignore: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shown:
    """A page that shows an external link, and whether its own content or its theme does."""

    src_uri: str
    dest_uri: str
    origin: str  # "content" or "theme"


@dataclass
class ExternalState:
    settings: Settings = field(default_factory=Settings)
    files: dict[str, Any] = field(default_factory=dict)  # Markdown files by src_uri
    template_dirs: list[str] = field(default_factory=list)
    project_dir: str = "."  # templates are named from it
    snippets: dict[str, Any] = field(default_factory=dict)  # pymdownx.snippets' settings
    own_site_url: str = ""
    links: dict[str, list[Shown]] = field(default_factory=dict)


state = ExternalState()


class SettingError(ValueError):
    """An environment setting this hook cannot use."""


def read_settings(environ: dict[str, str] | os._Environ[str], project_dir: Path) -> Settings:
    enabled = environ.get("CHECK_EXTERNAL_LINKS", "").strip().lower() in {"1", "true", "yes"}
    cache = environ.get("CHECK_EXTERNAL_LINKS_CACHE") or ".cache/external-links.json"
    return Settings(
        enabled=enabled,
        cache_path=(project_dir / cache) if not os.path.isabs(cache) else Path(cache),
        max_age=number_setting(environ, "CHECK_EXTERNAL_LINKS_MAX_AGE", 7 * 24 * 3600.0),
        timeout=number_setting(environ, "CHECK_EXTERNAL_LINKS_TIMEOUT", 10.0),
        retries=int(number_setting(environ, "CHECK_EXTERNAL_LINKS_RETRIES", 2)),
        ignore=environ.get("CHECK_EXTERNAL_LINKS_IGNORE", "").split(),
    )


def number_setting(environ: dict[str, str] | os._Environ[str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        # Raised from on_config, MkDocs shows it as a configuration error and stops.
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{name} must be a number of seconds (or tries) >= 0, not '{text}'.")
    return value


def is_external(value: str, own_site_url: str) -> bool:
    lowered = value.strip().lower()
    if not lowered.startswith(("http://", "https://")):
        return False
    # The site's own address (canonical links) is not published yet while it is being built.
    return own_site_url == "/" or not lowered.startswith(own_site_url.lower())


# ── Reporting ─────────────────────────────────────────────────────────────────────────────────


def describe_failures(failures: dict[str, str], external: ExternalState) -> list[str]:
    """One message per broken URL and doc; a URL from a template is reported once."""
    sources = Sources(
        external.files, external.template_dirs, external.snippets, external.project_dir
    )
    messages = []
    for url, reason in sorted(failures.items()):
        shown = list(dict.fromkeys(external.links.get(url, [])))
        for page in [page for page in shown if page.origin == "content"]:
            found = sources.find_url(page.src_uri, url, page.dest_uri)
            where = f"Doc file '{page.src_uri}'" + (f" line {found.line}" if found.line else "")
            if found.file != page.src_uri:
                where = f"Snippet file '{found.file}' line {found.line} (in doc '{page.src_uri}')"
            messages.append(f"{where} contains a link '{url}', but {reason}.")
        if from_theme := [page for page in shown if page.origin == "theme"]:
            found = sources.template_line(url)
            where = f"Template '{found[0]}' line {found[1]}" if found else "A theme template"
            messages.append(
                f"{where} contains a link '{url}' (first on page "
                f"'{from_theme[0].src_uri}'), but {reason}."
            )
    return messages
