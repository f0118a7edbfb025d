"""The build: documents → sentences → rules → claims → reforms → RDF → files.

Each stage is a module of its own; this one only wires them and counts. Documents and
their claims stream through: ``build_files`` turns them into RDF a batch at a time,
validates each batch and spools it to disk, so memory does not grow with the input.
``build`` keeps the whole graph in memory for callers that want an rdflib graph.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, URIRef

from kg.extract import DocumentResult, Extractor
from kg.graph import Batch, GraphBatches, TurtleOrder, resolve_build, resolve_build_line, write_turtle
from kg.identity import assign_keys
from kg.model import Claim, Document, RuleRef, Skip
from kg.ontology import load_ontology
from kg.rules import Grammar, load_grammar
from kg.sources import iter_documents
from kg.spool import SPOOL_BYTES, Spool
from kg.tokens import Morphology
from kg.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.progress import Progress

# A batch is validated and spooled once it holds this many triples (about 200 claims).
BATCH_TRIPLES = 5000
# Skips and warnings reported one by one for one input file; the rest are counted (a random
# .jsonl would otherwise give a line per line).
MESSAGES_PER_FILE = 10
OUTPUTS = ("graph.ttl", "graph.html")


@dataclass
class BuildResult:
    """What a build made and what it passed over; ``graph`` only for in-memory builds."""

    graph: Graph | None = None
    build: str = ""  # IRI of the prov:Activity that generated the claims
    documents: int = 0
    sentences: int = 0
    claims: int = 0
    triples: int = 0
    skipped: list[Skip] = field(default_factory=list)  # at most MESSAGES_PER_FILE per file, then a count
    warnings: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    refused: str | None = None  # why nothing was written although the graph is valid (an empty build)
    seconds: float = 0.0

    @property
    def skip_count(self) -> int:
        """Inputs and records skipped, the ones not listed one by one included."""
        return sum(s.count for s in self.skipped)

    def summary(self) -> str:
        """The one line ``kg build`` prints."""
        return (
            f"{self.documents} documents, {self.sentences} sentences, {self.claims} claims, "
            f"{self.triples} triples, {self.skip_count} skipped, {self.seconds:.2f} s"
        )


def rule_refs(grammar: Grammar) -> dict[str, RuleRef]:
    return {r.id: RuleRef(r.id, r.about, r.file) for r in grammar.rules}


def remove_stale(outdir: Path) -> None:
    """Remove the hidden temp files and spool folders a killed build left behind."""
    for stale in outdir.glob(".graph.*.tmp"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


class Pipeline:
    """A grammar and its lemma cache, reused across builds (tests, evaluate, explain)."""

    def __init__(self, grammar_dirs: Sequence[Path] | None = None):
        self.grammar_dirs = list(grammar_dirs) if grammar_dirs is not None else None
        self.morph = Morphology()
        self.grammar = load_grammar(grammar_dirs, self.morph)
        self.extractor = Extractor(self.grammar, self.morph)
        self._ontology: Graph | None = None

    @property
    def ontology(self) -> Graph:
        if self._ontology is None:
            self._ontology = load_ontology()
        return self._ontology

    def batches(
        self,
        paths: Sequence[str | Path],
        result: BuildResult,
        *,
        base: str = DEFAULT_BASE,
        batch_triples: int | None = BATCH_TRIPLES,
        suffixes: Iterable[str] | None = None,
        on_skip: Callable[[Skip], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        exclude: Iterable[Path] = (),
        follow_symlinks: bool = False,
        jobs: int = 1,
        scheduler: str | None = None,
        progress: Progress | None = None,
    ) -> Iterator[Batch]:
        """The graph in batches of about ``batch_triples`` (None: one batch); counts go to ``result``.

        The last batch holds the build activity; its IRI is ``result``'s once all are read.
        ``exclude`` and ``follow_symlinks`` are those of ``iter_documents``. With ``jobs`` above 1,
        documents are extracted in that many worker processes, with ``scheduler`` as Dask tasks on
        that cluster (``kg.parallel``); the batches are the same.
        """

        def skip(s: Skip) -> None:
            result.skipped.append(s)
            if on_skip:
                on_skip(s)

        def warn(msg: str) -> None:
            result.warnings.append(msg)
            if on_warning:
                on_warning(msg)

        graph = GraphBatches(rule_refs(self.grammar), base=base, ontology=self.ontology, registry=self.grammar.registry)
        docs = iter_documents(
            paths,
            on_skip=skip,
            on_warning=warn,
            suffixes=suffixes,
            exclude=tuple(exclude),
            follow_symlinks=follow_symlinks,
            per_file=MESSAGES_PER_FILE,
            progress=progress,
        )
        for doc, claims, counts in self._extracted(docs, jobs, scheduler):
            graph.article(doc)
            result.documents += 1
            for claim in claims:
                graph.claim(claim, doc)
                result.claims += 1
                if batch_triples is not None and graph.size >= batch_triples:
                    yield graph.take()
            result.sentences += counts.sentence_count
            if batch_triples is not None and graph.size >= batch_triples:
                yield graph.take()
        last = graph.finish()
        result.build = str(graph.build_iri)
        yield last

    def _extracted(
        self, docs: Iterable[Document], jobs: int, scheduler: str | None
    ) -> Iterator[tuple[Document, Iterable[Claim], DocumentResult]]:
        """Each document, its keyed claims and its counts (filled once the claims are read), in input order."""
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        if jobs == 1 and scheduler is None:  # claims stream as each paragraph is read
            for doc in docs:
                counts = DocumentResult(doc)
                yield doc, assign_keys(self.grammar.registry, self.extractor.claims(doc, counts)), counts
            return
        from kg import parallel

        done = (
            parallel.on_cluster(self, docs, scheduler)
            if scheduler is not None
            else parallel.in_processes(self, docs, jobs)
        )
        for doc, found in done:
            yield doc, found.claims, DocumentResult(doc, sentence_count=found.sentences)

    def build(
        self,
        paths: Sequence[str | Path],
        *,
        base: str = DEFAULT_BASE,
        validate: bool = True,
        on_skip: Callable[[Skip], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        suffixes: Iterable[str] | None = None,
        follow_symlinks: bool = False,
    ) -> BuildResult:
        """Read, extract and turn into one in-memory RDF graph; SHACL-validate unless ``validate`` is off."""
        started = time.perf_counter()
        result = BuildResult()
        (graph,) = self.batches(  # one batch: the whole graph
            paths,
            result,
            base=base,
            batch_triples=None,
            suffixes=suffixes,
            on_skip=on_skip,
            on_warning=on_warning,
            follow_symlinks=follow_symlinks,
        )
        result.graph = resolve_build(graph.graph(), URIRef(result.build))
        result.triples = len(result.graph)
        if validate:
            from kg.validate import Validator

            result.violations = Validator(ontology=self.ontology).graph(result.graph)
        result.seconds = time.perf_counter() - started
        return result

    def build_files(
        self,
        paths: Sequence[str | Path],
        outdir: Path,
        *,
        base: str = DEFAULT_BASE,
        validate: bool = True,
        html: bool = True,
        strict: bool = False,
        allow_empty: bool = False,
        follow_symlinks: bool = False,
        on_skip: Callable[[Skip], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        suffixes: Iterable[str] | None = None,
        shapes: Path | None = None,
        batch_triples: int = BATCH_TRIPLES,
        spool_bytes: int = SPOOL_BYTES,
        jobs: int = 1,
        scheduler: str | None = None,
        progress: Progress | None = None,
    ) -> BuildResult:
        """Build straight into ``outdir/graph.ttl`` (and ``graph.html``) in bounded memory.

        Each batch is SHACL-validated alone (every node's triples are minted from its
        content, so a batch holds all that its shapes check) and spooled to disk as sorted
        N-Triples; the merge is written as Turtle, byte-identical to ``serialize_turtle`` of
        the in-memory graph. Nothing is written when a batch violates the shapes (``shapes``,
        default ``ontology/shapes.ttl``), under ``strict`` when an input was skipped or
        warned about, or when no document was read (``refused`` says why): an empty graph
        needs ``allow_empty``, and never replaces a graph that holds articles. The output
        folder is not read as input.
        """
        from kg.files import atomic_writer, folder_lock
        from kg.stamp import pair_problem

        started = time.perf_counter()
        result = BuildResult()
        if validate:
            from kg.validate import Validator, load_shapes

            validator = Validator(load_shapes(shapes) if shapes else None, ontology=self.ontology)
        violations: set[str] = set()
        order = TurtleOrder(base)
        ttl, page = (outdir / name for name in OUTPUTS)
        with folder_lock(outdir):
            remove_stale(outdir)  # safe: no other build holds the folder
            problem = pair_problem(ttl, page) if html else None  # --no-html: said once the graph is written
            if problem and on_warning:
                on_warning(f"{problem}; this build writes both")
            with Spool(outdir, limit=spool_bytes) as spool:
                for batch in self.batches(
                    paths,
                    result,
                    base=base,
                    batch_triples=batch_triples,
                    suffixes=suffixes,
                    on_skip=on_skip,
                    on_warning=on_warning,
                    exclude=(outdir, ttl, page),
                    follow_symlinks=follow_symlinks,
                    jobs=jobs,
                    scheduler=scheduler,
                    progress=progress,
                ):
                    if validate:
                        violations.update(validator.lines(batch.lines))
                    spool.add(order.code(line.encode("utf-8")) for line in batch.lines)
                result.violations = sorted(violations)
                if not result.violations and not result.documents:
                    result.refused = _empty_refusal(result, ttl, allow_empty)
                if result.violations or result.refused or (strict and (result.skipped or result.warnings)):
                    result.seconds = time.perf_counter() - started
                    return result
                with atomic_writer(ttl) as out:
                    lines = (resolve_build_line(order.line(coded), result.build) for coded in spool.lines())
                    result.triples = write_turtle(lines, out, base=base)
                result.written.append(ttl)
            if html:
                from kg.render import render

                render(ttl, page)
                result.written.append(page)
            elif (problem := pair_problem(ttl, page)) and on_warning:
                on_warning(f"{problem}: --no-html left the old page")
        result.seconds = time.perf_counter() - started
        return result


def _empty_refusal(result: BuildResult, ttl: Path, allow_empty: bool) -> str | None:
    """Why a build that read no document writes nothing; None when it may write an empty graph."""
    if not allow_empty:
        read = f"all {result.skip_count} input(s) skipped" if result.skipped else "no input files found"
        return f"no documents read ({read}); nothing written (--allow-empty writes an empty graph)"
    if holds_articles(ttl):
        return f"{ttl} holds articles and this build read none: not replaced (remove it to write an empty graph)"
    return None


def holds_articles(path: Path) -> bool:
    """Whether a graph file holds at least one article; read as a stream, stopping at the first.

    A file that exists but cannot be parsed counts as holding some: it is not ours to drop.
    """
    import pyoxigraph

    from kg.vocab import SCHEMA

    if not path.exists():
        return False
    if not path.is_file():  # a FIFO or a folder where the graph should be: leave it alone
        return True
    article = pyoxigraph.NamedNode(str(SCHEMA.NewsArticle))
    a = pyoxigraph.NamedNode(str(RDF.type))
    try:
        for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            if triple.predicate == a and triple.object == article:
                return True
    except (OSError, SyntaxError, ValueError):
        return True
    return False
