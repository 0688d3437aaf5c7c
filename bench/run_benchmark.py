"""Benchmark the checkers side by side on synthetic sites with planted faults.

    .venv/bin/python bench/run_benchmark.py --sizes 1000 3000 --repeat 9 --out bench/results

For each size: generate a site (bench/generate_site.py), then time
  1. plain `mkdocs build --strict` (MkDocs' own validation only),
  2. the same build with hooks/check_site.py, at the same time as 1 (one build per core),
     --repeat times,
  3. the same build with mkdocs-htmlproofer-plugin (validate_external_urls: false),
  4. lychee --offline --include-fragments --index-files index.html on the built folder,
and score each report against the manifest: a planted fault counts as found when one report
line names its page and contains its token; every other report line is a false positive.
Writes RESULTS/results.json and RESULTS/table.md. lychee is looked up on PATH or --lychee.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOOK = HERE.parent / "hooks" / "check_site.py"
sys.path.insert(0, str(HERE))
from generate_site import generate  # noqa: E402

# Lines a build prints that are not about the site's content (Material's end-of-life notice,
# the strict-mode verdict).
_NOT_A_REPORT = re.compile(r"Aborted with|strict mode|reaches end of life|Zensical|ProperDocs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--repeat", type=int, default=9, help="pairs of plain and hooks builds")
    parser.add_argument("--work", type=Path, default=Path("/tmp/check-site-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--lychee", default=shutil.which("lychee"))
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    # Time a snapshot of the hook, so that editing hooks/ during a long run changes nothing.
    arguments.work.mkdir(parents=True, exist_ok=True)
    shutil.copy(HOOK, arguments.work / HOOK.name)
    results = []
    for size in arguments.sizes:
        results.extend(benchmark_size(size, arguments))
        write_outputs(results, arguments)
    print((arguments.out / "table.md").read_text())


def benchmark_size(size: int, arguments: argparse.Namespace) -> list[dict]:
    site = arguments.work / f"site-{size}"
    shutil.rmtree(site, ignore_errors=True)
    faults = [vars(fault) for fault in generate(site, size, seed=1)]
    write_configs(site, arguments.work / HOOK.name)
    rows: list[dict] = []
    timings: dict[str, list[float]] = {"plain": [], "hooks": []}
    outputs: dict[str, str] = {}
    hook_seconds: list[float] = []
    added: list[float] = []  # per side-by-side pair: the hooks build's CPU time over plain's
    for _ in range(arguments.repeat):
        pair = run_builds_side_by_side(site, ("plain", "hooks"))
        for name, (seconds, output) in pair.items():
            timings[name].append(seconds)
            outputs[name] = output
        added.append(100 * (pair["hooks"][0] / pair["plain"][0] - 1))
        if match := re.search(r"problems in ([\d.]+) seconds", outputs["hooks"]):
            hook_seconds.append(float(match.group(1)))
    # htmlproofer takes several times as long as a plain build, so it cannot run beside one:
    # it is compared with a plain build run alone just before it.
    plain_alone, _ = run_build(site, "plain")
    seconds, outputs["htmlproofer"] = run_build(site, "htmlproofer")
    timings["htmlproofer"] = [seconds]
    for name, label in (
        ("plain", "mkdocs build --strict (validation: warn)"),
        ("hooks", "mkdocs build --strict + hooks/check_site.py"),
        ("htmlproofer", "mkdocs build --strict + htmlproofer"),
    ):
        reports = build_reports(outputs[name])
        # The fastest of the runs: other work on a shared machine only ever adds time to a
        # run (the spread is in results.json).
        rows.append(row(size, label, min(timings[name]), reports, faults))
        rows[-1]["all_seconds"] = [round(seconds, 2) for seconds in timings[name]]
    rows[1]["hook_self_seconds"] = min(hook_seconds) if hook_seconds else None
    rows[1]["added_side_by_side"] = [round(percent, 1) for percent in added]
    rows[2]["plain_alone_seconds"] = round(plain_alone, 2)
    if arguments.lychee:
        seconds, reports = run_lychee(arguments.lychee, site / "site-plain")
        rows.append(row(size, "lychee --offline (on the built folder)", seconds, reports, faults))
    return rows


def write_configs(site: Path, hook: Path) -> None:
    base = (site / "mkdocs.yml").read_text()
    (site / "mkdocs-plain.yml").write_text(base + "site_dir: site-plain\n")
    (site / "mkdocs-hooks.yml").write_text(base + f"site_dir: site-hooks\nhooks:\n  - {hook}\n")
    (site / "mkdocs-htmlproofer.yml").write_text(
        base
        + "site_dir: site-htmlproofer\nplugins:\n  - search\n  - htmlproofer:\n"
        + "      validate_external_urls: false\n"
    )


def build_command(name: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", f"mkdocs-{name}.yml"]


def build_environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # MkDocs' notice is no report


def run_build(site: Path, name: str) -> tuple[float, str]:
    seconds, finished = timed(build_command(name), cwd=site, env=build_environment())
    return seconds, finished.stdout + finished.stderr


def run_builds_side_by_side(site: Path, names: tuple[str, ...]) -> dict[str, tuple[float, str]]:
    """Run the builds at the same time, one per core: CPU seconds and output of each.

    Builds run one after the other meet different conditions on a shared machine (other
    work, the state of caches and memory): two runs of the same build differ by 10 % and
    more. Builds run side by side meet more nearly the same conditions.
    """
    environment = build_environment()
    results = {}
    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as cleanup:
        running = {}
        for name in names:
            log = cleanup.enter_context((Path(scratch) / f"{name}.log").open("w+"))
            process = cleanup.enter_context(
                subprocess.Popen(
                    build_command(name), cwd=site, env=environment, stdout=log, stderr=log
                )
            )
            cleanup.callback(stop_if_running, process)
            running[name] = (process, log)
        for name, (process, log) in running.items():
            _pid, status, usage = os.wait4(process.pid, 0)  # the resources of that build alone
            process.returncode = os.waitstatus_to_exitcode(status)
            log.seek(0)
            results[name] = (usage.ru_utime + usage.ru_stime, log.read())
    print(
        "  side by side: " + ", ".join(f"{name} {results[name][0]:.1f} s CPU" for name in names),
        file=sys.stderr,
    )
    return results


def stop_if_running(process: subprocess.Popen) -> None:
    """Leave no build behind when the benchmark stops early (Ctrl-C, an error)."""
    if process.returncode is None:
        process.kill()
        process.wait()


def timed(command: list[str], **options) -> tuple[float, subprocess.CompletedProcess]:
    """CPU seconds (user + system) of the command and its children.

    CPU time, not wall time: this machine is shared, and other work running beside the
    benchmark stretches wall time by whatever it takes, but not the CPU time of the build.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, check=False, **options)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"  {' '.join(command[-3:])}: {cpu:.1f} s CPU, {wall:.1f} s wall", file=sys.stderr)
    return cpu, finished


