"""hooks/check_site.py: each check has a broken case and a tricky valid case, exact messages."""

from __future__ import annotations

import importlib.util
import random
import re
import subprocess
import sys

import pytest
from conftest import CHECK_SITE, PNG_1X1, BuildSite

# ── Links and the split with MkDocs' own validation ───────────────────────────────────────────


def test_markdown_link_to_missing_doc_is_reported_once_by_mkdocs_with_its_line(
    build_site: BuildSite,
) -> None:
    site = build_site({"index.md": "# Home\n\nText.\n\nSee [gone](nope.md).\n"})
    assert site.warnings == [
        "Doc file 'index.md' line 5 contains a link 'nope.md', "
        "but the target is not found among documentation files."
    ]


def test_markdown_link_anchor_is_reported_once_with_line_and_suggestion(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "vm.md": "# VMs\n\n## Type 2\n\nText.\n",
            "containers.md": "# Containers\n\nSee [type 2](vm.md#typ-2).\n",
        }
    )
    assert site.warnings == [
        "Doc file 'containers.md' line 3 contains a link 'vm.md#typ-2', "
        "but the doc 'vm.md' does not contain an anchor '#typ-2'. Did you mean '#type-2'?"
    ]


def test_raw_html_link_anchor_is_checked_against_the_final_html(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "vm.md": "# VMs\n\n## Type 2\n",
            "containers.md": '# Containers\n\n<a href="../vm/#typ-2">type 2</a>\n',
        }
    )
    assert site.warnings == [
        "Doc file 'containers.md' line 3 contains a link '../vm/#typ-2', "
        "but the doc 'vm.md' does not contain an anchor '#typ-2'. Did you mean '#type-2'?"
    ]


def test_tricky_anchors_are_valid(build_site: BuildSite) -> None:
    site = build_site(
        {
            "vm.md": """\
                # VMs

                ## Type 2 hypervisors {#hosted}

                A claim.[^1]

                <a name="legacy"></a>Old anchor.

                [^1]: The source.
                """,
            "index.md": """\
                # Home

                [attr_list id](vm.md#hosted), <a href="vm/#hosted">raw</a>, [name](vm.md#legacy),
                [footnote](vm.md#fn:1), <a href="vm/#fnref:1">back</a>, [top](#),
                <a href="vm/#legacy">legacy</a>
                """,
        }
    )
    assert site.warnings == []


def test_heading_slug_replaced_by_an_explicit_id_is_gone(build_site: BuildSite) -> None:
    site = build_site(
        {"index.md": "# Home\n\n## Old title {#new-title}\n\n<a href='#old-title'>x</a>\n"}
    )
    assert site.warnings == [
        "Doc file 'index.md' line 5 contains a link '#old-title', but there is no such anchor "
        "on this page. Did you mean '#new-title'?"
    ]


def test_hash_comment_in_a_code_block_is_no_anchor(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n\n```bash\n# install-step\napt-get install x\n```\n\n"
            '<a href="#install-step">step</a>\n'
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 8 contains a link '#install-step', "
        "but there is no such anchor on this page."
    ]


def test_raw_html_link_to_a_md_file_is_broken(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "guide/setup.md": '# Setup\n\n<a href="../intro.md">i</a>\n',
            "guide/intro.md": "# Intro\n",
        }
    )
    assert site.warnings == [
        "Doc file 'guide/setup.md' line 3 contains a link '../intro.md', but the target "
        "'guide/intro.md' is not found in the built site (MkDocs converts links to .md files "
        "only in Markdown links). Did you mean '../intro/'?"
    ]


