"""Measure what hooks/check_site.py adds to a whole `mkdocs build`, and what it finds.

Synthetic sites with planted faults (bench/generate_site.py), against htmlproofer and lychee:

    .venv/bin/python bench/run_benchmark.py --sizes 1000 3000 --repeat 7 --out bench/results

A real project, built (not strict) with its own python, MkDocs and plugins:

    .venv/bin/python bench/run_benchmark.py --project ../other/mkdocs.yml \
        --project-python ../other/.venv/bin/python --out /tmp/bench-other

The whole build runs plain and with the hooks in alternating pairs, one after the other (who
goes first alternates, to cancel drift); CPU seconds and peak memory of each come from
os.wait4. Added cost: the median of the pair ratios (hooks / plain - 1), and their range.
--hooks (default hooks/) is copied at the start: editing it during a run changes nothing.
Writes RESULTS/results.json, RESULTS/table.md and each build's output (RESULTS/*.log).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_site import generate  # noqa: E402

# Lines a build prints that are not about the site's content.
_NOT_A_REPORT = re.compile(r"Aborted with|strict mode|reaches end of life|Zensical|ProperDocs")
_FINISHED = re.compile(r"Documentation built in|Aborted with \d+ warnings")
ENVIRONMENT = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # MkDocs' notice is no report


@dataclass
class Run:
    cpu: float  # user + system seconds
    mib: float  # peak resident memory
    output: str


def measure(command: list[str], cwd: Path) -> Run:
    """Run one child to its end: its own CPU time and peak memory, from os.wait4."""
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, cwd=cwd, env=ENVIRONMENT, stdout=log, stderr=log)
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        run = Run(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, log.read())
    print(f"  {' '.join(command[-2:])}: {run.cpu:.1f} s CPU, {run.mib:.0f} MiB", file=sys.stderr)
    return run


def run_pairs(commands: dict[str, list[str]], cwd: Path, repeat: int) -> dict[str, list[Run]]:
    """Run "plain" and "hooks" one after the other, repeat times, alternating who goes first."""
    runs: dict[str, list[Run]] = {"plain": [], "hooks": []}
    for index in range(repeat):
        for name in ("plain", "hooks") if index % 2 == 0 else ("hooks", "plain"):
            runs[name].append(finished(measure(commands[name], cwd), name))
    return runs


def pair_ratios(plain: list[float], hooks: list[float]) -> list[float]:
    """Per pair, in per cent: what the hooks build costs over the plain build beside it."""
    return [100 * (with_hooks / alone - 1) for alone, with_hooks in zip(plain, hooks, strict=True)]


def finished(run: Run, name: str) -> Run:
    """The run, if the build ran to its end (strict builds with warnings exit 1 there)."""
    if not _FINISHED.search(run.output):
        sys.exit(f"The {name} build did not finish:\n{run.output[-3000:]}")
    return run


def snapshot_hooks(hooks: Path, work: Path) -> Path:
    """Copy the whole hooks folder (check_site.py and its package): the hook file to list."""
    snapshot = work / "hooks-snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    shutil.copytree(hooks, snapshot, ignore=shutil.ignore_patterns("__pycache__"))
    if not (snapshot / "check_site.py").is_file():
        sys.exit(f"No check_site.py in {hooks}")
    return snapshot / "check_site.py"


def mkdocs(python: str, config: Path, strict: bool) -> list[str]:
    return [python, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f", str(config)]


def build_row(label: str, runs: list[Run], plain: list[Run] | None, **extra: Any) -> dict:
    """The measurements of one checker; against `plain`, the ratios of each pair."""
    cpu, mib = [run.cpu for run in runs], [run.mib for run in runs]
    return {
        "checker": label,
        "cpu_seconds": [round(seconds, 2) for seconds in cpu],
        "peak_mib": [round(peak, 1) for peak in mib],
        "added_cpu": plain and [round(r, 1) for r in pair_ratios([p.cpu for p in plain], cpu)],
        "added_memory": plain and [round(r, 1) for r in pair_ratios([p.mib for p in plain], mib)],
        **extra,
    }


def benchmark_size(size: int, arguments: argparse.Namespace, hook: Path) -> list[dict]:
    site = arguments.work / f"site-{size}"
    shutil.rmtree(site, ignore_errors=True)
    faults = [vars(fault) for fault in generate(site, size, seed=1)]
    base = (site / "mkdocs.yml").read_text()
    configs = {
        "plain": base + "site_dir: site-plain\n",
        "hooks": base + f"site_dir: site-hooks\nhooks:\n  - {hook}\n",
        "htmlproofer": base + "site_dir: site-htmlproofer\nplugins:\n  - search\n"
        "  - htmlproofer:\n      validate_external_urls: false\n",
    }
    commands = {}
    for name, text in configs.items():
        (site / f"mkdocs-{name}.yml").write_text(text)
        commands[name] = mkdocs(sys.executable, site / f"mkdocs-{name}.yml", strict=True)
    runs = run_pairs(commands, site, arguments.repeat)
    # htmlproofer takes several times as long: one run, against a plain build just before it.
    runs["plain alone"] = [finished(measure(commands["plain"], site), "plain")]
    runs["htmlproofer"] = [finished(measure(commands["htmlproofer"], site), "htmlproofer")]
    for name, measured in runs.items():
        log = arguments.out / f"site-{size}-{name.replace(' ', '-')}.log"
        log.write_text(measured[-1].output)
    rows = [
        build_row("mkdocs build --strict (validation: warn)", runs["plain"], None),
        build_row("mkdocs build --strict + hooks/check_site.py", runs["hooks"], runs["plain"]),
        build_row("mkdocs build --strict + htmlproofer", runs["htmlproofer"], runs["plain alone"]),
    ]
    for row, name in zip(rows, ("plain", "hooks", "htmlproofer"), strict=True):
        row.update(score(build_reports(runs[name][-1].output), faults))
    if arguments.lychee:
        run, reports = run_lychee(arguments.lychee, site / "site-plain")
        rows.append(build_row("lychee --offline (on the built folder)", [run], None))
        rows[-1].update(score(reports, faults))
    return [{"size": size, **row} for row in rows]


def build_reports(output: str) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if line.startswith(("WARNING", "ERROR")) and not _NOT_A_REPORT.search(line)
    ]


def run_lychee(lychee: str, folder: Path) -> tuple[Run, list[str]]:
    options = ["--offline", "--include-fragments", "--index-files", "index.html"]
    run = measure([lychee, *options, "--no-progress", "--format", "json", str(folder)], HERE)
    try:
        data = json.loads(run.output[run.output.find("{") :])
    except ValueError:
        return run, [f"lychee output unreadable: {run.output[:200]}"]
    reports = []
    for page, failures in (data.get("error_map") or data.get("fail_map") or {}).items():
        reports.extend(f"{page}: {fail.get('url')} {fail.get('status')}" for fail in failures)
    return run, reports


def score(reports: list[str], faults: list[dict]) -> dict:
    """A fault is found when one report line names its page and contains its token."""
    found: set[int] = set()
    false_positives = []
    for report in reports:
        found.update(
            index
            for index, fault in enumerate(faults)
            if fault["token"] in report and page_stem(fault["page"]) in report
        )
        # A line about a planted fault that fails to name its page is not found, but no
        # false positive either.
        if not any(fault["token"] in report for fault in faults):
            false_positives.append(report)
    return {
        "faults": len(faults),
        "found": len(found),
        "missed_kinds": sorted({f["kind"] for i, f in enumerate(faults) if i not in found}),
        "false_positives": len(false_positives),
        "false_positive_examples": false_positives[:5],
    }


def page_stem(src: str) -> str:
    return src.rsplit("/", 1)[-1].removesuffix(".md")


class TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files: custom tags (!ENV, !!python/name:…, !relative) become None."""


