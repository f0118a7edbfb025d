"""The ``kg`` command. Exit codes: 0 ok, 1 the build failed a check (--strict, SHACL), 2 bad usage or input,
3 a query stopped by its --timeout, 130 interrupted (Ctrl-C).

User errors are one line on stderr; a traceback appears only with ``--verbose``. Every
message goes through ``kg.messages.one_line``: file names and document text cannot put
terminal escape codes or line breaks on the screen. A closed pipe (``kg … | head -1``)
ends a command quietly with exit 0.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import kg
from kg.messages import one_line, safe_text

if TYPE_CHECKING:
    from kg.render import RenderStats

EXIT_OK, EXIT_CHECK, EXIT_USAGE, EXIT_TIMEOUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
STORE_HELP = "read the store that kg build --store DIR wrote, instead of a graph file"


class UserError(Exception):
    """A problem the user can fix; its message is printed as one line."""


def _err(msg: str) -> None:
    _say(one_line(msg), sys.stderr)


def _out(msg: str) -> None:
    _say(one_line(msg), sys.stdout)


def _say(line: str, stream: TextIO) -> None:
    """Print a message; a reader that went away (``2>&1 | head -1``) does not stop the work.

    A build whose warnings nobody reads must still write its graph, so the stream is
    pointed at /dev/null and the command goes on.
    """
    try:
        print(line, file=stream, flush=stream is sys.stderr)
    except BrokenPipeError:
        _to_devnull(stream)


def _to_devnull(stream: TextIO) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors as one line (``error: kg explain: …``), exit 2."""

    def error(self, message: str) -> NoReturn:
        _err(f"error: {self.prog}: {message} (see {self.prog} --help)")
        raise SystemExit(EXIT_USAGE)


def iso_date(value: str) -> str:
    """A calendar date written YYYY-MM-DD (``--date``); anything else is a usage error."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{value!r} is not a date (expected YYYY-MM-DD, e.g. 2022-09-01)")


def jobs_count(value: str) -> int:
    """A number of worker processes (``-j``): a whole number of at least 1."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of worker processes (expected 1 or more)")
    return n


def _pipeline(args: argparse.Namespace):
    from kg.pipeline import Pipeline

    return Pipeline([Path(p) for p in args.rules] if args.rules else None)


def cmd_build(args: argparse.Namespace) -> int:
    if args.store and (args.jobs != 1 or args.scheduler is not None):
        raise UserError("--store builds extract in one process: -j and --scheduler are for builds into files")
    if args.store:
        return _build_store(args)
    from kg.progress import Progress

    if args.scheduler is not None and args.jobs != 1:
        raise UserError("-j and --scheduler do not go together: the cluster's workers do the extraction")
    pipe = _pipeline(args)
    progress = Progress()  # a bar only when stderr is a terminal
    say = (lambda msg: progress.say(one_line(msg))) if progress.enabled else _err
    try:
        result = pipe.build_files(
            args.paths,
            Path(args.output),
            base=args.base,
            validate=args.validate,
            html=not args.no_html,
            strict=args.strict,
            allow_empty=args.allow_empty,
            follow_symlinks=args.follow_symlinks,
            shapes=Path(args.shapes) if args.shapes else None,
            on_skip=lambda s: say(s.message()),
            on_warning=say,
            progress=progress,
            jobs=args.jobs,
            scheduler=args.scheduler,
        )
    finally:
        progress.close()
    for v in result.violations:
        _err(f"SHACL violation: {v}")
    if result.violations:
        _err(f"error: the graph violates {len(result.violations)} SHACL constraint(s); nothing written")
        return EXIT_CHECK
    if args.strict and (result.skipped or result.warnings):
        _err(
            f"error: --strict: {result.skip_count} input(s) skipped, {len(result.warnings)} warning(s); nothing written"
        )
        return EXIT_CHECK
    if result.refused:
        _err(f"error: {result.refused}")
        return EXIT_CHECK
    _out(result.summary())
    for path in result.written:
        _out(f"wrote {path}")
    return EXIT_OK


