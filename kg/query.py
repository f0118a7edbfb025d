"""Named SPARQL queries, their safe execution, and result formatting.

Queries run on the local graph only. Before any engine sees a query it is vetted
twice: a SPARQL-aware token scan (comments, strings and IRIs are skipped, so they
cannot hide or fake a keyword) and, when rdflib can parse it, a walk of the parsed
algebra. SERVICE, FROM/FROM NAMED and every update form are refused, so no query
fetches anything or changes the graph.

Parameters never enter the query text. A named query declares one with a default on
a line of its own, ``VALUES ?reform { "direct-election" }``; a given value removes
that line and is bound as an ``xsd:string`` literal through Oxigraph's substitutions
or rdflib's ``initBindings``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph
from rdflib import Literal as RdfLiteral
from rdflib import URIRef as RdfURIRef
from rdflib import Variable as RdfVariable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.store import Store, load_rdflib, open_store

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "json")
_XSD_STRING = str(XSD.string)
_QUERY_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")

# Bare words that only appear in SPARQL Update, or that reach outside the local graph.
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"})
_UPDATE_ONLY = frozenset({"WITH", "USING"})
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\r\n]|\\.)*"
               |'(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7]+)
    | (?P<pname>[^\W\d][\w.\-\u00b7]*:[\w.\-:%\\\u00b7]*|:[\w.\-:%\\\u00b7]*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_NO_SERVICE = "SERVICE is not allowed: queries run on the local graph and make no outbound requests"
_NO_FROM = "FROM and FROM NAMED are not allowed: queries run on the loaded graph only"
_OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


class QueryError(Exception):
    """A query that cannot or may not run; the message is one line for the CLI."""


# --- results ---------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """An RDF term of a result, engine-neutral, as the SPARQL JSON results format needs it."""

    type: str  # uri | literal | bnode | triple
    value: str
    datatype: str | None = None  # None for simple and language-tagged literals
    lang: str | None = None

    def to_json(self) -> dict[str, str]:
        out = {"type": self.type, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out


@dataclass(frozen=True)
class Result:
    """Rows as plain strings (``None`` for unbound) plus the RDF terms behind them."""

    vars: list[str]
    terms: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None  # set for ASK queries

    @property
    def rows(self) -> list[tuple[str | None, ...]]:
        return [tuple(None if t is None else t.value for t in row) for row in self.terms]

    def __len__(self) -> int:
        return len(self.terms)


def _literal_term(value: str, datatype: str | None, lang: str | None) -> Term:
    if lang:
        return Term("literal", value, lang=lang.lower())
    if datatype == _XSD_STRING:
        datatype = None
    return Term("literal", value, datatype=datatype)


def _from_oxigraph(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, pyoxigraph.Literal):
        return _literal_term(term.value, term.datatype.value, term.language)
    return Term("triple", str(term))


def _from_rdflib(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, RdfURIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, RdfLiteral):
        datatype = str(term.datatype) if term.datatype else None
        return _literal_term(str(term), datatype, term.language)
    return Term("triple", str(term))


# --- named queries ----------------------------------------------------------


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


def _param_line(name: str) -> re.Pattern[str]:
    pattern = rf"^[ \t]*VALUES[ \t]+[?$]{re.escape(name)}[ \t]*\{{[^{{}}\n]*\}}[ \t]*$"
    return re.compile(pattern, re.MULTILINE | re.IGNORECASE)


_ANY_PARAM_LINE = re.compile(
    r"^[ \t]*VALUES[ \t]+[?$]([A-Za-z_][A-Za-z0-9_]*)[ \t]*\{[ \t]*([^{}\n]*?)[ \t]*\}[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def query_params(sparql: str) -> dict[str, str]:
    """Parameter name -> its default as written (``"direct-election"``), from ``VALUES`` lines."""
    return {m.group(1): m.group(2) for m in _ANY_PARAM_LINE.finditer(sparql)}


def _apply_params(sparql: str, params: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Drop the default line of each given parameter; the values are bound by the engine."""
    declared = query_params(sparql)
    bound: dict[str, str] = {}
    for name, value in params.items():
        if not _PARAM_NAME.fullmatch(name) or name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise QueryError(f"unknown parameter {name!r}; this query's parameters: {known}")
        if not isinstance(value, str):
            raise QueryError(f"parameter {name!r} must be a string, not {type(value).__name__}")
        # Blank, not delete, the line so that error positions still match the file.
        sparql = _param_line(name).sub("", sparql, count=1)
        bound[name] = value
    return sparql, bound


