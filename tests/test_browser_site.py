"""Every page of the sitemap in a real browser, as readers get it from GitHub Pages.

Each page is visited once per mode (desktop light, desktop dark, 375 px mobile); what the
visit saw is recorded, and the tests below assert on the record. In light and dark, axe
checks each page twice: as loaded, before any diagram is drawn, and again once the page has
been scrolled through and every diagram is drawn. Screenshots go to artifacts/screenshots/
(ignored by git) for people to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import ROOT
from tests.support.browsing import PageWatch
from tests.support.diagrams import DrawnDiagram, wait_for_diagrams
from tests.support.png import distinct_colours
from tests.support.site_html import mermaid_blocks, sitemap_paths

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
MODES = {
    "light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "mobile": {
        "viewport": {"width": 375, "height": 812},
        "color_scheme": "light",
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
# A drawn diagram has its background, lines, boxes and text: far more than a few colours.
MIN_COLOURS_IN_A_DRAWN_DIAGRAM = 4


@dataclass
class Visit:
    path: str
    problems: list[str] = field(default_factory=list)
    expected_diagrams: int = 0
    drawn: list[DrawnDiagram] = field(default_factory=list)
    blank_diagrams: list[int] = field(default_factory=list)
    horizontal_overflow_px: int = 0
    # Axe's violations per run: "on load" and "after scrolling".
    axe: dict[str, list[str]] = field(default_factory=dict)
    scheme: str = ""


@pytest.fixture(scope="module")
def visits(browser: Any, site_server: Any, built_site: Path) -> dict[tuple[str, str], Visit]:
    axe = Axe()
    record: dict[tuple[str, str], Visit] = {}
    paths = sitemap_paths(built_site)
    for mode, options in MODES.items():
        context = browser.new_context(**options)
        for path in paths:
            page = context.new_page()
            record[mode, path] = _visit(page, site_server, built_site, path, mode, axe)
            page.close()
        context.close()
    return record


def _visit(page: Any, server: Any, site: Path, path: str, mode: str, axe: Axe) -> Visit:
    visit = Visit(path=path)
    watch = PageWatch(page, server.origin)
    page.goto(server.base_url + path, wait_until="load")
    if mode != "mobile":
        # As most readers first see the page: diagrams further down still show their source.
        visit.axe["on load"] = _axe_violations(axe, page)
    _scroll_through(page)
    blocks = mermaid_blocks((site / path / "index.html").read_text(encoding="utf-8"))
    visit.expected_diagrams = len(blocks)
    visit.drawn = wait_for_diagrams(page, len(blocks)) if blocks else []
    page.wait_for_load_state("networkidle")
    visit.scheme = page.evaluate("document.body.dataset.mdColorScheme")
    visit.horizontal_overflow_px = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    hosts = page.locator("div.mermaid")
    for index in range(hosts.count()):
        if distinct_colours(hosts.nth(index).screenshot()) < MIN_COLOURS_IN_A_DRAWN_DIAGRAM:
            visit.blank_diagrams.append(index)
    if mode != "mobile":
        visit.axe["after scrolling"] = _axe_violations(axe, page)
    name = path.strip("/").replace("/", "__") or "home"
    (SCREENSHOTS / mode).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / mode / f"{name}.png"), full_page=True)
    visit.problems = watch.problems()
    return visit


def _scroll_through(page: Any) -> None:
    """Down the page a screen at a time, as a reader would, ending at the bottom."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for top in range(0, height, page.viewport_size["height"]):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")


def _axe_violations(axe: Axe, page: Any) -> list[str]:
    result = axe.run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result.response["violations"]
    ]


def _failures(visits: dict[tuple[str, str], Visit], check: Any) -> list[str]:
    failures = []
    for (mode, path), visit in visits.items():
        failures.extend(f"[{mode}] /{path}: {problem}" for problem in check(visit))
    return failures


def _assert_none(failures: list[str]) -> None:
    # One line per problem, all of them: a truncated diff hides what to fix.
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def test_sitemap_lists_every_page(visits: dict[tuple[str, str], Visit]) -> None:
    paths = {path for _, path in visits}
    for promised in ("", "virtual-machines/", "containers/", "quiz/", "blog/"):
        assert promised in paths


def test_no_other_host_no_failed_request_no_console_error(
    visits: dict[tuple[str, str], Visit],
) -> None:
    _assert_none(_failures(visits, lambda v: v.problems))


def test_every_diagram_is_drawn_without_error(visits: dict[tuple[str, str], Visit]) -> None:
    def check(visit: Visit) -> list[str]:
        problems = []
        if len(visit.drawn) != visit.expected_diagrams:
            problems.append(f"{len(visit.drawn)} of {visit.expected_diagrams} diagrams drawn")
        problems += [f"diagram {d.title!r} is an error" for d in visit.drawn if d.is_error]
        problems += [f"diagram {i} looks blank" for i in visit.blank_diagrams]
        return problems

    assert sum(v.expected_diagrams for v in visits.values()) >= 12  # 4+ diagrams x 3 modes
    _assert_none(_failures(visits, check))


def test_dark_mode_follows_the_system_preference(visits: dict[tuple[str, str], Visit]) -> None:
    assert {v.scheme for (mode, _), v in visits.items() if mode == "dark"} == {"slate"}
    assert {v.scheme for (mode, _), v in visits.items() if mode == "light"} == {"default"}


