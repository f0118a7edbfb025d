"""Graph files: one reader (Oxigraph) for every command, one-line errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg.store import GraphFileError, load_rdflib, load_rdflib_dataset, open_store

MALFORMED = [
    ("a.ttl", "@prefix s: <https://schema.org/> .\n\n<urn:a> s:name \"open .\n",
     "invalid Turtle at line 3, column 16: Unexpected end of file"),
    ("a.ttl", "<urn:a> <urn:b> <urn:c>\n<urn:d> <urn:b> <urn:c> .\n",
     "invalid Turtle at line 2, column 1: A dot is expected at the end of statements"),
    ("a.ttl", '<urn:a> <urn:b> "\\x" .\n', "invalid Turtle at line 1, column "),
    ("a.trig", "<urn:g> { <urn:a> <urn:b> }", "invalid TriG at line 1, column 27: } is not a valid RDF object"),
    ("a.nt", '<urn:a> <urn:b> "x" .\n<urn:a> <urn:b> x .\n',
     "invalid N-Triples at line 2, column 17: The object of a triple must be an IRI, a blank node or a literal"),
    ("a.nq", "<urn:a> <urn:b> <urn:c> <urn:g> <urn:h> .\n", "invalid N-Quads at line 1, column "),
    ("a.jsonld", '{"@id": "urn:a",\n "urn:p": [1, }', "invalid JSON-LD at line 2, column 15"),
    ("a.jsonld", '{"@context": {"@vocab": 5}, "x": 1}', "invalid JSON-LD near line 1: @vocab value must be a string"),
    ("a.json", '{"@context": "https://example.org/ctx", "x": 1}',
     "invalid JSON-LD near line 1: remote JSON-LD contexts are not fetched (kg makes no network requests); "
     "put the @context inline"),
    ("a.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
     '<rdf:Description rdf:about="urn:a">\n<rdf:value>1</rdf:valu>\n</rdf:Description></rdf:RDF>\n',
     "invalid RDF/XML near line 4: ill-formed document"),
    ("a.owl", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "https://example.org/e">]>\n<r/>\n',
     "invalid RDF/XML at line 2: external entities are not read"),
    ("a.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "ha">\n<!ENTITY b "&a;&a;&a;&a;">\n]>\n<r/>\n',
     "invalid RDF/XML at line 4: an entity defined from other entities is not read"),
    ("a.rdf", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY % p PUBLIC 'x' 'file:///etc/passwd'> %p;]>\n<r/>\n",
     "invalid RDF/XML at line 2: external entities are not read"),
    ("a.ttl", b"<urn:a> <urn:b> \"\xff\" .\n", "invalid Turtle at line 1, column "),
]  # fmt: skip
LOADERS = {"open_store": open_store, "load_rdflib": load_rdflib, "load_rdflib_dataset": load_rdflib_dataset}


@pytest.mark.parametrize("loader", sorted(LOADERS))
@pytest.mark.parametrize(("name", "content", "message"), MALFORMED, ids=range(len(MALFORMED)))
def test_a_malformed_file_is_one_line_naming_it(tmp_path: Path, loader: str, name: str, content, message: str):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphFileError) as info:
        LOADERS[loader](path)
    text = str(info.value)
    assert text.startswith(f"{path}: {message}"), text
    assert "\n" not in text and isinstance(info.value, ValueError)


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_missing_files_and_unknown_extensions(tmp_path: Path, loader: str) -> None:
    with pytest.raises(FileNotFoundError, match="no such graph file"):
        LOADERS[loader](tmp_path / "nope.ttl")
    with pytest.raises(ValueError, match=r"unknown RDF file extension '\.txt'"):
        LOADERS[loader](tmp_path / "graph.txt")


TRIG = """@prefix id: <https://example.org/id/> .
@prefix ex: <https://example.org/> .
id:a ex:p "default" .
ex:g { id:a ex:p "named" . }
"""


def test_rdflib_graphs_keep_the_prefixes_and_merge_or_keep_named_graphs(tmp_path: Path) -> None:
    path = tmp_path / "g.trig"
    path.write_text(TRIG, encoding="utf-8")
    graph = load_rdflib(path)
    assert len(graph) == 2
    assert dict(graph.namespaces())["id"] == URIRef("https://example.org/id/")
    dataset = load_rdflib_dataset(path)
    assert len(dataset.graph(URIRef("https://example.org/g"))) == 1
    assert len(open_store(path).named_graphs()) == 1


def test_relative_iris_resolve_against_the_file(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text('<a> <b> "c" .\n', encoding="utf-8")
    [(s, _, _)] = list(load_rdflib(path))
    assert str(s) == (tmp_path / "a").as_uri()
    assert open_store(path).triples_count() == 1