def _build_store(args: argparse.Namespace) -> int:
    from kg.incremental import build_store
    from kg.progress import Progress

    pipe = _pipeline(args)
    progress = Progress()  # a bar only when stderr is a terminal
    say = (lambda msg: progress.say(one_line(msg))) if progress.enabled else _err
    try:
        result = build_store(
            pipe,
            args.paths,
            args.store,
            base=args.base,
            validate=args.validate,
            strict=args.strict,
            allow_empty=args.allow_empty,
            follow_symlinks=args.follow_symlinks,
            shapes=Path(args.shapes) if args.shapes else None,
            on_skip=lambda s: say(s.message()),
            on_warning=say,
            progress=progress,
        )
    finally:
        progress.close()
    for v in result.violations:
        _err(f"SHACL violation: {v}")
    if result.violations:
        _err(f"error: the graph violates {len(result.violations)} SHACL constraint(s); the store is unchanged")
        return EXIT_CHECK
    if result.refused:
        _err(f"error: {result.refused}")
        return EXIT_CHECK
    if args.strict and (result.skipped or result.warnings):
        _err(
            f"error: --strict: {result.skip_count} input(s) skipped, {len(result.warnings)} warning(s); "
            "the store is unchanged"
        )
        return EXIT_CHECK
    _out(result.summary())
    _out(f"{'published' if result.published else 'unchanged'} {Path(args.store) / result.generation}")
    return EXIT_OK


