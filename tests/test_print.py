"""The whole course on one page (print/), and how it prints: every chapter and diagram is
there with working ids and links, the navigation is left out, and Chromium makes a PDF of a
sensible length with every diagram drawn in it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config

from tests.conftest import ROOT
from tests.support.browsing import PageWatch
from tests.support.diagrams import wait_for_diagrams
from tests.support.publishing import pdf_page_count, read_page
from tests.support.site_html import mermaid_blocks, nav_source_files, output_path_for

PRINT_PAGE = "print/index.html"
# Pages of the nav that are not chapters of the handout: the home page (it sits at the top
# level, the chapters one folder deep), the instructors' links, this page, the checks.
NOT_CHAPTERS = {"index.md", "instructors.md", "print.md", "checking.md"}
NODE_LABEL = re.compile(r"""[\[\(\{]+"([^"]+)"[\]\)\}]+""")
CHAPTER = re.compile(r'<section class="print-chapter" id="([^"]+)">(.*?)</section>', re.S)


def chapter_sources() -> list[str]:
    """The chapters print.md lists, in its order."""
    text = (ROOT / "docs/print.md").read_text(encoding="utf-8")
    front_matter = yaml.safe_load(text.split("---\n")[1])
    return list(front_matter["chapters"])


def test_every_course_page_is_a_chapter() -> None:
    """A new course page must be added to print.md's chapters (or to NOT_CHAPTERS here)."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    course = [
        s
        for s in nav_source_files(config["nav"])
        if s not in NOT_CHAPTERS and not s.startswith("blog/")
    ]
    assert sorted(chapter_sources()) == sorted(course)
    order = [s for s in course if s in chapter_sources()]
    assert chapter_sources() == order, "chapters follow the nav's order"


@pytest.fixture(scope="module")
def print_html(built_site: Path) -> str:
    return (built_site / PRINT_PAGE).read_text(encoding="utf-8")


def test_print_page_holds_the_chapters_in_order(print_html: str) -> None:
    sources = chapter_sources()
    assert len(sources) >= 8
    chapters = [m.group(1) for m in CHAPTER.finditer(print_html)]
    assert chapters == [output_path_for(s).removesuffix("/index.html") for s in sources]


def test_chapters_hold_each_page_whole(built_site: Path, print_html: str) -> None:
    """Same headings, same diagrams, same footnotes as the page itself: nothing dropped."""
    chapters = {m.group(1): m.group(2) for m in CHAPTER.finditer(print_html)}
    for source in chapter_sources():
        page = (built_site / output_path_for(source)).read_text(encoding="utf-8")
        chapter = chapters[output_path_for(source).removesuffix("/index.html")]
        for tag in ("h1", "h2", "h3", "figure", "table", "li"):
            assert chapter.count(f"<{tag}") >= _article(page).count(f"<{tag}"), (source, tag)
        assert [b.acc_title for b in mermaid_blocks(chapter)] == [
            b.acc_title for b in mermaid_blocks(page)
        ], source


def test_every_diagram_of_the_course_is_on_the_print_page(
    built_site: Path, print_html: str
) -> None:
    expected = [
        block.acc_title
        for source in chapter_sources()
        for block in mermaid_blocks((built_site / output_path_for(source)).read_text("utf-8"))
    ]
    assert len(expected) >= 4
    assert [b.acc_title for b in mermaid_blocks(print_html)] == expected


def test_ids_are_unique_and_every_anchor_link_lands(built_site: Path, print_html: str) -> None:
    page = read_page(built_site / PRINT_PAGE)
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert duplicates == []
    fragments = {html.unescape(f) for f in re.findall(r'href="#([^"]+)"', print_html)}
    assert len(fragments) > 50
    assert sorted(fragments - set(page.ids)) == []
    # Links between chapters stay on this page: none points at a chapter's own page.
    body = "".join(m.group(2) for m in CHAPTER.finditer(print_html))
    chapter_urls = [output_path_for(s).removesuffix("index.html") for s in chapter_sources()]
    outward = [u for u in chapter_urls if f'href="../{u}' in body]
    assert outward == []


def test_promised_sections_have_a_place_on_the_print_page(built_site: Path) -> None:
    ids = set(read_page(built_site / PRINT_PAGE).ids)
    for wanted in ("virtual-machines--vm-architecture", "compare--comparison-table", "quiz--quiz"):
        assert wanted in ids


def test_every_page_loads_the_print_stylesheet_and_script(built_site: Path) -> None:
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect stub
        assert "assets/stylesheets/print.css" in text, path
        assert "assets/javascripts/print-links.js" in text, path


@pytest.fixture(scope="module")
def printed(browser: Any, site_server: Any, print_html: str) -> Iterator[dict[str, Any]]:
    """The print page drawn in Chromium, switched to print media, and its PDF (made once)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, site_server.origin)
    expected = mermaid_blocks(print_html)
    page.goto(site_server.base_url + "print/")
    drawn = wait_for_diagrams(page, len(expected))
    page.emulate_media(media="print", color_scheme="light")
    pdf = page.pdf(format="A4", print_background=True)
    yield {"page": page, "expected": expected, "drawn": drawn, "pdf": pdf, "watch": watch}
    context.close()


