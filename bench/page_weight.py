"""Page weight, diagram drawing time and Lighthouse scores for every page of the built site.

Usage:
    bash scripts/build.sh
    .venv/bin/python bench/page_weight.py [--site site] [--lighthouse-runs 3] [--pages a/ b/]

Serves site/ from 127.0.0.1 under /vm-vs-containers/ (as GitHub Pages serves a project
site), loads each page in Debian's headless Chromium with every other host blocked, and
prints a Markdown table: requests, bytes transferred raw and gzip-compressed, and the time
from navigation start until every diagram is drawn. With --lighthouse-runs N (default 3)
it also runs Lighthouse 12.8.2 (npm, through `npm exec`, on CHROME_PATH=/usr/bin/chromium)
N times per page for desktop and mobile and reports the median of each category.
A benchmark, not a test: it asserts nothing and its numbers go into the docs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SUB_PATH  # noqa: E402
from tests.support.pages_server import PagesServer  # noqa: E402
from tests.support.site_html import sitemap_paths  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class PageWeight:
    path: str
    requests: int = 0
    raw_bytes: int = 0
    gzip_bytes: int = 0
    diagrams: int = 0
    gzip_bytes_drawn: int = 0
    drawn_ms: float | None = None
    lighthouse: dict[str, dict[str, int]] = field(default_factory=dict)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--pages", nargs="*", help="site-relative paths (default: sitemap)")
    args = parser.parse_args()
    paths = args.pages if args.pages is not None else sitemap_paths(args.site)
    with PagesServer(args.site, SUB_PATH) as server:
        results = [measure_page(server, path) for path in paths]
        if args.lighthouse_runs:
            for result in results:
                result.lighthouse = lighthouse_medians(
                    server.base_url + result.path, args.lighthouse_runs
                )
    print(render_table(results, args.lighthouse_runs))
    return 0


def measure_page(server: PagesServer, path: str) -> PageWeight:
    from playwright.sync_api import sync_playwright

    result = PageWeight(path=path)
    bodies: list[bytes] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(server.origin) else route.abort()
            ),
        )
        page.on("requestfinished", lambda request: bodies.append(_body(request)))
        page.goto(server.base_url + path, wait_until="networkidle")
        result.requests, result.raw_bytes, result.gzip_bytes = _totals(bodies)
        result.diagrams = page.locator("[data-mermaid-pending], div.mermaid").count()
        if result.diagrams:
            # Diagrams are drawn as they come near the viewport: scroll to any still waiting,
            # and time from the moment the loader asked for Mermaid until the last is drawn
            # (a drawn diagram replaces its pending block).
            page.evaluate("document.querySelector('[data-mermaid-pending]')?.scrollIntoView()")
            page.wait_for_function(
                "() => !document.querySelector('[data-mermaid-pending]')",
                polling="raf",
                timeout=30_000,
            )
            result.drawn_ms = page.evaluate(
                "performance.now() - performance.getEntriesByName('mermaid-wanted')[0].startTime"
            )
            page.wait_for_load_state("networkidle")
            _, _, result.gzip_bytes_drawn = _totals(bodies)
        browser.close()
    return result


def _totals(bodies: list[bytes]) -> tuple[int, int, int]:
    return (
        len(bodies),
        sum(len(body) for body in bodies),
        sum(len(gzip.compress(body, 6)) for body in bodies),
    )


def _body(request: object) -> bytes:
    response = request.response()  # type: ignore[attr-defined]
    try:
        return response.body() if response else b""
    except Exception:  # a redirect or an aborted request has no body
        return b""


def lighthouse_medians(url: str, runs: int) -> dict[str, dict[str, int]]:
    medians = {}
    for form_factor in ("desktop", "mobile"):
        scores: dict[str, list[int]] = {category: [] for category in CATEGORIES}
        for _ in range(runs):
            report = run_lighthouse(url, form_factor)
            for category in CATEGORIES:
                scores[category].append(round(report["categories"][category]["score"] * 100))
        medians[form_factor] = {c: int(statistics.median(v)) for c, v in scores.items()}
    return medians


def run_lighthouse(url: str, form_factor: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        command = [
            "npm", "exec", "--yes", f"--package={LIGHTHOUSE}", "--", "lighthouse", url,
            "--output=json", f"--output-path={output}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)} --user-data-dir={tmp}/p",
        ]  # fmt: skip
        if form_factor == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
        return json.loads(output.read_text())


def render_table(results: list[PageWeight], runs: int) -> str:
    header = (
        "| Page | Requests at load | Raw KiB | Gzip KiB | Diagrams"
        " | Gzip KiB with diagrams | Drawn (ms after a diagram comes near) |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if runs:
        header += " Lighthouse desktop P/A/BP/SEO | Lighthouse mobile P/A/BP/SEO |"
        rule += "---|---|"
    lines = [header, rule]
    for r in results:
        drawn = f"{r.drawn_ms:.0f}" if r.drawn_ms is not None else "n/a"
        with_diagrams = f"{r.gzip_bytes_drawn / 1024:.0f}" if r.diagrams else "n/a"
        line = (
            f"| /{r.path} | {r.requests} | {r.raw_bytes / 1024:.0f} | {r.gzip_bytes / 1024:.0f}"
            f" | {r.diagrams} | {with_diagrams} | {drawn} |"
        )
        if runs:
            for form_factor in ("desktop", "mobile"):
                s = r.lighthouse[form_factor]
                line += " " + "/".join(str(s[c]) for c in CATEGORIES) + " |"
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
