"""``kg build --store DIR``: an incremental build into the on-disk store (``kg.database``).

Each article's own triples (the article, its claims, their evidence and quantities) live in a
named graph of their own, named by the article's IRI. An article whose content hash is the one
the store recorded, under the same rules' version, is not read again; a changed one is
re-extracted and its graph replaced; one no longer among the inputs loses its graph. Then the
default graph, everything the articles share, is rebuilt from what the store keeps of each
article (``kg.database.State``: its claims' history events, the rules that read them, and the
reform, agent, publisher and rule triples it contributed), since a reform's history, the
build's IRI and each claim's place in its reform's history depend on every article. Only the
lines that differ are written.

The union of the graphs is the graph a full ``kg build`` of the same inputs makes, triple for
triple: ``kg export --store DIR --format turtle`` is byte-identical to its ``graph.ttl``
(tests/test_incremental.py checks it after additions, changes and removals).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib.namespace import PROV

import kg
from kg.database import Article, State, StoreDir, Work
from kg.extract import DocumentResult
from kg.graph import PER_CLAIM, SHARED_PREDICATES, GraphBatches, doc_slug
from kg.identity import assign_keys
from kg.model import Document, Skip
from kg.ontology import ontology_path
from kg.pipeline import BATCH_TRIPLES, MESSAGES_PER_FILE, BuildResult, Pipeline, rule_refs
from kg.progress import Progress
from kg.vocab import DEFAULT_BASE, SCHEMA

# Quads of new article graphs are written in loads of about this many lines.
LOAD_LINES = 50_000
SMALL_LOAD = 5_000  # fewer lines than this go in as one transaction, not through the bulk loader
_SHARED_NT = frozenset(f"<{p}>" for p in SHARED_PREDICATES)
_APPEARANCE = f"<{SCHEMA.appearance}>"
_GENERATED_BY = f"<{PROV.wasGeneratedBy}>"


@dataclass
class StoreResult(BuildResult):
    """A store build: what changed, and the generation it published (empty when nothing was)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    kept: int = 0
    generation: str = ""
    published: bool = False  # False when nothing changed (the store is left as it was) or the build failed
    refused: str = ""  # why nothing was published, when it was not for violations or --strict

    def summary(self) -> str:
        return (
            f"{self.documents} documents ({self.added} added, {self.changed} changed, {self.removed} removed, "
            f"{self.kept} unchanged), {self.sentences} sentences read, {self.claims} claims, {self.triples} triples, "
            f"{self.skip_count} skipped, {self.seconds:.2f} s"
        )


def rules_version(pipe: Pipeline, base: str) -> str:
    """What every article's triples depend on besides its own content: the rule files, the ontology,
    the package's code and version, and the base IRI. Another version means re-reading every article."""
    digest = hashlib.sha256()
    code = sorted(Path(kg.__file__).parent.glob("*.py"))
    for path in [*map(Path, sorted(pipe.grammar.files)), ontology_path(), *code]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{kg.__version__}\0{base}".encode())
    return digest.hexdigest()[:32]


def content_hash(doc: Document) -> str:
    """The hash of everything of a document that its triples depend on (not the file it came from)."""
    fields = [doc.id, doc.text, doc.lang, doc.title, doc.publisher, doc.date, doc.url]
    data = json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def split(lines: Sequence[str], base: str) -> tuple[dict[str, list[bytes]], list[bytes]]:
    """An article's N-Triples lines: those of its named graph (by graph IRI), and those it adds to the default graph.

    The owners are ``kg.graph.article_graph_names``'s, read from the lines: a claim (and its evidence and
    quantities, by the claim's hash) belongs to the article it appears in, an article to itself.
    Claims point at the pending build here; their ``prov:wasGeneratedBy`` is written with the default graph.
    """
    parts = [line.split(" ", 2) for line in lines]
    owner: dict[str, str] = {}
    for subject, predicate, obj in parts:
        if predicate == _APPEARANCE and obj.startswith("<"):
            m = PER_CLAIM.fullmatch(subject[1:-1].removeprefix(base))
            if m:
                owner[m.group(1)] = obj[1 : obj.index(">")]
    named: dict[str, list[bytes]] = {}
    shared: list[bytes] = []
    for (subject, predicate, _), line in zip(parts, lines, strict=True):
        data = line.encode("utf-8")
        if predicate in _SHARED_NT:
            continue
        iri = subject[1:-1]
        local = iri[len(base) :] if iri.startswith(base) and subject.startswith("<") else None
        name = None
        if local is None:
            pass
        elif local.startswith("article/"):
            name = iri
        elif (m := PER_CLAIM.fullmatch(local)) and m.group(1) in owner:
            name = owner[m.group(1)]
        if name is None:
            shared.append(data)
        else:
            named.setdefault(name, []).append(data)
    return named, shared


