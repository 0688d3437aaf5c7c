"""Reading HTML: the URLs, ids and Mermaid diagrams of a piece of a page, in one pass.

A careful scanner rather than html.parser, which is several times slower on a themed page.
Markdown escapes the text of code blocks (``&lt;a href…``), so every ``<letter`` outside
comments and raw-text bodies (``<script>``, ``<style>``, ``<textarea>``, ``<title>``) is a
real tag, and quoted attribute values may hold ``>``.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from typing import NamedTuple

_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""  # "unrolled": no runaway backtracking
_NOT_SKIPPED = "script|style|textarea|title|a|area|img|source|link|iframe|video|audio|track|embed"
# What needs no look, consumed by the regular expression itself (far faster than a loop in
# Python): text, a "<" that starts no markup, end tags, comments, doctypes, and tags with no
# attribute but a class (not a diagram's).
_SKIP = (
    r"(?:[^<]++|<(?![a-zA-Z!/?])|<[?/][^>]*+>|<!--.*?-->|<!(?!--)[^>]*+>"
    rf"|<(?!(?i:{_NOT_SKIPPED})\b)[a-zA-Z][a-zA-Z0-9-]*+"
    r"""(?:\s++class="(?![^"]*mermaid)[^"]*+")?\s*+/?>)*+"""
)
_MARKUP = re.compile(
    _SKIP + r"(?:\Z|<(?:"
    rf"((?i:script|style|textarea|title))\b({_ATTRS})>.*?</(?i:\1)\s*>"  # a raw-text body (1, 2)
    rf"|([a-zA-Z][^\s/>]*)({_ATTRS})>"  # a start tag (3) and its attributes (4)
    r"|))",  # what looks like markup but does not close in this text
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_RAW_TEXT = {"script", "style", "textarea", "title"}
# The tags that hold a URL to check: (kind, attribute). <img> and <source> also have srcset.
URL_TAGS = {"a": ("link", "href"), "area": ("link", "href"), "link": ("resource", "href")}
URL_TAGS |= dict.fromkeys(
    ("script", "iframe", "video", "audio", "track", "embed"), ("resource", "src")
)
URL_TAGS |= dict.fromkeys(("img", "source"), ("image", "src"))
_LOADED = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
_HINTS = {"preconnect", "dns-prefetch"}  # name a host to get ready for, not a page or a file
_DIAGRAM_CLASSES = {"pre": "mermaid", "div": "mermaid", "code": "language-mermaid"}
_DIAGRAM_KEYS = {
    "accTitle": re.compile(r"^\s*accTitle\s*:", re.MULTILINE),
    "accDescr": re.compile(r"^\s*accDescr\s*[:{]", re.MULTILINE),
}


class Reference(NamedTuple):
    """One URL of a page: a link (<a>, <area>), an image (<img>, <source>) or a resource."""

    kind: str  # "link", "image" or "resource"
    tag: str
    url: str  # as written in the attribute, entities decoded
    alt: str | None = None  # <img> only; None when it has no alt attribute


@dataclass(eq=False, slots=True)  # one per page and more: no __dict__ each
class Reading:
    references: tuple[Reference, ...]
    ids: tuple[str, ...]  # in order, repeats kept: a repeat is a duplicate id
    names: tuple[str, ...]  # <a name="…">
    diagrams: tuple[tuple[str, ...], ...]  # per diagram, the accessibility keys it lacks
    # Whether the text ended outside any tag, comment, body or diagram: only then does it
    # read the same as part of a longer text.
    clean: bool


def read_markup(text: str) -> Reading:
    """Read the tags of a piece of HTML that starts outside any tag, comment or body."""
    references: list[Reference] = []
    ids: list[str] = []
    names: list[str] = []
    diagrams: list[tuple[str, ...]] = []
    position, clean = 0, True
    while match := _MARKUP.match(text, position):
        position = match.end()
        if match.lastindex is None:  # the end, or markup that never closes: text only there
            clean = position == len(text)
            break
        if match.lastindex == 2:  # a whole raw-text body: only its opening tag matters
            tag, attributes_text = sys.intern(match[1].lower()), match[2]
        else:
            tag, attributes_text = sys.intern(match[3].lower()), match[4]
            if tag in _RAW_TEXT:  # its body does not close in this text
                clean = False
                break
        if not attributes_text or (
            tag not in URL_TAGS
            and "id" not in attributes_text.lower()
            and "mermaid" not in attributes_text
        ):
            continue  # most tags of a themed page
        attributes = parse_attributes(attributes_text)
        if element_id := attributes.get("id"):
            ids.append(element_id)
        if tag == "a" and (name := attributes.get("name")):
            names.append(name)
        if tag in URL_TAGS:
            references.extend(references_of(tag, attributes))
        elif _DIAGRAM_CLASSES.get(tag) in attributes.get("class", "").split():
            end = text.find(f"</{tag}", position)
            if end < 0:
                clean = False
                break
            source = html.unescape(text[position:end])
            missing = [key for key, pattern in _DIAGRAM_KEYS.items() if not pattern.search(source)]
            diagrams.append(tuple(missing))
            position = end  # the diagram's inner <code> is not a second diagram
    return Reading(tuple(references), tuple(ids), tuple(names), tuple(diagrams), clean)


def parse_attributes(text: str) -> dict[str, str]:
    # Reversed, so that the first of an attribute written twice wins, as in browsers.
    attributes = {name.lower(): d or s or b for name, d, s, b in reversed(_ATTRIBUTE.findall(text))}
    if "&" in text:
        attributes = {name: html.unescape(value) for name, value in attributes.items()}
    return attributes


def references_of(tag: str, attributes: dict[str, str]) -> list[Reference]:
    kind, attribute = URL_TAGS[tag]
    rel = set(attributes.get("rel", "").lower().split()) if tag == "link" else set()
    if rel & _HINTS:
        return []  # Material's <link rel="preconnect" href="https://fonts.gstatic.com">: no page
    if tag == "link" and not _LOADED & rel:
        kind = "link"  # canonical, alternate, prev, next: addresses, not loaded by the page
    urls = [attributes[attribute]] if attribute in attributes else []
    if kind != "image":
        return [Reference(kind, tag, url) for url in urls]
    urls += srcset_urls(attributes.get("srcset", ""))
    alt = attributes.get("alt") if tag == "img" else None
    return [Reference(kind, tag, url, alt) for url in urls or ([""] if tag == "img" else [])]


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a srcset ("a.png 1x, b.png 2x"), read as browsers read it: a URL runs to
    the next space and may hold commas (a data: URL does); a comma ends its descriptors."""
    return re.findall(r"[\s,]*([^\s,](?:\S*[^\s,])?)[^,]*", srcset)
