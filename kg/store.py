"""The seam between graph files and the engines: every graph file is read here, by Oxigraph.

One parser family for every command (query on both engines, render, stats, export and
the Python API) gives one set of errors and one security posture:

* Oxigraph's parsers never fetch: a JSON-LD remote ``@context`` is an error (no document
  loader is set), RDF/XML takes internal entities only (``SYSTEM``/``PUBLIC`` ones are a
  syntax error), and ``owl:imports`` is a triple like any other.
* A malformed file raises ``GraphFileError``, a ``ValueError`` whose one-line message
  names the file, the line and column, the syntax, and what the parser expected.

rdflib graphs are made from Oxigraph's quads through N-Quads, the cheapest lossless
hand-over between the two libraries. Relative IRIs resolve against the file's URI, as
rdflib's own parsers did.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Dataset, Graph, URIRef

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
_POSITION = re.compile(
    r"^Parser error (?:at line (\d+) (?:between columns (\d+) and \d+|column (\d+))"
    r"|between line (\d+) column (\d+) and line \d+ column \d+): "
)
_TRAILING_LINE = re.compile(r"\s*\((?:[^()]*, )?line \d+\)$")
_REMOTE_CONTEXT = "remote JSON-LD contexts are not fetched (kg makes no network requests); put the @context inline"


class GraphFileError(ValueError):
    """A graph file that cannot be read; the message is one line naming the file and the place."""


def format_of(path: str | Path) -> tuple[pyoxigraph.RdfFormat, str]:
    """The RDF syntax of a file by its extension; ValueError names the known ones."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"{path}: unknown RDF file extension {suffix!r}; expected one of {known}") from None


class _LineReader(io.RawIOBase):
    """Hands the parser one line per read, so that the line it stopped at is known."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        end = self._data.find(b"\n", self._at)
        end = min(len(self._data) if end < 0 else end + 1, self._at + len(buffer))
        buffer[: end - self._at] = self._data[self._at : end]
        count, self._at = end - self._at, end
        return count

    def line(self) -> int:
        """The line of the last byte handed out."""
        return self._data.count(b"\n", 0, max(self._at - 1, 0)) + 1


def _line_of_failure(path: Path, rdf_format: pyoxigraph.RdfFormat, base_iri: str) -> int | None:
    """Where a parser that gives no position stopped: re-read the file one line at a time."""
    try:
        reader = _LineReader(path.read_bytes())
        for _ in pyoxigraph.parse(reader, format=rdf_format, base_iri=base_iri):
            pass
    except SyntaxError:
        return reader.line()
    except OSError:
        return None
    return None


def _syntax_error(path: Path, rdf_format: pyoxigraph.RdfFormat, exc: SyntaxError, base_iri: str) -> GraphFileError:
    message = str(exc)
    match = _POSITION.match(message)
    if match:
        line = match.group(1) or match.group(4)
        column = match.group(2) or match.group(3) or match.group(5)
        where = f"at line {line}, column {column}"
        message = _TRAILING_LINE.sub("", message[match.end() :])
    else:
        line_no = _line_of_failure(path, rdf_format, base_iri)
        where = f"near line {line_no}" if line_no else "somewhere"
    detail = " ".join(message.split())
    if "LoadDocumentCallback" in detail or "remote context" in detail:
        detail = _REMOTE_CONTEXT
    return GraphFileError(f"{path}: invalid {rdf_format.name} {where}: {detail}")


# XML entities kg does not read: one whose text names other entities (nested, they expand exponentially:
# "billion laughs"), and an external one (SYSTEM or PUBLIC: reading it would fetch a file or a URL)
_ENTITY_REFUSALS = (
    (
        re.compile(rb"""<!ENTITY\s+(?:%\s*)?[^\s>]+\s+(?:"[^"]*&[^"]*"|'[^']*&[^']*')"""),
        "an entity defined from other entities is not read (nested entities can expand without bound); "
        "declare each entity as plain text",
    ),
    (
        re.compile(rb"<!ENTITY\s+(?:%\s*)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b"),
        "external entities are not read (kg makes no network requests and reads no other file); "
        "declare each entity as plain text",
    ),
)


def _checked(path: str | Path) -> tuple[Path, pyoxigraph.RdfFormat, str]:
    path = Path(path)
    rdf_format, _ = format_of(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such graph file")
    if rdf_format == pyoxigraph.RdfFormat.RDF_XML:
        with open(path, "rb") as stream:
            head = stream.read(1 << 20)  # the internal DTD subset comes before the document element
        for pattern, reason in _ENTITY_REFUSALS:
            found = pattern.search(head)
            if found:
                line = head.count(b"\n", 0, found.start()) + 1
                raise GraphFileError(f"{path}: invalid {rdf_format.name} at line {line}: {reason}")
    return path, rdf_format, path.resolve().as_uri()


def iter_quads(path: str | Path) -> Iterator[pyoxigraph.Quad]:
    """The quads of a graph file, as it is parsed; GraphFileError on a malformed one."""
    path, rdf_format, base_iri = _checked(path)
    try:
        yield from pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=base_iri)
    except SyntaxError as exc:
        raise _syntax_error(path, rdf_format, exc, base_iri) from None


def _parse(path: str | Path) -> tuple[dict[str, list[pyoxigraph.Triple]], dict[str, str]]:
    """Triples by graph name ('' for the default graph) and the prefixes of a graph file."""
    path, rdf_format, base_iri = _checked(path)
    graphs: dict[str, list[pyoxigraph.Triple]] = {}
    try:
        parser = pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=base_iri)
        for quad in parser:
            name = "" if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else str(quad.graph_name)
            graphs.setdefault(name, []).append(quad.triple)
    except SyntaxError as exc:
        raise _syntax_error(path, rdf_format, exc, base_iri) from None
    return graphs, dict(getattr(parser, "prefixes", None) or {})


def _ntriples(triples: list[pyoxigraph.Triple]) -> bytes:
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def load_rdflib(path: str | Path) -> Graph:
    """A graph file as one rdflib graph (named graphs merged): what the exporters need."""
    graphs, prefixes = _parse(path)
    graph = Graph(bind_namespaces="none")
    for triples in graphs.values():
        graph.parse(data=_ntriples(triples), format="nt")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=False)
    return graph


def load_rdflib_dataset(path: str | Path) -> Dataset:
    """A graph file as an rdflib dataset whose default graph is the union, as Oxigraph queries it."""
    graphs, prefixes = _parse(path)
    dataset = Dataset(default_union=True)
    for name, triples in graphs.items():
        target = dataset.default_graph if not name else dataset.graph(_graph_name(name))
        target.parse(data=_ntriples(triples), format="nt")
    for prefix, namespace in prefixes.items():
        dataset.bind(prefix, namespace, override=False)
    return dataset


def _graph_name(name: str) -> URIRef | BNode:
    return BNode(name[2:]) if name.startswith("_:") else URIRef(name[1:-1])


class Store:
    """A loaded graph ready for SPARQL; hold on to it to query many times."""

    def __init__(self, oxigraph: pyoxigraph.Store, source: str = "", generation: Path | None = None) -> None:
        self.oxigraph = oxigraph
        self.source = source
        self.generation = generation  # the store generation's folder, when it is one (``kg build --store``)

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
        data = source.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return Store(store, "rdflib graph")
    path, rdf_format, base_iri = _checked(source)
    try:
        store.bulk_load(path=str(path), format=rdf_format, base_iri=base_iri)
    except SyntaxError as exc:
        raise _syntax_error(path, rdf_format, exc, base_iri) from None
    return Store(store, str(path))
