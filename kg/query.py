"""Named SPARQL queries, their safe, bounded execution, and streamed results.

Every query is vetted first (``kg.vetting``: fail closed, no SERVICE, FROM or updates,
however spelled). The project's prefixes (``kg.vocab.PREFIXES``) are declared for every
query; a query's own PREFIX wins.

Parameters never enter the query text. A named query declares one with a default on a
line of its own, ``VALUES ?reform { "direct-election" }``, optionally followed by
``# code: SCHEME`` when the value must be a code of that scheme (``reform-type``,
``level``, ``office``, ``status``, ``measure``). A given value removes that line and is bound as an
``xsd:string`` literal through Oxigraph's substitutions or rdflib's initial bindings.

Bounds: ``limit`` caps the rows (or triples) of a result, ``timeout`` the seconds spent
waiting for the engine. With a timeout (the CLI always sets one) the query runs in a
forked worker (``kg.sandbox``) that is killed on timeout or Ctrl-C and cannot open a
socket. Rows are produced lazily and written as they come, so memory does not grow
with the result.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph
from rdflib import Dataset, Graph
from rdflib import Literal as RdfLiteral
from rdflib import Variable as RdfVariable
from rdflib.graph import ConjunctiveGraph
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.sparql import QueryContext

from kg import sandbox
from kg.results import FORMATS, Result, Row, Term, format_result, from_oxigraph, from_rdflib, writer
from kg.store import Store, load_rdflib_dataset, open_store
from kg.vetting import QueryError, Vetted, one_line, position, vet
from kg.vocab import LEVEL_CODES, MEASURE_CODES, OFFICE_CODES, PREFIXES, REFORM_CODES, STATUS_CODES

__all__ = [
    "CODE_SCHEMES",
    "DEFAULT_TIMEOUT",
    "ENGINES",
    "FORMATS",
    "QueryError",
    "QueryTimeout",
    "QueryWarning",
    "Result",
    "Term",
    "format_result",
    "list_queries",
    "load_query",
    "prepare",
    "query_params",
    "run_query",
    "write_query",
]

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
ENGINES = ("oxigraph", "rdflib")
DEFAULT_TIMEOUT = 60.0
PROJECT_PREFIXES: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
# Schemes a parameter can be checked against (``# code: SCHEME`` on its VALUES line).
CODE_SCHEMES: dict[str, tuple[str, ...]] = {
    "reform-type": REFORM_CODES,
    "level": LEVEL_CODES,
    "office": OFFICE_CODES,
    "status": STATUS_CODES,
    "measure": MEASURE_CODES,
}
_QUERY_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_ANY_PARAM_LINE = re.compile(
    r"^[ \t]*VALUES[ \t]+[?$]([A-Za-z_][A-Za-z0-9_]*)[ \t]*\{[ \t]*([^{}\n]*?)[ \t]*\}[ \t]*"
    r"(?:\#[ \t]*code:[ \t]*([a-z-]+))?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_CHUNK_BYTES = 1 << 16
_CHUNK_SECONDS = 0.2
_ROW_BATCH = 1000


class QueryTimeout(Exception):
    """The query ran past its timeout and was stopped."""


class QueryWarning(UserWarning):
    """Something in a query that probably makes it match nothing (a look-alike namespace)."""


# --- named queries and parameters ---------------------------------------------------------


def _query_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq"))}


def list_queries() -> dict[str, str]:
    """Named query -> the description on its first line (``# ...``)."""
    out: dict[str, str] = {}
    for name, path in _query_files().items():
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        out[name] = first.lstrip("#").strip() if first.startswith("#") else ""
    return out


def load_query(name: str) -> str:
    files = _query_files()
    if not _QUERY_NAME.fullmatch(name) or name not in files:
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(files) or '(none)'}")
    return files[name].read_text(encoding="utf-8")


@dataclass(frozen=True)
class Param:
    name: str
    default: str  # as written, e.g. '"direct-election"'
    scheme: str | None  # a key of CODE_SCHEMES
    start: int
    end: int


