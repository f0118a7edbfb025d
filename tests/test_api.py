"""The Python API mirrors the CLI: build, query, render, export, explain, evaluate."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import kg

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return kg.build([DATA])


def test_build_returns_a_graph_with_claims_and_the_ontology(graph):
    result = kg.query(graph, name="claims")
    assert result.vars[:4] == ["documentId", "start", "end", "sentence"]
    assert len(result.rows) > 10
    assert {row[result.vars.index("reform")] for row in result.rows} <= set(kg.vocab.REFORM_CODES)
    assert len(kg.query(graph, "SELECT ?s WHERE { ?s a <http://www.w3.org/2002/07/owl#Ontology> }").rows) == 1


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_by_name_or_text_on_both_engines(graph, engine):
    by_name = kg.query(graph, name="reforms-by-year", engine=engine)
    assert by_name.rows and by_name.vars[0] == "reform"
    with pytest.raises(ValueError):
        kg.query(graph)


def test_render_and_export_write_files(graph, tmp_path):
    stats = kg.render(graph, tmp_path / "g.html", reform="direct-election")
    assert stats.nodes > 0 and (tmp_path / "g.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out = kg.export(graph, "nt", tmp_path / "g.nt")
    assert len(Graph().parse(out, format="nt")) == len(graph)


def test_explain_returns_the_rules_reading():
    text = kg.explain("Смертная казнь в Казахстане отменена в 2021 году.")
    assert "death-penalty.ru.abolish: FIRED" in text and "year=2021" in text


def test_build_with_a_custom_base(tmp_path):
    g = kg.build([DATA / "articles.jsonl"], base="https://example.org/kg/")
    assert any(str(s).startswith("https://example.org/kg/claim/") for s in g.subjects())
    with pytest.raises(ValueError):
        kg.build([DATA / "articles.jsonl"], base="not an iri")
