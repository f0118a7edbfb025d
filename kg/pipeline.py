"""The build: documents → sentences → rules → claims → RDF → files.

Each stage is a module of its own; this one only wires them and counts. Documents
stream through the extractor one at a time; only their metadata and claims are kept
for the graph, so memory grows with the number of claims, not with the text.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.extract import Extractor
from kg.graph import serialize_turtle, to_rdf
from kg.model import Claim, Document, RuleRef, Skip
from kg.ontology import load_ontology
from kg.rules import Grammar, load_grammar
from kg.sources import iter_documents
from kg.tokens import Morphology
from kg.vocab import DEFAULT_BASE


@dataclass
class BuildResult:
    """What a build made and what it passed over."""

    graph: Graph
    documents: int = 0
    sentences: int = 0
    claims: list[Claim] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """The one line ``kg build`` prints."""
        return (
            f"{self.documents} documents, {self.sentences} sentences, {len(self.claims)} claims, "
            f"{len(self.graph)} triples, {len(self.skipped)} skipped, {self.seconds:.2f} s"
        )


def rule_refs(grammar: Grammar) -> dict[str, RuleRef]:
    return {r.id: RuleRef(r.id, r.about, r.file) for r in grammar.rules}


class Pipeline:
    """A grammar and its lemma cache, reused across builds (tests, evaluate, explain)."""

    def __init__(self, grammar_dirs: Sequence[Path] | None = None):
        self.morph = Morphology()
        self.grammar = load_grammar(grammar_dirs, self.morph)
        self.extractor = Extractor(self.grammar, self.morph)
        self._ontology: Graph | None = None

    @property
    def ontology(self) -> Graph:
        if self._ontology is None:
            self._ontology = load_ontology()
        return self._ontology

    def extract(self, docs: Iterable[Document]) -> tuple[list[Document], list[Claim], int]:
        """Claims of every document; returns metadata-only documents and the sentence count."""
        kept: list[Document] = []
        claims: list[Claim] = []
        sentences = 0
        for result in self.extractor.documents(docs):
            kept.append(dataclasses.replace(result.document, text=""))
            claims.extend(result.claims)
            sentences += result.sentence_count
        return kept, claims, sentences

    def build(
        self,
        paths: Sequence[str | Path],
        *,
        base: str = DEFAULT_BASE,
        validate: bool = True,
        on_skip: Callable[[Skip], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        suffixes: Iterable[str] | None = None,
    ) -> BuildResult:
        """Read, extract and turn into RDF; SHACL-validate unless ``validate`` is off."""
        started = time.perf_counter()
        skipped: list[Skip] = []
        warnings: list[str] = []

        def skip(s: Skip) -> None:
            skipped.append(s)
            if on_skip:
                on_skip(s)

        def warn(msg: str) -> None:
            warnings.append(msg)
            if on_warning:
                on_warning(msg)

        docs = iter_documents(paths, on_skip=skip, on_warning=warn, suffixes=suffixes)
        kept, claims, sentences = self.extract(docs)
        graph = to_rdf(kept, claims, rule_refs(self.grammar), base=base, ontology=self.ontology)
        result = BuildResult(graph, len(kept), sentences, claims, skipped, warnings)
        if validate:
            from kg.validate import validate as shacl

            result.violations = shacl(graph)
        result.seconds = time.perf_counter() - started
        return result


def write_outputs(result: BuildResult, outdir: Path, *, html: bool = True) -> list[Path]:
    """``graph.ttl`` (byte-stable) and ``graph.html``, each written atomically."""
    from kg.files import write_atomic

    outdir.mkdir(parents=True, exist_ok=True)
    for stale in outdir.glob(".graph.*.tmp"):  # left by a build that was killed mid-write
        stale.unlink(missing_ok=True)
    ttl = outdir / "graph.ttl"
    write_atomic(ttl, serialize_turtle(result.graph))
    written = [ttl]
    if html:
        from kg.render import render

        page = outdir / "graph.html"
        render(result.graph, page)
        written.append(page)
    return written
