"""External links: asking their servers, politely and safely, and remembering those that work.

Used by hooks/check_external.py. Up to eight requests at once, at most two to one server,
each cut to what is left of one time limit for the whole run (a DNS look-up keeps the
system's own timeout); HEAD, then GET where a server answers HEAD wrongly;
redirects followed by hand (at most five) so that a page that moved is seen; a timeout, a
reset, 429 or 503 tried again after Retry-After (at most 60 s) or 1 s, 2 s, 4 s… Every
connection goes through the address guard (guard.py).
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException, InvalidURL
from urllib.parse import quote, urljoin, urlsplit

from .external_cache import LinkCache
from .guard import AddressPolicy, RefusedAddress, connection

MAX_RETRY_AFTER_SECONDS = 60.0
MAX_REDIRECTS = 5
PER_HOST_LIMIT = 2  # polite: never more than two requests at once to one server
WORKERS = 8
USER_AGENT = "Mozilla/5.0 (compatible; mkdocs-check-external)"
SAFE = "/?&=%:@!$'()*+,;~"  # left as written in a request's target; the rest is %-encoded

# What a maintainer must act on, what may pass, and what was never asked.
BROKEN, DOUBTFUL, NOT_REQUESTED, OK = "broken", "warning", "not requested", "ok"


@dataclass(frozen=True)
class Result:
    verdict: str  # BROKEN, DOUBTFUL, NOT_REQUESTED or OK
    what: str  # "the server answered 404 Not Found"; empty when OK
    moved_to: str = ""  # where a redirect now leads
    hint: str = ""  # what to do about it
    no_such_name: bool = False  # its host's name does not resolve


# ── Checking URLs: concurrent, per-host limit, one deadline ───────────────────────────────────


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds for one answer
    retries: int = 2
    time_limit: float = 180.0  # seconds for the whole run
    policy: AddressPolicy = field(default_factory=AddressPolicy)


def check_urls(urls: list[str], cache: LinkCache, limits: Limits) -> dict[str, Result]:
    """Each URL's result. A page is asked once whatever its #fragments, and not at all when
    the cache vouches for it or it cannot be requested."""
    deadline = time.monotonic() + limits.time_limit
    page_of = {url: url.partition("#")[0] for url in urls}
    pages = list(dict.fromkeys(page_of.values()))
    by_page: dict[str, Result] = {}
    for page in pages:
        if problem := url_problem(page):
            by_page[page] = Result(BROKEN, problem)
        elif cache.is_fresh(page):
            by_page[page] = Result(OK, "")
    to_check = interleave_by_host([page for page in pages if page not in by_page])
    host_limits = {host_of(page): threading.Semaphore(PER_HOST_LIMIT) for page in to_check}

    def check_one(page: str) -> Result:
        with host_limits[host_of(page)]:
            if time.monotonic() >= deadline:
                return Result(DOUBTFUL, time_up(limits))
            return check_with_retries(page, limits, deadline)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for page, result in zip(to_check, pool.map(check_one, to_check), strict=True):
            by_page[page] = result
            if result.verdict == OK:
                cache.remember_success(page)
    return {url: by_page[page] for url, page in page_of.items()}


def url_problem(url: str) -> str | None:
    """Why a URL cannot be requested at all (no host, a bad port, a stray bracket), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range or not a number
    except ValueError as error:
        return f"it is not a valid URL ({error})"
    if parts.scheme.lower() not in {"http", "https"}:
        return "it is not a web address"
    return None if parts.hostname else "it is not a valid URL (it names no host)"


def time_up(limits: Limits) -> str:
    return f"it was not checked within the {limits.time_limit:g} s limit"


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def interleave_by_host(urls: list[str]) -> list[str]:
    """One URL of each host in turn, so that workers do not all queue behind one busy host."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(host_of(url), []).append(url)
    queues = list(by_host.values())
    return [
        queue[index]
        for index in range(max(map(len, queues), default=0))
        for queue in queues
        if index < len(queue)
    ]


# ── One URL: retries, HEAD then GET, redirects ────────────────────────────────────────────────


@dataclass
class Answer:
    status: int | None  # None when no HTTP answer came (timeout, reset, DNS, refused…)
    what: str
    refused: bool = False  # the address guard refused it: never requested
    retry_after: float | None = None
    moved_to: str = ""  # the last address of a redirect chain, when it is another page
    moved_permanently: bool = False
    transient: bool = False  # a timeout, a reset, a failing resolver: worth asking again
    no_such_name: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def worth_retrying(self) -> bool:
        return self.transient or self.status in {429, 503}


def check_with_retries(url: str, limits: Limits, deadline: float) -> Result:
    answer = Answer(None, "not checked")
    for attempt in range(int(limits.retries) + 1):
        answer = ask_head_then_get(url, limits, deadline)
        if answer.ok or not answer.worth_retrying or attempt == limits.retries:
            break
        wait = answer.retry_after if answer.retry_after is not None else 2.0**attempt
        wait = min(wait, MAX_RETRY_AFTER_SECONDS)
        if time.monotonic() + wait >= deadline:
            break  # the run's time is up: report what the last try found
        time.sleep(wait)
    return judge(url, answer)


def judge(url: str, answer: Answer) -> Result:
    """404, 410, a name that does not exist and a page that moved are link rot; bot walls,
    rate limits, timeouts and other troubles are doubts; the guard's refusals are said."""
    if answer.ok:
        if answer.moved_to and answer.moved_permanently:
            what = "it redirects permanently to another page"
            return Result(BROKEN, what, answer.moved_to, "Link to the new address.")
        # (A link to a home page may well redirect to another: a language's, a new domain's.)
        home = {"", "/"}
        to_home = urlsplit(answer.moved_to).path in home and urlsplit(url).path not in home
        if answer.moved_to and to_home:
            what = "it redirects to the site's home page, as a removed page often does"
            return Result(BROKEN, what, answer.moved_to, "Find where the page went.")
        return Result(OK, "")
    if answer.status in {404, 410} or answer.no_such_name:
        return Result(BROKEN, answer.what, answer.moved_to, no_such_name=answer.no_such_name)
    if answer.refused:
        return Result(NOT_REQUESTED, answer.what, answer.moved_to)
    hint = "A warning only: a bot wall, a rate limit or a busy server is not link rot."
    return Result(DOUBTFUL, answer.what, answer.moved_to, hint)


