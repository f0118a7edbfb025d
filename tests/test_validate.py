"""SHACL validation: built graphs conform, broken ones give one-line violations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, XSD

from kg.graph import ntriples, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.ontology import load_ontology
from kg.validate import ENGINES, Validator, load_shapes, validate
from kg.vocab import OA, ONTOLOGY_IRI, QUDT, RKG, SCHEMA, STATUS

ONT = load_ontology()
SHAPES = load_shapes()
TEXT = "Токаев предложил прямые выборы акимов районов в 2023 году."


def build() -> Graph:
    doc = Document("dev-ru-001", TEXT, "ru", "T", "Liter.kz", "2022-03-16", "https://liter.kz/1")
    claim = Claim(
        "dev-ru-001", 0, 0, len(TEXT), TEXT, "direct-election", "r", "proposed",
        office="akim", level="district", count=45, count_from=0, measure="districts", year=2023,
        date="2022-03-16", target_year=2023, claim_date="2022-03",
        claimant=Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", name_ru="Касым-Жомарт Токаев"),
    )  # fmt: skip
    return to_rdf([doc], [claim], {"r": RuleRef("r", "rule", "r.yaml")}, ontology=ONT)


def one(graph: Graph, cls: URIRef) -> URIRef:
    [node] = graph.subjects(RDF.type, cls)
    assert isinstance(node, URIRef)
    return node


def drop(cls: URIRef, prop: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((one(g, cls), prop, None))


def put(cls: URIRef, prop: URIRef, value: object) -> Callable[[Graph], None]:
    return lambda g: g.set((one(g, cls), prop, value))


def add(cls: URIRef, prop: URIRef, value: object) -> Callable[[Graph], None]:
    return lambda g: g.add((one(g, cls), prop, value))


VALIDATORS = {engine: Validator(SHAPES, ontology=ONT, engine=engine) for engine in ("compiled", "pyshacl")}


@pytest.mark.parametrize("engine", VALIDATORS)
def test_built_graph_conforms(engine: str) -> None:
    assert VALIDATORS[engine].graph(build()) == []


def test_the_default_engine_is_the_compiled_one() -> None:
    assert ENGINES[0] == "auto"
    assert Validator(SHAPES, ontology=ONT).engine == "compiled"


@pytest.mark.parametrize("engine", ENGINES)
def test_instance_data_without_the_ontology_gets_it_mixed_in(engine: str) -> None:
    graph = build()
    for triple in ONT:
        graph.remove(triple)
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) not in graph
    assert validate(graph, shapes=SHAPES, ontology=ONT, engine=engine) == []  # type: ignore[arg-type]


BROKEN = [
    ("claim without evidence", drop(SCHEMA.Claim, RKG.evidence), "rkg:evidence"),
    ("bad status", put(SCHEMA.Claim, RKG.status, STATUS.rumoured), "rkg:status"),
    ("status from another scheme", put(SCHEMA.Claim, RKG.status, RKG.Reform), "rkg:status"),
    ("reform without type", drop(RKG.Reform, RKG.reformType), "rkg:reformType"),
    ("two reform types", add(RKG.Reform, RKG.reformType, URIRef(STATUS.planned)), "rkg:reformType"),
    ("claim without text", drop(SCHEMA.Claim, SCHEMA.text), "schema:text"),
    ("claim without article", drop(SCHEMA.Claim, SCHEMA.appearance), "schema:appearance"),
    ("claim without reform", drop(SCHEMA.Claim, RKG.aboutReform), "rkg:aboutReform"),
    ("claim without rule", drop(SCHEMA.Claim, RKG.extractedByRule), "rkg:extractedByRule"),
    ("year not a gYear", put(SCHEMA.Claim, RKG.year, Literal("2023", datatype=XSD.integer)), "rkg:year"),
    ("ill-formed gYear", put(SCHEMA.Claim, RKG.year, Literal("20x3", datatype=XSD.gYear)), "rkg:year"),
    ("ill-formed target year", put(SCHEMA.Claim, RKG.targetYear, Literal("2023-1", datatype=XSD.gYear)),
     "rkg:targetYear"),
    ("claim date of no date type", put(SCHEMA.Claim, RKG.claimDate, Literal("March 2022")), "rkg:claimDate"),
    ("negative quantity", put(RKG.Quantity, QUDT.numericValue, Literal(-1)), "qudt:numericValue"),
    ("quantity not an integer", put(RKG.Quantity, QUDT.numericValue, Literal("45")), "qudt:numericValue"),
    ("quantity without measure", drop(RKG.Quantity, RKG.measure), "rkg:measure"),
    ("measure from another scheme", put(RKG.Quantity, RKG.measure, STATUS.planned), "rkg:measure"),
    ("reform without key", drop(RKG.Reform, RKG.reformKey), "rkg:reformKey"),
    ("reform key of another shape", put(RKG.Reform, RKG.reformKey, Literal("direct election")), "rkg:reformKey"),
    ("promise without claim", drop(RKG.Promise, RKG.promiseClaim), "rkg:promiseClaim"),
    ("promise of no state", put(RKG.Promise, RKG.promiseState, STATUS.planned), "rkg:promiseState"),
    ("office from another scheme", put(RKG.Reform, RKG.office, STATUS.planned), "rkg:office"),
    ("start not before end",
     put(OA.TextPositionSelector, OA.start, Literal(999, datatype=XSD.nonNegativeInteger)), "oa:start"),
    ("start not an integer", put(OA.TextPositionSelector, OA.start, Literal("0")), "oa:start"),
    ("quote without exact", drop(OA.TextQuoteSelector, OA.exact), "oa:exact"),
    ("target without selector", lambda g: g.remove((None, OA.hasSelector, None)), "oa:hasSelector"),
    ("annotation without target", drop(OA.Annotation, OA.hasTarget), "oa:hasTarget"),
    ("article without identifier", drop(SCHEMA.NewsArticle, SCHEMA.identifier), "schema:identifier"),
    ("date not a date", put(SCHEMA.NewsArticle, SCHEMA.datePublished, Literal("16.03.2022")),
     "schema:datePublished"),
    ("agent without English label",
     lambda g: g.remove((URIRef(str(g.value(one(g, SCHEMA.Claim), SCHEMA.author))), RDFS.label,
                         Literal("Kassym-Jomart Tokayev", lang="en"))),
     "rdfs:label"),
    ("rule without identifier", drop(PROV.Plan, DCTERMS.identifier), "dcterms:identifier"),
    ("blank-node claim author", put(SCHEMA.Claim, SCHEMA.author, BNode()), "schema:author"),
]  # fmt: skip


@pytest.mark.parametrize("engine", VALIDATORS)
@pytest.mark.parametrize(("breakage", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_graph_gives_violations(engine: str, breakage: Callable[[Graph], None], expected: str) -> None:
    graph = build()
    breakage(graph)
    messages = VALIDATORS[engine].graph(graph)
    assert messages, "expected violations"
    assert any(f" {expected}: " in m for m in messages), messages
    assert all("\n" not in m for m in messages)


@pytest.mark.parametrize(("breakage", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_compiled_shapes_report_what_pyshacl_reports(breakage: Callable[[Graph], None], expected: str) -> None:
    graph = build()
    breakage(graph)
    compiled = VALIDATORS["compiled"].graph(graph)
    assert compiled == VALIDATORS["pyshacl"].graph(graph)
    lines = [line.decode("utf-8") for line in ntriples(graph)]
    assert VALIDATORS["compiled"].lines(lines) == compiled  # a build's batches go in as lines


@pytest.mark.parametrize("engine", VALIDATORS)
def test_messages_name_the_focus_node(engine: str) -> None:
    graph = build()
    claim = one(graph, SCHEMA.Claim)
    graph.remove((claim, RKG.evidence, None))
    graph.set((claim, RKG.status, STATUS.rumoured))
    messages = VALIDATORS[engine].graph(graph)
    assert any(m.startswith(f"<{claim}> rkg:evidence: ") for m in messages)
    assert any(m.startswith(f"<{claim}> rkg:status: ") and "rstatus:rumoured" in m for m in messages)
    assert messages == sorted(messages)


EXTRA_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix ex: <https://example.org/shapes#> .
ex:Claims a sh:NodeShape ; sh:targetClass schema:Claim ;
    sh:property [ sh:path schema:text ; sh:maxLength 10 ; sh:message "claim text too long" ] .
"""
SPARQL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix ex: <https://example.org/shapes#> .
ex:Claims a sh:NodeShape ; sh:targetClass schema:Claim ;
    sh:sparql [ sh:message "every claim is wrong" ; sh:select "SELECT $this WHERE { $this a schema:Claim }" ] .
"""


@pytest.mark.parametrize(
    ("shapes", "engine", "expected"),
    [(EXTRA_SHAPES, "compiled", "claim text too long"), (SPARQL_SHAPES, "pyshacl", "every claim is wrong")],
    ids=["compiled", "sparql-falls-back-to-pyshacl"],
)
def test_a_users_own_shapes(shapes: str, engine: str, expected: str) -> None:
    validator = Validator(Graph().parse(data=shapes, format="turtle"), ontology=ONT)
    assert validator.engine == engine
    claim = one(build(), SCHEMA.Claim)
    assert any(m.startswith(f"<{claim}> ") and expected in m for m in validator.graph(build()))


SHAPE_NODES = sorted(set(SHAPES.subjects(RDF.type, SH.NodeShape)))


@pytest.mark.parametrize("shape", SHAPE_NODES, ids=[str(s).split("#")[-1] for s in SHAPE_NODES])
def test_every_node_shape_is_named_and_commented(shape: URIRef) -> None:
    assert isinstance(shape, URIRef)
    assert SHAPES.value(shape, RDFS.comment) is not None
