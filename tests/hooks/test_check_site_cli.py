"""hooks/check_site.py SITE_DIR: the same checks on any built folder (sitecheck/cli.py)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, CHECK_SITE, BuildSite
from sitecheck.cli import check_folder, main


def texts(site_dir: Path, **options: object) -> list[str]:
    messages, summaries = check_folder(str(site_dir), **options)
    return [message.text for message in messages + summaries]


def test_command_line_checks_a_built_folder(tmp_path: Path, build_site: BuildSite) -> None:
    site = build_site({"index.md": "# Home\n\n<a href='gone/'>x</a>\n", "ok.md": "# Ok\n"})
    assert main([str(site.root / "site")]) == 1
    (site.root / "docs" / "index.md").write_text("# Home\n\n[ok](ok.md)\n")
    build_site({})
    assert main([str(site.root / "site")]) == 0
    assert main([str(tmp_path / "no-such-folder")]) == 2
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty")]) == 2  # no page at all: not a "pass"


def test_the_hook_file_runs_as_a_script(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="gone.html">x</a>')
    finished = subprocess.run(
        [sys.executable, str(CHECK_SITE), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 1
    assert finished.stderr.splitlines() == [
        "WARNING -  Page 'index.html' contains a link 'gone.html', but the target is not found "
        "in the built site.",
        f"INFO    -  check_site: 1 problem in '{tmp_path}'.",
    ]
    usage = subprocess.run(
        [sys.executable, str(CHECK_SITE), "--format", "yaml", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert usage.returncode == 2
    assert "invalid choice: 'yaml'" in usage.stderr


def test_command_line_messages(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><body><a href="sub/">ok</a><a href="sub/#x">bad</a>'
        "<script>var s = \"<a href='gone.html'>\";</script></body></html>"
    )
    (tmp_path / "sub" / "index.html").write_text('<h1 id="y">Y</h1>')
    assert texts(tmp_path) == [
        "Page 'index.html' contains a link 'sub/#x', but the page 'sub/index.html' does not "
        "contain an anchor '#x'."
    ]


def test_json_format_lists_check_level_text_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "index.html").write_text('<a href="#top">ok</a><a href="#nope">bad</a>')
    assert main([str(tmp_path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "check": "missing_anchors",
            "level": logging.WARNING,
            "text": "Page 'index.html' contains a link '#nope', but there is no such anchor on "
            "this page.",
            "file": "index.html",
            "line": None,
            "pages": ["index.html"],
        }
    ]
    (tmp_path / "index.html").write_text('<a href="#top">ok</a>')
    assert main([str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_piece_fine_on_one_page_is_checked_again_where_it_means_another_target(
    tmp_path: Path,
) -> None:
    """The same navigation on three pages: fine from the first, broken from its sibling
    (a URL into the page's own folder) and from a page of another folder (a "../" URL)."""
    navigation = (
        '<ul><li class="n"><img src="x.png" alt="x"></li>\n'
        '<li class="n"><a href="../p2/">p2</a></li>\n'
        '<li class="n"><a href="../../a/p1/">p1</a></li></ul>\n'
    )
    for folder in ("a/p1", "a/p2", "b/q1"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text(navigation)
    (tmp_path / "a" / "p1" / "x.png").write_bytes(b"")
    assert texts(tmp_path) == [
        "Page 'a/p2/index.html' contains an image 'x.png', but the target 'a/p2/x.png' is not "
        "found in the built site.",
        "Page 'b/q1/index.html' contains an image 'x.png', but the target 'b/q1/x.png' is not "
        "found in the built site.",
        "Page 'b/q1/index.html' contains a link '../p2/', but the target 'b/p2' is not found "
        "in the built site.",
    ]


def test_links_into_the_page_itself_are_checked_on_every_page(tmp_path: Path) -> None:
    """A query-only URL and a fragment after spaces point into the page that holds them,
    not into the folder, even where the pages of a folder share the same navigation."""
    navigation = '<ul><li><a href="?v#s">s</a></li><li><a href=" #t">t</a></li></ul>'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.html").write_text(f'<h1 id="s">P</h1>{navigation}')
    for name in ("q", "r"):
        (tmp_path / "a" / f"{name}.html").write_text(f'<h1 id="t">Q</h1>{navigation}')
    assert texts(tmp_path) == [
        "Page 'a/p.html' contains a link ' #t', but there is no such anchor on this page.",
        "Page 'a/q.html' contains a link '?v#s', but there is no such anchor on this page.",
        "Page 'a/r.html' contains a link '?v#s', but there is no such anchor on this page.",
    ]


# ── Which pages: those of sitemap.xml, and 404.html ───────────────────────────────────────────


def test_a_jinja_template_copied_under_docs_is_not_a_page(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "partials/x.html": '<a href="{{ base_url }}/nowhere">templated</a>\n',
        }
    )
    assert site.warnings == []
    assert (site.root / "site" / "partials" / "x.html").is_file()
    assert (site.root / "site" / "sitemap.xml").is_file()
    assert texts(site.root / "site") == []
    (site.root / "site" / "sitemap.xml").unlink()  # without a sitemap, every .html is a page
    assert texts(site.root / "site") == [
        "Page 'partials/x.html' contains a link '{{ base_url }}/nowhere', but the target "
        "'partials/{{ base_url }}/nowhere' is not found in the built site."
    ]


def test_a_site_built_without_site_url_is_read_right(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n\n[guide](guide/page.md#setup)\n",
            "guide/page.md": "# Page\n\n## Setup\n\n<a href='../../nowhere/'>x</a>\n",
        },
        base_config=BASE_CONFIG.replace("site_url: https://example.org/\n", ""),
    )
    sitemap = (site.root / "site" / "sitemap.xml").read_text()
    assert "https://" not in sitemap  # "None" or relative locations: no address to read
    expected = [
        "Doc file 'guide/page.md' line 5 contains a link '../../nowhere/', but the target "
        "'nowhere' is not found in the built site."
    ]
    assert site.warnings == expected
    assert texts(site.root / "site") == [
        "Page 'guide/page/index.html' contains a link '../../nowhere/', but the target "
        "'nowhere' is not found in the built site."
    ]


def test_sitemap_addresses_are_unescaped(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "my page.md": "# Spaced\n\n<a href='#nope'>x</a>\n",
            "über.md": "# Über\n\n<a href='#ort'>ok</a> <a href='#orte'>x</a>\n\n## Ort {#ort}\n",
        },
    )
    sitemap = (site.root / "site" / "sitemap.xml").read_text()
    assert "my%20page/" in sitemap
    assert "%C3%BCber/" in sitemap
    assert len(site.warnings) == 2
    assert texts(site.root / "site") == [
        "Page 'my page/index.html' contains a link '#nope', but there is no such anchor on "
        "this page.",
        "Page 'über/index.html' contains a link '#orte', but there is no such anchor on this "
        "page. Did you mean '#ort'?",
    ]