def build_reports(output: str) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if line.startswith(("WARNING", "ERROR")) and not _NOT_A_REPORT.search(line)
    ]


def run_lychee(lychee: str, folder: Path) -> tuple[float, list[str]]:
    command = [
        lychee,
        "--offline",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--no-progress",
        "--format",
        "json",
        str(folder),
    ]
    seconds, finished = timed(command)
    try:
        data = json.loads(finished.stdout)
    except ValueError:
        return seconds, [f"lychee output unreadable: {finished.stderr[:200]}"]
    reports = []
    for page, failures in (data.get("error_map") or data.get("fail_map") or {}).items():
        reports.extend(
            f"{page}: {failure.get('url')} {failure.get('status')}" for failure in failures
        )
    return seconds, reports


def row(size: int, label: str, seconds: float, reports: list[str], faults: list[dict]) -> dict:
    found = set()
    false_positives = []
    for report in reports:
        matched = [
            index
            for index, fault in enumerate(faults)
            if fault["token"] in report and page_stem(fault["page"]) in report
        ]
        found.update(matched)
        # A line about a planted fault that fails to name its page does not count as found,
        # but it is no false positive either.
        if not any(fault["token"] in report for fault in faults):
            false_positives.append(report)
    return {
        "size": size,
        "checker": label,
        "seconds": round(seconds, 2),
        "faults": len(faults),
        "found": len(found),
        "missed_kinds": sorted({faults[i]["kind"] for i in range(len(faults)) if i not in found}),
        "false_positives": len(false_positives),
        "false_positive_examples": false_positives[:5],
    }


def page_stem(src: str) -> str:
    return src.rsplit("/", 1)[-1].removesuffix(".md")


def write_outputs(results: list[dict], arguments: argparse.Namespace) -> None:
    (arguments.out / "results.json").write_text(json.dumps(results, indent=1))
    sizes = sorted({result["size"] for result in results})
    lines = [
        "| checker | " + " | ".join(f"time at {size:,}" for size in sizes) + " | ratio "
        f"{sizes[-1]:,}/{sizes[0]:,} | added at {sizes[-1]:,} | recall at {sizes[-1]:,} | "
        f"false positives at {sizes[-1]:,} | not found |",
        "|---" * (len(sizes) + 6) + "|",
    ]
    plain = {
        r["size"]: r["seconds"]
        for r in results
        if r["checker"].startswith("mkdocs build") and "+" not in r["checker"]
    }
    for checker in dict.fromkeys(result["checker"] for result in results):
        by_size = {r["size"]: r for r in results if r["checker"] == checker}
        last = by_size.get(sizes[-1]) or by_size[max(by_size)]
        times = " | ".join(f"{by_size[s]['seconds']:.1f} s" if s in by_size else "-" for s in sizes)
        first = by_size.get(sizes[0])
        ratio = f"{last['seconds'] / first['seconds']:.2f}" if first and len(sizes) > 1 else "-"
        if side_by_side := last.get("added_side_by_side"):
            # Against the plain build that ran beside it: the median of the pairs.
            added = f"{statistics.median(side_by_side):+.1f} % (median of {len(side_by_side)} pairs"
            if (own := last.get("hook_self_seconds")) is not None:
                share = 100 * own / plain[last["size"]]
                added += f"; hook's own time {own:.2f} s = {share:.1f} %"
            added += ")"
        elif alone := last.get("plain_alone_seconds"):
            share = 100 * (last["seconds"] / alone - 1)
            added = f"{share:+.1f} % (against a plain build alone: {alone:.1f} s)"
        else:
            added = "-"
        recall = f"{last['found']}/{last['faults']}"
        missed = ", ".join(last["missed_kinds"]) or "-"
        lines.append(
            f"| {checker} | {times} | {ratio} | {added} | {recall} | "
            f"{last['false_positives']} | {missed} |"
        )
    (arguments.out / "table.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
