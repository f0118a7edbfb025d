"""The query workers of ``kg serve``: processes that hold the store open and cannot reach the network.

Oxigraph runs a query in Rust without returning to Python, so a query that runs too long can
only be stopped by killing its process. The server keeps a small pool of worker processes;
each runs one query at a time, streams the formatted result back through a pipe, and is killed
and replaced when its query passes the timeout or its client goes away.

Workers are started by a fork server (``multiprocessing``'s ``forkserver``): a single-threaded
process that forks them on request. The HTTP server is threaded, and forking a threaded
process copies locks other threads may hold; the fork server never has other threads. Each
worker installs the seccomp filter of ``kg.sandbox`` before it opens the store, so no query can
open a network socket, vetted or not; and it dies with the server.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph

CHUNK_BYTES = 1 << 16
SOLUTION_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "nt")
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
}
# Other names a client may use for a format, in Accept or in format=.
ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "ttl": "turtle",
    "application/x-turtle": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "text/plain": "nt",
    **{fmt: fmt for fmt in MEDIA_TYPES},
    **{media: fmt for fmt, media in MEDIA_TYPES.items()},
}


@dataclass(frozen=True)
class Request:
    """One query for a worker: the text as received, what the client accepts, and the bounds."""

    sparql: str
    accept: tuple[str, ...]  # media types in the client's order of preference (may hold wildcards)
    fmt: str | None  # format= from the request, which wins over Accept
    limit: int | None
    generation: str  # the store generation folder to run it on


@dataclass
class Answer:
    """What a worker said before its result: the media type, or an HTTP status and a one-line reason."""

    media: str = ""
    status: int = 200
    message: str = ""
    warnings: list[str] = field(default_factory=list)


def negotiate(kind: str, accept: tuple[str, ...], fmt: str | None) -> str | None:
    """The result format for a query of ``kind`` ("solutions" or "graph"), or None when none fits."""
    formats = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
    if fmt:
        chosen = ALIASES.get(fmt.strip().lower())
        return chosen if chosen in formats else None
    for media in accept or ("*/*",):
        media = media.lower()
        if media == "*/*":
            return formats[0]
        if media.endswith("/*"):
            for candidate in formats:
                if MEDIA_TYPES[candidate].startswith(media[:-1]):
                    return candidate
            continue
        chosen = ALIASES.get(media)
        if chosen in formats:
            return chosen
    return None


class _Sender:
    """Collects output and sends it through the pipe in chunks."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes | str) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8", errors="backslashreplace")
        self.parts.append(bytes(data))
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.parts:
            self.conn.send(("data", b"".join(self.parts)))
        self.parts, self.size = [], 0


def _limited(items: Iterator[Any], limit: int | None, flag: list[bool]) -> Iterator[Any]:
    if limit is None:
        yield from items
        return
    yield from itertools.islice(items, limit)
    if next(items, None) is not None:
        flag.append(True)


def load(generation: str, *, memory: bool) -> pyoxigraph.Store:
    """A generation of the store, read-only on disk, or copied into an in-memory Oxigraph store
    (about five times faster to query, at the cost of its size in memory and seconds to load)."""
    disk = pyoxigraph.Store.read_only(os.path.join(generation, "oxigraph"))
    if not memory:
        return disk
    copy = pyoxigraph.Store()
    copy.bulk_load(disk.dump(format=pyoxigraph.RdfFormat.N_QUADS), format=pyoxigraph.RdfFormat.N_QUADS)
    return copy


