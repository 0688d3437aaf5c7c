"""The whole course on one page: each chapter's built article, appended to the handout's own.

A page becomes a handout by listing its chapters in its front matter::

    chapters:
      - story.md
      - virtual-machines.md

Nothing is copied by hand: each chapter's article, as the engine wrote it, is placed in the
handout in that order. Two rewrites keep links and ids working on one page:

- every id in a chapter gets the chapter's prefix ("type-1" -> "virtual-machines--type-1"),
  and so do the chapter's links to its own ids (footnotes, permalinks);
- links to another chapter ("../compare/#decision-guide") point into the handout
  ("#compare--decision-guide"). Other relative links keep working because every chapter,
  like the handout, sits one folder deep (so the home page cannot be a chapter).

Diagrams stay ``pre.mermaid`` blocks, drawn as on their own pages; the handout asks for all
of them at once, as a printout needs (``mermaid-loading: eager``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.S)
HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
EAGER = '<meta name="mermaid-loading" content="eager">'


def handout_pages(docs_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """(handout's source path, its chapters' source paths) for each page that lists some."""
    for source in sorted(docs_dir.rglob("*.md")):
        found = FRONT_MATTER.match(source.read_text(encoding="utf-8"))
        meta = yaml.safe_load(found.group(1)) if found else None
        if isinstance(meta, dict) and isinstance(meta.get("chapters"), list):
            yield source.relative_to(docs_dir).as_posix(), [str(c) for c in meta["chapters"]]


def url_of(source: str) -> str:
    """The directory URL an engine gives a Markdown file: 'a/b.md' -> 'a/b/'."""
    path = PurePosixPath(source)
    folder = path.parent if path.stem in {"index", "README"} else path.parent / path.stem
    return "" if str(folder) == "." else f"{folder.as_posix()}/"


class HandoutError(ValueError):
    """A handout that cannot be made: says which page, which chapter, and what to fix."""


def add_chapters(site_dir: Path, handout: str, chapters: list[str]) -> str:
    """Append the chapters to the handout's built page; return its path in the site."""
    written = f"{url_of(handout)}index.html"
    page = (site_dir / written).read_text(encoding="utf-8")
    if 'class="print-chapter"' in page:  # finished already (`mkdocs serve` rebuilds)
        return written
    if not ARTICLE.search(page):
        raise HandoutError(f"The handout '{handout}' has no <article> to add its chapters to.")
    urls = [url_of(source) for source in chapters]
    for source, url in zip(chapters, urls, strict=True):
        if not (site_dir / url / "index.html").is_file():
            raise HandoutError(
                f"The handout '{handout}' lists the chapter '{source}', but no page was built "
                f"at '{url}index.html'. Write its path as in the docs folder."
            )
        if url.count("/") != written.count("/"):
            raise HandoutError(
                f"The handout '{handout}' lists the chapter '{source}', which is not as many "
                f"folders deep as the handout: its relative links would break there."
            )
    articles = [_article(site_dir / url / "index.html") for url in urls]
    sections = [_prefixed(text, url, urls) for text, url in zip(articles, urls, strict=True)]
    contents = "".join(
        f'<li><a href="#{url.strip("/")}">{_title(text)}</a></li>'
        for text, url in zip(articles, urls, strict=True)
    )
    added = (
        '<nav class="print-contents" aria-labelledby="print-contents-title">'
        f'<h2 id="print-contents-title">Contents</h2><ol>{contents}</ol></nav>' + "".join(sections)
    )
    page = ARTICLE.sub(lambda m: m.group(1) + m.group(2) + added + m.group(3), page, count=1)
    (site_dir / written).write_text(page.replace("</head>", f"{EAGER}</head>", 1), "utf-8")
    return written


def _article(page: Path) -> str:
    found = ARTICLE.search(page.read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"The handout's chapter '{page}' has no <article>: is it a page?")
    return found.group(2)


def _title(article: str) -> str:
    found = HEADING.search(article)
    text = re.sub(r"<[^>]+>", "", found.group(1)) if found else ""
    return html.escape(html.unescape(text).replace("¶", "").strip())


def _prefixed(article: str, url: str, urls: list[str]) -> str:
    prefix = url.strip("/")
    text = article.replace(' id="', f' id="{prefix}--')
    text = text.replace('href="#', f'href="#{prefix}--').replace('href="./#', f'href="#{prefix}--')
    for other in urls:
        target = other.strip("/")
        text = text.replace(f'href="../{other}#', f'href="#{target}--')
        text = text.replace(f'href="../{other}"', f'href="#{target}"')
    return f'<section class="print-chapter" id="{prefix}">{text}</section>'
