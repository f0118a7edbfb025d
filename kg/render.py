"""A self-contained HTML view of the reform-claim graph.

pyvis's own ``write_html`` is unusable for news text: its template loads scripts from
CDNs, writes with the platform encoding, inserts node titles with ``innerHTML`` and runs
the physics layout on thousands of nodes. This module writes the page itself:

* the graph is read with SPARQL (pyoxigraph) into plain records and a networkx graph;
* every datum goes into one ``<script type="application/json">`` block, escaped so that
  no text can close it, and the page builds its DOM with ``textContent`` only;
* the vis-network build that ships inside the pyvis package is inlined, and a strict
  Content-Security-Policy forbids every fetch, so the page makes no network request;
* above ``layout_threshold`` nodes the positions are computed here (claims in a sunflower
  round their reform, reforms grouped by type, claimants at the centre of their claims)
  and physics is off, so the browser only draws: about 0.6-1 s to the first draw for
  4,000 claims in headless Chromium (``bench/render_bench.py``).

The output is deterministic: the same graph gives byte-identical HTML.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.files import write_atomic
from kg.stamp import file_digest, html_meta
from kg.store import open_store
from kg.vocab import RDF, RDFS, REFORM_CODES, RKG, SCHEMA, SKOS, STATUS, STATUS_CODES

__all__ = [
    "VIEWS",
    "AgentInfo",
    "ArticleInfo",
    "ClaimInfo",
    "ClaimTable",
    "ReformInfo",
    "RenderStats",
    "build_network",
    "claim_label",
    "html_page",
    "iter_script_urls",
    "json_for_script",
    "layout_positions",
    "page_data",
    "read_graph",
    "render",
    "select_claims",
    "vis_script",
]

VIEWS = ("reforms", "full")
_VIS_VERSION = "9.1.2"
_SUNFLOWER_INNER = 30.0  # canvas units from a reform to its first claim
_SUNFLOWER_STEP = 13.0
_CLUSTER_GAP = 50.0
_BLOCK_GAP = 160.0
_AGENT_SPACING = 90.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_YEAR = re.compile(r"^\s*(-?\d{4})")
# Group order fixes the node ids in the page, and so the bytes of the output.
_GROUP_ORDER = ("reform", "person", "organization", "claim", "article", "place")


# --------------------------------------------------------------------------- records


class Lit(NamedTuple):
    """A literal as read: its lexical form and language tag ("" when it has none)."""

    value: str
    lang: str = ""


@dataclass(frozen=True)
class ArticleInfo:
    iri: str
    doc_id: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class AgentInfo:
    iri: str
    name: str
    kind: str = "person"  # person | organization


@dataclass(frozen=True)
class ReformInfo:
    iri: str
    label: str
    type_code: str | None = None
    type_label: str | None = None
    office: str | None = None
    level: str | None = None
    scope: int | None = None
    scope_from: int | None = None
    year: int | None = None
    place: str | None = None


@dataclass(frozen=True)
class ClaimInfo:
    iri: str
    text: str = ""
    lang: str = ""
    reform: str | None = None
    status: str | None = None  # status code: proposed | planned | implemented
    article: str | None = None
    agent: str | None = None
    date: str | None = None  # rkg:claimDate
    sentence_index: int | None = None


@dataclass(frozen=True)
class ClaimTable:
    """Everything the view and the statistics need, keyed by IRI; claims sorted by IRI."""

    claims: tuple[ClaimInfo, ...]
    reforms: Mapping[str, ReformInfo]
    agents: Mapping[str, AgentInfo]
    articles: Mapping[str, ArticleInfo]
    places: Mapping[str, str]  # IRI -> English label
    type_labels: Mapping[str, str]  # reform type code -> English label
    status_labels: Mapping[str, str]  # status code -> English label

    def claim_year(self, claim: ClaimInfo) -> int | None:
        """When the claim was made: the article's year, else the claim date's, else the reform's."""
        article = self.articles.get(claim.article or "")
        for text in (article.date if article else None, claim.date):
            year = _year_of(text)
            if year is not None:
                return year
        reform = self.reforms.get(claim.reform or "")
        return reform.year if reform else None


@dataclass(frozen=True)
class RenderStats:
    """What was written: node and edge counts, whether the browser lays it out, bytes."""

    nodes: int
    edges: int
    physics: bool = True
    bytes: int = 0
    claims: int = 0  # drawn (after the filters)
    total_claims: int = 0  # in the graph
    articles: int = 0
    written: bool = True


# --------------------------------------------------------------------------- reading


def _py(term: Any) -> str | Lit:
    if isinstance(term, ox.Literal):
        return Lit(term.value, term.language or "")
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


Props = dict[str, list["str | Lit"]]


def _select(store: ox.Store, where: str, columns: Mapping[str, Any], bound: tuple[str, ...] = ()) -> dict[str, Props]:
    """subject -> column -> distinct values, for the subjects ``?s`` that ``where`` binds.

    One row per subject with an OPTIONAL per column: about 3x faster to read out of
    pyoxigraph than one row per triple. A property with several values multiplies
    rows, which the distinct lists fold back. ``bound`` names variables ``where`` binds.
    """
    names = [*columns, *bound]
    optional = " ".join(f"OPTIONAL {{ ?s <{columns[name]}> ?{name} }}" for name in columns)
    query = f"SELECT ?s {' '.join('?' + name for name in names)} WHERE {{ {where} {optional} }}"
    out: dict[str, Props] = {}
    for subject, *values in store.query(query, use_default_graph_as_union=True):
        props = out.setdefault(str(_py(subject)), {})
        for name, term in zip(names, values, strict=True):
            if term is not None:
                value = _py(term)
                found = props.setdefault(name, [])
                if value not in found:
                    found.append(value)
    return out


def _iri(props: Props, name: str) -> str | None:
    found = [v for v in props.get(name, ()) if isinstance(v, str)]
    return min(found) if found else None


def _text(props: Props, *names: str, langs: tuple[str, ...] = ("en", "", "ru")) -> Lit | None:
    """The literal to show: the first column with one, English first, ties broken by text."""
    for name in names:
        found = [v for v in props.get(name, ()) if isinstance(v, Lit)]
        if found:
            return min(found, key=lambda lit: (langs.index(lit.lang) if lit.lang in langs else len(langs), lit))
    return None


