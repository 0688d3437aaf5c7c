"""MkDocs' own link warnings: noted so they are not said twice, given their Markdown line,
and let go when the final HTML proves them wrong.

MkDocs checks a Markdown link's anchor against the ids its Markdown produced; content tabs and
attributes on code fences add theirs later, to the final HTML. MkDocs validates anchors after
every page is rendered, so by then the final ids are known.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from urllib.parse import unquote

from .report import Message

_LINK_WARNING = re.compile(
    r"^Doc file '(?P<src>.+?)' contains (?:a link|an unrecognized relative link|"
    r"an absolute link) '(?P<url>.+?)'(?P<rest>.*)$",
    re.DOTALL,
)
_ANCHOR = re.compile(
    r"but (?:the doc '(?P<doc>.+?)' does not contain an anchor '#(?P<anchor>.+?)'|"
    r"there is no such anchor on this page)"
)
_NAME = "check_site"


class MkDocsWarnings(logging.Filter):
    """A filter on MkDocs' page logger.

    ``ids_of(src_uri)`` gives the final HTML's ids of a doc (None when unknown) and
    ``line_of(src_uri, url)`` the Markdown line of a link.
    """

    def __init__(
        self,
        ids_of: Callable[[str], tuple[str, ...] | None],
        line_of: Callable[[str, str], tuple[str, int | None]],
    ) -> None:
        super().__init__(_NAME)
        self.ids_of, self.line_of = ids_of, line_of
        self.reported: set[tuple[str, ...]] = set()
        self.messages: list[Message] = []  # for workflow annotations, as the hook's own

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        match = _LINK_WARNING.match(record.getMessage())
        if match is None:
            return True
        src, url, message = match["src"], match["url"], match.string
        if anchor := _ANCHOR.search(match["rest"]):
            target_src = anchor["doc"] or src
            fragment = unquote(anchor["anchor"] or url.partition("#")[2])
            ids = self.ids_of(target_src)
            if ids is not None and fragment in ids:
                # The final HTML has it: not a problem, and not a reason to fail --strict.
                record.levelno, record.levelname = logging.DEBUG, "DEBUG"
                return False
            self.reported.add(("anchor", src, target_src, fragment))
            if "Did you mean" not in message and ids:
                close = difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
                message += f" Did you mean '#{close[0]}'?" if close else ""
        else:
            self.reported.add(("target", src, url))
        file, line = self.line_of(src, url)
        if line and file != src:  # written in a snippet that the doc includes
            where = f"Snippet file '{file}' line {line} (in doc '{src}')"
            message = message.replace(f"Doc file '{src}'", where, 1)
        elif line:
            message = message.replace(f"Doc file '{src}'", f"Doc file '{src}' line {line}", 1)
        record.msg, record.args = message, ()
        self.messages.append(Message("mkdocs", record.levelno, message, file, line))
        return True


def install(watcher: MkDocsWarnings) -> None:
    """Put the watcher on MkDocs' page logger, in place of one from an earlier build."""
    logger = logging.getLogger("mkdocs.structure.pages")
    for old in [f for f in logger.filters if getattr(f, "name", "") == _NAME]:
        logger.removeFilter(old)
    logger.addFilter(watcher)
