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

import email.utils
import fnmatch
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

# MkDocs 1.6 puts this file's folder on sys.path while it loads a hook, so the sibling imports.
from sitecheck.pages import read_page
from sitecheck.sources import Sources

log = logging.getLogger("mkdocs.hooks.check_external")

MAX_RETRY_AFTER_SECONDS = 60.0
PER_HOST_LIMIT = 2  # polite: never more than two requests at once to one server
WORKERS = 8
USER_AGENT = "Mozilla/5.0 (compatible; mkdocs-check-external)"


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
    results = check_urls(sorted(state.links), state.settings, cache)
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


# ── The cache: successes only, with an age limit ──────────────────────────────────────────────


@dataclass
class LinkCache:
    path: Path
    max_age: float
    checked_at: dict[str, float] = field(default_factory=dict)
    hits: int = 0

    @classmethod
    def load(cls, path: Path, max_age: float) -> LinkCache:
        cache = cls(path, max_age)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cache
        except (OSError, ValueError) as error:
            log.info(f"External link cache '{path}' is unreadable ({error}); starting afresh.")
            return cache
        if not isinstance(data, dict):
            log.info(f"External link cache '{path}' is not a JSON object; starting afresh.")
            return cache
        now = time.time()
        cache.checked_at = {
            url: float(when)
            for url, when in data.items()
            if isinstance(when, int | float) and now - float(when) <= max_age
        }
        return cache

    def is_fresh(self, url: str) -> bool:
        fresh = url in self.checked_at
        self.hits += fresh
        return fresh

    def remember_success(self, url: str) -> None:
        self.checked_at[url] = time.time()

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.checked_at, indent=0, sort_keys=True))
            temporary.replace(self.path)  # atomic: a crash never leaves half a cache
        except OSError as error:
            log.info(f"External link cache '{self.path}' could not be written ({error}).")


# ── Checking URLs: concurrent, per-host limit, HEAD then GET, retries ─────────────────────────


def check_urls(urls: list[str], settings: Settings, cache: LinkCache) -> dict[str, str]:
    """Map each URL to '' when it works, or to what went wrong."""
    to_check = interleave_by_host([url for url in urls if not cache.is_fresh(url)])
    host_limits: dict[str, threading.Semaphore] = {}
    for url in to_check:
        host_limits.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(PER_HOST_LIMIT))

    def check_one(url: str) -> str:
        with host_limits[urlsplit(url).netloc.lower()]:
            return check_with_retries(url, settings)

    results = dict.fromkeys(urls, "")
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for url, reason in zip(to_check, pool.map(check_one, to_check), strict=True):
            results[url] = reason
            if not reason:
                cache.remember_success(url)
    return results


def interleave_by_host(urls: list[str]) -> list[str]:
    """One URL of each host in turn, so that workers do not all queue behind one busy host."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    queues = list(by_host.values())
    return [
        queue[index]
        for index in range(max(map(len, queues), default=0))
        for queue in queues
        if index < len(queue)
    ]


@dataclass
class Answer:
    status: int | None  # None when no HTTP answer came (timeout, reset, DNS...)
    reason: str
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def worth_retrying(self) -> bool:
        return self.status in {None, 429, 503}


def check_with_retries(
    url: str, settings: Settings, sleep: Callable[[float], None] = time.sleep
) -> str:
    answer = Answer(None, "not checked")
    for attempt in range(int(settings.retries) + 1):
        answer = request_head_then_get(url, settings.timeout)
        if answer.ok:
            return ""
        if not answer.worth_retrying or attempt == settings.retries:
            break
        backoff = 2.0**attempt
        wait = answer.retry_after if answer.retry_after is not None else backoff
        sleep(min(wait, MAX_RETRY_AFTER_SECONDS))
    return answer.reason


def request_head_then_get(url: str, timeout: float) -> Answer:
    answer = request(url, "HEAD", timeout)
    # Many servers answer HEAD wrongly (405, 403, 404...) but GET rightly; a busy server or a
    # dead connection is retried as a whole instead.
    if answer.ok or answer.worth_retrying:
        return answer
    return request(url, "GET", timeout)


def request(url: str, method: str, timeout: float) -> Answer:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    try:
        with urlopen(Request(url, method=method, headers=headers), timeout=timeout) as reply:
            return Answer(reply.status, f"the server answered {reply.status} {reply.reason}")
    except HTTPError as error:
        retry_after = parse_retry_after(error.headers.get("Retry-After") if error.headers else None)
        reason = f"the server answered {error.code} {error.reason}"
        return Answer(error.code, reason, retry_after)
    except TimeoutError:
        return Answer(None, f"the server did not answer within {timeout:g} seconds")
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            return Answer(None, f"the server did not answer within {timeout:g} seconds")
        return Answer(None, f"the connection failed ({error.reason})")
    except (ConnectionError, HTTPException, OSError) as error:
        return Answer(None, f"the connection failed ({type(error).__name__}: {error})")


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, when.timestamp() - time.time()), MAX_RETRY_AFTER_SECONDS)


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