TolerantLoader.add_multi_constructor("", lambda _loader, _suffix, _node: None)


def project_hooks(config: Path) -> list[Path]:
    """The project's own hooks, as absolute paths (following INHERIT when it has none)."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=TolerantLoader) or {}
    if data.get("hooks") is None and isinstance(data.get("INHERIT"), str):
        return project_hooks(config.parent / data["INHERIT"])
    return [(config.parent / hook).resolve() for hook in data.get("hooks") or []]


def write_wrappers(config: Path, hook: Path, site_dir: Path) -> dict[str, Path]:
    """mkdocs-bench-plain.yml and mkdocs-bench-hooks.yml next to the project's config."""
    base = {"INHERIT": config.name, "strict": False}  # real projects have warnings
    hooks = [*map(str, project_hooks(config)), str(hook)]
    wrappers = {}
    for name, extra in (("plain", {}), ("hooks", {"hooks": hooks})):
        wrappers[name] = config.parent / f"mkdocs-bench-{name}.yml"
        content = {**base, "site_dir": str(site_dir / name), **extra}
        wrappers[name].write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return wrappers


def benchmark_project(arguments: argparse.Namespace, hook: Path) -> list[dict]:
    # The project's own tools first on PATH, as in its venv: a project's hook may run its CLI.
    tools = Path(arguments.project_python).parent
    ENVIRONMENT["PATH"] = f"{tools}{os.pathsep}{ENVIRONMENT.get('PATH', '')}"
    config = arguments.project.resolve()
    name = config.parent.name
    site_dir = Path(tempfile.mkdtemp(prefix=f"site-{name}-", dir=arguments.work))
    wrappers = write_wrappers(config, hook, site_dir)
    try:
        commands = {
            key: mkdocs(arguments.project_python, path, False) for key, path in wrappers.items()
        }
        runs = run_pairs(commands, config.parent, arguments.repeat)
    finally:
        for path in wrappers.values():
            path.unlink(missing_ok=True)
        shutil.rmtree(site_dir, ignore_errors=True)
    rows = []
    for key, label in (("plain", f"{name}: mkdocs build"), ("hooks", f"{name}: + check_site.py")):
        (arguments.out / f"project-{name}-{key}.log").write_text(runs[key][-1].output)
        plain = runs["plain"] if key == "hooks" else None
        warnings = len(build_reports(runs[key][-1].output))
        rows.append(build_row(label, runs[key], plain, warnings=warnings))
    return rows


