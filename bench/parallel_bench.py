"""``kg build -j 2`` against ``-j 1``, and Dask with two workers against ``-j 2``: wall time and ratios.

It writes a generated corpus (``build_bench``'s ``claims40`` or ``news5``, ``--docs`` articles), then
builds it ``--runs`` times each way with ``python -m kg build DIR -o OUT --no-html`` (validation on)
and prints the median wall time, the build process's CPU time and the ratios. The Dask cluster is a
``LocalCluster`` of two worker processes, one thread each, started once (its start-up is not timed;
each worker loads the grammar on its first document, which is timed). Every build's graph.ttl must be
byte-identical to ``-j 1``'s. On a machine with two cores the build process competes with its workers::

    python bench/parallel_bench.py --docs 500 --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import GENERATED, build_once, write_corpus

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500, help="articles in the generated corpus")
    parser.add_argument("--runs", type=int, default=3, help="builds each way (medians reported)")
    parser.add_argument("--corpus", choices=sorted(GENERATED), default="claims40")
    parser.add_argument("--no-dask", action="store_true", help="only -j 1 and -j 2")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-parallel-bench-"))
    cluster = None
    try:
        folder = work / "corpus"
        folder.mkdir()
        write_corpus(folder, args.docs, article=GENERATED[args.corpus])
        ways: list[tuple[str, list[str]]] = [("-j 1", ["-j", "1"]), ("-j 2", ["-j", "2"])]
        if not args.no_dask:
            try:
                from distributed import LocalCluster
            except ImportError:
                print("# dask.distributed is not installed: no Dask row")
            else:
                os.environ["PYTHONPATH"] = str(ROOT)  # the workers import this checkout's kg
                cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
                ways.append(("dask 2 workers", ["--scheduler", cluster.scheduler_address]))
        print(f"# {args.corpus}, {args.docs} documents, median of {args.runs} runs, {os.cpu_count()} CPUs")
        print(f"{'way':16} {'sentences':>9} {'wall s':>7} {'CPU s':>7} {'sent/wall-s':>11}")
        walls: dict[str, float] = {}
        reference: bytes | None = None
        for name, extra in ways:
            runs = []
            for run in range(args.runs):
                out = work / f"out-{name.replace(' ', '')}-{run}"
                runs.append(build_once([folder], out, ROOT, extra=extra))
                ttl = (out / "graph.ttl").read_bytes()
                reference = reference if reference is not None else ttl
                if ttl != reference:
                    raise RuntimeError(f"{name}: graph.ttl differs from -j 1's")
            wall = walls[name] = statistics.median(r.wall for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            sentences = runs[0].sentences
            print(f"{name:16} {sentences:>9} {wall:>7.2f} {cpu:>7.2f} {sentences / wall:>11.0f}", flush=True)
        print(f"ratio -j 1 / -j 2 wall: {walls['-j 1'] / walls['-j 2']:.2f}")
        if "dask 2 workers" in walls:
            print(f"ratio -j 2 / dask wall: {walls['-j 2'] / walls['dask 2 workers']:.2f}")
        print("graphs byte-identical: yes")
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
