"""The instance graph: IRIs as in docs/graph-shape.md, safe literals, deterministic Turtle."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.graph import GraphBatches, agent_slug, check_base, doc_slug, ntriples, serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.ontology import load_ontology
from kg.validate import validate
from kg.vocab import DEFAULT_BASE, LEVEL, MEASURE, OA, OFFICE, QUDT, REFORM_TYPE, RKG, SCHEMA, STATUS, UNIT

ONT = load_ontology()
B = DEFAULT_BASE
TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization")
RULES = {
    "ru.direct-election": RuleRef("ru.direct-election", "Direct election of akims", "grammar/ru.yaml"),
    "en.death-penalty": RuleRef("en.death-penalty", "Death penalty abolished", "grammar/en.yaml"),
}
S1 = "Токаев предложил прямые выборы акимов районов в 2023 году."
S2 = "Выборы акимов 45 районов пройдут в 2023 году."
S3 = "The death penalty was abolished in 2021."


def h(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def sample() -> tuple[list[Document], list[Claim]]:
    """Two articles with claims and one without; two claims share a reform."""
    ru_text = f"{S1} {S2}"
    ru = Document("dev-ru-001", ru_text, "ru", "Заголовок", "Liter.kz", "2022-03-16", "https://liter.kz/1")
    en = Document("dev-en-001", S3, "en", "Headline", "Astana Times", "2021-12-30")
    empty = Document("no claims here", "Nothing to see.", "en")
    s2 = len(S1) + 1
    claims = [
        Claim("dev-ru-001", 0, 0, len(S1), S1, "direct-election", "ru.direct-election", "proposed",
              office="akim", level="district", year=2023, target_year=2023, claim_date="2022-03",
              claimant=TOKAYEV),
        Claim("dev-ru-001", 1, s2, s2 + len(S2), S2, "direct-election", "ru.direct-election", "planned",
              office="akim", level="district", count=45, measure="districts", year=2023, target_year=2023,
              claim_date="2022-03-16", claimant=CEC),
        Claim("dev-en-001", 0, 0, len(S3), S3, "death-penalty", "en.death-penalty", "implemented",
              count=20000, count_from=50000, year=2021, date="2021-12-29", target_year=2021,
              claim_date="2021-12-30"),
    ]  # fmt: skip
    return [ru, en, empty], claims


def build(**kw: object) -> Graph:
    docs, claims = sample()
    return to_rdf(docs, claims, RULES, ontology=ONT, **kw)  # type: ignore[arg-type]


GRAPH = build()
CLAIM1 = h("dev-ru-001", 0, len(S1), "direct-election")
CLAIM2 = h("dev-ru-001", len(S1) + 1, len(S1) + 1 + len(S2), "direct-election")
CLAIM3 = h("dev-en-001", 0, len(S3), "death-penalty")
REFORM1 = "direct-election/akim/district"  # the reform key is its IRI path


def test_every_document_gets_an_article_even_without_claims() -> None:
    articles = set(GRAPH.subjects(RDF.type, SCHEMA.NewsArticle))
    assert articles == {
        URIRef(B + "article/dev-ru-001"),
        URIRef(B + "article/dev-en-001"),
        URIRef(B + "article/" + h("no claims here")),
    }


@pytest.mark.parametrize(
    ("iri", "rdf_type"),
    [
        ("article/dev-ru-001", SCHEMA.NewsArticle),
        (f"org/{h('Liter.kz')}", SCHEMA.Organization),
        (f"claim/{CLAIM1}", SCHEMA.Claim),
        (f"reform/{REFORM1}", RKG.Reform),
        ("place/kz", SCHEMA.Country),
        ("agent/kassym-jomart-tokayev", SCHEMA.Person),
        ("agent/kassym-jomart-tokayev", PROV.Agent),
        ("agent/central-election-commission", SCHEMA.Organization),
        (f"evidence/{CLAIM1}", OA.Annotation),
        (f"evidence/{CLAIM1}/target", OA.SpecificResource),
        (f"evidence/{CLAIM1}/quote", OA.TextQuoteSelector),
        (f"evidence/{CLAIM1}/position", OA.TextPositionSelector),
        ("rule/ru.direct-election", PROV.Plan),
        ("software/reform-kg/0.1.0", PROV.SoftwareAgent),
    ],
)  # fmt: skip
def test_node_iris_and_types(iri: str, rdf_type: URIRef) -> None:
    assert (URIRef(B + iri), RDF.type, rdf_type) in GRAPH


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (f"claim/{CLAIM1}", SCHEMA.text, Literal(S1, lang="ru")),
        (f"claim/{CLAIM1}", SCHEMA.appearance, URIRef(B + "article/dev-ru-001")),
        (f"claim/{CLAIM1}", SCHEMA.author, URIRef(B + "agent/kassym-jomart-tokayev")),
        (f"claim/{CLAIM1}", RKG.aboutReform, URIRef(B + f"reform/{REFORM1}")),
        (f"claim/{CLAIM1}", SCHEMA.about, URIRef(B + f"reform/{REFORM1}")),
        (f"claim/{CLAIM1}", RKG.status, STATUS.proposed),
        (f"claim/{CLAIM1}", RKG.evidence, URIRef(B + f"evidence/{CLAIM1}")),
        (f"claim/{CLAIM1}", RKG.extractedByRule, URIRef(B + "rule/ru.direct-election")),
        (f"claim/{CLAIM1}", PROV.wasDerivedFrom, URIRef(B + "article/dev-ru-001")),
        (f"claim/{CLAIM1}", RKG.sentenceIndex, Literal(0, datatype=XSD.integer)),
        (f"claim/{CLAIM1}", RKG.office, OFFICE.akim),
        (f"claim/{CLAIM1}", RKG.level, LEVEL.district),
        (f"claim/{CLAIM1}", RKG.year, Literal("2023", datatype=XSD.gYear)),
        (f"claim/{CLAIM1}", RKG.targetYear, Literal("2023", datatype=XSD.gYear)),
        (f"claim/{CLAIM1}", RKG.claimDate, Literal("2022-03", datatype=XSD.gYearMonth)),
        (f"claim/{CLAIM2}", RKG.claimDate, Literal("2022-03-16", datatype=XSD.date)),
        (f"claim/{CLAIM2}", RKG.quantity, URIRef(B + f"claim/{CLAIM2}/quantity")),
        (f"claim/{CLAIM2}/quantity", QUDT.numericValue, Literal(45, datatype=XSD.integer)),
        (f"claim/{CLAIM2}/quantity", RKG.measure, MEASURE.districts),
        (f"claim/{CLAIM2}/quantity", QUDT.unit, UNIT.NUM),
        (f"claim/{CLAIM3}/quantity", RKG.fromValue, Literal(50000, datatype=XSD.integer)),
        (f"claim/{CLAIM3}/quantity", RKG.measure, MEASURE.units),
        (f"claim/{CLAIM3}", RKG.targetDate, Literal("2021-12-29", datatype=XSD.date)),
        (f"reform/{REFORM1}", RKG.reformKey, Literal("direct-election/akim/district")),
        (f"reform/{REFORM1}", RKG.reformType, REFORM_TYPE["direct-election"]),
        (f"reform/{REFORM1}", RKG.office, OFFICE.akim),
        (f"reform/{REFORM1}", RKG.level, LEVEL.district),
        (f"reform/{REFORM1}", RKG.jurisdiction, URIRef(B + "place/kz")),
        (f"reform/{REFORM1}", RDFS.label, Literal("Direct election of akims — district", lang="en")),
        (f"reform/{REFORM1}", RDFS.label, Literal("Прямые выборы акимов — район", lang="ru")),
        (f"reform/{REFORM1}", RKG.claimCount, Literal(2, datatype=XSD.integer)),
        (f"reform/{REFORM1}", RKG.firstProposed, URIRef(B + f"claim/{CLAIM1}")),
        (f"reform/{REFORM1}", RKG.firstPlanned, URIRef(B + f"claim/{CLAIM2}")),
        (f"reform/{REFORM1}", RKG.latestStatus, STATUS.planned),
        (f"claim/{CLAIM1}", RKG.historyIndex, Literal(1, datatype=XSD.integer)),
        (f"claim/{CLAIM2}", RKG.historyIndex, Literal(2, datatype=XSD.integer)),
        (f"promise/{CLAIM2}", RKG.promiseState, RKG.open),
        (f"promise/{CLAIM2}", RKG.openDays, Literal(0, datatype=XSD.integer)),
        (f"promise/{CLAIM2}", RKG.asOf, Literal("2022-03-16", datatype=XSD.date)),
        ("reform/death-penalty/-/-", RKG.latestStatus, STATUS.implemented),
        (f"evidence/{CLAIM1}", OA.hasBody, URIRef(B + f"claim/{CLAIM1}")),
        (f"evidence/{CLAIM1}", OA.motivatedBy, OA.describing),
        (f"evidence/{CLAIM1}/target", OA.hasSource, URIRef(B + "article/dev-ru-001")),
        (f"evidence/{CLAIM1}/quote", OA.exact, Literal(S1)),
        (f"evidence/{CLAIM1}/quote", OA.suffix, Literal(f" {S2}"[:32])),
        (f"evidence/{CLAIM1}/position", OA.start, Literal(0, datatype=XSD.nonNegativeInteger)),
        (f"evidence/{CLAIM1}/position", OA.end, Literal(len(S1), datatype=XSD.nonNegativeInteger)),
        ("article/dev-ru-001", SCHEMA.identifier, Literal("dev-ru-001")),
        ("article/dev-ru-001", SCHEMA.datePublished, Literal("2022-03-16", datatype=XSD.date)),
        ("article/dev-ru-001", SCHEMA.url, Literal("https://liter.kz/1", datatype=XSD.anyURI)),
        ("article/dev-ru-001", SCHEMA.inLanguage, Literal("ru")),
        ("article/dev-ru-001", SCHEMA.headline, Literal("Заголовок", lang="ru")),
        ("agent/kassym-jomart-tokayev", RDFS.label, Literal("Kassym-Jomart Tokayev", lang="en")),
        ("agent/kassym-jomart-tokayev", RDFS.label, Literal("Касым-Жомарт Токаев", lang="ru")),
        ("place/kz", RDFS.label, Literal("Казахстан", lang="ru")),
        ("rule/en.death-penalty", DCTERMS.identifier, Literal("en.death-penalty")),
        ("rule/en.death-penalty", RKG.ruleFile, Literal("grammar/en.yaml")),
        ("software/reform-kg/0.1.0", RDFS.label, Literal("reform-kg 0.1.0")),
    ],
)
def test_properties(subject: str, predicate: URIRef, obj: object) -> None:
    assert (URIRef(B + subject), predicate, obj) in GRAPH


def test_claims_about_one_reform_share_it_whatever_their_values() -> None:
    reforms = {o for o in GRAPH.objects(None, RKG.aboutReform)}
    assert len(reforms) == 2
    assert len(set(GRAPH.subjects(RKG.aboutReform, URIRef(B + f"reform/{REFORM1}")))) == 2


def test_build_provenance() -> None:
    builds = set(GRAPH.subjects(RDF.type, PROV.Activity))
    assert len(builds) == 1
    build = builds.pop()
    assert len(set(GRAPH.objects(build, PROV.used))) == 3
    associations = set(GRAPH.objects(build, PROV.qualifiedAssociation))
    assert {GRAPH.value(a, PROV.hadPlan) for a in associations} == {
        URIRef(B + "rule/ru.direct-election"),
        URIRef(B + "rule/en.death-penalty"),
    }
    assert all(str(a).startswith(f"{build}/rule/") for a in associations)


def test_no_blank_nodes() -> None:
    assert not any(isinstance(term, BNode) for triple in GRAPH for term in triple)


def test_ontology_is_merged() -> None:
    assert all(triple in GRAPH for triple in ONT)


def test_conforms_to_shacl() -> None:
    assert validate(GRAPH) == []


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        ("dev-ru-001", "dev-ru-001"),
        ("A.b_c-9", "A.b_c-9"),
        ("x" * 80, "x" * 80),
        ("x" * 81, h("x" * 81)),
        ("a b", h("a b")),
        ("a/b", h("a/b")),
        ("../etc/passwd", h("../etc/passwd")),
        (".", h(".")),
        ("..", h("..")),
        ("статья-1", h("статья-1")),
        ("<script>", h("<script>")),
        ("", h("")),
    ],
)
def test_document_slugs(doc_id: str, expected: str) -> None:
    assert doc_slug(doc_id) == expected


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev"), "kassym-jomart-tokayev"),
        (Agent("Bad Key", "Marat Akhmetov"), "marat-akhmetov"),
        (Agent("", "Ерлан Карин"), h("Ерлан Карин")),
        (Agent("x/../y", "<script>"), "script"),
        (Agent("x y", "!!!"), h("!!!")),
        (Agent("-a-", "A" * 81), h("A" * 81)),
    ],
)
def test_agent_slugs(agent: Agent, expected: str) -> None:
    assert agent_slug(agent) == expected


@pytest.mark.parametrize(
    "base",
    [
        "",
        "relative/path/",
        "ftp://example.org/kg/",
        "file:///tmp/kg/",
        "https://example.org/kg",
        "https:///kg/",
        "https://exa mple.org/kg/",
        "https://example.org/<kg>/",
        'https://example.org/"kg/',
        "https://example.org/k#g/",
        "https://example.org/kg#x#",
        "https://example.org/kg/\n",
    ],
)
def test_bad_base_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="base IRI"):
        check_base(base)
    with pytest.raises(ValueError, match="base IRI"):
        build(base=base)


@pytest.mark.parametrize("base", ["https://example.org/kg/", "http://example.org/kg#", "https://x.y:8080/a/b/"])
def test_custom_base(base: str) -> None:
    graph = build(base=base)
    instance = {s for s in graph.subjects() if not any(s == t for t in ONT.subjects())}
    assert instance and all(str(s).startswith(base) for s in instance)
    assert validate(graph) == []


@pytest.mark.parametrize(
    ("claim_kw", "message"),
    [
        ({"reform": "not-a-reform"}, "unknown reform code"),
        ({"status": "rumoured"}, "unknown status code"),
        ({"office": "king"}, "unknown office code"),
        ({"level": "galaxy"}, "unknown level code"),
    ],
)
def test_unknown_codes_are_refused(claim_kw: dict[str, str], message: str) -> None:
    docs, claims = sample()
    bad = Claim(**{**claims[0].__dict__, **claim_kw})
    with pytest.raises(ValueError, match=message):
        to_rdf(docs, [bad], RULES, ontology=ONT)


def test_duplicate_document_ids_are_refused() -> None:
    docs, claims = sample()
    with pytest.raises(ValueError, match="duplicate document id"):
        to_rdf([*docs, docs[0]], claims, RULES, ontology=ONT)


def test_claim_of_an_unknown_document_still_gets_an_identified_article() -> None:
    _, claims = sample()
    graph = to_rdf([], claims, {}, ontology=ONT)
    assert (URIRef(B + "article/dev-en-001"), SCHEMA.identifier, Literal("dev-en-001")) in graph
    assert (URIRef(B + "rule/en.death-penalty"), DCTERMS.identifier, Literal("en.death-penalty")) in graph
    assert validate(graph) == []


NASTY = [
    "double \"quotes\" and 'single' and \"\"\"triple\"\"\" and '''triple'''",
    "back\\slash \\n \\u0041 \\",
    "new\nline\r\ncarriage\ttab",
    "".join(chr(c) for c in range(0x20)) + "\x7f",
    "<script>alert(1)</script> & </script><!--",
    "line\u2028separator\u2029paragraph\x85next",
    "@prefix x: <http://evil/> . <a> <b> <c> .",
    "emoji 🇰🇿 and NBSP\u00a0and BOM\ufeff and \ufffe\uffff",
    "ends with a backslash\\",
]


def _nasty_graph(text: str) -> Graph:
    doc = Document("nasty", text, "en", title=text, publisher=text, date="2024-01-01", url=text)
    claim = Claim("nasty", 0, 0, len(text), text, "referendum", "r", "planned", claimant=Agent("x", text))
    return to_rdf([doc], [claim], {"r": RuleRef("r", text, text)}, ontology=ONT)


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_nasty_strings_round_trip_through_turtle(text: str) -> None:
    graph = _nasty_graph(text)
    data = serialize_turtle(graph)
    back = Graph().parse(data=data, format="turtle")
    assert isomorphic(graph, back)
    quote = URIRef(B + f"evidence/{h('nasty', 0, len(text), 'referendum')}/quote")
    assert str(back.value(quote, OA.exact)) == text
    quads = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph)
    assert {q.object.value for q in quads if q.predicate.value == str(OA.exact)} == {text}


@pytest.mark.parametrize("text", [*NASTY, "bad \ud800 surrogate"], ids=range(len(NASTY) + 1))
def test_batch_lines_are_what_rdflib_writes(text: str) -> None:
    """Batches are written as N-Triples text directly; rdflib writes the very same lines for their triples."""
    batches = GraphBatches({"r": RuleRef("r", text, text)}, ontology=ONT)
    doc = Document("nasty", text, "en", title=text, publisher=text, date="2024-01-01", url=text)
    batches.article(doc)
    batches.claim(Claim("nasty", 0, 0, len(text), text, "referendum", "r", "planned", claimant=Agent("x", text)), doc)
    for batch in (batches.take(), batches.finish()):
        assert batch.lines == sorted(line.decode("utf-8") for line in ntriples(batch.graph()))


def test_lone_surrogates_become_replacement_characters() -> None:
    graph = _nasty_graph("bad \ud800 surrogate")
    back = Graph().parse(data=serialize_turtle(graph), format="turtle")
    assert "bad \ufffd surrogate" in {str(o) for o in back.objects(None, OA.exact)}


def test_oxigraph_loads_the_same_number_of_triples() -> None:
    data = serialize_turtle(GRAPH)
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(GRAPH)


def test_serialize_turtle_is_isomorphic_and_has_sorted_prefixes() -> None:
    data = serialize_turtle(GRAPH)
    assert isomorphic(Graph().parse(data=data, format="turtle"), GRAPH)
    header = [line for line in data.decode().split("\n") if line.startswith("@prefix")]
    assert header == sorted(header)
    assert f"@prefix id: <{B}> ." in header


_DETERMINISM_SCRIPT = """
import hashlib, importlib.util, sys
spec = importlib.util.spec_from_file_location("tg", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
docs, claims = module.sample()
from kg.graph import serialize_turtle, to_rdf
graph = to_rdf(list(reversed(docs)), list(reversed(claims)) + claims, module.RULES)
print(hashlib.sha256(serialize_turtle(graph)).hexdigest())
"""


def test_turtle_is_byte_identical_across_processes_and_hash_seeds() -> None:
    root = Path(__file__).resolve().parent.parent
    digests = set()
    for seed in ("0", "1", "12345", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        out = subprocess.run(
            [sys.executable, "-c", _DETERMINISM_SCRIPT, __file__],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(serialize_turtle(GRAPH)).hexdigest()}
