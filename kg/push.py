"""``kg push``: copy the store to another SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Every article's named graph is sent with ``PUT ?graph=<article IRI>`` and the default graph with
``PUT ?default``: a PUT replaces the graph on the server, so pushing twice leaves the server as
pushing once did. ``--prune`` also deletes (``DELETE ?graph=``) the server's article graphs
(those under the store's ``BASE/article/``) that the store no longer has; the list of the
server's graphs comes from a SPARQL query to ``--to``. Graphs outside ``BASE/article/`` are never
touched, except the default graph, which the push replaces.

Triples go as N-Triples in the form the build wrote them (offsets as xsd:nonNegativeInteger), so
a server that keeps datatypes gets the graph of ``kg build``.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph

from kg.database import StoreDir, rdflib_line

_LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    pruned: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"pushed {self.graphs} graphs ({self.triples} triples), deleted {self.pruned} graphs, {self.seconds:.2f} s"
        )


class PushError(ValueError):
    """The server refused a request; the message is one line naming it."""


class _Client:
    """One keep-alive connection per server."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._connections: dict[tuple[str, str], http.client.HTTPConnection] = {}

    def request(
        self, method: str, url: str, params: dict[str, str | None], body: bytes | None = None, **headers: str
    ) -> bytes:
        """Send one request (``None`` values are bare keys, as in ``?default``); the body of the answer."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PushError(f"{url!r}: expected an http(s) URL")
        pieces = [key if value is None else urlencode({key: value}) for key, value in params.items()]
        query = "&".join(filter(None, [parts.query, *pieces]))
        target = (parts.path or "/") + (f"?{query}" if query else "")
        sent = {key.replace("_", "-"): value for key, value in headers.items()}
        for attempt in (1, 2):  # a kept-alive connection the server closed is reopened once
            connection = self._connection(parts.scheme, parts.netloc)
            try:
                connection.request(method, target, body=body, headers=sent)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop(parts.scheme, parts.netloc)
                if attempt == 2:
                    raise
                continue
            if response.status >= 400:
                reason = " ".join(data.decode("utf-8", "replace").split())[:300]
                raise PushError(f"{method} {url} ({target}): the server answered {response.status}: {reason}")
            return data
        raise AssertionError("unreachable")

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        key = (scheme, netloc)
        if key not in self._connections:
            kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            self._connections[key] = kind(netloc, timeout=self.timeout)
        return self._connections[key]

    def _drop(self, scheme: str, netloc: str) -> None:
        connection = self._connections.pop((scheme, netloc), None)
        if connection is not None:
            connection.close()

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()


def _ntriples(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode | pyoxigraph.DefaultGraph) -> tuple[bytes, int]:
    data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph) or b""
    lines = [rdflib_line(line) for line in data.split(b"\n") if line]
    return b"".join(line + b"\n" for line in lines), len(lines)


def remote_graphs(client: _Client, endpoint: str) -> set[str]:
    """The named graphs a SPARQL endpoint has, by a SELECT over GRAPH."""
    data = client.request("GET", endpoint, {"query": _LIST_GRAPHS}, Accept="application/sparql-results+json")
    try:
        bindings = json.loads(data)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise PushError(f"{endpoint}: the answer to a SELECT is not SPARQL JSON results") from None
    return {b["g"]["value"] for b in bindings if b.get("g", {}).get("type") == "uri"}


def push(
    store_dir: str | Path,
    to: str,
    *,
    graph_store: str | None = None,
    prune: bool = False,
    timeout: float = 60.0,
    on_progress: Callable[[str], None] | None = None,
) -> PushReport:
    """PUT every graph of the published store to the Graph Store endpoint (``graph_store``, default ``to``)."""
    started = time.perf_counter()
    folder = StoreDir(store_dir)
    state = folder.state()
    store = folder.open()
    base = state.base if state else "https://w3id.org/reform-kg/id/"
    target = graph_store or to
    report = PushReport()
    client = _Client(timeout)
    try:
        names = sorted(g.value for g in store.named_graphs() if isinstance(g, pyoxigraph.NamedNode))
        body, count = _ntriples(store, pyoxigraph.DefaultGraph())
        client.request("PUT", target, {"default": None}, body, Content_Type="application/n-triples")
        report.graphs, report.triples = 1, count
        for index, name in enumerate(names, 1):
            body, count = _ntriples(store, pyoxigraph.NamedNode(name))
            client.request("PUT", target, {"graph": name}, body, Content_Type="application/n-triples")
            report.graphs += 1
            report.triples += count
            if on_progress and index % 1000 == 0:
                on_progress(f"pushed {index} of {len(names)} article graphs")
        if prune:
            ours = base + "article/"
            stale = sorted(g for g in remote_graphs(client, to) - set(names) if g.startswith(ours))
            for name in stale:
                client.request("DELETE", target, {"graph": name})
                report.pruned += 1
    finally:
        client.close()
    report.seconds = time.perf_counter() - started
    return report
