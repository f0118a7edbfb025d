"""How long the HTML view takes to draw in headless Chromium, by graph size.

For each size N it makes N synthetic articles with about four claims each
(``Document``/``Claim`` -> ``kg.graph.to_rdf`` -> Turtle in a temp dir), renders them
with ``kg.render.render`` and opens the page in headless Chromium with the network
blocked, timing navigation start to the first vis-network draw (``window.kgFirstDraw``,
``performance.now()`` at the first "afterDrawing"). It prints the median of ``--runs``
page loads, the render time in Python, the file size and the node count::

    python bench/render_bench.py --sizes 100 1000 5000 --runs 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.render import render
from kg.vocab import LEVEL_CODES, REFORM_CODES, STATUS_CODES

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
AGENTS = (
    Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев"),
    Agent("alikhan-smailov", "Alikhan Smailov", "person", "Алихан Смаилов"),
    Agent("erlan-karin", "Erlan Karin", "person", "Ерлан Карин"),
    Agent("maulen-ashimbayev", "Maulen Ashimbayev", "person", "Маулен Ашимбаев"),
    Agent("yerlan-koshanov", "Yerlan Koshanov", "person", "Ерлан Кошанов"),
    Agent("nurlan-abdirov", "Nurlan Abdirov", "person", "Нурлан Абдиров"),
    Agent("central-election-commission", "Central Election Commission", "organization", "ЦИК"),
    Agent("mazhilis", "Mazhilis", "organization", "Мажилис"),
    Agent("senate", "Senate", "organization", "Сенат"),
    Agent("constitutional-court", "Constitutional Court", "organization", "Конституционный суд"),
    Agent("ministry-of-justice", "Ministry of Justice", "organization", "Министерство юстиции"),
    Agent("amanat", "Amanat party", "organization", "партия «Аманат»"),
)
PUBLISHERS = ("Tengrinews", "Kazinform", "Vlast.kz", "Zakon.kz", "Astana Times", "Orda.kz", "KazTAG")
PHRASES = {
    "proposed": "предложил",
    "planned": "заявил, что планируется",
    "implemented": "сообщил, что уже введена",
}


@dataclass(frozen=True)
class Sample:
    docs: list[Document]
    claims: list[Claim]
    rules: dict[str, RuleRef]


def synthetic(n_articles: int, seed: int = 1, claims_per_article: int = 4) -> Sample:
    """``n_articles`` Russian-looking articles with ``claims_per_article`` claims each."""
    rnd = random.Random(seed)
    docs: list[Document] = []
    claims: list[Claim] = []
    for i in range(n_articles):
        doc_id = f"doc-{i:06d}"
        year = rnd.randint(2019, 2024)
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        parts: list[str] = []
        offset = 0
        pending: list[tuple[int, int, int, str, Agent | None, str, str | None, int | None]] = []
        for k in range(claims_per_article):
            reform = rnd.choice(REFORM_CODES)
            status = rnd.choice(STATUS_CODES)
            agent = rnd.choice(AGENTS) if rnd.random() < 0.85 else None
            level = rnd.choice(LEVEL_CODES) if reform == "direct-election" else None
            target = rnd.choice((None, year, year + 1, year + 2))
            who = agent.name_ru if agent else "Источник"
            sentence = (
                f"{who} {PHRASES[status]} реформа «{reform}»"
                + (f" на уровне {level}" if level else "")
                + (f" в {target} году" if target else "")
                + f" (материал {i}, пункт {k})."
            )
            start = offset
            parts.append(sentence)
            offset += len(sentence) + 1
            pending.append((k, start, start + len(sentence), reform, agent, status, level, target))
        text = " ".join(parts)
        docs.append(
            Document(
                id=doc_id,
                text=text,
                lang="ru",
                title=f"Реформы: обзор №{i}",
                publisher=rnd.choice(PUBLISHERS),
                date=date,
                url=f"https://news.example/{doc_id}",
            )
        )
        for k, start, end, reform, agent, status, level, target in pending:
            claims.append(
                Claim(
                    doc_id=doc_id,
                    sentence_index=k,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    reform=reform,
                    rule="bench.synthetic",
                    status=status,
                    level=level,
                    year=target,
                    claimant=agent,
                )
            )
    return Sample(docs, claims, {"bench.synthetic": RuleRef("bench.synthetic", "synthetic claims", "")})


def write_graph(sample: Sample, folder: Path) -> Path:
    path = folder / "graph.ttl"
    path.write_bytes(serialize_turtle(to_rdf(sample.docs, sample.claims, sample.rules)))
    return path


def time_page(page_url: str, runs: int) -> Iterator[float]:
    """Milliseconds from navigation start to the first draw, one per fresh page load."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="kg-bench-profile-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            for _ in range(runs):
                page = context.new_page()
                page.goto(page_url, wait_until="load", timeout=300_000)
                page.wait_for_function("window.kgReady === true", timeout=300_000, polling=50)
                yield float(page.evaluate("window.kgFirstDraw"))
                page.close()
        finally:
            context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="numbers of articles")
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (median reported)")
    parser.add_argument("--view", choices=("reforms", "full"), default="reforms")
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
            draws = list(time_page(page.as_uri(), args.runs))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"graph-{n}.html").write_bytes(page.read_bytes())
            rows.append(
                (
                    n,
                    stats.claims,
                    stats.nodes,
                    stats.edges,
                    stats.bytes,
                    built,
                    rendered,
                    draws,
                    stats.physics,
                )
            )
            print(
                f"N={n}: draws {', '.join(f'{d:.0f}' for d in draws)} ms",
                file=sys.stderr,
                flush=True,
            )

    print(
        f"{'articles':>8} {'claims':>7} {'nodes':>6} {'edges':>6} {'size MB':>8} "
        f"{'to_rdf s':>8} {'render s':>8} {'draw ms':>8} {'layout':>7}"
    )
    for n, claims, nodes, edges, size, built, rendered, draws, physics in rows:
        print(
            f"{n:>8} {claims:>7} {nodes:>6} {edges:>6} {size / 1e6:>8.2f} "
            f"{built:>8.2f} {rendered:>8.2f} {statistics.median(draws):>8.0f} "
            f"{'vis' if physics else 'python':>7}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
