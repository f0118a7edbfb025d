"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, a query page, and the graph page.

Routes:

* ``/sparql`` — queries by GET (``?query=``) and POST (``application/x-www-form-urlencoded`` with
  ``query=``, or ``application/sparql-query``). Results as SPARQL JSON, XML, CSV or TSV (SELECT,
  ASK) or Turtle and N-Triples (CONSTRUCT, DESCRIBE), chosen by ``format=`` or the Accept header.
  Every query is vetted as ``kg query`` vets it (``kg.vetting``: no SERVICE, FROM, LOAD or updates,
  however spelled): a refused or malformed query is a 400 with a one-line reason. There is no
  update endpoint and no dataset parameters.
* ``/query`` — the YASGUI query editor (vendored in ``kg/assets/vendor/yasgui``, served from here)
  with a tab per named query.
* ``/`` — the HTML graph page (``kg render``) of the store, made once per published generation.

Bounds: each query runs in a worker process (``kg.workers``) that cannot open network sockets and
is killed at the timeout (503); results stop at the row limit (the response says so in the
``X-Row-Limit`` header); at most ``workers`` queries run at once and ``queue`` more wait, the
rest get 503 at once. The server binds to 127.0.0.1 unless told otherwise, and then answers only
requests whose Host is a loopback name (a web page elsewhere cannot reach it by DNS rebinding).
The server itself makes no outbound request.

A build publishing a new generation of the store is picked up by the next request. Complete answers
are kept in memory (``Answers``, ``--no-cache`` turns it off), keyed by that generation and the request:
a repeated query gets the bytes of its first answer without a worker (``X-Answer-Cache: hit``).
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import json
import queue
import socket
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.database import StoreDir
from kg.workers import Answer, Request, Worker, context

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_BODY = 1 << 20  # bytes of a POSTed query
BUFFER_BYTES = 1 << 20  # results up to this size are sent whole, with Content-Length; longer ones stream
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
_STATIC = {
    "/assets/vendor/yasgui/yasgui.min.js": ("vendor/yasgui/yasgui.min.js", "text/javascript"),
    "/assets/vendor/yasgui/yasgui.min.css": ("vendor/yasgui/yasgui.min.css", "text/css"),
    "/assets/vendor/yasgui/LICENSE": ("vendor/yasgui/LICENSE", "text/plain"),
    "/assets/query.js": ("query.js", "text/javascript"),
    "/assets/query.css": ("query.css", "text/css"),
}
_QUERY_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Settings:
    """What ``kg serve`` was told."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    queue: int = 16
    timeout: float = 30.0
    limit: int | None = 10_000
    memory: bool = False  # each worker queries an in-memory copy of the store
    cache_bytes: int = 256 << 20  # answers kept in memory for repeats (0: none)
    log: Callable[[str], None] | None = None


class Busy(Exception):
    """No worker became free in time, or too many requests wait already."""


class Pool:
    """A fixed number of workers; a request borrows one, and a worker that timed out is replaced."""

    def __init__(self, size: int, waiting: int, *, memory: bool = False, generation: Callable[[], str | None]) -> None:
        self._context = context()
        self._memory = memory
        self._generation = generation
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._waiting = 0
        self._max_waiting = waiting
        self._lock = threading.Lock()
        self._all: set[Worker] = set()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> Worker:
        worker = Worker(self._context, self._memory, self._generation())
        with self._lock:
            self._all.add(worker)
        return worker

    def borrow(self, wait: float) -> Worker:
        with self._lock:
            if self._waiting >= self._max_waiting:
                raise Busy("too many queries are waiting; try again shortly")
            self._waiting += 1
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy(f"no query worker became free within {wait:g} s; try again shortly") from None
        finally:
            with self._lock:
                self._waiting -= 1
        if not worker.alive():  # died between queries (killed from outside): use a fresh one
            worker.kill()
            with self._lock:
                self._all.discard(worker)
            worker = self._start()
        return worker

    def give_back(self, worker: Worker) -> None:
        self._idle.put(worker)

    def replace(self, worker: Worker) -> None:
        """Kill a worker (its query overran, or its client left mid-result) and start another."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._idle.put(self._start())

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()


CacheKey = tuple[str, str, tuple[str, ...], str | None, int | None]


