"""Who claims what: centrality on the claimant–reform-type graph.

The bipartite graph links each claimant to each reform type they made claims about,
weighted by the number of such claims. Degree says how many reform types a claimant
speaks of (or how many claimants speak of a type), weighted degree how many claims,
and betweenness which claimants or types connect otherwise separate parts of the
debate. Betweenness is computed on the unweighted graph: a weight here is a count of
claims, a strength, not a distance. Everything is sorted with ties broken by name, so
the report is the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.render import ClaimTable, read_graph

__all__ = ["NodeStat", "Stats", "format_stats", "stats"]


@dataclass(frozen=True)
class NodeStat:
    """One claimant or reform type in the bipartite graph."""

    key: str  # the claimant's IRI or the reform type code
    label: str
    kind: str  # person | organization | reform-type
    degree: int  # distinct neighbours on the other side
    weighted_degree: int  # claims
    betweenness: float  # normalized, on the unweighted bipartite graph


@dataclass(frozen=True)
class Stats:
    claims: int
    articles: int  # articles with at least one claim
    reforms: int
    reform_types: int
    claimants: int
    unattributed: int  # claims without a claimant, left out of the bipartite graph
    components: int  # weakly connected components of claims, reforms, claimants and articles
    bipartite_components: int
    top_claimants: tuple[NodeStat, ...]
    top_reform_types: tuple[NodeStat, ...]


def _rank(items: list[NodeStat]) -> tuple[NodeStat, ...]:
    """Most connected first: degree, then claims, then betweenness, then name."""
    return tuple(
        sorted(items, key=lambda s: (-s.degree, -s.weighted_degree, -s.betweenness, s.label.casefold(), s.key))
    )


def stats(graph: rdflib.Graph | str | Path | ox.Store | ClaimTable, *, top: int = 10) -> Stats:
    """Centrality of claimants and reform types, and the component count of the claim graph."""
    table = graph if isinstance(graph, ClaimTable) else read_graph(graph)
    bipartite = nx.Graph()
    claimant_nodes: dict[str, str] = {}
    type_nodes: dict[str, str] = {}
    weights: dict[tuple[str, str], int] = {}
    unattributed = 0
    for claim in table.claims:
        reform = table.reforms.get(claim.reform or "")
        if reform is None or reform.type_code is None:
            continue
        type_nodes[reform.type_code] = f"type:{reform.type_code}"
        agent = table.agents.get(claim.agent or "")
        if agent is None:
            unattributed += 1
            continue
        claimant_nodes[agent.iri] = f"agent:{agent.iri}"
        pair = (f"agent:{agent.iri}", f"type:{reform.type_code}")
        weights[pair] = weights.get(pair, 0) + 1
    # Insertion order fixes the order of floating-point sums in betweenness.
    bipartite.add_nodes_from(sorted(claimant_nodes.values()), bipartite=0)
    bipartite.add_nodes_from(sorted(type_nodes.values()), bipartite=1)
    for (a, b), w in sorted(weights.items()):
        bipartite.add_edge(a, b, weight=w)
    betweenness = nx.betweenness_centrality(bipartite, normalized=True) if bipartite else {}

    def node_stat(node: str, key: str, label: str, kind: str) -> NodeStat:
        return NodeStat(
            key=key,
            label=label,
            kind=kind,
            degree=int(bipartite.degree(node)),
            weighted_degree=int(bipartite.degree(node, weight="weight")),
            betweenness=round(float(betweenness.get(node, 0.0)), 6),
        )

    claimants = _rank(
        [node_stat(node, iri, table.agents[iri].name, table.agents[iri].kind) for iri, node in claimant_nodes.items()]
    )
    types = _rank(
        [node_stat(node, code, table.type_labels.get(code, code), "reform-type") for code, node in type_nodes.items()]
    )
    full = _claim_graph(table)
    return Stats(
        claims=len(table.claims),
        articles=sum(1 for _, d in full.nodes(data=True) if d["group"] == "article"),
        reforms=sum(1 for _, d in full.nodes(data=True) if d["group"] == "reform"),
        reform_types=len(type_nodes),
        claimants=len(claimant_nodes),
        unattributed=unattributed,
        components=nx.number_weakly_connected_components(full) if full else 0,
        bipartite_components=nx.number_connected_components(bipartite) if bipartite else 0,
        top_claimants=claimants[:top],
        top_reform_types=types[:top],
    )


def _claim_graph(table: ClaimTable) -> nx.DiGraph:
    """Claims with their reforms, claimants and articles: claimant -> claim -> reform, claim -> article."""
    g = nx.DiGraph()
    for claim in table.claims:
        g.add_node(claim.iri, group="claim")
        for iri, group in (
            (claim.reform if claim.reform in table.reforms else None, "reform"),
            (claim.article if claim.article in table.articles else None, "article"),
        ):
            if iri is not None:
                g.add_node(iri, group=group)
                g.add_edge(claim.iri, iri)
        if claim.agent in table.agents:
            g.add_node(claim.agent, group="agent")
            g.add_edge(claim.agent, claim.iri)
    return g


def _table(title: str, head: str, rows: tuple[NodeStat, ...], other: str) -> list[str]:
    width = max([len(head)] + [len(s.label) for s in rows])
    lines = [title, f"  {'#':>3}  {head:<{width}}  {other:>9}  {'claims':>6}  {'betweenness':>11}"]
    for i, s in enumerate(rows, 1):
        lines.append(f"  {i:>3}  {s.label:<{width}}  {s.degree:>9}  {s.weighted_degree:>6}  {s.betweenness:>11.4f}")
    if not rows:
        lines.append("  (none)")
    return lines


def format_stats(result: Stats) -> str:
    """A plain-text report for the terminal."""
    lines = [
        f"claims: {result.claims} in {result.articles} articles; {result.reforms} reforms of "
        f"{result.reform_types} types; {result.claimants} claimants; "
        f"{result.unattributed} claims without one",
        f"connected components: {result.components} in the claim graph "
        "(claims, reforms, claimants, articles), "
        f"{result.bipartite_components} in the claimant–reform-type graph",
        "",
    ]
    lines += _table("Most connected claimants", "claimant", result.top_claimants, "types")
    lines.append("")
    lines += _table("Most connected reform types", "reform type", result.top_reform_types, "claimants")
    return "\n".join(lines) + "\n"
