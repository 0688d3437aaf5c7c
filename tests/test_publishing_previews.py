"""Link previews and the site under its sub-path: every page carries a description, Open
Graph and Twitter card tags with its canonical URL and the committed 1200 x 630 image; the
sitemap, robots.txt and 404 page all follow site_url."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from tests.conftest import ROOT, SUB_PATH, build_site
from tests.support.browsing import PageWatch
from tests.support.publishing import read_page, redirect_target
from tests.support.site_html import nav_source_files, output_path_for
from tests.support.social_card import png_size

IMAGE = "assets/images/social-card.png"


@pytest.fixture(scope="module")
def site_url() -> str:
    # The same address the build used: mkdocs.yml, or SITE_URL when a fork sets it.
    url = load_config(config_file=str(ROOT / "mkdocs.yml"))["site_url"]
    assert url and url.endswith("/")
    return url


def content_pages(site_dir: Path) -> list[Path]:
    """Every HTML page a reader can land on: all but the 404 page and redirect stubs."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        if path.name == "404.html" and path.parent == site_dir:
            continue
        if redirect_target(read_page(path)) is None:
            pages.append(path)
    return pages


def test_preview_image_is_committed_at_1200_by_630(built_site: Path) -> None:
    source = ROOT / "docs" / IMAGE
    assert png_size(source.read_bytes()) == (1200, 630)
    assert (built_site / IMAGE).read_bytes() == source.read_bytes()
    assert source.stat().st_size < 300_000, "keep the card small: chat apps fetch it often"


def test_every_page_has_preview_tags(built_site: Path, site_url: str) -> None:
    pages = content_pages(built_site)
    assert len(pages) >= 14
    for path in pages:
        relative = path.relative_to(built_site).as_posix().removesuffix("index.html")
        tags = read_page(path)
        one = {key: values[0] for key, values in tags.meta.items() if len(values) == 1}
        where = relative or "/"
        twice = [k for k, v in tags.meta.items() if len(v) > 1]
        assert twice == [], f"{where}: tags written twice: {twice}"

        assert tags.canonical == [site_url + relative], where
        description = one.get("description", "")
        assert 30 <= len(description) <= 300, f"{where}: description {description!r}"
        assert "<" not in description, f"{where}: markup in the description"
        assert one.get("og:description") == one.get("twitter:description") == description
        assert one.get("og:title") and one["og:title"] == one.get("twitter:title"), where
        assert "<" not in one["og:title"], where
        assert one.get("og:url") == site_url + relative, where
        assert one.get("og:type") in {"website", "article"}, where
        assert one.get("og:site_name"), where
        assert one.get("og:image") == one.get("twitter:image") == site_url + IMAGE, where
        assert (one.get("og:image:width"), one.get("og:image:height")) == ("1200", "630")
        assert one.get("og:image:alt") and one.get("twitter:image:alt"), where
        assert one.get("twitter:card") == "summary_large_image", where


def test_course_pages_have_their_own_description_and_title(built_site: Path) -> None:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    descriptions: dict[str, str] = {}
    titles: dict[str, str] = {}
    for source in nav_source_files(config["nav"]):
        tags = read_page(built_site / output_path_for(source))
        descriptions[source] = tags.meta["og:description"][0]
        titles[source] = tags.meta["og:title"][0]
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert len(set(titles.values())) == len(titles), titles
    assert titles["index.md"] == config["site_name"]


def test_blog_posts_are_articles(built_site: Path) -> None:
    posts = [p for p in content_pages(built_site) if re.search(r"blog/\d{4}/", p.as_posix())]
    assert posts
    for post in posts:
        assert read_page(post).meta["og:type"] == ["article"]


def test_sitemap_lists_every_page_under_site_url(built_site: Path, site_url: str) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert all(loc.startswith(site_url) for loc in locations), locations
    indexed, unindexed = set(), set()
    for page in content_pages(built_site):
        url = site_url + page.relative_to(built_site).as_posix().removesuffix("index.html")
        robots = read_page(page).meta.get("robots", [""])[0]
        (unindexed if "noindex" in robots else indexed).add(url)
    assert indexed <= set(locations)
    # The print version repeats every chapter: kept out of search engines and the sitemap.
    assert unindexed == {site_url + "print/"}
    assert not unindexed & set(locations)


def test_robots_txt_points_at_the_sitemap(built_site: Path, site_url: str) -> None:
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {site_url}sitemap.xml" in lines
    assert not any(line.strip().startswith("Disallow: /") for line in lines)


def test_404_page_loads_its_assets_from_the_sub_path(built_site: Path, site_url: str) -> None:
    page = (built_site / "404.html").read_text(encoding="utf-8")
    sub_path = urlsplit(site_url).path
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js|png))"', page)
    assert assets
    assert [a for a in assets if not a.startswith(sub_path)] == []


def test_a_fork_publishes_under_its_own_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SITE_URL (set by the workflow from configure-pages) moves every absolute address."""
    fork = "https://someone.github.io/fork-of-course/"
    monkeypatch.setenv("SITE_URL", fork.rstrip("/"))  # as configure-pages reports it
    site = tmp_path / "site"
    assert build_site(site) == []
    tags = read_page(site / "compare/index.html")
    assert tags.canonical == [fork + "compare/"]
    assert tags.meta["og:url"] == [fork + "compare/"]
    assert tags.meta["og:image"] == [fork + IMAGE]
    assert f"Sitemap: {fork}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    assert locations and all(loc.startswith(fork) for loc in locations)
    assert 'href="/fork-of-course/assets/' in (site / "404.html").read_text(encoding="utf-8")


def test_unknown_address_gets_the_styled_404_page(
    page: Any, site_server: Any, site_url: str
) -> None:
    if urlsplit(site_url).path != SUB_PATH:
        pytest.skip(f"SITE_URL puts the site under another path than {SUB_PATH}")
    watch = PageWatch(page, site_server.origin)
    response = page.goto(site_server.base_url + "no-such-page/")
    assert response.status == 404
    # The page itself is the only answer that is not 200 (Chromium logs it as a console
    # error too): every asset it uses loads under the sub-path.
    assert watch.problems() == [
        f"response not 200: 404 {site_server.base_url}no-such-page/",
        "console error: Failed to load resource: the server responded with a status of 404"
        " (Not Found)",
    ]
    assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
    # Material's stylesheet applied: the header bar has its layout.
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