class Answers:
    """Complete answers kept in memory, least recently used out first, keyed by the store generation
    and the request (query text, Accept, format, limit): a published generation never changes, so a
    repeated query gets the bytes its first run sent, without a worker."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 4
        self._entries: OrderedDict[CacheKey, tuple[str, bytes, dict[str, str]]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> tuple[str, bytes, dict[str, str]] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: CacheKey, media: str, body: bytes, headers: dict[str, str]) -> None:
        if len(body) > self.max_entry:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._size -= len(old[1]) if old else 0
            self._entries[key] = (media, body, headers)
            self._size += len(body)
            while self._size > self.max_bytes:
                _, (_, dropped, _) = self._entries.popitem(last=False)
                self._size -= len(dropped)


class Pages:
    """The HTML pages: the graph page per store generation, and the query page."""

    def __init__(self, store: StoreDir) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._graph: tuple[str, bytes] | None = None

    def graph(self, generation: str) -> bytes:
        with self._lock:
            if self._graph is None or self._graph[0] != generation:
                import tempfile

                from kg.render import render

                with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
                    page = Path(tmp) / "graph.html"
                    source = self.store.open()
                    render(source, page)
                    del source
                    self._graph = (generation, page.read_bytes())
            return self._graph[1]

    @staticmethod
    def query() -> bytes:
        from kg.query import list_queries, load_query

        examples = [
            {"name": name, "description": description, "query": load_query(name)}
            for name, description in sorted(list_queries().items())
        ]
        data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
        html = (ASSETS / "query.html").read_text(encoding="utf-8")
        return html.replace("{{examples}}", data).encode("utf-8")


def _accept(header: str | None) -> tuple[str, ...]:
    """Media types of an Accept header, by quality (stable among equals); q=0 ones left out."""
    ranked = []
    for index, part in enumerate((header or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower()))
    return tuple(media for _, _, media in sorted(ranked))


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


class Handler(BaseHTTPRequestHandler):
    server_version = "reform-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send its request
    server: Server

    # --- plumbing ------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.settings.log:
            self.server.settings.log(_printable(f"{self.address_string()} {format % args}"))

    def _send(self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media if not media.startswith("text/") else f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        line = " ".join(message.split())
        self._send(status, (line + "\n").encode("utf-8"), "text/plain", headers)

    def _host_allowed(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if _is_loopback(name):
            return True
        self._error(HTTPStatus.FORBIDDEN, f"Host {host!r} is not this server's; it answers to 127.0.0.1 and localhost")
        return False

    # --- routes --------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_allowed():
            return
        url = urlsplit(self.path)
        if url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            if "query" not in params and "update" not in params:
                if "text/html" in (self.headers.get("Accept") or ""):
                    self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", {"Location": "/query"})
                else:
                    self._error(HTTPStatus.BAD_REQUEST, "no query: give ?query=SPARQL")
                return
            self._sparql(params)
        elif url.path == "/":
            generation = self.server.generation()
            if generation is None:
                return self._error(HTTPStatus.SERVICE_UNAVAILABLE, "the store has no published generation")
            self._send(HTTPStatus.OK, self.server.pages.graph(generation.name), "text/html")
        elif url.path in ("/query", "/query/"):
            self._send(HTTPStatus.OK, Pages.query(), "text/html", {"Content-Security-Policy": _QUERY_PAGE_CSP})
        elif url.path == "/favicon.ico":
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path in _STATIC:
            name, media = _STATIC[url.path]
            self._send(HTTPStatus.OK, (ASSETS / name).read_bytes(), media, {"Cache-Control": "max-age=3600"})
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")

    def do_POST(self) -> None:
        if not self._host_allowed():
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(
                HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path} (queries go to /sparql; there are no updates)"
            )
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body may be at most {MAX_BODY} bytes")
            return
        body = self.rfile.read(length)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
            return
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params.setdefault("query", []).append(text)
        elif media == "application/sparql-update":
            self._error(HTTPStatus.BAD_REQUEST, "SPARQL updates are not allowed: this endpoint is read-only")
            return
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"Content-Type {media or 'none'!r}: send application/sparql-query or "
                "application/x-www-form-urlencoded with query=",
            )
            return
        self._sparql(params)

    def do_PUT(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only", {"Allow": "GET, POST"})

    do_DELETE = do_PATCH = do_PUT

    # --- the protocol --------------------------------------------------------------------

    def _sparql(self, params: dict[str, list[str]]) -> None:
        settings = self.server.settings
        if "update" in params:
            return self._error(HTTPStatus.BAD_REQUEST, "SPARQL updates are not allowed: this endpoint is read-only")
        for key in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
            if key in params:
                return self._error(HTTPStatus.BAD_REQUEST, f"{key} is not supported: queries run on the whole store")
        queries = params.get("query", [])
        if len(queries) != 1:
            return self._error(HTTPStatus.BAD_REQUEST, "give exactly one query")
        generation = self.server.generation()
        if generation is None:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, "the store has no published generation")
        fmt = (params.get("format") or [None])[0]
        request = Request(queries[0], _accept(self.headers.get("Accept")), fmt, settings.limit, str(generation))
        key: CacheKey = (request.generation, request.sparql, request.accept, fmt, settings.limit)
        answers = self.server.answers
        if answers is not None and (hit := answers.get(key)) is not None:
            media, body, headers = hit
            return self._send(HTTPStatus.OK, body, media, {**headers, "X-Answer-Cache": "hit"})
        try:
            worker = self.server.pool.borrow(settings.timeout)
        except Busy as exc:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "1"})
        healthy = False
        try:
            keep = None if answers is None else functools.partial(answers.put, key)
            healthy = self._run(worker, request, keep)
        finally:
            if healthy:
                self.server.pool.give_back(worker)
            else:
                self.server.pool.replace(worker)

    def _run(self, worker: Worker, request: Request, keep: Callable[[str, bytes, dict[str, str]], None] | None) -> bool:
        """Relay one query's answer, and hand a complete one to ``keep``; False when the worker must be replaced."""
        timeout = self.server.settings.timeout
        deadline = time.monotonic() + timeout
        worker.conn.send(request)

        def receive() -> tuple[str, Any] | None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.conn.poll(remaining):
                return None
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                return ("abort", "the query worker died")

        message = receive()
        if message is None:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped after the {timeout:g} s timeout")
            return False
        kind, payload = message
        if kind == "abort":
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, payload)
            return False
        answer: Answer = payload
        if answer.status != 200:
            self._error(answer.status, answer.message)
            return True
        parts: list[bytes] = []
        size = 0
        while True:  # buffer a small result whole, so that a timeout can still be a clean 503
            message = receive()
            if message is None:
                self._error(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped after the {timeout:g} s timeout")
                return False
            kind, payload = message
            if kind == "data":
                parts.append(payload)
                size += len(payload)
                if size > BUFFER_BYTES:
                    return self._stream(answer, parts, receive, keep)
            elif kind == "done":
                _rows, truncated = payload
                body, headers = b"".join(parts), self._result_headers(answer, truncated)
                self._send(HTTPStatus.OK, body, answer.media, headers)
                if keep is not None:
                    keep(answer.media, body, headers)
                return True
            else:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, payload)
                return False

    def _result_headers(self, answer: Answer, truncated: bool) -> dict[str, str]:
        headers = {"Vary": "Accept"}
        if truncated:
            headers["X-Row-Limit"] = f"{self.server.settings.limit}; more rows matched"
        if answer.warnings:
            headers["X-Query-Warning"] = _printable(" | ".join(answer.warnings))[:1000]
        return headers

    def _stream(
        self,
        answer: Answer,
        parts: list[bytes],
        receive: Callable[[], Any],
        keep: Callable[[str, bytes, dict[str, str]], None] | None,
    ) -> bool:
        """A large result goes out chunked as it comes; a timeout now can only cut the connection."""
        kept: list[bytes] | None = list(parts) if keep is not None else None
        kept_size = sum(map(len, parts))
        limit = self.server.answers.max_entry if self.server.answers is not None else 0
        self.send_response(HTTPStatus.OK)
        media = answer.media
        self.send_header("Content-Type", media if not media.startswith("text/") else f"{media}; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")
        self.end_headers()

        def chunk(data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

        try:
            for data in parts:
                chunk(data)
            while True:
                message = receive()
                if message is None or message[0] == "abort":
                    self.close_connection = True
                    return False
                kind, payload = message
                if kind == "done":
                    self.wfile.write(b"0\r\n\r\n")
                    if keep is not None and kept is not None:
                        keep(answer.media, b"".join(kept), self._result_headers(answer, payload[1]))
                    return True
                chunk(payload)
                if kept is not None:
                    kept.append(payload)
                    kept_size += len(payload)
                    if kept_size > limit:
                        kept = None  # too large to keep
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return False


class Server(ThreadingHTTPServer):
    """A threaded HTTP server with a bound on open connections."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = StoreDir(settings.store)
        self.store.generation()  # a missing or unbuilt store is an error before anything starts
        self.pages = Pages(self.store)
        self.answers = Answers(settings.cache_bytes) if settings.cache_bytes > 0 else None
        self.loopback_only = _is_loopback(settings.host)
        self._connections = threading.BoundedSemaphore(settings.workers + settings.queue + 8)
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        self.address_family = family
        self.pool = Pool(
            settings.workers,
            settings.queue,
            memory=settings.memory,
            generation=lambda: str(path) if (path := self.generation()) else None,
        )
        try:
            super().__init__((settings.host.strip("[]"), settings.port), Handler)
        except BaseException:
            self.pool.close()
            raise

    def generation(self) -> Path | None:
        try:
            return self.store.generation()
        except ValueError:
            return None

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._connections.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 29\r\n\r\ntoo many connections; retry\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def serve(settings: Settings, ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted."""
    server = Server(settings)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in str(host) else host
    if ready:
        ready(f"http://{shown}:{port}/")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def main_log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
