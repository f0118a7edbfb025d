"""Query results: engine-neutral terms, and writers that stream them row by row.

A writer holds at most one block of rows (the table, to size its columns), so the memory
of ``kg query`` does not grow with the result. Formats:

* ``table`` for people: column widths come from the header and the first
  ``TABLE_BLOCK`` rows; a longer cell further down widens its own line only;
* ``csv`` (values, RFC 4180 with CRLF line ends), ``tsv`` (SPARQL 1.1 TSV: terms in
  Turtle syntax), ``json`` (SPARQL 1.1 Query Results JSON, byte-identical to
  ``json.dumps(doc, ensure_ascii=False, indent=2)``), ``xml`` (SPARQL Query Results XML;
  characters XML 1.0 cannot carry, such as NUL, become U+FFFD).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from json.encoder import py_encode_basestring
from typing import Any, NamedTuple

import pyoxigraph
from rdflib import BNode
from rdflib import Literal as RdfLiteral
from rdflib import URIRef as RdfURIRef
from rdflib.namespace import XSD

FORMATS = ("table", "csv", "tsv", "json", "xml")
TABLE_BLOCK = 1000
_XSD = str(XSD)
_XSD_STRING = str(XSD.string)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_BARE = {
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    _XSD + "double": re.compile(r"[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
try:
    from _json import encode_basestring as _json_string
except ImportError:  # pragma: no cover - CPython always has it
    _json_string = py_encode_basestring
_TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


class Term(NamedTuple):
    """An RDF term of a result, engine-neutral, as the SPARQL JSON results format needs it.

    A named tuple, not a dataclass: results make millions of them, and a tuple is made
    several times faster.
    """

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

    def to_turtle(self) -> str:
        """The term as SPARQL TSV writes it."""
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        if self.type == "triple":
            return self.value
        bare = _BARE.get(self.datatype or "")
        if bare and bare.fullmatch(self.value):
            return self.value
        quoted = '"' + self.value.translate(_TURTLE_ESCAPES) + '"'
        if self.lang:
            return f"{quoted}@{self.lang}"
        return f"{quoted}^^<{self.datatype}>" if self.datatype else quoted


Row = tuple["Term | None", ...]


@dataclass(frozen=True)
class Result:
    """Rows as plain strings (``None`` for unbound) plus the RDF terms behind them."""

    vars: list[str]
    terms: list[Row] = field(default_factory=list)
    boolean: bool | None = None  # set for ASK queries
    truncated: bool = False  # more rows matched than the limit let through

    @property
    def rows(self) -> list[tuple[str | None, ...]]:
        return [tuple(None if t is None else t.value for t in row) for row in self.terms]

    def __len__(self) -> int:
        return len(self.terms)


def _literal_term(value: str, datatype: str | None, lang: str | None) -> Term:
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype == _XSD_STRING:
        datatype = None
    return Term("literal", value, datatype)


def _oxigraph_literal(term: pyoxigraph.Literal) -> Term:
    lang = term.language
    if lang:
        return Term("literal", term.value, None, lang.lower())
    datatype = term.datatype.value
    return Term("literal", term.value, None if datatype == _XSD_STRING else datatype)


_FROM_OXIGRAPH: dict[type, Callable[[Any], Term]] = {
    pyoxigraph.NamedNode: lambda term: Term("uri", term.value),
    pyoxigraph.BlankNode: lambda term: Term("bnode", term.value),
    pyoxigraph.Literal: _oxigraph_literal,
}


def from_oxigraph(term: Any) -> Term | None:
    if term is None:
        return None
    convert = _FROM_OXIGRAPH.get(type(term))
    return convert(term) if convert else Term("triple", str(term))


def from_rdflib(term: Any) -> Term | None:
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


# --- writers ----------------------------------------------------------------------------


def _cell(term: Term | None) -> str:
    """A table cell on one line: control characters shown as escapes."""
    if term is None:
        return ""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], term.value)


def _plural(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


class Writer:
    """Formats one result: ``begin``, then ``row`` for each row, then ``end``; text goes to ``emit``."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self.emit = emit
        self.vars: list[str] = []
        self.count = 0

    def begin(self, variables: Sequence[str], boolean: bool | None = None) -> None:
        self.vars = list(variables)
        self.boolean = boolean

    def row(self, terms: Row) -> None:
        self.count += 1

    def end(self, truncated: bool = False) -> None:
        pass


class TableWriter(Writer):
    def begin(self, variables: Sequence[str], boolean: bool | None = None) -> None:
        super().begin(variables, boolean)
        self._block: list[list[str]] | None = []
        self._widths: list[int] = []
        if boolean is not None:
            self.emit(("yes" if boolean else "no") + "\n")

    def _line(self, cells: Iterable[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, self._widths, strict=True)).rstrip() + "\n"

    def _flush_block(self) -> None:
        block = self._block or []
        self._block = None
        self._widths = [max([len(name)] + [len(row[i]) for row in block]) for i, name in enumerate(self.vars)]
        self.emit(self._line(self.vars) + "  ".join("-" * w for w in self._widths) + "\n")
        self.emit("".join(self._line(row) for row in block))

    def row(self, terms: Row) -> None:
        super().row(terms)
        cells = [_cell(t) for t in terms]
        if self._block is None:
            self.emit(self._line(cells))
            return
        self._block.append(cells)
        if len(self._block) >= TABLE_BLOCK:
            self._flush_block()

    def end(self, truncated: bool = False) -> None:
        if self.boolean is not None:
            return
        if self._block is not None:
            self._flush_block()
        self.emit(f"({_plural(self.count)}{', stopped at the limit' if truncated else ''})\n")