def _value(props: Props, *names: str) -> str | None:
    lit = _text(props, *names)
    return lit.value if lit else None


def _int(props: Props, name: str) -> int | None:
    text = _value(props, name)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _year_of(text: str | None) -> int | None:
    match = _YEAR.match(text) if text else None
    return int(match.group(1)) if match else None


def _code(iri: str | None, namespace: Any = None) -> str | None:
    """The code at the end of a vocabulary IRI (``rstatus:planned`` -> ``planned``)."""
    if iri is None:
        return None
    if namespace is not None and iri.startswith(str(namespace)):
        return iri[len(str(namespace)) :]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _humanize(code: str) -> str:
    return code.replace("-", " ").replace("_", " ").capitalize()


def read_graph(graph: rdflib.Graph | str | Path | ox.Store) -> ClaimTable:
    """Read the claims and what they point to with SPARQL; tolerant of missing properties."""
    store = open_store(graph).oxigraph  # Oxigraph answers these queries ~20x faster than rdflib

    concept_code: dict[str, str] = {}
    concept_label: dict[str, str] = {}
    for iri, props in _select(
        store, f"?s <{SKOS.notation}> [] .", {"code": SKOS.notation, "label": SKOS.prefLabel}
    ).items():
        code = _value(props, "code") or _code(iri) or iri
        concept_code[iri] = code
        concept_label[iri] = _value(props, "label") or _humanize(code)

    claims_raw = _select(
        store,
        f"?s a <{SCHEMA.Claim}> .",
        {
            "text": SCHEMA.text,
            "reform": RKG.aboutReform,
            "status": RKG.status,
            "article": SCHEMA.appearance,
            "agent": SCHEMA.author,
            "date": RKG.claimDate,
            "index": RKG.sentenceIndex,
        },
    )
    claims: list[ClaimInfo] = []
    for iri, props in sorted(claims_raw.items()):
        text = _text(props, "text", langs=("ru", "en", ""))
        status_iri = _iri(props, "status")
        claims.append(
            ClaimInfo(
                iri=iri,
                text=text.value if text else "",
                lang=text.lang if text else "",
                reform=_iri(props, "reform"),
                status=concept_code.get(status_iri or "") or _code(status_iri, STATUS),
                article=_iri(props, "article"),
                agent=_iri(props, "agent"),
                date=_value(props, "date"),
                sentence_index=_int(props, "index"),
            )
        )

    places = {
        iri: _value(props, "label", "name") or _code(iri) or iri
        for iri, props in _select(
            store,
            f"{{ SELECT DISTINCT ?s WHERE {{ [] <{RKG.jurisdiction}> ?s }} }}",
            {"label": RDFS.label, "name": SCHEMA.name},
        ).items()
    }

    reforms: dict[str, ReformInfo] = {}
    for iri, props in _select(
        store,
        f"?s a <{RKG.Reform}> .",
        {
            "type": RKG.reformType,
            "office": RKG.office,
            "level": RKG.level,
            "scope": RKG.scope,
            "scopeFrom": RKG.scopeFrom,
            "year": RKG.year,
            "place": RKG.jurisdiction,
            "label": RDFS.label,
        },
    ).items():
        type_iri = _iri(props, "type")
        type_code = concept_code.get(type_iri or "") or _code(type_iri)
        office = _iri(props, "office")
        level = _iri(props, "level")
        year = _year_of(_value(props, "year"))
        type_label = concept_label.get(type_iri or "") or (_humanize(type_code) if type_code else None)
        level_label = concept_label.get(level or "") or _code(level)
        label = _value(props, "label") or " — ".join(
            str(part) for part in (type_label or "Reform", level_label, year) if part
        )
        reforms[iri] = ReformInfo(
            iri=iri,
            label=label,
            type_code=type_code,
            type_label=type_label,
            office=concept_label.get(office or "") or _code(office),
            level=level_label,
            scope=_int(props, "scope"),
            scope_from=_int(props, "scopeFrom"),
            year=year,
            place=_iri(props, "place"),
        )

    agents: dict[str, AgentInfo] = {}
    for iri, props in _select(
        store,
        f"{{ SELECT DISTINCT ?s WHERE {{ [] a <{SCHEMA.Claim}> ; <{SCHEMA.author}> ?s }} }}",
        {"label": RDFS.label, "name": SCHEMA.name, "type": RDF.type},
    ).items():
        types = set(props.get("type", ()))
        is_org = str(SCHEMA.Organization) in types and str(SCHEMA.Person) not in types
        agents[iri] = AgentInfo(
            iri=iri,
            name=_value(props, "label", "name") or _code(iri) or iri,
            kind="organization" if is_org else "person",
        )

    articles: dict[str, ArticleInfo] = {}
    for iri, props in _select(
        store,
        f"?s a <{SCHEMA.NewsArticle}> . OPTIONAL {{ ?s <{SCHEMA.publisher}> ?org . "
        f"OPTIONAL {{ ?org <{SCHEMA.name}> ?publisher }} OPTIONAL {{ ?org <{RDFS.label}> ?orgLabel }} }}",
        {
            "id": SCHEMA.identifier,
            "title": SCHEMA.headline,
            "date": SCHEMA.datePublished,
            "url": SCHEMA.url,
            "lang": SCHEMA.inLanguage,
        },
        bound=("publisher", "orgLabel"),
    ).items():
        url = _value(props, "url") or _iri(props, "url")
        articles[iri] = ArticleInfo(
            iri=iri,
            doc_id=_value(props, "id"),
            title=_value(props, "title"),
            publisher=_value(props, "publisher", "orgLabel"),
            date=_value(props, "date"),
            url=url,
            lang=_value(props, "lang"),
        )

    status_labels = {code: _humanize(code) for code in STATUS_CODES}
    for iri, code in concept_code.items():
        if iri.startswith(str(STATUS)):
            status_labels[code] = concept_label[iri]
    for claim in claims:
        if claim.status and claim.status not in status_labels:
            status_labels[claim.status] = _humanize(claim.status)
    type_labels = {
        reform.type_code: reform.type_label or _humanize(reform.type_code)
        for reform in reforms.values()
        if reform.type_code
    }
    return ClaimTable(
        claims=tuple(claims),
        reforms=reforms,
        agents=agents,
        articles=articles,
        places=places,
        type_labels=dict(sorted(type_labels.items())),
        status_labels=status_labels,
    )