def test_no_horizontal_scrolling_at_375px(visits: dict[tuple[str, str], Visit]) -> None:
    def check(visit: Visit) -> list[str]:
        overflow = visit.horizontal_overflow_px
        return [f"page scrolls sideways by {overflow}px"] if overflow > 0 else []

    _assert_none(_failures({k: v for k, v in visits.items() if k[0] == "mobile"}, check))


@pytest.mark.parametrize("run", ["on load", "after scrolling"], ids=["on_load", "after_scrolling"])
def test_axe_finds_no_violation_light_or_dark(
    visits: dict[tuple[str, str], Visit], run: str
) -> None:
    desktop = {key: visit for key, visit in visits.items() if key[0] != "mobile"}
    assert all(run in visit.axe for visit in desktop.values()), f"axe did not run {run}"
    _assert_none(_failures(desktop, lambda v: [f"axe {run}: {x}" for x in v.axe[run]]))


def test_diagrams_survive_toggling_dark_mode(page: Any, site_server: Any) -> None:
    watch = PageWatch(page, site_server.origin)
    page.goto(site_server.base_url + "virtual-machines/")
    count = len(wait_for_diagrams(page, 1))
    for _ in range(3):  # the toggle cycles: system preference, light, dark
        if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert len(wait_for_diagrams(page, count)) == count
    hosts = page.locator("div.mermaid")
    for index in range(hosts.count()):
        assert distinct_colours(hosts.nth(index).screenshot()) >= MIN_COLOURS_IN_A_DRAWN_DIAGRAM
    assert watch.problems() == []


def test_diagrams_draw_after_navigating_from_a_page_without_any(
    page: Any, site_server: Any, built_site: Path
) -> None:
    """A reader who arrives on a diagram page by clicking, from a page that loaded no
    Mermaid. (navigation.instant is off, so the click loads the page in full; were it turned
    on, this is the test that would catch a loader that runs only once per document.)"""
    start = "glossary/"
    assert not mermaid_blocks((built_site / start / "index.html").read_text(encoding="utf-8"))
    watch = PageWatch(page, site_server.origin)
    page.goto(site_server.base_url + start)
    page.locator("nav.md-nav--primary a.md-nav__link[href$='containers/']").first.click()
    page.wait_for_url("**/containers/")
    drawn = wait_for_diagrams(page, 1)
    assert drawn and not any(d.is_error for d in drawn)
    assert watch.problems() == []


def test_diagrams_expose_title_and_description_to_assistive_technology(
    page: Any, site_server: Any, built_site: Path
) -> None:
    path = "containers/"
    blocks = mermaid_blocks((built_site / path / "index.html").read_text(encoding="utf-8"))
    page.goto(site_server.base_url + path)
    wait_for_diagrams(page, len(blocks))
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    named = {
        (n.get("name", {}).get("value", ""), n.get("description", {}).get("value", ""))
        for n in nodes
    }
    for block in blocks:
        assert (block.acc_title, block.acc_descr) in {
            (name, " ".join(description.split())) for name, description in named
        }


def test_search_for_hypervisor_opens_the_virtual_machines_page(page: Any, site_server: Any) -> None:
    """Found by what a reader sees, not by one theme's markup: Material has a search field
    in the header, Zensical a button that opens one (its results sit in a shadow root, which
    locators see into)."""
    watch = PageWatch(page, site_server.origin)
    page.goto(site_server.base_url, wait_until="networkidle")
    # Links already on the page (the navigation) are not search results.
    page.evaluate("document.querySelectorAll('a').forEach(a => a.dataset.before = '')")
    opener = page.get_by_role("button", name=re.compile("search", re.I))
    if opener.count():
        opener.first.click()
    field = page.get_by_role("combobox").or_(page.get_by_role("searchbox"))
    field = field.or_(page.get_by_role("textbox", name=re.compile("search", re.I)))
    field.filter(visible=True).first.press_sequentially("hypervisor", delay=20)
    results = page.locator("a:not([data-before]), [role=option]").filter(visible=True)
    results.filter(has_text="Virtual machines").first.click(timeout=10_000)
    # search.highlight adds ?h=… so the page can mark the words searched for.
    page.wait_for_url(re.compile(r".*/virtual-machines/(\?[^#]*)?(#.*)?$"))
    assert watch.problems() == []


def test_unknown_path_shows_the_404_page_with_working_links(page: Any, site_server: Any) -> None:
    response = page.goto(site_server.base_url + "no/such/page/")
    assert response.status == 404
    assert "404" in page.locator("article").inner_text()
    hrefs = page.eval_on_selector_all(
        "a.md-header__button.md-logo, nav.md-nav--primary a.md-nav__link[href]",
        "links => links.map(a => a.href)",
    )
    assert site_server.base_url in hrefs
    for href in hrefs:
        if href.startswith(site_server.origin):
            assert page.request.get(href).status == 200, href
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_url(site_server.base_url)


def test_skip_link_works_and_focus_is_always_visible(page: Any, site_server: Any) -> None:
    page.goto(site_server.base_url + "compare/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") != ""
    invisible = []
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => {
              const el = document.activeElement;
              const s = getComputedStyle(el);
              return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30),
                      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                      shadow: s.boxShadow !== 'none', visible: el.checkVisibility()};
            }"""
        )
        if not ((style["outline"] or style["shadow"]) and style["visible"]):
            invisible.append(f"{style['tag']} {style['text']!r}")
    assert invisible == []