def _open_store(args: argparse.Namespace, graph: str | None):
    """The graph file, or the store of --store opened read-only (never both)."""
    if args.store is None:
        return graph
    if graph is not None:
        raise UserError(f"give a GRAPH file or --store DIR, not both ({graph!r} and --store {args.store!r})")
    from kg.database import StoreDir
    from kg.store import Store

    store, generation = StoreDir(args.store).open_generation()
    return Store(store, args.store, generation)


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import Written, list_queries, load_query, stdout_encoding, write_query

    if args.list:
        for name, description in sorted(list_queries().items()):
            print(f"{name:22} {description}")
        return EXIT_OK
    if args.store is not None and args.graph is not None and args.file is None and args.graph.endswith(".rq"):
        args.graph, args.file = None, args.graph  # kg query --store DIR FILE.rq
    if args.graph is None and args.store is None:
        raise UserError("kg query: a GRAPH file or --store DIR is needed (or --list)")
    sources = [x for x in (args.name, args.file, args.expr) if x is not None]
    if len(sources) != 1:
        raise UserError("kg query: give exactly one of --name NAME, FILE.rq or -e 'SPARQL'")
    if args.name:
        sparql = load_query(args.name)
    elif args.file:
        try:
            sparql = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise UserError(f"{args.file}: cannot read query: {e}") from None
    else:
        sparql = args.expr
    params = {}
    for p in args.param or []:
        key, sep, value = p.partition("=")
        if not sep:
            raise UserError(f"--param {p!r}: expected NAME=VALUE")
        params[key] = value
    if args.limit is not None and args.limit < 0:
        raise UserError(f"--limit {args.limit}: expected a number of rows >= 0")
    if not (math.isfinite(args.timeout) and args.timeout >= 0):
        raise UserError(f"--timeout {args.timeout:g}: expected a number of seconds >= 0 (0: no timeout)")
    sys.stdout.flush()
    from kg import answers

    cache_key = None
    written: answers.Hit | Written | None = None
    if args.store is not None and args.graph is None and args.name and args.cache:
        # a named query on a published generation: its answer is fixed, and a cached one needs no store opened
        from kg.database import StoreDir

        options = {"fmt": args.format, "encoding": stdout_encoding(), "limit": args.limit, "engine": args.engine}
        generation = StoreDir(args.store).generation()
        cache_key = answers.key(generation, sparql, params, **options)
        written = answers.send(cache_key, sys.stdout.buffer) if cache_key else None
    if written is None:
        source = _open_store(args, args.graph)
        if cache_key and source.generation != generation:  # a build published another one meanwhile
            cache_key = answers.key(source.generation, sparql, params, **options)
        warned: list[str] = []

        def warn(message: str) -> None:
            warned.append(message)
            _err(message)

        recorder = answers.Recorder(sys.stdout.buffer, cache_key) if cache_key else None
        written = write_query(
            source,
            sparql,
            recorder or sys.stdout.buffer,  # type: ignore[arg-type]
            fmt=args.format,
            params=params,
            engine=args.engine,
            limit=args.limit,
            timeout=args.timeout or None,
            isolate=True,
            encoding=stdout_encoding(),
            on_warning=warn,
        )
        if recorder is not None and not warned:
            recorder.keep(written.rows, written.truncated)
    if written.truncated:
        _err(f"note: output stopped at --limit {args.limit} rows; more rows matched")
    if written.rows == 0 and params and args.name:
        # a mistyped reform key is no error to SPARQL: say which values found nothing, and where the keys are
        given = ", ".join(f"{k}={v!r}" for k, v in params.items())
        _err(f"note: no rows for {given}; `kg query GRAPH --name reforms` lists the reforms and their keys")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from kg.render import render
    from kg.stamp import pair_problem

    if args.graph is None and args.store is None:
        raise UserError("kg render: a GRAPH file or --store DIR is needed")
    out = Path(args.output)
    if args.graph is not None and _same_file(Path(args.graph), out):
        raise UserError(f"kg render: -o {out} is the input graph {args.graph}; write the page to another file")
    if out.suffix.lower() != ".html":
        raise UserError(f"kg render: -o {out}: the page must be a .html file")
    if out.is_dir():
        raise UserError(f"kg render: -o {out} is a folder; give a .html file")
    if args.graph is not None:
        graph = Path(args.graph)
        problem = pair_problem(graph, graph.with_suffix(".html"))
        if problem:
            _err(problem)
    stats = render(
        _open_store(args, args.graph),
        out,
        view=args.view,
        reform=args.reform,
        claimant=args.claimant,
        since=args.since,
        until=args.until,
        write_empty=not args.strict,
    )
    empty = _render_empty(args, stats)
    if empty and args.strict:
        _err(f"error: {empty}; nothing written (--strict)")
        return EXIT_CHECK
    if empty:
        _err(f"warning: {empty}")
    _out(f"{stats.nodes} nodes, {stats.edges} edges, {stats.claims} claims; wrote {out}")
    return EXIT_OK


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``b`` names ``a`` by another path, a symbolic link or a hard link."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _render_empty(args: argparse.Namespace, stats: RenderStats) -> str | None:
    """What a page without claims is missing, named; None when it has claims."""
    if stats.claims:
        return None
    source = args.graph if args.graph is not None else f"--store {args.store}"
    if not stats.articles and not stats.total_claims:
        return f"{source}: not a reform graph (no schema:NewsArticle and no schema:Claim in it)"
    if not stats.total_claims:
        return f"{source}: the graph holds no claims"
    given = [
        f"--{name} {value}"
        for name, value in (("reform", args.reform), ("claimant", args.claimant), ("since", args.since))
        if value is not None
    ]
    given += [f"--until {args.until}"] if args.until is not None else []
    return f"no claims match {' '.join(given)}"


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import export

    if args.store is not None:
        from kg.database import export_store

        _open_store(args, args.graph)  # refuses a GRAPH beside --store
        _out(f"wrote {export_store(args.store, args.format, args.output)}")
        return EXIT_OK
    if args.graph is None:
        raise UserError("kg export: a GRAPH file or --store DIR is needed")
    if args.format == "nq":
        raise UserError("kg export --format nq: N-Quads are written from a store (--store DIR); use trig for a file")
    if _same_file(Path(args.graph), Path(args.output)):
        raise UserError(f"kg export: -o {args.output} is the input graph {args.graph}; write to another file")
    out = export(args.graph, args.format, args.output)
    _out(f"wrote {out}")
    return EXIT_OK


