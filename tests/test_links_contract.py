"""The link contract: every address in links.yml works in the built site, a moved page keeps
its old address through a redirect, and the instructors' page lists exactly those links."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from tests.conftest import ROOT, build_site, copy_project
from tests.support.publishing import (
    Promise,
    broken_promises,
    load_contract,
    read_page,
    resolve,
    site_relative,
)
from tests.support.site_html import nav_source_files, output_path_for

# The sections the issue names: each architecture, the comparison table, the quiz, the
# exercises. Removing one of them from links.yml is a broken promise too.
REQUIRED_SECTIONS = {
    "virtual-machines/#vm-architecture",
    "virtual-machines/#type-1",
    "virtual-machines/#type-2",
    "containers/#container-architecture",
    "containers/#engine-chain",
    "compare/#comparison-table",
    "compare/#decision-guide",
    "quiz/#quiz",
    "try-it/#exercises",
}


# Pages for the site's contributors rather than for courses: no promise is made for them.
NOT_PROMISED = {"checking.md"}


@pytest.fixture(scope="module")
def contract() -> list[Promise]:
    return load_contract()


def test_contract_is_well_formed(contract: list[Promise]) -> None:
    urls = [p.url for p in contract]
    assert len(urls) == len(set(urls)), "an address is listed twice"
    for promise in contract:
        assert not promise.url.startswith(("/", "http")), f"{promise.url}: relative to site_url"
        path = promise.url.partition("#")[0]
        assert path == "" or path.endswith("/"), f"{promise.url}: a directory URL, as MkDocs writes"
        assert len(promise.covers) >= 10, f"{promise.url}: say what it covers"
    assert set(urls) >= REQUIRED_SECTIONS


def test_contract_lists_every_page_in_the_nav(contract: list[Promise]) -> None:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    course_pages = [
        s
        for s in nav_source_files(config["nav"])
        if not s.startswith("blog/") and s not in NOT_PROMISED
    ]
    promised = {p.url for p in contract}
    missing = [
        s for s in course_pages if output_path_for(s).removesuffix("index.html") not in promised
    ]
    assert missing == []


def test_every_promised_url_and_anchor_exists(built_site: Path, contract: list[Promise]) -> None:
    assert broken_promises(built_site, contract) == []


def test_instructors_page_lists_exactly_the_contract(
    built_site: Path, contract: list[Promise]
) -> None:
    page = read_page(built_site / "instructors/index.html")
    listed = {site_relative(href, "instructors/") for href, _ in page.table_links}
    assert listed == {p.url for p in contract}
    # Each row says what the link covers, in the words of links.yml.
    text = (ROOT / "docs/instructors.md").read_text(encoding="utf-8")
    assert [p.url for p in contract if p.covers not in text] == []


def test_a_moved_page_breaks_the_contract_until_it_leaves_a_redirect(
    tmp_path: Path, contract: list[Promise]
) -> None:
    """Rename quiz.md on a copy of the project (links and nav updated, as an author would):
    the promised quiz/ and quiz/#quiz fail; a redirect in mkdocs.yml mends both."""
    config_file = copy_project(tmp_path / "project")
    docs = config_file.parent / "docs"
    (docs / "quiz.md").rename(docs / "self-check.md")
    for markdown in docs.rglob("*.md"):
        text = markdown.read_text(encoding="utf-8")
        markdown.write_text(text.replace("quiz.md", "self-check.md"), encoding="utf-8")
    config_text = config_file.read_text(encoding="utf-8").replace("quiz.md", "self-check.md")
    config_file.write_text(config_text, encoding="utf-8")

    assert build_site(tmp_path / "moved", config_file) == []
    assert broken_promises(tmp_path / "moved", contract) == [
        "quiz/: no page at quiz/",
        "quiz/#quiz: no page at quiz/",
    ]

    assert "redirect_maps: {}" in config_text
    config_file.write_text(
        config_text.replace("redirect_maps: {}", "redirect_maps:\n        quiz.md: self-check.md"),
        encoding="utf-8",
    )
    assert build_site(tmp_path / "redirected", config_file) == []
    assert broken_promises(tmp_path / "redirected", contract) == []
    assert resolve(tmp_path / "redirected", "quiz/#quiz") == ("self-check/", None)
