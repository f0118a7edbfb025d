"""Extraction out of process: ``kg build -j N`` (worker processes) and ``kg build --scheduler ADDRESS`` (Dask).

Only extraction leaves the build process. A worker splits one document into sentences, runs the
rules and keys the claims (``identity.assign_keys``); it sends back the claims and the number of
sentences. The build process reads the inputs (so a bad file is named, and skipped, as in a local
build) and turns the claims into RDF in document order, so the graph is byte-identical to ``-j 1``.
At most a few documents per worker are in flight, so memory does not grow with the input.

A worker loads the grammar once (``GrammarSpec``: the rule folders and their fingerprint) and keeps
it for the next documents; one whose rules or reform-kg version differ from the build's refuses.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from kg.identity import Registry, assign_keys
from kg.model import Claim, Document

if TYPE_CHECKING:
    from kg.extract import Extractor
    from kg.pipeline import Pipeline

# Documents in flight per worker: enough to keep each busy while the build process writes RDF.
IN_FLIGHT = 4
CONNECT_SECONDS = 10


class ParallelError(Exception):
    """A build that cannot run its extraction elsewhere (no Dask, no scheduler, a worker with other rules)."""


@dataclass(frozen=True)
class Extracted:
    """One document's keyed claims and sentence count, as a worker sends them back."""

    claims: tuple[Claim, ...]
    sentences: int


@dataclass(frozen=True)
class GrammarSpec:
    """What a worker loads (``dirs``; None: the rules shipped with reform-kg) and what it must find."""

    dirs: tuple[str, ...] | None
    digest: str


def extract(extractor: Extractor, registry: Registry, doc: Document) -> Extracted:
    """The claims of ``doc`` with their reform keys, as the local build makes them."""
    from kg.extract import DocumentResult

    counts = DocumentResult(doc)
    claims = tuple(assign_keys(registry, extractor.claims(doc, counts)))
    return Extracted(claims, counts.sentence_count)


# The grammar a worker process has loaded, by spec. Lives only in workers (and in the build process when
# -j forks it): loading takes seconds, a document a fraction of one.
_LOADED: dict[GrammarSpec, Pipeline] = {}


def _pipeline(spec: GrammarSpec) -> Pipeline:
    pipe = _LOADED.get(spec)
    if pipe is None:
        from pathlib import Path

        import kg
        from kg.pipeline import Pipeline

        pipe = Pipeline([Path(d) for d in spec.dirs] if spec.dirs is not None else None)
        if pipe.grammar.digest != spec.digest:
            raise ParallelError(
                f"a worker's rules differ from the build's (worker: reform-kg {kg.__version__}, "
                f"rules {'shipped' if spec.dirs is None else ', '.join(spec.dirs)}); "
                "install the same reform-kg version and rules on every worker"
            )
        _LOADED.clear()
        _LOADED[spec] = pipe
    return pipe


def extract_task(spec: GrammarSpec, doc: Document) -> Extracted:
    """One document, in a worker process or on a Dask worker."""
    pipe = _pipeline(spec)
    return extract(pipe.extractor, pipe.grammar.registry, doc)


def _adopt(spec: GrammarSpec, pipe: Pipeline | None) -> None:
    """A forked worker starts with the build's grammar (inherited, not loaded again)."""
    if pipe is not None:
        _LOADED.clear()
        _LOADED[spec] = pipe


def spec_of(pipe: Pipeline) -> GrammarSpec:
    dirs = pipe.grammar_dirs
    return GrammarSpec(None if dirs is None else tuple(str(d.resolve()) for d in dirs), pipe.grammar.digest)


class _Future(Protocol):
    def result(self) -> Any: ...


def ordered(
    docs: Iterable[Document], submit: Callable[[Document], _Future], window: int
) -> Iterator[tuple[Document, Extracted]]:
    """Each document with its result, in input order, with at most ``window`` documents submitted ahead."""
    pending: deque[tuple[Document, _Future]] = deque()
    for doc in docs:
        pending.append((doc, submit(doc)))
        if len(pending) >= window:
            first, future = pending.popleft()
            yield first, future.result()
    while pending:
        first, future = pending.popleft()
        yield first, future.result()


def in_processes(
    pipe: Pipeline, docs: Iterable[Document], jobs: int, *, fork: bool | None = None
) -> Iterator[tuple[Document, Extracted]]:
    """``jobs`` worker processes. On Linux (``fork`` None) they fork and inherit the loaded grammar; elsewhere
    (macOS forks unsafely, Windows cannot) each is spawned and loads it once."""
    spec = spec_of(pipe)
    fork = sys.platform.startswith("linux") if fork is None else fork
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_adopt, initargs=(spec, pipe if fork else None))
    try:
        yield from ordered(docs, lambda doc: pool.submit(extract_task, spec, doc), IN_FLIGHT * jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def on_cluster(pipe: Pipeline, docs: Iterable[Document], address: str) -> Iterator[tuple[Document, Extracted]]:
    """Extraction as Dask tasks on the dask.distributed scheduler at ``address``: one task per document."""
    try:
        from distributed import Client
    except ImportError:
        raise ParallelError(
            "--scheduler needs dask.distributed, which is not installed (pip install 'reform-kg[cluster]')"
        ) from None
    spec = spec_of(pipe)
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError, TypeError) as e:
        raise ParallelError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    try:
        workers = max(1, sum(client.nthreads().values()))
        yield from ordered(docs, lambda doc: client.submit(extract_task, spec, doc, pure=False), IN_FLIGHT * workers)
    finally:
        client.close()
