"""Named queries on a hand-made graph, both engines, result formats, and query vetting."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import time
import warnings
from pathlib import Path

import pytest
from rdflib import Graph

from kg import results
from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.ontology import load_ontology
from kg.query import (
    CODE_SCHEMES,
    FORMATS,
    QueryError,
    QueryTimeout,
    QueryWarning,
    Result,
    Term,
    format_result,
    list_queries,
    load_query,
    query_params,
    run_query,
    write_query,
)
from kg.store import GraphFileError, open_store

TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization")
RULES = {"r1": RuleRef("r1", "rule one", "a.yaml"), "r2": RuleRef("r2", "rule two", "b.yaml")}
S1 = "Токаев предложил прямые выборы акимов районов в 2023 году."
S2 = "Смертная казнь отменена, а выборы акимов районов пройдут в 2023 году."
S3 = 'The President signed the law on the "Constitutional Court" in 2022.'
ENGINES = ["oxigraph", "rdflib"]


def sample() -> tuple[list[Document], list[Claim]]:
    ru = Document("dev-ru-001", f"{S1} {S2}", "ru", "Реформы", "Liter.kz", "2022-03-16", "https://liter.kz/1")
    en = Document("dev-en-001", S3, "en", "Court", "Astana Times", "2021-11-05")
    empty = Document("dev-en-002", "Nothing.", "en")
    s2 = len(S1) + 1
    claims = [
        Claim("dev-ru-001", 0, 0, len(S1), S1, "direct-election", "r1", "proposed",
              office="akim", level="district", year=2023, claim_date="2022-03", claimant=TOKAYEV),
        Claim("dev-ru-001", 1, s2, s2 + len(S2), S2, "death-penalty", "r2", "implemented",
              claim_date="2022-03-16"),
        Claim("dev-ru-001", 1, s2, s2 + len(S2), S2, "direct-election", "r1", "planned",
              office="akim", level="district", count=45, measure="districts", year=2023, target_year=2023,
              claim_date="2022-03-16"),
        Claim("dev-en-001", 0, 0, len(S3), S3, "constitutional-court", "r2", "implemented",
              year=2022, claim_date="2021-11-05", claimant=TOKAYEV),
    ]  # fmt: skip
    return [ru, en, empty], claims


GRAPH = to_rdf(*sample(), RULES, ontology=load_ontology())
STORE = open_store(GRAPH)
S2_START, S2_END = str(len(S1) + 1), str(len(S1) + 1 + len(S2))
TOK = "Kassym-Jomart Tokayev"
REFORM = "https://w3id.org/reform-kg/id/reform/"

EXPECTED: list[tuple[str, dict[str, str], list[str], list[tuple[str | None, ...]]]] = [
    (
        "claims",
        {},
        ["documentId", "start", "end", "sentence", "reform", "office", "level", "count", "year", "claimant",
         "status", "rule", "reformId", "measure", "claimDate"],
        [
            ("dev-en-001", "0", str(len(S3)), S3, "constitutional-court", None, None, None, "2022", TOK,
             "implemented", "r2", f"{REFORM}constitutional-court/-/-", None, "2021-11-05"),
            ("dev-ru-001", "0", str(len(S1)), S1, "direct-election", "akim", "district", None, "2023", TOK,
             "proposed", "r1", f"{REFORM}direct-election/akim/district", None, "2022-03"),
            ("dev-ru-001", S2_START, S2_END, S2, "death-penalty", None, None, None, None, None, "implemented",
             "r2", f"{REFORM}death-penalty/-/-", None, "2022-03-16"),
            ("dev-ru-001", S2_START, S2_END, S2, "direct-election", "akim", "district", "45", "2023", None,
             "planned", "r1", f"{REFORM}direct-election/akim/district", "districts", "2022-03-16"),
        ],
    ),
    (
        "reforms-by-year",
        {},
        ["reform", "year", "claims"],
        [
            ("constitutional-court", "2022", "1"),
            ("death-penalty", None, "1"),
            ("direct-election", "2023", "2"),
        ],
    ),
    (
        "claims-by-claimant",
        {},
        ["claimant", "claims", "reforms"],
        [(TOK, "2", "constitutional-court direct-election")],
    ),
    (
        "reform-timeline",
        {},
        ["reform", "claimDate", "date", "reformKey", "documentId", "start", "status", "year", "claimant",
         "sentence"],
        [
            ("direct-election", "2022-03", "2022-03-16", "direct-election/akim/district", "dev-ru-001", "0",
             "proposed", "2023", TOK, S1),
            ("direct-election", "2022-03-16", "2022-03-16", "direct-election/akim/district", "dev-ru-001",
             S2_START, "planned", "2023", None, S2),
        ],
    ),
    (
        "reform-timeline",
        {"reform": "constitutional-court"},
        ["reform", "claimDate", "date", "reformKey", "documentId", "start", "status", "year", "claimant",
         "sentence"],
        [("constitutional-court", "2021-11-05", "2021-11-05", "constitutional-court/-/-", "dev-en-001", "0",
          "implemented", "2022", TOK, S3)],
    ),
    (
        "articles",
        {},
        ["documentId", "headline", "publisher", "date", "lang", "url", "claims"],
        [
            ("dev-en-001", "Court", "Astana Times", "2021-11-05", "en", None, "1"),
            ("dev-en-002", None, None, None, "en", None, "0"),
            ("dev-ru-001", "Реформы", "Liter.kz", "2022-03-16", "ru", "https://liter.kz/1", "3"),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "params", "columns", "rows"), EXPECTED, ids=[f"{e[0]}{e[1] or ''}" for e in EXPECTED])
def test_named_query_rows(engine: str, name: str, params: dict, columns: list, rows: list) -> None:
    result = run_query(STORE if engine == "oxigraph" else GRAPH, load_query(name), params=params, engine=engine)
    assert result.vars == columns
    assert result.rows == rows


def test_reforms_query_lists_one_row_per_reform() -> None:
    result = run_query(STORE, load_query("reforms"))
    rows = [dict(zip(result.vars, row, strict=True)) for row in result.rows]
    assert [r["reform"] for r in rows] == [
        "constitutional-court/-/-",
        "death-penalty/-/-",
        "direct-election/akim/district",
    ]
    district = rows[2]
    assert (district["firstProposed"], district["firstPlanned"], district["plannedFor"]) == (
        "2022-03",
        "2022-03-16",
        "2023",
    )
    assert (district["claims"], district["latestStatus"], district["institution"], district["level"]) == (
        "2",
        "planned",
        "akim",
        "district",
    )
    assert rows[1]["label"] == "Abolition of the death penalty"
    assert all(r["reformId"] == REFORM + r["reform"] for r in rows)


@pytest.mark.parametrize("name", sorted(list_queries()))
def test_engines_agree_on_every_named_query(name: str) -> None:
    assert run_query(STORE, load_query(name)).rows == run_query(GRAPH, load_query(name), engine="rdflib").rows


def test_list_queries_has_descriptions() -> None:
    queries = list_queries()
    assert {
        "claims",
        "reforms-by-year",
        "claims-by-claimant",
        "reform-timeline",
        "reforms",
        "articles",
    } <= set(queries)
    assert all(description for description in queries.values())


@pytest.mark.parametrize("name", ["nope", "../claims", "claims.rq", ""])
def test_unknown_query_name_lists_the_known_ones(name: str) -> None:
    with pytest.raises(QueryError, match=r"known queries: .*claims"):
        load_query(name)


def test_query_params_reads_the_defaults() -> None:
    assert query_params(load_query("reform-timeline")) == {"reform": '"direct-election"'}
    assert query_params(load_query("claims")) == {}


@pytest.mark.parametrize("source", ["path", "graph", "store"])
def test_run_query_accepts_paths_graphs_and_stores(source: str, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize_turtle(GRAPH))
    target = {"path": path, "graph": GRAPH, "store": STORE}[source]
    for engine in ENGINES:
        assert run_query(target, load_query("claims"), engine=engine).rows == EXPECTED[0][3]


# --- formats -------------------------------------------------------------------

SELECT_TERMS = """
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?article ?id ?text ?start ?missing WHERE {
  ?claim schema:appearance ?article ; schema:text ?text ; schema:author ?a .
  ?article schema:identifier ?id .
  ?claim <https://w3id.org/reform-kg/ontology#evidence>/oa:hasTarget/oa:hasSelector/oa:start ?start .
  FILTER (?id = "dev-en-001")
  OPTIONAL { ?claim schema:nothing ?missing }
}
"""


# Oxigraph's store canonicalizes derived integer types to xsd:integer.
@pytest.mark.parametrize(("engine", "integer"), [("oxigraph", "integer"), ("rdflib", "nonNegativeInteger")])
def test_json_results_keep_term_types(engine: str, integer: str) -> None:
    doc = json.loads(format_result(run_query(GRAPH, SELECT_TERMS, engine=engine), "json"))
    assert doc["head"]["vars"] == ["article", "id", "text", "start", "missing"]
    [binding] = doc["results"]["bindings"]
    assert binding == {
        "article": {"type": "uri", "value": "https://w3id.org/reform-kg/id/article/dev-en-001"},
        "id": {"type": "literal", "value": "dev-en-001"},
        "text": {"type": "literal", "value": S3, "xml:lang": "en"},
        "start": {
            "type": "literal",
            "value": "0",
            "datatype": f"http://www.w3.org/2001/XMLSchema#{integer}",
        },
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_results(engine: str) -> None:
    result = run_query(GRAPH, "ASK { ?s a <https://schema.org/Claim> }", engine=engine)
    assert result.boolean is True
    assert json.loads(format_result(result, "json")) == {"head": {}, "boolean": True}
    assert format_result(result, "table") == "yes\n"


def test_csv_and_table_formats() -> None:
    result = run_query(STORE, load_query("claims"))
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == result.vars
    assert rows[1][3] == S3  # quotes inside the value survive CSV quoting
    assert len(rows) == 1 + len(result.rows)
    table = format_result(result, "table").splitlines()
    assert table[0].split() == result.vars
    assert set(table[1]) == {"-", " "}
    assert table[-1] == "(4 rows)"


def test_table_keeps_control_characters_on_one_line() -> None:
    result = Result(vars=["v"], terms=[(None,)])
    assert format_result(result, "table").splitlines()[-1] == "(1 row)"
    text = run_query(GRAPH, 'SELECT ?v WHERE { BIND ("a\\nb\\tc" AS ?v) }')
    assert format_result(text, "table").splitlines()[2] == "a\\nb\\tc"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown result format"):
        format_result(Result(vars=[]), "yaml")


# --- errors and vetting ---------------------------------------------------------

INVALID = [
    ("SELECT ?s WHERE { ?s ?p }", 1),
    ("PREFIX x: <http://x/>\nSELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }", 4),
    ("SELEKT * WHERE { ?s ?p ?o }", 1),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("sparql", "line"), INVALID, ids=range(len(INVALID)))
def test_invalid_sparql_gives_a_one_line_error_with_its_position(engine: str, sparql: str, line: int) -> None:
    with pytest.raises(QueryError) as info:
        run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine)
    message = str(info.value)
    assert "\n" not in message
    assert f"line {line}, column " in message


REFUSED = [
    ("SELECT * WHERE { SERVICE <http://localhost:1/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * where { service silent <http://example.org/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?svc { ?s ?p ?x } } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <https://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("CLEAR DEFAULT", "CLEAR"),
    ("DROP ALL", "DROP"),
    ("CREATE GRAPH <http://g>", "CREATE"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH|DELETE"),
    ("ADD DEFAULT TO <http://g>", "ADD"),
    (
        "# a comment\nSELECT * WHERE { ?s ?p ?o } ;\nINSERT DATA { <http://a> <http://b> <http://c> }",
        "INSERT",
    ),
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any outbound connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("outbound connection attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("sparql", "keyword"), REFUSED, ids=range(len(REFUSED)))
def test_remote_access_and_updates_are_refused(engine: str, sparql: str, keyword: str) -> None:
    before = STORE.triples_count()
    with pytest.raises(QueryError, match=f"({keyword}).*not allowed|not allowed.*({keyword})") as info:
        run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine)
    assert "\n" not in str(info.value)
    assert STORE.triples_count() == before


HARMLESS = [
    "# SERVICE <http://x> LOAD FROM INSERT\nSELECT ?s WHERE { ?s a <https://schema.org/Claim> }",
    'SELECT ?s WHERE { ?s a <https://schema.org/Claim> FILTER ("SERVICE <http://x> { }" != "FROM") }',
    "SELECT ?s WHERE { ?s a <https://schema.org/Claim> FILTER (?s != <http://example.org/SERVICE/FROM>) }",
    "PREFIX service: <http://example.org/> SELECT ?s WHERE { ?s a <https://schema.org/Claim> "
    "OPTIONAL { ?s service:load ?x } }",
    "SELECT ?s ?from WHERE { ?s a <https://schema.org/Claim> OPTIONAL { ?s <http://x/p> ?from } }",
]


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("sparql", HARMLESS, ids=range(len(HARMLESS)))
def test_keywords_in_comments_strings_iris_and_names_do_not_refuse(engine: str, sparql: str) -> None:
    assert len(run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine).rows) == 4


INJECTIONS = [
    'direct-election" } ?s ?p ?o . { "',
    'x" ) } ; DROP ALL ; SELECT * { ("',
    "direct-election\n} SERVICE <http://localhost:1/> { ?s ?p ?o }",
    "<http://example.org/>",
    "?reform",
]
# A parameter without a code scheme takes any string, always as a literal.
BY_ID = """SELECT ?article ?id WHERE {
  VALUES ?id { "dev-ru-001" }
  ?article schema:identifier ?id .
}"""


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_parameters_are_literals_and_cannot_inject_sparql(engine: str, value: str) -> None:
    before = STORE.triples_count()
    source = STORE if engine == "oxigraph" else GRAPH
    assert len(run_query(source, BY_ID, params={"id": "dev-en-001"}, engine=engine).rows) == 1
    assert run_query(source, BY_ID, params={"id": value}, engine=engine).rows == []
    assert STORE.triples_count() == before


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("direct-elections", "did you mean 'direct-election'?"),
        ("Direct-Election", "did you mean 'direct-election'?"),
        ('direct-election" } ?s ?p ?o . { "', "did you mean 'direct-election'?"),
        ("", "known codes: direct-election, presidential-term"),
        ("death penalty", "did you mean 'death-penalty'?"),
    ],
)
def test_a_code_parameter_must_be_a_code_of_its_scheme(engine: str, value: str, hint: str) -> None:
    with pytest.raises(QueryError) as info:
        run_query(STORE if engine == "oxigraph" else GRAPH, load_query("reform-timeline"), params={"reform": value})
    message = str(info.value)
    assert message.startswith(f"--param reform={value!r}: not a reform-type code; ")
    assert hint in message and "ombudsman" in message
    assert "\n" not in message


def test_every_code_parameter_of_the_named_queries_names_a_known_scheme() -> None:
    schemes = {name: CODE_SCHEMES for name in list_queries()}
    for name in schemes:
        for param, default in query_params(load_query(name)).items():
            # The default itself must be a valid value: run the query with it.
            run_query(STORE, load_query(name), params={param: default.strip('"')})
    assert query_params(load_query("reform-timeline")) == {"reform": '"direct-election"'}


def test_an_unknown_code_scheme_is_an_error() -> None:
    with pytest.raises(QueryError, match="unknown code scheme 'reforms'"):
        run_query(STORE, 'SELECT * WHERE {\n  VALUES ?r { "x" }  # code: reforms\n}')


@pytest.mark.parametrize("name", ["nope", "reform } DROP ALL", "reform\n", ""])
def test_unknown_parameters_are_refused(name: str) -> None:
    with pytest.raises(QueryError, match="unknown parameter"):
        run_query(STORE, load_query("reform-timeline"), params={name: "direct-election"})


def test_parameter_on_a_query_without_parameters_is_refused() -> None:
    with pytest.raises(QueryError, match="this query's parameters: none"):
        run_query(STORE, load_query("claims"), params={"reform": "direct-election"})


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        run_query(STORE, "ASK {}", engine="virtuoso")


def test_rdflib_engine_does_not_use_the_graph_prefixes() -> None:
    """Both engines see the same prefixes: rdflib's own bindings (foaf:, dc: ...) are not declared."""
    graph = Graph()
    graph += GRAPH
    query = "PREFIX s: <https://schema.org/>\nSELECT ?s { ?s a foaf:Person }"
    for engine in ENGINES:
        with pytest.raises(QueryError, match="line 2, column 18: undeclared prefix 'foaf:'"):
            run_query(graph, query, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_project_prefixes_are_declared_and_a_query_prefix_wins(engine: str) -> None:
    source = STORE if engine == "oxigraph" else GRAPH
    undeclared = "SELECT ?c WHERE { ?c a schema:Claim ; rkg:status rstatus:planned }"
    assert len(run_query(source, undeclared, engine=engine).rows) == 1
    own = "PREFIX schema: <http://example.org/not-schema/>\n" + undeclared
    assert run_query(source, own, engine=engine).rows == []


LOOKALIKES = [
    ("PREFIX schema: <http://schema.org/>\nSELECT * { ?c a schema:Claim }", "1, column 16", "http://schema.org/",
     "schema: <https://schema.org/>"),
    ("SELECT * { ?c a <http://www.schema.org/Claim> }", "1, column 17", "http://www.schema.org/Claim",
     "schema: <https://schema.org/>"),
    ("SELECT * { ?c <https://www.w3.org/2004/02/skos/core#notation> ?n }", "1, column 15",
     "https://www.w3.org/2004/02/skos/core#notation", "skos: <http://www.w3.org/2004/02/skos/core#>"),
    ("SELECT * { ?c <https://w3id.org/reform-kg/ontology/status> ?n }", "1, column 15",
     "https://w3id.org/reform-kg/ontology/status", "rkg: <https://w3id.org/reform-kg/ontology#>"),
    ("SELECT * { ?c <http://w3id.org/reform-kg/status/planned> ?n }", "1, column 15",
     "http://w3id.org/reform-kg/status/planned", "rstatus: <https://w3id.org/reform-kg/status/>"),
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("sparql", "where", "iri", "right"), LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_a_lookalike_namespace_gets_a_warning(engine: str, sparql: str, where: str, iri: str, right: str) -> None:
    with pytest.warns(QueryWarning) as caught:
        result = run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine)
    assert result.rows == []
    [warning] = [str(w.message) for w in caught]
    assert warning == (
        f"warning: line {where}: <{iri}> uses a look-alike of the namespace {right}, so it matches nothing in the graph"
    )


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * { ?c a <https://schema.org/Claim> }",
        "SELECT * { ?c a <https://w3id.org/reform-kg/ontology> }",
        "SELECT * { ?c a <https://w3id.org/reform-kg/id/claim/x> }",
        "SELECT * { ?c a <http://example.org/schema.org/> }",
    ],
)
def test_right_and_unrelated_namespaces_get_no_warning(sparql: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", QueryWarning)
        run_query(STORE, sparql)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }",
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK { GRAPH ?g { ?s a schema:Claim } }",
    ],
)
def test_graph_patterns_match_nothing_on_a_graph_without_named_graphs(engine: str, sparql: str) -> None:
    result = run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine)
    assert result.rows == [] and result.boolean in (None, False)


