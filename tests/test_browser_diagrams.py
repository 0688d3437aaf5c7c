"""A real browser, no network: every diagram page draws its diagrams from our own copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browsing import PageWatch
from tests.support.diagrams import wait_for_diagrams
from tests.support.site_html import mermaid_blocks

DIAGRAM_PAGES = ["story/", "virtual-machines/", "containers/", "containers-in-vms/"]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


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
