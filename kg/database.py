"""The on-disk store of ``kg build --store DIR``: Oxigraph databases published as generations.

Layout of ``DIR``::

    CURRENT            the name of the published generation ("g000007"), replaced atomically
    g000007/oxigraph/  an Oxigraph (RocksDB) database: one named graph per article, the shared rest
                       (ontology, reforms and their history, agents, rules, build) in the default graph
    g000007/state.json what each article was built from (content hash) and gave (claim events, rules,
                       shared triples), the rules' version and the base IRI
    g000007/default.nt the default graph's N-Triples lines, to diff the next build against
    .lock              held (flock) by the one build that may write
    .work-*/           a build in progress: the next generation

A published generation is never written again. A build copies the current one (RocksDB
checkpoint: hard links to its immutable files, milliseconds), changes the copy, and publishes it
by renaming it into place and then replacing ``CURRENT``. Readers (``kg query``, ``render``,
``export``, ``serve``) open the generation ``CURRENT`` names read-only, so they see the store
before a build or after it, never in between, and never a database another process writes to
(which Oxigraph calls undefined behaviour). A build killed at any point leaves ``CURRENT`` and
its generation as they were; its ``.work-*`` folder is removed by the next build. Two earlier
generations are kept for readers that opened them; older ones are deleted.

Crash safety is as good as the file system's ``rename`` and ``fsync``: the new generation's files
are synced before ``CURRENT`` names it, and ``CURRENT`` is replaced by ``os.replace``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import gc
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph

from kg.files import _fsync_dir, write_atomic
from kg.history import Event

FORMAT = 1  # of state.json; another format means a full rebuild
CURRENT = "CURRENT"
LOCK = ".lock"
KEEP = 2  # generations kept besides the current one, for readers that still have them open
_GENERATION = re.compile(r"g(\d{6,})")
_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))  # flat values: no need for astuple's deep copy


class StoreError(ValueError):
    """A store folder that cannot be used; the message is one line naming the folder."""


class StoreBusy(OSError):
    """Another build holds the store."""


@dataclass
class Article:
    """What the store keeps of one article besides its named graph."""

    hash: str  # of the document's content
    date: str | None  # its publication date, for the age of open promises
    triples: int  # in its named graph
    rules: list[str] = field(default_factory=list)  # ids of the rules that read its claims
    events: list[Event] = field(default_factory=list)  # what its claims give their reforms' histories
    shared: list[int] = field(default_factory=list)  # its lines of the default graph (State.shared)


@dataclass
class State:
    """The store's record of its articles: enough to rebuild the default graph without their text."""

    version: str  # the rules' version (kg.incremental.rules_version)
    base: str
    articles: dict[str, Article] = field(default_factory=dict)
    shared: list[str] = field(default_factory=list)  # N-Triples lines some article contributes to the default graph

    def to_json(self) -> dict[str, Any]:
        used = sorted({i for a in self.articles.values() for i in a.shared})
        renumber = {old: new for new, old in enumerate(used)}
        articles = {}
        for doc_id, a in sorted(self.articles.items()):
            articles[doc_id] = {
                "hash": a.hash,
                "date": a.date,
                "triples": a.triples,
                "rules": sorted(a.rules),
                "events": [[getattr(e, name) for name in _EVENT_FIELDS] for e in a.events],
                "shared": sorted(renumber[i] for i in a.shared),
            }
        return {
            "format": FORMAT,
            "version": self.version,
            "base": self.base,
            "articles": articles,
            "shared": [self.shared[i] for i in used],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        articles = {
            doc_id: Article(
                hash=a["hash"],
                date=a["date"],
                triples=a["triples"],
                rules=list(a["rules"]),
                events=[Event(*e) for e in a["events"]],
                shared=list(a["shared"]),
            )
            for doc_id, a in data["articles"].items()
        }
        return cls(data["version"], data["base"], articles, list(data["shared"]))


class StoreDir:
    """A store folder: its published generation for readers, and the lock and work folder for a build."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __str__(self) -> str:
        return str(self.path)

    # --- reading --------------------------------------------------------------------------

    def current(self) -> str | None:
        """The published generation's name, or None for a folder where no build has finished."""
        try:
            name = (self.path / CURRENT).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{self.path}: cannot read {CURRENT}: {exc}") from None
        if not _GENERATION.fullmatch(name):
            raise StoreError(f"{self.path}: {CURRENT} names {name!r}, not a generation; is this a kg store?")
        return name

    def generation(self) -> Path:
        """The folder of the published generation; StoreError if there is none."""
        name = self.current()
        if name is None:
            if self.path.is_dir():
                raise StoreError(
                    f"{self.path}: not a kg store (no {CURRENT}); build one with kg build PATH --store DIR"
                )
            raise StoreError(f"{self.path}: no such store folder; build one with kg build PATH --store DIR")
        return self.path / name

    def open(self) -> pyoxigraph.Store:
        """The published generation, read-only. A build may publish another meanwhile; this one stays as it is."""
        return self.open_generation()[0]

    def open_generation(self) -> tuple[pyoxigraph.Store, Path]:
        """``open``, and the folder of the generation it opened."""
        for _ in range(3):  # a build may delete the generation CURRENT named a moment ago
            folder = self.generation()
            try:
                return pyoxigraph.Store.read_only(str(folder / "oxigraph")), folder
            except OSError as exc:
                if (folder / "oxigraph").is_dir():
                    raise StoreError(f"{self.path}: cannot open {folder.name}: {' '.join(str(exc).split())}") from None
        raise StoreError(f"{self.path}: the store changed while it was being opened; try again")

    def state(self, generation: Path | None = None) -> State | None:
        """The record of a generation (default: the published one); None when there is none or it is unreadable."""
        folder = generation if generation is not None else self.path / (self.current() or "-")
        try:
            data = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        try:
            return State.from_json(data)
        except (KeyError, TypeError, ValueError):
            return None

    def default_lines(self, generation: Path) -> set[bytes]:
        try:
            return {line for line in (generation / "default.nt").read_bytes().split(b"\n") if line}
        except OSError:
            return set()

    # --- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store for one build; a second one gets StoreBusy at once. Released by the kernel on any exit."""
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: not a folder")
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(f"{self.path / LOCK}: is a symbolic link; remove it") from None
            raise
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(f"{self.path}: another kg build is writing to this store") from None
            for stale in self.path.glob(".work-*"):  # left by a build that was killed
                shutil.rmtree(stale, ignore_errors=True)
            yield
        finally:
            os.close(fd)

    def work(self, *, copy: bool) -> Work:
        """The next generation, empty or (``copy``) a copy of the published one; only the lock holder may call this."""
        return Work(self, Path(tempfile.mkdtemp(prefix=".work-", dir=self.path)), copy=copy)

    def _prune(self, current: int) -> None:
        for folder in self.path.iterdir():
            match = _GENERATION.fullmatch(folder.name)
            if match and int(match.group(1)) < current - KEEP and folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)


