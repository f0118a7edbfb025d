"""bench/web_bench.py runs once at a tiny size, so it does not rot (its figures are not checked here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # benchmark runs: CI runs them with -m slow


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--quality"], ["all: title ", "held out: title ", "akorda-ru-referendum.html"]),
        (["--warc", "6", "--runs", "1"], ["6 captures", "24 captures", "records/s", "peak traced memory"]),
    ],
    ids=["quality", "warc"],
)
def test_web_bench_runs(argv: list[str], expected: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "web_bench.py"), *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for text in expected:
        assert text in done.stdout, done.stdout
    assert "Traceback" not in done.stderr
