"""hooks/sitecheck/reading.py and pages.py: what a page holds, read whole or piece by piece."""

from __future__ import annotations

import random

import pytest
from sitecheck.pages import read_page
from sitecheck.reading import Reference, read_markup


@pytest.mark.parametrize(
    ("html", "ids", "urls"),
    [
        ('<h2 title="a > b" id="x">', ["x"], []),
        ("<!-- <a href='c.html' id='c'> -->", [], []),
        ("<script>document.write('<a href=\"s.html\">')</script>", [], []),
        ('<pre><code>&lt;a href="p.html"&gt;</code></pre>', [], []),
        ("<a name=old href='t.html?a=1&amp;b=2'>", [], ["t.html?a=1&b=2"]),
        ("<A HREF=\"u.html\" ID='u'>", ["u"], ["u.html"]),
        ('<H2 ID="Upper">U</H2><p Id=mixed>', ["Upper", "mixed"], []),
        ('<SCRIPT>document.write(\'<a href="s.html" id="s">\')</Script>', [], []),
        ("<style>li::after { content: \"<a href='y'>\" }</style>", [], []),
        ('<textarea><a href="t.html" id="t"></textarea>', [], []),
        ('<h3 id="a&amp;b">', ["a&b"], []),
        ('<h2 id="">', [], []),
        ('<h2 id="t" class="c"><h7 id="x">', ["t", "x"], []),
        ('<a class="headerlink" href="#a&amp;b" title="Link">', [], ["#a&b"]),
        ('<a class="headerlink" href="#x" title="Link" id="h">', ["h"], ["#x"]),
        ('<link rel="icon" href="i.png?v=1&amp;w=2"/>', [], ["i.png?v=1&w=2"]),
        ('<p data-id="not-an-id" aria-describedby="nor-this">', [], []),
        ("<a href=bare.html>", [], ["bare.html"]),
        # Bogus comments (an XML prolog in inlined SVG, a stray "</ "): the page reads on.
        ('<?xml version="1.0"?><svg id="s"><a href="after.svg">', ["s"], ["after.svg"]),
        ('</ oops><a href="after.html">', [], ["after.html"]),
    ],
)
def test_read_markup_tricky_html(html: str, ids: list[str], urls: list[str]) -> None:
    reading = read_markup(html)
    assert list(reading.ids) == ids
    assert [reference.url for reference in reading.references] == urls


def test_read_markup_kinds_alt_text_names_and_diagrams() -> None:
    reading = read_markup(
        '<a name="old"></a><a href="p/">p</a><area href="m.html">'
        '<img src="a.png" alt=""><img src="b.png"><img srcset="c.png 1x, d.png 2x" alt="C">'
        '<picture><source srcset="e.webp"></picture><script src="s.js"></script>'
        '<pre class="mermaid"><code>graph LR\n  accTitle: T\n  A --&gt; B</code></pre>'
        '<div class="mermaid">graph LR\naccTitle: T\naccDescr { A long\none }\n</div>'
    )
    assert reading.references == (
        Reference("link", "a", "p/"),
        Reference("link", "area", "m.html"),
        Reference("image", "img", "a.png", ""),
        Reference("image", "img", "b.png", None),
        Reference("image", "img", "c.png", "C"),
        Reference("image", "img", "d.png", "C"),
        Reference("image", "source", "e.webp"),
        Reference("resource", "script", "s.js"),
    )
    assert reading.names == ("old",)
    assert reading.diagrams == (("accDescr",), ())  # the inner <code> is no second diagram
    assert reading.clean


@pytest.mark.parametrize(
    "html",
    ['<a href="x', "<!-- open", "<script>var s;", '<pre class="mermaid">graph', "text <a"],
)
def test_text_ending_inside_markup_is_not_clean(html: str) -> None:
    assert not read_markup(html).clean


# ── The page's own content cut out: the same as read whole ──────────────────────────────────


def assert_read_alike(html: str, content: str, dest_uri: str) -> None:
    """The page's own content comes first in record.readings, then the theme in page order."""
    whole = read_markup(html)
    record = read_page(html, dest_uri, content)
    readings = record.readings
    if record.content is not None:
        assert content in html
        assert record.content.references == read_markup(content).references, html
    assert sorted(r for reading in readings for r in reading.references) == sorted(
        whole.references
    ), html
    # The ids, each once (record.ids keeps no repeats: duplicate_ids says which repeat).
    assert sorted(d for reading in readings for d in reading.diagrams) == sorted(whole.diagrams), (
        html
    )
    assert set(record.id_list()) == {*whole.ids, *whole.names}, html
    duplicates = sorted({i for i in whole.ids if whole.ids.count(i) > 1})
    assert sorted(record.duplicate_ids) == duplicates, html


