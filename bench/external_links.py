"""How long the link rot watch takes on this site's external links, offline.

Every external URL of a built site is served by a local server standing in for its host (one
server per host on 127.0.0.1, so the per-host limit applies as it would), with answer times
drawn from a seeded mix: mostly fast, some slow, a few very slow, one past the timeout (so it
is tried three times), one 429 with Retry-After, one 404 and one permanent move. The check
runs with the hook's default limits (timeout 10 s, 2 retries, 180 s for the run):

    bash scripts/build.sh
    .venv/bin/python bench/external_links.py --site site --urls 48 --out bench/results
    .venv/bin/python bench/external_links.py --site site --out bench/results   # all of them

Appends a row to RESULTS/external-links.md. Nothing leaves this machine: the servers are on
127.0.0.1, which the run allows explicitly, as the tests do.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(HOOKS))
from sitecheck.external import Limits, check_urls  # noqa: E402
from sitecheck.external_cache import LinkCache  # noqa: E402
from sitecheck.guard import AddressPolicy  # noqa: E402
from sitecheck.pages import read_page  # noqa: E402

TIMEOUT_DELAY = 12.0  # past the 10 s timeout


def external_urls(site: Path) -> list[str]:
    """The distinct http(s) links of every page, as the hook collects them: not those into
    the site's own address (its canonical links), which sitemap.xml gives."""
    sitemap = (site / "sitemap.xml").read_text("utf-8") if (site / "sitemap.xml").exists() else ""
    own = min(re.findall(r"<loc>([^<]+)</loc>", sitemap), key=len, default="\0")  # the home
    urls: set[str] = set()
    for page in site.rglob("*.html"):
        record = read_page(page.read_text("utf-8", "replace"), str(page.relative_to(site)))
        for reading in record.readings:
            urls.update(
                reference.url
                for reference in reading.references
                if reference.kind == "link" and reference.url.startswith(("http://", "https://"))
            )
    return sorted(url for url in urls if not url.startswith(own))


class Plan:
    """What each path answers, and after how long."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.delay: dict[str, float] = {}
        self.kind: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()

    def draw(self, paths: list[str]) -> None:
        rolls = random.Random(self.seed)
        for path in paths:
            roll = rolls.random()
            kind = "fast" if roll < 0.7 else "slow" if roll < 0.92 else "very slow"
            low, high = {"fast": (0.02, 0.3), "slow": (1.0, 4.0), "very slow": (5.0, 9.0)}[kind]
            self.delay[path], self.kind[path] = rolls.uniform(low, high), kind
        special = rolls.sample(paths, 4)
        for path, kind in zip(special, ["timeout", "429", "404", "301"], strict=True):
            self.kind[path] = kind
            self.delay[path] = TIMEOUT_DELAY if kind == "timeout" else 0.1


def serve(plan: Plan) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.answer()

        def do_GET(self) -> None:
            self.answer()

        def answer(self) -> None:
            key = f"{self.server.server_address[1]}{self.path}"
            with plan.lock:
                plan.requests[key] += 1
                first = plan.requests[key] == 1
            kind = plan.kind.get(key, "fast")
            time.sleep(plan.delay.get(key, 0.0))
            status, headers = 200, {}
            if kind == "429" and first:
                status, headers = 429, {"Retry-After": "3"}
            elif kind == "404":
                status = 404
            elif kind == "301":
                status, headers = 301, {"Location": "/moved-elsewhere"}
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="a built site folder")
    parser.add_argument("--urls", type=int, help="check this many (a seeded sample); default all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="append the result row to OUT/external-links.md")
    arguments = parser.parse_args()

    urls = external_urls(Path(arguments.site))
    if arguments.urls:
        urls = sorted(random.Random(arguments.seed).sample(urls, min(arguments.urls, len(urls))))
    hosts = sorted({urlsplit(url).netloc for url in urls})
    # One local server per real host: the per-host limit and the interleaving work as live.
    plan = Plan(arguments.seed)
    ports = {host: serve(plan).server_address[1] for host in hosts}
    local_urls = []
    for url in urls:
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        local_urls.append(f"http://127.0.0.1:{ports[parts.netloc]}{path}")
    plan.draw([url.split(":", 2)[2] for url in local_urls])  # "PORT/path", as served

    limits = Limits(policy=AddressPolicy.allowing(["127.0.0.1"]))
    cache = LinkCache(Path("/dev/null"), 0)
    started = time.monotonic()
    results = check_urls(local_urls, cache, limits)
    seconds = time.monotonic() - started

    kinds = Counter(plan.kind.values())
    verdicts = Counter(result.verdict for result in results.values())
    row = (
        f"| {len(urls)} | {arguments.seed} | {len(hosts)} | {kinds['fast']} / {kinds['slow']} / "
        f"{kinds['very slow']} | 1 timeout, one 429, one 404, one 301 | "
        f"{sum(plan.requests.values())} | {seconds:.1f} s | "
        f"{verdicts['ok']} ok, {verdicts['broken']} broken, {verdicts['warning']} warning |"
    )
    print(row)
    if arguments.out:
        columns = ["URLs", "seed", "hosts", "fast / slow / very slow", "special", "requests"]
        append_row(Path(arguments.out) / "external-links.md", [*columns, "time", "verdicts"], row)
    return 0


def append_row(table: Path, columns: list[str], row: str) -> None:
    """Add a row to a Markdown table, writing its head first if the file is new."""
    if not table.exists():
        head = "| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|\n"
        table.write_text(head)
    with table.open("a") as file:
        file.write(row + "\n")


if __name__ == "__main__":
    sys.exit(main())
