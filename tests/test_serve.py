"""``kg serve``: a real server process on a free port, a real SPARQL client, hostile queries, a real browser.

Tests that start a server of their own or a browser are marked slow (``pytest -m slow``).
The server runs on a store built from data/, with a 3 s timeout, a 100-row limit, two workers and
a queue of two. SPARQLWrapper (a SPARQL 1.1 Protocol client) runs every named query by GET and
both kinds of POST and must get the rows ``kg query`` gets. Every hostile query of
tests/test_hostile.py, sent every way the protocol allows, must be refused with a 400 while a
canary HTTP server started here records nothing. The query page and the graph page load in
headless Chromium with every request outside the server aborted and counted.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph
import pytest

from kg.database import StoreDir
from kg.incremental import build_store
from kg.query import list_queries, load_query, run_query
from kg.store import Store
from tests.conftest import ROOT
from tests.test_hostile import HOSTILE, Canary, fill
from tests.test_incremental import DOCS

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper is a test dependency").SPARQLWrapper
from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML  # noqa: E402

TIMEOUT, LIMIT, WORKERS, QUEUE = 3, 100, 2, 2
CLAIMS = "SELECT ?c ?s WHERE { ?c a schema:Claim ; schema:text ?s }"
# About 3,500^3 rows to count: runs far past the timeout, and only a kill stops it.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    """``kg serve`` as a subprocess; its URL is read from the line it prints when it listens."""

    def __init__(self, store: Path, *extra: str) -> None:
        command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--bind", "127.0.0.1:0"]
        command += ["--timeout", str(TIMEOUT), "--limit", str(LIMIT), "--workers", str(WORKERS)]
        command += ["--queue", str(QUEUE), "--quiet", *extra]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        line = self._first_line(60)
        if not line.startswith("serving "):
            self.stop()
            raise RuntimeError(f"kg serve did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.split()[1]
        self.endpoint = self.url + "sparql"

    def _first_line(self, seconds: float) -> str:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(seconds)
        return lines[0].strip() if lines else ""

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="module")
def store(pipe, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve") / "store"
    build_store(pipe, [ROOT / "data"], folder, validate=False)
    return folder


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Server]:
    running = Server(store)
    yield running
    assert running.stop() == 0, running.process.stderr.read()


@pytest.fixture(scope="module")
def local(store: Path) -> Store:
    return Store(StoreDir(store).open())


@pytest.fixture(scope="module")
def canary_server() -> Iterator[Canary]:
    canary = Canary()
    yield canary
    canary.close()


@pytest.fixture
def canary(canary_server: Canary) -> Iterator[Canary]:
    canary_server.requests.clear()
    yield canary_server


def http(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get(server: Server, sparql: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    accept = params.pop("accept", None)
    url = f"{server.endpoint}?{urlencode({'query': sparql, **params})}"
    return http(url, headers={"Accept": accept} if accept else {})


def ordered(rows) -> list[tuple]:
    """Rows in a fixed order (unbound values last): ORDER BY leaves ties to the engine."""
    return sorted((tuple(row) for row in rows), key=lambda row: [(v is None, v or "") for v in row])


def rows_of(vars_: list[str], bindings: list[dict]) -> list[tuple]:
    return ordered(tuple(b.get(v, {}).get("value") for v in vars_) for b in bindings)


@pytest.fixture(scope="module")
def in_memory(store: Path) -> Iterator[Server]:
    running = Server(store, "--memory")
    yield running
    assert running.stop() == 0, running.process.stderr.read()


# --- the protocol with a real client -----------------------------------------------------------

METHODS = {"get": (GET, URLENCODED), "post-form": (POST, URLENCODED), "post-query": (POST, POSTDIRECTLY)}


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("name", sorted(list_queries()))
def test_sparqlwrapper_gets_the_rows_of_kg_query(server: Server, local: Store, name: str, method: str) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(load_query(name))
    client.setReturnFormat(JSON)
    client.setMethod(METHODS[method][0])
    client.setRequestMethod(METHODS[method][1])
    answer = client.queryAndConvert()
    expected = run_query(local, load_query(name))
    assert answer["head"]["vars"] == expected.vars
    assert rows_of(expected.vars, answer["results"]["bindings"]) == ordered(expected.rows)
    assert len(expected.rows) <= LIMIT


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (JSON, "application/sparql-results+json"),
        (XML, "application/sparql-results+xml"),
        (CSV, "text/csv"),
        (TSV, "text/tab-separated-values"),
    ],
)
def test_sparqlwrapper_negotiates_every_result_format(server: Server, local: Store, fmt: str, media: str) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(CLAIMS)
    client.setReturnFormat(fmt)
    result = client.query()
    assert result.info()["content-type"].startswith(media)
    body = result.convert()
    claims = len(run_query(local, CLAIMS).rows)
    if fmt == JSON:
        assert len(body["results"]["bindings"]) == claims
    elif fmt == XML:
        assert len(body.getElementsByTagName("result")) == claims
    elif fmt == CSV:
        assert len(list(csv.reader(io.StringIO(body.decode("utf-8"))))) == claims + 1
    else:
        assert len(body.decode("utf-8").rstrip("\n").split("\n")) == claims + 1


def parse_result(fmt: str, body: bytes) -> list[tuple[str, ...]]:
    """The rows of a result in any of the four formats, as the values' text."""
    text = body.decode("utf-8")
    if fmt == "json":
        data = json.loads(text)
        return rows_of(data["head"]["vars"], data["results"]["bindings"])
    if fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(body)
        names = [v.get("name") for v in root.findall("r:head/r:variable", ns)]
        out = []
        for result in root.findall("r:results/r:result", ns):
            values = {b.get("name"): "".join(b.itertext()) for b in result.findall("r:binding", ns)}
            out.append(tuple(values.get(n) for n in names))
        return ordered(out)
    if fmt == "csv":
        return ordered(list(csv.reader(io.StringIO(text)))[1:])
    lines = text.rstrip("\n").split("\n")[1:]  # TSV: terms in Turtle syntax
    return ordered(tuple(cell.strip('<>"') for cell in line.split("\t")) for line in lines)


