"""Write a built graph as Turtle, TriG, JSON-LD or N-Triples, deterministically and atomically.

The same graph gives the same bytes in any process, so outputs can be diffed and
committed. TriG puts each article's claims (with their evidence) in a named graph of their
own, named by the article's IRI, and the ontology, reforms and the rest in the default graph,
so one article can be dropped or replaced; the other formats keep one graph.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.files import write_atomic
from kg.graph import serialize_trig, serialize_turtle
from kg.store import load_rdflib
from kg.vocab import PREFIXES

EXPORT_FORMATS = ("turtle", "trig", "jsonld", "nt")
_ALIASES = {
    "ttl": "turtle",
    "turtle": "turtle",
    "trig": "trig",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
}
EXTENSIONS = {"turtle": ".ttl", "trig": ".trig", "jsonld": ".jsonld", "nt": ".nt"}


def _canonical_fmt(fmt: str) -> str:
    try:
        return _ALIASES[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}") from None


def serialize_ntriples(graph: Graph) -> bytes:
    """N-Triples with the lines sorted, the simplest deterministic form."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # split("\n"), not splitlines(): N-Triples leaves U+2028, U+0085 and friends unescaped.
    lines = sorted({line for line in text.split("\n") if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _sort_jsonld(node: Any) -> Any:
    """Order every JSON-LD array except ``@list`` contents (multi-values are sets)."""
    if isinstance(node, dict):
        return {
            key: [_sort_jsonld(v) for v in value] if key == "@list" else _sort_jsonld(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        items = [_sort_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def serialize_jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD with the project prefixes as its context, nodes and values sorted."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data, dict) and "@graph" in data:
        data["@graph"] = sorted(
            (_sort_jsonld(n) for n in data["@graph"]),
            key=lambda n: (str(n.get("@id", "")), json.dumps(n, sort_keys=True, ensure_ascii=False)),
        )
    else:
        data = _sort_jsonld(data)
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def serialize(graph: Graph, fmt: str) -> bytes:
    fmt = _canonical_fmt(fmt)
    if fmt == "turtle":
        return serialize_turtle(graph)
    if fmt == "trig":
        return serialize_trig(graph)
    if fmt == "jsonld":
        return serialize_jsonld(graph)
    return serialize_ntriples(graph)


def export(graph_path_or_graph: str | Path | Graph, fmt: str, out_path: str | Path) -> Path:
    """Write the graph (an rdflib graph or a graph file) in ``fmt`` to ``out_path`` atomically."""
    fmt = _canonical_fmt(fmt)
    graph = graph_path_or_graph if isinstance(graph_path_or_graph, Graph) else load_rdflib(graph_path_or_graph)
    out = Path(out_path)
    write_atomic(out, serialize(graph, fmt))
    return out
