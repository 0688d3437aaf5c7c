"""Problems into words, in MkDocs' voice: each distinct problem once, where it was written.

A problem in a page's own content is reported on its Markdown line (or its snippet's). One
the theme shows is reported once for all the pages that show it: on the template that holds
its URL, on the one doc that wrote it (a blog index repeating a post's excerpt), or else on
the first page, without guessing. What MkDocs' own validation reported is not said again.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .rules import Problem
from .sources import Sources

_NOUNS = {"link": "a link", "image": "an image", "resource": "a resource"}
MOST_PER_CHECK = 50  # messages per check; past that, a summary line


@dataclass
class Message:
    check: str
    level: int
    text: str
    file: str  # the Markdown file, snippet, template or built page it names
    line: int | None
    pages: list[str] = field(default_factory=list)  # the pages that show it


@dataclass
class Context:
    """What describing needs beside the problems; a built folder alone has no sources."""

    levels: dict[str, int | None]
    sources: Sources | None = None
    src_by_dest: dict[str, str] = field(default_factory=dict)
    reported_by_mkdocs: set[tuple[str, ...]] = field(default_factory=set)


class Place(NamedTuple):
    where: str  # "Doc file 'a.md' line 3", "Template '…' line 2", "Page 'a.md'"
    file: str
    line: int | None
    subject: str  # "a link '…'", "the id '…'", "a Mermaid diagram"
    key: tuple  # what makes two problems the same one


def describe(
    problems: list[Problem], context: Context, most: int | None = MOST_PER_CHECK
) -> tuple[list[Message], list[Message], int]:
    """The messages, grouped; past ``most`` of a check, a summary line for the rest; and how
    many problems those summaries stand for."""
    groups: dict[tuple, Message] = {}
    said: set[tuple[str, str, str]] = set()  # (doc, URL as written, check) said on its line
    per_check: Counter[str] = Counter()
    left_out: dict[str, list[int]] = {}  # check -> the levels of the problems not shown
    for problem in sorted(problems, key=lambda problem: problem.origin != "content"):
        level = context.levels.get(problem.check)
        if level is None:
            continue
        if most is not None and per_check[problem.check] >= most:
            left_out.setdefault(problem.check, []).append(level)
            continue
        place = locate(problem, context, said)
        if place is None:
            continue
        # A theme's problem also stands on the pages that share its layout (pages.py).
        sharing = problem.page.sharing if problem.origin == "theme" else []
        shown = [problem.page.src_uri or problem.page.dest_uri]
        shown += [context.src_by_dest.get(dest, dest) for dest in sharing]
        if (message := groups.get(place.key)) is not None:
            message.pages.extend(p for p in shown if p not in message.pages)
            continue
        reason, target = problem.reason, problem.target
        if reason == "no_anchor" and target == problem.page.dest_uri:
            reason = "no_anchor_here"
        url = problem.reference.url if problem.reference else ""
        what = REASONS[reason].format(
            shown=f" '{target}'" if target != url else "",
            target=target,
            fragment=problem.fragment,
            # A doc by its Markdown file; a built folder has only pages.
            doc=f"doc '{context.src_by_dest[target]}'"
            if target in context.src_by_dest
            else f"page '{target}'",
        )
        if " also shows" in place.subject:
            what = "but there " + what.removeprefix("but ")
        text = f"{place.where} contains {place.subject}{{pages}}"
        text += f"{', ' if what.startswith('but') else ' '}{what}."
        text += f" Did you mean '{problem.suggestion}'?" if problem.suggestion else ""
        groups[place.key] = Message(problem.check, level, text, place.file, place.line, shown)
        per_check[problem.check] += 1
    for message in groups.values():  # the other pages that show it; the first too, if not named
        first, others = message.pages[0], len(message.pages) - 1
        plural = "s" if others > 1 else ""
        note = f" (and {others} other page{plural})" if others else ""
        if f"'{first}'" not in message.text:
            note = f" (on page '{first}'" + (f" and {others} other{plural}" if others else "") + ")"
        message.text = message.text.replace("{pages}", note)
    summaries = []
    for check, levels in left_out.items():
        text = f"check_site: {len(levels)} more '{check}' problems are not shown; see the first "
        text += f"{most} above, or set 'extra.check_site.checks.{check}'."
        summaries.append(Message(check, max(levels), text, "", None))
    return list(groups.values()), summaries, sum(map(len, left_out.values()))


def locate(problem: Problem, context: Context, said: set[tuple[str, str, str]]) -> Place | None:
    """Where a problem was written; None when it is not to be said (again)."""
    page, reference, sources = problem.page, problem.reference, context.sources
    url = reference.url if reference else ""
    subject = f"{_NOUNS[reference.kind]} '{url}'" if reference else "a Mermaid diagram"
    if problem.check == "duplicate_ids":
        subject = f"the id '{problem.target}'"
    # The same problem, wherever it shows: its check, what is wrong, and what it points to.
    same_problem = (problem.check, problem.reason, problem.target or url, problem.fragment)
    src = page.src_uri or page.dest_uri  # a built folder's page has no Markdown file
    on_page = Place(f"Page '{src}'", src, None, subject, same_problem)
    if sources is None or page.src_uri is None:  # a built folder: the page, first of many
        return on_page
    if reference is None:
        line = None
        if problem.check == "duplicate_ids":
            line = sources.id_line(src, problem.target)
        elif problem.origin == "content":
            line = sources.diagram_line(src, problem.number)
        if line is None and problem.origin == "theme":
            return on_page
        where = f"Doc file '{src}'" + (f" line {line}" if line else "")
        return Place(where, src, line, subject, (src, line, subject, problem.reason))
    noun = _NOUNS[reference.kind]
    occurrence = 0  # the n-th of a URL in the content's HTML is the n-th in its Markdown
    if problem.origin == "content" and page.content is not None:
        same = [r for r in page.content.references if r.url == url]
        occurrence = next((n for n, r in enumerate(same) if r is reference), 0)
    # What the page's own Markdown wrote (a page read whole has no content of its own).
    own = problem.origin == "content" or page.content is None
    found = sources.find_url(src, url, page.dest_uri, occurrence) if own else None
    if found and (problem.origin == "content" or found.line is not None):
        if problem.reason == "empty_alt" and not found.bare:
            return None  # alt="" in raw HTML: a decorative image
        said.add((src, found.written, problem.check))
        if already_reported(problem, src, found.written, context):
            return None
        subject = f"{noun} '{found.written}'"
        where = found.where(src)
        return Place(where, found.file, found.line, subject, (where, subject, problem.reason))
    if problem.reason == "empty_alt":
        return None  # alt="" not written in Markdown: a decorative image
    if ("nav", problem.target) in context.reported_by_mkdocs:
        return None  # a nav entry to a missing doc: MkDocs said so
    if template := sources.template_line(url):
        kind = "Config file" if template[0].endswith((".yml", ".yaml")) else "Template"
        where = f"{kind} '{template[0]}' line {template[1]}"
        return Place(where, template[0], template[1], subject, (where, *same_problem))
    writers = [doc for doc in sources.docs_writing(url) if doc != src]
    if len(writers) == 1:
        other = sources.find_url(writers[0], url, page.dest_uri)
        said_there = (other.file, other.written, problem.check) in said
        if said_there or already_reported(problem, other.file, other.written, context):
            return None  # the same HTML, repeated: said where it was written
        subject = f"{noun} '{other.written}' that page '{src}' also shows (an excerpt?)"
        where = other.where(other.file)
        return Place(where, other.file, other.line, subject, (where, problem.reason))
    subject += " that no doc's Markdown and no template holds as written"
    return on_page._replace(subject=subject + " (made by a template or plugin?)")


def already_reported(problem: Problem, src: str, written: str, context: Context) -> bool:
    target_src = context.src_by_dest.get(problem.target, problem.target)
    reported = context.reported_by_mkdocs
    anchor = ("anchor", src, target_src, problem.fragment)
    return ("target", src, written) in reported or anchor in reported


_MISSING = "but the target{shown} is not found in the built site"
REASONS = {
    "not_found": _MISSING,
    "md_link": _MISSING + " (MkDocs converts links to .md files only in Markdown links)",
    "case": _MISSING + "; the file '{fragment}' differs only in case, and web servers such as "
    "GitHub Pages are case-sensitive",
    "from_source": _MISSING + "; the path is right from the Markdown file, but a browser "
    "resolves it from the page's URL",
    "base_path": "but the site is served under '{fragment}'; use a relative link",
    "outside": "but the target is outside the site",
    "excluded": "but the doc '{target}' is excluded from the site (exclude_docs)",
    "no_anchor": "but the {doc} does not contain an anchor '#{fragment}'",
    "no_anchor_here": "but there is no such anchor on this page",
    "no_alt": "but it has no alt text",
    "empty_alt": "but its alt text is empty; say what it shows: ![what it shows](…)",
    "no_source": "but it has no source",
    "hotlinked": "but it is hot-linked from another host '{target}'; copy it into the docs",
    "insecure": "but it is loaded over insecure http: from '{target}'",
    "undescribed": "without {target}, so screen readers get no description of it",
    "duplicate_id": "more than once; links to it reach only the first",
}


def annotate(messages: list[Message], prefix: str) -> None:
    """In GitHub Actions, workflow commands that show each problem on its file and line."""
    if not os.environ.get("GITHUB_ACTIONS"):
        return
    lines = []
    for message in messages:
        kind = {40: "error", 30: "warning"}.get(message.level, "notice")
        named = message.text.startswith(("Doc file", "Page"))  # a doc, or the command line's page
        file = prefix + message.file if named else message.file
        where = f"file={escape(file, True)}" + (f",line={message.line}" if message.line else "")
        lines.append(f"::{kind} {where},title=check_site {message.check}::{escape(message.text)}")
    print("\n".join(lines))


def escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text
