"""Count the instructions that a build runs, without and with hooks/check_site.py.

    .venv/bin/python bench/count_instructions.py --pages 1000 --out bench/results

Wall and CPU times on a shared machine move by 10 % or more from run to run, which hides a
few per cent. The number of instructions a build executes hardly moves: this script runs the
plain build and the build with the hook under Valgrind's cachegrind (Debian package
`valgrind`; about fifty times slower than a normal build, so the two run side by side), on the
same synthetic site as bench/run_benchmark.py, with a fixed hash seed, and writes
RESULTS/instructions-PAGES.md. Instructions are not time (a cache miss costs more than an
addition), but they count all the work the hook adds, including what it makes Python's
garbage collector do for MkDocs.

With --cache-sim, cachegrind also simulates this machine's caches (32 KiB first-level
instruction and data caches, and the 32 MiB shared last level; that makes Valgrind about
twice as slow again) and the script writes RESULTS/cache-PAGES.md: the misses, and cycles
estimated with the usual rough model, instructions + 10 per first-level miss + 100 per
last-level miss. That counts what holding a batch of pages in memory costs the rest of the
build in caches.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_site import generate  # noqa: E402
from run_benchmark import HOOK, build_environment, write_configs  # noqa: E402

_INSTRUCTIONS = re.compile(r"I\s+refs:\s+([\d,]+)")
_COUNTS = {  # what cachegrind's summary calls them
    "instructions": _INSTRUCTIONS,
    "first-level misses": re.compile(r"(?:I1|D1)\s+misses:\s+([\d,]+)"),
    "last-level misses": re.compile(r"(?:LLi|LLd)\s+misses:\s+([\d,]+)"),
}
# The caches of the machine the results were made on (lscpu): cachegrind simulates a first
# level and a last level; what it guesses from a virtual machine's CPUID can be wrong.
_CACHES = ["--I1=32768,8,64", "--D1=32768,8,64", "--LL=33554432,16,64"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/check-site-instructions"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--cache-sim", action="store_true", help="also simulate the caches")
    arguments = parser.parse_args()
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind).")
    site = arguments.work / f"site-{arguments.pages}"
    shutil.rmtree(site, ignore_errors=True)
    generate(site, arguments.pages, seed=1)
    shutil.copy(HOOK, arguments.work / HOOK.name)  # a snapshot, as run_benchmark.py does
    write_configs(site, arguments.work / HOOK.name)
    running = {
        name: start_counted_build(valgrind, site, name, arguments.cache_sim)
        for name in ("plain", "hooks")
    }
    counts = {name: counted(process) for name, process in running.items()}
    if arguments.cache_sim:
        table, name = cache_table(counts, arguments.pages), "cache"
    else:
        table, name = instructions_table(counts, arguments.pages), "instructions"
    arguments.out.mkdir(parents=True, exist_ok=True)
    (arguments.out / f"{name}-{arguments.pages}.md").write_text(table + "\n")
    print(table)


def instructions_table(counts: dict[str, dict[str, int]], pages: int) -> str:
    plain, hooks = counts["plain"]["instructions"], counts["hooks"]["instructions"]
    return "\n".join(
        [
            f"| build ({pages:,} pages) | instructions | added |",
            "|---|---|---|",
            f"| `mkdocs build --strict` | {plain:,} | - |",
            f"| `mkdocs build --strict` + `hooks/check_site.py` | {hooks:,} "
            f"| {100 * (hooks / plain - 1):+.1f} % |",
        ]
    )


def cache_table(counts: dict[str, dict[str, int]], pages: int) -> str:
    cycles = {
        name: found["instructions"]
        + 10 * found["first-level misses"]
        + 100 * found["last-level misses"]
        for name, found in counts.items()
    }
    rows = [
        f"| build ({pages:,} pages) | instructions | first-level misses | last-level misses "
        "| estimated cycles | added |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in (
        ("plain", "`mkdocs build --strict`"),
        ("hooks", "`mkdocs build --strict` + `hooks/check_site.py`"),
    ):
        found = counts[name]
        added = "-" if name == "plain" else f"{100 * (cycles[name] / cycles['plain'] - 1):+.1f} %"
        rows.append(
            f"| {label} | {found['instructions']:,} | {found['first-level misses']:,} "
            f"| {found['last-level misses']:,} | {cycles[name]:,} | {added} |"
        )
    return "\n".join(rows)


def start_counted_build(
    valgrind: str, site: Path, name: str, cache_sim: bool
) -> subprocess.Popen[str]:
    command = [
        valgrind,
        "--tool=cachegrind",
        *(["--cache-sim=yes", *_CACHES] if cache_sim else ["--cache-sim=no"]),
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        f"mkdocs-{name}.yml",
    ]
    # A fixed hash seed: string hashes decide dict and set layouts, and with them how much
    # work some lookups take.
    environment = {**build_environment(), "PYTHONHASHSEED": "0"}
    output = subprocess.PIPE
    return subprocess.Popen(
        command, cwd=site, env=environment, stdout=output, stderr=output, text=True
    )


def counted(process: subprocess.Popen[str]) -> dict[str, int]:
    """The counts in cachegrind's closing summary (instructions and, simulated, misses)."""
    _stdout, stderr = process.communicate()
    if _INSTRUCTIONS.search(stderr) is None:
        sys.exit(f"No instruction count in Valgrind's output:\n{stderr[-2000:]}")
    return {
        name: sum(int(count.replace(",", "")) for count in pattern.findall(stderr))
        for name, pattern in _COUNTS.items()
    }


if __name__ == "__main__":
    main()
