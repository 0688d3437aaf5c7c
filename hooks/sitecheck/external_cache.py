"""The external links that worked, and when: a link asked within the age limit is not asked
again. Failures are never remembered, so a broken link is asked again on every run."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.check_external")


@dataclass
class LinkCache:
    path: Path
    max_age: float
    checked_at: dict[str, float] = field(default_factory=dict)
    hits: int = 0

    @classmethod
    def load(cls, path: Path, max_age: float) -> LinkCache:
        cache = cls(path, max_age)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cache
        except (OSError, ValueError) as error:
            log.info(f"External link cache '{path}' is unreadable ({error}); starting afresh.")
            return cache
        if not isinstance(data, dict):
            log.info(f"External link cache '{path}' is not a JSON object; starting afresh.")
            return cache
        now = time.time()
        cache.checked_at = {
            url: float(when)
            for url, when in data.items()
            if isinstance(when, int | float) and now - float(when) <= max_age
        }
        return cache

    def is_fresh(self, url: str) -> bool:
        fresh = url in self.checked_at
        self.hits += fresh
        return fresh

    def remember_success(self, url: str) -> None:
        self.checked_at[url] = time.time()

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.checked_at, indent=0, sort_keys=True))
            temporary.replace(self.path)  # atomic: a crash never leaves half a cache
        except OSError as error:
            log.info(f"External link cache '{self.path}' could not be written ({error}).")