class _Loader:
    """Buffers N-Quads lines and writes them in large loads."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.lines: list[bytes] = []

    def add(self, graph: str, triples: Iterable[bytes]) -> None:
        tail = f" <{graph}> .".encode()
        self.lines.extend(line[: -len(b" .")] + tail for line in triples)
        if len(self.lines) >= LOAD_LINES:
            self.flush()

    def flush(self) -> None:
        if self.lines and self.work.store is not None:
            _load(self.work.store, b"\n".join(self.lines) + b"\n", pyoxigraph.RdfFormat.N_QUADS, len(self.lines))
        self.lines = []


def _load(store: pyoxigraph.Store, data: bytes, rdf_format: pyoxigraph.RdfFormat, lines: int) -> None:
    """The bulk loader for large loads; a transaction for the few lines of a changed article (the bulk
    loader's files cost ~0.1 s each however few lines they hold)."""
    if lines >= SMALL_LOAD:
        store.bulk_load(data, format=rdf_format)
    else:
        store.load(data, format=rdf_format)


def _apply_default(store: pyoxigraph.Store, old: set[bytes], new: set[bytes]) -> None:
    """Write the difference between the default graph's old and new lines."""
    gone, added = old - new, new - old
    if gone:
        for triple in pyoxigraph.parse(b"\n".join(gone) + b"\n", format=pyoxigraph.RdfFormat.N_TRIPLES):
            store.remove(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object))
    if added:
        _load(store, b"\n".join(added) + b"\n", pyoxigraph.RdfFormat.N_TRIPLES, len(added))


class _Validator:
    """SHACL-validates new articles in batches of about BATCH_TRIPLES distinct triples, as ``build_files`` does."""

    def __init__(self, pipe: Pipeline, shapes: Path | None, enabled: bool) -> None:
        self.enabled = enabled
        self.violations: set[str] = set()
        self.batch: set[str] = set()
        if enabled:
            from kg.validate import Validator, load_shapes

            self.validator = Validator(load_shapes(shapes) if shapes else None, ontology=pipe.ontology)

    def add(self, lines: Iterable[str], *, last: bool = False) -> None:
        if not self.enabled:
            return
        self.batch.update(lines)
        if last or len(self.batch) >= BATCH_TRIPLES:
            if self.batch:
                self.violations.update(self.validator.lines(sorted(self.batch)))
            self.batch = set()


