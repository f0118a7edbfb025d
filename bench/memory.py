"""Peak memory and time of ``kg build`` on one very large article and on a very long JSONL.

It writes, in a temporary folder,

* ``big.txt``: one ~50 MB Russian article (paragraphs of four to six sentences, a blank
  line between paragraphs, about one sentence in ten a reform claim), and
* ``news.jsonl``: 100,000 lines, each a short Russian or English article,

then runs ``kg build FILE -o OUT --no-html`` (``--html``: with the page) on each under ``/usr/bin/time -v`` (or, when
that is missing, reads the child's peak RSS with ``resource.getrusage(RUSAGE_CHILDREN)``)
and prints input size, documents, claims, seconds and peak RSS::

    python bench/memory.py --scale 0.1          # 5 MB and 10,000 lines, a few minutes
    python bench/memory.py                      # full size
    python bench/memory.py --only txt --no-validate

``--paragraphs`` asks whether memory and time per character depend on how a text is broken
into paragraphs: the same sentences are written once in paragraphs (a blank line after every
four to six) and once as one paragraph on one line, at a quarter, a half and all of
``--size-mb`` (default 20), and each is built ``--runs`` times. It prints the median wall and
CPU seconds and peak RSS of each (runs as wall/CPU/RSS), the ratios one paragraph / many (both
should stay within 1.2) and the CPU seconds per MB of each size, the fixed cost of a build taken
off, against the smallest (1.0 when time is linear in size). CPU time is the measure because wall
time on a shared machine says more about the neighbours than about the build::

    python bench/memory.py --paragraphs --size-mb 20 --runs 3
    python bench/memory.py --paragraphs --size-mb 2 --runs 1 --no-validate     # a few minutes

A watchdog polls the build's resident memory and kills it above ``--max-rss-mb``
(default 8000), reporting the run as killed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
MB = 1024 * 1024

REFORM_RU = (
    "Президент подписал закон об отмене смертной казни в {year} году.",
    "Глава государства предложил провести прямые выборы акимов {n} районов в {year} году.",
    "Он напомнил: в {year} году впервые пройдут прямые выборы акимов {n} районов и городов областного значения.",
    "Касым-Жомарт Токаев предложил снизить проходной барьер на выборах в Мажилис с 7 до 5 процентов.",
    "По словам Президента, Конституционный суд будет воссоздан с 1 января {year} года.",
    "Порог регистрации партий снизят с 20 000 до 5 000 человек.",
)
OTHER_RU = (
    "Погода в Астане остаётся холодной, синоптики обещают снег до конца недели.",
    "Депутаты обсудили проект бюджета на {year} год и поправки к налоговому кодексу.",
    "На встрече присутствовали представители общественных организаций и студенты.",
    "Цены на продукты в {n} магазинах города выросли на несколько процентов.",
    "Выставка современного искусства откроется в музее в следующем месяце.",
    "Футбольный клуб из Караганды выиграл матч со счётом 2:1.",
    "Министр рассказал о строительстве новых школ и больниц в регионах.",
    "Аналитики ожидают, что курс тенге останется стабильным.",
    "В аэропорту Алматы открылся новый терминал для внутренних рейсов.",
)
REFORM_EN = (
    "The President signed a law abolishing the death penalty in {year}.",
    "Tokayev proposed direct elections of akims of {n} districts in {year}.",
    "The threshold for parties to enter the Mazhilis will be lowered from 7 to 5 percent.",
)
OTHER_EN = (
    "The weather in Astana stays cold, forecasters say.",
    "Officials discussed the budget for {year} and changes to the tax code.",
    "A new terminal opened at Almaty airport for domestic flights.",
    "Analysts expect the tenge to stay stable this quarter.",
)


def sentence(rng: random.Random, reform: tuple[str, ...], other: tuple[str, ...], share: float) -> str:
    pool = reform if rng.random() < share else other
    return rng.choice(pool).format(year=rng.randint(2019, 2026), n=rng.randint(5, 90))


def write_txt(path: Path, size: int, share: float, seed: int = 1) -> None:
    """One article of about ``size`` bytes, written a paragraph at a time."""
    rng = random.Random(seed)
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("Политические реформы в Казахстане: обзор за несколько лет\n\n")
        while written < size:
            paragraph = " ".join(sentence(rng, REFORM_RU, OTHER_RU, share) for _ in range(rng.randint(4, 6)))
            line = paragraph + "\n\n"
            out.write(line)
            written += len(line.encode("utf-8"))


def write_jsonl(path: Path, lines: int, share: float, seed: int = 2) -> None:
    """``lines`` short articles, one JSON object a line, two in three Russian."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for i in range(lines):
            ru = i % 3 != 0
            reform, other = (REFORM_RU, OTHER_RU) if ru else (REFORM_EN, OTHER_EN)
            text = " ".join(sentence(rng, reform, other, share) for _ in range(rng.randint(2, 3)))
            record = {
                "id": f"news-{i:06d}",
                "title": f"{'Новость' if ru else 'News'} {i}",
                "publisher": "Bench Press",
                "date": f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "lang": "ru" if ru else "en",
                "text": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


@dataclass
class Run:
    name: str
    size: int
    returncode: int | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system of the build: steadier than wall time on a shared machine
    peak_rss_mb: float = 0.0
    documents: int | None = None
    claims: int | None = None
    triples: int | None = None
    killed: str | None = None
    stderr_tail: str = ""


def _descendants(pid: int) -> list[int]:
    """The process and all its children, from /proc (Linux); [] where /proc is missing."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                children = Path(f"/proc/{p}/task/{task}/children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            continue
    return found


def _rss_mb(pid: int) -> float:
    total = 0.0
    for p in _descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def run_build(
    name: str, path: Path, out: Path, *, validate: bool, html: bool, max_rss_mb: float, root: Path = ROOT
) -> Run:
    """``kg build PATH`` (a file or folder) with the code of checkout ``root``: time, peak RSS, counts."""
    run = Run(name, _size(path))
    cmd = [sys.executable, "-m", "kg", "build", str(path), "-o", str(out)]
    if not html:
        cmd.append("--no-html")
    if not validate:
        cmd.append("--no-validate")
    use_time = Path(TIME).exists()
    if use_time:
        cmd = [TIME, "-v", *cmd]
    env = {**os.environ, "PYTHONPATH": str(root)}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root, env=env)
    watched = {"peak": 0.0}

    def watchdog() -> None:
        while proc.poll() is None:
            rss = _rss_mb(proc.pid)
            watched["peak"] = max(watched["peak"], rss)
            if rss > max_rss_mb:
                run.killed = f"RSS {rss:.0f} MB above --max-rss-mb {max_rss_mb:.0f}"
                for p in reversed(_descendants(proc.pid)):
                    with contextlib.suppress(OSError):
                        os.kill(p, signal.SIGKILL)
                return
            time.sleep(0.5)

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()
    stdout, stderr = proc.communicate()
    thread.join()
    run.seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu_seconds = usage.ru_utime + usage.ru_stime - cpu_before
    run.returncode = proc.returncode
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
        if m:
            run.peak_rss_mb = int(m.group(1)) / 1024
        stderr = "\n".join(line for line in stderr.splitlines() if not line.startswith("\t"))
    else:
        # ru_maxrss of RUSAGE_CHILDREN is the largest child so far (KiB on Linux): exact
        # when this build is the biggest child yet, a lower bound otherwise.
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        run.peak_rss_mb = max(after, before) / (1024 if sys.platform != "darwin" else MB)
    run.peak_rss_mb = max(run.peak_rss_mb, watched["peak"])
    summary = re.search(r"(\d+) documents, \d+ sentences, (\d+) claims, (\d+) triples", stdout)
    if summary:
        run.documents, run.claims, run.triples = (int(x) for x in summary.groups())
    run.stderr_tail = "\n".join(stderr.strip().splitlines()[-3:])
    return run


def write_paragraph_pair(many: Path, one: Path, size: int, share: float, *, jsonl: bool, seed: int = 3) -> None:
    """The same sentences, about ``size`` bytes, in paragraphs (``many``) and as one line (``one``).

    The two texts differ only in the separators between sentences ("\\n\\n" against " ").
    """
    rng = random.Random(seed)
    title = "Политические реформы в Казахстане: обзор за несколько лет"
    paragraphs: list[str] = []
    written = 0
    while written < size:
        paragraph = " ".join(sentence(rng, REFORM_RU, OTHER_RU, share) for _ in range(rng.randint(4, 6)))
        paragraphs.append(paragraph)
        written += len(paragraph.encode("utf-8")) + 2
    texts = {many: "\n\n".join(paragraphs) + "\n", one: " ".join(paragraphs) + "\n"}
    del paragraphs
    for path, body in texts.items():
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            if jsonl:
                record = {"id": path.stem, "title": title, "date": "2022-09-01", "lang": "ru", "text": body}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                quoted = json.dumps(title, ensure_ascii=False)  # YAML reads a JSON string
                out.write(f"---\nid: {path.stem}\ntitle: {quoted}\ndate: 2022-09-01\n---\n{body}")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def paragraphs_bench(args: argparse.Namespace, work: Path) -> int:
    """One paragraph against many, at three sizes: medians and ratios (see the module doc)."""
    suffix = ".jsonl" if args.as_jsonl else ".txt"
    sizes = [args.size_mb / 4, args.size_mb / 2, args.size_mb]
    print(
        f"# one paragraph vs many, {suffix} input, sizes {', '.join(f'{s:g}' for s in sizes)} MB, "
        f"{args.runs} run(s) each, reform share {args.share}, SHACL {'off' if args.no_validate else 'on'}, "
        f"peak RSS from {'/usr/bin/time -v' if Path(TIME).exists() else 'getrusage(RUSAGE_CHILDREN)'}"
    )
    table: dict[tuple[str, float], tuple[float, float, float]] = {}  # CPU s/MB, peak RSS, wall s
    failed = False
    # The fixed cost of a build (imports, grammar, ontology), taken off before seconds per MB.
    tiny = work / f"tiny{suffix}"
    write_paragraph_pair(tiny, work / f"tiny-one{suffix}", 1, args.share, jsonl=args.as_jsonl)
    startup = [
        run_build("tiny", tiny, work / "out-tiny", validate=not args.no_validate, html=False, max_rss_mb=1e9)
        for _ in range(args.runs)
    ]
    fixed = _median([r.cpu_seconds for r in startup])
    print(
        f"# fixed cost of a build (a few sentences): {fixed:.1f} CPU s, "
        f"{_median([r.seconds for r in startup]):.1f} s wall; taken off in CPU s/MB"
    )
    print(f"{'layout':8} {'MB':>6} {'claims':>8} {'wall s':>8} {'CPU s':>8} {'CPU s/MB':>9} {'peak RSS MB':>12}  runs")
    for size in sizes:
        many, one = work / f"many{suffix}", work / f"one{suffix}"
        write_paragraph_pair(many, one, int(size * MB), args.share, jsonl=args.as_jsonl)
        for layout, path in (("many", many), ("one", one)):
            runs = [
                run_build(layout, path, work / f"out-{layout}", validate=not args.no_validate, html=False,
                          max_rss_mb=args.max_rss_mb)
                for _ in range(args.runs)
            ]  # fmt: skip
            bad = [r for r in runs if r.returncode != 0 or r.killed]
            if bad:
                failed = True
                reason = bad[0].killed or f"exit {bad[0].returncode}"
                print(f"{layout:8} {size:6g}  FAILED: {reason} {bad[0].stderr_tail}")
                continue
            wall = _median([r.seconds for r in runs])
            cpu = _median([r.cpu_seconds for r in runs])
            rss = _median([r.peak_rss_mb for r in runs])
            mb = path.stat().st_size / MB
            per_mb = (cpu - fixed) / mb
            table[(layout, size)] = (per_mb, rss, cpu)
            each = " ".join(f"{r.seconds:.0f}/{r.cpu_seconds:.0f}/{r.peak_rss_mb:.0f}" for r in runs)
            print(
                f"{layout:8} {mb:6.1f} {runs[0].claims!s:>8} {wall:8.1f} {cpu:8.1f} {per_mb:9.2f} {rss:12.0f}  {each}",
                flush=True,
            )
        many.unlink()
        one.unlink()
    print("# ratios (medians)")
    for size in sizes:
        if ("many", size) in table and ("one", size) in table:
            (_, r_many, c_many), (_, r_one, c_one) = table[("many", size)], table[("one", size)]
            print(f"{size:6g} MB  one/many: peak RSS {r_one / r_many:.2f}, CPU seconds {c_one / c_many:.2f}")
    for layout in ("many", "one"):
        base = table.get((layout, sizes[0]))
        if base is None:
            continue
        steps = [f"{size:g} MB {table[(layout, size)][0] / base[0]:.2f}" for size in sizes if (layout, size) in table]
        print(f"{layout:8} CPU s per MB against {sizes[0]:g} MB (1.00: linear): " + ", ".join(steps))
    return 1 if failed else 0


def _row(name: object, *cells: object) -> str:
    widths = (8, 10, 8, 9, 8, 12)
    return f"{name!s:12}" + "".join(f" {'-' if c is None else c!s:>{w}}" for c, w in zip(cells, widths, strict=True))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of 50 MB and 100,000 lines (default 1)")
    ap.add_argument("--only", choices=["txt", "jsonl"], help="run one of the two inputs")
    ap.add_argument("--share", type=float, default=0.1, help="share of reform sentences (default 0.1)")
    ap.add_argument("--no-validate", action="store_true", help="pass --no-validate (skip SHACL)")
    ap.add_argument("--html", action="store_true", help="write graph.html too (the page holds every claim)")
    ap.add_argument("--max-rss-mb", type=float, default=8000, help="kill a build above this RSS (default 8000)")
    ap.add_argument("--dir", type=Path, help="work folder (default: a temporary one, removed afterwards)")
    ap.add_argument("--paragraphs", action="store_true", help="one paragraph against many (see above)")
    ap.add_argument("--size-mb", type=float, default=20, help="--paragraphs: the largest text (default 20 MB)")
    ap.add_argument("--runs", type=int, default=3, help="--paragraphs: builds per input, median (default 3)")
    ap.add_argument("--jsonl", dest="as_jsonl", action="store_true", help="--paragraphs: one .jsonl record")
    args = ap.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="kg-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.paragraphs:
        try:
            return paragraphs_bench(args, work)
        finally:
            if args.dir is None:
                shutil.rmtree(work, ignore_errors=True)
    inputs = []
    try:
        if args.only in (None, "txt"):
            inputs.append(("txt", work / "big.txt", lambda p: write_txt(p, int(50 * MB * args.scale), args.share)))
        if args.only in (None, "jsonl"):
            inputs.append(
                ("jsonl", work / "news.jsonl", lambda p: write_jsonl(p, int(100_000 * args.scale), args.share))
            )
        print(
            f"# scale {args.scale}, reform share {args.share}, SHACL {'off' if args.no_validate else 'on'}, "
            f"HTML {'on' if args.html else 'off'}, "
            f"peak RSS from {'/usr/bin/time -v' if Path(TIME).exists() else 'getrusage(RUSAGE_CHILDREN)'}"
        )
        print(_row("input", "size MB", "documents", "claims", "triples", "seconds", "peak RSS MB"))
        for name, path, make in inputs:
            make(path)
            out = work / f"out-{name}"
            run = run_build(name, path, out, validate=not args.no_validate, html=args.html, max_rss_mb=args.max_rss_mb)
            status = "" if run.returncode == 0 else f"  exit {run.returncode}"
            if run.killed:
                status = f"  KILLED: {run.killed}"
            cells = (run.documents, run.claims, run.triples)
            print(
                _row(path.name, f"{run.size / MB:.1f}", *cells, f"{run.seconds:.1f}", f"{run.peak_rss_mb:.0f}")
                + status,
                flush=True,
            )
            if run.returncode != 0 and run.stderr_tail:
                print("   " + run.stderr_tail.replace("\n", "\n   "))
            path.unlink()
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
