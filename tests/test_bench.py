"""Every benchmark in bench/ runs once at a tiny size, so none of them rots (the figures are not checked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # benchmark runs: CI runs them with -m slow

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CHROMIUM = Path("/usr/bin/chromium")

RUNS = [
    pytest.param(
        ["build_bench.py", "--docs", "3", "--runs", "1", "--corpora", "claims40,news5,gold", "--memory", "3"],
        ["claims40", "news5", "gold", "memory news5 3 documents"],
        id="build",
    ),
    pytest.param(
        ["build_bench.py", "--docs", "3", "--runs", "1", "--corpora", "news5", "--against", str(ROOT)],
        ["news5@", "CPU-s: median"],
        id="build-against",
    ),
    pytest.param(
        ["parallel_bench.py", "--docs", "4", "--runs", "1"], ["-j 2", "dask 2 workers", "byte-identical"], id="parallel"
    ),
    pytest.param(["memory.py", "--scale", "0.0002"], ["big.txt", "news.jsonl"], id="memory"),
    pytest.param(["query_bench.py", "--claims", "12", "--runs", "1"], ["claims"], id="query"),
    pytest.param(["query_stream.py", "--triples", "20", "--runs", "1"], ["start-up", "peak RSS"], id="query-stream"),
    pytest.param(
        ["render_bench.py", "--sizes", "3", "--runs", "1"],
        ["3"],
        id="render",
        marks=pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
    ),
]


def test_every_benchmark_has_a_smoke_run() -> None:
    covered = {param.values[0][0] for param in RUNS} | {argv[0] for argv, _ in STORE_RUNS}
    libraries = {"newsgen.py", "synthetic.py", "warcgen.py"}  # corpora the benchmarks generate, not benchmarks
    elsewhere = {p.name.removeprefix("test_") for p in (ROOT / "tests").glob("test_*_bench.py")}  # their own smoke runs
    assert covered == {p.name for p in BENCH.glob("*.py") if p.name not in libraries | elsewhere}


@pytest.mark.parametrize(("argv", "expected"), RUNS)
def test_benchmark_runs(argv: list[str], expected: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, str(BENCH / argv[0]), *argv[1:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for text in expected:
        assert text in done.stdout, done.stdout
    assert "Traceback" not in done.stderr


STORE_RUNS = [
    (["store_bench.py", "queries", "--triples", "3000", "--runs", "1"], "warm (cached)"),
    (["store_bench.py", "rebuild", "--docs", "6", "--runs", "1", "--no-validate"], "one changed article median"),
    (["store_bench.py", "serve", "--triples", "3000", "--clients", "2", "--seconds", "1", "--memory"], "queries/s"),
    (["store_bench.py", "serve", "--triples", "3000", "--clients", "2", "--seconds", "1", "--no-cache"], "0 from the"),
]


@pytest.mark.parametrize(
    ("argv", "expect"), STORE_RUNS, ids=["store-queries", "store-rebuild", "store-serve", "store-serve-no-cache"]
)
def test_benchmark_runs_once(argv: list[str], expect: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / argv[0]), *argv[1:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert expect in done.stdout
