"""Vetting user SPARQL before any engine sees it: fail closed.

A query runs only if every check below passes; each refusal is one line with a position.

1. No codepoint escapes (``\\u0053``, ``\\U...``): SPARQL expands them before parsing, rdflib
   does, Oxigraph does not, so they are the one place where the two would read different
   queries from the same text.
2. A token scan written from the SPARQL 1.1 terminals (strings, IRIs, comments, prefixed
   names with their ``\\#``-style escapes): refuses SERVICE, FROM and every update keyword,
   and prefixes that are neither declared nor the project's own.
3. rdflib's SPARQL parser must parse the text as a query. Whatever it cannot parse is
   refused, on both engines, even when Oxigraph could run it (RDF 1.2 triple terms,
   ``LATERAL``): a query nobody vetted does not run.
4. Its parse tree must hold no SERVICE and no dataset clause (FROM / FROM NAMED), at any
   depth: subqueries, EXISTS, OPTIONAL, UNION, MINUS, GRAPH.

The rdflib engine evaluates exactly the algebra vetted here. The Oxigraph engine gets the
text, so the CLI also runs it in a worker whose sockets are blocked (``kg.sandbox``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

MAX_QUERY_CHARS = 1_000_000

_NO_SERVICE = "SERVICE is not allowed: queries run on the local graph and make no outbound requests"
_NO_FROM = "FROM and FROM NAMED are not allowed: queries run on the loaded graph only"
_NO_UPDATE = "SPARQL updates ({}) are not allowed: the graph is read-only here"
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
_CODEPOINT_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")

# SPARQL 1.1 terminals (section 19.8), written out so that the scan tokenizes like a parser.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_TOKEN = re.compile(
    rf"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\r\n]|\\.)*"
               |'(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]{_VARNAME})
    | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
    | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryError(Exception):
    """A query that cannot or may not run; the message is one line for the CLI."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Vetted:
    """A query that may run: its text, rdflib's algebra of it, and warnings for the user."""

    text: str
    query: Query
    form: str  # SelectQuery | AskQuery | ConstructQuery | DescribeQuery
    warnings: tuple[str, ...] = ()