class Work:
    """A generation being built: a private, writable Oxigraph database that nobody else opens."""

    def __init__(self, folder: StoreDir, path: Path, *, copy: bool) -> None:
        self.folder = folder
        self.path = path
        if copy:  # a checkpoint: hard links to the published generation's immutable files, no data copied
            source = pyoxigraph.Store.read_only(str(folder.generation() / "oxigraph"))
            source.backup(str(path / "oxigraph"))
            del source
        self.store: pyoxigraph.Store | None = pyoxigraph.Store(str(path / "oxigraph"))

    def close(self) -> None:
        """Close the database: pyoxigraph has no close(), RocksDB closes with the last reference."""
        store, self.store = self.store, None
        # Only when something else holds it too (a cycle) is a collection needed; else it closes on return.
        if store is not None and sys.getrefcount(store) > 2:
            del store
            gc.collect()

    def discard(self) -> None:
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def publish(self, state: State, default: Iterable[bytes]) -> str:
        """Make this the published generation; returns its name. The database is closed first, so
        that RocksDB writes nothing more under the old path."""
        assert self.store is not None
        self.store.flush()
        self.close()
        write_atomic(self.path / "state.json", json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":")))
        write_atomic(self.path / "default.nt", b"".join(line + b"\n" for line in sorted(default)))
        for folder in (self.path / "oxigraph", self.path):
            _fsync_dir(folder)
        root = self.folder.path
        previous = self.folder.current()
        number = int(previous[1:]) + 1 if previous else 1
        name = f"g{number:06d}"
        os.replace(self.path, root / name)
        _fsync_dir(root)
        write_atomic(root / CURRENT, name + "\n")
        self.folder._prune(number)
        return name


# --- export -------------------------------------------------------------------------------