TRIG = """<https://example.org/g1> { <urn:a> <urn:p> "in g1" . }
<urn:a> <urn:p> "default" .
<https://example.org/g2> { <urn:a> <urn:p> "in g2" . }
"""


@pytest.mark.parametrize(
    ("sparql", "rows"),
    [
        ("SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o", [("default",), ("in g1",), ("in g2",)]),
        ("SELECT ?o WHERE { GRAPH <https://example.org/g1> { ?s ?p ?o } }", [("in g1",)]),
        ("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
         [("https://example.org/g1", "in g1"), ("https://example.org/g2", "in g2")]),
    ],
)  # fmt: skip
def test_engines_agree_on_named_graphs_of_a_trig_file(tmp_path: Path, sparql: str, rows: list) -> None:
    path = tmp_path / "g.trig"
    path.write_text(TRIG, encoding="utf-8")
    for engine in ENGINES:
        assert run_query(path, sparql, engine=engine).rows == rows, engine


# --- streaming, limits and timeouts ------------------------------------------------------

TERMS_QUERY = """SELECT ?iri ?plain ?tagged ?int ?dec ?bool ?date ?unbound WHERE {
  BIND (<https://example.org/a> AS ?iri)
  BIND ("tab\\there \\"quoted\\" back\\\\slash\\nnew line" AS ?plain)
  BIND ("Реформы"@ru AS ?tagged)
  BIND (42 AS ?int)
  BIND (-1.5 AS ?dec)
  BIND (true AS ?bool)
  BIND ("2022-03-16"^^xsd:date AS ?date)
}"""
TSV_ROW = (
    '<https://example.org/a>\t"tab\\there \\"quoted\\" back\\\\slash\\nnew line"\t"Реформы"@ru\t42\t-1.5\ttrue'
    '\t"2022-03-16"^^<http://www.w3.org/2001/XMLSchema#date>\t'
)