def build_store(
    pipe: Pipeline,
    paths: Sequence[str | Path],
    store_dir: str | Path,
    *,
    base: str = DEFAULT_BASE,
    validate: bool = True,
    strict: bool = False,
    allow_empty: bool = False,
    follow_symlinks: bool = False,
    shapes: Path | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    suffixes: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> StoreResult:
    """Bring the store at ``store_dir`` up to date with the documents in ``paths`` and publish it.

    Nothing is published (the store stays as it was) when a batch violates the shapes, under
    ``strict`` when an input was skipped or warned about, or when no document was read
    (``allow_empty`` publishes an empty store, but never over a store that holds articles).
    The store folder is not read as input. ``StoreBusy`` when another build holds the store.
    """
    from kg.sources import iter_documents

    started = time.perf_counter()
    result = StoreResult()

    def skip(s: Skip) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    def warn(msg: str) -> None:
        result.warnings.append(msg)
        if on_warning:
            on_warning(msg)

    folder = StoreDir(store_dir)
    version = rules_version(pipe, base)
    refs = rule_refs(pipe.grammar)
    with folder.lock():
        previous = folder.state() if folder.current() else None
        fresh = previous is None or previous.version != version or previous.base != base
        state = State(version, base) if fresh else previous
        assert state is not None
        old_default = set() if fresh else folder.default_lines(folder.generation())
        work = folder.work(copy=not fresh)
        try:
            shared_index = {line: i for i, line in enumerate(state.shared)}
            loader = _Loader(work)
            validator = _Validator(pipe, shapes, validate)
            seen: set[str] = set()
            docs = iter_documents(
                paths,
                on_skip=skip,
                on_warning=warn,
                suffixes=suffixes,
                exclude=(Path(store_dir),),
                follow_symlinks=follow_symlinks,
                per_file=MESSAGES_PER_FILE,
                progress=progress,
            )
            for doc in docs:
                seen.add(doc.id)
                result.documents += 1
                digest = content_hash(doc)
                before = state.articles.get(doc.id)
                if before is not None and before.hash == digest:
                    result.kept += 1
                    continue
                graph = GraphBatches(refs, base=base, ontology=pipe.ontology, registry=pipe.grammar.registry)
                graph.article(doc)
                counts = DocumentResult(doc)
                for claim in assign_keys(pipe.grammar.registry, pipe.extractor.claims(doc, counts)):
                    graph.claim(claim, doc)
                result.sentences += counts.sentence_count
                batch = graph.take().lines
                validator.add(batch)
                named, shared = split(batch, base)
                article_iri = base + f"article/{doc_slug(doc.id)}"
                if set(named) - {article_iri}:
                    raise ValueError(f"{doc.id}: triples of another article's graph: {sorted(set(named))}")
                assert work.store is not None
                if before is not None:
                    work.store.remove_graph(pyoxigraph.NamedNode(article_iri))
                    result.changed += 1
                else:
                    result.added += 1
                lines = named.get(article_iri, [])
                loader.add(article_iri, lines)
                indexes = []
                for line in shared:
                    text = line.decode("utf-8")
                    if text not in shared_index:
                        shared_index[text] = len(state.shared)
                        state.shared.append(text)
                    indexes.append(shared_index[text])
                state.articles[doc.id] = Article(
                    digest,
                    doc.date,
                    len(lines),
                    sorted(graph.used_rules),
                    graph.events,
                    sorted(set(indexes)),
                )
            loader.flush()
            gone = sorted(set(state.articles) - seen)
            unchanged = not (fresh or result.added or result.changed or gone)
            if unchanged and result.documents and not (strict and (result.skipped or result.warnings)):
                # Nothing to do: the default graph is a function of the articles kept, which did not change.
                work.discard()
                result.claims = sum(len({e.claim for e in a.events}) for a in state.articles.values())
                result.triples = len(old_default) + sum(a.triples for a in state.articles.values())
                result.generation = folder.current() or ""
                result.seconds = time.perf_counter() - started
                return result
            for doc_id in gone:
                assert work.store is not None
                work.store.remove_graph(pyoxigraph.NamedNode(base + f"article/{doc_slug(doc_id)}"))
                del state.articles[doc_id]
                result.removed += 1

            finish = GraphBatches(refs, base=base, ontology=pipe.ontology, registry=pipe.grammar.registry)
            events = [e for a in state.articles.values() for e in a.events]
            finish.restore(
                {doc_id: a.date for doc_id, a in state.articles.items()},
                events,
                (r for a in state.articles.values() for r in a.rules),
            )
            last = finish.finish().lines
            validator.add(last, last=True)
            result.violations = sorted(validator.violations)
            result.claims = len({e.claim for e in events})
            if not result.documents and not allow_empty:
                read = f"all {result.skip_count} input(s) skipped" if result.skipped else "no input files found"
                result.refused = f"no documents read ({read}); nothing written (--allow-empty publishes an empty store)"
            elif not result.documents and gone:
                result.refused = (
                    f"{store_dir} holds {len(gone)} article(s) and this build read none: not emptied "
                    "(remove the store to publish an empty one)"
                )
            if result.violations or result.refused or (strict and (result.skipped or result.warnings)):
                work.discard()
                result.seconds = time.perf_counter() - started
                return result
            default = {line.encode("utf-8") for line in last}
            default.update(state.shared[i].encode("utf-8") for a in state.articles.values() for i in a.shared)
            generated_by = f"{_GENERATED_BY} <{finish.build_iri}> ."
            default.update(f"<{base}claim/{e.claim}> {generated_by}".encode() for e in events)
            assert work.store is not None
            _apply_default(work.store, old_default, default)
            result.triples = len(default) + sum(a.triples for a in state.articles.values())
            result.build = str(finish.build_iri)
            result.generation = work.publish(state, default)
            result.published = True
        except BaseException:
            work.discard()
            raise
    result.seconds = time.perf_counter() - started
    return result
