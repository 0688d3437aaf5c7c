"""The real site: a strict, offline, reproducible build with every page and diagram in place."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from tests.conftest import ROOT, build_site, copy_project, mkdocs_build_only
from tests.support.network import NetworkGuard, OutsideConnectionError
from tests.support.site_html import (
    loaded_resource_urls,
    mermaid_blocks,
    nav_source_files,
    output_path_for,
)

# The diagrams the course promises, by page and accessible title.
EXPECTED_DIAGRAMS = {
    "virtual-machines/index.html": "Virtual machine architecture",
    "containers/index.html": "Container architecture",
    "containers-in-vms/index.html": "Containers inside a virtual machine",
    "story/index.html": "Mary's story mapped to computing",
}
BLOG_POST = "blog/2018/09/04/virtual-world-vs-container-world/index.html"
BLOG_CATEGORY = "blog/category/docker/index.html"

# Material's bundle carries two CDN fallbacks in its code. Neither runs on this site: the
# Mermaid one only when window.mermaid is undefined (our loader defines it on every page),
# the polyfill only in browsers without ResizeObserver. The browser tests prove that no
# request leaves the site; this list keeps the static scan honest about what it tolerates.
MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
KNOWN_UNUSED_FALLBACKS = {
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    "https://unpkg.com/resize-observer-polyfill",
    # Zensical's bundle: Mermaid (window.mermaid is ours, mermaid-loader.js), and the
    # runnable code blocks, code editor and image lightbox, which this site does not use.
    # The browser tests prove that none of them is fetched.
    "https://unpkg.com/mermaid@12/dist/mermaid.min.js",
    "https://unpkg.com/pyodide@314.0.2/pyodide.js",
    "https://cdn.jsdelivr.net/pyodide/v314.0.2/full/",
    "https://unpkg.com/ace-builds@1.44.0/src-noconflict/ace.js",
    "https://unpkg.com/glightbox@3/dist/js/glightbox.min.js",
    "https://unpkg.com/glightbox@3/dist/css/glightbox.min.css",
}


def test_every_nav_page_is_built(built_site: Path) -> None:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    sources = nav_source_files(config["nav"])
    assert len(sources) >= 11
    missing = [s for s in sources if not (built_site / output_path_for(s)).is_file()]
    assert missing == []


@pytest.mark.parametrize(("page", "title"), EXPECTED_DIAGRAMS.items())
def test_expected_diagram_has_title_and_description(
    built_site: Path, page: str, title: str
) -> None:
    blocks = mermaid_blocks((built_site / page).read_text(encoding="utf-8"))
    titles = [block.acc_title for block in blocks]
    assert title in titles, f"{page} has diagrams titled {titles}"
    block = blocks[titles.index(title)]
    assert len(block.acc_descr) >= 40, "accDescr should describe the diagram, not name it"


def test_every_diagram_on_the_site_is_described(built_site: Path) -> None:
    undescribed = []
    count = 0
    for html_file in sorted(built_site.rglob("*.html")):
        for block in mermaid_blocks(html_file.read_text(encoding="utf-8")):
            count += 1
            if not block.acc_title or not block.acc_descr:
                undescribed.append(html_file.relative_to(built_site).as_posix())
    assert count >= 4
    assert undescribed == []


def test_blog_post_and_its_category_page_exist(built_site: Path) -> None:
    post = (built_site / BLOG_POST).read_text(encoding="utf-8")
    assert "2018" in post and "September" in post
    category = (built_site / BLOG_CATEGORY).read_text(encoding="utf-8")
    assert "virtual-world-vs-container-world/" in category


def test_nothing_is_loaded_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in sorted(built_site.rglob("*")):
        if path.suffix not in {".html", ".css", ".js", ".mjs"} or not path.is_file():
            continue
        for url in loaded_resource_urls(path.suffix, path.read_text(encoding="utf-8")):
            if url in KNOWN_UNUSED_FALLBACKS:
                relative = path.relative_to(built_site).as_posix()
                assert MATERIAL_BUNDLE.fullmatch(relative), f"{url} outside Material's bundle"
                continue
            parts = urlsplit(url)
            if parts.scheme in {"http", "https"} or url.startswith("//"):
                offenders.append(f"{path.relative_to(built_site)}: {url}")
    assert offenders == []


def test_no_google_fonts_or_analytics(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "googletagmanager" not in html and "gtag(" not in html


@mkdocs_build_only
def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    assert build_site(second) == []
    assert _tree_digest(second) == _tree_digest(built_site)


def test_vendored_mermaid_matches_its_checksums() -> None:
    vendor = ROOT / "docs/assets/vendor/mermaid"
    version = (vendor / "VERSION").read_text().strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert (vendor / "LICENSE").read_text().startswith("The MIT License")
    listed = {}
    for line in (vendor / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    on_disk = {p.relative_to(vendor).as_posix() for p in vendor.rglob("*.mjs")}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name


def test_guard_fails_a_build_that_fetches_mermaid_from_a_cdn(tmp_path: Path) -> None:
    """The network guard is not decoration: pointing mermaid2 at a CDN trips it."""
    config_file = copy_project(tmp_path / "project")
    text = config_file.read_text()
    text = text.replace(
        "javascript: assets/vendor/mermaid/mermaid.esm.min.mjs",
        "javascript: https://unpkg.com/mermaid@12.3.0/dist/mermaid.esm.min.mjs",
    )
    config_file.write_text(text)
    with pytest.raises(AssertionError, match=r"unpkg\.com"):
        build_site(tmp_path / "site", config_file)


def test_guard_refuses_before_anything_is_sent() -> None:
    import socket

    with NetworkGuard() as guard, pytest.raises(OutsideConnectionError):
        socket.getaddrinfo("example.org", 443)
    assert guard.attempts == ["example.org"]


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
