"""One small iteration of each benchmark in bench/, so that none of them rots unnoticed.

Only that they run and print their figures; speed is measured by the benchmarks themselves.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # benchmark runs: CI runs them with -m slow


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        (["store_bench.py", "queries", "--triples", "3000", "--runs", "1"], "median over the named queries"),
        (["store_bench.py", "rebuild", "--docs", "6", "--runs", "1", "--no-validate"], "one changed article median"),
        (["store_bench.py", "serve", "--triples", "3000", "--clients", "2", "--seconds", "1", "--memory"], "queries/s"),
    ],
    ids=["store-queries", "store-rebuild", "store-serve"],
)
def test_benchmark_runs_once(argv: list[str], expect: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / argv[0]), *argv[1:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert expect in done.stdout
