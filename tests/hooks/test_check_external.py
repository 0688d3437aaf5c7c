"""hooks/check_external.py against a local HTTP server on 127.0.0.1 (no other host is contacted).

The server is allowed through the guard by the explicit setting; names are answered by a fake
resolver, and any connection off this machine fails the test (tests/support/network.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CONFIG_WITH_BOTH_HOOKS, NO_SUCH_HOST, BuildSite
from links_server import LocalServer

pytestmark = pytest.mark.usefixtures("nothing_leaves_the_machine")


def page_linking(base: str, paths: list[str]) -> dict[str, str]:
    links = "\n".join(f"- [{path}]({base}{path})" for path in paths)
    return {"index.md": f"# Home\n\n{links}\n"}


def test_nothing_is_checked_unless_asked(build_site: BuildSite, server: LocalServer) -> None:
    docs = page_linking(server.base, ["/ok", "/missing"])
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    assert not server.requests


# Each path, and what a maintainer is told: broken ones fail the strict build (warnings),
# doubtful ones are information, good ones say nothing.
BROKEN = {
    "/missing": "the server answered 404 Not Found",
    "/gone": "the server answered 410 Gone",
    "/moved": "it redirects permanently to another page",
    "/moved-308": "it redirects permanently to another page",
    "/removed": "it redirects to the site's home page, as a removed page often does",
}
DOUBTFUL = {
    "/forbidden": "the server answered 403 Forbidden",
    "/login": "the server answered 401 Unauthorized",
    "/always-busy": "the server answered 503 Service Unavailable",
    "/rate-limited": "the server answered 429 Too Many Requests",
    "/slow": "the server did not answer within 0.5 seconds",
    "/reset": "the connection failed (ConnectionResetError: [Errno 104] Connection reset by peer)",
    "/loop": "it redirects more than 5 times",
}
FINE = ["/ok", "/page", "/for-now", "/busy-once", "/no-head", "/head-404"]
MOVED_TO = {"/moved": "/ok", "/moved-308": "/ok", "/removed": "/", "/loop": "/loop"}
ALL_PATHS = [*BROKEN, *DOUBTFUL, *FINE]


def test_each_answer_gets_its_verdict(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    docs = page_linking(server.base, ALL_PATHS)
    docs["index.md"] += f"- [nowhere](https://{NO_SUCH_HOST}/page)\n"
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    base, line = server.base, {path: ALL_PATHS.index(path) + 3 for path in ALL_PATHS}

    def said(path: str, what: str) -> str:
        moved = f" (now '{base}{MOVED_TO[path]}')" if path in MOVED_TO else ""
        where = f"Doc file 'index.md' line {line[path]}"
        return f"{where} contains a link '{base}{path}', but {what}{moved}."

    nowhere = (
        f"Doc file 'index.md' line {len(ALL_PATHS) + 3} contains a link "
        f"'https://{NO_SUCH_HOST}/page', but the name '{NO_SUCH_HOST}' does not resolve "
        "(Name or service not known)."
    )
    hints = {"/removed": " Find where the page went."}
    hints |= dict.fromkeys(["/moved", "/moved-308"], " Link to the new address.")
    broken = [said(path, what) + hints.get(path, "") for path, what in BROKEN.items()]
    assert site.warnings == [*broken, nowhere]
    doubtful = [line for line in site.infos if "A warning only" in line]
    assert [line.split(" A warning only")[0] for line in doubtful] == [
        said(path, what) for path, what in DOUBTFUL.items()
    ]
    assert not [info for info in site.infos if any(f"{base}{path}'" in info for path in FINE)]
    # 429 was retried after its Retry-After second; a refused HEAD fell back to GET.
    busy = server.request_times["/busy-once"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9
    assert server.requests["HEAD /no-head"] == 1 and server.requests["GET /no-head"] == 1
    # Busy and unreachable servers are tried again (retries=1); a 404 and a loop are not.
    assert server.requests["HEAD /always-busy"] == server.requests["HEAD /rate-limited"] == 2
    assert server.requests["HEAD /missing"] == 1 and server.requests["GET /missing"] == 1
    assert server.requests["HEAD /loop"] == 6, "at most five redirects followed"

    cache = json.loads(Path(external_env["CHECK_EXTERNAL_LINKS_CACHE"]).read_text())
    assert sorted(cache) == sorted(f"{base}{path}" for path in FINE)


def test_the_job_summary_has_a_row_per_problem_and_annotations_mark_each_line(
    build_site: BuildSite,
    server: LocalServer,
    external_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    paths = ["/ok", "/missing", "/gone", "/moved", "/forbidden", "/busy-once"]
    docs = page_linking(server.base, paths)
    docs["index.md"] += f"- [nowhere](https://{NO_SUCH_HOST}/page)\n- [mine](http://10.0.0.1/)\n"
    build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    base = server.base
    summary = Path(external_env["GITHUB_STEP_SUMMARY"]).read_text()
    rows = [line for line in summary.splitlines() if line.startswith("| ") and "Result" not in line]
    assert rows == [
        f"| Broken | `docs/index.md` line 4 | {base}/missing | the server answered 404 Not "
        "Found |  |",
        f"| Broken | `docs/index.md` line 5 | {base}/gone | the server answered 410 Gone |  |",
        f"| Broken | `docs/index.md` line 6 | {base}/moved | it redirects permanently to another "
        f"page | {base}/ok |",
        f"| Broken | `docs/index.md` line 9 | https://{NO_SUCH_HOST}/page | the name "
        f"'{NO_SUCH_HOST}' does not resolve (Name or service not known) |  |",
        f"| Warning | `docs/index.md` line 7 | {base}/forbidden | the server answered 403 "
        "Forbidden |  |",
        "| Not requested | `docs/index.md` line 10 | http://10.0.0.1/ | it was not requested: "
        "'10.0.0.1', a private address |  |",
    ]
    assert "Checked 8 external links (0 answered from the cache)" in summary
    assert ": 4 broken, 1 warning, 1 not requested." in summary
    assert "extra.check_external.ignore_urls" in summary  # what to do about a warning
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    kinds = [(line.split(" ")[0], line.split(",")[1]) for line in annotations]
    assert kinds == [("::error", f"line={n}") for n in (4, 5, 6, 9)] + [
        ("::warning", "line=7"),
        ("::notice", "line=10"),
    ]
    assert all("file=docs/index.md," in line for line in annotations)


def test_a_correct_site_says_so_in_one_line(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    docs = page_linking(server.base, ["/ok", "/for-now"])
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    summary = Path(external_env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "Checked 2 external links (0 answered from the cache)" in summary
    assert summary.rstrip().endswith(": no problem.") and "|" not in summary


def test_at_most_two_requests_at_once_to_one_host(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    paths = [f"/hold/{number}" for number in range(8)]
    site = build_site(page_linking(server.base, paths), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    assert server.hits == 8
    assert server.most_in_flight == 2  # eight workers, but a polite two per server


def test_the_time_limit_ends_the_run_and_says_what_was_left(
    build_site: BuildSite,
    server: LocalServer,
    external_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_TIME_LIMIT", "1")
    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_TIMEOUT", "5")
    paths = [f"/slow?{number}" for number in range(6)]  # two at a time, 1.5 s each
    site = build_site(page_linking(server.base, paths), base_config=CONFIG_WITH_BOTH_HOOKS)
    left = [line for line in site.infos if "was not checked within the 1 s limit" in line]
    assert len(left) == 4 and server.hits == 2, "two started in time, four never asked"
    assert site.warnings == []


def test_cache_skips_recent_successes_and_never_failures(
    build_site: BuildSite,
    server: LocalServer,
    external_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = page_linking(server.base, ["/ok", "/missing"])
    build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /ok"] == 1
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /ok"] == 1  # answered from the cache
    assert server.requests["HEAD /missing"] == 2  # failures are never cached
    assert len(site.warnings) == 1
    assert any("(1 from the cache)" in line for line in site.infos)

    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_MAX_AGE", "0")  # every cached answer too old
    build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /ok"] == 2


def test_unreadable_cache_is_replaced(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str], tmp_path: Path
) -> None:
    cache_path = tmp_path / "cache" / "links.json"
    cache_path.parent.mkdir()
    cache_path.write_text("{not json")
    site = build_site(page_linking(server.base, ["/ok"]), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == []
    assert any("is unreadable" in line and "starting afresh" in line for line in site.infos)
    assert list(json.loads(cache_path.read_text())) == [f"{server.base}/ok"]


def test_urls_that_refuse_robots_are_ignored_from_mkdocs_yml(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    extra = f"extra:\n  check_external:\n    ignore_urls:\n      - {server.base}/forbid*\n"
    docs = page_linking(server.base, ["/forbidden", "/missing"])
    site = build_site(docs, extra, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert not server.requests["HEAD /forbidden"] and server.requests["HEAD /missing"] == 1
    assert [line.split(", but")[0] for line in site.warnings] == [
        f"Doc file 'index.md' line 4 contains a link '{server.base}/missing'"
    ]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        (
            "extra:\n  check_external:\n    ignore_url: [x]\n",
            "'extra.check_external' has an unknown setting 'ignore_url'. "
            "Did you mean 'ignore_urls'?",
        ),
        (
            "extra:\n  check_external:\n    ignore_urls: {a: b}\n",
            "'extra.check_external.ignore_urls' must be a list of URL globs.",
        ),
        (
            "",
            "CHECK_EXTERNAL_LINKS_TIMEOUT must be a number of seconds (or tries) >= 0, not 'soon'.",
        ),
    ],
)
def test_bad_setting_is_a_clear_error(
    build_site: BuildSite, monkeypatch: pytest.MonkeyPatch, caplog, extra: str, error: str
) -> None:
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("CHECK_EXTERNAL_LINKS", "1")
    if not extra:
        monkeypatch.setenv("CHECK_EXTERNAL_LINKS_TIMEOUT", "soon")
    with pytest.raises(Abort):
        build_site({"index.md": "# Home\n"}, extra, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [error]


def test_a_machine_without_dns_gets_one_message_not_one_per_link(
    build_site: BuildSite, external_env: dict[str, str]
) -> None:
    urls = [f"https://{name}.invalid/{page}" for name in ("a", "b", "c") for page in ("x", "y")]
    docs = {"index.md": "# Home\n\n" + "".join(f"- <{url}>\n" for url in urls)}
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == [
        "check_external: none of the 3 hosts of the 6 external links resolved, so no link was "
        "judged. Is this machine offline, or is its DNS blocked?"
    ]


def test_autolinks_and_bare_urls_are_placed_on_their_lines(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    base = server.base
    docs = {
        "index.md": (
            f"# Home\n\nAn autolink: <{base}/gone>.\n\n"
            f"```text\n{base}/missing in code is no link\n```\n\n"
            f"A bare URL that magiclink links: {base}/missing, and again:\n{base}/missing\n"
        )
    }
    magiclink = CONFIG_WITH_BOTH_HOOKS + "  - pymdownx.magiclink\n"
    site = build_site(docs, base_config=magiclink)
    assert [warning.split(" contains")[0] for warning in site.warnings] == [
        "Doc file 'index.md' line 3",
        "Doc file 'index.md' line 9",
        "Doc file 'index.md' line 10",
    ]


def test_a_preconnect_hint_names_a_host_not_a_page(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    # Material's theme preconnects to https://fonts.gstatic.com, whose root answers 404.
    docs = {
        "index.md": f'# Home\n\n<link rel="preconnect" href="{server.base}/gone" crossorigin>\n'
        f'<link rel="dns-prefetch" href="{server.base}/gone">\n\n[gone]({server.base}/missing)\n'
    }
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /gone"] == 0
    assert [warning.split(" contains")[0] for warning in site.warnings] == [
        "Doc file 'index.md' line 6"
    ]


def test_links_that_cannot_be_requested_are_broken_and_bad_redirects_are_doubts(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    docs = {
        "index.md": "# Home\n\n"
        "- [bad port](http://127.0.0.1:99999/)\n"
        f"- [redirect to a bad port]({server.base}/bad-port)\n"
    }
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert [warning.split(", but ")[1] for warning in site.warnings] == [
        "it is not a valid URL (Port out of range 0-65535).",
    ]
    assert any(
        "but it redirects to 'http://127.0.0.1:99999/', but it is not a valid URL" in info
        for info in site.infos
    )


def test_a_page_is_asked_once_whatever_its_fragments(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    docs = page_linking(server.base, ["/ok#one", "/ok#two", "/ok"])
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert site.warnings == [] and server.requests == {"HEAD /ok": 1}
    assert list(json.loads(Path(external_env["CHECK_EXTERNAL_LINKS_CACHE"]).read_text())) == [
        f"{server.base}/ok"
    ]
