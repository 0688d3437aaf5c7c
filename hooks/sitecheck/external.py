"""External links: asking their servers, politely, and remembering those that answered.

Used by hooks/check_external.py. Up to eight requests at once, at most two to one server;
HEAD, then GET where a server answers HEAD wrongly; a timeout, a reset, 429 or 503 tried
again after Retry-After (at most 60 s) or 1 s, 2 s, 4 s… Successes only are cached.
"""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

log = logging.getLogger("mkdocs.hooks.check_external")

MAX_RETRY_AFTER_SECONDS = 60.0
PER_HOST_LIMIT = 2  # polite: never more than two requests at once to one server
WORKERS = 8
USER_AGENT = "Mozilla/5.0 (compatible; mkdocs-check-external)"


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


def check_urls(urls: list[str], cache: LinkCache, timeout: float, retries: int) -> dict[str, str]:
    """Map each URL to '' when it works, or to what went wrong."""
    to_check = interleave_by_host([url for url in urls if not cache.is_fresh(url)])
    host_limits: dict[str, threading.Semaphore] = {}
    for url in to_check:
        host_limits.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(PER_HOST_LIMIT))

    def check_one(url: str) -> str:
        with host_limits[urlsplit(url).netloc.lower()]:
            return check_with_retries(url, timeout, retries)

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
    url: str, timeout: float, retries: int, sleep: Callable[[float], None] = time.sleep
) -> str:
    answer = Answer(None, "not checked")
    for attempt in range(int(retries) + 1):
        answer = request_head_then_get(url, timeout)
        if answer.ok:
            return ""
        if not answer.worth_retrying or attempt == retries:
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