# --------------------------------------------------------------------------- selecting


def select_claims(
    table: ClaimTable,
    *,
    reform: str | None = None,
    claimant: str | None = None,
    since: int | None = None,
    until: int | None = None,
) -> list[ClaimInfo]:
    """The claims that pass the command-line filters.

    ``reform`` is a reform type code (or its IRI); ``claimant`` matches the English name
    case-insensitively as a substring ("tokayev"); ``since``/``until`` bound the claim's
    year inclusively (see ``ClaimTable.claim_year``); a claim without the datum a filter
    asks about is left out.
    """
    if reform is not None:
        reform = _code(reform) if "/" in reform else reform
        known = set(table.type_labels) | set(REFORM_CODES)
        if reform not in known:
            raise ValueError(f"unknown reform type {reform!r}; known: {', '.join(sorted(known))}")
    needle = claimant.casefold().strip() if claimant is not None else None
    chosen = []
    for claim in table.claims:
        info = table.reforms.get(claim.reform or "")
        if reform is not None and (info is None or info.type_code != reform):
            continue
        if needle is not None:
            agent = table.agents.get(claim.agent or "")
            if agent is None or needle not in agent.name.casefold():
                continue
        if since is not None or until is not None:
            year = table.claim_year(claim)
            if year is None or (since is not None and year < since) or (until is not None and year > until):
                continue
        chosen.append(claim)
    return chosen


# --------------------------------------------------------------------------- the network


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claim_label(claim: ClaimInfo, table: ClaimTable) -> str:
    """ "claim: planned 2023": the status and the year of the reform it is about."""
    reform = table.reforms.get(claim.reform or "")
    year = reform.year if reform and reform.year is not None else _year_of(claim.date)
    status = table.status_labels.get(claim.status or "", claim.status or "unknown").lower()
    return f"claim: {status}" + (f" {year}" if year is not None else "")