def added(ratios: list[float] | None) -> str:
    if not ratios:
        return "-"
    if len(ratios) == 1:
        return f"{ratios[0]:+.1f} % (1 run, against a plain build just before)"
    pairs = f"median of {len(ratios)} pairs, {min(ratios):+.1f} to {max(ratios):+.1f}"
    return f"{statistics.median(ratios):+.1f} % ({pairs})"


def cpu(row: dict) -> str:
    return f"{statistics.median(row['cpu_seconds']):.1f} s"


def mib(row: dict) -> str:
    return f"{statistics.median(row['peak_mib']):.0f} MiB"


def table(results: list[dict], notes: list[str]) -> str:
    sizes = sorted({r["size"] for r in results if "size" in r})
    at = f" at {sizes[-1]:,}" if sizes else ""
    head = ["checker", *(f"time at {size:,}" for size in sizes), f"peak memory{at}"]
    head += [f"added CPU{at}", f"added memory{at}"]
    head += [f"faults found{at}", f"false positives{at}", f"kinds missed{at}"]
    if not sizes:  # a real project: no planted faults, but the warnings of each build
        head = ["build", "CPU", "peak memory", "added CPU", "added memory", "warnings"]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for checker in dict.fromkeys(r["checker"] for r in results):
        by_size = {r.get("size"): r for r in results if r["checker"] == checker}
        row = by_size[max(by_size)]  # the largest size
        cells = [checker, *(cpu(by_size[s]) if s in by_size else "-" for s in sizes or [None])]
        cells += [mib(row), added(row["added_cpu"]), added(row["added_memory"])]
        if sizes:
            cells += [f"{row['found']}/{row['faults']}", str(row["false_positives"])]
            cells += [", ".join(row["missed_kinds"]) or "-"]
        else:
            cells += [str(row["warnings"])]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("\nTime: median CPU seconds (user + system) of the whole build process.")
    return "\n".join([*lines, *notes]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--repeat", type=int, default=7, help="pairs of plain and hooks builds")
    parser.add_argument("--hooks", type=Path, default=HERE.parent / "hooks", help="hooks folder")
    parser.add_argument("--project", type=Path, help="a real project's mkdocs.yml")
    parser.add_argument("--project-python", default=sys.executable)
    parser.add_argument("--work", type=Path, default=Path("/tmp/check-site-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--lychee", default=shutil.which("lychee"))
    arguments = parser.parse_args()
    arguments.work = arguments.work.resolve()
    arguments.out.mkdir(parents=True, exist_ok=True)
    arguments.work.mkdir(parents=True, exist_ok=True)
    hook = snapshot_hooks(arguments.hooks.resolve(), arguments.work)
    notes = []
    if not arguments.project and not arguments.lychee:
        notes.append("\nlychee: skipped, not found on PATH (give --lychee).")
    results: list[dict] = []
    for size in [0] if arguments.project else arguments.sizes:
        if arguments.project:
            results = benchmark_project(arguments, hook)
        else:
            results.extend(benchmark_size(size, arguments, hook))
        (arguments.out / "results.json").write_text(json.dumps(results, indent=1))
        (arguments.out / "table.md").write_text(table(results, notes))
    print((arguments.out / "table.md").read_text())


if __name__ == "__main__":
    main()
