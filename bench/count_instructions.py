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
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_site import generate  # noqa: E402
from run_benchmark import HOOK, write_configs  # noqa: E402

_INSTRUCTIONS = re.compile(r"I\s+refs:\s+([\d,]+)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/check-site-instructions"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    arguments = parser.parse_args()
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind).")
    site = arguments.work / f"site-{arguments.pages}"
    shutil.rmtree(site, ignore_errors=True)
    generate(site, arguments.pages, seed=1)
    shutil.copy(HOOK, arguments.work / HOOK.name)  # a snapshot, as run_benchmark.py does
    write_configs(site, arguments.work / HOOK.name)
    running = {name: start_counted_build(valgrind, site, name) for name in ("plain", "hooks")}
    counts = {name: instructions(process) for name, process in running.items()}
    added = 100 * (counts["hooks"] / counts["plain"] - 1)
    table = "\n".join(
        [
            f"| build ({arguments.pages:,} pages) | instructions | added |",
            "|---|---|---|",
            f"| `mkdocs build --strict` | {counts['plain']:,} | - |",
            f"| `mkdocs build --strict` + `hooks/check_site.py` | {counts['hooks']:,} "
            f"| {added:+.1f} % |",
        ]
    )
    arguments.out.mkdir(parents=True, exist_ok=True)
    (arguments.out / f"instructions-{arguments.pages}.md").write_text(table + "\n")
    print(table)


def start_counted_build(valgrind: str, site: Path, name: str) -> subprocess.Popen[str]:
    command = [
        valgrind,
        "--tool=cachegrind",
        "--cache-sim=no",
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
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    output = subprocess.PIPE
    return subprocess.Popen(
        command, cwd=site, env=environment, stdout=output, stderr=output, text=True
    )


def instructions(process: subprocess.Popen[str]) -> int:
    _stdout, stderr = process.communicate()
    found = _INSTRUCTIONS.search(stderr)
    if found is None:
        sys.exit(f"No instruction count in Valgrind's output:\n{stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


if __name__ == "__main__":
    main()
