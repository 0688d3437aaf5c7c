"""A real browser, no network: every diagram page draws its diagrams from our own copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.browsing import PageWatch
from tests.support.diagrams import wait_for_diagrams
from tests.support.site_html import mermaid_blocks

DIAGRAM_PAGES = ["story/", "virtual-machines/", "containers/", "containers-in-vms/"]


@pytest.mark.parametrize("path", DIAGRAM_PAGES)
def test_diagrams_draw_offline(page: Any, site_server: Any, built_site: Path, path: str) -> None:
    expected = mermaid_blocks((built_site / path / "index.html").read_text(encoding="utf-8"))
    assert expected, f"{path} should have diagrams"
    watch = PageWatch(page, site_server.origin)

    page.goto(site_server.base_url + path)
    drawn = wait_for_diagrams(page, len(expected))

    assert [d.title for d in drawn] == [b.acc_title for b in expected]
    assert [d.description for d in drawn] == [b.acc_descr for b in expected]
    assert not any(d.is_error for d in drawn)
    assert watch.problems() == []


def test_mermaid_loads_only_when_a_diagram_comes_near(browser: Any, site_server: Any) -> None:
    """Readers who never scroll to a diagram never download Mermaid (about 1 MB of code)."""
    context = browser.new_context(viewport={"width": 375, "height": 500})
    page = context.new_page()
    watch = PageWatch(page, site_server.origin)
    mermaid_requests: list[str] = []
    page.on("request", lambda r: "/vendor/mermaid/" in r.url and mermaid_requests.append(r.url))
    page.goto(site_server.base_url + "story/", wait_until="networkidle")
    pending = page.locator("[data-mermaid-pending]")
    assert pending.count() == 1
    assert pending.first.evaluate("e => e.getBoundingClientRect().top") > 2 * 500
    assert mermaid_requests == []

    drawn = wait_for_diagrams(page, 1)

    assert len(drawn) == 1 and not drawn[0].is_error
    assert mermaid_requests, "scrolling to the diagram should load Mermaid"
    assert watch.problems() == []
    context.close()


def test_a_diagram_not_yet_drawn_prints_a_pointer_not_its_source(
    browser: Any, site_server: Any
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 500})
    page = context.new_page()
    page.goto(site_server.base_url + "story/", wait_until="networkidle")
    page.emulate_media(media="print")
    pending = page.locator("pre[data-mermaid-pending]")
    assert pending.count() == 1
    assert pending.locator("code").evaluate("e => getComputedStyle(e).display") == "none"
    pointer = pending.evaluate("e => getComputedStyle(e, '::before').content")
    assert "print" in pointer and "scroll to it" in pointer
    context.close()