class _Worker:
    """The loop inside a worker process."""

    def __init__(self, conn: Connection, memory: bool) -> None:
        self.conn = conn
        self.memory = memory
        self.path = ""
        self.store: pyoxigraph.Store | None = None

    def open(self, generation: str) -> pyoxigraph.Store:
        if self.store is None or generation != self.path:
            self.store = None  # close the old generation first
            self.store = load(generation, memory=self.memory)
            self.path = generation
        return self.store

    def serve(self, request: Request) -> None:
        from kg.query import PROJECT_PREFIXES, QueryError
        from kg.results import from_oxigraph, writer
        from kg.vetting import one_line

        try:
            vetted = _vet(request.sparql)
        except QueryError as exc:
            self.conn.send(("answer", Answer(status=400, message=str(exc))))
            return
        kind = "graph" if vetted.form in ("ConstructQuery", "DescribeQuery") else "solutions"
        fmt = negotiate(kind, request.accept, request.fmt)
        if fmt is None:
            wanted = f"format={request.fmt}" if request.fmt else f"Accept: {', '.join(request.accept)}"
            offered = ", ".join(MEDIA_TYPES[f] for f in (SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS))
            message = f"cannot answer this {vetted.form[:-5].upper()} query in {wanted}; available: {offered}"
            self.conn.send(("answer", Answer(status=406, message=message)))
            return
        store = self.open(request.generation)
        try:
            answer = store.query(vetted.text, use_default_graph_as_union=True, prefixes=PROJECT_PREFIXES)
        except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
            self.conn.send(("answer", Answer(status=400, message=f"query failed: {one_line(str(exc))}")))
            return
        self.conn.send(("answer", Answer(media=MEDIA_TYPES[fmt], warnings=list(vetted.warnings))))
        out = _Sender(self.conn)
        truncated: list[bool] = []
        count = 0
        try:
            if isinstance(answer, pyoxigraph.QueryTriples):
                seen: list[Any] = []
                triples = _limited(iter(answer), request.limit, truncated)
                rdf_format = pyoxigraph.RdfFormat.TURTLE if fmt == "turtle" else pyoxigraph.RdfFormat.N_TRIPLES
                counted = (seen.append(None) or t for t in triples)
                pyoxigraph.serialize(counted, out, format=rdf_format, prefixes=PROJECT_PREFIXES)
                count = len(seen)
            else:
                result = writer(fmt, out.write)
                if isinstance(answer, pyoxigraph.QueryBoolean):
                    result.begin([], bool(answer))
                else:
                    result.begin([v.value for v in answer.variables])
                    for solution in _limited(iter(answer), request.limit, truncated):
                        result.row(tuple(map(from_oxigraph, solution)))
                result.end(bool(truncated))
                count = result.count
        except (RuntimeError, OSError, ValueError, SyntaxError) as exc:
            out.flush()
            self.conn.send(("abort", f"query failed: {one_line(str(exc))}"))
            return
        out.flush()
        self.conn.send(("done", (count, bool(truncated))))


@functools.lru_cache(maxsize=256)
def _vet(sparql: str) -> Any:
    """Vetting parses with rdflib (milliseconds); a worker answers the same query text from this cache."""
    from kg.query import prepare

    return prepare(sparql)[0]


def worker_main(conn: Connection, memory: bool = False) -> None:
    """A worker process: block the network, then answer requests until the pipe closes.

    Its parent is the fork server, which exits when the HTTP server does; the worker dies with it.
    """
    from kg import sandbox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's; it kills its workers
    sandbox._die_with_parent(os.getppid())
    sandbox.block_network()
    worker = _Worker(conn, memory)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if isinstance(request, str):  # a generation to open before the first query asks for it
                worker.open(request)
                continue
            worker.serve(request)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as exc:  # a bug: report it as a server error and go on
            with contextlib.suppress(OSError):
                conn.send(("abort", f"internal error: {type(exc).__name__}: {exc}"))


class Worker:
    """The server's handle on one worker process."""

    def __init__(self, context: Any, memory: bool = False, generation: str | None = None) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=worker_main, args=(child, memory), daemon=True)
        self.process.start()
        child.close()
        if generation is not None:
            self.conn.send(generation)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(1)
        with contextlib.suppress(Exception):
            self.conn.close()

    def alive(self) -> bool:
        return self.process.is_alive()


def context() -> Any:
    """The fork server context, with the query modules loaded once in the fork server."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["kg.workers", "kg.query", "kg.results", "kg.vetting", "kg.sandbox"])
    return ctx
