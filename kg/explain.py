"""``kg explain``: why a sentence gave the claims it gave, or why it gave none.

For one sentence it shows tokens with lemmas and gazetteer hits, numbers and times,
the filters that blocked it, every rule that came close (and the element and spec
at which it stopped), the claims, and the triples they become.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.extract import Analysis, DocumentResult, Trace, trace_rule
from kg.graph import serialize_turtle, to_rdf
from kg.model import Document
from kg.patterns import Match
from kg.pipeline import Pipeline, rule_refs
from kg.sources import detect_lang


@dataclass
class Explanation:
    result: DocumentResult
    traces: list[tuple[Analysis, list[Trace]]]
    turtle: str


def explain(
    pipe: Pipeline, text: str, *, lang: str | None = None, date: str | None = None, rule: str | None = None
) -> Explanation:
    """Run the grammar on ``text`` (one or more sentences) and keep every rule's trace."""
    doc = Document("explain", text, lang or detect_lang(text), date=date)
    result = pipe.extractor.document(doc, keep=True)
    traces = []
    for a in result.analyses:
        rules = [r for r in pipe.grammar.rules if r.lang == a.sentence.lang]
        if rule:
            rules = [r for r in (*pipe.grammar.rules, *pipe.grammar.filters, *pipe.grammar.cues) if r.id == rule]
        traces.append((a, [trace_rule(r, a.ctx) for r in rules]))
    used = {c.rule for c in result.claims}
    refs = {k: v for k, v in rule_refs(pipe.grammar).items() if k in used}
    g = to_rdf([doc], result.claims, refs, ontology=Graph())
    return Explanation(result, traces, serialize_turtle(g, stamp=False).decode("utf-8"))


def _span(a: Analysis, m: Match) -> str:
    return " ".join(t.text for t in a.sentence.tokens[m.first : m.last + 1])


def _close(trace: Trace) -> bool:
    """A rule came close when its first element (by convention the topic) matched."""
    return bool(trace.elements) and isinstance(trace.elements[0][1], Match)


def format_explanation(ex: Explanation, *, rule: str | None = None) -> str:
    out: list[str] = []
    for a, traces in ex.traces:
        s = a.sentence
        out.append(f"sentence {s.index} [{s.lang}] {s.start}-{s.end}: {s.text}")
        hits: dict[int, list[str]] = {}
        for m in a.mentions:
            for i in range(m.first, m.last + 1):
                hits.setdefault(i, []).append(m.ref)
        out.append("  tokens:")
        for i, t in enumerate(s.tokens):
            extra = f"  [{', '.join(hits[i])}]" if i in hits else ""
            tags = ",".join(sorted(x for x in t.tags if x in {"futr", "past", "pres", "nomn", "perf", "impf"}))
            out.append(
                f"    {i:3} {t.text:<18} {'/'.join(t.lemmas[:3]):<28} {t.pos}{' ' + tags if tags else ''}{extra}"
            )
        for n in a.numbers:
            frm = f" from {n.from_value:g}" if n.from_value is not None else ""
            out.append(f"  number: {n.value:g}{'%' if n.percent else ''}{frm} unit={n.unit} tokens {n.first}-{n.last}")
        for tm in a.times:
            out.append(
                f"  time: year {tm.year}{' date ' + tm.date if tm.date else ''}"
                f"{' (relative)' if tm.relative else ''} tokens {tm.first}-{tm.last}"
            )
        if a.blocked:
            out.append(f"  blocked by filter: {', '.join(a.blocked)}")
        att = ex.result.attributions[s.index]
        out.append(f"  claimant: {att.agent.name} ({att.how})" if att else "  claimant: none found")
        for tr in traces:
            if not rule and not tr.fired and not _close(tr):
                continue
            verdict = "FIRED" if tr.fired else "no"
            if tr.blocked_by:
                verdict = f"blocked by unless.{tr.blocked_by}"
            elif tr.window_failed:
                verdict = f"elements too far apart (window {tr.rule.window})"
            out.append(f"  rule {tr.rule.id}: {verdict}")
            for name, m in tr.elements:
                if isinstance(m, Match):
                    out.append(f"      {name}: matched «{_span(a, m)}» (tokens {m.first}-{m.last})")
                else:
                    where = (
                        f" at token {m.at} «{s.tokens[m.at].text}»" if m.at is not None and m.at < len(s.tokens) else ""
                    )
                    out.append(f"      {name}: stopped after {m.matched}/{m.total} specs{where}; needed {m.stopped_at}")
        for c in ex.result.claims:
            if c.sentence_index == s.index:
                out.append(
                    f"  claim: {c.reform} status={c.status} office={c.office} level={c.level} count={c.count} "
                    f"year={c.year} claimant={c.claimant.name if c.claimant else None} rule={c.rule}"
                )
    out.append("triples:")
    out.extend("  " + line for line in ex.turtle.splitlines() if line and not line.startswith("@prefix"))
    return "\n".join(out)