def test_print_page_draws_every_diagram_offline(printed: dict[str, Any]) -> None:
    drawn, expected = printed["drawn"], printed["expected"]
    assert [d.title for d in drawn] == [b.acc_title for b in expected]
    assert all(d.has_content and d.role_description != "error" for d in drawn)
    assert printed["watch"].problems() == []


def test_print_media_hides_navigation_and_keeps_diagrams(printed: dict[str, Any]) -> None:
    page = printed["page"]
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        display = page.locator(chrome).first.evaluate("e => getComputedStyle(e).display")
        assert display == "none", chrome
    boxes = page.locator("div.mermaid").evaluate_all(
        "all => all.map(e => [getComputedStyle(e).display, e.getBoundingClientRect().height])"
    )
    assert len(boxes) == len(printed["expected"])
    assert all(display != "none" and height > 50 for display, height in boxes), boxes
    breaks = page.locator(".print-chapter").evaluate_all(
        "all => all.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks and set(breaks) == {"page"}


def test_print_shows_the_address_of_outside_links(printed: dict[str, Any]) -> None:
    page = printed["page"]
    # print-links.js marks the links whose text is not their address (footnotes, prose)...
    marked = page.locator(".md-typeset a[data-print-url]")
    assert marked.count() > 0
    assert all(
        text.strip() != href
        for text, href in marked.evaluate_all("all => all.map(a => [a.textContent, a.href])")
    )
    # ...and not links written as their address (the sources lists), printed twice otherwise.
    doubled = page.locator(".md-typeset a[data-print-url]").evaluate_all(
        "all => all.filter(a => a.textContent.trim() === a.getAttribute('href')).map(a => a.href)"
    )
    assert doubled == []
    # ...and a link with other text gets its address after it on paper.
    after = page.evaluate(
        """() => {
            const link = Object.assign(document.createElement('a'),
                {href: 'https://example.org/x', textContent: 'a source'});
            link.dataset.printUrl = 'https://example.org/x';
            document.querySelector('.md-typeset p').append(link);
            return getComputedStyle(link, '::after').content;
        }"""
    )
    assert "https://example.org/x" in after


def test_pdf_has_a_sensible_length(printed: dict[str, Any]) -> None:
    pages = pdf_page_count(printed["pdf"])
    chapters = len(chapter_sources())
    # Each chapter starts on a new sheet after the contents; a short course is not a book.
    assert chapters + 1 <= pages <= 12 * chapters, pages


def test_pdf_text_holds_every_diagram(printed: dict[str, Any], tmp_path: Path) -> None:
    """With poppler's pdftotext, read the PDF back: each diagram's node labels are in it."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; the DOM checks still ran")
    pdf = tmp_path / "course.pdf"
    pdf.write_bytes(printed["pdf"])
    text = subprocess.run(
        [pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    squeezed = re.sub(r"\s+", "", text)
    for block in printed["expected"]:
        labels = [re.sub(r"<[^>]+>|\s+", "", label) for label in NODE_LABEL.findall(block.source)]
        assert labels, f"{block.acc_title}: no node labels found in its source"
        found = [label for label in labels if label in squeezed]
        # Text extraction may interleave a wrapped label with its neighbour's, so allow a
        # few misses; an undrawn diagram leaves none of its labels in the PDF.
        assert len(found) >= 0.75 * len(labels), f"{block.acc_title}: {found} of {labels}"


def _article(page_html: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", page_html, re.S)
    assert match
    return match.group(1)