@pytest.mark.parametrize("engine", ENGINES)
def test_tsv_writes_terms_in_turtle_syntax(engine: str) -> None:
    text = format_result(run_query(STORE if engine == "oxigraph" else GRAPH, TERMS_QUERY, engine=engine), "tsv")
    header, row, end = text.split("\n")
    assert header == "?iri\t?plain\t?tagged\t?int\t?dec\t?bool\t?date\t?unbound"
    assert row == TSV_ROW and end == ""


XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("term", "turtle"),
    [
        (Term("literal", "1.0e3", XSD_NS + "double"), "1.0e3"),
        (Term("literal", "1000.0", XSD_NS + "double"), f'"1000.0"^^<{XSD_NS}double>'),
        (Term("literal", "INF", XSD_NS + "double"), f'"INF"^^<{XSD_NS}double>'),
        (Term("literal", "007", XSD_NS + "integer"), "007"),
        (Term("literal", " 7", XSD_NS + "integer"), f'" 7"^^<{XSD_NS}integer>'),
        (Term("literal", ".5", XSD_NS + "decimal"), ".5"),
        (Term("literal", "1", XSD_NS + "boolean"), f'"1"^^<{XSD_NS}boolean>'),
        (Term("literal", "a\rb"), '"a\\rb"'),
        (Term("bnode", "b0"), "_:b0"),
    ],
)
def test_tsv_terms(term: Term, turtle: str) -> None:
    assert term.to_turtle() == turtle