def write_project_site(folder: Path, home: str) -> None:
    """A project site served under /repo/ of its host, as GitHub Pages serves one."""
    (folder / "guide").mkdir()
    (folder / "guide" / "index.html").write_text('<h1 id="g">G</h1>')
    (folder / "index.html").write_text(home)
    (folder / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.org/repo/</loc></url>"
        "<url><loc>https://example.org/repo/guide/</loc></url></urlset>"
    )


def test_the_command_line_checks_links_to_the_sites_own_address(tmp_path: Path) -> None:
    write_project_site(
        tmp_path,
        '<a href="https://example.org/repo/guide/#g">ok</a>'
        '<a href="https://example.org/repo">ok, the home page</a>'
        '<a href="https://example.org/repo/gone/">bad</a>'
        '<a href="/repo/guide/#h">bad anchor</a>',
    )
    assert texts(tmp_path) == [
        "Page 'index.html' contains a link 'https://example.org/repo/gone/', but the target "
        "'gone' is not found in the built site.",
        "Page 'index.html' contains a link '/repo/guide/#h', but the page 'guide/index.html' "
        "does not contain an anchor '#h'.",
    ]


def test_an_absolute_link_to_another_site_on_the_same_host_is_external(tmp_path: Path) -> None:
    """https://user.github.io/other-repo/ from https://user.github.io/repo/ is another site,
    not a root-absolute link gone wrong (unlike "/other-repo/", which is reported)."""
    write_project_site(
        tmp_path,
        '<a href="https://example.org/other-repo/">a sibling project</a>'
        '<a href="https://example.org/">the owner\'s home page</a>'
        '<a href="/other-repo/">root-absolute</a>',
    )
    assert texts(tmp_path) == [
        "Page 'index.html' contains a link '/other-repo/', but the site is served under "
        "'/repo/'; use a relative link."
    ]


def test_the_page_itself_is_never_the_file_suggested(tmp_path: Path) -> None:
    """Its path shares the most with any link from it (a long folder makes any two paths in
    it look alike), and "Did you mean './'?" helps no one; a file close in name still is."""
    folder = "A08_2021-Software_and_Data_Integrity_Failures"
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "index.html").write_text(
        '<a href="Coming Soon">x</a><img src="shot-2.png" alt="Shot">'
    )
    (tmp_path / folder / "shot-1.png").write_bytes(b"")
    assert texts(tmp_path) == [
        f"Page '{folder}/index.html' contains a link 'Coming Soon', but the target "
        f"'{folder}/Coming Soon' is not found in the built site.",
        f"Page '{folder}/index.html' contains an image 'shot-2.png', but the target "
        f"'{folder}/shot-2.png' is not found in the built site. Did you mean 'shot-1.png'?",
    ]
