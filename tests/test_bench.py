"""The benchmark scripts read their measurements right (their numbers go into the docs)."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import count_instructions
import run_benchmark

# The closing summary of `valgrind --tool=cachegrind --cache-sim=yes` (Valgrind 3.19).
CACHEGRIND_SUMMARY = """\
==7== I   refs:      3,598,983,960
==7== I1  misses:       60,000,000
==7== LLi misses:          100,000
==7== I1  miss rate:          1.67%
==7== LLi miss rate:          0.00%
==7==
==7== D   refs:      1,700,000,000  (1,100,000,000 rd   + 600,000,000 wr)
==7== D1  misses:       44,489,447  (   40,000,000 rd   +   4,489,447 wr)
==7== LLd misses:          529,047  (      500,000 rd   +      29,047 wr)
==7== D1  miss rate:           2.6% (          3.6%     +          0.7%  )
==7== LLd miss rate:           0.0% (          0.0%     +          0.0%  )
==7==
==7== LL refs:         104,489,447  (  100,000,000 rd   +   4,489,447 wr)
==7== LL misses:           629,047  (      600,000 rd   +      29,047 wr)
==7== LL miss rate:            0.0% (          0.0%     +          0.0%  )
"""


class FinishedProcess:
    def __init__(self, stderr: str) -> None:
        self.stderr = stderr

    def communicate(self) -> tuple[str, str]:
        return "", self.stderr


def test_cachegrind_summary_is_read_level_by_level() -> None:
    counts = count_instructions.counted(FinishedProcess(CACHEGRIND_SUMMARY))
    assert counts == {
        "instructions": 3_598_983_960,
        "first-level misses": 60_000_000 + 44_489_447,  # I1 + D1, not "LL refs"
        "last-level misses": 100_000 + 529_047,  # LLi + LLd, not their total "LL misses"
    }


def test_a_summary_without_counts_stops_the_script() -> None:
    with pytest.raises(SystemExit, match="No instruction count"):
        count_instructions.counted(FinishedProcess("valgrind: command not found"))


def test_cycles_are_estimated_with_the_rough_model() -> None:
    counts = {
        "plain": {"instructions": 1000, "first-level misses": 10, "last-level misses": 1},
        "hooks": {"instructions": 1030, "first-level misses": 11, "last-level misses": 2},
    }
    table = count_instructions.cache_table(counts, 3000).splitlines()
    assert table[2].endswith("| 1,000 | 10 | 1 | 1,200 | - |")  # 1000 + 10*10 + 100*1
    assert table[3].endswith("| 1,030 | 11 | 2 | 1,340 | +11.7 % |")  # 1030 + 110 + 200


def test_side_by_side_builds_report_each_ones_own_cpu_time(tmp_path, monkeypatch) -> None:
    # Two stand-ins for the builds: one works about four times as long as the other.
    def stand_in(name: str) -> list[str]:
        loops = {"plain": 2_000_000, "hooks": 8_000_000}[name]
        return [sys.executable, "-c", f"print('WARNING - {name}'); sum(range({loops}))"]

    monkeypatch.setattr(run_benchmark, "build_command", stand_in)
    results = run_benchmark.run_builds_side_by_side(tmp_path, ("plain", "hooks"))
    assert results["plain"][1] == "WARNING - plain\n"
    assert results["hooks"][1] == "WARNING - hooks\n"
    assert results["hooks"][0] > results["plain"][0] > 0
