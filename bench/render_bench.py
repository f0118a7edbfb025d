"""How long the page takes to draw in headless Chromium, by number of articles.

For each size N it makes N synthetic articles with reform histories (``bench/synthetic.py``:
about four claims each) -> ``kg.graph.to_rdf`` -> Turtle in a temp dir, renders them with
``kg.render.render`` and opens the page in headless Chromium with the network blocked,
timing navigation start to the first draw (``window.kgFirstDraw``, ``performance.now()`` at
vis-network's first "afterDrawing", or after the timeline's SVG is built for
``--view timeline``). It prints the median of ``--runs`` page loads, the render time in
Python, the file size, the reforms and claimants, and what the first view shows ("shown":
the claimants drawn in the network, or the marks on the timeline)::

    python bench/render_bench.py --sizes 100 1000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import Sample, synthetic, to_graph
from kg.graph import serialize_turtle
from kg.render import VIEWS, render

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=127.0.0.1:9",
]


def write_graph(sample: Sample, folder: Path) -> Path:
    path = folder / "graph.ttl"
    path.write_bytes(serialize_turtle(to_graph(sample)))
    return path


def time_page(page_url: str, runs: int) -> Iterator[tuple[float, int]]:
    """Per fresh page load: milliseconds from navigation start to the first draw, and what the first view
    shows (claimants drawn in the network, or marks on the timeline)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="kg-bench-profile-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        try:
            for _ in range(runs):
                page = context.new_page()
                page.goto(page_url, wait_until="load", timeout=300_000)
                page.wait_for_function("() => window.kgReady === true", timeout=300_000, polling=50)
                yield (
                    float(page.evaluate("() => window.kgFirstDraw")),
                    page.evaluate(
                        "() => window.kg.view() === 'timeline' ? document.querySelectorAll('.kg-mark').length"
                        " : window.kg.drawn().agents.length"
                    ),
                )
                page.close()
        finally:
            context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of articles")
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (median reported)")
    parser.add_argument("--view", choices=VIEWS, default="reforms")
    parser.add_argument("--keep", type=Path, help="copy the pages into this folder")
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            started = time.perf_counter()
            graph = write_graph(synthetic(n), folder)
            built = time.perf_counter() - started
            page = folder / "graph.html"
            started = time.perf_counter()
            stats = render(graph, page, view=args.view)
            rendered = time.perf_counter() - started
            loads = list(time_page(page.as_uri(), args.runs))
            draws = [ms for ms, _ in loads]
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"graph-{n}.html").write_bytes(page.read_bytes())
            rows.append((n, stats, built, rendered, draws, loads[0][1]))
            print(f"N={n}: draws {', '.join(f'{d:.0f}' for d in draws)} ms", file=sys.stderr, flush=True)

    print(
        f"{'articles':>8} {'claims':>7} {'reforms':>7} {'claimants':>9} {'shown':>5} {'size MB':>8} "
        f"{'to_rdf s':>8} {'render s':>8} {'draw ms':>8}"
    )
    for n, stats, built, rendered, draws, drawn in rows:
        print(
            f"{n:>8} {stats.claims:>7} {stats.reforms:>7} {stats.claimants:>9} {drawn:>5} {stats.bytes / 1e6:>8.2f} "
            f"{built:>8.2f} {rendered:>8.2f} {statistics.median(draws):>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