QUERIES_FOR_FORMATS = [
    load_query("claims"),
    "SELECT ?s WHERE { ?s a <https://example.org/Nothing> }",
    "ASK { ?s a schema:Claim }",
    "ASK { ?s a schema:Nothing }",
    TERMS_QUERY,
    "CONSTRUCT { ?c schema:text ?t } WHERE { ?c schema:text ?t }",
]


def whole_json(result: Result) -> str:
    """The SPARQL JSON results document built whole, as the writer must stream it."""
    if result.boolean is not None:
        doc = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {name: term.to_json() for name, term in zip(result.vars, row, strict=True) if term is not None}
            for row in result.terms
        ]
        doc = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("sparql", QUERIES_FOR_FORMATS, ids=range(len(QUERIES_FOR_FORMATS)))
def test_streamed_json_is_the_document_json_dumps_would_write(engine: str, sparql: str) -> None:
    result = run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine)
    assert format_result(result, "json") == whole_json(result)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("isolate", [False, True])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sparql", QUERIES_FOR_FORMATS, ids=range(len(QUERIES_FOR_FORMATS)))
def test_write_query_streams_what_format_result_gives(engine, isolate, fmt, sparql) -> None:
    source = STORE if engine == "oxigraph" else GRAPH
    out = io.BytesIO()
    written = write_query(source, sparql, out, fmt=fmt, engine=engine, isolate=isolate)
    result = run_query(source, sparql, engine=engine)
    assert out.getvalue().decode("utf-8") == format_result(result, fmt)
    assert written.rows == len(result.terms) and not written.truncated