# --- vetting ----------------------------------------------------------------


def _tokens(sparql: str) -> Iterable[tuple[str, str, int]]:
    """(kind, text, offset) of each token but whitespace and comments."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()


def _position(sparql: str, offset: int) -> str:
    line = sparql.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (sparql.rfind(chr(10), 0, offset) + 1) + 1}"


def _check_tokens(sparql: str) -> None:
    """Refuse remote access and updates; catch undeclared prefixes the same way for both engines.

    rdflib would otherwise resolve ``schema:`` and friends from its built-in bindings,
    so a query could run on one engine and fail on the other.
    """
    declared: set[str] = set()
    after_prefix = False
    for kind, text, offset in _tokens(sparql):
        if kind == "word":
            word = text.upper()
            if word == "SERVICE":
                raise QueryError(_NO_SERVICE)
            if word == "FROM":
                raise QueryError(_NO_FROM)
            if word in _UPDATE_WORDS or word in _UPDATE_ONLY:
                raise QueryError(f"SPARQL updates ({word}) are not allowed: the graph is read-only here")
        elif kind == "pname":
            prefix = text.split(":", 1)[0]
            if after_prefix:
                declared.add(prefix)
            elif prefix != "_" and prefix not in declared:
                raise QueryError(f"invalid SPARQL at {_position(sparql, offset)}: undeclared prefix {prefix + ':'!r}")
        after_prefix = kind == "word" and text.upper() == "PREFIX"


def _walk(node: Any) -> Iterable[CompValue]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _check_algebra(query: Any) -> None:
    algebra = query.algebra
    if algebra.name not in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"):
        raise QueryError(f"only SELECT, ASK, CONSTRUCT and DESCRIBE queries may run, not {algebra.name}")
    if algebra.get("datasetClause"):
        raise QueryError(_NO_FROM)
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryError(_NO_SERVICE)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _rdflib_syntax_error(exc: Exception) -> QueryError:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    message = _one_line(str(getattr(exc, "msg", "") or exc))
    if line is not None and col is not None:
        found = getattr(exc, "found", None)
        detail = f"{message}, found {found}" if found and message else message
        return QueryError(f"invalid SPARQL at line {line}, column {col}: {detail}")
    return QueryError(f"invalid SPARQL: {message}")


def _oxigraph_syntax_error(exc: Exception) -> QueryError:
    match = _OXIGRAPH_POSITION.search(str(exc))
    if match:
        line, col, message = match.groups()
        return QueryError(f"invalid SPARQL at line {line}, column {col}: {_one_line(message)}")
    return QueryError(f"invalid SPARQL: {_one_line(str(exc))}")


def prepare(sparql: str, *, engine: str = "oxigraph") -> Any:
    """Vet a query; return rdflib's parsed form, or None when only Oxigraph can parse it.

    Raises QueryError for refused queries, and for syntax errors when rdflib is the engine.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    _check_tokens(sparql)
    try:
        parsed = parseQuery(sparql)
    except Exception as exc:
        try:
            parseUpdate(sparql)
        except Exception:
            if engine == "rdflib":
                raise _rdflib_syntax_error(exc) from None
            return None  # Oxigraph reports the syntax error with its own position.
        raise QueryError("SPARQL updates are not allowed: the graph is read-only here") from None
    try:
        query = translateQuery(parsed)
    except Exception as exc:  # e.g. an undeclared prefix
        if engine == "rdflib":
            raise QueryError(f"invalid SPARQL: {_one_line(str(exc))}") from None
        return None
    _check_algebra(query)
    return query