def _bind(value: str) -> tuple[str, int]:
    """HOST:PORT, [IPv6]:PORT or PORT (on 127.0.0.1)."""
    host, sep, port = value.rpartition(":")
    if not sep:
        host, port = "127.0.0.1", value
    host = host or "127.0.0.1"
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UserError(f"--bind {value!r}: expected HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from kg.serve import Settings, serve

    host, port = _bind(args.bind)
    if args.workers < 1 or args.queue < 0:
        raise UserError("--workers must be >= 1 and --queue >= 0")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise UserError(f"--timeout {args.timeout:g}: expected a number of seconds > 0")
    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit {args.limit}: expected a number of rows >= 1")
    settings = Settings(
        store=Path(args.store),
        host=host,
        port=port,
        workers=args.workers,
        queue=args.queue,
        timeout=args.timeout,
        limit=args.limit,
        memory=args.memory,
        cache_bytes=0 if not args.cache else Settings.cache_bytes,
        log=None if args.quiet else _err,
    )

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)

    def ready(url: str) -> None:
        print(f"serving {url} (SPARQL endpoint {url}sparql, query page {url}query); Ctrl-C stops", flush=True)

    try:
        serve(settings, ready)
    except KeyboardInterrupt:
        _err("stopped")
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    from kg.push import push

    report = push(
        args.store,
        args.to,
        graph_store=args.graph_store,
        prune=args.prune,
        timeout=args.timeout,
        on_progress=None if args.quiet else _err,
    )
    _out(report.summary())
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from kg.explain import explain, format_explanation

    pipe = _pipeline(args)
    if args.rule and pipe.grammar.rule(args.rule) is None:
        raise UserError(f"kg explain: no rule with id {args.rule!r}")
    ex = explain(pipe, args.sentence, lang=args.lang, date=args.date, rule=args.rule)
    print(safe_text(format_explanation(ex, rule=args.rule)))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_report

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise UserError(f"{corpus}: not a folder")
    report = evaluate(corpus, _pipeline(args))
    print(safe_text(format_report(report, verbose=args.errors)))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from kg.stats import format_stats, stats

    print(safe_text(format_stats(stats(args.graph, top=args.top))))
    return EXIT_OK