def test_table_sizes_its_columns_on_the_first_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "TABLE_BLOCK", 2)
    rows = [(Term("literal", v), Term("literal", "x")) for v in ("a", "bb", "a much longer value", "c")]
    lines = format_result(Result(vars=["k", "v"], terms=rows), "table").splitlines()
    assert lines == ["k   v", "--  -", "a   x", "bb  x", "a much longer value  x", "c   x", "(4 rows)"]
    monkeypatch.setattr(results, "TABLE_BLOCK", 1000)
    whole = format_result(Result(vars=["k", "v"], terms=rows), "table").splitlines()
    assert whole[2] == "a                    x"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("timeout", [None, 30])
@pytest.mark.parametrize(
    ("limit", "rows", "truncated"), [(0, 0, True), (2, 2, True), (3, 3, True), (4, 4, False), (10, 4, False)]
)
def test_limit_caps_the_rows_and_says_when_more_matched(engine, timeout, limit, rows, truncated) -> None:
    source = STORE if engine == "oxigraph" else GRAPH
    result = run_query(source, load_query("claims"), engine=engine, limit=limit, timeout=timeout)
    assert result.rows == EXPECTED[0][3][:rows]
    assert result.truncated is truncated
    table = format_result(result, "table").splitlines()[-1]
    assert table == f"({rows} row{'' if rows == 1 else 's'}{', stopped at the limit' if truncated else ''})"


