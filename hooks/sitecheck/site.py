"""The built site's files, and what a URL in one of its pages points to."""

from __future__ import annotations

import difflib
import os
import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

# Schemes that name no file of the site and no web page to check.
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:", "sms:")


@dataclass
class SiteFiles:
    """Every file of the built site, by its path from the site folder (case-sensitive)."""

    paths: set[str]
    by_lowercase: dict[str, str] = field(default_factory=dict)
    by_folder: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_folder(cls, site_dir: str) -> SiteFiles:
        paths = set()
        for folder, _subfolders, names in os.walk(site_dir):
            relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            paths.update(prefix + name for name in names)
        return cls(paths)

    def resolve(self, path: str) -> str | None:
        """The file a web server sends for a site path (a folder gets its index.html)."""
        if path in self.paths:
            return path
        index = f"{path}/index.html" if path and not path.endswith("/") else f"{path}index.html"
        return index if index in self.paths else None

    def differing_in_case(self, path: str) -> str | None:
        if not self.by_lowercase:
            self.by_lowercase = {known.lower(): known for known in self.paths}
        lowered = path.lower()
        return self.by_lowercase.get(lowered) or self.by_lowercase.get(
            posixpath.join(lowered, "index.html")
        )

    def files_in(self, folder: str) -> list[str]:
        if not self.by_folder:
            for path in self.paths:
                self.by_folder.setdefault(path.rpartition("/")[0], []).append(path)
        return self.by_folder.get(folder, [])


@dataclass(frozen=True)
class Address:
    """Where the site is served: its scheme and host, and its path (ends with "/")."""

    origin: str = ""  # "https://example.org", or "" when the site's address is unknown
    base_path: str = "/"

    @classmethod
    def from_site_url(cls, site_url: str | None) -> Address:
        parts = urlsplit(site_url or "")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        origin = f"{parts.scheme}://{parts.netloc}".lower() if parts.netloc else ""
        return cls(origin, path)

    def own_path(self, url: str) -> str | None:
        """The path of an absolute or protocol-relative URL into the site's own address, or
        None (another site, or another site on the same host: a sibling GitHub Pages project)."""
        host = self.origin.partition("://")[2]
        for prefix in (self.origin, "//" + host) if self.origin else ():
            if url.lower().startswith(prefix):
                rest = url[len(prefix) :] or "/"
                return rest if (rest + "/").startswith(self.base_path) else None
        return None


def site_path(url: str, page: str, address: Address) -> tuple[str, str] | None:
    """The site path (from the site folder) and fragment a URL points to from a page (its
    path in the site); None for an external URL or another scheme. A path outside the site
    keeps its leading "../"; one outside the site's base path keeps its leading "/"."""
    url = url.strip()
    if url.lower().startswith(SKIPPED_SCHEMES):
        return None
    own = address.own_path(url) if "//" in url else None
    parts = urlsplit(url if own is None else own or "/")
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(address.base_path) and path + "/" != address.base_path:
            return path, unquote(parts.fragment)
        target = posixpath.normpath(path[len(address.base_path) :] or ".")
    elif path:
        target = posixpath.normpath(posixpath.join(page.rpartition("/")[0], path))
    else:
        return page, unquote(parts.fragment)  # the page itself
    return ("" if target == "." else target), unquote(parts.fragment)


def relative_url(path: str, page_dir: str) -> str:
    """The URL of a built file as written in a page in page_dir (directory URLs kept)."""
    directory_url = path.endswith("/index.html") or path == "index.html"
    path = path.removesuffix("index.html") if directory_url else path
    relative = posixpath.relpath(path or ".", page_dir or ".")
    if directory_url:
        return "./" if relative == "." else relative.rstrip("/") + "/"
    return relative


def suggest_file(target: str, page_dir: str, site: SiteFiles) -> str:
    """A relative URL to the file most likely meant, or ""."""
    stem, extension = posixpath.splitext(target)
    candidates = [target]
    if extension in {".md", ".html"}:  # a page: as a directory URL or as a file
        candidates = [stem + "/index.html", stem + ".html", stem.removesuffix("/index"), target]
    for candidate in candidates:
        if found := site.resolve(candidate):
            return relative_url(found, page_dir)
    siblings = site.files_in(target.rpartition("/")[0])
    close = difflib.get_close_matches(target, siblings, n=1, cutoff=0.8)
    return relative_url(close[0], page_dir) if close else ""
