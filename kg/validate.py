"""SHACL validation of a built graph against ``ontology/shapes.ttl``.

Inference is off: the shapes are written against the graph exactly as ``to_rdf``
builds it (with the ontology merged in), so RDFS reasoning would only hide mistakes.

Two engines give the same one-line violations: ``compiled`` (the shapes compiled to
Python checks over the batch's N-Triples, :mod:`kg.shacl`; about a hundred times faster)
and ``pyshacl``. ``auto`` uses the first unless the shapes need a feature it does not
compile (a user's ``--shapes`` with SHACL-SPARQL, say), then pySHACL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal as Choice

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node

from kg.ontology import load_ontology, shapes_path
from kg.vocab import ONTOLOGY_IRI, PREFIXES

_MAX_VALUE = 60
Engine = Choice["auto", "compiled", "pyshacl"]
ENGINES = ("auto", "compiled", "pyshacl")


def load_shapes(path: str | Path | None = None) -> Graph:
    """Parse the shapes once; pass the result to ``validate`` when validating many graphs.

    A file that cannot be read or parsed raises ValueError naming it.
    """
    source = Path(path) if path else shapes_path()
    try:
        return Graph(bind_namespaces="none").parse(source, format="turtle")
    except OSError as e:
        raise ValueError(f"{source}: cannot read shapes: {e.strerror or e}") from None
    except Exception as e:  # rdflib's parsers raise assorted errors for bad Turtle
        raise ValueError(f"{source}: not a Turtle shapes file: {' '.join(str(e).split())}") from None


@lru_cache(maxsize=1)
def _default_shapes() -> Graph:
    return load_shapes()


def _short(term: object) -> str:
    """A compact one-line rendering: prefixed names for vocabulary, full IRIs for instances."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            local = text[len(str(namespace)) :]
            if text.startswith(str(namespace)) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return f"<{text}>"
    if isinstance(term, Literal):
        value = str(term)
        if len(value) > _MAX_VALUE:
            value = value[:_MAX_VALUE] + "…"
        return repr(value)
    return str(term) if term is not None else "-"


def _line(focus: Node, path: Node | None, message: str, value: Node | None, severity: Node | None) -> str:
    line = f"{_short(focus)} {_short(path) if path is not None else '(node)'}: {message}"
    if value is not None and value != focus:
        line += f" (value {_short(value)})"
    if severity is not None and severity != SH.Violation:
        line += f" [{_short(severity).rsplit('#', 1)[-1].rstrip('>')}]"
    return line


def _with_ontology(graph: Graph, ontology: Graph | None) -> Graph:
    """The graph with the ontology mixed in: the concept-scheme checks read ``skos:inScheme`` from it."""
    if (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in graph:
        return graph
    merged = Graph(bind_namespaces="none")
    merged += graph
    merged += ontology if ontology is not None else load_ontology()
    return merged


def _pyshacl(graph: Graph, shapes: Graph) -> list[str]:
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    messages: set[str] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        texts = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        message = " ".join(" ".join(texts).split()) or "constraint violated"
        messages.add(
            _line(
                report.value(result, SH.focusNode),
                report.value(result, SH.resultPath),
                message,
                report.value(result, SH.value),
                report.value(result, SH.resultSeverity),
            )
        )
    return sorted(messages)


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


class Validator:
    """Shapes ready to check many graphs or batches (``kg build`` checks each batch alone).

    ``fixed`` (the ontology, by default) is read beside every batch that lacks it.
    """

    def __init__(self, shapes: Graph | None = None, *, ontology: Graph | None = None, engine: Engine = "auto") -> None:
        from kg.shacl import CompiledShapes, Index, Unsupported, compile_shapes

        if engine not in ENGINES:
            raise ValueError(f"unknown SHACL engine {engine!r}; expected one of {', '.join(ENGINES)}")
        self.shapes = shapes if shapes is not None else _default_shapes()
        self._ontology = ontology
        self._compiled: CompiledShapes | None = None
        self._fixed: Index | None = None
        self.engine = "pyshacl"
        if engine != "pyshacl":
            try:
                self._compiled = compile_shapes(self.shapes)
            except Unsupported:
                if engine == "compiled":
                    raise
            else:
                self._fixed = self._compiled.index(_ntriples(self.ontology).decode("utf-8").split("\n"))
                self.engine = "compiled"

    @property
    def ontology(self) -> Graph:
        if self._ontology is None:
            self._ontology = load_ontology()
        return self._ontology

    def graph(self, graph: Graph) -> list[str]:
        """One line per violation, sorted: ``<focus> path: message``; empty when the graph conforms."""
        if self._compiled is None:
            return _pyshacl(_with_ontology(graph, self.ontology), self.shapes)
        return self.ntriples(_ntriples(graph))

    def lines(self, lines: Sequence[str]) -> list[str]:
        """``graph`` for a batch given as N-Triples lines (text, without newlines)."""
        if self._compiled is None:
            graph = Graph(bind_namespaces="none").parse(data="\n".join(lines) + "\n", format="nt")
            return _pyshacl(_with_ontology(graph, self.ontology), self.shapes)
        from kg.shacl import message

        found = self._compiled.check(self._compiled.index(lines, self._fixed))
        return sorted({_line(v.focus, v.check.path, message(v.check), v.value, v.check.severity) for v in found})

    def ntriples(self, data: bytes) -> list[str]:
        """``graph`` for a batch given as N-Triples."""
        return self.lines(data.decode("utf-8").split("\n"))


def validate(
    graph: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None, engine: Engine = "auto"
) -> list[str]:
    """One line per violation, sorted: ``<focus> path: message``; empty when the graph conforms.

    A graph without the ontology header gets the ontology mixed in (``ontology`` or a
    fresh parse), because the concept-scheme checks read ``skos:inScheme`` from it.
    """
    return Validator(shapes, ontology=ontology, engine=engine).graph(graph)
