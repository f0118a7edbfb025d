"""One small iteration of each benchmark in bench/, so that none of them rots unnoticed.

Only that they run and print their figures; speed is measured by the benchmarks themselves.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        pytest.param(
            ["store_bench.py", "queries", "--triples", "3000", "--runs", "1"],
            "median over the named queries",
            marks=pytest.mark.slow,  # two whole kg query commands
        ),
        (["store_bench.py", "rebuild", "--docs", "6", "--runs", "1", "--no-validate"], "one changed article median"),
        pytest.param(
            ["store_bench.py", "serve", "--triples", "3000", "--clients", "2", "--seconds", "1", "--memory"],
            "queries/s",
            marks=pytest.mark.slow,  # a kg serve process
        ),
    ],
    ids=["store-queries", "store-rebuild", "store-serve"],
)
def test_benchmark_runs_once(argv: list[str], expect: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / argv[0]), *argv[1:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert expect in done.stdout
