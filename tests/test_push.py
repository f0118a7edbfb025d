"""``kg push``: the store into a real ``oxigraph serve`` (the oxigraph pip package) over the Graph Store Protocol.

After a push the server holds the store's graphs: the same named graphs, the same number of
triples in each, and a named query gives the rows it gives locally. A second push changes
nothing; ``--prune`` deletes the server's graph of an article the store no longer has.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.cli import main
from kg.database import StoreDir
from kg.incremental import build_store
from kg.push import PushError, push
from kg.query import load_query, run_query
from kg.store import Store
from tests.conftest import ROOT
from tests.test_incremental import DOCS

# The pip package's binary sits beside the interpreter of its virtual environment.
OXIGRAPH = (
    str(Path(sys.executable).parent / "oxigraph")
    if (Path(sys.executable).parent / "oxigraph").exists()
    else (shutil.which("oxigraph") or "oxigraph")
)
SPARQLWrapper = pytest.importorskip("SPARQLWrapper").SPARQLWrapper
from SPARQLWrapper import JSON  # noqa: E402

GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Oxigraph:
    """``oxigraph serve`` on a free port, queries over the union of its graphs like ``kg query``."""

    def __init__(self, folder: Path) -> None:
        if not Path(OXIGRAPH).exists() and not shutil.which(OXIGRAPH):
            pytest.skip("the oxigraph binary (pip package oxigraph) is not installed")
        self.port = free_port()
        command = [OXIGRAPH, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen([*command, "--union-default-graph"], stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def select(self, sparql: str, *, union: bool = True) -> list[tuple[str | None, ...]]:
        client = SPARQLWrapper(f"{self.base}/query")
        client.setQuery(sparql)
        client.setReturnFormat(JSON)
        answer = client.queryAndConvert()
        names = answer["head"]["vars"]
        rows = [tuple(b.get(v, {}).get("value") for v in names) for b in answer["results"]["bindings"]]
        return sorted(rows, key=lambda row: [(v is None, v or "") for v in row])

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path / "oxigraph")
    yield server
    server.close()


@pytest.fixture(scope="module")
def built(pipe, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of data/, built once: pushing only reads it."""
    store = tmp_path_factory.mktemp("push") / "store"
    build_store(pipe, [ROOT / "data"], store, validate=False)
    return store


def local_graphs(store: Path) -> list[tuple[str | None, ...]]:
    rows = run_query(Store(StoreDir(store).open()), GRAPHS).rows
    return sorted(rows)


def do_push(store: Path, server: Oxigraph, *extra: str) -> int:
    return main(["push", "--store", str(store), "--to", f"{server.base}/query",
                 "--graph-store", f"{server.base}/store", "--quiet", *extra])  # fmt: skip


@pytest.mark.parametrize("name", ["claims", "reforms", "promises", "articles"])
def test_after_a_push_the_server_answers_as_the_store(built: Path, oxigraph, name: str) -> None:
    store = built
    assert do_push(store, oxigraph) == 0
    assert oxigraph.select(GRAPHS) == local_graphs(store)
    local = Store(StoreDir(store).open())
    assert oxigraph.select(DEFAULT) == [tuple(run_query(local, DEFAULT).rows[0])]
    expected = run_query(local, load_query(name)).rows
    assert oxigraph.select(load_query(name)) == sorted(expected, key=lambda r: [(v is None, v or "") for v in r])


def test_pushing_twice_changes_nothing(built: Path, oxigraph) -> None:
    store = built
    first = push(store, f"{oxigraph.base}/query", graph_store=f"{oxigraph.base}/store")
    after_one = (oxigraph.select(GRAPHS), oxigraph.select(DEFAULT))
    second = push(store, f"{oxigraph.base}/query", graph_store=f"{oxigraph.base}/store")
    assert (oxigraph.select(GRAPHS), oxigraph.select(DEFAULT)) == after_one
    assert (first.graphs, first.triples) == (second.graphs, second.triples) == (DOCS + 1, int(after_one[1][0][0]))


@pytest.mark.parametrize(
    ("prune", "left"), [pytest.param(False, True, marks=pytest.mark.slow), (True, False)], ids=["keep", "prune"]
)
def test_a_removed_article_leaves_the_server_only_with_prune(pipe, tmp_path, oxigraph, prune, left) -> None:
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "data", folder)
    store = tmp_path / "store"
    build_store(pipe, [folder], store, validate=False)
    assert do_push(store, oxigraph) == 0
    (folder / "en-court-2023.md").unlink()
    build_store(pipe, [folder], store, validate=False)
    assert do_push(store, oxigraph, *(["--prune"] if prune else [])) == 0
    remote = {g for g, _ in oxigraph.select(GRAPHS)}
    gone = "https://w3id.org/reform-kg/id/article/en-court-2023"
    assert (gone in remote) == left
    if prune:
        assert oxigraph.select(GRAPHS) == local_graphs(store)


def test_a_server_that_refuses_is_one_line(built: Path, oxigraph, capsys) -> None:
    store = built
    with pytest.raises(PushError, match="answered 4"):
        push(store, f"{oxigraph.base}/query", graph_store=f"{oxigraph.base}/nowhere")
    assert main(["push", "--store", str(store), "--to", "http://127.0.0.1:1/query", "--quiet"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
