"""The benchmark script reads its measurements right (its numbers go into the docs)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import run_benchmark


def test_the_added_cost_is_the_median_of_the_pair_ratios() -> None:
    # One slow pair (100 s) must not weigh more than the others, and each hooks build is
    # compared with its own plain build: the ratio of the medians would say +50 %.
    plain, hooks = [10.0, 100.0, 10.0], [15.0, 101.0, 10.5]
    ratios = run_benchmark.pair_ratios(plain, hooks)
    assert ratios == pytest.approx([50.0, 1.0, 5.0])
    assert statistics.median(ratios) == pytest.approx(5.0)
    assert run_benchmark.added(ratios) == "+5.0 % (median of 3 pairs, +1.0 to +50.0)"
    with pytest.raises(ValueError):
        run_benchmark.pair_ratios([1.0, 2.0], [1.0])  # a pair without its partner


def test_a_childs_cpu_time_and_peak_memory_come_from_wait4(tmp_path: Path) -> None:
    spin = "data = b'x' * 50_000_000; sum(range(3_000_000)); print('Documentation built in 0')"
    run = run_benchmark.measure([sys.executable, "-c", spin], tmp_path)
    assert 40 <= run.mib < 400  # the child's own peak, in MiB (ru_maxrss is in KiB)
    assert run.cpu > 0
    assert run.output == "Documentation built in 0\n"


def test_pairs_alternate_which_build_goes_first(tmp_path: Path) -> None:
    order = tmp_path / "order"

    def stand_in(name: str) -> list[str]:
        code = f"open({str(order)!r}, 'a').write('{name} '); print('Documentation built in 0')"
        return [sys.executable, "-c", code]

    runs = run_benchmark.run_pairs({n: stand_in(n) for n in ("plain", "hooks")}, tmp_path, 3)
    assert order.read_text().split() == ["plain", "hooks", "hooks", "plain", "plain", "hooks"]
    assert [len(runs["plain"]), len(runs["hooks"])] == [3, 3]


def test_a_build_that_crashed_stops_the_benchmark(tmp_path: Path) -> None:
    crash = [sys.executable, "-c", "raise SystemExit('Error: no module named sitecheck')"]
    with pytest.raises(SystemExit, match="did not finish"):
        run_benchmark.run_pairs({"plain": crash, "hooks": crash}, tmp_path, 1)


def test_the_wrapper_config_keeps_the_projects_own_hooks(tmp_path: Path) -> None:
    config = tmp_path / "project" / "mkdocs.yml"
    config.parent.mkdir()
    config.write_text(
        "site_name: !ENV [SITE_NAME, 'A project']\n"
        "docs_dir: !relative $config_dir/docs\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "hooks:\n"
        "  - hooks/own.py\n"
        "  - ../shared/other.py\n"
    )
    hook = tmp_path / "snapshot" / "check_site.py"
    wrappers = run_benchmark.write_wrappers(config, hook, tmp_path / "site")
    assert wrappers["hooks"] == config.parent / "mkdocs-bench-hooks.yml"
    with_hooks = yaml.safe_load(wrappers["hooks"].read_text())
    assert with_hooks["INHERIT"] == "mkdocs.yml"
    assert with_hooks["strict"] is False
    assert with_hooks["hooks"] == [
        str(config.parent / "hooks" / "own.py"),
        str(tmp_path / "shared" / "other.py"),
        str(hook),
    ]
    assert with_hooks["site_dir"] == str(tmp_path / "site" / "hooks")
    plain = yaml.safe_load(wrappers["plain"].read_text())
    assert plain == {
        "INHERIT": "mkdocs.yml",
        "strict": False,
        "site_dir": str(tmp_path / "site" / "plain"),
    }


def test_a_project_without_hooks_gets_only_ours(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text("site_name: Base\ntheme:\n  name: !ENV THEME\n")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\n")
    wrappers = run_benchmark.write_wrappers(tmp_path / "mkdocs.yml", tmp_path / "h.py", tmp_path)
    assert yaml.safe_load(wrappers["hooks"].read_text())["hooks"] == [str(tmp_path / "h.py")]


def test_a_fault_is_found_when_one_line_names_its_page_and_token() -> None:
    faults = [
        {"kind": "md_missing_page", "page": "s01/t02/page-0012.md", "token": "missing-0.md"},
        {"kind": "html_bad_anchor", "page": "s03/t00/page-0003.md", "token": "gone-1"},
        {"kind": "img_no_alt", "page": "s05/t01/page-0015.md", "token": "noalt-2.png"},
    ]
    reports = [
        "WARNING -  Doc file 's01/t02/page-0012.md' contains a link 'missing-0.md'",
        "WARNING -  A link '#gone-1' is broken",  # its token, but not its page: neither
        "WARNING -  Doc file 's05/t01/page-0015.md' line 3: 'noalt-2.png'",
        "WARNING -  Doc file 's05/t01/page-0015.md' line 3: 'noalt-2.png' again",
        "WARNING -  Doc file 's07/t00/page-0007.md' contains a link 'fine.md'",
    ]
    scored = run_benchmark.score(reports, faults)
    assert scored["faults"] == 3
    assert scored["found"] == 2  # the same fault reported twice is found once
    assert scored["missed_kinds"] == ["html_bad_anchor"]
    assert scored["false_positives"] == 1
    assert scored["false_positive_examples"] == [reports[-1]]


def test_lines_that_are_no_reports_are_left_out() -> None:
    output = (
        "INFO    -  Building documentation...\n"
        "WARNING -  Doc file 'a.md' contains a link 'b.md'\n"
        "WARNING -  Material for MkDocs reaches end of life\n"
        "ERROR   -  Doc file 'c.md' is broken\n"
        "Aborted with 2 warnings in strict mode!\n"
    )
    assert run_benchmark.build_reports(output) == [
        "WARNING -  Doc file 'a.md' contains a link 'b.md'",
        "ERROR   -  Doc file 'c.md' is broken",
    ]