def cmd_check_rules(args: argparse.Namespace) -> int:
    from kg.examples import run_examples

    pipe = _pipeline(args)
    failures = 0
    total = 0
    for outcome in run_examples(pipe):
        total += 1
        if not outcome.ok:
            failures += 1
            _err(outcome.message)
    print(
        f"{len(pipe.grammar.rules)} rules, {len(pipe.grammar.filters)} filters, {len(pipe.grammar.cues)} cues "
        f"in {len(pipe.grammar.files)} files; {total} examples, {failures} failed"
    )
    return EXIT_CHECK if failures else EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kg", description="Reform claims from news into an RDF knowledge graph.")
    p.add_argument("--version", action="version", version=f"reform-kg {kg.__version__}")
    p.add_argument("--verbose", action="store_true", help="show tracebacks for errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def rules_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--rules",
            action="append",
            metavar="PATH",
            help="rule file or folder to use instead of the bundled grammar (repeatable)",
        )

    b = sub.add_parser("build", help="build graph.ttl and graph.html from articles")
    b.add_argument("paths", nargs="+", help="files and folders (.txt .md .json .jsonl)")
    b.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    b.add_argument("--base", default=kg.DEFAULT_BASE, help="base IRI for instance data")
    b.add_argument("--no-validate", dest="validate", action="store_false", help="skip SHACL validation")
    b.add_argument("--validate", dest="validate", action="store_true", help="SHACL-validate the graph (default)")
    b.add_argument("--strict", action="store_true", help="fail (exit 1) if any input is skipped or warned about")
    b.add_argument(
        "--allow-empty",
        action="store_true",
        help="write an empty graph when no document was read (never over a graph that holds articles)",
    )
    b.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links in folders that point outside the given inputs (default: skip them)",
    )
    b.add_argument("--shapes", metavar="FILE", help="SHACL shapes to validate against (default: ontology/shapes.ttl)")
    b.add_argument("--no-html", action="store_true", help="write graph.ttl only")
    b.add_argument(
        "-j",
        "--jobs",
        type=jobs_count,
        default=1,
        metavar="N",
        help="extract in N worker processes (default: 1); the graph is the same",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract as Dask tasks on the dask.distributed scheduler at ADDRESS (tcp://host:8786)",
    )
    b.add_argument(
        "--store",
        metavar="DIR",
        help="build into an on-disk Oxigraph store instead of files: only new and changed articles are read",
    )
    rules_opt(b)
    b.set_defaults(func=cmd_build, validate=True)

    q = sub.add_parser("query", help="run a SPARQL query on a graph")
    q.add_argument("graph", nargs="?", help="graph file (.ttl .trig .jsonld .nt)")
    q.add_argument("file", nargs="?", help="a .rq file")
    q.add_argument("--name", "-n", help="a named query (see --list)")
    q.add_argument("-e", dest="expr", metavar="SPARQL", help="query text")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a query parameter")
    q.add_argument("--format", "-f", choices=["table", "csv", "tsv", "json", "xml"], default="table")
    q.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph")
    q.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop the query after this long waiting for the engine; exit 3 (default: 60; 0: none)",
    )
    q.add_argument("--limit", type=int, metavar="ROWS", help="write at most ROWS rows (default: all)")
    q.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="with --store and --name: evaluate the query even when this generation's answer is cached",
    )
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.add_argument("--store", metavar="DIR", help=STORE_HELP)
    q.set_defaults(func=cmd_query)

    r = sub.add_parser("render", help="write an interactive HTML view of a graph")
    r.add_argument("graph", nargs="?")
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--store", metavar="DIR", help=STORE_HELP)
    r.add_argument("--view", choices=["reforms", "timeline", "full"], default="reforms")
    r.add_argument("--reform", metavar="CODE")
    r.add_argument("--claimant", metavar="NAME")
    r.add_argument("--since", type=int, metavar="YEAR")
    r.add_argument("--until", type=int, metavar="YEAR")
    r.add_argument("--strict", action="store_true", help="fail (exit 1, nothing written) when no claim is drawn")
    r.set_defaults(func=cmd_render)

    x = sub.add_parser("export", help="write a graph as turtle, trig, jsonld or nt")
    x.add_argument("graph", nargs="?")
    x.add_argument("--store", metavar="DIR", help=STORE_HELP)
    x.add_argument(
        "--format",
        "-f",
        choices=["turtle", "trig", "jsonld", "nt", "nq"],
        required=True,
        help="nq (N-Quads, one named graph per article) needs --store",
    )
    x.add_argument("-o", "--output", required=True)
    x.set_defaults(func=cmd_export)

    sv = sub.add_parser("serve", help="a read-only SPARQL endpoint and query page over a store")
    sv.add_argument("--store", metavar="DIR", required=True, help="the store that kg build --store DIR wrote")
    sv.add_argument("--bind", default="127.0.0.1:8000", metavar="HOST:PORT", help="default 127.0.0.1:8000")
    sv.add_argument("--workers", type=int, default=2, metavar="N", help="queries run at once (default 2)")
    sv.add_argument("--queue", type=int, default=16, metavar="N", help="queries that may wait (default 16)")
    sv.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per query (default 30)")
    sv.add_argument("--limit", type=int, default=10_000, metavar="ROWS", help="rows per result (default 10000)")
    sv.add_argument("--quiet", action="store_true", help="no request log on stderr")
    sv.add_argument(
        "--memory",
        action="store_true",
        help="each worker queries an in-memory copy of the store: faster, at the cost of memory and start-up",
    )
    sv.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="evaluate every query (by default a repeated query on the same store generation gets the bytes "
        "of its first answer, up to 256 MB of answers kept in memory)",
    )
    sv.set_defaults(func=cmd_serve)

    pu = sub.add_parser("push", help="copy a store to a SPARQL server (Graph Store Protocol)")
    pu.add_argument("--store", metavar="DIR", required=True, help="the store that kg build --store DIR wrote")
    pu.add_argument("--to", metavar="URL", required=True, help="the server's SPARQL query endpoint")
    pu.add_argument("--graph-store", metavar="URL", help="its Graph Store endpoint (default: --to)")
    pu.add_argument("--prune", action="store_true", help="delete the server's article graphs the store lacks")
    pu.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="per request (default 60)")
    pu.add_argument("--quiet", action="store_true", help="no progress on stderr")
    pu.set_defaults(func=cmd_push)

    e = sub.add_parser("explain", help="show how the rules read one sentence")
    e.add_argument("sentence")
    e.add_argument("--lang", choices=["ru", "en"])
    e.add_argument("--date", type=iso_date, help="article date (YYYY-MM-DD) for relative time and titles")
    e.add_argument("--rule", metavar="ID", help="show how far this rule got")
    rules_opt(e)
    e.set_defaults(func=cmd_explain)

    v = sub.add_parser("evaluate", help="score the rules on a gold corpus")
    v.add_argument("corpus")
    v.add_argument("--errors", action="store_true", help="list every miss and false positive")
    rules_opt(v)
    v.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("stats", help="most connected claimants and reforms (networkx)")
    s.add_argument("graph")
    s.add_argument("--top", type=int, default=10)
    s.set_defaults(func=cmd_stats)

    c = sub.add_parser("check-rules", help="validate rule files and run their examples")
    rules_opt(c)
    c.set_defaults(func=cmd_check_rules)
    return p


