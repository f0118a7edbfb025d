"""The ontology: header, bilingual labels on every term, and the SKOS code schemes."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.ontology import load_ontology, ontology_path, shapes_path
from kg.vocab import (
    LEVEL,
    LEVEL_CODES,
    LEVEL_SCHEME,
    OFFICE,
    OFFICE_CODES,
    OFFICE_SCHEME,
    ONTOLOGY_IRI,
    REFORM_CODES,
    REFORM_TYPE,
    REFORM_TYPE_SCHEME,
    RKG,
    SCHEMA,
    STATUS,
    STATUS_CODES,
    STATUS_SCHEME,
)

ONT = load_ontology()
ONTOLOGY = URIRef(ONTOLOGY_IRI)
RKG_TERMS = sorted({s for s in ONT.subjects() if isinstance(s, URIRef) and str(s).startswith(str(RKG))})
RKG_PROPERTIES = sorted(
    p for p in RKG_TERMS if (p, RDF.type, OWL.ObjectProperty) in ONT or (p, RDF.type, OWL.DatatypeProperty) in ONT
)
SCHEMES = [
    (REFORM_TYPE_SCHEME, REFORM_TYPE, REFORM_CODES),
    (LEVEL_SCHEME, LEVEL, LEVEL_CODES),
    (OFFICE_SCHEME, OFFICE, OFFICE_CODES),
    (STATUS_SCHEME, STATUS, STATUS_CODES),
]


def _langs(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language}


def test_files_are_found() -> None:
    assert ontology_path().is_file()
    assert shapes_path().is_file()


def test_each_call_parses_a_fresh_graph() -> None:
    assert load_ontology() is not load_ontology()


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (RDF.type, OWL.Ontology),
        (OWL.versionIRI, URIRef("https://w3id.org/reform-kg/ontology/0.1.0")),
        (OWL.versionInfo, Literal("0.1.0")),
        (DCTERMS.license, URIRef("https://opensource.org/licenses/MIT")),
    ],
)
def test_header(predicate: URIRef, expected: object) -> None:
    assert (ONTOLOGY, predicate, expected) in ONT


def test_header_title_in_both_languages() -> None:
    assert _langs(ONT, ONTOLOGY, DCTERMS.title) == {"en", "ru"}


def test_there_are_rkg_terms() -> None:
    assert RKG.Reform in RKG_TERMS
    assert len(RKG_PROPERTIES) >= 14


@pytest.mark.parametrize("term", RKG_TERMS, ids=[t.split("#")[-1] for t in RKG_TERMS])
@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment], ids=["label", "comment"])
def test_every_rkg_term_is_described_in_russian_and_english(term: URIRef, predicate: URIRef) -> None:
    assert _langs(ONT, term, predicate) >= {"en", "ru"}


@pytest.mark.parametrize("prop", RKG_PROPERTIES, ids=[p.split("#")[-1] for p in RKG_PROPERTIES])
def test_every_rkg_property_has_domain_and_range(prop: URIRef) -> None:
    assert ONT.value(prop, RDFS.domain) is not None
    assert ONT.value(prop, RDFS.range) is not None


@pytest.mark.parametrize(
    ("prop", "parent"),
    [
        (RKG.aboutReform, SCHEMA.about),
        (RKG.extractedByRule, PROV.wasInfluencedBy),
        (RKG.reformType, DCTERMS.type),
    ],
)
def test_sub_properties_link_to_standard_vocabularies(prop: URIRef, parent: URIRef) -> None:
    assert (prop, RDFS.subPropertyOf, parent) in ONT


@pytest.mark.parametrize(
    ("prop", "range_"),
    [
        (RKG.aboutReform, RKG.Reform),
        (RKG.year, XSD.gYear),
        (RKG.fromValue, XSD.integer),
        (RKG.targetYear, XSD.gYear),
        (RKG.sentenceIndex, XSD.integer),
        (RKG.claimDate, RDFS.Literal),
        (RKG.quantity, RKG.Quantity),
        (RKG.fulfilledBy, SCHEMA.Claim),
        (RKG.evidence, URIRef("http://www.w3.org/ns/oa#Annotation")),
        (RKG.extractedByRule, PROV.Plan),
    ],
)
def test_ranges(prop: URIRef, range_: URIRef) -> None:
    assert (prop, RDFS.range, range_) in ONT


@pytest.mark.parametrize(
    "cls",
    [
        SCHEMA.Claim,
        SCHEMA.NewsArticle,
        URIRef("http://www.w3.org/ns/oa#Annotation"),
        PROV.Plan,
        PROV.Activity,
        PROV.SoftwareAgent,
    ],
)
def test_reused_classes_are_declared_with_labels(cls: URIRef) -> None:
    assert (cls, RDF.type, OWL.Class) in ONT
    assert _langs(ONT, cls, RDFS.label) == {"en", "ru"}


@pytest.mark.parametrize(("scheme", "namespace", "codes"), SCHEMES, ids=["type", "level", "office", "status"])
def test_scheme_has_exactly_the_codes(scheme: URIRef, namespace: object, codes: tuple[str, ...]) -> None:
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ONT
    concepts = set(ONT.subjects(SKOS.inScheme, scheme))
    assert concepts == {namespace[code] for code in codes}  # type: ignore[index]
    notations = {str(ONT.value(c, SKOS.notation)) for c in concepts}
    assert notations == set(codes)


@pytest.mark.parametrize(
    "concept",
    [ns[code] for _, ns, codes in SCHEMES for code in codes],  # type: ignore[index]
    ids=lambda c: str(c).rstrip("/").split("/")[-1],
)
def test_every_concept_has_notation_labels_and_definitions(concept: URIRef) -> None:
    assert (concept, RDF.type, SKOS.Concept) in ONT
    assert len(list(ONT.objects(concept, SKOS.notation))) == 1
    assert _langs(ONT, concept, SKOS.prefLabel) == {"en", "ru"}
    assert _langs(ONT, concept, SKOS.definition) == {"en", "ru"}


def test_reform_type_scheme_has_twelve_codes() -> None:
    assert len(REFORM_CODES) == 12
    assert len(set(ONT.subjects(SKOS.inScheme, REFORM_TYPE_SCHEME))) == 12


def test_no_blank_nodes_and_oxigraph_reads_the_same_triples() -> None:
    assert not any(isinstance(t, BNode) for triple in ONT for t in triple)
    quads = list(pyoxigraph.parse(path=str(ontology_path()), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(ONT)