class CsvWriter(Writer):
    def begin(self, variables: Sequence[str], boolean: bool | None = None) -> None:
        super().begin(variables, boolean)
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\r\n")
        if boolean is not None:
            self._write(["boolean"])
            self._write(["true" if boolean else "false"])
        else:
            self._write(self.vars)

    def _write(self, values: Sequence[str]) -> None:
        self._csv.writerow(values)
        self.emit(self._buffer.getvalue())
        self._buffer.seek(0)
        self._buffer.truncate()

    def row(self, terms: Row) -> None:
        super().row(terms)
        self._write(["" if t is None else t.value for t in terms])


class TsvWriter(Writer):
    def begin(self, variables: Sequence[str], boolean: bool | None = None) -> None:
        super().begin(variables, boolean)
        if boolean is not None:
            self.emit("true\n" if boolean else "false\n")
        else:
            self.emit("\t".join("?" + name for name in self.vars) + "\n")

    def row(self, terms: Row) -> None:
        super().row(terms)
        self.emit("\t".join("" if t is None else t.to_turtle() for t in terms) + "\n")


def _json_term(term: Term) -> str:
    """A term as ``json.dumps(term.to_json(), ensure_ascii=False, indent=2)`` nested in a binding."""
    extra = ""
    if term.lang:
        extra = f',\n          "xml:lang": {_json_string(term.lang)}'
    elif term.datatype:
        extra = f',\n          "datatype": {_json_string(term.datatype)}'
    return f'{{\n          "type": "{term.type}",\n          "value": {_json_string(term.value)}{extra}\n        }}'


class JsonWriter(Writer):
    """Writes each binding as ``json.dumps(..., ensure_ascii=False, indent=2)`` would, by hand (5x faster)."""

    def begin(self, variables: Sequence[str], boolean: bool | None = None) -> None:
        super().begin(variables, boolean)
        if boolean is not None:
            self.emit(json.dumps({"head": {}, "boolean": boolean}, ensure_ascii=False, indent=2) + "\n")
            return
        self._names = [_json_string(name) for name in self.vars]
        head = json.dumps({"head": {"vars": self.vars}}, ensure_ascii=False, indent=2)
        self.emit(head[: -len("\n}")] + ',\n  "results": {\n    "bindings": [')

    def row(self, terms: Row) -> None:
        pairs = zip(self._names, terms, strict=True)
        fields = [f"        {name}: {_json_term(t)}" for name, t in pairs if t is not None]
        binding = "{\n" + ",\n".join(fields) + "\n      }" if fields else "{}"
        self.emit(("\n      " if self.count == 0 else ",\n      ") + binding)
        super().row(terms)

    def end(self, truncated: bool = False) -> None:
        if self.boolean is None:
            self.emit(("\n    ]" if self.count else "]") + "\n  }\n}\n")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"})


def _xml(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text).translate(_XML_ESCAPES)


class XmlWriter(Writer):
    """SPARQL Query Results XML Format, one ``<result>`` per row as it comes."""

    def begin(self, variables: Sequence[str], boolean: bool | None = None) -> None:
        super().begin(variables, boolean)
        self.emit('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
        if boolean is not None:
            self.emit(f"  <head/>\n  <boolean>{'true' if boolean else 'false'}</boolean>\n</sparql>\n")
            return
        heads = "".join(f'    <variable name="{_xml(name)}"/>\n' for name in self.vars)
        self.emit(f"  <head>\n{heads}  </head>\n  <results>\n")
        self._names = [_xml(name) for name in self.vars]

    def row(self, terms: Row) -> None:
        super().row(terms)
        parts = ["    <result>\n"]
        for name, term in zip(self._names, terms, strict=True):
            if term is None:
                continue
            value = _xml(term.value)
            if term.type == "uri":
                inner = f"<uri>{value}</uri>"
            elif term.type == "bnode":
                inner = f"<bnode>{value}</bnode>"
            elif term.lang:
                inner = f'<literal xml:lang="{_xml(term.lang)}">{value}</literal>'
            elif term.datatype:
                inner = f'<literal datatype="{_xml(term.datatype)}">{value}</literal>'
            else:
                inner = f"<literal>{value}</literal>"
            parts.append(f'      <binding name="{name}">{inner}</binding>\n')
        parts.append("    </result>\n")
        self.emit("".join(parts))

    def end(self, truncated: bool = False) -> None:
        if self.boolean is None:
            self.emit("  </results>\n</sparql>\n")


_WRITERS: dict[str, type[Writer]] = {
    "table": TableWriter,
    "csv": CsvWriter,
    "tsv": TsvWriter,
    "json": JsonWriter,
    "xml": XmlWriter,
}


def writer(fmt: str, emit: Callable[[str], None]) -> Writer:
    try:
        return _WRITERS[fmt](emit)
    except KeyError:
        raise ValueError(f"unknown result format {fmt!r}; expected one of {', '.join(FORMATS)}") from None


def format_result(result: Result, fmt: str = "table") -> str:
    """A whole result as text in ``fmt`` (the same text the streaming writers give)."""
    parts: list[str] = []
    out = writer(fmt, parts.append)
    out.begin(result.vars, result.boolean)
    for row in result.terms:
        out.row(row)
    out.end(result.truncated)
    return "".join(parts)
