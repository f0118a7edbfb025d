"""The ``kg`` command. Exit codes: 0 ok, 1 the build failed a check (--strict, SHACL), 2 bad usage or input.

User errors are one line on stderr; a traceback appears only with ``--verbose``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import kg

EXIT_OK, EXIT_CHECK, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A problem the user can fix; its message is printed as one line."""


def _err(msg: str) -> None:
    print(" ".join(str(msg).split()), file=sys.stderr)


def _pipeline(args: argparse.Namespace):
    from kg.pipeline import Pipeline

    return Pipeline([Path(p) for p in args.rules] if args.rules else None)


def cmd_build(args: argparse.Namespace) -> int:
    pipe = _pipeline(args)
    result = pipe.build_files(
        args.paths,
        Path(args.output),
        base=args.base,
        validate=args.validate,
        html=not args.no_html,
        strict=args.strict,
        shapes=Path(args.shapes) if args.shapes else None,
        on_skip=lambda s: _err(s.message()),
        on_warning=_err,
    )
    for v in result.violations:
        _err(f"SHACL violation: {v}")
    if result.violations:
        _err(f"error: the graph violates {len(result.violations)} SHACL constraint(s); nothing written")
        return EXIT_CHECK
    if args.strict and (result.skipped or result.warnings):
        _err(
            f"error: --strict: {len(result.skipped)} input(s) skipped, {len(result.warnings)} warning(s); "
            "nothing written"
        )
        return EXIT_CHECK
    print(result.summary())
    for path in result.written:
        print(f"wrote {path}")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import format_result, list_queries, load_query, run_query

    if args.list:
        for name, description in sorted(list_queries().items()):
            print(f"{name:22} {description}")
        return EXIT_OK
    if args.graph is None:
        raise UserError("kg query: a GRAPH file is needed (or --list)")
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
    result = run_query(args.graph, sparql, params=params, engine=args.engine)
    text = format_result(result, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from kg.render import render

    stats = render(
        args.graph,
        Path(args.output),
        view=args.view,
        reform=args.reform,
        claimant=args.claimant,
        since=args.since,
        until=args.until,
    )
    print(f"{stats.nodes} nodes, {stats.edges} edges, {stats.claims} claims; wrote {args.output}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import export

    out = export(args.graph, args.format, args.output)
    print(f"wrote {out}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from kg.explain import explain, format_explanation

    pipe = _pipeline(args)
    if args.rule and pipe.grammar.rule(args.rule) is None:
        raise UserError(f"kg explain: no rule with id {args.rule!r}")
    ex = explain(pipe, args.sentence, lang=args.lang, date=args.date, rule=args.rule)
    print(format_explanation(ex, rule=args.rule))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_report

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise UserError(f"{corpus}: not a folder")
    report = evaluate(corpus, _pipeline(args))
    print(format_report(report, verbose=args.errors))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from kg.stats import format_stats, stats

    print(format_stats(stats(args.graph, top=args.top)))
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
    p = argparse.ArgumentParser(prog="kg", description="Reform claims from news into an RDF knowledge graph.")
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
    b.add_argument("--strict", action="store_true", help="fail (exit 1) if any input is skipped")
    b.add_argument("--shapes", metavar="FILE", help="SHACL shapes to validate against (default: ontology/shapes.ttl)")
    b.add_argument("--no-html", action="store_true", help="write graph.ttl only")
    rules_opt(b)
    b.set_defaults(func=cmd_build, validate=True)

    q = sub.add_parser("query", help="run a SPARQL query on a graph")
    q.add_argument("graph", nargs="?", help="graph file (.ttl .trig .jsonld .nt)")
    q.add_argument("file", nargs="?", help="a .rq file")
    q.add_argument("--name", "-n", help="a named query (see --list)")
    q.add_argument("-e", dest="expr", metavar="SPARQL", help="query text")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a query parameter")
    q.add_argument("--format", "-f", choices=["table", "csv", "json"], default="table")
    q.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph")
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.set_defaults(func=cmd_query)

    r = sub.add_parser("render", help="write an interactive HTML view of a graph")
    r.add_argument("graph")
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--view", choices=["reforms", "full"], default="reforms")
    r.add_argument("--reform", metavar="CODE")
    r.add_argument("--claimant", metavar="NAME")
    r.add_argument("--since", type=int, metavar="YEAR")
    r.add_argument("--until", type=int, metavar="YEAR")
    r.set_defaults(func=cmd_render)

    x = sub.add_parser("export", help="write a graph as turtle, trig, jsonld or nt")
    x.add_argument("graph")
    x.add_argument("--format", "-f", choices=["turtle", "trig", "jsonld", "nt"], required=True)
    x.add_argument("-o", "--output", required=True)
    x.set_defaults(func=cmd_export)

    e = sub.add_parser("explain", help="show how the rules read one sentence")
    e.add_argument("sentence")
    e.add_argument("--lang", choices=["ru", "en"])
    e.add_argument("--date", help="article date (ISO) for relative time and titles")
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
    for module, name in (("kg.rules", "RuleError"), ("kg.query", "QueryError")):
        if module in sys.modules:
            errors.append(getattr(sys.modules[module], name))
    return tuple(errors)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except _user_errors() as e:
        _err(f"error: {e}")
    except (ValueError, OSError) as e:
        if args.verbose:
            traceback.print_exc()
        _err(f"error: {e}")
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as e:
        if args.verbose:
            traceback.print_exc()
        _err(f"internal error: {type(e).__name__}: {e} (run with --verbose for details)")
        return EXIT_CHECK
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
