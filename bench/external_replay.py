"""Replay the link rot watch on any MkDocs project, offline, and check every line it names.

Every request the hook makes goes to one local server instead of the link's host, which
answers as a rotting web might, by a seeded draw per URL: 8 % 404, 4 % 410, 4 % a permanent
move to another page, the rest 200. The project is built in this process with
hooks/check_external.py added to its own hooks; then each reported problem is checked:

- placed: the file and line it names (a doc, a snippet, a template, mkdocs.yml) hold the URL;
- page only: no file holds it as written (the theme or a plugin made it), the page is named;
- misplaced: the named line does not hold the URL; unplaced: a doc named without a line;
- missed: a URL drawn broken that the report does not name.

    .venv/bin/python bench/external_replay.py ../material/mkdocs.yml --out bench/results

The project's plugins must import in this Python (run the script with the project's venv).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import logging
import os
import socket
import sys
import tempfile
import threading
from collections import Counter
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(HOOKS))
import sitecheck.external as external  # noqa: E402
import sitecheck.external_report as external_report  # noqa: E402
from sitecheck.config import read_mkdocs_yml  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from external_links import append_row  # noqa: E402

WRAPPER = ".external-replay.yml"


def drawn(host_and_path: str) -> int:
    """The status a URL answers with, the same on every run."""
    roll = int(hashlib.sha256(host_and_path.encode()).hexdigest()[:8], 16) % 100
    return 404 if roll < 8 else 410 if roll < 12 else 301 if roll < 16 else 200


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        status = drawn(self.headers.get("Host", "").split(":")[0] + self.path)
        self.send_response(status)
        if status == 301:
            self.send_header("Location", self.path.split("?")[0].rstrip("/") + "-moved-away")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", help="the project's mkdocs.yml")
    parser.add_argument("--out", help="append a row to OUT/external-replay.md")
    arguments = parser.parse_args()
    config_path = Path(arguments.config).resolve()
    project = config_path.parent

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local_port = server.server_address[1]

    def local_connection(scheme, host, port, timeout, policy):  # every host is the local one
        made = HTTPConnection(host, port, timeout=timeout)  # plain HTTP, its Host header kept
        made._create_connection = lambda *_: socket.create_connection(
            ("127.0.0.1", local_port), timeout
        )
        return made

    external.connection = local_connection
    findings: list[external_report.Finding] = []
    external_report.log_findings = lambda found, log: findings.extend(found)

    own_hooks = read_mkdocs_yml(str(config_path)).get("hooks") or []
    with tempfile.TemporaryDirectory() as scratch:
        # The project's config with a second `hooks:` at its end (YAML keeps the last), so
        # that its lines, where its `extra:` writes links, stay where they are.
        wrapper = project / WRAPPER
        hooks = [*own_hooks, str(HOOKS / "check_external.py")]
        wrapper.write_text(
            config_path.read_text(encoding="utf-8")
            + "\nhooks:\n"
            + "".join(f"  - {hook}\n" for hook in hooks)
        )
        os.environ.update(
            CHECK_EXTERNAL_LINKS="1",
            CHECK_EXTERNAL_LINKS_CACHE=f"{scratch}/cache.json",
            CHECK_EXTERNAL_LINKS_RETRIES="0",
            CHECK_EXTERNAL_LINKS_TIME_LIMIT="600",
        )
        os.environ.pop("GITHUB_STEP_SUMMARY", None)
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        logging.basicConfig(level=logging.ERROR)
        try:
            config = load_config(config_file=str(wrapper), site_dir=f"{scratch}/site")
            build(config)
        finally:
            wrapper.unlink()
        hook = next(hook for name, hook in config.plugins.items() if "check_external" in name)
        links = hook.state.links

    verdicts: Counter[str] = Counter()
    for finding in findings:
        verdicts[placed := placement(finding, project)] += 1
        if placed in {"misplaced", "unplaced"} or os.environ.get("REPLAY_SHOW_ALL"):
            print(f"{placed}: {finding.where}: {finding.url}")
    broken = {url for url in links if drawn(host_path(url)) != 200}
    reported = {finding.url for finding in findings}
    row = (
        f"| {project.name} | {len(links)} | {len(broken)} | {len(reported & broken)} | "
        f"{len(findings)} | {verdicts['placed']} | {verdicts['page only']} | "
        f"{verdicts['misplaced']} | {verdicts['unplaced']} | {len(broken - reported)} |"
    )
    print(row)
    if arguments.out:
        columns = ["project", "external links", "drawn broken", "reported", "rows", "placed"]
        columns += ["page only", "misplaced", "unplaced", "missed"]
        append_row(Path(arguments.out) / "external-replay.md", columns, row)
    return 0


def host_path(url: str) -> str:
    """What the local server sees of a URL: its host name and the request's target."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return (parts.hostname or "") + quote(target, safe=external.SAFE)


def placement(finding: external_report.Finding, project: Path) -> str:
    if not finding.line:
        return "page only" if finding.where.startswith("The theme or a plugin") else "unplaced"
    file = "mkdocs.yml" if finding.file == WRAPPER else finding.file
    try:
        lines = (project / file).read_text(encoding="utf-8").splitlines()
        line = lines[finding.line - 1]
    except (OSError, IndexError):
        return "misplaced"
    written = {finding.url, unquote(finding.url), finding.url.replace("&", "&amp;")}
    return (
        "placed"
        if any(text in html.unescape(line) or text in line for text in written)
        else "misplaced"
    )


if __name__ == "__main__":
    sys.exit(main())
