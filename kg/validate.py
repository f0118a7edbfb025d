"""SHACL validation of a built graph against ``ontology/shapes.ttl``.

Inference is off: the shapes are written against the graph exactly as ``to_rdf``
builds it (with the ontology merged in), so RDFS reasoning would only hide mistakes.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH

from kg.ontology import load_ontology, shapes_path
from kg.vocab import ONTOLOGY_IRI, PREFIXES

_MAX_VALUE = 60


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


def validate(graph: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> list[str]:
    """One line per violation, sorted: ``<focus> path: message``; empty when the graph conforms.

    A graph without the ontology header gets the ontology mixed in (``ontology`` or a
    fresh parse), because the concept-scheme checks read ``skos:inScheme`` from it.
    """
    if shapes is None:
        shapes = load_shapes()
    if (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) not in graph:
        # pySHACL mixes ont_graph in only when it infers, so merge into a copy.
        merged = Graph(bind_namespaces="none")
        merged += graph
        merged += ontology if ontology is not None else load_ontology()
        graph = merged
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
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        texts = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        message = " ".join(" ".join(texts).split()) or "constraint violated"
        line = f"{_short(focus)} {_short(path) if path is not None else '(node)'}: {message}"
        if value is not None and value != focus:
            line += f" (value {_short(value)})"
        if severity is not None and severity != SH.Violation:
            line += f" [{_short(severity).rsplit('#', 1)[-1].rstrip('>')}]"
        messages.add(line)
    return sorted(messages)
