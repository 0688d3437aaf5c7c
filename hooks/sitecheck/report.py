"""Problems into words, in MkDocs' voice: each distinct problem once, where it was written.

A problem in a page's own content is reported on its Markdown line (or its snippet's). One
the theme shows is reported once for all the pages that show it: on the template that holds
its URL, on the one doc that wrote it (a blog index repeating a post's excerpt), or else on
the first page, without guessing. What MkDocs' own validation reported is not said again.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from .rules import Problem
from .sources import Sources

_NOUNS = {"link": "a link", "image": "an image", "resource": "a resource"}
MOST_PER_CHECK = 50  # messages per check; past that, a summary line


@dataclass
class Message:
    check: str
    level: int
    text: str
    file: str  # the Markdown file, template or built page it names
    line: int | None
    pages: list[str] = field(default_factory=list)  # the pages that show it


@dataclass
class Context:
    """What describing needs beside the problems; a built folder alone has no sources."""

    levels: dict[str, int | None]
    base_path: str = "/"
    sources: Sources | None = None
    src_by_dest: dict[str, str] = field(default_factory=dict)
    reported_by_mkdocs: set[tuple[str, ...]] = field(default_factory=set)


def describe(problems: list[Problem], context: Context) -> tuple[list[Message], list[str]]:
    """The messages, grouped and capped, and the summary lines of what the cap left out."""
    groups: dict[tuple, Message] = {}
    said: set[tuple[str, str, str]] = set()  # (doc, URL as written, check) said on its line
    for problem in sorted(problems, key=lambda problem: problem.origin != "content"):
        level = context.levels.get(problem.check)
        located = None if level is None else locate(problem, context, said)
        if located is None:
            continue
        where, file, line, subject = located
        what, suggestion = words(problem, context), problem.suggestion
        if " also shows" in subject:
            what = "but there " + what.removeprefix("but ")
        page = problem.page.src_uri or problem.page.dest_uri
        # A theme's problem also stands on the pages that share its layout (pages.py).
        shown = [] if problem.origin == "content" else problem.page.sharing
        key = (where, subject, what) if problem.origin == "content" else (where, what)
        if key in groups:
            groups[key].pages.extend(p for p in [page, *shown] if p not in groups[key].pages)
            continue
        text = f"{where} contains {subject}{{pages}}{', ' if what.startswith('but') else ' '}"
        text += what + "." + (f" Did you mean '{suggestion}'?" if suggestion else "")
        groups[key] = Message(problem.check, level, text, file, line, [page, *shown])
    messages: list[Message] = []
    left_out: dict[str, int] = {}
    for message in groups.values():
        message.text = message.text.replace("{pages}", pages_note(message))
        if sum(m.check == message.check for m in messages) < MOST_PER_CHECK:
            messages.append(message)
        else:
            left_out[message.check] = left_out.get(message.check, 0) + 1
    summaries = [
        f"check_site: {count} more '{check}' problems are not shown; see the first "
        f"{MOST_PER_CHECK} above, or set 'extra.check_site.checks.{check}'."
        for check, count in left_out.items()
    ]
    return messages, summaries


def locate(
    problem: Problem, context: Context, said: set[tuple[str, str, str]]
) -> tuple[str, str, int | None, str] | None:
    """(where, file, line, subject) of a problem; None when it is not to be said."""
    page, reference, sources = problem.page, problem.reference, context.sources
    subject = f"{_NOUNS[reference.kind]} '{reference.url}'" if reference else ""
    if problem.check == "duplicate_ids":
        subject = f"the id '{problem.target}'"
    elif problem.check == "undescribed_diagrams":
        subject = "a Mermaid diagram"
    if sources is None or page.src_uri is None:
        return f"Page '{page.dest_uri}'", page.dest_uri, None, subject
    src = page.src_uri
    if reference is None:
        if problem.check == "duplicate_ids":
            line = sources.id_line(src, problem.target)
        else:
            line = (
                sources.diagram_line(src, problem.number) if problem.origin == "content" else None
            )
        if line is None and problem.origin == "theme":
            return f"Page '{src}'", src, None, subject
        return doc_where(src, line), src, line, subject
    if problem.origin == "content":
        same = (
            [r for r in page.content.references if r.url == reference.url] if page.content else []
        )
        occurrence = next((n for n, r in enumerate(same) if r is reference), 0)
        name, line, written, bare = sources.find_url(src, reference.url, page.dest_uri, occurrence)
        if problem.reason == "empty_alt" and not bare:
            return None  # alt="" in raw HTML: a decorative image
        said.add((src, written, problem.check))
        if already_reported(problem, src, written, context):
            return None
        subject = f"{_NOUNS[reference.kind]} '{written}'"
        if name != src:
            return f"Snippet file '{name}' line {line} (in doc '{src}')", name, line, subject
        return doc_where(src, line), src, line, subject
    if found := sources.template_line(reference.url):
        return f"Template '{found[0]}' line {found[1]}", found[0], found[1], subject
    writers = [doc for doc in sources.docs_writing(reference.url) if doc != src]
    if len(writers) == 1:
        name, line, written, _bare = sources.find_url(writers[0], reference.url, page.dest_uri)
        if (name, written, problem.check) in said or already_reported(
            problem, name, written, context
        ):
            return None  # the same HTML, repeated: said where it was written
        subject = f"{_NOUNS[reference.kind]} '{written}' that page '{src}' also shows (an excerpt?)"
        return doc_where(name, line), name, line, subject
    subject += (
        " that no doc's Markdown and no template holds as written (made by a template or plugin?)"
    )
    return f"Page '{src}'", src, None, subject


def doc_where(src: str, line: int | None) -> str:
    return f"Doc file '{src}'" + (f" line {line}" if line else "")


def already_reported(problem: Problem, src: str, written: str, context: Context) -> bool:
    target_src = context.src_by_dest.get(problem.target, problem.target)
    anchor = ("anchor", src, target_src, problem.fragment)
    return ("target", src, written) in context.reported_by_mkdocs or (
        anchor in context.reported_by_mkdocs
    )


_MISSING = "but the target{shown} is not found in the built site"
REASONS = {
    "not_found": _MISSING,
    "md_link": _MISSING + " (MkDocs converts links to .md files only in Markdown links)",
    "case": _MISSING + "; the file '{fragment}' differs only in case, and web servers such as "
    "GitHub Pages are case-sensitive",
    "from_source": _MISSING + "; the path is right from the Markdown file, but a browser "
    "resolves it from the page's URL",
    "base_path": "but the site is served under '{base_path}'; use a relative link",
    "outside": "but the target is outside the site",
    "excluded": "but the doc '{target}' is excluded from the site (exclude_docs)",
    "no_anchor": "but the doc '{doc}' does not contain an anchor '#{fragment}'",
    "no_anchor_here": "but there is no such anchor on this page",
    "no_alt": "but it has no alt text",
    "empty_alt": "but its alt text is empty; say what it shows: ![what it shows](…)",
    "no_source": "but it has no source",
    "hotlinked": "but it is hot-linked from another host '{target}'; copy it into the docs",
    "insecure": "but it is loaded over insecure http: from '{target}'",
    "undescribed": "without {target}, so screen readers get no description of it",
    "duplicate_id": "more than once; links to it reach only the first",
}


def words(problem: Problem, context: Context) -> str:
    """What is wrong, in words."""
    reason, target = problem.reason, problem.target
    if reason == "no_anchor" and target == problem.page.dest_uri:
        reason = "no_anchor_here"
    url = problem.reference.url if problem.reference else ""
    return REASONS[reason].format(
        shown=f" '{target}'" if target != url else "",
        target=target,
        fragment=problem.fragment,
        base_path=context.base_path,
        doc=context.src_by_dest.get(target, target),
    )


def pages_note(message: Message) -> str:
    """The other pages that show the same problem; the first one too unless it is named."""
    pages = message.pages
    if f"'{pages[0]}'" not in message.text:
        others = f" and {len(pages) - 1} other{'s' if len(pages) > 2 else ''}" if pages[1:] else ""
        return f" (on page '{pages[0]}'{others})"
    count = len(pages) - 1
    return f" (and {count} other page{'s' if count > 1 else ''})" if count else ""


def github_annotations(messages: list[Message], prefix: str) -> list[str]:
    """Workflow commands that show each problem on its file and line in a pull request."""
    lines = []
    for message in messages:
        kind = {40: "error", 30: "warning"}.get(message.level, "notice")
        named = message.text.startswith(("Doc file", "Page"))  # a doc, or the command line's page
        file = prefix + message.file if named else message.file
        where = f"file={escape(file, True)}" + (f",line={message.line}" if message.line else "")
        lines.append(f"::{kind} {where},title=check_site {message.check}::{escape(message.text)}")
    return lines


def escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def as_json(messages: list[Message]) -> str:
    return json.dumps([asdict(message) for message in messages], indent=1)


def in_github_actions() -> bool:
    return bool(os.environ.get("GITHUB_ACTIONS"))
