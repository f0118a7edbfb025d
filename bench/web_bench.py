"""How well saved pages are read: extraction quality on tests/web, WARC read throughput on a generated crawl.

Quality (``--quality``): every page in ``tests/web`` is read by ``kg.web.read_html_file`` and
checked against ``tests/web/expected.yaml``: the title, the date, the publisher, and the text
(every expected paragraph present, in order, and no line of page furniture). It prints one row
per page and the share of pages right on each field, for all pages and for the held-out ones.

Throughput (``--warc N``): writes a crawl of ``N`` captures with ``bench/warcgen.py`` (requests,
HTML pages, images, redirects, 404s, metadata, as a crawler writes them, one gzip member per
record), reads it ``--runs`` times with ``kg.web.read_warc_file`` and prints the median records/s
and pages/s, and the peak traced Python memory, at ``N`` and at ``N * 4`` (a flat peak means
the file is streamed)::

    python bench/web_bench.py --quality --baseline   # also plain trafilatura, side by side
    python bench/web_bench.py --warc 2000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml

from kg.model import Document
from kg.web import WarcCounts, extract_page, read_html_file, read_warc_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "web"


@dataclass(frozen=True)
class Score:
    """Which fields of one page came out right."""

    name: str
    heldout: bool
    title: bool
    date: bool
    publisher: bool
    text: bool
    noise: tuple[str, ...]  # furniture lines found in the text


def _in_order(text: str, paragraphs: list[str]) -> bool:
    at = 0
    for para in paragraphs:
        found = text.find(para, at)
        if found < 0:
            return False
        at = found + len(para)
    return True


def plain_trafilatura(path: Path) -> Document | None:
    """The page as trafilatura reads it with its defaults: no pruning of furniture, no filters after it."""
    import trafilatura

    from kg.web import decode_html

    found = trafilatura.bare_extraction(decode_html(path.read_bytes()), with_metadata=True)
    if found is None or not found.text:
        return None
    text = "\n\n".join(p for p in [found.title, *found.text.split("\n")] if p)
    return Document(id=path.stem, text=text, lang="", title=found.title, publisher=found.sitename, date=found.date)


def score(name: str, want: dict, baseline: bool = False) -> Score:
    """Read one fixture (by kg.web, or by plain trafilatura) and compare it with its expected fields."""
    if baseline:
        doc = plain_trafilatura(FIXTURES / name)
    else:
        items = list(read_html_file(FIXTURES / name, lambda _msg: None))
        doc = items[0] if len(items) == 1 and isinstance(items[0], Document) else None
    text = doc.text if doc else ""
    tolerated = want.get("tolerated", [])
    noise = tuple(str(n) for n in want.get("noise", []) if str(n) in text and not any(str(n) in t for t in tolerated))
    return Score(
        name=name,
        heldout=bool(want.get("heldout")),
        title=doc is not None and doc.title == want["title"],
        date=doc is not None and doc.date == want["date"],
        publisher=doc is not None and doc.publisher == want["publisher"],
        text=doc is not None and _in_order(text, want["paragraphs"]) and not noise,
        noise=noise,
    )


def quality(baseline: bool = False) -> list[Score]:
    expected = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
    return [score(name, want, baseline) for name, want in expected.items()]


def _share(scores: list[Score], field: str) -> str:
    right = sum(getattr(s, field) for s in scores)
    return f"{right}/{len(scores)} ({right / len(scores):.0%})" if scores else "-"


def print_quality(scores: list[Score]) -> None:
    print(f"{'page':40} title date publisher text")
    for s in scores:
        marks = " ".join("ok  " if getattr(s, f) else "MISS" for f in ("title", "date", "publisher", "text"))
        name = s.name + (" (held out)" if s.heldout else "")
        print(f"{name:42} {marks}" + (f"  noise: {s.noise}" if s.noise else ""))
    for label, group in (("all", scores), ("held out", [s for s in scores if s.heldout])):
        fields = ", ".join(f"{f} {_share(group, f)}" for f in ("title", "date", "publisher", "text"))
        every = sum(s.title and s.date and s.publisher and s.text for s in group)
        print(f"{label}: {fields}; all four right {every}/{len(group)}")


def _pages() -> list[bytes]:
    return [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]


def warc_run(path: Path, trace: bool = False) -> tuple[float, WarcCounts, int]:
    """Seconds to read every record of ``path``, the counts, and (``trace``) the peak traced memory in bytes."""
    counts = WarcCounts()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    for _ in read_warc_file(path, lambda _msg: None, counts):
        pass
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return seconds, counts, peak


def framing_run(path: Path) -> tuple[float, int]:
    """Seconds to walk every record of ``path`` (headers, payload reads, digests) without extracting pages."""
    from kg.web import _warc_records

    start = time.perf_counter()
    with open(path, "rb") as stream:
        size = stream.seek(0, 2)
        stream.seek(0)
        gzipped = stream.read(2) == b"\x1f\x8b"
        records = sum(1 for _ in _warc_records(stream, size, gzipped))
    return time.perf_counter() - start, records


def throughput(n: int, runs: int, html_share: float = 0.3) -> None:
    from warcgen import crawl, write_warc

    pages = _pages()
    extract_page(pages[0].decode("utf-8", "replace"))  # imports and first-call set-up, not timed
    with tempfile.TemporaryDirectory() as tmp:
        for size in (n, n * 4):
            path = write_warc(Path(tmp) / f"crawl-{size}.warc.gz", crawl(pages, size, html_share=html_share))
            timings = []
            for _ in range(runs):
                seconds, counts, _peak = warc_run(path)
                timings.append(seconds)
            _seconds, _counts, peak = warc_run(path, trace=True)  # memory traced apart: tracing slows the reading
            records = counts.pages + counts.other + counts.broken
            median = statistics.median(timings)
            framing = statistics.median(framing_run(path)[0] for _ in range(runs))
            print(
                f"{size} captures, {path.stat().st_size / 1e6:.1f} MB, {records} records "
                f"({counts.pages} pages, {counts.other} other, {counts.broken} broken): "
                f"median {median:.2f} s over {runs} runs, {records / median:,.0f} records/s, "
                f"{counts.pages / median:,.1f} pages/s; peak traced memory {peak / 1e6:.1f} MB; "
                f"records alone (no extraction): median {framing:.2f} s, {records / framing:,.0f} records/s"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality", action="store_true", help="score extraction on tests/web")
    parser.add_argument("--warc", type=int, default=0, metavar="N", help="read a generated crawl of N captures")
    parser.add_argument("--baseline", action="store_true", help="with --quality: plain trafilatura, side by side")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.quality or not args.warc:
        print_quality(quality())
    if args.baseline:
        print("\nplain trafilatura (defaults, no furniture pruning):")
        print_quality(quality(baseline=True))
    if args.warc:
        throughput(args.warc, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
