"""A self-contained HTML page of the reforms: who claims what, and each reform's history.

pyvis's own ``write_html`` is unusable for news text: its template loads scripts from
CDNs, writes with the platform encoding and inserts node titles with ``innerHTML``. This
module writes the page itself:

* the graph is read with SPARQL (pyoxigraph) into plain records: reforms with their
  history, claims, claimants, articles, promises, revisions and disagreements;
* every datum goes into one ``<script type="application/json">`` block, escaped so that
  no text can close it, and the page builds its DOM with ``textContent`` only;
* the page's template, script and style are files in ``kg/assets`` (linted with ESLint,
  see ``tests/test_assets.py``), inlined here with the vis-network build that ships
  inside the pyvis package; a strict Content-Security-Policy forbids every fetch.

The page opens on reforms and their claimants (not every claim: a reform's claims appear
when it is selected), lays them out itself in columns sized to their labels, and has a
timeline with a lane per reform. The output is deterministic: the same graph gives
byte-identical HTML.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox
import rdflib

from kg.files import write_atomic
from kg.stamp import file_digest, html_meta
from kg.store import open_store
from kg.vocab import QUDT, RDF, RDFS, REFORM_CODES, RKG, SCHEMA, SKOS, STATUS, STATUS_CODES

__all__ = [
    "VIEWS",
    "AgentInfo",
    "ArticleInfo",
    "ClaimInfo",
    "ClaimTable",
    "DisagreementInfo",
    "PromiseInfo",
    "ReformInfo",
    "RenderStats",
    "RevisionInfo",
    "asset",
    "html_page",
    "iter_script_urls",
    "json_for_script",
    "page_data",
    "read_graph",
    "render",
    "select_claims",
    "vis_script",
]

# reforms: the network of reforms and claimants first; timeline: the lanes first;
# full: the network with every claimant and every reform's claims drawn.
VIEWS = ("reforms", "timeline", "full")
_VIS_VERSION = "9.1.2"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_YEAR = re.compile(r"^\s*(-?\d{4})")
_SLOT = re.compile(r"\{\{(stamp|csp|style|vis|data|script)\}\}")
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


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
    label_ru: str | None = None
    key: str | None = None
    type_code: str | None = None
    type_label: str | None = None
    office: str | None = None
    level: str | None = None
    subject: str | None = None
    comment: str | None = None
    claim_count: int | None = None
    latest_status: str | None = None
    first_proposed: str | None = None  # claim IRIs
    first_planned: str | None = None
    first_implemented: str | None = None


@dataclass(frozen=True)
class ClaimInfo:
    iri: str
    text: str = ""
    lang: str = ""
    reform: str | None = None
    status: str | None = None  # status code: proposed | planned | implemented
    article: str | None = None
    agent: str | None = None
    date: str | None = None  # rkg:claimDate: when the claim was made
    sentence_index: int | None = None
    year: int | None = None  # rkg:year: the year the sentence gives for the reform
    target_year: int | None = None  # rkg:targetYear: the year the reform takes effect
    value: int | None = None  # qudt:numericValue of its quantity
    from_value: int | None = None
    measure: str | None = None  # the measure's English label ("districts and cities")
    history_index: int | None = None


@dataclass(frozen=True)
class PromiseInfo:
    claim: str
    state: str  # fulfilled | open
    fulfilled_by: str | None = None
    open_days: int | None = None


@dataclass(frozen=True)
class RevisionInfo:
    iri: str
    reform: str | None
    earlier: str
    later: str
    what: str  # "target year" or the measure's label
    old: str | None
    new: str | None


@dataclass(frozen=True)
class DisagreementInfo:
    iri: str
    reform: str | None
    measure: str | None
    claims: tuple[str, ...]


@dataclass(frozen=True)
class ClaimTable:
    """Everything the page and the statistics need, keyed by IRI; claims sorted by IRI."""

    claims: tuple[ClaimInfo, ...]
    reforms: Mapping[str, ReformInfo]
    agents: Mapping[str, AgentInfo]
    articles: Mapping[str, ArticleInfo]
    type_labels: Mapping[str, str]  # reform type code -> English label
    status_labels: Mapping[str, str]  # status code -> English label
    promises: Mapping[str, PromiseInfo] = field(default_factory=dict)  # claim IRI -> its promise
    revisions: tuple[RevisionInfo, ...] = ()
    disagreements: tuple[DisagreementInfo, ...] = ()

    def claim_year(self, claim: ClaimInfo) -> int | None:
        """The year the claim was made: its claim date's, else its article's."""
        article = self.articles.get(claim.article or "")
        for text in (claim.date, article.date if article else None):
            year = _year_of(text)
            if year is not None:
                return year
        return None


@dataclass(frozen=True)
class RenderStats:
    """What was written: reforms and claimants (the network's nodes), their links, claims, bytes."""

    nodes: int
    edges: int
    bytes: int = 0
    claims: int = 0  # drawn (after the filters)
    reforms: int = 0
    claimants: int = 0
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


def _iris(props: Props, name: str) -> tuple[str, ...]:
    return tuple(sorted(v for v in props.get(name, ()) if isinstance(v, str)))


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


def _in_lang(props: Props, name: str, lang: str) -> str | None:
    found = sorted(v.value for v in props.get(name, ()) if isinstance(v, Lit) and v.lang == lang)
    return found[0] if found else None


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
    """Read the claims, reforms and their history with SPARQL; tolerant of missing properties."""
    store = open_store(graph).oxigraph  # Oxigraph answers these queries ~20x faster than rdflib

    concept_code: dict[str, str] = {}
    concept_label: dict[str, str] = {}
    for iri, props in _select(
        store, f"?s <{SKOS.notation}> [] .", {"code": SKOS.notation, "label": SKOS.prefLabel}
    ).items():
        code = _value(props, "code") or _code(iri) or iri
        concept_code[iri] = code
        concept_label[iri] = _value(props, "label") or _humanize(code)

    def label_of(iri: str | None) -> str | None:
        return concept_label.get(iri or "") or _code(iri)

    claims_raw = _select(
        store,
        f"?s a <{SCHEMA.Claim}> . OPTIONAL {{ ?s <{RKG.quantity}> ?q . "
        f"OPTIONAL {{ ?q <{QUDT.numericValue}> ?value }} OPTIONAL {{ ?q <{RKG.fromValue}> ?fromValue }} "
        f"OPTIONAL {{ ?q <{RKG.measure}> ?measure }} }}",
        {
            "text": SCHEMA.text,
            "reform": RKG.aboutReform,
            "status": RKG.status,
            "article": SCHEMA.appearance,
            "agent": SCHEMA.author,
            "date": RKG.claimDate,
            "index": RKG.sentenceIndex,
            "year": RKG.year,
            "target": RKG.targetYear,
            "history": RKG.historyIndex,
        },
        bound=("value", "fromValue", "measure"),
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
                year=_year_of(_value(props, "year")),
                target_year=_year_of(_value(props, "target")),
                value=_int(props, "value"),
                from_value=_int(props, "fromValue"),
                measure=label_of(_iri(props, "measure")),
                history_index=_int(props, "history"),
            )
        )

    reforms: dict[str, ReformInfo] = {}
    for iri, props in _select(
        store,
        f"?s a <{RKG.Reform}> .",
        {
            "key": RKG.reformKey,
            "type": RKG.reformType,
            "office": RKG.office,
            "level": RKG.level,
            "subject": RKG.subject,
            "label": RDFS.label,
            "comment": RDFS.comment,
            "count": RKG.claimCount,
            "latest": RKG.latestStatus,
            "proposed": RKG.firstProposed,
            "planned": RKG.firstPlanned,
            "implemented": RKG.firstImplemented,
        },
    ).items():
        type_iri = _iri(props, "type")
        type_code = concept_code.get(type_iri or "") or _code(type_iri)
        type_label = concept_label.get(type_iri or "") or (_humanize(type_code) if type_code else None)
        office, level = label_of(_iri(props, "office")), label_of(_iri(props, "level"))
        subject = _value(props, "subject")
        label = _in_lang(props, "label", "en") or _value(props, "label")
        if not label:
            label = " — ".join(part for part in (type_label or "Reform", office, level, subject) if part)
        latest = _iri(props, "latest")
        reforms[iri] = ReformInfo(
            iri=iri,
            label=label,
            label_ru=_in_lang(props, "label", "ru"),
            key=_value(props, "key"),
            type_code=type_code,
            type_label=type_label,
            office=office,
            level=level,
            subject=subject,
            comment=_in_lang(props, "comment", "en"),
            claim_count=_int(props, "count"),
            latest_status=concept_code.get(latest or "") or _code(latest, STATUS),
            first_proposed=_iri(props, "proposed"),
            first_planned=_iri(props, "planned"),
            first_implemented=_iri(props, "implemented"),
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
        articles[iri] = ArticleInfo(
            iri=iri,
            doc_id=_value(props, "id"),
            title=_value(props, "title"),
            publisher=_value(props, "publisher", "orgLabel"),
            date=_value(props, "date"),
            url=_value(props, "url") or _iri(props, "url"),
            lang=_value(props, "lang"),
        )

    promises: dict[str, PromiseInfo] = {}
    for props in _select(
        store,
        f"?s a <{RKG.Promise}> .",
        {"claim": RKG.promiseClaim, "state": RKG.promiseState, "by": RKG.fulfilledBy, "days": RKG.openDays},
    ).values():
        claim = _iri(props, "claim")
        state = _iri(props, "state")
        if claim is not None and state is not None:
            promises[claim] = PromiseInfo(
                claim=claim,
                state=concept_code.get(state) or _code(state) or "open",
                fulfilled_by=_iri(props, "by"),
                open_days=_int(props, "days"),
            )

    revisions: list[RevisionInfo] = []
    for iri, props in sorted(
        _select(
            store,
            f"?s a <{RKG.Revision}> .",
            {
                "reform": RKG.ofReform,
                "earlier": RKG.earlierClaim,
                "later": RKG.laterClaim,
                "property": RKG.revisedProperty,
                "measure": RKG.measure,
                "old": RKG.oldValue,
                "new": RKG.newValue,
            },
        ).items()
    ):
        earlier, later = _iri(props, "earlier"), _iri(props, "later")
        if earlier is None or later is None:
            continue
        what = "target year" if _iri(props, "property") == str(RKG.targetYear) else None
        revisions.append(
            RevisionInfo(
                iri=iri,
                reform=_iri(props, "reform"),
                earlier=earlier,
                later=later,
                what=what or label_of(_iri(props, "measure")) or "value",
                old=_value(props, "old"),
                new=_value(props, "new"),
            )
        )

    disagreements = [
        DisagreementInfo(
            iri=iri,
            reform=_iri(props, "reform"),
            measure=label_of(_iri(props, "measure")),
            claims=_iris(props, "claims"),
        )
        for iri, props in sorted(
            _select(
                store,
                f"?s a <{RKG.Disagreement}> .",
                {"reform": RKG.ofReform, "measure": RKG.measure, "claims": RKG.involvesClaim},
            ).items()
        )
    ]

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
        type_labels=dict(sorted(type_labels.items())),
        status_labels=status_labels,
        promises=promises,
        revisions=tuple(revisions),
        disagreements=tuple(disagreements),
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
    case-insensitively as a substring ("tokayev"); ``since``/``until`` bound the year the
    claim was made inclusively (see ``ClaimTable.claim_year``); a claim without the datum
    a filter asks about is left out.
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


# --------------------------------------------------------------------------- the page data


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


def _compact(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != ""}


def page_data(table: ClaimTable, claims: list[ClaimInfo], *, view: str = "reforms") -> dict[str, Any]:
    """The JSON the page reads: short keys, records referring to each other by list index.

    Reforms and claimants are those of ``claims``; reforms in type, then label order;
    claims by reform, then in history order (claim date); claimants by name.
    """
    reform_iris = sorted(
        {c.reform for c in claims if c.reform in table.reforms},
        key=lambda iri: (table.reforms[iri].type_label or "", table.reforms[iri].label.casefold(), iri),
    )
    reform_index = {iri: i for i, iri in enumerate(reform_iris)}
    agent_iris = sorted(
        {c.agent for c in claims if c.agent in table.agents},
        key=lambda iri: (table.agents[iri].name.casefold(), iri),
    )
    agent_index = {iri: i for i, iri in enumerate(agent_iris)}
    ordered = sorted(
        claims,
        key=lambda c: (
            reform_index.get(c.reform or "", len(reform_index)),
            c.history_index is None,
            c.history_index or 0,
            c.iri,
        ),
    )
    claim_index = {c.iri: i for i, c in enumerate(ordered)}
    article_index: dict[str, int] = {}
    articles: list[list[str | None]] = []
    for claim in ordered:
        if claim.article in table.articles and claim.article not in article_index:
            article_index[claim.article] = len(articles)
            a = table.articles[claim.article]
            articles.append([a.title, a.publisher, a.date, a.url, a.doc_id])
    base = _common_base([*reform_iris, *agent_iris, *(c.iri for c in ordered)])

    def short(iri: str) -> str:
        return iri[len(base) :] if base and iri.startswith(base) else iri

    claims_per_reform = Counter(c.reform for c in ordered)
    claims_per_agent = Counter(c.agent for c in ordered)
    reforms_out = []
    for iri in reform_iris:
        r = table.reforms[iri]
        reforms_out.append(
            _compact(
                {
                    "l": r.label,
                    "ru": r.label_ru,
                    "k": r.key,
                    "t": r.type_code,
                    "of": r.office,
                    "lv": r.level,
                    "sj": r.subject,
                    "c": r.comment,
                    "st": r.latest_status,
                    "n": claims_per_reform[iri],
                    "nt": r.claim_count,
                    "fp": claim_index.get(r.first_proposed or ""),
                    "fl": claim_index.get(r.first_planned or ""),
                    "fi": claim_index.get(r.first_implemented or ""),
                    "iri": short(iri),
                }
            )
        )
    agents_out = [
        _compact(
            {
                "l": table.agents[iri].name,
                "k": table.agents[iri].kind,
                "n": claims_per_agent[iri],
                "iri": short(iri),
            }
        )
        for iri in agent_iris
    ]
    claims_out = []
    for claim in ordered:
        promise = table.promises.get(claim.iri)
        claims_out.append(
            _compact(
                {
                    "r": reform_index.get(claim.reform or ""),
                    "a": agent_index.get(claim.agent or ""),
                    "st": claim.status,
                    "d": claim.date,
                    "y": table.claim_year(claim),
                    "sy": claim.year,
                    "ty": claim.target_year,
                    "v": claim.value,
                    "fv": claim.from_value,
                    "m": claim.measure,
                    "ar": article_index.get(claim.article or ""),
                    "s": claim.text,
                    "lang": claim.lang,
                    "h": claim.history_index,
                    "p": promise.state if promise else None,
                    "pb": claim_index.get(promise.fulfilled_by or "") if promise else None,
                    "od": promise.open_days if promise else None,
                    "iri": short(claim.iri),
                }
            )
        )
    revisions_out = [
        _compact(
            {
                "r": reform_index.get(rev.reform or ""),
                "e": claim_index[rev.earlier],
                "l": claim_index[rev.later],
                "w": rev.what,
                "o": rev.old,
                "n": rev.new,
            }
        )
        for rev in table.revisions
        if rev.earlier in claim_index and rev.later in claim_index
    ]
    disagreements_out = []
    for d in table.disagreements:
        involved = sorted(claim_index[c] for c in d.claims if c in claim_index)
        if len(involved) >= 2:
            disagreements_out.append(_compact({"r": reform_index.get(d.reform or ""), "m": d.measure, "c": involved}))
    present_types = sorted({table.reforms[iri].type_code for iri in reform_iris if table.reforms[iri].type_code})
    present_status = {c.status for c in ordered if c.status}
    statuses = [s for s in table.status_labels if s in present_status] + sorted(
        present_status - set(table.status_labels)
    )
    dates = sorted(a.date for a in table.articles.values() if a.date)
    return {
        "view": view,
        "base": base,
        "asOf": dates[-1] if dates else None,
        "types": sorted(
            ([code, table.type_labels.get(code, _humanize(code))] for code in present_types),
            key=lambda pair: (pair[1].casefold(), pair[0]),
        ),
        "statuses": [[s, table.status_labels.get(s, _humanize(s))] for s in statuses],
        "reforms": reforms_out,
        "agents": agents_out,
        "claims": claims_out,
        "articles": articles,
        "revisions": revisions_out,
        "disagreements": disagreements_out,
    }


# --------------------------------------------------------------------------- the page


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&`` and U+2028/2029 only occur inside JSON strings, where their
    ``\\uXXXX`` forms mean the same; so ``</script>`` or ``<!--`` in news text cannot end
    or change the element. Lone surrogates are escaped too, to keep the file valid UTF-8.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", text)


def _inlinable(text: str, name: str, closing: str) -> str:
    if re.search(rf"</{closing}|<!--", text, re.IGNORECASE):
        raise ValueError(f"{name} cannot be inlined: it contains '</{closing}' or '<!--'")
    return text


def asset(name: str) -> str:
    """A file of ``kg/assets`` (the page's template, script and style), as text."""
    return importlib.resources.files("kg.assets").joinpath(name).read_text(encoding="utf-8")


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
    return _inlinable(candidate.read_text(encoding="utf-8"), str(candidate), "script")


def html_page(data: Mapping[str, Any], script: str | None = None, stamp: str | None = None) -> str:
    """The page: ``page.html`` with the CSP, ``page.css``, the library, the data and ``page.js`` inlined.

    One pass over the template's ``{{slots}}``, so nothing inserted is read as a slot. ``stamp`` (the
    graph file's hash, ``kg.stamp``) goes into a ``<meta>`` tag, so that a page can be matched with the
    graph it was drawn from.
    """
    parts = {
        "stamp": html_meta(stamp) if stamp is not None else "",
        "csp": _CSP,
        "style": _inlinable(asset("page.css"), "page.css", "style"),
        "vis": script if script is not None else vis_script(),
        "data": json_for_script(data),
        "script": _inlinable(asset("page.js"), "page.js", "script"),
    }
    return _SLOT.sub(lambda m: parts[m.group(1)], asset("page.html"))


def render(
    graph: rdflib.Graph | str | Path,
    out: Path | str,
    *,
    view: str = "reforms",
    reform: str | None = None,
    claimant: str | None = None,
    since: int | None = None,
    until: int | None = None,
    write_empty: bool = True,
) -> RenderStats:
    """Write a self-contained HTML page of ``graph`` to ``out`` (UTF-8, atomically).

    ``view`` is the page's first view: ``reforms`` (reforms and their claimants),
    ``timeline`` (a lane per reform, its claims by claim date) or ``full`` (the network with
    every claimant and every claim). The filters are those of ``select_claims``; the page
    holds only the claims that pass them. A graph file's hash is stamped into the page
    (``kg.stamp``). Without ``write_empty`` a page with no claim is not written
    (``RenderStats.written``).
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    table = read_graph(graph)
    claims = select_claims(table, reform=reform, claimant=claimant, since=since, until=until)
    data = page_data(table, claims, view=view)
    links = {(c["a"], c["r"]) for c in data["claims"] if "a" in c and "r" in c}
    stats = RenderStats(
        nodes=len(data["reforms"]) + len(data["agents"]),
        edges=len(links),
        claims=len(claims),
        reforms=len(data["reforms"]),
        claimants=len(data["agents"]),
        total_claims=len(table.claims),
        articles=len(table.articles),
    )
    if not claims and not write_empty:
        return replace(stats, written=False)
    payload = html_page(data, stamp=_digest(graph)).encode("utf-8")
    write_atomic(Path(out), payload)
    return replace(stats, bytes=len(payload))


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
