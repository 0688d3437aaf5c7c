"""A site built in several passes (mkdocs-static-i18n: one per language) is checked once.

The plugin builds each other language from its own on_post_build, by calling MkDocs' build()
on the same config with the site folder left uncleaned: every event of check_site runs again
inside the outer build, before the outer build's on_post_build. second_pass.py below does the
same with a French folder docs/fr/.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import BASE_CONFIG, BuildSite

SECOND_PASS = '''\
"""Builds docs/fr/ as a second pass inside the first, as mkdocs-static-i18n does."""

import logging

from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.plugins import event_priority

state = {"inner": False, "passes": 0}


def on_pre_build(config):
    state["passes"] += 1


def on_files(files, config):
    for file in list(files.documentation_pages()):
        if file.src_uri.startswith("fr/") != state["inner"]:
            files.remove(file)
    return files


@event_priority(-100)  # as the plugin does: after the other plugins' on_post_build
def on_post_build(config):
    if state["inner"]:
        return
    state["inner"] = True
    clean_directory, utils.clean_directory = utils.clean_directory, lambda path: None
    try:
        build(config)
    finally:
        utils.clean_directory = clean_directory
        state["inner"] = False
    logging.getLogger("mkdocs.hooks.second_pass").info("second pass: built")
'''


def with_second_pass(tmp_path: Path) -> str:
    """The test config with second_pass.py listed before check_site."""
    return BASE_CONFIG.replace("hooks:\n", f"hooks:\n  - {tmp_path / 'second_pass.py'}\n")


def test_a_site_built_in_two_passes_is_checked_once_at_the_end(
    build_site: BuildSite, tmp_path: Path
) -> None:
    site = build_site(
        {
            "index.md": """\
                # Home

                <a href="fr/">Français</a> <a href="fr/about/#equipe">L'équipe</a>
                <a href="fr/about/#team">no such anchor</a>
                """,
            "about.md": "# About\n\n## Team\n\n<a href='../fr/about/'>fr</a>\n",
            "fr/index.md": "# Accueil\n\n<a href='../'>English</a> <a href='../gone/'>x</a>\n",
            "fr/about.md": "# À propos\n\n## Équipe {#equipe}\n\n"
            "<a href='../../about/#team'>x</a>\n",
        },
        base_config=with_second_pass(tmp_path),
        files={"second_pass.py": SECOND_PASS},
    )
    assert (site.root / "site" / "fr" / "about" / "index.html").is_file()  # both passes built
    assert (site.root / "site" / "about" / "index.html").is_file()  # and the first kept
    assert site.warnings == [
        "Doc file 'index.md' line 4 contains a link 'fr/about/#team', but the doc "
        "'fr/about.md' does not contain an anchor '#team'.",
        "Doc file 'fr/index.md' line 3 contains a link '../gone/', but the target 'gone' "
        "is not found in the built site.",
    ]
    summaries = [line for line in site.infos if line.startswith("check_site:")]
    assert len(summaries) == 1
    assert site.infos.index(summaries[0]) > site.infos.index("second pass: built")
    assert re.fullmatch(
        r"check_site: checked 4 pages, \d+ URLs and 0 diagrams: 2 problems .*", summaries[0]
    )


def test_the_next_build_starts_afresh_after_a_build_of_two_passes(
    build_site: BuildSite, tmp_path: Path
) -> None:
    """`mkdocs serve` rebuilds with the hook already loaded: nothing of the last build stays."""
    config = with_second_pass(tmp_path)
    docs = {"index.md": "# Home\n\n<a href='fr/'>fr</a>\n", "fr/index.md": "# Accueil\n"}
    first = build_site(docs, base_config=config, files={"second_pass.py": SECOND_PASS})
    assert first.warnings == []
    second = build_site({"index.md": "# Home\n\n<a href='gone/'>fr</a>\n"}, base_config=config)
    assert second.warnings == [
        "Doc file 'index.md' line 3 contains a link 'gone/', but the target 'gone' is not "
        "found in the built site."
    ]
    assert len([line for line in second.infos if line.startswith("check_site: checked 2")]) == 1
