"""The seam between the graph files and the query engine.

Today an in-memory ``pyoxigraph.Store`` loaded from a file or an rdflib graph; a
persistent Oxigraph directory can plug in here later without touching callers.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import Graph

# File extension -> (Oxigraph format, rdflib format name).
FORMATS: dict[str, tuple[pyoxigraph.RdfFormat, str]] = {
    ".ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".turtle": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".trig": (pyoxigraph.RdfFormat.TRIG, "trig"),
    ".nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (pyoxigraph.RdfFormat.N_QUADS, "nquads"),
    ".jsonld": (pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".json": (pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
    ".rdf": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
    ".owl": (pyoxigraph.RdfFormat.RDF_XML, "xml"),
}


def format_of(path: str | Path) -> tuple[pyoxigraph.RdfFormat, str]:
    """The RDF syntax of a file by its extension; ValueError names the known ones."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"{path}: unknown RDF file extension {suffix!r}; expected one of {known}") from None


def load_rdflib(path: str | Path) -> Graph:
    """Parse a graph file with rdflib (the fallback engine and the exporters need it)."""
    _, rdflib_format = format_of(path)
    if rdflib_format in ("trig", "nquads"):
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(Path(path), format=rdflib_format)
        graph = Graph(bind_namespaces="none")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace, override=False)
        return graph
    graph = Graph(bind_namespaces="none")
    graph.parse(Path(path), format=rdflib_format)
    return graph


class Store:
    """A loaded graph ready for SPARQL; hold on to it to query many times."""

    def __init__(self, oxigraph: pyoxigraph.Store, source: str = "") -> None:
        self.oxigraph = oxigraph
        self.source = source

    def triples_count(self) -> int:
        """Quads in all graphs (the built graph has only the default graph)."""
        return len(self.oxigraph)

    def named_graphs(self) -> list[str]:
        return sorted(str(g.value) for g in self.oxigraph.named_graphs())

    def __repr__(self) -> str:
        return f"Store({self.source or 'in-memory'}, {self.triples_count()} triples)"


def open_store(source: str | Path | Graph | Store | pyoxigraph.Store) -> Store:
    """A Store from a graph file (by extension), an rdflib graph, or a store (returned as is)."""
    if isinstance(source, Store):
        return source
    if isinstance(source, pyoxigraph.Store):
        return Store(source)
    store = pyoxigraph.Store()
    if isinstance(source, Graph):
        # N-Triples is the cheapest lossless hand-over between the two libraries.
        data = source.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return Store(store, "rdflib graph")
    path = Path(source)
    oxigraph_format, _ = format_of(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such graph file")
    store.bulk_load(path=str(path), format=oxigraph_format)
    return Store(store, str(path))
