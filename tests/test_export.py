"""Exports: every format reloads to the same graph, byte-identically and atomically written."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.export import EXTENSIONS, export, serialize
from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.ontology import load_ontology
from kg.store import format_of, load_rdflib

TEXT = 'Токаев: «прямые выборы акимов» пройдут в 2024 году.\nA "quoted" \\ line\x01 <script>'


def sample_graph() -> Graph:
    doc = Document("dev-ru-001", TEXT, "ru", "Заголовок", "Liter.kz", "2022-03-16", "https://liter.kz/1")
    claim = Claim(
        "dev-ru-001", 0, 0, len(TEXT), TEXT, "direct-election", "r", "planned",
        office="akim", level="rural", count=2345, count_from=0, year=2024,
        claimant=Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", name_ru="Касым-Жомарт Токаев"),
    )  # fmt: skip
    return to_rdf([doc], [claim], {"r": RuleRef("r", "a rule", "r.yaml")}, ontology=load_ontology())


GRAPH = sample_graph()
FORMATS = list(EXTENSIONS)  # turtle, trig, jsonld, nt


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_reloads_isomorphic(fmt: str, tmp_path: Path) -> None:
    out = export(GRAPH, fmt, tmp_path / f"graph{EXTENSIONS[fmt]}")
    assert isomorphic(load_rdflib(out), GRAPH)
    quads = list(pyoxigraph.parse(path=str(out), format=format_of(out)[0]))
    assert len(quads) == len(GRAPH)
    named = {q.graph_name.value for q in quads if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    assert named == ({"https://w3id.org/reform-kg/id/article/dev-ru-001"} if fmt == "trig" else set())


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic_and_independent_of_insertion_order(fmt: str) -> None:
    shuffled = Graph()
    for triple in sorted(GRAPH, reverse=True):
        shuffled.add(triple)
    assert serialize(GRAPH, fmt) == serialize(shuffled, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_from_a_graph_file(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / "in.ttl"
    source.write_bytes(serialize_turtle(GRAPH))
    out = export(source, fmt, tmp_path / f"out{EXTENSIONS[fmt]}")
    assert isomorphic(load_rdflib(out), GRAPH)


def test_ntriples_lines_are_sorted() -> None:
    lines = serialize(GRAPH, "nt").decode().split("\n")
    assert lines[-1] == ""
    assert lines[:-1] == sorted(lines[:-1])
    assert len(lines) - 1 == len(GRAPH)


def test_jsonld_uses_the_project_context() -> None:
    doc = json.loads(serialize(GRAPH, "jsonld"))
    assert doc["@context"]["rkg"] == "https://w3id.org/reform-kg/ontology#"
    ids = [node["@id"] for node in doc["@graph"]]
    assert ids == sorted(ids)


@pytest.mark.parametrize("alias", ["ttl", "TURTLE", "json-ld", "ntriples"])
def test_format_aliases(alias: str) -> None:
    assert serialize(GRAPH, alias)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(GRAPH, "rdfxml", tmp_path / "g.rdf")
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_atomically_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    export(GRAPH, "turtle", target)
    assert target.read_bytes() == serialize_turtle(GRAPH)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def two_articles() -> Graph:
    docs = [Document(f"a{i}", TEXT, "ru", date="2022-03-16") for i in (1, 2)]
    claims = [
        Claim(f"a{i}", 0, 0, len(TEXT), TEXT, "direct-election", "r", "planned", level="rural", count=i, year=2024)
        for i in (1, 2)
    ]
    return to_rdf(docs, claims, {"r": RuleRef("r", "a rule", "r.yaml")}, ontology=load_ontology())


def test_trig_keeps_each_article_in_a_named_graph_that_can_be_dropped(tmp_path: Path) -> None:
    out = export(two_articles(), "trig", tmp_path / "graph.trig")
    store = pyoxigraph.Store()
    store.load(path=str(out), format=pyoxigraph.RdfFormat.TRIG)
    names = sorted(g.value for g in store.named_graphs())
    assert names == [f"https://w3id.org/reform-kg/id/article/a{i}" for i in (1, 2)]
    claims = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://schema.org/Claim> }"
    reforms = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/reform-kg/ontology#Reform> }"
    default = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a <https://w3id.org/reform-kg/ontology#Reform> } }"
    count = lambda q: int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)  # noqa: E731
    assert (count(claims), count(reforms), count(default)) == (2, 1, 0)  # reforms live in the default graph
    store.remove_graph(pyoxigraph.NamedNode(names[0]))
    assert (count(claims), count(reforms)) == (1, 1)
    left = store.query(
        "PREFIX rkg: <https://w3id.org/reform-kg/ontology#> PREFIX qudt: <http://qudt.org/schema/qudt/> "
        "SELECT ?v WHERE { ?c rkg:quantity/qudt:numericValue ?v }",
        use_default_graph_as_union=True,
    )
    assert [s["v"].value for s in left] == ["2"]
