"""Settings under `extra: check_site:` in mkdocs.yml (sitecheck/config.py), build and CLI."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import BuildSite, strict_build
from mkdocs.exceptions import Abort
from sitecheck.cli import main
from sitecheck.config import ConfigError, settings_from_extra

DOCS = {
    "index.md": "# Home\n\n<a href='dev/preview/'>dev</a> <a href='gone/'>gone</a>\n",
    "drafts/plan.md": "# Plan\n\n<a href='../../nowhere/'>x</a>\n",
    "ok.md": "# Ok\n\n<a href='#nope'>x</a>\n",
}


def test_ignore_urls_silences_matching_links_only(build_site: BuildSite) -> None:
    site = build_site(
        DOCS,
        extra_config="""\
            extra:
              check_site:
                ignore_urls: ["dev/*", "*#nope"]
                ignore_pages: "drafts/*"
            """,
    )
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains a link 'gone/', but the target 'gone' is not "
        "found in the built site."
    ]


def test_ignore_urls_match_the_site_path_too(build_site: BuildSite) -> None:
    site = build_site(
        {"index.md": "# Home\n", "a/b.md": "# B\n\n<a href='../../dev/x/'>x</a>\n"},
        extra_config="extra:\n  check_site:\n    ignore_urls: [dev/*]\n",
    )
    assert site.warnings == []


def test_ignore_pages_names_markdown_files_and_still_lets_others_fail(
    build_site: BuildSite,
) -> None:
    site = build_site(
        DOCS, extra_config="extra:\n  check_site:\n    ignore_pages: [drafts/*, index.md]\n"
    )
    assert site.warnings == [
        "Doc file 'ok.md' line 3 contains a link '#nope', but there is no such anchor on this page."
    ]


def test_severities_ignore_and_info(build_site: BuildSite, tmp_path: Path) -> None:
    extra = """\
        extra:
          check_site:
            checks:
              broken_links: ignore
              missing_anchors: info
        """
    site = build_site(DOCS, extra_config=extra)
    assert site.warnings == []
    assert [line for line in site.infos if "contains" in line] == [
        "Doc file 'ok.md' line 3 contains a link '#nope', but there is no such anchor on this page."
    ]
    strict = strict_build(tmp_path)
    assert strict.returncode == 0, strict.stderr
    assert "INFO    -  Doc file 'ok.md' line 3 contains a link '#nope'" in strict.stderr


def test_severity_error_and_yaml_off(build_site: BuildSite) -> None:
    site = build_site(
        DOCS,
        extra_config="""\
            extra:
              check_site:
                checks: {broken_links: error, missing_anchors: off}
            """,
    )
    errors = [r.getMessage() for r in site.records if r.levelno == logging.ERROR]
    assert errors == [
        "Doc file 'index.md' line 3 contains a link 'dev/preview/', but the target "
        "'dev/preview' is not found in the built site.",
        "Doc file 'index.md' line 3 contains a link 'gone/', but the target 'gone' is not "
        "found in the built site.",
        "Doc file 'drafts/plan.md' line 3 contains a link '../../nowhere/', but the target "
        "'nowhere' is not found in the built site.",
    ]
    assert site.warnings == errors


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "ignore_url: [x]",
            "'extra.check_site' has an unknown setting 'ignore_url'. Did you mean 'ignore_urls'?",
        ),
        (
            "checks: {broken_link: warn}",
            "'extra.check_site.checks' has an unknown setting 'broken_link'. "
            "Did you mean 'broken_links'?",
        ),
        (
            "checks: {broken_links: warning}",
            "'extra.check_site.checks.broken_links' is 'warning'; use one of error, warn, "
            "info, ignore.",
        ),
        ("ignore_urls: {a: b}", "'extra.check_site.ignore_urls' must be a list of glob strings."),
        ("checks: [broken_links]", "'extra.check_site.checks' must map check names to a severity."),
    ],
)
def test_a_bad_setting_stops_the_build_naming_it(
    build_site: BuildSite, caplog: pytest.LogCaptureFixture, block: str, message: str
) -> None:
    with pytest.raises(Abort):
        build_site({"index.md": "# Home\n"}, extra_config=f"extra:\n  check_site:\n    {block}\n")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [message]


def test_settings_without_a_block_are_the_defaults() -> None:
    settings = settings_from_extra({"analytics": {}})
    assert settings.ignore_urls == settings.ignore_pages == []
    assert set(settings.levels.values()) == {logging.WARNING}
    with pytest.raises(ConfigError, match="must be a mapping of settings"):
        settings_from_extra({"check_site": ["broken_links"]})


def test_the_command_line_reads_the_same_block(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "site" / "dev").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text(
        '<a href="dev/x/">ignored</a><a href="https://example.org/repo/gone/">own site</a>'
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: T\n"
        "site_url: !ENV [NO_SUCH_VARIABLE_HERE, 'https://example.org/repo/']\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "extra:\n  check_site:\n    ignore_urls: ['dev/*']\n"
    )
    with caplog.at_level(logging.INFO):
        assert main([str(tmp_path / "site"), "-f", str(config)]) == 1
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "Page 'index.html' contains a link 'https://example.org/repo/gone/', but the target "
        "'gone' is not found in the built site."
    ]
    config.write_text(config.read_text() + "    checks: {broken_links: info}\n")
    assert main([str(tmp_path / "site"), "-f", str(config)]) == 0


def test_the_command_line_exits_2_on_a_bad_config(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "index.html").write_text("<p>fine</p>")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nextra:\n  check_site:\n    checks: {missing_alt: strict}\n")
    assert main([str(tmp_path), "-f", str(config)]) == 2
    assert caplog.records[-1].getMessage() == (
        "'extra.check_site.checks.missing_alt' is 'strict'; use one of error, warn, info, ignore."
    )
    assert main([str(tmp_path), "-f", str(tmp_path / "missing.yml")]) == 2
    assert "Cannot read the config file" in caplog.records[-1].getMessage()
    config.write_text("- a list\n")
    assert main([str(tmp_path), "-f", str(config)]) == 2
    assert caplog.records[-1].getMessage() == (
        f"The config file '{config}' is not a mapping of settings."
    )
