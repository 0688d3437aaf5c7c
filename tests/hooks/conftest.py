"""Build tiny MkDocs sites in a temporary folder and capture what they log.

In the style of MkDocs' own tests/build_tests.py: write mkdocs.yml and docs/ into tmp_path,
run mkdocs.commands.build.build(load_config(...)) in-process, and return the warning lines.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

HOOKS_DIR = Path(__file__).resolve().parents[2] / "hooks"
CHECK_SITE = HOOKS_DIR / "check_site.py"
CHECK_EXTERNAL = HOOKS_DIR / "check_external.py"
# The hook's package (hooks/sitecheck/) is imported as `sitecheck`, as check_site.py does.
if str(HOOKS_DIR) not in sys.path:
    sys.path.insert(0, str(HOOKS_DIR))

BASE_CONFIG = f"""\
site_name: Test site
site_url: https://example.org/
hooks:
  - {CHECK_SITE}
validation:
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
markdown_extensions:
  - attr_list
  - footnotes
  - md_in_html
  - toc
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


class BuiltSite:
    def __init__(self, root: Path, records: list[logging.LogRecord]) -> None:
        self.root = root
        self.records = records

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    @property
    def infos(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == logging.INFO]


BuildSite = Callable[..., BuiltSite]


@pytest.fixture
def build_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> BuildSite:
    """Write docs (path -> text or bytes) and build; returns the site and its log records."""

    def build_it(
        docs: dict[str, str | bytes],
        extra_config: str = "",
        base_config: str = BASE_CONFIG,
        files: dict[str, str] | None = None,
    ) -> BuiltSite:
        for relative, content in {
            **{f"docs/{k}": v for k, v in docs.items()},
            **(files or {}),
        }.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        config_file = tmp_path / "mkdocs.yml"
        config_file.write_text(base_config + textwrap.dedent(extra_config), encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.INFO):
            config = load_config(config_file=str(config_file), site_dir=str(tmp_path / "site"))
            build(config)
        mkdocs_records = [r for r in caplog.records if r.name.startswith("mkdocs")]
        return BuiltSite(tmp_path, mkdocs_records)

    return build_it


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def strict_build(folder: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a folder, as a user runs it: its exit code is the verdict."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
