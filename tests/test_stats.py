"""Who claims what: centrality of claimants and reform types, components of the claim graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.stats import format_stats, stats

TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization")
KARIN = Agent("erlan-karin", "Erlan Karin", "person")
HOSTILE_SENTENCE = "They <script>alert(1)</script> proposed to abolish the death penalty."
RULES = {"test.rule": RuleRef("test.rule", "a rule for tests", "rules/test.yaml")}


def _doc(doc_id: str, sentences: list[str], **kw: str) -> tuple[Document, list[tuple[int, int, str]]]:
    spans, offset = [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence), sentence))
        offset += len(sentence) + 1
    return Document(id=doc_id, text=" ".join(sentences), **kw), spans


def _claim(doc: Document, spans: list, index: int, reform: str, status: str, **kw: object) -> Claim:
    start, end, quote = spans[index]
    assert doc.text[start:end] == quote
    return Claim(doc.id, index, start, end, quote, reform, "test.rule", status, **kw)  # type: ignore[arg-type]


def sample() -> tuple[list[Document], list[Claim]]:
    """Three articles, five claims, three claimants; the third article is hostile."""
    d1, s1 = _doc(
        "tengri-2021-1",
        ["Токаев предложил прямые выборы акимов районов в 2023 году.", "Выборы сельских акимов уже прошли."],
        lang="ru",
        title="Токаев: прямые выборы акимов районов",
        publisher="Tengrinews",
        date="2021-03-16",
        url="https://tengrinews.kz/a/1",
    )
    d2, s2 = _doc(
        "astana-times-2022",
        [
            "The referendum of 2022 amended the Constitution.",
            "Karin said a single seven-year term is planned.",
        ],
        lang="en",
        title="Referendum results",
        publisher="The Astana Times",
        date="2022-06-06",
    )
    d3, s3 = _doc("hostile-1", [HOSTILE_SENTENCE], lang="en", title="Hostile", publisher="X", date="2023-01-10")
    claims = [
        _claim(
            d1,
            s1,
            0,
            "direct-election",
            "planned",
            office="akim",
            level="district",
            year=2023,
            claimant=TOKAYEV,
        ),
        _claim(d1, s1, 1, "direct-election", "implemented", office="akim", level="rural", year=2021, claimant=CEC),
        _claim(d2, s2, 0, "referendum", "implemented", year=2022, claimant=TOKAYEV),
        _claim(d2, s2, 1, "presidential-term", "planned", count=7, year=2022, claimant=KARIN),
        _claim(d3, s3, 0, "death-penalty", "proposed"),
    ]
    return [d1, d2, d3], claims


@pytest.fixture(scope="module")
def graph() -> Graph:
    docs, claims = sample()
    return to_rdf(docs, claims, RULES)


@pytest.fixture(scope="module")
def ttl(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_bytes(serialize_turtle(graph))
    return path


def test_stats_rank_claimants_and_reform_types(graph: Graph) -> None:
    result = stats(graph, top=5)
    assert (result.claims, result.articles, result.reforms, result.reform_types) == (5, 3, 5, 4)
    assert (result.claimants, result.unattributed) == (3, 1)
    # Tokayev: direct-election + referendum; Karin: presidential-term; CEC: direct-election.
    assert [s.label for s in result.top_claimants] == [
        "Kassym-Jomart Tokayev",
        "Central Election Commission",
        "Erlan Karin",
    ]
    tokayev = result.top_claimants[0]
    assert (tokayev.kind, tokayev.degree, tokayev.weighted_degree) == ("person", 2, 2)
    assert tokayev.betweenness > 0 == result.top_claimants[1].betweenness
    types = {s.key: s for s in result.top_reform_types}
    assert (types["direct-election"].degree, types["direct-election"].weighted_degree) == (2, 2)
    assert types["death-penalty"].degree == 0  # its one claim has no claimant
    assert result.top_reform_types[0].key == "direct-election"
    # Articles join Karin's claim to Tokayev's; the hostile article's claim stands alone.
    # Without articles, Karin + presidential term and the unclaimed death penalty are apart.
    assert (result.components, result.bipartite_components) == (2, 3)


def test_stats_report_is_deterministic(graph: Graph, ttl: Path) -> None:
    text = format_stats(stats(ttl))
    assert text == format_stats(stats(graph))
    assert "Most connected claimants" in text and "Kassym-Jomart Tokayev" in text
    assert format_stats(stats(Graph())).count("(none)") == 2
