"""Build tiny MkDocs sites in a temporary folder and capture what they log.

In the style of MkDocs' own tests/build_tests.py: write mkdocs.yml and docs/ into tmp_path,
run mkdocs.commands.build.build(load_config(...)) in-process, and return the warning lines.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from links_server import LocalServer, running
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.support.network import NetworkGuard

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


# ── External links: a local server, settings that allow it alone, nothing off the machine ─────

CONFIG_WITH_BOTH_HOOKS = BASE_CONFIG.replace("hooks:\n", f"hooks:\n  - {CHECK_EXTERNAL}\n")
NO_SUCH_HOST = "no-such-host.invalid"


def numeric_address(host: str) -> str | None:
    """What a numeric host is ("2130706433", "0177.0.0.1", "127.1" are 127.0.0.1), or None."""
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(host))
    with contextlib.suppress(OSError):
        return socket.inet_ntoa(socket.inet_aton(host))
    return None


@pytest.fixture
def fake_dns() -> dict[str, list[str]]:
    """Names a test makes up, and the addresses they resolve to (no resolver is asked)."""
    return {}


@pytest.fixture
def nothing_leaves_the_machine(
    monkeypatch: pytest.MonkeyPatch, fake_dns: dict[str, list[str]]
) -> Iterator[NetworkGuard]:
    """Connections off loopback are refused and recorded; names resolve only as faked here."""
    with NetworkGuard() as guard:
        real_getaddrinfo = guard._saved["getaddrinfo"]

        def fake_getaddrinfo(host, port, *args, **kwargs):
            if host in fake_dns:
                return [
                    (
                        socket.AF_INET6 if ":" in address else socket.AF_INET,
                        socket.SOCK_STREAM,
                        6,
                        "",
                        (address, port),
                    )
                    for address in fake_dns[host]
                ]
            if str(host).endswith(".invalid"):  # RFC 6761: never a real name
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            if address := numeric_address(str(host)):  # read as the C library reads it
                family = socket.AF_INET6 if ":" in address else socket.AF_INET
                return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
            if host != "localhost":
                guard.attempts.append(str(host))
                raise socket.gaierror(socket.EAI_AGAIN, f"test guard: no look-up of {host}")
            return real_getaddrinfo(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
        yield guard
    guard.assert_no_outside_connection()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running() as local:
        yield local


@pytest.fixture
def external_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    settings = {
        "CHECK_EXTERNAL_LINKS": "1",
        "CHECK_EXTERNAL_LINKS_TIMEOUT": "0.5",
        "CHECK_EXTERNAL_LINKS_RETRIES": "1",
        "CHECK_EXTERNAL_LINKS_CACHE": str(tmp_path / "cache" / "links.json"),
        "CHECK_EXTERNAL_LINKS_ALLOW_HOSTS": "127.0.0.1",  # the test server, and it alone
        # The theme's footer links to mkdocs.org: tests contact no host but 127.0.0.1.
        "CHECK_EXTERNAL_LINKS_IGNORE": "https://www.mkdocs.org/*",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return settings