@pytest.mark.parametrize("via", ["accept", "format"])
@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_each_format_by_accept_and_by_format_parameter(server, local, fmt: str, media: str, via: str) -> None:
    sparql = "SELECT ?c ?start WHERE { ?c a schema:Claim ; rkg:evidence/oa:hasTarget/oa:hasSelector/oa:start ?start }"
    status, headers, body = get(server, sparql, **({"accept": media} if via == "accept" else {"format": fmt}))
    assert status == 200 and headers["Content-Type"].startswith(media)
    expected = ordered(run_query(local, sparql).rows)
    assert parse_result(fmt, body) == expected and expected


@pytest.mark.parametrize(
    ("accept", "media"),
    [("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"), ("*/*", "text/turtle")],
)
def test_construct_answers_rdf(server: Server, local: Store, accept: str, media: str) -> None:
    sparql = "CONSTRUCT { ?c schema:text ?s } WHERE { ?c a schema:Claim ; schema:text ?s }"
    status, headers, body = get(server, sparql, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    fmt = pyoxigraph.RdfFormat.TURTLE if media == "text/turtle" else pyoxigraph.RdfFormat.N_TRIPLES
    assert len(list(pyoxigraph.parse(body, format=fmt))) == len(run_query(local, CLAIMS).rows)


def test_sparqlwrapper_reads_a_construct_as_turtle(server: Server) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery("CONSTRUCT WHERE { ?r a rkg:Reform }")
    client.setReturnFormat(TURTLE)
    triples = list(pyoxigraph.parse(client.queryAndConvert(), format=pyoxigraph.RdfFormat.TURTLE))
    assert triples and all(t.predicate.value.endswith("#type") for t in triples)


@pytest.mark.parametrize(
    ("headers", "params", "status"),
    [
        ({"Accept": "image/png"}, {}, 406),
        ({}, {"format": "turtle"}, 406),  # a SELECT has no RDF form
        ({}, {"default-graph-uri": "http://example.org/g"}, 400),
        ({}, {"named-graph-uri": "http://example.org/g"}, 400),
    ],
    ids=["accept-unknown", "select-as-turtle", "default-graph-uri", "named-graph-uri"],
)
def test_requests_that_cannot_be_answered(server: Server, headers, params, status: int) -> None:
    url = f"{server.endpoint}?{urlencode({'query': CLAIMS, **params})}"
    code, _, body = http(url, headers=headers)
    assert code == status
    assert body.decode().count("\n") == 1


# --- hostile queries against a canary ----------------------------------------------------------


def send(server: Server, transport: str, text: str) -> tuple[int, bytes]:
    if transport == "get":
        status, _, body = get(server, text)
    elif transport == "post-form":
        data = urlencode({"query": text}).encode()
        status, _, body = http(server.endpoint, data=data,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    else:
        status, _, body = http(
            server.endpoint, data=text.encode(), headers={"Content-Type": "application/sparql-query"}
        )
    return status, body


@pytest.mark.parametrize("transport", ["get", "post-form", "post-query"])
@pytest.mark.parametrize(("name", "template", "keyword", "live"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_queries_are_refused_and_reach_nothing(server, canary, transport, name, template, keyword, live):
    status, body = send(server, transport, fill(template, canary))
    assert status == 400, body
    message = body.decode()
    assert message.count("\n") == 1 and len(message) < 400
    time.sleep(0.05 if live else 0)
    assert canary.requests == []


@pytest.mark.parametrize(
    ("path", "content_type", "body", "status"),
    [
        ("/sparql", "application/x-www-form-urlencoded", "update=LOAD <HOST/data.ttl>", 400),
        ("/sparql", "application/x-www-form-urlencoded", "update=INSERT DATA { <urn:a> <urn:b> <urn:c> }", 400),
        ("/sparql", "application/sparql-update", "LOAD <HOST/data.ttl>", 400),
        ("/sparql", "application/sparql-update", "DROP ALL", 400),
        ("/update", "application/sparql-update", "LOAD <HOST/data.ttl>", 404),
        ("/sparql", "text/plain", "LOAD <HOST/data.ttl>", 415),
    ],
    ids=["form-load", "form-insert", "update-load", "update-drop", "update-endpoint", "other-type"],
)
def test_updates_are_refused(server, canary, local, path, content_type, body, status) -> None:
    before = run_query(local, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    code, _, answer = http(server.url.rstrip("/") + path, data=fill(body, canary).encode(),
                           headers={"Content-Type": content_type})  # fmt: skip
    assert code == status, answer
    assert canary.requests == []
    status2, _, after = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", format="csv")
    assert status2 == 200 and after.decode().split()[1] == before[0][0]


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_no_graph_store_writes(server: Server, method: str) -> None:
    status, headers, _ = http(server.endpoint + "?default", data=b"<urn:a> <urn:b> <urn:c> .", method=method)
    assert status == 405 and headers["Allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("value", "bound"),
    [
        ("8001", ("127.0.0.1", 8001)),
        (":8001", ("127.0.0.1", 8001)),
        ("localhost:0", ("localhost", 0)),
        ("0.0.0.0:80", ("0.0.0.0", 80)),
        ("[::1]:8000", ("[::1]", 8000)),
        ("host:port", None),
        ("127.0.0.1:70000", None),
    ],
)
def test_bind_is_parsed_and_defaults_to_loopback(value: str, bound: tuple[str, int] | None) -> None:
    from kg.cli import UserError, _bind, parser

    assert parser().parse_args(["serve", "--store", "s"]).bind == "127.0.0.1:8000"
    if bound is None:
        with pytest.raises(UserError, match="--bind"):
            _bind(value)
    else:
        assert _bind(value) == bound


@pytest.mark.slow
def test_a_server_told_only_a_port_listens_on_loopback_only(store: Path) -> None:
    server = Server(store, "--bind", "0")  # the last --bind wins
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert get(server, CLAIMS)[0] == 200
    finally:
        assert server.stop() == 0


def test_a_foreign_host_header_is_refused(server: Server) -> None:
    url = f"{server.endpoint}?{urlencode({'query': CLAIMS})}"
    status, _, body = http(url, headers={"Host": "attacker.example:80"})
    assert status == 403 and b"Host" in body


# --- bounds ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(server: Server) -> None:
    started = time.monotonic()
    status, _, body = get(server, HEAVY)
    elapsed = time.monotonic() - started
    assert status == 503 and b"timeout" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 10
    assert get(server, CLAIMS)[0] == 200


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(list_queries()))
def test_workers_with_the_store_in_memory_answer_as_on_disk(in_memory: Server, local: Store, name: str) -> None:
    status, _, body = get(in_memory, load_query(name), format="json")
    expected = run_query(local, load_query(name))
    assert status == 200
    assert rows_of(expected.vars, json.loads(body)["results"]["bindings"]) == ordered(expected.rows)


@pytest.mark.slow
def test_in_memory_workers_keep_the_bounds(in_memory: Server) -> None:
    status, _, body = get(in_memory, HEAVY)
    assert status == 503 and b"timeout" in body
    status, headers, body = get(in_memory, "SELECT * WHERE { ?s ?p ?o }", format="json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == LIMIT and "X-Row-Limit" in headers
    assert get(in_memory, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")[0] == 400


@pytest.mark.parametrize(
    ("sparql", "rows", "limited"),
    [("SELECT * WHERE { ?s ?p ?o }", LIMIT, True), ("SELECT * WHERE { ?s ?p ?o } LIMIT 7", 7, False)],
    ids=["past-the-limit", "within"],
)
def test_the_row_limit(server: Server, sparql: str, rows: int, limited: bool) -> None:
    status, headers, body = get(server, sparql, format="json")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == rows
    assert ("X-Row-Limit" in headers) == limited


@pytest.mark.slow
def test_concurrency_is_bounded(store: Path) -> None:
    """Two run, two wait, the rest are turned away at once; then the server answers again."""
    server = Server(store)
    try:
        with ThreadPoolExecutor(8) as pool:
            started = time.monotonic()
            answers = list(pool.map(lambda _: (get(server, HEAVY), time.monotonic() - started), range(8)))
        statuses = [a[0][0] for a in answers]
        turned_away = [t for (status, _, body), t in answers if b"waiting" in body]
        assert statuses == [503] * 8
        assert len(turned_away) >= 8 - WORKERS - QUEUE and all(t < TIMEOUT for t in turned_away)
        assert get(server, CLAIMS)[0] == 200
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize(
    ("sparql", "fmt", "limited"),
    [
        (load_query("claims"), "json", False),
        (load_query("reforms"), "csv", False),
        ("SELECT * WHERE { ?s ?p ?o }", "tsv", True),  # past the row limit
    ],
    ids=["claims", "reforms", "limited"],
)
def test_a_repeated_query_gets_the_bytes_of_its_first_answer_from_the_cache(
    server: Server, sparql: str, fmt: str, limited: bool
) -> None:
    sparql += f"\n# {fmt} {time.monotonic_ns()}"  # a text no other test sent to this server
    first, second = get(server, sparql, format=fmt), get(server, sparql, format=fmt)
    assert first[0] == second[0] == 200 and first[2] == second[2]
    assert "X-Answer-Cache" not in first[1] and second[1]["X-Answer-Cache"] == "hit"
    assert first[1]["Content-Type"] == second[1]["Content-Type"]
    assert ("X-Row-Limit" in first[1]) == ("X-Row-Limit" in second[1]) == limited
    assert get(server, sparql, format="xml")[1].get("X-Answer-Cache") is None  # another format: evaluated


@pytest.mark.slow
def test_no_cache_evaluates_every_query(store: Path) -> None:
    server = Server(store, "--no-cache")
    try:
        answers = [get(server, load_query("reforms"), format="csv") for _ in range(2)]
        assert answers[0][2] == answers[1][2] and all("X-Answer-Cache" not in a[1] for a in answers)
    finally:
        assert server.stop() == 0


@pytest.mark.slow
@pytest.mark.parametrize("flags", [[], ["--memory"]], ids=["on-disk", "in-memory"])
def test_a_new_generation_is_served_without_a_restart(pipe, tmp_path: Path, flags: list[str]) -> None:
    store = tmp_path / "store"
    build_store(pipe, [ROOT / "data" / "ru-akims-2023.md"], store, validate=False)
    server = Server(store, *flags)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:NewsArticle }"
    try:
        assert get(server, count, format="csv")[2].split()[1] == b"1"
        build_store(pipe, [ROOT / "data"], store, validate=False)
        assert get(server, count, format="csv")[2].split()[1] == str(DOCS).encode()
    finally:
        server.stop()


# --- pages in a real browser -----------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.test_browser import ARGS

    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, server: Server, path: str):
    """A page of the server with every request elsewhere aborted; what failed or went outside is recorded."""
    page = browser.new_page()
    seen = {"outside": [], "failed": [], "errors": []}

    def route(r) -> None:
        if r.request.url.startswith(server.url):
            r.continue_()
        else:
            seen["outside"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(server.url.rstrip("/") + path)
    return page, seen


@pytest.mark.slow
def test_the_query_page_runs_a_named_query_in_chromium(browser, server: Server, local: Store) -> None:
    page, seen = open_page(browser, server, "/query")
    page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
    tabs = page.locator(".tabsList .tab").all_inner_texts()
    assert set(list_queries()) <= {t.split("\n")[0].strip() for t in tabs}
    page.evaluate("window.kgYasgui.getTab().getYasqe().query()")
    page.wait_for_selector(".yasr tbody tr", timeout=30_000)
    rows = page.locator(".yasr tbody tr").count()
    assert rows == min(len(run_query(local, load_query("claims")).rows), 50)  # YASR's first page
    page.screenshot(path="/tmp/kg-serve-query.png")
    page.close()
    assert seen == {"outside": [], "failed": [], "errors": []}


@pytest.mark.slow
def test_the_graph_page_loads_in_chromium(browser, server: Server) -> None:
    page, seen = open_page(browser, server, "/")
    page.wait_for_function("document.querySelectorAll('canvas').length > 0")
    page.screenshot(path="/tmp/kg-serve-graph.png")
    page.close()
    assert seen == {"outside": [], "failed": [], "errors": []}