@pytest.mark.parametrize("engine", ENGINES)
def test_limit_applies_to_constructed_triples(engine: str) -> None:
    source = STORE if engine == "oxigraph" else GRAPH
    result = run_query(source, "CONSTRUCT { ?c schema:text ?t } WHERE { ?c schema:text ?t }", engine=engine, limit=1)
    assert len(result.rows) == 1 and result.truncated


@pytest.mark.parametrize(
    ("limit", "timeout"), [(-1, None), (1.5, None), (None, 0), (None, -3), (None, float("inf")), (None, float("nan"))]
)
def test_bad_limits_and_timeouts(limit, timeout) -> None:
    with pytest.raises(ValueError, match=r"limit|timeout"):
        run_query(STORE, "ASK {}", limit=limit, timeout=timeout)


ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("engine", ENGINES)
def test_timeout_stops_an_endless_query(engine: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"^query stopped after the 0.5 s timeout"):
        run_query(STORE if engine == "oxigraph" else GRAPH, ENDLESS, engine=engine, timeout=0.5)
    assert time.monotonic() - started < 10


@pytest.mark.slow
def test_the_timeout_does_not_count_time_spent_writing() -> None:
    """A slow reader is not a slow query: only the wait for the engine counts."""

    class SlowOut(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            time.sleep(0.4)
            return super().write(data)

    out = SlowOut()
    started = time.monotonic()
    sparql = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 20000"
    written = write_query(STORE, sparql, out, fmt="csv", timeout=0.5)
    assert written.rows == 20000
    assert time.monotonic() - started > 1.0  # several chunks, each held 0.4 s by the reader


@pytest.mark.parametrize("isolate", [False, True])
@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELECT ?s WHERE { ?s ?p }", "invalid SPARQL at line 1, column"),
        ("SELECT * WHERE { SERVICE <http://localhost:1/> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ],
)
def test_errors_from_the_worker_are_the_errors_of_the_query(isolate: bool, sparql: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        write_query(STORE, sparql, io.BytesIO(), isolate=isolate)


def test_a_broken_graph_file_is_one_error_from_the_worker(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    for isolate in (False, True):
        with pytest.raises(GraphFileError, match=rf"^{re.escape(str(path))}: invalid Turtle at line 1, column 17: "):
            write_query(path, "ASK {}", io.BytesIO(), isolate=isolate)


def test_the_readme_writes_out_every_project_namespace() -> None:
    """Every prefix a query may use undeclared is in the README's namespace table, with its IRI."""
    from kg.vocab import PREFIXES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("The namespaces, written out")
    table = readme[start : readme.index("\n\n", readme.index("| prefix |", start))]
    for prefix, namespace in PREFIXES.items():
        assert f"`{prefix}:`" in table, prefix
        tail = "…/" + str(namespace).rstrip("/#").rsplit("/", 1)[-1] + str(namespace)[-1]
        assert str(namespace) in table or tail in table, (prefix, namespace)