# --- execution --------------------------------------------------------------


def _run_oxigraph(store: Store, sparql: str, params: dict[str, str]) -> Result:
    substitutions = {pyoxigraph.Variable(k): pyoxigraph.Literal(v) for k, v in params.items()}
    try:
        answer = store.oxigraph.query(sparql, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise _oxigraph_syntax_error(exc) from None
    except RuntimeError as exc:  # e.g. a parameter the query does not project
        raise QueryError(f"query failed: {_one_line(str(exc))}") from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Result(vars=[], boolean=bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(_from_oxigraph(solution[name]) for name in names) for solution in answer]
        return Result(vars=names, terms=rows)
    triples = [(_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object)) for t in answer]
    return Result(vars=["subject", "predicate", "object"], terms=triples)


def _run_rdflib(graph: Graph, query: Any, params: dict[str, str]) -> Result:
    bindings = {RdfVariable(k): RdfLiteral(v) for k, v in params.items()}
    answer = graph.query(query, initBindings=bindings)
    if answer.type == "ASK":
        return Result(vars=[], boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        names = [str(v) for v in answer.vars or []]
        rows = [tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in answer]
        return Result(vars=names, terms=rows)
    triples = [(_from_rdflib(s), _from_rdflib(p), _from_rdflib(o)) for s, p, o in answer]
    return Result(vars=["subject", "predicate", "object"], terms=triples)


def _as_rdflib(source: Any) -> Graph:
    if isinstance(source, Graph):
        return source
    if isinstance(source, (Store, pyoxigraph.Store)):
        oxigraph = source.oxigraph if isinstance(source, Store) else source
        data = pyoxigraph.serialize(
            (q.triple for q in oxigraph.quads_for_pattern(None, None, None, None)),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        )
        return Graph(bind_namespaces="none").parse(data=data, format="nt")
    return load_rdflib(source)


def run_query(
    graph_or_path: str | Path | Graph | Store | pyoxigraph.Store,
    sparql: str,
    *,
    params: Mapping[str, str] | None = None,
    engine: str = "oxigraph",
) -> Result:
    """Vet and run a read-only query; pass a held ``Store`` to avoid reloading the graph."""
    sparql, bound = _apply_params(sparql, params or {})
    query = prepare(sparql, engine=engine)
    if engine == "oxigraph":
        return _run_oxigraph(open_store(graph_or_path), sparql, bound)
    return _run_rdflib(_as_rdflib(graph_or_path), query, bound)


# --- formatting -------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _cell(value: str | None) -> str:
    """A table cell on one line: control characters shown as escapes."""
    if value is None:
        return ""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], value)


def _table_line(cells: Iterable[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def format_result(result: Result, fmt: str = "table") -> str:
    """``table`` for people, ``csv`` for spreadsheets, ``json`` (SPARQL 1.1 Query Results JSON)."""
    if fmt == "json":
        if result.boolean is not None:
            return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False, indent=2) + "\n"
        bindings = [
            {name: term.to_json() for name, term in zip(result.vars, row, strict=True) if term is not None}
            for row in result.terms
        ]
        doc = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if result.boolean is not None:
            writer.writerow(["boolean"])
            writer.writerow(["true" if result.boolean else "false"])
        else:
            writer.writerow(result.vars)
            writer.writerows([["" if v is None else v for v in row] for row in result.rows])
        return buffer.getvalue()
    if fmt == "table":
        if result.boolean is not None:
            return ("yes" if result.boolean else "no") + "\n"
        cells = [[_cell(v) for v in row] for row in result.rows]
        widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.vars)]
        lines = [_table_line(result.vars, widths), "  ".join("-" * w for w in widths)]
        lines.extend(_table_line(row, widths) for row in cells)
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown result format {fmt!r}; expected one of {', '.join(FORMATS)}")