ITEMS = "".join(
    f'<li class="item">\n  <a href="../p{n}/" class="link" id="i{n}">P{n}</a>\n</li>\n'
    for n in range(40)
)
TRICKY = (
    "<li><script>var s = \"<li><a href='s.html'>\";</script></li>\n"
    "<li><!-- <a href='c.html' id='c'> <li> --></li>\n"
    '<li><pre class="mermaid"><code>graph LR\naccTitle: T\nA["<li>"] --> B\n</code></pre></li>\n'
    '<li title="<li a=\'" id="q"><a name="n" href="#i1">x</a></li>\n'
    '<li id="i3"><img src="a.png" srcset="b.png 2x"></li>\n'
    '<div title="<div x=\'" id="d1"><a href="d.html">d</a></div>\n'
    "<style>li::after { content: '<li>'; }</style><div id=\"s1\"></div>\n"
    '<textarea><li id="not-an-id"><a href="t.html"></textarea>\n'
    "<script>var t = '<style>', u = '<li id=\"x\">';</script>\n"
    '<DIV ID="upper"><LI><A HREF="u.html">u</A></LI></DIV>\n'
    '<li id="nul">\0<a href="nul.html">\0</a></li>\n'
)
TRICKY_PAGES = [
    f"<ul>{ITEMS}</ul>",
    f"<h1 id='t'>Other</h1><ul>{ITEMS[:900]}{TRICKY}{ITEMS[900:]}</ul>",
    f"<ul>{TRICKY}{ITEMS}</ul><p id='t'>tail</p>",
    f"<ul>{ITEMS}{TRICKY}</ul><!-- open to the end <li><a href='z'>",
    # A <script> that no page closes; once a later page closes it, the same piece is a body.
    f"<ul>{ITEMS}</ul><script>document.write('<a href=\"w.html\">');\n<li>{ITEMS}",
    f"<ul>{ITEMS}</ul><script>document.write('<a href=\"w.html\">');\n<li>{ITEMS}</script>",
    # A tag that never closes is text where the page ends after it; with more text, a link.
    f'<ul>{ITEMS}</ul><li><a href="late.html',
    f'<ul>{ITEMS}</ul><li><a href="late.html<li class="tail">t</li>"><li id="after">x</li>',
    f"<ul>{ITEMS}</ul><LI ID='shout'><A HREF='../p1/'>P1</A></LI><li id='shout'>dup</li>",
]


def test_pages_with_their_content_cut_out_read_as_a_whole_reading_would() -> None:
    for html in TRICKY_PAGES:
        # The page's own content (the tricky part, where it is there) is read on its own.
        for content in ("", TRICKY if TRICKY in html else "", "not on the page"):
            assert_read_alike(html, content, "a/index.html")


def test_a_page_of_a_layout_already_read_has_only_its_content_read() -> None:
    layouts: dict = {}
    theme = '<ul><li><a href="../p1/" id="nav">P1</a></li></ul>'
    first = read_page(
        f"{theme}<p id='one'>1</p>", "a/index.html", "<p id='one'>1</p>", layouts, "L"
    )
    second = read_page(
        f"{theme}<p id='nav'>2</p>", "b/index.html", "<p id='nav'>2</p>", layouts, "L"
    )
    other = read_page(f"{theme}<p>3</p>", "c/d/index.html", "<p>3</p>", layouts, "deeper")
    assert first.theme and not second.theme and other.theme
    assert first.sharing == ["b/index.html"]
    assert second.id_list() == ["nav"] and second.duplicate_ids == [
        "nav"
    ]  # its own and the theme's
    # Content that cannot be cut out (it leaves a comment open) is read with the page, whole.
    open_comment = read_page(f"{theme}<p>x<!-- y", "e/index.html", "<p>x<!-- y", layouts, "L")
    assert open_comment.content is None and open_comment.theme


BLOCKS = [
    *(
        f'<li class="md-nav__item">\n  <a href="../p{n}/" class="md-nav__link">P{n}</a>\n</li>\n'
        for n in range(12)
    ),
    '<nav class="md-nav--secondary"><ul><li><a href="#one">One</a></li>'
    '<li><a href="#two">Two</a></li>',
    "</ul></nav>\n",
    '<li id="dup">same</li>\n',  # the same piece twice on a page: a duplicate id
    '<a href="not-at-a-cut.html">x</a>',
    "<li><!-- <a href='in-comment.html' id='c'> <li> --></li>\n",
    "<li><script>var s = \"<li><a href='s.html'>\";</script></li>\n",
    '<li><pre class="mermaid"><code>graph LR\naccTitle: T\nA["<li>"]</code></pre></li>\n',
    '<li title="<li a=\'" id="q"><a name="n" href="#one">x</a></li>\n',
    '<textarea><li id="not-an-id"><a href="t.html"></textarea>\n',
    "<script>document.write('<a href=\"w.html\">');\n",  # closed on some pages only
    "</script>\n",
    '<li><img src="i.png" alt=""></li>',
    '<li><a href="late.html',  # never closes at the end of a page; a tag when text follows
    "<LI CLASS='upper'><A HREF='#one'>Up</A></LI>\n",
    "<li>\0</li>\n",
]


def test_randomly_edited_material_like_pages_read_alike() -> None:
    rng = random.Random(20261127)
    page = list(range(12))
    for number in range(200):
        for _ in range(rng.randint(1, 3)):  # insert, delete or replace a block
            edit, where = rng.randrange(3), rng.randrange(len(page) + 1)
            if edit == 0 or len(page) < 4:
                page.insert(where, rng.randrange(len(BLOCKS)))
            elif edit == 1:
                del page[min(where, len(page) - 1)]
            else:
                page[min(where, len(page) - 1)] = rng.randrange(len(BLOCKS))
        html = "".join(BLOCKS[index] for index in page)
        content = BLOCKS[page[len(page) // 2]] if number % 3 else ""
        dest_uri = "a/index.html" if number % 7 else "b/c/index.html"
        assert_read_alike(html, content, dest_uri)
