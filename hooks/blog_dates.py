"""Stop the build with a clear message when a blog post's date is quoted or is not a date.

Drop-in MkDocs hook (MkDocs >= 1.6, standard library + PyYAML, which MkDocs installs). List
it in mkdocs.yml::

    hooks:
      - hooks/blog_dates.py

Material's blog plugin needs `date:` to be a YAML date (`date: 2018-09-04`). A quoted date
(`date: "2018-09-04"`, as many exported posts have) is text to YAML, and the plugin stops with
"Expected type: <class 'datetime.date'> … but received: <class 'str'>", with no line and no
hint of the fix. This hook reads the posts first and says which line to change, and how.
It does nothing in a project without Material's blog plugin.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from typing import Any

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)


# ── Entry points ──────────────────────────────────────────────────────────────────────────────


@event_priority(100)  # before Material's blog plugin reads the posts in its own on_files
def on_files(files: Any, config: Any) -> Any:
    posts_dir = blog_posts_dir(config)
    if posts_dir is None:
        return files
    problems = []
    for file in files.documentation_pages():
        if file.src_uri.startswith(posts_dir + "/"):
            problems.extend(check_post_dates(file.src_uri, file.content_string))
    if problems:
        # Stop here, before the blog plugin's own error: MkDocs logs this as one message.
        raise PluginError("\n".join(problems))
    return files


# ── Helpers ───────────────────────────────────────────────────────────────────────────────────


def blog_posts_dir(config: Any) -> str | None:
    """The posts folder of Material's blog plugin ("blog/posts" by default), if it is used."""
    for name, plugin in config["plugins"].items():
        if name.split("/")[-1] != "blog" or not hasattr(plugin, "config"):
            continue
        blog_dir = posixpath.normpath(plugin.config.blog_dir)
        return posixpath.normpath(plugin.config.post_dir.format(blog=blog_dir))
    return None


def check_post_dates(src_uri: str, markdown: str) -> list[str]:
    match = FRONT_MATTER.match(markdown)
    if not match:
        return []
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return []  # MkDocs itself reports front matter that is not YAML
    if not isinstance(meta, dict) or "date" not in meta:
        return []
    dates = meta["date"] if isinstance(meta["date"], dict) else {"date": meta["date"]}
    return [
        describe_bad_date(src_uri, match.group(1), key, value)
        for key, value in dates.items()
        if not isinstance(value, datetime.date)  # datetime is a date too
    ]


def describe_bad_date(src_uri: str, front_matter: str, key: str, value: object) -> str:
    line = line_of_key(front_matter, key)
    where = f"Doc file '{src_uri}'" + (f" line {line}" if line else "")
    parsed = parse_loose_date(value)
    if parsed is not None:
        return (
            f"{where} has the post date '{key}: {value!r}' in quotes, so YAML reads it as "
            f"text and Material's blog plugin rejects it. Remove the quotes: "
            f"'{key}: {parsed.isoformat()}'."
        )
    return (
        f"{where} has a post date '{key}: {value!r}' that is not a date. Write it as "
        f"YYYY-MM-DD without quotes (a time may follow: '{key}: 2018-09-04 10:30:00')."
    )


def line_of_key(front_matter: str, key: str) -> int | None:
    # +1 for the opening '---' line, +1 as lines count from 1.
    for number, text in enumerate(front_matter.splitlines(), start=2):
        if re.match(rf"\s*{re.escape(key)}\s*:", text):
            return number
    return None


def parse_loose_date(value: object) -> datetime.date | datetime.datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return (
            datetime.datetime.fromisoformat(text)
            if "T" in text or " " in text
            else (datetime.date.fromisoformat(text))
        )
    except ValueError:
        return None
