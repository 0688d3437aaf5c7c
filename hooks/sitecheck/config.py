"""Settings, read from the ``check_site`` block under ``extra:`` in mkdocs.yml.

Hooks get no config schema of their own, and MkDocs rejects an unknown top-level key under
--strict, so the settings live where MkDocs users keep free-form ones::

    extra:
      check_site:
        ignore_urls: ["/dev/*"]     # URL globs, as written or as a site path
        ignore_pages: ["drafts/*"]  # Markdown files (or built pages) not to check
        checks:                     # a severity per check: error, warn, info or ignore
          hotlinked_images: info
"""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

SEVERITIES = {
    "error": logging.ERROR,
    "warn": logging.WARNING,
    "info": logging.INFO,
    "ignore": None,
}
# Each check, and its default: as strict as this site needs (warn fails `--strict`).
CHECKS = {
    "broken_links": "warn",
    "missing_anchors": "warn",
    "missing_images": "warn",
    "missing_alt": "warn",
    "hotlinked_images": "warn",
    "insecure_resources": "warn",
    "undescribed_diagrams": "warn",
    "duplicate_ids": "warn",
}
KEYS = ("ignore_urls", "ignore_pages", "checks")


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and how to fix it."""


@dataclass
class Settings:
    ignore_urls: list[str] = field(default_factory=list)
    ignore_pages: list[str] = field(default_factory=list)
    levels: dict[str, int | None] = field(
        default_factory=lambda: {check: SEVERITIES[level] for check, level in CHECKS.items()}
    )

    def ignores_url(self, url: str, path: str = "") -> bool:
        return any(fnmatchcase(url, glob) or fnmatchcase(path, glob) for glob in self.ignore_urls)

    def ignores_page(self, *names: str | None) -> bool:
        return any(name and fnmatchcase(name, glob) for name in names for glob in self.ignore_pages)


def settings_from_extra(extra: Any) -> Settings:
    """The settings in ``extra.check_site`` of a loaded mkdocs.yml (the defaults without)."""
    # MkDocs gives `extra` as a Config (a Mapping, not a dict); the command line, a dict.
    block = (extra or {}).get("check_site") if isinstance(extra, Mapping) else None
    if block is None:
        return Settings()
    if not isinstance(block, dict):
        raise ConfigError("'extra.check_site' in mkdocs.yml must be a mapping of settings.")
    unknown(block, KEYS, "extra.check_site")
    settings = Settings(
        ignore_urls=string_list(block, "ignore_urls"),
        ignore_pages=string_list(block, "ignore_pages"),
    )
    checks = block.get("checks") or {}
    if not isinstance(checks, dict):
        raise ConfigError("'extra.check_site.checks' must map check names to a severity.")
    unknown(checks, CHECKS, "extra.check_site.checks")
    for check, level in checks.items():
        if level is False:  # YAML reads a bare `off` or `no` as false
            level = "ignore"
        if level not in SEVERITIES:
            raise ConfigError(
                f"'extra.check_site.checks.{check}' is {level!r}; use one of "
                f"{', '.join(SEVERITIES)}."
            )
        settings.levels[check] = SEVERITIES[level]
    return settings


def unknown(block: dict, known: Any, where: str) -> None:
    for key in block:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Known: {', '.join(known)}."
            raise ConfigError(f"'{where}' has an unknown setting '{key}'.{hint}")


def string_list(block: dict, key: str) -> list[str]:
    value = block.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"'extra.check_site.{key}' must be a list of glob strings.")
    return value


def read_mkdocs_yml(path: str) -> dict[str, Any]:
    """mkdocs.yml as data, for the command line: MkDocs' own tags (!ENV, !relative,
    !!python/name:…) need MkDocs, so !ENV is read as MkDocs reads it and the others as null."""
    import yaml  # PyYAML comes with MkDocs; only the command line's -f needs it

    class Loader(yaml.SafeLoader):
        pass

    def environment(loader: Loader, node: yaml.Node) -> Any:
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
        names = names or [loader.construct_scalar(node)]  # type: ignore[arg-type]
        found = [os.environ[name] for name in names[:-1] if name in os.environ]
        return found[0] if found else (names[-1] if len(names) > 1 else None)

    Loader.add_constructor("!ENV", environment)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with open(path, encoding="utf-8") as file:
            data = yaml.load(file, Loader=Loader)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"Cannot read the config file '{path}': {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"The config file '{path}' is not a mapping of settings.")
    return data