_ESCAPE = re.compile(rb"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_RAW = {b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _raw_escape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code in _RAW:
        return _RAW[code]
    if code[:1] in (b"u", b"U"):
        point = int(code[1:], 16)
        if (point < 0x20 and point not in (0x0A, 0x0D)) or point == 0x7F:
            return bytes([point])
    return match.group(0)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TAIL = f"^^<{_XSD}integer> .".encode()
_NON_NEGATIVE_TAIL = f"^^<{_XSD}nonNegativeInteger> .".encode()
# Oxigraph stores a literal of a type derived from xsd:integer as xsd:integer; the builder writes these as
# xsd:nonNegativeInteger (the Web Annotation model's offsets).
_NON_NEGATIVE = frozenset(b"<http://www.w3.org/ns/oa#" + name + b">" for name in (b"start", b"end"))


def rdflib_line(line: bytes) -> bytes:
    r"""An Oxigraph N-Triples line as the builder writes it (rdflib's N-Triples, the order of graph.ttl).

    Oxigraph also escapes \t, \b, \f and the other control characters, rdflib only \n, \r, \" and \\;
    and Oxigraph keeps no integer subtype, so the offsets of the evidence get theirs back.
    """
    if b"\\" in line:
        line = _ESCAPE.sub(_raw_escape, line)
    if line.endswith(_INTEGER_TAIL) and line.split(b" ", 2)[1] in _NON_NEGATIVE:
        line = line[: -len(_INTEGER_TAIL)] + _NON_NEGATIVE_TAIL
    return line


def iter_lines(store: pyoxigraph.Store) -> Iterator[tuple[bytes, bytes]]:
    """(N-Triples line as rdflib writes it, graph name as N-Quads writes it or b"") for every quad."""
    graphs: list[Any] = [pyoxigraph.DefaultGraph(), *sorted(store.named_graphs(), key=lambda g: g.value)]
    for graph in graphs:
        name = b"" if isinstance(graph, pyoxigraph.DefaultGraph) else f"<{graph.value}>".encode()
        data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph) or b""
        for line in data.split(b"\n"):
            if line:
                yield rdflib_line(line), name


def export_store(folder: str | Path, fmt: str, out_path: str | Path) -> Path:
    """Write the published store in ``fmt``, byte-identical to ``kg export`` of the same graph built in one go.

    Turtle, N-Triples and JSON-LD merge the graphs; TriG keeps each article's graph; ``nq`` (N-Quads, only
    from a store) writes every quad with its graph, unsorted, for the bulk loaders of other stores.
    """
    from kg.export import _canonical_fmt, serialize_jsonld
    from kg.files import atomic_writer
    from kg.graph import TurtleOrder, write_turtle
    from kg.spool import Spool

    fmt = "nq" if fmt.lower() in ("nq", "nquads", "n-quads") else _canonical_fmt(fmt)
    store_dir = StoreDir(folder)
    state = store_dir.state()
    store = store_dir.open()
    base = state.base if state else "https://w3id.org/reform-kg/id/"
    out = Path(out_path)
    order = TurtleOrder(base)
    with atomic_writer(out) as sink:
        if fmt == "nq":  # for bulk loaders: a graph at a time as stored, unsorted, memory flat
            for line, name in iter_lines(store):
                sink.write(line[: -len(b" .")] + (b" " + name if name else b"") + b" .\n")
        elif fmt == "jsonld":
            from rdflib import Graph

            from kg.graph import bind_prefixes

            graph = bind_prefixes(Graph(bind_namespaces="none"), base)
            graph.parse(data=b"\n".join(line for line, _ in iter_lines(store)), format="nt")
            sink.write(serialize_jsonld(graph))
        elif fmt == "trig":
            keyed = sorted({(b" " + name if name else b"", order.code(line), line) for line, name in iter_lines(store)})
            quads = (line[: -len(b" .")] + name + b" ." for name, _, line in keyed)
            write_turtle(quads, sink, base=base, stamp=False, fmt=pyoxigraph.RdfFormat.TRIG)
        else:
            with Spool(out.parent) as spool:
                code = order.code if fmt == "turtle" else (lambda line: line)
                chunk: list[bytes] = []
                for line, _ in iter_lines(store):
                    chunk.append(code(line))
                    if len(chunk) >= 10_000:
                        spool.add(chunk)
                        chunk = []
                spool.add(chunk)
                if fmt == "turtle":
                    write_turtle(map(order.line, spool.lines()), sink, base=base)
                else:
                    for line in spool.lines():
                        sink.write(line + b"\n")
    return out
