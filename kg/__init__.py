"""reform-kg: reform claims from Russian and English news into an RDF knowledge graph.

The public API mirrors the CLI::

    import kg
    graph = kg.build(["data/"])                  # rdflib.Graph (ontology + claims)
    rows = kg.query(graph, name="claims")        # kg.query.Result
    kg.render(graph, "out/graph.html")
    kg.export(graph, "turtle", "out/graph.ttl")
    print(kg.explain("В 2023 году пройдут выборы акимов 45 районов."))
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
DEFAULT_BASE = "https://w3id.org/reform-kg/id/"  # kg.vocab.DEFAULT_BASE, without importing rdflib

_API = frozenset({"build", "evaluate", "explain", "export", "query", "render"})


class _Package(types.ModuleType):
    """``kg.query`` is the API function, although ``kg/query.py`` is a module of the same name.

    Importing a submodule sets it as an attribute of its package; for the API's names that
    is refused, so the functions below stay, whenever the submodules get imported (lazily:
    ``kg build`` never loads the query engine or the HTML renderer). ``from kg.query import
    run_query`` still finds the module in ``sys.modules``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.evaluate import Report
    from kg.query import Result
    from kg.render import RenderStats

__all__ = ["DEFAULT_BASE", "__version__", "build", "evaluate", "explain", "export", "query", "render"]


def build(
    paths: Sequence[str | Path],
    *,
    base: str = DEFAULT_BASE,
    rules: Sequence[Path] | None = None,
    validate: bool = False,
) -> Graph:
    """Read articles, run the rules and return the graph (ontology, claims, provenance)."""
    from kg.pipeline import Pipeline

    return Pipeline(rules).build(paths, base=base, validate=validate).graph


def query(
    graph: Graph | str | Path,
    sparql: str | None = None,
    *,
    name: str | None = None,
    params: Mapping[str, str] | None = None,
    engine: str = "oxigraph",
    limit: int | None = None,
    timeout: float | None = None,
) -> Result:
    """Run SPARQL text or a named query (``name="claims"``) on a graph or graph file.

    ``limit`` caps the rows (``result.truncated`` says if more matched); with ``timeout``
    the query runs in a worker process that is stopped after that many seconds.
    """
    from kg.query import load_query, run_query

    if (sparql is None) == (name is None):
        raise ValueError("give either sparql or name")
    text = sparql if sparql is not None else load_query(name or "")
    return run_query(graph, text, params=params, engine=engine, limit=limit, timeout=timeout)


def render(graph: Graph | str | Path, out: str | Path, **options: Any) -> RenderStats:
    """Write the interactive, offline HTML view (see ``kg.render.render`` for options)."""
    from kg.render import render as _render

    return _render(graph, Path(out), **options)


def export(graph: Graph | str | Path, fmt: str, out: str | Path) -> Path:
    """Write the graph as turtle, trig, jsonld or nt, atomically."""
    from kg.export import export as _export

    return _export(graph, fmt, out)


def explain(sentence: str, *, lang: str | None = None, date: str | None = None, rule: str | None = None) -> str:
    """How the rules read a sentence: tokens, gazetteer hits, rules that came close, claims."""
    from kg.explain import explain as _explain
    from kg.explain import format_explanation
    from kg.pipeline import Pipeline

    return format_explanation(_explain(Pipeline(), sentence, lang=lang, date=date, rule=rule), rule=rule)


def evaluate(corpus: str | Path) -> Report:
    """Score the rules on a gold corpus folder (precision, recall, F1, slot accuracy)."""
    from kg.evaluate import evaluate as _evaluate

    return _evaluate(Path(corpus))
