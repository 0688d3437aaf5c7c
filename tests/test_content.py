"""The course's promises about its own text: every claim's footnote resolves and is listed
under the page's sources, every exercise cites the docs it was checked against, and the
reading times on the home page keep up with the pages as they grow."""

from __future__ import annotations

import math
import re

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
# Pages about the site rather than the subject, and pages that only point at others.
WITHOUT_SOURCES = {"checking.md", "instructors.md", "print.md", "blog/index.md"}
COURSE_PAGES = sorted(
    p.relative_to(DOCS).as_posix()
    for p in DOCS.rglob("*.md")
    if "includes" not in p.parts and p.relative_to(DOCS).as_posix() not in WITHOUT_SOURCES
)
FOOTNOTE_REF = re.compile(r"\[\^([\w-]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:.*?<(https?://[^>]+)>\s*$", re.M)
SOURCES_ITEM = re.compile(r"^- .*?<(https?://[^>]+)>\s*$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
# A careful first read of technical text, diagrams included.
WORDS_PER_MINUTE = 100


def _text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def _sources_section(text: str) -> str:
    _, found, rest = text.partition("## Sources {#sources}")
    assert found, "no '## Sources {#sources}' section"
    return rest


@pytest.mark.parametrize("page", COURSE_PAGES)
def test_every_footnote_is_defined_used_and_listed_under_sources(page: str) -> None:
    text = _text(page)
    body = FENCE.sub("", text)
    refs = set(FOOTNOTE_REF.findall(body))
    definitions = dict(FOOTNOTE_DEF.findall(text))
    assert sorted(refs - definitions.keys()) == [], "footnotes cited but not defined"
    assert sorted(definitions.keys() - refs) == [], "footnotes defined but never cited"
    listed = set(SOURCES_ITEM.findall(_sources_section(text)))
    unlisted = {name: url for name, url in definitions.items() if url not in listed}
    assert unlisted == {}, "footnote addresses missing from the page's Sources list"


def test_the_checks_catch_an_undefined_footnote() -> None:
    body = "A claim.[^nowhere]\n\n[^here]: A source. <https://example.org/>\n"
    assert set(FOOTNOTE_REF.findall(body)) - dict(FOOTNOTE_DEF.findall(body)).keys() == {"nowhere"}


def _exercise_sections(text: str) -> dict[str, str]:
    exercises = text.split("## Exercises {#exercises}")[1].split("## Clean up")[0]
    parts = re.split(r"^### (Exercise \d+[^\n]*)$", exercises, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_exercise_cites_the_docs_its_commands_were_checked_against() -> None:
    sections = _exercise_sections(_text("try-it.md"))
    assert len(sections) == 8
    uncited = [title for title, body in sections.items() if not FOOTNOTE_REF.search(body)]
    assert uncited == []


def test_every_docker_subcommand_in_an_exercise_has_its_reference_cited() -> None:
    """A command a student types is checked against its own reference page: `docker top`
    cites docker container top, and so on."""
    text = _text("try-it.md")
    commands = set(re.findall(r"^docker (\w+)", "\n".join(FENCE.findall(text)), re.M))
    definitions = "\n".join(line for line in text.splitlines() if line.startswith("[^"))
    reference = {
        "ps": "container/ls",
        "build": "building-images",
        "volume": "storage/volumes",
        "context": "manage-resources/contexts",
    }
    missing = [c for c in sorted(commands) if reference.get(c, f"/{c}/") not in definitions]
    # `docker version` and `docker image rm` are covered by the install and clean-up steps.
    assert set(missing) <= {"version", "image"}, missing


def _reading_times() -> dict[str, int]:
    table = _text("index.md").split("## Start here {#start-here}")[1].split("\n## ")[0]
    rows = re.findall(r"^\d+\. \[[^\]]+\]\(([\w-]+\.md)\), (\d+) min:", table, re.M)
    return {page: int(minutes) for page, minutes in rows}


def test_start_here_lists_the_course_in_nav_order() -> None:
    nav = re.findall(r"^  - [^:]+: ([\w-]+\.md)$", (ROOT / "mkdocs.yml").read_text(), re.M)
    listed = list(_reading_times())
    assert listed == [page for page in nav if page in listed]
    assert len(listed) == 8


@pytest.mark.parametrize("page", [p for p in _reading_times() if p != "try-it.md"])
def test_reading_time_keeps_up_with_the_page(page: str) -> None:
    body = _text(page).split("\n---\n", 1)[-1] if _text(page).startswith("---\n") else _text(page)
    text = FENCE.sub("", body.split("## Sources {#sources}")[0])
    words = len(text.split())
    needed = 5 * math.ceil(words / WORDS_PER_MINUTE / 5)
    stated = _reading_times()[page]
    assert needed <= stated <= needed + 5, f"{words} words: say about {needed} min"


def test_the_home_page_motivates_and_leaves_the_corrections_to_the_blog_post() -> None:
    home = _text("index.md")
    assert "works on my machine" in home
    assert "Docker Machine is no longer the tool to use" not in home
    assert "blog/posts/virtual-world-vs-container-world.md#corrections" in home
    post = _text("blog/posts/virtual-world-vs-container-world.md")
    assert "## What the course corrects {#corrections}" in post
    assert "Docker Machine is no longer the tool to use" in post


ALL_PAGES = sorted(
    p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if "includes" not in p.parts
)


def _front_matter_description(page: str) -> str:
    text = _text(page)
    if not text.startswith("---\n"):
        return ""
    head = text[4:].split("\n---\n", 1)[0]
    found = re.search(r"^description: >-\n((?:  .+\n?)+)", head + "\n", re.M)
    return " ".join(line.strip() for line in found.group(1).splitlines()) if found else ""


def test_every_page_describes_itself_in_its_front_matter() -> None:
    """Link previews and search results use it, on every engine: MiniJinja templates cannot
    derive one from the page's first paragraph."""
    descriptions = {page: _front_matter_description(page) for page in ALL_PAGES}
    bad = {page: d for page, d in descriptions.items() if not 60 <= len(d) <= 200}
    assert bad == {}, "give each page a `description:` of 60 to 200 characters"
    assert len(set(descriptions.values())) == len(descriptions), "descriptions repeat"


RAW_LINK = re.compile(r"<a\s[^>]*href=", re.I)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_links_are_markdown_links_that_every_engine_resolves(page: str) -> None:
    """Engines resolve Markdown links to .md files alike; a raw-HTML link such as
    <a href="../containers/"> is rewritten by Zensical and not by MkDocs, and breaks."""
    body = FENCE.sub("", _text(page))
    assert RAW_LINK.findall(body) == [], "write the link in Markdown: [text](page.md#id)"


def test_the_raw_link_check_finds_one() -> None:
    assert RAW_LINK.findall('See <a class="x" href="../containers/">containers</a>.')
