"""External links' results into words: log lines, a Markdown report and workflow annotations.

Each problem is placed once per place that wrote it (a doc's line, a snippet's, or the
template that holds it), then said three ways from the same data: MkDocs' log (a broken link
as a warning, so --strict fails; a doubt or a refusal as information), a Markdown table for
the GitHub job summary, and annotations on the Markdown lines.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass

from .external import BROKEN, DOUBTFUL, NOT_REQUESTED, Result
from .report import escape
from .sources import Sources

ORDER = {BROKEN: 0, DOUBTFUL: 1, NOT_REQUESTED: 2}
LOG_LEVEL = {BROKEN: logging.WARNING, DOUBTFUL: logging.INFO, NOT_REQUESTED: logging.INFO}
ANNOTATION = {BROKEN: "error", DOUBTFUL: "warning", NOT_REQUESTED: "notice"}
HEADING = {BROKEN: "Broken", DOUBTFUL: "Warning", NOT_REQUESTED: "Not requested"}


@dataclass(frozen=True)
class Shown:
    """A page that shows an external link."""

    src_uri: str
    dest_uri: str


@dataclass(frozen=True)
class Finding:
    result: Result
    url: str
    where: str  # "Doc file 'a.md' line 3", in MkDocs' words
    file: str  # the file to annotate, from the project's folder
    line: int | None

    @property
    def message(self) -> str:
        result = self.result
        said = f"{self.where} contains a link '{self.url}', but {result.what}"
        said += f" (now '{result.moved_to}')." if result.moved_to else "."
        return f"{said} {result.hint}" if result.hint else said


def place_findings(
    results: dict[str, Result], links: dict[str, list[Shown]], sources: Sources, docs: str
) -> list[Finding]:
    """One finding per problem and place that wrote it: each line of a doc (or of a snippet)
    that holds the URL, else the template that does, once for all the pages showing it."""
    findings: list[Finding] = []
    for url, result in sorted(results.items()):
        if result.verdict not in ORDER:
            continue
        seen: dict[str, int] = {}  # uses of the URL so far on each page: the n-th is the n-th
        not_in_docs: list[Shown] = []
        for shown in links.get(url, []):
            occurrence = seen[shown.src_uri] = seen.get(shown.src_uri, -1) + 1
            found = sources.find_url(shown.src_uri, url, shown.dest_uri, occurrence)
            if found.line is None and (
                line := sources.find_bare_url(shown.src_uri, url, occurrence)
            ):
                found = found._replace(line=line)  # a bare URL that became a link (magiclink)
            if found.line is None:
                not_in_docs.append(shown)
                continue
            file = docs + found.file if found.file == shown.src_uri else found.file
            findings.append(Finding(result, url, found.where(shown.src_uri), file, found.line))
        if not_in_docs:
            findings.append(theme_finding(result, url, not_in_docs, sources))
    unique = list(dict.fromkeys(findings))  # one URL written twice on a line is one problem
    return sorted(
        unique, key=lambda found: (ORDER[found.result.verdict], found.file, found.line or 0)
    )


def theme_finding(result: Result, url: str, pages: list[Shown], sources: Sources) -> Finding:
    """A link no doc's Markdown holds: on the template (or mkdocs.yml) that writes it, else
    on the first page that shows it (the theme or a plugin made it: an edit link, say)."""
    names = list(dict.fromkeys(page.src_uri for page in pages))
    on = f"page '{names[0]}'" + (f" and {len(names) - 1} others" if len(names) > 1 else "")
    if template := sources.template_line(url):
        where = f"Template '{template[0]}' line {template[1]} (on {on})"
        return Finding(result, url, where, template[0], template[1])
    return Finding(result, url, f"The theme or a plugin (on {on})", "", None)


def log_findings(findings: list[Finding], log: logging.Logger) -> None:
    for finding in findings:
        log.log(LOG_LEVEL[finding.result.verdict], finding.message)


def annotate(findings: list[Finding]) -> None:
    """In GitHub Actions, workflow commands that show each problem on its Markdown line."""
    if not os.environ.get("GITHUB_ACTIONS"):
        return
    for finding in findings:
        kind = ANNOTATION[finding.result.verdict]
        where = f"file={escape(finding.file, True)}" if finding.file else ""
        if finding.file and finding.line:
            where += f",line={finding.line}"
        title = f"title={escape(HEADING[finding.result.verdict] + ' external link', True)}"
        print(f"::{kind} {where + ',' if where else ''}{title}::{escape(finding.message)}")


def summary(
    findings: list[Finding], results: dict[str, Result], from_cache: int, seconds: float
) -> str:
    """The job summary: what was checked and how many links failed how, then a row per
    problem and place."""
    lines = [
        "## External links",
        "",
        f"Checked {len(results)} external links ({from_cache} answered from the cache) "
        f"in {seconds:.0f} s: {counted(results) or 'no problem'}.",
    ]
    if findings:
        lines += [
            "",
            "| Result | Where | Link | What happened | Now goes to |",
            "|---|---|---|---|---|",
        ]
    for finding in findings:
        place = f"`{finding.file}` line {finding.line}" if finding.line else finding.where
        cells = [HEADING[finding.result.verdict], place, finding.url, finding.result.what]
        cells.append(finding.result.moved_to)
        lines.append("| " + " | ".join(table_cell(cell) for cell in cells) + " |")
    if any(result.verdict == DOUBTFUL for result in results.values()):
        lines += ["", WARNING_ADVICE]
    return "\n".join(lines) + "\n"


def counted(results: dict[str, Result]) -> str:
    """ "2 broken, 1 warning": links by verdict, problems only."""
    counts = Counter(result.verdict for result in results.values())
    return ", ".join(
        f"{counts[verdict]} {HEADING[verdict].lower()}" for verdict in ORDER if counts[verdict]
    )


WARNING_ADVICE = (
    "Warnings (401, 403, 429, timeouts, server errors) do not fail the run: open the link "
    "in a browser. A URL that always refuses robots goes under "
    "`extra.check_external.ignore_urls` in mkdocs.yml."
)


def table_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def write_summary(text: str) -> None:
    """Append to the job summary GitHub Actions gives the step, when there is one."""
    if path := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(path, "a", encoding="utf-8") as file:
            file.write(text)
