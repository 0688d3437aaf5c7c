"""hooks/blog_dates.py: a quoted or unreadable post date stops the build with its line and fix."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

from tests.hooks.conftest import HOOKS_DIR, BuildSite

BLOG_CONFIG = f"""\
site_name: Test blog
site_url: https://example.org/
theme:
  name: material
plugins:
  - blog
hooks:
  - {HOOKS_DIR / "blog_dates.py"}
"""
INDEX = {"index.md": "# Home\n", "blog/index.md": "# Blog\n"}


def post(front_matter: str) -> dict[str, str]:
    return {**INDEX, "blog/posts/story.md": f"---\n{front_matter}---\n\n# A story\n\nText.\n"}


def test_quoted_date_names_the_line_and_the_fix(
    build_site: BuildSite, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(Abort):
        build_site(post('date: "2018-09-04"\ncategories:\n  - docker\n'), base_config=BLOG_CONFIG)
    assert _errors(caplog) == [
        "Doc file 'blog/posts/story.md' line 2 has the post date 'date: '2018-09-04'' in "
        "quotes, so YAML reads it as text and Material's blog plugin rejects it. Remove the "
        "quotes: 'date: 2018-09-04'."
    ]


def test_text_that_is_no_date_says_how_to_write_one(
    build_site: BuildSite, caplog: pytest.LogCaptureFixture
) -> None:
    front_matter = "categories:\n  - docker\ndate:\n  created: 2018-09-04\n  updated: Sept 5\n"
    with pytest.raises(Abort):
        build_site(post(front_matter), base_config=BLOG_CONFIG)
    assert _errors(caplog) == [
        "Doc file 'blog/posts/story.md' line 6 has a post date 'updated: 'Sept 5'' that is not "
        "a date. Write it as YYYY-MM-DD without quotes (a time may follow: "
        "'updated: 2018-09-04 10:30:00')."
    ]


@pytest.mark.parametrize(
    "front_matter",
    [
        "date: 2018-09-04\n",
        "date: 2018-09-04 10:30:00\n",
        "date:\n  created: 2018-09-04\n  updated: 2024-01-31\n",
    ],
)
def test_real_dates_build(build_site: BuildSite, front_matter: str) -> None:
    site = build_site(post(front_matter), base_config=BLOG_CONFIG)
    assert [w for w in site.warnings if "blog_dates" in w or "date" in w] == []
    assert (site.root / "site/blog/2018/09/04/a-story/index.html").is_file()


def test_pages_outside_the_posts_folder_are_not_judged(build_site: BuildSite) -> None:
    docs = {**post("date: 2018-09-04\n"), "notes.md": '---\ndate: "someday"\n---\n\n# Notes\n'}
    site = build_site(docs, base_config=BLOG_CONFIG)
    assert (site.root / "site/notes/index.html").is_file()


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    # Every error of the build: ours alone, so the blog plugin's own never shows.
    return [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
