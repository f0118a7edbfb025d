"""What the killable worker and the streamed output of ``kg query`` cost.

1. Start-up: ``kg.query.write_query`` of ``ASK {}`` in-process against a forked worker
   (``isolate=True``, what ``kg query`` does), on a held store and on a graph file that the
   worker loads, median of ``--runs``.
2. Throughput: rows per second written in each format for the self-product of a graph of
   ``--triples`` triples (six terms a row), in-process and through the worker.
3. Memory: peak RSS of ``kg query`` (parent and worker, from ``wait4``) writing 100 rows
   and the whole product to /dev/null.

    python bench/query_stream.py --triples 400 --runs 20
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query import FORMATS, write_query  # noqa: E402
from kg.store import open_store  # noqa: E402

PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


def median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


# kg runs as the child of a small launcher: a child's peak RSS starts at its parent's.
LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, _, usage = os.wait4(p.pid, 0)\n"
    "print(usage.ru_maxrss)\n"
)


def peak_rss_mb(args: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "kg", *args], capture_output=True, env=env, cwd=ROOT
    ).stdout
    return int(out) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=400)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.nt"
        with path.open("w", encoding="utf-8") as f:
            for i in range(args.triples):
                f.write(f'<https://example.org/s/{i}> <https://example.org/p> "value number {i}, with some text" .\n')
        store = open_store(path)

        print("start-up of ASK {} (median ms)")
        for label, source in (("held store", store), ("graph file", path)):
            inproc = median_ms(lambda s=source: write_query(s, "ASK {}", io.BytesIO(), isolate=False), args.runs)
            forked = median_ms(lambda s=source: write_query(s, "ASK {}", io.BytesIO(), isolate=True), args.runs)
            print(f"  {label:<11} in-process {inproc:7.1f}  worker {forked:7.1f}  added {forked - inproc:6.1f}")

        rows = args.triples**2
        print(f"throughput, {rows:,} rows of 6 terms (rows/s)")
        for fmt in FORMATS:
            line = f"  {fmt:<6}"
            for isolate in (False, True):
                started = time.perf_counter()
                write_query(store, PRODUCT, io.BytesIO(), fmt=fmt, isolate=isolate, timeout=None)
                line += f"  {'worker' if isolate else 'in-process'} {rows / (time.perf_counter() - started):9,.0f}"
            print(line)

        print("peak RSS of kg query (MB)")
        for fmt in FORMATS:
            small = peak_rss_mb(["query", str(path), "-e", PRODUCT + " LIMIT 100", "-f", fmt])
            large = peak_rss_mb(["query", str(path), "-e", PRODUCT, "-f", fmt])
            print(f"  {fmt:<6} 100 rows {small:6.0f}  {rows:,} rows {large:6.0f}")


if __name__ == "__main__":
    main()
