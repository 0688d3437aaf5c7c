"""Shared fixtures: one strict build of the real site, a Pages-like server, a headless browser.

The build runs in-process with the network guarded (see `network_guard`), so every test that
reads `built_site` also proves the build asked no host but 127.0.0.1 for anything.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.network import NetworkGuard
from tests.support.pages_server import PagesServer

ROOT = Path(__file__).resolve().parent.parent
# A fixed timestamp keeps dates (sitemap lastmod, blog) identical from build to build.
SOURCE_DATE_EPOCH = "1735689600"  # 2025-01-01T00:00:00Z
# GitHub Pages serves a project site under /REPO/; the tests serve it the same way.
SUB_PATH = "/vm-vs-containers/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_site(site_dir: Path, config_file: Path | None = None) -> list[str]:
    """Build strictly into `site_dir` with the network guarded; return the warnings logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    warnings: list[str] = []
    handler = _ListHandler(warnings)
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(handler)
    try:
        with NetworkGuard() as guard:
            config = load_config(
                config_file=str(config_file or ROOT / "mkdocs.yml"),
                site_dir=str(site_dir),
                strict=True,
            )
            try:
                build(config)
            finally:
                # Checked even when the build aborts: code under test may swallow the
                # refusal and fail later for another reason.
                guard.assert_no_outside_connection()
    finally:
        mkdocs_logger.removeHandler(handler)
    return warnings


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


# SITE_DIR=path runs the suite on a site built already, by any engine (scripts/build.sh
# with ENGINE=properdocs or zensical); tests of MkDocs' own build are then skipped.
PREBUILT_SITE = os.environ.get("SITE_DIR", "")
mkdocs_build_only = pytest.mark.skipif(
    bool(PREBUILT_SITE), reason="SITE_DIR is set: this test checks MkDocs' own build"
)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if PREBUILT_SITE:
        site = Path(PREBUILT_SITE).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"SITE_DIR={PREBUILT_SITE}: no built site there (no index.html)")
        return site
    site_dir = tmp_path_factory.mktemp("site")
    warnings = build_site(site_dir)
    assert warnings == [], "the strict build logged warnings"
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[PagesServer]:
    with PagesServer(built_site, SUB_PATH) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized page in its own browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def copy_project(destination: Path) -> Path:
    """A copy of the project's site sources, for tests that build a variant of the site."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "hooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination / "mkdocs.yml"