def tokens(sparql: str) -> Iterator[Token]:
    """The tokens of a query but whitespace and comments."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(), match.start())


def position(sparql: str, offset: int) -> str:
    line = sparql.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (sparql.rfind(chr(10), 0, offset) + 1) + 1}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def _check_tokens(sparql: str, prefixes: Mapping[str, str]) -> list[Token]:
    """Refuse remote access and updates by keyword; catch undeclared prefixes; return IRI tokens."""
    declared = set(prefixes)
    iris: list[Token] = []
    after_prefix = False
    for token in tokens(sparql):
        if token.kind == "word":
            word = token.text.upper()
            where = position(sparql, token.offset)
            if word == "SERVICE":
                raise QueryError(f"{_NO_SERVICE} ({where})")
            if word == "FROM":
                raise QueryError(f"{_NO_FROM} ({where})")
            if word in _UPDATE_WORDS:
                raise QueryError(f"{_NO_UPDATE.format(word)} ({where})")
        elif token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if after_prefix:
                declared.add(prefix)
            elif prefix not in declared:
                raise QueryError(
                    f"invalid SPARQL at {position(sparql, token.offset)}: undeclared prefix {prefix + ':'!r}"
                )
        elif token.kind == "iri":
            iris.append(token)
        after_prefix = token.kind == "word" and token.text.upper() == "PREFIX"
    return iris


def _walk(node: Any) -> Iterator[CompValue]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _keyword_position(sparql: str, word: str) -> str:
    """Where a refused keyword is, for the message (the parse tree has no positions)."""
    match = re.search(rf"(?i)\b{word}\b", sparql)
    return position(sparql, match.start() if match else 0)


def _syntax_error(sparql: str, exc: Exception) -> QueryError:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    message = one_line(str(getattr(exc, "msg", "") or exc))
    found = getattr(exc, "found", None)
    if found and message:
        message = f"{message}, found {found}"
    where = f" at line {line}, column {col}" if line is not None and col is not None else ""
    return QueryError(f"invalid SPARQL{where}: {message} (kg runs SPARQL 1.1 SELECT, ASK, CONSTRUCT and DESCRIBE)")


def _parse(sparql: str) -> ParseResults:
    try:
        return parseQuery(sparql)
    except Exception as exc:  # pyparsing's ParseException, or rdflib's own errors
        try:
            parseUpdate(sparql)
        except Exception:
            raise _syntax_error(sparql, exc) from None
        raise QueryError(_NO_UPDATE.format("update") + f" ({position(sparql, 0)})") from None


def _check_tree(sparql: str, parsed: ParseResults) -> str:
    """Refuse SERVICE and dataset clauses anywhere in the parse tree; return the query form."""
    form = parsed[1].name if len(parsed) > 1 and isinstance(parsed[1], CompValue) else ""
    if form not in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"):
        raise QueryError(f"only SELECT, ASK, CONSTRUCT and DESCRIBE queries may run, not {form or 'this'}")
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            raise QueryError(f"{_NO_SERVICE} ({_keyword_position(sparql, 'SERVICE')})")
        if node.name == "DatasetClause" or dict.get(node, "datasetClause"):
            raise QueryError(f"{_NO_FROM} ({_keyword_position(sparql, 'FROM')})")
    return form


# --- namespaces under a wrong base --------------------------------------------------------


def _variants(namespace: str) -> set[str]:
    """Look-alikes of a namespace: the other scheme, with or without www., '#' for '/'."""
    out = {namespace}
    for swap in (("https://", "http://"), ("http://", "https://")):
        out |= {v.replace(swap[0], swap[1], 1) for v in out if v.startswith(swap[0])}
    out |= {re.sub(r"^(https?://)www\.", r"\1", v) for v in out}
    out |= {re.sub(r"^(https?://)(?!www\.)", r"\1www.", v) for v in out}
    out |= {v[:-1] + {"#": "/", "/": "#"}[v[-1]] for v in out if v[-1] in "#/"}
    out |= {v[:-1] for v in out if v[-1] in "#/"}
    return out - {namespace}


def lookalikes(prefixes: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(wrong base, prefix, right namespace), longest wrong base first."""
    return list(_lookalikes(tuple(prefixes.items())))


@functools.lru_cache(maxsize=8)
def _lookalikes(prefixes: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    real = {namespace for _, namespace in prefixes}
    out = [
        (variant, prefix, namespace)
        for prefix, namespace in prefixes
        for variant in _variants(namespace)
        if not any(r.startswith(variant) or variant.startswith(r) for r in real)
    ]
    return tuple(sorted(out, key=lambda item: (-len(item[0]), item[0])))


def wrong_base_warnings(sparql: str, iris: Iterable[Token], prefixes: Mapping[str, str]) -> list[str]:
    """One warning per IRI written under a look-alike of a project namespace."""
    table = lookalikes(prefixes)
    out = []
    for token in iris:
        iri = token.text[1:-1]
        for variant, prefix, namespace in table:
            if iri.startswith(variant):
                out.append(
                    f"warning: {position(sparql, token.offset)}: <{iri}> uses a look-alike of the namespace "
                    f"{prefix}: <{namespace}>, so it matches nothing in the graph"
                )
                break
    return out


def vet(sparql: str, *, prefixes: Mapping[str, str]) -> Vetted:
    """Check a query as described in the module docstring; QueryError when it may not run."""
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(sparql):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    escape = _CODEPOINT_ESCAPE.search(sparql)
    if escape:
        raise QueryError(
            f"codepoint escapes such as {escape.group()} are not accepted ({position(sparql, escape.start())}): "
            "write the character itself"
        )
    iris = _check_tokens(sparql, prefixes)
    parsed = _parse(sparql)
    form = _check_tree(sparql, parsed)
    try:
        query = translateQuery(parsed, initNs=dict(prefixes))
    except Exception as exc:  # e.g. a variable projected twice, an unknown prefix
        raise QueryError(f"invalid SPARQL: {one_line(str(exc))}") from None
    if dict.get(query.algebra, "datasetClause"):
        raise QueryError(f"{_NO_FROM} ({_keyword_position(sparql, 'FROM')})")
    return Vetted(sparql, query, form, tuple(wrong_base_warnings(sparql, iris, prefixes)))
