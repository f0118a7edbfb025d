"""Oxigraph against rdflib on the named queries, and the two Turtle writers.

It makes ``--claims`` synthetic claims (four to an article; ``Document``/``Claim`` ->
``kg.graph.to_rdf``, about 35 triples a claim with articles and ontology, so the default
2,800 claims give about 100k triples), writes them as Turtle to a temp dir and loads that
file once into an Oxigraph store (``kg.store.open_store``) and once into an rdflib graph
(``kg.store.load_rdflib``). Then, ``--runs`` times each, it times ``kg.query.run_query``
on the loaded store/graph only (vetting included, as the CLI and the API run it; the
vetting alone and Oxigraph's bare ``Store.query`` are printed too) for ``claims``,
``reforms-by-year`` and ``claims-by-claimant``, and ``kg.graph.serialize_turtle`` against
rdflib's ``graph.serialize(format="turtle")``. It prints medians in ms and rdflib/oxigraph ratios::

    python bench/query_bench.py --claims 2800 --runs 5

rdflib's engine can be slower by orders of magnitude (it joins the BGP of ``claims`` in
an order that crosses every claim with every position selector: quadratic in claims), so
each rdflib run happens in a forked child holding the loaded graph, and a run longer than
``--rdflib-timeout`` seconds is stopped and reported as "> limit" (no further runs).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.query import load_query, prepare, run_query
from kg.store import load_rdflib, open_store
from kg.vocab import LEVEL_CODES, OFFICE_CODES, REFORM_CODES, STATUS_CODES

QUERIES = ("claims", "reforms-by-year", "claims-by-claimant")
CLAIMS_PER_ARTICLE = 4
AGENTS = (
    Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев"),
    Agent("alikhan-smailov", "Alikhan Smailov", "person", "Алихан Смаилов"),
    Agent("erlan-karin", "Erlan Karin", "person", "Ерлан Карин"),
    Agent("maulen-ashimbayev", "Maulen Ashimbayev", "person", "Маулен Ашимбаев"),
    Agent("central-election-commission", "Central Election Commission", "organization", "ЦИК"),
    Agent("mazhilis", "Mazhilis", "organization", "Мажилис"),
    Agent("constitutional-court", "Constitutional Court", "organization", "Конституционный суд"),
    Agent("amanat", "Amanat party", "organization", "партия «Аманат»"),
)
PUBLISHERS = ("Tengrinews", "Kazinform", "Vlast.kz", "Zakon.kz", "Astana Times", "Orda.kz", "KazTAG")
VERBS = {"proposed": "предложил", "planned": "заявил, что планируется", "implemented": "сообщил, что введена"}
RULES = {f"bench.{code}": RuleRef(f"bench.{code}", f"synthetic {code} claims") for code in REFORM_CODES}


def synthetic(n_claims: int, seed: int = 7) -> tuple[list[Document], list[Claim]]:
    """``n_claims`` claims in articles of ``CLAIMS_PER_ARTICLE``, every slot filled now and then."""
    rnd = random.Random(seed)
    docs: list[Document] = []
    claims: list[Claim] = []
    for i in range((n_claims + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE):
        doc_id = f"bench-{i:06d}"
        year = rnd.randint(2019, 2024)
        parts: list[str] = []
        offset = 0
        pending: list[Claim] = []
        for k in range(min(CLAIMS_PER_ARTICLE, n_claims - len(claims))):
            reform = rnd.choice(REFORM_CODES)
            status = rnd.choice(STATUS_CODES)
            agent = rnd.choice(AGENTS) if rnd.random() < 0.9 else None
            level = rnd.choice(LEVEL_CODES) if reform == "direct-election" else None
            office = "akim" if reform == "direct-election" else rnd.choice((None, *OFFICE_CODES))
            count = rnd.choice((None, 45, 87, 2345, 5000)) if rnd.random() < 0.4 else None
            target = rnd.choice((None, year, year + 1, year + 2))
            sentence = (
                f"{agent.name_ru if agent else 'Источник'} {VERBS[status]} реформа «{reform}»"
                + (f" на уровне {level}" if level else "")
                + (f" для {count} объектов" if count else "")
                + (f" в {target} году" if target else "")
                + f" (материал {i}, пункт {k})."
            )
            parts.append(sentence)
            pending.append(
                Claim(
                    doc_id=doc_id,
                    sentence_index=k,
                    start=offset,
                    end=offset + len(sentence),
                    quote=sentence,
                    reform=reform,
                    rule=f"bench.{reform}",
                    status=status,
                    office=office,
                    level=level,
                    count=count,
                    year=target,
                    date=f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}" if rnd.random() < 0.3 else None,
                    claimant=agent,
                )
            )
            offset += len(sentence) + 1
        docs.append(
            Document(
                id=doc_id,
                text=" ".join(parts),
                lang="ru",
                title=f"Реформы: обзор №{i}",
                publisher=rnd.choice(PUBLISHERS),
                date=f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                url=f"https://news.example/{doc_id}",
            )
        )
        claims.extend(pending)
    return docs, claims


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Seconds of each of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def _child(conn: Any, fn: Callable[[], Any]) -> None:
    started = time.perf_counter()
    result = fn()
    conn.send((time.perf_counter() - started, len(result)))
    conn.close()


def timed_bounded(fn: Callable[[], Any], runs: int, limit: float) -> tuple[list[float], int | None, bool]:
    """Like ``timed`` but each call runs in a forked child stopped after ``limit`` seconds.

    Returns the seconds of the runs that finished, the length of the last result, and
    whether a run was stopped (then no further run is tried).
    """
    ctx = multiprocessing.get_context("fork")
    times: list[float] = []
    size: int | None = None
    for _ in range(runs):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, fn), daemon=True)
        proc.start()
        child.close()
        if not parent.poll(limit):
            proc.kill()  # the child we forked, by its pid
            proc.join()
            return times, size, True
        elapsed, size = parent.recv()
        proc.join()
        times.append(elapsed)
    return times, size, False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=2800, help="synthetic claims (~35 triples each)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each timing (median reported)")
    parser.add_argument(
        "--rdflib-timeout", type=float, default=60.0, help="seconds after which an rdflib query run is stopped"
    )
    args = parser.parse_args(argv)
    if args.claims < 1 or args.runs < 1:
        parser.error("--claims and --runs must be positive")

    with tempfile.TemporaryDirectory(prefix="kg-query-bench-") as tmp:
        started = time.perf_counter()
        docs, claims = synthetic(args.claims)
        graph = to_rdf(docs, claims, RULES)
        ttl = Path(tmp) / "graph.ttl"
        ttl.write_bytes(serialize_turtle(graph))
        built = time.perf_counter() - started
        started = time.perf_counter()
        store = open_store(ttl)
        ox_load = time.perf_counter() - started
        started = time.perf_counter()
        rdf = load_rdflib(ttl)
        rdf_load = time.perf_counter() - started
        print(
            f"{len(docs)} articles, {len(claims)} claims, {len(graph)} triples "
            f"({len(graph) / len(claims):.1f} a claim), Turtle {ttl.stat().st_size / 1e6:.1f} MB; "
            f"built in {built:.1f} s; loaded once: oxigraph {ox_load:.2f} s, rdflib {rdf_load:.2f} s; "
            f"median of {args.runs} runs"
        )
        assert len(store.oxigraph) == len(rdf) == len(graph)

        print(
            f"{'query':<20} {'rows':>6} {'oxigraph ms':>12} {'rdflib ms':>10} {'rdflib/ox':>10} "
            f"{'vetting ms':>11} {'bare oxigraph ms':>17}"
        )
        for name in QUERIES:
            sparql = load_query(name)
            vet, _ = timed(lambda sparql=sparql: prepare(sparql), args.runs)
            bare, _ = timed(
                lambda sparql=sparql: list(store.oxigraph.query(sparql, use_default_graph_as_union=True)), args.runs
            )
            ox, ox_result = timed(lambda sparql=sparql: run_query(store, sparql, engine="oxigraph"), args.runs)
            rl, rl_rows, stopped = timed_bounded(
                lambda sparql=sparql: run_query(rdf, sparql, engine="rdflib"), args.runs, args.rdflib_timeout
            )
            if rl_rows is not None and rl_rows != len(ox_result):
                print(f"warning: {name}: oxigraph {len(ox_result)} rows, rdflib {rl_rows}", file=sys.stderr)
            ox_ms = statistics.median(ox) * 1e3
            if stopped:
                rl_ms = args.rdflib_timeout * 1e3
                rl_text, ratio_text = f">{rl_ms:.0f}", f">{rl_ms / ox_ms:.0f}x"
            else:
                rl_ms = statistics.median(rl) * 1e3
                rl_text, ratio_text = f"{rl_ms:.1f}", f"{rl_ms / ox_ms:.1f}x"
            print(
                f"{name:<20} {len(ox_result):>6} {ox_ms:>12.1f} {rl_text:>10} {ratio_text:>10} "
                f"{statistics.median(vet) * 1e3:>11.1f} {statistics.median(bare) * 1e3:>17.1f}"
            )

        ours, ours_out = timed(lambda: serialize_turtle(graph), args.runs)
        theirs, theirs_out = timed(lambda: graph.serialize(format="turtle", encoding="utf-8"), args.runs)
        ours_ms, theirs_ms = statistics.median(ours) * 1e3, statistics.median(theirs) * 1e3
        print(f"{'turtle writer':<20} {'MB':>6} {'serialize_turtle':>17} {'rdflib':>10} {'rdflib/ours':>12}")
        print(
            f"{'':<20} {len(ours_out) / 1e6:>6.1f} {ours_ms:>14.0f} ms {theirs_ms:>7.0f} ms "
            f"{theirs_ms / ours_ms:>11.1f}x   (rdflib wrote {len(theirs_out) / 1e6:.1f} MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
