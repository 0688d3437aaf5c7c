"""The finishing step (hooks/finish_site.py, hooks/handout.py), on small built sites written
by hand: it must give the same result whichever engine wrote the HTML."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from conftest import BASE_CONFIG, HOOKS_DIR, BuildSite
from test_check_site_cli import texts

FINISH_SITE = HOOKS_DIR / "finish_site.py"

PAGE = """<html><head><title>{title}</title>{meta}</head><body>
<nav><a href="../">Home</a></nav>
<article class="md-content__inner md-typeset">{body}</article></body></html>"""
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url>
         <loc>https://example.org/a/</loc>
    </url>
    <url>
         <loc>https://example.org/print/</loc>
    </url>
</urlset>"""


def _site(root: Path, robots_meta: str = '<meta content="noindex" name="robots"/>') -> Path:
    """A built site of two chapters and a handout; docs/ holds the handout's front matter."""
    docs, site = root / "docs", root / "site"
    docs.mkdir(parents=True)
    (docs / "print.md").write_text("---\nchapters:\n  - a.md\n  - b.md\n---\n# All\n")
    (root / "mkdocs.yml").write_text("site_name: T\nsite_url: https://example.org/\n")
    pages = {
        "a": '<h1 id="a-title">A<a class="headerlink" href="#a-title">¶</a></h1>'
        '<p>See <a href="../b/#part">part</a>, <a href="../b/">B</a> and <a href="#x">x</a>.'
        '<sup id="fnref:1"><a href="#fn:1">1</a></sup></p><p id="x">X</p>'
        '<div id="fn:1">Note</div><pre class="mermaid"><code>flowchart TB</code></pre>',
        "b": '<h1 id="b-title">B &amp; more</h1><h2 id="part">Part</h2>',
        "print": '<h1 id="all">All</h1><p>Intro.</p>',
    }
    for name, body in pages.items():
        (site / name).mkdir(parents=True)
        meta = robots_meta if name == "print" else ""
        (site / name / "index.html").write_text(PAGE.format(title=name, meta=meta, body=body))
    (site / "sitemap.xml").write_text(SITEMAP)
    return root


def _finish(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(FINISH_SITE), *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def test_handout_gets_each_chapter_with_prefixed_ids_and_links_kept_on_the_page(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    assert _finish(root, "site", "-f", "mkdocs.yml").returncode == 0
    handout = (root / "site/print/index.html").read_text()
    assert handout.count('class="print-chapter"') == 2
    assert '<section class="print-chapter" id="a">' in handout
    assert 'id="a--a-title"' in handout and 'href="#a--a-title"' in handout
    assert 'href="#b--part"' in handout and 'href="#b"' in handout  # to the other chapter
    assert 'href="#a--x"' in handout and 'href="#a--fn:1"' in handout  # within the chapter
    assert '<li><a href="#b">B &amp; more</a></li>' in handout  # the contents, escaped once
    assert '<meta name="mermaid-loading" content="eager"></head>' in handout
    assert handout.index("Intro.") < handout.index('class="print-contents"')
    # The chapters' own pages are left as they were.
    assert 'id="a-title"' in (root / "site/a/index.html").read_text()


def test_finishing_twice_adds_the_chapters_once(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert _finish(root, "site").returncode == 0
    assert _finish(root, "site").returncode == 0
    assert (root / "site/print/index.html").read_text().count('class="print-chapter"') == 2


def test_sitemap_drops_a_noindex_page_whatever_the_attribute_order(tmp_path: Path) -> None:
    for meta in (
        '<meta content="noindex" name="robots"/>',
        '<meta name="robots" content="noindex">',
    ):
        root = _site(tmp_path / str(len(meta)), robots_meta=meta)
        assert _finish(root, "site").returncode == 0
        sitemap = (root / "site/sitemap.xml").read_text()
        assert "https://example.org/a/" in sitemap
        assert "print/" not in sitemap, meta
        assert "print/" not in gzip.decompress((root / "site/sitemap.xml.gz").read_bytes()).decode()


def test_sitemap_keeps_every_page_when_none_says_noindex(tmp_path: Path) -> None:
    root = _site(tmp_path, robots_meta='<meta name="robots" content="index, follow">')
    assert _finish(root, "site").returncode == 0
    assert (root / "site/sitemap.xml").read_text() == SITEMAP
    assert not (root / "site/sitemap.xml.gz").exists()  # untouched: the engine's own stays


def test_robots_txt_points_at_the_sitemap_under_site_url(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert _finish(root, "site").returncode == 0
    assert (root / "site/robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    )


def test_a_missing_site_is_a_clear_error(tmp_path: Path) -> None:
    root = _site(tmp_path)
    result = _finish(root, "no-such-site")
    assert result.returncode == 2
    assert result.stderr == "error: no built site at 'no-such-site': build it first\n"


# ── The checker sees what the finishing step added ────────────────────────────────────────────

REWRITER = """\
from pathlib import Path

from sitecheck.build import note_rewritten


def on_post_build(config):
    page = Path(config["site_dir"], "all", "index.html")
    page.write_text(page.read_text().replace("</body>", '<a href="#nowhere">x</a></body>'))
    note_rewritten("all/index.html")
"""


def test_the_hook_reads_again_a_page_that_a_post_build_step_rewrote(
    tmp_path: Path, build_site: BuildSite
) -> None:
    """A handout gets its chapters after the pages are written: the hook checks them too."""
    docs = {"index.md": "# Home\n", "all.md": "# All\n\nIntro.\n"}
    rewriter = tmp_path / "rewrite.py"
    rewriter.write_text(REWRITER)
    config = BASE_CONFIG.replace("hooks:\n", f"hooks:\n  - {rewriter}\n")
    site = build_site(docs, base_config=config)
    assert [w for w in site.warnings if "#nowhere" in w] != [], site.warnings
    # Without the rewrite, the same site is clean: the warning came from the added link.
    clean = build_site(docs)
    assert [w for w in clean.warnings if "#nowhere" in w] == []


def test_the_command_line_checks_a_noindex_page_left_out_of_the_sitemap(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert _finish(root, "site").returncode == 0
    print_page = root / "site/print/index.html"
    print_page.write_text(print_page.read_text().replace("Intro.", '<a href="#nowhere">x</a>'))
    messages = texts(root / "site", site_url="https://example.org/")
    assert [m for m in messages if "#nowhere" in m and "print/" in m] != [], messages


def test_a_chapter_that_was_not_built_is_a_clear_error(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "docs/print.md").write_text("---\nchapters:\n  - a.md\n  - c.md\n---\n# All\n")
    result = _finish(root, "site")
    assert result.returncode == 2
    assert result.stderr == (
        "error: The handout 'print.md' lists the chapter 'c.md', but no page was built at "
        "'c/index.html'. Write its path as in the docs folder.\n"
    )
    assert 'class="print-chapter"' not in (root / "site/print/index.html").read_text()