def ask_head_then_get(url: str, limits: Limits, deadline: float) -> Answer:
    answer = follow_redirects(url, "HEAD", limits, deadline)
    # Many servers answer HEAD wrongly (405, 403, 404...) but GET rightly; a busy server or a
    # dead connection is retried as a whole instead.
    if answer.ok or answer.worth_retrying or answer.status is None:
        return answer
    return follow_redirects(url, "GET", limits, deadline)


def follow_redirects(url: str, method: str, limits: Limits, deadline: float) -> Answer:
    """Ask, following redirects by hand: each hop is guarded, checked as a URL, and cut to
    the run's time left; a move is seen."""
    current, permanent = url, False
    for _ in range(MAX_REDIRECTS + 1):
        time_left = deadline - time.monotonic()
        if time_left <= 0:
            return Answer(None, time_up(limits))
        answer, location = ask(current, method, min(limits.timeout, time_left), limits.policy)
        if location is None or not answer.status:
            if not same_page(url, current):
                answer.moved_to, answer.moved_permanently = current, permanent
            return answer
        next_url = urljoin(current, location.strip())
        if problem := url_problem(next_url):
            return Answer(None, f"it redirects to '{next_url}', but {problem}")
        permanent = permanent or (answer.status in {301, 308} and not same_page(current, next_url))
        current = next_url
    return Answer(None, f"it redirects more than {MAX_REDIRECTS} times", moved_to=current)


def ask(url: str, method: str, timeout: float, policy: AddressPolicy) -> tuple[Answer, str | None]:
    """One request, no redirect followed: the answer, and where it redirects (or None)."""
    parts = urlsplit(url)
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=SAFE)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    asking = None
    try:
        scheme = parts.scheme.lower()
        asking = connection(scheme, parts.hostname or "", parts.port, timeout, policy)
        asking.request(method, target, headers=headers)
        reply = asking.getresponse()
        status, reason = reply.status, reply.reason
        what = f"the server answered {status} {reason}".rstrip()
        location = reply.getheader("Location") if 300 <= status < 400 else None
        return Answer(
            status, what, retry_after=parse_retry_after(reply.getheader("Retry-After"))
        ), location
    except RefusedAddress as refused:
        return Answer(None, f"it was not requested: {refused}", refused=True), None
    except socket.gaierror as error:
        # Only "no such name" is link rot; a resolver that failed for now is a doubt.
        gone = error.errno in {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        what = f"the name '{parts.hostname}' does not resolve ({error.strerror})"
        return Answer(None, what, transient=not gone, no_such_name=gone), None
    except TimeoutError:
        what = f"the server did not answer within {timeout:g} seconds"
        return Answer(None, what, transient=True), None
    except ssl.SSLCertVerificationError as error:  # the same next time: not worth a retry
        return Answer(None, f"its TLS certificate is not valid ({error.verify_message})"), None
    except (InvalidURL, ValueError) as error:  # a URL http.client cannot send: no retry
        return Answer(None, f"it is not a URL that can be requested ({error})"), None
    except (ConnectionError, HTTPException, OSError) as error:
        what = f"the connection failed ({type(error).__name__}: {error})"
        return Answer(None, what, transient=True), None
    finally:
        if asking is not None:
            asking.close()  # never read a body: the status says all


def same_page(before: str, after: str) -> bool:
    """Whether a redirect keeps the page: http to https, "www." added or dropped, a slash or
    index.html added or dropped. Anything else is another page the author should link to."""

    def key(url: str) -> tuple[str, str, str, int | None]:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        path = parts.path.removesuffix("index.html").rstrip("/")
        port = None if parts.port in {80, 443} else parts.port
        return host, path, parts.query, port

    return key(before) == key(after)


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