def build_network(table: ClaimTable, claims: Iterable[ClaimInfo], *, view: str = "reforms") -> nx.DiGraph:
    """Claims, their reforms and claimants (and articles and places in the full view).

    Node keys are IRIs; ``group`` is the class, ``label`` what the page shows. Edges run
    claimant -> claim -> reform (-> place) and claim -> article.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    g = nx.DiGraph()
    for claim in claims:
        g.add_node(claim.iri, group="claim", label=claim_label(claim, table), claim=claim)
        reform = table.reforms.get(claim.reform or "")
        if reform is not None:
            g.add_node(reform.iri, group="reform", label=reform.label, reform=reform)
            g.add_edge(claim.iri, reform.iri, kind="about")
            if view == "full" and reform.place:
                g.add_node(reform.place, group="place", label=table.places.get(reform.place, reform.place))
                g.add_edge(reform.iri, reform.place, kind="in")
        agent = table.agents.get(claim.agent or "")
        if agent is not None:
            g.add_node(agent.iri, group=agent.kind, label=agent.name, agent=agent)
            g.add_edge(agent.iri, claim.iri, kind="claims")
        article = table.articles.get(claim.article or "")
        if view == "full" and article is not None:
            label = _short(article.title or article.doc_id or "article")
            g.add_node(article.iri, group="article", label=label, article=article)
            g.add_edge(claim.iri, article.iri, kind="appears in")
    return g


def _node_order(g: nx.DiGraph) -> list[str]:
    def key(node: str) -> tuple[int, str, str]:
        data = g.nodes[node]
        return (_GROUP_ORDER.index(data["group"]), data["label"].casefold(), node)

    return sorted(g.nodes, key=key)


def layout_positions(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Positions for a graph too big for the browser's physics, in vis canvas units.

    A grouped layout, linear in the number of nodes and free of randomness: each reform
    is the centre of a sunflower of its claims; the reforms of one type share a block,
    in year order; blocks are shelved left to right. Claimants sit at the centre of
    their claims, pushed apart until they do not overlap; articles beside their claims;
    places at the centre of their reforms. A spring layout of the skeleton was tried
    first: claimants who speak of every reform pull all clusters into one blot.
    """
    order = _node_order(g)
    group = {node: g.nodes[node]["group"] for node in order}
    claims_of: dict[str, list[str]] = defaultdict(list)  # reform (or the claim itself) -> claims
    for node in order:
        if group[node] == "claim":
            reform = next((t for t in sorted(g.successors(node)) if group[t] == "reform"), node)
            claims_of[reform].append(node)

    def cluster_radius(center: str) -> float:
        return _sunflower_radius(len([c for c in claims_of[center] if c != center]))

    blocks: dict[str, list[str]] = defaultdict(list)
    for center in claims_of:
        reform = g.nodes[center].get("reform")
        blocks[(reform.type_label or reform.type_code or "") if reform else "\uffff"].append(center)
    for node in order:  # reforms without claims cannot occur in a built graph, but still get a place
        if group[node] == "reform" and node not in claims_of:
            claims_of[node] = []
            reform = g.nodes[node]["reform"]
            blocks[reform.type_label or reform.type_code or ""].append(node)

    def year_key(center: str) -> tuple[int, str, str]:
        reform = g.nodes[center].get("reform")
        year = reform.year if reform and reform.year is not None else 99999
        return (year, g.nodes[center]["label"].casefold(), center)

    placed: list[tuple[float, float, list[tuple[str, float, float]]]] = []  # block width, height, centres
    for key in sorted(blocks):
        centers = sorted(blocks[key], key=year_key)
        cell = 2.0 * max(cluster_radius(c) for c in centers) + _CLUSTER_GAP
        cols = max(1, math.ceil(math.sqrt(len(centers))))
        rows = math.ceil(len(centers) / cols)
        cells = [(c, (i % cols + 0.5) * cell, (i // cols + 0.5) * cell) for i, c in enumerate(centers)]
        placed.append((cols * cell, rows * cell, cells))
    total_area = sum(w * h for w, h, _ in placed)
    shelf_width = max([1.3 * math.sqrt(total_area)] + [w for w, _, _ in placed])
    pos: dict[str, tuple[float, float]] = {}
    x = y = shelf_height = 0.0
    for width, height, cells in placed:
        if x > 0 and x + width > shelf_width:
            x, y, shelf_height = 0.0, y + shelf_height + _BLOCK_GAP, 0.0
        for center, cx, cy in cells:
            pos[center] = (x + cx, y + cy)
        x += width + _BLOCK_GAP
        shelf_height = max(shelf_height, height)

    for center, members in claims_of.items():
        cx, cy = pos[center]
        for i, claim in enumerate(c for c in members if c != center):
            r = _SUNFLOWER_INNER + _SUNFLOWER_STEP * math.sqrt(i)
            angle = i * _GOLDEN_ANGLE
            pos[claim] = (cx + r * math.cos(angle), cy + r * math.sin(angle))

    agents = [node for node in order if group[node] in ("person", "organization")]
    if agents:
        start = []
        for i, agent in enumerate(agents):
            near = [pos[c] for c in sorted(g.successors(agent)) if c in pos]
            cx = sum(p[0] for p in near) / len(near) if near else 0.0
            cy = sum(p[1] for p in near) / len(near) if near else 0.0
            # A small, index-based offset separates claimants with the same centre.
            start.append((cx + 5.0 * math.cos(i * _GOLDEN_ANGLE), cy + 5.0 * math.sin(i * _GOLDEN_ANGLE)))
        clusters = [(*pos[c], _sunflower_radius(len(m))) for c, m in claims_of.items() if m and c in pos]
        for agent, p in zip(agents, _spread(start, _AGENT_SPACING, clusters), strict=True):
            pos[agent] = p

    for node in order:
        if group[node] == "article":
            near = sorted(pos[c] for c in g.predecessors(node) if c in pos)
            cx = sum(p[0] for p in near) / len(near) if near else 0.0
            cy = sum(p[1] for p in near) / len(near) if near else 0.0
            angle = (int(hashlib.sha256(node.encode("utf-8")).hexdigest()[:8], 16) % 3600) * math.pi / 1800
            pos[node] = (cx + 22.0 * math.cos(angle), cy + 22.0 * math.sin(angle))
    for node in order:
        if group[node] == "place":
            near = sorted(pos[r] for r in g.predecessors(node) if r in pos)
            pos[node] = (
                sum(p[0] for p in near) / len(near) if near else 0.0,
                sum(p[1] for p in near) / len(near) if near else 0.0,
            )
    return {node: (round(pos.get(node, (0.0, 0.0))[0], 1), round(pos.get(node, (0.0, 0.0))[1], 1)) for node in order}


def _sunflower_radius(claims: int) -> float:
    return _SUNFLOWER_INNER + _SUNFLOWER_STEP * math.sqrt(max(0, claims - 1)) if claims else 0.0


def _spread(
    points: list[tuple[float, float]],
    spacing: float,
    obstacles: list[tuple[float, float, float]] = (),  # type: ignore[assignment]
    rounds: int = 80,
) -> list[tuple[float, float]]:
    """Push points apart until no two are closer than ``spacing`` and none lies in an obstacle.

    Obstacles are (x, y, radius) circles that stay put: the claim clusters. Plain numpy,
    no randomness, so the result is the same on every run.
    """
    import numpy as np

    p = np.array(points, dtype=float).reshape(-1, 2)
    obs = np.array(obstacles, dtype=float).reshape(-1, 3)
    for _ in range(rounds):
        moved = False
        if len(p) > 1:
            diff = p[:, None, :] - p[None, :, :]
            dist = np.sqrt((diff**2).sum(axis=2))
            np.fill_diagonal(dist, np.inf)
            overlap = np.clip(spacing - dist, 0.0, None)
            if overlap.any():
                moved = True
                p += (diff / np.maximum(dist, 1e-6)[:, :, None] * (overlap / 2.0)[:, :, None]).sum(axis=1)
        if len(obs):
            diff = p[:, None, :] - obs[None, :, :2]
            dist = np.sqrt((diff**2).sum(axis=2))
            overlap = np.clip(obs[None, :, 2] + spacing / 2.0 - dist, 0.0, None)
            if overlap.any():
                moved = True
                # A point exactly on a centre leaves upwards.
                unit = np.where(dist[:, :, None] > 1e-6, diff / np.maximum(dist, 1e-6)[:, :, None], [0.0, -1.0])
                p += (unit * overlap[:, :, None]).sum(axis=1)
        if not moved:
            break
    return [(float(x), float(y)) for x, y in p]


# --------------------------------------------------------------------------- the page


def _size(group: str, claims: int) -> float:
    base = {
        "reform": 16.0,
        "person": 12.0,
        "organization": 11.0,
        "claim": 7.0,
        "article": 9.0,
        "place": 18.0,
    }[group]
    return base if group in ("claim", "article", "place") else round(base + min(22.0, 3.0 * math.sqrt(claims)), 1)


def _common_base(iris: list[str]) -> str:
    """The longest prefix of all ``iris`` that ends with "/" or "#" ("" for fewer than two)."""
    if len(iris) < 2:
        return ""
    low, high = min(iris), max(iris)  # the prefix they share is shared by everything between
    n = 0
    while n < min(len(low), len(high)) and low[n] == high[n]:
        n += 1
    prefix = low[:n]
    return prefix[: max(prefix.rfind("/"), prefix.rfind("#")) + 1]


def page_data(
    g: nx.DiGraph, table: ClaimTable, positions: Mapping[str, tuple[float, float]] | None, *, view: str
) -> dict[str, Any]:
    """The JSON the page reads: nodes with short keys, edges as id triples, facet lists."""
    order = _node_order(g)
    ids = {node: i for i, node in enumerate(order)}
    # Node IRIs share the instance base; sending it once saves ~30 bytes a node.
    base = _common_base(order)
    article_index: dict[str, int] = {}
    articles: list[list[str | None]] = []
    for node in order:
        claim = g.nodes[node].get("claim")
        if claim is not None and claim.article in table.articles and claim.article not in article_index:
            article_index[claim.article] = len(articles)
            a = table.articles[claim.article]
            articles.append([a.title, a.publisher, a.date, a.url, a.doc_id])
    nodes: list[dict[str, Any]] = []
    for node in order:
        data = g.nodes[node]
        group = data["group"]
        iri = node[len(base) :] if node.startswith(base) else node
        out: dict[str, Any] = {"id": ids[node], "g": group, "l": data["label"], "iri": iri}
        if group == "claim":
            claim: ClaimInfo = data["claim"]
            reform = table.reforms.get(claim.reform or "")
            out.update(
                s=claim.text,
                st=claim.status or "",
                t=reform.type_code if reform else "",
                yr=table.claim_year(claim),
                d=claim.date,
                rf=ids.get(claim.reform or ""),
                cl=ids.get(claim.agent or ""),
                a=article_index.get(claim.article or ""),
                an=ids.get(claim.article or ""),
            )
            if claim.lang:
                out["lang"] = claim.lang
        elif group == "reform":
            reform = data["reform"]
            out.update(
                t=reform.type_code or "",
                tl=reform.type_label,
                yr=reform.year,
                of=reform.office,
                lv=reform.level,
                sc=reform.scope,
                sf=reform.scope_from,
                pl=ids.get(reform.place or ""),
                n=g.in_degree(node),
            )
        elif group in ("person", "organization"):
            out["n"] = g.out_degree(node)
        elif group == "article":
            out["a"] = article_index.get(node)
            out["n"] = g.in_degree(node)
        out["sz"] = _size(group, out.get("n") or 0)
        if positions is not None:
            out["x"], out["y"] = positions[node]
        nodes.append({k: v for k, v in out.items() if v is not None})
    kinds = ("about", "claims", "appears in", "in")
    edges = sorted([ids[a], ids[b], kinds.index(d["kind"])] for a, b, d in g.edges(data=True))
    present_types = sorted({n["t"] for n in nodes if n["g"] == "claim" and n.get("t")})
    present_status = {n["st"] for n in nodes if n["g"] == "claim"}
    statuses = [s for s in table.status_labels if s in present_status] + sorted(
        present_status - set(table.status_labels)
    )
    return {
        "view": view,
        "base": base,
        "physics": positions is None,
        "kinds": list(kinds),
        "types": sorted(
            ([code, table.type_labels.get(code, _humanize(code))] for code in present_types),
            key=lambda pair: (pair[1].casefold(), pair[0]),
        ),
        "statuses": [[s, table.status_labels.get(s, _humanize(s) if s else "Unknown")] for s in statuses],
        "articles": articles,
        "nodes": nodes,
        "edges": edges,
    }


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&`` and U+2028/2029 only occur inside JSON strings, where their
    ``\\uXXXX`` forms mean the same; so ``</script>`` or ``<!--`` in news text cannot end
    or change the element. Lone surrogates are escaped too, to keep the file valid UTF-8.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", text)


def vis_script() -> str:
    """The vis-network build shipped inside the pyvis package, read at render time."""
    # find_spec locates the package without importing it (pyvis pulls in jinja2, ipython, ...).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the pyvis package is not installed; it ships vis-network.min.js")
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    candidate = lib / f"vis-{_VIS_VERSION}" / "vis-network.min.js"
    if not candidate.is_file():
        found = sorted(
            (p for p in lib.iterdir() if p.name.startswith("vis-") and (p / "vis-network.min.js").is_file()),
            key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
        )
        if not found:
            raise FileNotFoundError("vis-network.min.js not found in the pyvis package")
        candidate = found[-1] / "vis-network.min.js"
    script = candidate.read_text(encoding="utf-8")
    if re.search(r"</script|<!--", script, re.IGNORECASE):
        raise ValueError(f"{candidate} cannot be inlined: it contains '</script' or '<!--'")
    return script


def html_page(data: Mapping[str, Any], script: str | None = None, stamp: str | None = None) -> str:
    """The page: static template, the inlined library, the data block.

    ``stamp`` (the graph file's hash, ``kg.stamp``) goes into a ``<meta>`` tag, so that a page
    can be matched with the graph it was drawn from.
    """
    head = _HEAD if stamp is None else _HEAD.replace(_CHARSET, f"{_CHARSET}\n{html_meta(stamp)}", 1)
    return "".join((head, script if script is not None else vis_script(), _MIDDLE, json_for_script(data), _TAIL))


def render(
    graph: rdflib.Graph | str | Path,
    out: Path | str,
    *,
    view: str = "reforms",
    reform: str | None = None,
    claimant: str | None = None,
    since: int | None = None,
    until: int | None = None,
    layout_threshold: int = 300,
    write_empty: bool = True,
) -> RenderStats:
    """Write a self-contained HTML view of ``graph`` to ``out`` (UTF-8, atomically).

    ``view="reforms"`` shows reforms, claims and claimants with the article folded into
    each claim's tooltip; ``view="full"`` adds articles and places as nodes. The filters
    are those of ``select_claims``. Above ``layout_threshold`` nodes the positions are
    computed here and the browser's physics is off. A graph file's hash is stamped into
    the page (``kg.stamp``). Without ``write_empty`` a page with no claim is not written
    (``RenderStats.written``).
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    table = read_graph(graph)
    claims = select_claims(table, reform=reform, claimant=claimant, since=since, until=until)
    g = build_network(table, claims, view=view)
    counts = {"claims": len(claims), "total_claims": len(table.claims), "articles": len(table.articles)}
    if not claims and not write_empty:
        return RenderStats(nodes=g.number_of_nodes(), edges=g.number_of_edges(), written=False, **counts)
    stamp = _digest(graph)
    positions = layout_positions(g) if g.number_of_nodes() > layout_threshold else None
    payload = html_page(page_data(g, table, positions, view=view), stamp=stamp).encode("utf-8")
    write_atomic(Path(out), payload)
    return RenderStats(
        nodes=g.number_of_nodes(), edges=g.number_of_edges(), physics=positions is None, bytes=len(payload), **counts
    )


def _digest(graph: rdflib.Graph | str | Path | ox.Store) -> str | None:
    """The stamp of the graph a page is drawn from: a file's, or that of the Turtle ``kg`` writes for a graph."""
    if isinstance(graph, (str, Path)):
        return file_digest(Path(graph))
    if isinstance(graph, rdflib.Graph):
        from kg.graph import serialize_turtle

        return hashlib.sha256(serialize_turtle(graph, stamp=False)).hexdigest()
    return None


def iter_script_urls(html: str) -> Iterator[str]:
    """Every ``src`` of a ``<script>`` and ``href`` of a ``<link>`` (for tests and checks)."""
    for match in re.finditer(r"<(script|link)\b[^>]*>", html, re.IGNORECASE):
        for attr in re.finditer(r"\b(?:src|href)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", match.group(0)):
            yield attr.group(1).strip("\"'")


# --------------------------------------------------------------------------- template

_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_CHARSET = '<meta charset="utf-8">'
_HEAD = (
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content=\""""
    + _CSP
    + """\">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Reform claims — reform-kg</title>
<style>
html, body { margin: 0; height: 100%; color: #222;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { display: flex; }
#kg-side { width: 300px; min-width: 300px; height: 100%; overflow-y: auto; box-sizing: border-box;
  padding: 10px 12px; border-right: 1px solid #ddd; background: #fafafa; }
#kg-main { position: relative; flex: 1; height: 100%; }
#kg-network { position: absolute; inset: 0; }
h1 { font-size: 15px; margin: 0 0 8px; }
h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 14px 0 4px; }
fieldset { border: 0; padding: 0; margin: 0; }
label { display: block; cursor: pointer; }
select, input[type=search] { width: 100%; box-sizing: border-box; font: inherit; }
.kg-row { display: flex; gap: 6px; }
.kg-row > * { flex: 1; }
button { font: inherit; margin-top: 6px; }
#kg-count { color: #555; margin-top: 6px; }
#kg-legend div { display: flex; align-items: center; gap: 6px; }
#kg-legend svg { width: 18px; height: 18px; flex: none; }
#kg-details { white-space: pre-wrap; }
.kg-info-head { font-weight: 600; margin-bottom: 4px; }
.kg-info-quote { border-left: 3px solid #bbb; padding-left: 6px; margin: 4px 0 6px; font-style: italic; }
.kg-info-row { margin: 1px 0; }
.kg-info-key { color: #666; }
.kg-info-iri { color: #888; font-size: 11px; word-break: break-all; margin-top: 4px; }
#kg-tip { position: absolute; display: none; max-width: 420px; pointer-events: none; z-index: 10;
  background: #fff; border: 1px solid #aaa; border-radius: 4px; box-shadow: 0 2px 6px rgba(0,0,0,.2);
  padding: 6px 8px; white-space: pre-wrap; }
#kg-empty { position: absolute; top: 40%; width: 100%; text-align: center; color: #777; display: none; }
</style>
</head>
<body>
<aside id="kg-side">
<h1>Reform claims</h1>
<div class="kg-row"><input type="search" id="kg-search" list="kg-labels"
  placeholder="Find a node by name or text" aria-label="Find a node"></div>
<datalist id="kg-labels"></datalist>
<div id="kg-search-msg"></div>
<h2>Reform type</h2>
<fieldset id="kg-f-type"></fieldset>
<h2>Status</h2>
<fieldset id="kg-f-status"></fieldset>
<h2>Claimant</h2>
<select id="kg-f-claimant" aria-label="Claimant"><option value="">All claimants</option></select>
<h2>Year claimed</h2>
<div class="kg-row"><select id="kg-f-from" aria-label="From year"><option value="">from any</option></select>
<select id="kg-f-to" aria-label="To year"><option value="">to any</option></select></div>
<button type="button" id="kg-reset">Reset filters</button>
<div id="kg-count"></div>
<h2>Legend</h2>
<div id="kg-legend">
<div><svg viewBox="0 0 20 20"><polygon points="10,1 19,10 10,19 1,10" fill="#1f6fb4"/></svg>Reform</div>
<div><svg viewBox="0 0 20 20"><circle cx="10" cy="10" r="6" fill="#f2c230"/></svg>Claim: proposed</div>
<div><svg viewBox="0 0 20 20"><circle cx="10" cy="10" r="6" fill="#ef7d1a"/></svg>Claim: planned</div>
<div><svg viewBox="0 0 20 20"><circle cx="10" cy="10" r="6" fill="#3a9a48"/></svg>Claim: implemented</div>
<div><svg viewBox="0 0 20 20"><circle cx="10" cy="10" r="6" fill="#9e9e9e"/></svg>Claim: other status</div>
<div><svg viewBox="0 0 20 20"><polygon points="10,2 19,18 1,18" fill="#8e3ab4"/></svg>Person</div>
<div><svg viewBox="0 0 20 20"><rect x="3" y="3" width="14" height="14" fill="#7a5a48"/></svg>
Organization</div>
<div><svg viewBox="0 0 20 20"><polygon points="10,1 18,5.5 18,14.5 10,19 2,14.5 2,5.5" fill="#5f7d8c"/>
</svg>Article (full view)</div>
<div><svg viewBox="0 0 20 20">
<polygon points="10,1 12.6,7 19,7.3 14,11.4 15.7,18 10,14.3 4.3,18 6,11.4 1,7.3 7.4,7" fill="#c0392b"/>
</svg>Place (full view)</div>
</div>
<h2>Selected</h2>
<div id="kg-details">Click a node to see its details.</div>
</aside>
<main id="kg-main">
<div id="kg-network"></div>
<div id="kg-tip" role="tooltip"></div>
<div id="kg-empty">No claims match the filters.</div>
</main>
<script>
"""
)

_MIDDLE = """
</script>
<script type="application/json" id="kg-data">"""

_TAIL = r"""</script>
<script>
(function () {
  "use strict";
  performance.mark("kg-start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg-parsed");
  var COLORS = {
    reform: "#1f6fb4", person: "#8e3ab4", organization: "#7a5a48", article: "#5f7d8c", place: "#c0392b",
    "claim-proposed": "#f2c230", "claim-planned": "#ef7d1a", "claim-implemented": "#3a9a48", claim: "#9e9e9e"
  };
  var SHAPES = {
    reform: "diamond", person: "triangle", organization: "square", claim: "dot", article: "hexagon",
    place: "star"
  };
  var EDGE_COLORS = ["#9bb7d4", "#c9a8dc", "#b8c4cb", "#e3a49c"];
  var byId = new Map();
  var claims = [];
  data.nodes.forEach(function (n) { byId.set(n.id, n); if (n.g === "claim") { claims.push(n); } });
  var statusLabel = new Map(data.statuses);
  var typeLabel = new Map(data.types);
  var big = !data.physics;

  function groupOf(n) {
    if (n.g !== "claim") { return n.g; }
    return COLORS["claim-" + n.st] ? "claim-" + n.st : "claim";
  }
  // Style by vis group, not per node: per-node option objects triple the set-up time.
  var groups = {};
  Object.keys(COLORS).forEach(function (key) {
    var c = COLORS[key];
    var cls = key.split("-")[0];
    groups[key] = {
      shape: SHAPES[cls],
      color: {
        background: c, border: c,
        highlight: { background: c, border: "#000" }, hover: { background: c, border: "#000" }
      },
      font: { size: cls === "claim" ? 10 : (cls === "reform" ? 14 : 12), color: "#222" }
    };
  });
  var visNodes = data.nodes.map(function (n) {
    var o = { id: n.id, label: n.l, group: groupOf(n), size: n.sz };
    if (n.x !== undefined) { o.x = n.x; o.y = n.y; }
    return o;
  });
  var visEdges = data.edges.map(function (e, i) {
    return { id: i, from: e[0], to: e[1], color: EDGE_COLORS[e[2]] || "#ccc" };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    autoResize: true,
    groups: groups,
    nodes: { borderWidth: 1, scaling: { label: { drawThreshold: 6 } } },
    edges: {
      smooth: false, width: big ? 0.5 : 1, selectionWidth: 1.5,
      arrows: { to: { enabled: !big, scaleFactor: 0.4 } }
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: {
      hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false
    },
    physics: big ? false : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {
        gravitationalConstant: -90, springLength: 90, springConstant: 0.05, avoidOverlap: 0.8
      },
      stabilization: { enabled: true, iterations: 300, updateInterval: 50, fit: true }
    }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNetwork = network;
  performance.mark("kg-network");
  network.once("afterDrawing", function () {
    performance.mark("kg-first-draw");
    window.kgFirstDraw = performance.now();
    window.kgReady = true;
  });
  if (!big) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  } else {
    network.fit({ animation: false });
  }

  // ---- details and tooltips: DOM built with textContent only
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function row(box, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    var r = el("div", "kg-info-row");
    r.appendChild(el("span", "kg-info-key", key + ": "));
    r.appendChild(el("span", "kg-info-val", value));
    box.appendChild(r);
  }
  function labelOf(id) { var n = byId.get(id); return n ? n.l : null; }
  function articleRows(box, idx) {
    var a = (idx === undefined || idx === null) ? null : data.articles[idx];
    if (!a) { return; }
    row(box, "Article", a[0] || a[4]);
    row(box, "Publisher", a[1]);
    row(box, "Date", a[2]);
    row(box, "URL", a[3]);
  }
  function info(n) {
    var box = el("div", "kg-info");
    if (n.g === "claim") {
      box.appendChild(el("div", "kg-info-head", n.l));
      var q = el("div", "kg-info-quote", n.s);
      if (n.lang) { q.lang = n.lang; }
      box.appendChild(q);
      row(box, "Claimant", labelOf(n.cl) || "unknown");
      row(box, "Status", statusLabel.get(n.st) || n.st);
      row(box, "Reform", labelOf(n.rf));
      row(box, "Date in claim", n.d);
      articleRows(box, n.a);
    } else if (n.g === "reform") {
      box.appendChild(el("div", "kg-info-head", n.l));
      row(box, "Type", n.tl || typeLabel.get(n.t) || n.t);
      row(box, "Office", n.of);
      row(box, "Level", n.lv);
      row(box, "Scope", n.sf !== undefined ? n.sf + " → " + n.sc : n.sc);
      row(box, "Year", n.yr);
      row(box, "Claims", n.n);
    } else if (n.g === "person" || n.g === "organization") {
      box.appendChild(el("div", "kg-info-head", n.l));
      row(box, "Kind", n.g);
      row(box, "Claims", n.n);
    } else if (n.g === "article") {
      box.appendChild(el("div", "kg-info-head", "Article"));
      articleRows(box, n.a);
      row(box, "Claims", n.n);
    } else {
      box.appendChild(el("div", "kg-info-head", n.l));
    }
    box.appendChild(el("div", "kg-info-iri", (data.base || "") + n.iri));
    return box;
  }
  var tip = document.getElementById("kg-tip");
  function showTooltip(id, domX, domY) {
    var n = byId.get(id);
    if (!n) { return null; }
    if (domX === undefined) {
      var p = network.canvasToDOM(network.getPosition(id));
      domX = p.x; domY = p.y;
    }
    tip.replaceChildren(info(n));
    tip.style.display = "block";
    var main = container.getBoundingClientRect();
    var x = Math.min(domX + 14, Math.max(0, main.width - tip.offsetWidth - 4));
    var y = Math.min(domY + 14, Math.max(0, main.height - tip.offsetHeight - 4));
    tip.style.left = x + "px";
    tip.style.top = y + "px";
    return tip;
  }
  function hideTooltip() { tip.style.display = "none"; }
  network.on("hoverNode", function (p) { showTooltip(p.node, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("blurNode", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  var details = document.getElementById("kg-details");
  function showDetails(id) {
    var n = byId.get(id);
    if (n) {
      details.replaceChildren(info(n));
    } else {
      details.textContent = "Click a node to see its details.";
    }
  }
  network.on("selectNode", function (p) { showDetails(p.nodes[0]); });
  network.on("deselectNode", function () { showDetails(null); });

  // ---- filters
  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = String(value);
    o.textContent = text;
    select.appendChild(o);
  }
  function checkboxes(box, pairs, counts) {
    pairs.forEach(function (pair) {
      var l = document.createElement("label");
      var c = document.createElement("input");
      c.type = "checkbox"; c.value = pair[0]; c.checked = true;
      l.appendChild(c);
      l.appendChild(document.createTextNode(" " + pair[1] + " (" + (counts.get(pair[0]) || 0) + ")"));
      box.appendChild(l);
    });
  }
  function countBy(key) {
    var m = new Map();
    claims.forEach(function (c) { m.set(c[key], (m.get(c[key]) || 0) + 1); });
    return m;
  }
  var typeBox = document.getElementById("kg-f-type");
  var statusBox = document.getElementById("kg-f-status");
  var claimantSel = document.getElementById("kg-f-claimant");
  var fromSel = document.getElementById("kg-f-from");
  var toSel = document.getElementById("kg-f-to");
  checkboxes(typeBox, data.types, countBy("t"));
  checkboxes(statusBox, data.statuses, countBy("st"));
  var claimants = data.nodes.filter(function (n) { return n.g === "person" || n.g === "organization"; });
  claimants.sort(function (a, b) { return a.l.localeCompare(b.l) || a.id - b.id; });
  claimants.forEach(function (n) { option(claimantSel, n.id, n.l + " (" + n.n + ")"); });
  var years = Array.from(new Set(
    claims.map(function (c) { return c.yr; }).filter(function (y) { return y !== undefined; })
  ));
  years.sort(function (a, b) { return a - b; });
  years.forEach(function (y) { option(fromSel, y, String(y)); option(toSel, y, String(y)); });

  function checked(box) {
    var s = new Set();
    box.querySelectorAll("input[type=checkbox]").forEach(function (c) { if (c.checked) { s.add(c.value); } });
    return s;
  }
  var hidden = new Map();
  var countBox = document.getElementById("kg-count");
  function applyFilters() {
    var types = checked(typeBox), statuses = checked(statusBox);
    var cl = claimantSel.value === "" ? null : Number(claimantSel.value);
    var from = fromSel.value === "" ? null : Number(fromSel.value);
    var to = toSel.value === "" ? null : Number(toSel.value);
    var all = types.size === data.types.length && statuses.size === data.statuses.length &&
      cl === null && from === null && to === null;
    var keep = new Set();
    var shown = 0;
    claims.forEach(function (c) {
      if (!all) {
        if (!types.has(c.t) || !statuses.has(c.st)) { return; }
        if (cl !== null && c.cl !== cl) { return; }
        if ((from !== null || to !== null) && c.yr === undefined) { return; }
        if (from !== null && c.yr < from) { return; }
        if (to !== null && c.yr > to) { return; }
      }
      shown += 1;
      keep.add(c.id);
      [c.rf, c.cl, c.an].forEach(function (id) { if (id !== undefined) { keep.add(id); } });
      var r = byId.get(c.rf);
      if (r && r.pl !== undefined) { keep.add(r.pl); }
    });
    var updates = [];
    data.nodes.forEach(function (n) {
      var hide = !(all || keep.has(n.id));
      if ((hidden.get(n.id) || false) !== hide) {
        hidden.set(n.id, hide);
        updates.push({ id: n.id, hidden: hide });
      }
    });
    if (updates.length) { nodes.update(updates); }
    var hiddenCount = 0;
    hidden.forEach(function (h) { if (h) { hiddenCount += 1; } });
    countBox.textContent = "Showing " + shown + " of " + claims.length + " claims, " +
      (data.nodes.length - hiddenCount) + " of " + data.nodes.length + " nodes";
    document.getElementById("kg-empty").style.display = shown === 0 ? "block" : "none";
    hideTooltip();
  }
  [typeBox, statusBox, claimantSel, fromSel, toSel].forEach(function (e) {
    e.addEventListener("change", applyFilters);
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelectorAll("#kg-side input[type=checkbox]").forEach(function (c) { c.checked = true; });
    claimantSel.value = ""; fromSel.value = ""; toSel.value = "";
    applyFilters();
  });

  // ---- search
  var datalist = document.getElementById("kg-labels");
  var seen = new Set();
  data.nodes.forEach(function (n) {
    if (n.g !== "claim" && !seen.has(n.l)) {
      seen.add(n.l);
      var o = document.createElement("option");
      o.value = n.l;
      datalist.appendChild(o);
    }
  });
  var searchBox = document.getElementById("kg-search");
  var searchMsg = document.getElementById("kg-search-msg");
  function find(text) {
    var q = text.trim().toLocaleLowerCase();
    if (!q) { return null; }
    var tests = [
      function (n) { return n.l.toLocaleLowerCase() === q; },
      function (n) { return n.l.toLocaleLowerCase().indexOf(q) >= 0; },
      function (n) { return n.g === "claim" && n.s && n.s.toLocaleLowerCase().indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i += 1) {
      var hit = data.nodes.find(function (n) { return !hidden.get(n.id) && tests[i](n); });
      if (hit) { return hit; }
    }
    return null;
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    showDetails(id);
  }
  function search() {
    var hit = find(searchBox.value);
    searchMsg.textContent = hit || !searchBox.value.trim() ? "" : "Nothing visible matches.";
    if (hit) { focusNode(hit.id); }
    return hit ? hit.id : null;
  }
  searchBox.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); search(); }
  });
  searchBox.addEventListener("change", search);

  applyFilters();
  window.kg = {
    data: data, network: network, nodes: nodes, edges: edges,
    showTooltip: function (id) { return showTooltip(id); }, hideTooltip: hideTooltip,
    applyFilters: applyFilters, search: function (text) { searchBox.value = text; return search(); },
    visibleNodeIds: function () {
      return data.nodes.filter(function (n) { return !hidden.get(n.id); }).map(function (n) { return n.id; });
    }
  };
})();
</script>
</body>
</html>
"""
