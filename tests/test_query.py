"""Named queries on a hand-made graph, both engines, result formats, and query vetting."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest
from rdflib import Graph

from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.ontology import load_ontology
from kg.query import (
    QueryError,
    Result,
    format_result,
    list_queries,
    load_query,
    query_params,
    run_query,
)
from kg.store import open_store

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
        format_result(Result(vars=[]), "xml")


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


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_parameters_are_literals_and_cannot_inject_sparql(engine: str, value: str) -> None:
    before = STORE.triples_count()
    result = run_query(
        STORE if engine == "oxigraph" else GRAPH,
        load_query("reform-timeline"),
        params={"reform": value},
        engine=engine,
    )
    assert result.rows == []
    assert STORE.triples_count() == before


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
    """Both engines see the same query: undeclared prefixes are an error in each."""
    graph = Graph()
    graph += GRAPH
    query = "PREFIX s: <https://schema.org/>\nSELECT ?s { ?s a schema:Claim }"
    for engine in ENGINES:
        with pytest.raises(QueryError, match="line 2, column 18: undeclared prefix 'schema:'"):
            run_query(graph, query, engine=engine)
