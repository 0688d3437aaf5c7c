"""Settings, read from the ``check_site`` block under ``extra:`` in mkdocs.yml.

Hooks get no config schema of their own, and MkDocs rejects an unknown top-level key under
--strict, so the settings live where MkDocs users keep free-form ones (docs/checking.md).
"""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

SEVERITIES = {"error": logging.ERROR, "warn": logging.WARNING, "info": logging.INFO, "ignore": None}
# Every check warns unless told otherwise: as strict as this site needs (--strict fails).
CHECKS = [
    *("broken_links", "missing_anchors", "missing_images", "missing_alt", "hotlinked_images"),
    *("insecure_resources", "undescribed_diagrams", "duplicate_ids"),
]


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and how to fix it."""


@dataclass
class Settings:
    ignore_urls: list[str] = field(default_factory=list)
    ignore_pages: list[str] = field(default_factory=list)
    levels: dict[str, int | None] = field(
        default_factory=lambda: dict.fromkeys(CHECKS, logging.WARNING)
    )

    def ignores_url(self, url: str, path: str = "") -> bool:
        return any(fnmatchcase(url, glob) or fnmatchcase(path, glob) for glob in self.ignore_urls)

    def ignores_page(self, *names: str | None) -> bool:
        return any(name and fnmatchcase(name, glob) for name in names for glob in self.ignore_pages)


def settings_from_extra(extra: Any) -> Settings:
    """The settings in ``extra.check_site`` of a loaded mkdocs.yml (the defaults without)."""
    # MkDocs gives `extra` as a Config (a Mapping, not a dict); the command line, a dict.
    block = extra.get("check_site") if isinstance(extra, Mapping) else None
    if block is None:
        return Settings()
    if not isinstance(block, Mapping):
        raise ConfigError("'extra.check_site' in mkdocs.yml must be a mapping of settings.")
    refuse_unknown(block, ("ignore_urls", "ignore_pages", "checks"), "extra.check_site")
    settings = Settings()
    for key in ("ignore_urls", "ignore_pages"):
        setattr(settings, key, glob_list(block, key, "extra.check_site", "glob strings"))
    checks = block.get("checks") or {}
    if not isinstance(checks, Mapping):
        raise ConfigError("'extra.check_site.checks' must map check names to a severity.")
    refuse_unknown(checks, CHECKS, "extra.check_site.checks")
    for check, level in checks.items():
        level = "ignore" if level is False else level  # YAML reads a bare `off` as false
        if level not in SEVERITIES:
            where = f"extra.check_site.checks.{check}"
            raise ConfigError(f"'{where}' is {level!r}; use one of {', '.join(SEVERITIES)}.")
        settings.levels[check] = SEVERITIES[level]
    return settings


def glob_list(block: Mapping, key: str, where: str, what: str) -> list[str]:
    """A setting that is one glob or a list of them (none when absent)."""
    value = block.get(key) or []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"'{where}.{key}' must be a list of {what}.")
    return value


def refuse_unknown(block: Mapping, known: Any, where: str) -> None:
    for key in block:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Known: {', '.join(known)}."
            raise ConfigError(f"'{where}' has an unknown setting '{key}'.{hint}")


def read_mkdocs_yml(path: str) -> dict[str, Any]:
    """mkdocs.yml as data, for the command line, with what it INHERITs. MkDocs' own tags
    need MkDocs: !ENV is read as MkDocs reads it, the others (!relative, !!python/…) as null."""
    import yaml  # PyYAML comes with MkDocs; only the command line's -f needs it

    class Loader(yaml.SafeLoader):
        pass

    def environment(loader: Loader, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return os.environ.get(str(loader.construct_scalar(node)))
        *names, default = loader.construct_sequence(node)
        return next((os.environ[name] for name in names if name in os.environ), default)

    Loader.add_constructor("!ENV", environment)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with open(path, encoding="utf-8") as file:
            data = yaml.load(file, Loader=Loader)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"Cannot read the config file '{path}': {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"The config file '{path}' is not a mapping of settings.")
    if parent := data.pop("INHERIT", None):
        return read_mkdocs_yml(os.path.join(os.path.dirname(path), parent)) | data
    return data