def _params(sparql: str) -> dict[str, Param]:
    out = {}
    for m in _ANY_PARAM_LINE.finditer(sparql):
        scheme = m.group(3).lower() if m.group(3) else None
        if scheme is not None and scheme not in CODE_SCHEMES:
            where = position(sparql, m.start(3))
            raise QueryError(f"{where}: unknown code scheme {scheme!r}; known: {', '.join(CODE_SCHEMES)}")
        out.setdefault(m.group(1), Param(m.group(1), m.group(2), scheme, m.start(), m.end()))
    return out


def query_params(sparql: str) -> dict[str, str]:
    """Parameter name -> its default as written (``"direct-election"``), from ``VALUES`` lines."""
    return {name: param.default for name, param in _params(sparql).items()}


def _check_code(param: Param, value: str) -> None:
    if param.scheme is None:
        return
    codes = CODE_SCHEMES[param.scheme]
    if value not in codes:
        close = difflib.get_close_matches(value, codes, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise QueryError(
            f"--param {param.name}={value!r}: not a {param.scheme} code; {hint}known codes: {', '.join(codes)}"
        )


def _apply_params(sparql: str, params: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Blank the default line of each given parameter; the values are bound by the engine."""
    declared = _params(sparql)
    bound: dict[str, str] = {}
    for name, value in params.items():
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name) or name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise QueryError(f"unknown parameter {name!r}; this query's parameters: {known}")
        if not isinstance(value, str):
            raise QueryError(f"parameter {name!r} must be a string, not {type(value).__name__}")
        param = declared[name]
        _check_code(param, value)
        # Blank, not delete, the line so that error positions still match the file.
        sparql = sparql[: param.start] + " " * (param.end - param.start) + sparql[param.end :]
        bound[name] = value
    return sparql, bound


def prepare(sparql: str, *, params: Mapping[str, str] | None = None) -> tuple[Vetted, dict[str, str]]:
    """Apply the parameters and vet the query; QueryError if it may not run."""
    text, bound = _apply_params(sparql, params or {})
    return vet(text, prefixes=PROJECT_PREFIXES), bound


# --- execution ----------------------------------------------------------------------------


@dataclass
class Solutions:
    """A result being produced: the header now, the rows lazily."""

    vars: list[str]
    boolean: bool | None
    rows: Iterator[Row]
    truncated: bool = False


def _oxigraph_error(exc: Exception) -> QueryError:
    match = _OXIGRAPH_POSITION.search(str(exc))
    if match:
        line, col, message = match.groups()
        return QueryError(f"invalid SPARQL at line {line}, column {col}: {one_line(message)}")
    return QueryError(f"query failed: {one_line(str(exc))}")


def _guarded(rows: Iterator[Row], engine: str) -> Iterator[Row]:
    """Engine errors that surface while rows are read become QueryErrors."""
    try:
        yield from rows
    except (RuntimeError, OSError, ValueError, SyntaxError) as exc:
        raise QueryError(f"query failed on {engine}: {one_line(str(exc))}") from None
    except Exception as exc:
        if engine != "rdflib":
            raise
        raise QueryError(f"the rdflib engine cannot run this query: {one_line(str(exc))}") from None


def _oxigraph_solutions(source: Any, vetted: Vetted, bound: dict[str, str]) -> Solutions:
    store = open_store(source)
    substitutions = {pyoxigraph.Variable(k): pyoxigraph.Literal(v) for k, v in bound.items()}
    try:
        answer = store.oxigraph.query(
            vetted.text,
            use_default_graph_as_union=True,
            substitutions=substitutions or None,
            prefixes=PROJECT_PREFIXES,
        )
    except SyntaxError as exc:
        raise _oxigraph_error(exc) from None
    except (RuntimeError, OSError, ValueError) as exc:  # e.g. a parameter the query does not project
        raise QueryError(f"query failed: {one_line(str(exc))}") from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Solutions([], bool(answer), iter(()))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = (tuple(map(from_oxigraph, solution)) for solution in answer)
        return Solutions(names, None, _guarded(rows, "oxigraph"))
    triples = ((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in answer)
    return Solutions(["subject", "predicate", "object"], None, _guarded(triples, "oxigraph"))


def _as_rdflib(source: Any) -> Graph:
    if isinstance(source, Graph):
        return source
    if isinstance(source, (Store, pyoxigraph.Store)):
        oxigraph = source.oxigraph if isinstance(source, Store) else source
        triples = (q.triple for q in oxigraph.quads_for_pattern(None, None, None, None))
        data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        return Graph(bind_namespaces="none").parse(data=data, format="nt")
    return load_rdflib_dataset(source)


def _rdflib_solutions(source: Any, vetted: Vetted, bound: dict[str, str]) -> Solutions:
    graph = _as_rdflib(source)
    ctx = QueryContext(graph, initBindings={RdfVariable(k): RdfLiteral(v) for k, v in bound.items()})
    if not isinstance(graph, ConjunctiveGraph):
        # A lone graph is a dataset without named graphs: GRAPH matches nothing, as on Oxigraph.
        ctx._dataset = Dataset()
    ctx.prologue = vetted.query.prologue
    try:
        answer = evalPart(ctx, vetted.query.algebra)
    except Exception as exc:
        raise QueryError(f"the rdflib engine cannot run this query: {one_line(str(exc))}") from None
    kind = answer["type_"]
    if kind == "ASK":
        return Solutions([], bool(answer["askAnswer"]), iter(()))
    if kind == "SELECT":
        variables = list(answer["vars_"] or [])
        rows = (tuple(from_rdflib(b.get(v)) for v in variables) for b in answer["bindings"])
        return Solutions([str(v) for v in variables], None, _guarded(rows, "rdflib"))
    triples = ((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in answer["graph"])
    return Solutions(["subject", "predicate", "object"], None, _guarded(triples, "rdflib"))


def _limited(solutions: Solutions, limit: int | None) -> Solutions:
    if limit is None:
        return solutions

    limited = Solutions(solutions.vars, solutions.boolean, iter(()))

    def rows() -> Iterator[Row]:
        for count, row in enumerate(solutions.rows):
            if count >= limit:
                limited.truncated = True
                return
            yield row

    limited.rows = rows()
    return limited


def _check_args(engine: str, limit: int | None, timeout: float | None) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a whole number of rows >= 0, not {limit!r}")
    if timeout is not None and not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError(f"timeout must be a number of seconds > 0, not {timeout!r}")


def _execute(
    source: Any,
    sparql: str,
    params: Mapping[str, str] | None,
    engine: str,
    limit: int | None,
    on_warning: Callable[[str], None],
) -> Solutions:
    vetted, bound = prepare(sparql, params=params)
    for message in vetted.warnings:
        on_warning(message)
    if engine == "oxigraph":
        solutions = _oxigraph_solutions(source, vetted, bound)
    else:
        solutions = _rdflib_solutions(source, vetted, bound)
    return _limited(solutions, limit)


def _warn(message: str) -> None:
    warnings.warn(message, QueryWarning, stacklevel=4)


def _run(target: Callable[[sandbox.Send], Any], timeout: float | None) -> Iterator[Any]:
    """The worker's messages; its exceptions and a timeout come back as query errors."""
    try:
        return (yield from sandbox.run(target, timeout=timeout))
    except sandbox.WorkerTimeout as exc:
        raise QueryTimeout(f"query {exc}") from None


def _drain(messages: Iterator[tuple[str, Any]], receive: Callable[[str, Any], None]) -> Any:
    """Hand each message to ``receive``; the worker's return value. The worker is gone afterwards."""
    try:
        while True:
            try:
                kind, payload = next(messages)
            except StopIteration as stop:
                return stop.value
            receive(kind, payload)
    finally:
        messages.close()  # type: ignore[attr-defined]


def run_query(
    graph_or_path: str | Path | Graph | Store | pyoxigraph.Store,
    sparql: str,
    *,
    params: Mapping[str, str] | None = None,
    engine: str = "oxigraph",
    limit: int | None = None,
    timeout: float | None = None,
) -> Result:
    """Vet and run a read-only query, and collect its result.

    Pass a held ``Store`` to avoid reloading the graph. ``limit`` caps the rows (the
    result's ``truncated`` says whether more matched). With ``timeout`` the query runs in
    a worker that is stopped after that many seconds (``QueryTimeout``); where ``fork`` is
    missing (Windows) it runs in-process and the timeout is not enforced. Look-alike
    namespaces are reported as ``QueryWarning`` warnings.
    """
    _check_args(engine, limit, timeout)
    if timeout is None or not sandbox.can_isolate():
        solutions = _execute(graph_or_path, sparql, params, engine, limit, _warn)
        rows = list(solutions.rows)
        return Result(solutions.vars, rows, solutions.boolean, solutions.truncated)

    def target(send: sandbox.Send) -> bool:
        solutions = _execute(graph_or_path, sparql, params, engine, limit, lambda w: send(("warning", w)))
        send(("head", (solutions.vars, solutions.boolean)))
        batch: list[Row] = []
        for row in solutions.rows:
            batch.append(row)
            if len(batch) >= _ROW_BATCH:
                send(("rows", batch))
                batch = []
        send(("rows", batch))
        return solutions.truncated

    variables: list[str] = []
    boolean = None
    rows: list[Row] = []

    def receive(kind: str, payload: Any) -> None:
        nonlocal variables, boolean
        if kind == "warning":
            _warn(payload)
        elif kind == "head":
            variables, boolean = payload
        else:
            rows.extend(payload)

    truncated = _drain(_run(target, timeout), receive)
    return Result(variables, rows, boolean, bool(truncated))


@dataclass(frozen=True)
class Written:
    rows: int
    truncated: bool


class _Chunks:
    """Collects text and hands it on as bytes in chunks: by size, or when it has waited a while."""

    def __init__(self, send: Callable[[bytes], None], encoding: str) -> None:
        self._send = send
        self._encoding = encoding
        self._parts: list[str] = []
        self._size = 0
        self._since = time.monotonic()

    def __call__(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= _CHUNK_BYTES or time.monotonic() - self._since >= _CHUNK_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._send("".join(self._parts).encode(self._encoding, errors="backslashreplace"))
        self._parts, self._size, self._since = [], 0, time.monotonic()


def _write_all(solutions: Solutions, fmt: str, emit: _Chunks) -> Written:
    out = writer(fmt, emit)
    out.begin(solutions.vars, solutions.boolean)
    for row in solutions.rows:
        out.row(row)
    out.end(solutions.truncated)
    emit.flush()
    return Written(out.count, solutions.truncated)


def write_query(
    graph_or_path: str | Path | Graph | Store | pyoxigraph.Store,
    sparql: str,
    out: BinaryIO,
    *,
    fmt: str = "table",
    params: Mapping[str, str] | None = None,
    engine: str = "oxigraph",
    limit: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    isolate: bool | None = None,
    encoding: str = "utf-8",
    on_warning: Callable[[str], None] | None = None,
) -> Written:
    """Vet and run a query, writing its result to ``out`` in ``fmt`` as the rows come.

    ``isolate`` (default: whenever there is a timeout) runs it in a killable worker; the
    timeout counts the time spent waiting for the engine, not the time ``out`` blocks.
    """
    _check_args(engine, limit, timeout)
    writer(fmt, lambda _: None)  # an unknown format fails before any work
    warn = on_warning or _warn
    isolate = (timeout is not None if isolate is None else isolate) and sandbox.can_isolate()

    def deliver(data: bytes) -> None:
        out.write(data)
        out.flush()

    if not isolate:
        solutions = _execute(graph_or_path, sparql, params, engine, limit, warn)
        return _write_all(solutions, fmt, _Chunks(deliver, encoding))

    def target(send: sandbox.Send) -> Written:
        solutions = _execute(graph_or_path, sparql, params, engine, limit, lambda w: send(("warning", w)))
        return _write_all(solutions, fmt, _Chunks(lambda data: send(("out", data)), encoding))

    def receive(kind: str, payload: Any) -> None:
        if kind == "warning":
            warn(payload)
        else:
            deliver(payload)

    return _drain(_run(target, timeout), receive)


def stdout_encoding() -> str:
    return getattr(sys.stdout, "encoding", None) or "utf-8"