def test_links_inside_code_are_text(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": """\
                # Home

                Inline `[x](gone.md)` and `<a href="gone.html">`.

                ```html
                <a href="gone.html">not a link</a> <img src="gone.png">
                ```

                <!-- <a href="gone-too.html">commented out</a> -->
                """
        }
    )
    assert site.warnings == []


def test_directory_urls_and_unicode_paths_are_valid(build_site: BuildSite) -> None:
    site = build_site(
        {
            "über/straße.md": "# Straße\n\n## Ort {#ort}\n",
            "index.md": """\
                # Home

                [md](über/straße.md#ort), <a href="über/straße/">raw</a>,
                <a href="%C3%BCber/stra%C3%9Fe/#ort">encoded</a>,
                <a href="über/straße">no slash</a>,
                <a href="mailto:someone@example.org">mail</a>, <a href="tel:+123">phone</a>,
                <a href="https://example.com/not-checked">external</a>
                """,
        }
    )
    assert site.warnings == []


def test_case_mismatch_is_broken_even_on_a_case_insensitive_disk(build_site: BuildSite) -> None:
    site = build_site({"index.md": '# Home\n\n<a href="Guide/">guide</a>\n', "guide.md": "# G\n"})
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains a link 'Guide/', but the target 'Guide' is not "
        "found in the built site; the file 'guide/index.html' differs only in case, and web "
        "servers such as GitHub Pages are case-sensitive. Did you mean 'guide/'?"
    ]


def test_root_absolute_link_breaks_under_a_project_site(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": '# Home\n\n<a href="/guide/">guide</a> <a href="/repo/guide/">ok</a>\n',
            "guide.md": "# G\n",
        },
        extra_config="",
        base_config=__import__("conftest").BASE_CONFIG.replace(
            "https://example.org/", "https://example.org/repo/"
        ),
    )
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains a link '/guide/', but the site is served under "
        "'/repo/'; use a relative link. Did you mean 'guide/'?"
    ]


def test_broken_template_link_is_reported_once_naming_the_template(build_site: BuildSite) -> None:
    site = build_site(
        {"index.md": "# Home\n", "other.md": "# Other\n"},
        extra_config="theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        files={
            "overrides/main.html": """\
                {% extends "base.html" %}
                {% block footer %}
                <a href="{{ 'nowhere/' | url }}">broken</a>
                {% endblock %}
                """
        },
    )
    assert site.warnings == [
        "Template 'overrides/main.html' line 3 contains a link 'nowhere/' (first on page "
        "'index.md'), but the target 'nowhere' is not found in the built site."
    ]


# ── Images ────────────────────────────────────────────────────────────────────────────────────


def test_image_problems(build_site: BuildSite) -> None:
    site = build_site(
        {
            "img/a.png": PNG_1X1,
            "index.md": """\
                # Home

                <img src="img/missing.png" alt="Missing">
                <img src="img/a.png">
                ![](img/a.png)
                <img src="img/a.png" alt="Chart" srcset="img/a.png 1x, img/a@2x.png 2x">
                <picture><source srcset="img/b.webp"><img src="img/a.png" alt="Pic"></picture>
                <img src="https://cdn-images.medium.com/max/800/x.png" alt="Hot">
                <img src="http://example.org/x.png" alt="Insecure">
                """,
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains an image 'img/missing.png', "
        "but the target is not found in the built site.",
        "Doc file 'index.md' line 4 contains an image 'img/a.png', but it has no alt text.",
        "Doc file 'index.md' line 5 contains an image 'img/a.png', but its alt text is empty; "
        'describe it, or mark it decorative with alt="" and role="presentation".',
        "Doc file 'index.md' line 6 contains an image 'img/a@2x.png', "
        "but the target is not found in the built site. Did you mean 'img/a.png'?",
        "Doc file 'index.md' line 7 contains an image 'img/b.webp', "
        "but the target is not found in the built site.",
        "Doc file 'index.md' line 8 contains an image "
        "'https://cdn-images.medium.com/max/800/x.png', but it is hot-linked from another "
        "host 'cdn-images.medium.com'; copy the file into the docs.",
        "Doc file 'index.md' line 9 contains an image 'http://example.org/x.png', "
        "but it is loaded over insecure http: from 'example.org'.",
    ]


def test_decorative_and_described_images_are_valid(build_site: BuildSite) -> None:
    site = build_site(
        {
            "img/a.png": PNG_1X1,
            "index.md": "# Home\n",
            "guide/page.md": """\
                # Page

                ![A chart](../img/a.png)
                <img src="../../img/a.png" alt="" role="presentation">
                <img src="../../img/a.png" alt="" aria-hidden="true">
                <img src="../../img/a.png" alt="a > b, quoted">
                """,
        }
    )
    assert site.warnings == []


def test_raw_image_path_right_from_source_but_wrong_from_url(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "blog/img/a.png": PNG_1X1,
            "blog/post.md": '# Post\n\n<img src="img/a.png" alt="A">\n',
        }
    )
    assert site.warnings == [
        "Doc file 'blog/post.md' line 3 contains an image 'img/a.png', but the target "
        "'blog/post/img/a.png' is not found in the built site; the path is right from the "
        "Markdown file, but a browser resolves it from the page's URL. Did you mean '../img/a.png'?"
    ]


# ── Diagrams and ids ──────────────────────────────────────────────────────────────────────────


def test_mermaid_diagrams_need_acc_title_and_descr(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": """\
                # Home

                ```mermaid
                flowchart LR
                  accTitle: Described
                  accDescr: A goes to B.
                  A --> B
                ```

                ```mermaid
                flowchart LR
                  accTitle: Only a title
                  A --> B
                ```

                <div class="mermaid">
                flowchart LR
                  C --> D
                </div>
                """
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 10 contains a Mermaid diagram without accDescr, "
        "so screen readers get no description of it.",
        "Doc file 'index.md' contains a Mermaid diagram without accTitle and accDescr, "
        "so screen readers get no description of it.",
    ]


def test_duplicate_ids_are_reported(build_site: BuildSite) -> None:
    site = build_site({"index.md": "# Home\n\n## One {#same}\n\n## Two {#same}\n\n## Three\n"})
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains the id 'same' more than once; "
        "links to it reach only the first."
    ]


# ── Summary, rebuilds, strict mode, command line ──────────────────────────────────────────────


def test_summary_line_and_state_reset_between_builds(build_site: BuildSite) -> None:
    docs = {"index.md": "# Home\n\n<a href='#nope'>x</a> [ok](#home)\n"}
    first = build_site(docs)
    second = build_site(docs)  # `mkdocs serve` rebuilds with the module already imported
    assert first.warnings == second.warnings
    assert len(second.warnings) == 1
    summary = [line for line in second.infos if line.startswith("check_site:")]
    assert len(summary) == 1
    assert re.fullmatch(
        r"check_site: checked 1 pages, \d+ links, 0 images, \d+ other resources and 0 diagrams: "
        r"1 problems in \d+\.\d\d seconds\.",
        summary[0],
    )


def test_strict_build_fails_on_a_hook_warning(tmp_path, build_site: BuildSite) -> None:
    build_site({"index.md": "# Home\n\n<a href='#nope'>x</a>\n"})
    finished = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 1
    assert "Doc file 'index.md' line 3 contains a link '#nope'" in finished.stderr


def load_check_site():
    spec = importlib.util.spec_from_file_location("check_site_cli", CHECK_SITE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_site_cli"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_command_line_checks_a_built_folder(tmp_path, build_site: BuildSite, capsys) -> None:
    site = build_site({"index.md": "# Home\n\n<a href='gone/'>x</a>\n", "ok.md": "# Ok\n"})
    check_site = load_check_site()
    assert check_site.main([str(site.root / "site")]) == 1
    (site.root / "docs" / "index.md").write_text("# Home\n\n[ok](ok.md)\n")
    build_site({})
    assert check_site.main([str(site.root / "site")]) == 0
    assert check_site.main([str(tmp_path / "no-such-folder")]) == 2
    (tmp_path / "empty").mkdir()
    assert check_site.main([str(tmp_path / "empty")]) == 2  # no page at all: not a "pass"


def test_command_line_messages(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><body><a href="sub/">ok</a><a href="sub/#x">bad</a>'
        "<script>var s = \"<a href='gone.html'>\";</script></body></html>"
    )
    (tmp_path / "sub" / "index.html").write_text('<h1 id="y">Y</h1>')
    check_site = load_check_site()
    assert check_site.check_folder(str(tmp_path)) == [
        "Page 'index.html' contains a link 'sub/#x', but the doc 'sub/index.html' does not "
        "contain an anchor '#x'."
    ]


def test_a_piece_fine_on_one_page_is_checked_again_where_it_means_another_target(
    tmp_path,
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
    assert load_check_site().check_folder(str(tmp_path)) == [
        "Page 'a/p2/index.html' contains an image 'x.png', but the target 'a/p2/x.png' is not "
        "found in the built site.",
        "Page 'b/q1/index.html' contains an image 'x.png', but the target 'b/q1/x.png' is not "
        "found in the built site.",
        "Page 'b/q1/index.html' contains a link '../p2/', but the target 'b/p2' is not found "
        "in the built site.",
    ]


def test_links_into_the_page_itself_are_checked_on_every_page(tmp_path) -> None:
    """A query-only URL and a fragment after spaces point into the page that holds them,
    not into the folder, even where the pages of a folder share the same navigation."""
    navigation = '<ul><li><a href="?v#s">s</a></li><li><a href=" #t">t</a></li></ul>'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.html").write_text(f'<h1 id="s">P</h1>{navigation}')
    for name in ("q", "r"):
        (tmp_path / "a" / f"{name}.html").write_text(f'<h1 id="t">Q</h1>{navigation}')
    assert load_check_site().check_folder(str(tmp_path)) == [
        "Page 'a/p.html' contains a link ' #t', but there is no such anchor on this page.",
        "Page 'a/q.html' contains a link '?v#s', but there is no such anchor on this page.",
        "Page 'a/r.html' contains a link '?v#s', but there is no such anchor on this page.",
    ]


def test_text_like_the_stand_in_of_a_piece_read_every_time_is_read() -> None:
    """A piece that is read on every page (it holds a comment) is kept as a NUL stand-in;
    a page holding a real NUL there is read as it is, not given that piece's reading."""
    check_site = load_check_site()
    memory = check_site.ReadingMemory()
    for html in (
        '<ul><li>a</li><li><!-- c --></li><li><a href="b.html">b</a></li></ul>',
        '<ul><li>a</li>\0<li><a href="b.html">b</a></li></ul>',
    ):
        whole = check_site.scan_page(html, "a/index.html")
        assert_read_alike(check_site.scan_page(html, "a/index.html", memory), whole, html)


@pytest.mark.parametrize(
    ("html", "ids", "urls"),
    [
        ('<h2 title="a > b" id="x">', {"x"}, []),
        ("<!-- <a href='c.html' id='c'> -->", set(), []),
        ("<script>document.write('<a href=\"s.html\">')</script>", set(), []),
        ('<pre><code>&lt;a href="p.html"&gt;</code></pre>', set(), []),
        ("<a name=old href='t.html?a=1&amp;b=2'>", {"old"}, ["t.html?a=1&b=2"]),
        ("<A HREF=\"u.html\" ID='u'>", {"u"}, ["u.html"]),
        ('<H2 ID="Upper">U</H2><p Id=mixed>', {"Upper", "mixed"}, []),
        ('<SCRIPT>document.write(\'<a href="s.html" id="s">\')</Script>', set(), []),
        # The scanner's fast paths (permalinks, headings with only an id, <link>) and their
        # near misses, which take the general path.
        ('<h3 id="a&amp;b">', {"a&b"}, []),
        ('<h2 id="">', set(), []),
        ('<h2 id="t" class="c"><h7 id="x">', {"t", "x"}, []),
        ('<a class="headerlink" href="#a&amp;b" title="Link">', set(), ["#a&b"]),
        ('<a class="headerlink" href="#x" title="Link" id="h">', {"h"}, ["#x"]),
        ('<a href="#x" title="Link" name="n">', {"n"}, ["#x"]),
        ('<link rel="icon" href="i.png?v=1&amp;w=2"/>', set(), ["i.png?v=1&w=2"]),
    ],
)
def test_scanner_tricky_html(html: str, ids: set[str], urls: list[str]) -> None:
    record = load_check_site().scan_page(html, "index.html")
    assert record.ids == ids
    assert [reference[2] for reference in record.references] == urls


def test_scanner_fast_paths_give_what_the_general_path_gives() -> None:
    """The tags that take a fast path read as they would with one more attribute, which
    sends them down the general path."""
    check_site = load_check_site()
    for fast, general in [
        ('<a class="c" href="p.html" title="t">', '<a class="c" href="p.html" title="t" x>'),
        ('<h2 id="i">', '<h2 id="i" x>'),
        ('<link rel="stylesheet" href="s.css">', '<link rel="stylesheet" href="s.css" x>'),
    ]:
        fast_record = check_site.scan_page(fast, "index.html")
        general_record = check_site.scan_page(general, "index.html")
        assert fast_record.references == general_record.references, fast
        assert fast_record.ids == general_record.ids, fast
        assert fast_record.references or fast_record.ids, fast


def test_scanner_cache_reads_every_page_as_a_whole_reading_would() -> None:
    """Chunks reused from other pages give exactly what reading the page whole gives."""
    check_site = load_check_site()
    items = "".join(
        f'<li class="item">\n  <a href="../p{n}/" class="link" id="i{n}">P{n}</a>\n</li>\n'
        for n in range(40)
    )
    tricky = (
        "<li><script>var s = \"<li><a href='s.html'>\";</script></li>\n"
        "<li><!-- <a href='c.html' id='c'> --></li>\n"
        '<li><pre class="mermaid"><code>graph LR\naccTitle: T\n</code></pre></li>\n'
        '<li title="<li a=\'" id="q"><a name="n" href="#i1">x</a></li>\n'
        '<li id="i3"><img src="a.png" srcset="b.png 2x"></li>\n'
        '<div title="<div x=\'" id="d1"><a href="d.html">d</a></div>\n'
        "<style>li::after { content: '<li>'; }</style><div id=\"s1\"></div>\n"
        '<textarea><div id="not-an-id"><a href="t.html"></textarea>\n'
        "<script>var t = '<style>', u = '<div id=\"x\">';</script>\n"
        '<DIV ID="upper"><LI><A HREF="u.html">u</A></LI></DIV>\n'
    )
    pages = [
        f"<ul>{items}</ul>",
        f"<h1 id='t'>Other</h1><ul>{items[:900]}{tricky}{items[900:]}</ul>",
        f"<ul>{tricky}{items}</ul><p id='t'>tail</p>",
        f"<ul>{items}{tricky}</ul><!-- open to the end <li><a href='z'>",
        # A <script> that no page closes reads as text and tags; once a later page closes it,
        # the same piece is a script body.
        f"<ul>{items}</ul><script>document.write('<a href=\"w.html\">');\n<li>{items}",
        f"<ul>{items}</ul><script>document.write('<a href=\"w.html\">');\n<li>{items}</script>",
        # A tag that never closes is text on the page where the page ends after it; with more
        # text after it, it closes and holds a link.
        f'<ul>{items}</ul><li><a href="late.html',
        f'<ul>{items}</ul><li><a href="late.html<li class="tail">t</li>"><li id="after">x</li>',
    ]
    memory = check_site.ReadingMemory()
    for _ in range(2):  # the second time round, every chunk comes from the memory
        for html in pages:
            whole = check_site.scan_page(html, "a/index.html")
            # The page's own content (the tricky part, where it is there) is read uncached.
            for content in ("", tricky if tricky in html else ""):
                chunked = check_site.scan_page(html, "a/index.html", memory, content)
                assert_read_alike(chunked, whole, html)
    assert memory.readings  # the memory was used


def assert_read_alike(pieced, whole, html: str) -> None:
    assert pieced.references == whole.references, html
    assert pieced.ids == whole.ids, html
    assert pieced.duplicate_ids == whole.duplicate_ids, html
    assert pieced.diagrams_missing == whole.diagrams_missing, html


def test_scanner_memory_reads_edited_pages_as_a_whole_reading_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pieces repeated from the last page read at the same depth (compared in place, not
    looked up) give exactly what reading the page whole gives, however the page changed."""
    check_site = load_check_site()
    blocks = [
        *(f'<li class="item">\n  <a href="../p{n}/">P{n}</a>\n</li>\n' for n in range(12)),
        '<div class="toc"><ul><li><a href="#one">One</a></li><li><a href="#two">Two</a></li>',
        "</ul></div>\n",
        '<li id="dup">same</li>\n',  # the same piece twice on a page
        '<li id="dup">same</li>\n',
        # Text after a repeated piece's text, before the next cut: that piece ends elsewhere.
        '<a href="not-at-a-cut.html">x</a>',
        "<li><!-- <a href='in-comment.html' id='c'> --></li>\n",
        "<li><script>var s = \"<li><a href='s.html'>\";</script></li>\n",
        '<li><pre class="mermaid"><code>graph LR\naccTitle: T\n</code></pre></li>\n',
        '<li title="<li a=\'" id="q"><a name="n" href="#one">x</a></li>\n',
        '<div title="<div x=\'" id="d1"><a href="d.html">d</a></div>\n',
        '<textarea><div id="not-an-id"><a href="t.html"></textarea>\n',
        "<script>document.write('<a href=\"w.html\">');\n",  # closed on some pages only
        "</script>\n",
        '<li><img src="i.png" alt=""></li>',
        # Not a tag at the end of a page (it never closes), a tag when more text follows.
        '<li><a href="late.html',
    ]
    rng = random.Random(20261127)
    page = list(range(12))
    memory = check_site.ReadingMemory()
    pieces = read_alone = 0
    original_read_piece = check_site.PageReader.read_piece

    def counting_read_piece(*arguments: object) -> int:
        nonlocal read_alone
        read_alone += 1
        return original_read_piece(*arguments)

    monkeypatch.setattr(check_site.PageReader, "read_piece", counting_read_piece)
    for number in range(300):
        for _ in range(rng.randint(1, 3)):  # insert, delete or replace a block
            edit, where = rng.randrange(3), rng.randrange(len(page) + 1)
            if edit == 0 or len(page) < 4:
                page.insert(where, rng.randrange(len(blocks)))
            elif edit == 1:
                del page[min(where, len(page) - 1)]
            else:
                page[min(where, len(page) - 1)] = rng.randrange(len(blocks))
        html = "".join(blocks[index] for index in page)
        content = blocks[page[len(page) // 2]] if number % 3 else ""
        dest_uri = "a/index.html" if number % 7 else "b/c/index.html"
        whole = check_site.scan_page(html, dest_uri)
        pieced = check_site.scan_page(html, dest_uri, memory, content)
        assert_read_alike(pieced, whole, html)
        pieces += len(check_site._PIECE_START.findall(html)) + 1
    assert read_alone < 0.75 * pieces  # many pieces were compared in place, not read


# ── Pages generated by Material's blog plugin ────────────────────────────────────────────────

MATERIAL_BLOG = """\
theme:
  name: material
plugins:
  - blog
"""


def test_blog_plugin_pages_are_checked_without_false_or_repeated_reports(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "blog/index.md": "# Blog\n",
            "blog/posts/hello.md": """\
                ---
                date: 2024-01-15
                categories:
                  - News
                ---

                # Hello

                Read [home](../../index.md) and [more](#more-below).
                <a href="../../../../../index.html">home, from the post's address</a>

                <!-- more -->

                ## More below

                <a href="../../../../../nowhere/">broken</a>
                """,
        },
        extra_config=MATERIAL_BLOG,
    )
    # The post lives at blog/2024/01/15/hello/. Its excerpt is shown on the blog index and on
    # the category page, where the raw HTML link (not rewritten) points elsewhere: reported
    # once, on the line that wrote it. The broken link below the excerpt: once, on the post.
    assert site.warnings == [
        "Doc file 'blog/posts/hello.md' line 16 contains a link '../../../../../nowhere/', "
        "but the target 'nowhere' is not found in the built site.",
        "Doc file 'blog/posts/hello.md' line 10 contains a link '../../../../../index.html' "
        "that page 'blog/index.md' also shows (an excerpt?), but there the target is outside "
        "the site.",
    ]


# ── Pages that embed other pages' content (a print page made by a template) ──────────────────

EMBED_TEMPLATE = """\
    {% extends "main.html" %}
    {#- Shows chapter.md's HTML, ids prefixed as the real site's print page does. -#}
    {% block content %}
    {{ super() }}
    {%- for p in nav.pages if p.file.src_uri == "chapter.md" %}
    {%- set html = p.content | replace(' id="', ' id="chapter--') %}
    <section>{{ html | replace('href="#', 'href="#chapter--') }}</section>
    {%- endfor %}
    {% endblock %}
    """


def test_content_embedded_by_a_template_is_reported_where_it_was_written(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            # Mentions the same URL in code: text, not the doc that wrote the link.
            "about.md": "# About\n\nWrite `<a href='raw.md'>` or `'raw.md'`, never that.\n",
            "chapter.md": """\
                # Chapter

                ## Type 2

                See [typo](#typ-2) and <a href="raw.md">raw</a> and <img src="img/missing.png">.
                """,
            "print.md": "---\ntemplate: embed.html\n---\n\n# Print\n",
        },
        extra_config="theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        files={"overrides/embed.html": EMBED_TEMPLATE},
    )
    # Each problem once, on chapter.md's line; print.md repeats the same HTML and adds nothing,
    # except the rewritten anchor, which no doc and no template wrote as such: it names the page.
    assert site.warnings == [
        "Doc file 'chapter.md' line 5 contains a link '#typ-2', but there is no such anchor on "
        "this page. Did you mean '#type-2'?",
        "Doc file 'chapter.md' line 5 contains a link 'raw.md', but the target 'chapter/raw.md' "
        "is not found in the built site (MkDocs converts links to .md files only in Markdown "
        "links).",
        "Doc file 'chapter.md' line 5 contains an image 'img/missing.png', but it has no alt text.",
        "Doc file 'chapter.md' line 5 contains an image 'img/missing.png', but the target "
        "'chapter/img/missing.png' is not found in the built site.",
        "Page 'print.md' contains a link '#chapter--typ-2' that no doc's Markdown and no "
        "template holds as written (made by a template or plugin?), but there is no such "
        "anchor on this page. Did you mean '#chapter--type-2'?",
    ]


def test_embedded_content_broken_only_where_it_is_shown_names_its_doc(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "about.md": "# About\n\nWrite `<a href='../chapter/'>`, never that.\n",
            # Right from chapter/, wrong from print/deep/all/ (two folders deeper).
            "chapter.md": '# Chapter\n\n<a href="../chapter/">here</a>\n',
            "print/deep/all.md": "---\ntemplate: embed.html\n---\n\n# Print\n",
        },
        extra_config="theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        files={"overrides/embed.html": EMBED_TEMPLATE},
    )
    assert site.warnings == [
        "Doc file 'chapter.md' line 3 contains a link '../chapter/' that page 'print/deep/all.md' "
        "also shows (an excerpt?), but there the target 'print/deep/chapter' is not found "
        "in the built site."
    ]


def test_link_written_by_two_docs_and_repeated_elsewhere_is_not_guessed(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "other.md": '# Other\n\n<a href="../chapter/">here</a>\n',
            "chapter.md": '# Chapter\n\n<a href="../chapter/">here</a>\n',
            "print/deep/all.md": "---\ntemplate: embed.html\n---\n\n# Print\n",
        },
        extra_config="theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        files={"overrides/embed.html": EMBED_TEMPLATE},
    )
    assert site.warnings == [
        "Page 'print/deep/all.md' contains a link '../chapter/' that no doc's Markdown and no "
        "template holds as written (made by a template or plugin?), but the target "
        "'print/deep/chapter' is not found in the built site."
    ]