def _user_errors() -> tuple[type[Exception], ...]:
    """The exceptions that carry a message for the user, of the modules loaded (``kg build`` loads no query engine)."""
    errors: list[type[Exception]] = [UserError]
    for module, name in (("kg.rules", "RuleError"), ("kg.vetting", "QueryError"), ("kg.parallel", "ParallelError")):
        if module in sys.modules:
            errors.append(getattr(sys.modules[module], name))
    return tuple(errors)


class _NotLoaded(Exception):
    """Stands for an exception class of a module this command did not load (so it cannot be raised)."""


def _query_timeout() -> type[Exception]:
    module = sys.modules.get("kg.query")
    return module.QueryTimeout if module is not None else _NotLoaded


def main(argv: Sequence[str] | None = None) -> int:
    return _run(parser().parse_args(argv))


def entry() -> None:
    """The ``kg`` program. A stopped query exits at once: the interpreter's teardown alone can
    take longer than the query took to stop (0.5 s and more on a busy machine)."""
    try:
        args = parser().parse_args()
        code = _run(args)
    except KeyboardInterrupt:  # before any command started: nothing to clean up
        _err("interrupted")
        os._exit(EXIT_INTERRUPTED)
    if args.command == "query" and code in (EXIT_TIMEOUT, EXIT_INTERRUPTED):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    sys.exit(code)


def _run(args: argparse.Namespace) -> int:
    # The except clauses are evaluated when an exception arrives: by then the command has loaded its modules.
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except _user_errors() as e:
        _err(f"error: {e}")
    except _query_timeout() as e:
        _err(f"error: {e} (--timeout SECONDS to change it)")
        return EXIT_TIMEOUT
    except (ValueError, OSError) as e:
        if args.verbose:
            traceback.print_exc()
        _err(f"error: {e}")
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except Exception as e:
        if args.verbose:
            traceback.print_exc()
        _err(f"internal error: {type(e).__name__}: {e} (run with --verbose for details)")
        return EXIT_CHECK
    return EXIT_USAGE


def _closed_pipe() -> int:
    """The reader of the output went away (``| head -1``): stop quietly, as ``cat`` does, with exit 0.

    stdout is pointed at /dev/null so that Python's final flush has nowhere to fail.
    """
    _to_devnull(sys.stdout)
    return EXIT_OK


if __name__ == "__main__":
    entry()
