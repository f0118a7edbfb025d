"""Score extraction against a gold corpus, by the rule in the corpus README.

The build's claims are read back through the named ``claims`` SPARQL query, as the
held-out scorer does, so what is scored is what users get. A prediction matches a
gold claim of the same document and reform whose quote it overlaps; a gold claim
matches at most once; a sentence printed twice is one claim (either copy matches,
and a second prediction on the other copy counts neither way); a prediction on a
``non_claims`` sentence is a false positive, counted separately too. Reform identity is
scored on matched claims by B-cubed precision, recall and F1 of the predicted reform
(``reformId``) against the gold ``reform_key``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SLOTS = ("count", "year", "claimant", "status", "level")


@dataclass
class Gold:
    doc_id: str
    lang: str
    text: str
    claims: list[dict]
    non_claims: list[str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    non_claim_fp: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class BCubed:
    """B-cubed precision, recall and F1 of a clustering against gold clusters."""

    precision: float = 0.0
    recall: float = 0.0
    items: int = 0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(pairs: Sequence[tuple[str, str]]) -> BCubed:
    """``pairs`` of (predicted cluster, gold cluster), one per item."""
    if not pairs:
        return BCubed()
    by_pred: dict[str, int] = {}
    by_gold: dict[str, int] = {}
    both: dict[tuple[str, str], int] = {}
    for pred, gold in pairs:
        by_pred[pred] = by_pred.get(pred, 0) + 1
        by_gold[gold] = by_gold.get(gold, 0) + 1
        both[(pred, gold)] = both.get((pred, gold), 0) + 1
    precision = sum(both[(p, g)] / by_pred[p] for p, g in pairs) / len(pairs)
    recall = sum(both[(p, g)] / by_gold[g] for p, g in pairs) / len(pairs)
    return BCubed(precision, recall, len(pairs))


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    slot_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    matched: int = 0
    errors: list[str] = field(default_factory=list)  # one line per miss, for rule writers
    identity_pairs: list[tuple[str, str]] = field(default_factory=list)  # (reformId, gold reform_key)

    def slot_accuracy(self, slot: str) -> float:
        return self.slot_hits[slot] / self.matched if self.matched else 0.0

    @property
    def identity(self) -> BCubed:
        """Reform identity on matched claims that have a gold key."""
        return bcubed(self.identity_pairs)


def load_gold(corpus: Path) -> list[Gold]:
    """The gold documents of a corpus folder (``*.json`` in the corpus format)."""
    out = []
    for path in sorted(corpus.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        out.append(Gold(d["id"], d.get("lang", "ru"), d["text"], d.get("claims", []), d.get("non_claims", [])))
    return out


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, i = [], text.find(quote)
    while i != -1 and quote:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def norm_name(value: object) -> str | None:
    if value in (None, ""):
        return None
    return str(value).strip().rstrip("/").rsplit("/", 1)[-1].lower().replace(" ", "-")


def _same(slot: str, gold: object, pred: object) -> bool:
    if slot == "claimant":
        return norm_name(gold) == norm_name(pred)
    if slot in ("count", "year"):
        try:
            return (None if gold is None else int(gold)) == (None if pred in (None, "") else int(str(pred)))
        except ValueError:
            return False
    return (gold or None) == (pred or None)


def score(gold: Sequence[Gold], predictions: Iterable[dict]) -> Report:
    """Match predictions (rows of the ``claims`` query) to gold claims."""
    report = Report()
    by_doc: dict[str, list[dict]] = {}
    for p in predictions:
        by_doc.setdefault(str(p["documentId"]), []).append(p)
    for g in gold:
        tally = report.by_lang.setdefault(g.lang, Tally())
        golds = [(c, _spans(g.text, c["quote"])) for c in g.claims]
        used = [False] * len(golds)
        non_spans = [s for q in g.non_claims for s in _spans(g.text, q)]
        preds = sorted(by_doc.get(g.doc_id, []), key=lambda p: (int(p["start"]), str(p["reform"])))
        for p in preds:
            span = (int(p["start"]), int(p["end"]))
            hit = next(
                (
                    i
                    for i, (c, spans) in enumerate(golds)
                    if not used[i] and c["reform"] == p["reform"] and any(_overlaps(span, s) for s in spans)
                ),
                None,
            )
            if hit is not None:
                used[hit] = True
                c = golds[hit][0]
                for t in (tally, report.overall):
                    t.tp += 1
                report.matched += 1
                if c.get("reform_key") and p.get("reformId"):
                    report.identity_pairs.append((str(p["reformId"]), str(c["reform_key"])))
                for slot in SLOTS:
                    if _same(slot, c.get(slot), p.get(slot)):
                        report.slot_hits[slot] += 1
                    else:
                        report.errors.append(
                            f"{g.doc_id}: {slot}: gold {c.get(slot)!r}, got {p.get(slot)!r} "
                            f"[{p['reform']}, {p.get('rule')}] {c['quote'][:70]}"
                        )
                continue
            # A second prediction on a repeated copy of an already matched sentence counts neither way.
            if any(
                used[i] and c["reform"] == p["reform"] and any(_overlaps(span, s) for s in spans)
                for i, (c, spans) in enumerate(golds)
            ):
                continue
            for t in (tally, report.overall):
                t.fp += 1
            sentence = g.text[span[0] : span[1]]
            if any(_overlaps(span, s) for s in non_spans):
                for t in (tally, report.overall):
                    t.non_claim_fp += 1
                report.errors.append(
                    f"{g.doc_id}: false positive on a non-claim [{p['reform']}, {p.get('rule')}] {sentence[:70]}"
                )
            else:
                report.errors.append(f"{g.doc_id}: false positive [{p['reform']}, {p.get('rule')}] {sentence[:70]}")
        for i, (c, _) in enumerate(golds):
            if not used[i]:
                for t in (tally, report.overall):
                    t.fn += 1
                report.errors.append(f"{g.doc_id}: missed [{c['reform']}] {c['quote'][:70]}")
    return report


def format_report(report: Report, *, verbose: bool = False) -> str:
    lines = []
    if verbose:
        lines.extend(report.errors)
        lines.append("")
    lines.append(f"{'':8} {'P':>6} {'R':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'nonclaimFP':>10}")
    for name, t in [*sorted(report.by_lang.items()), ("overall", report.overall)]:
        lines.append(
            f"{name:8} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp:4} {t.fp:4} {t.fn:4} {t.non_claim_fp:10}"
        )
    lines.append("slot accuracy on matched claims: " + ", ".join(f"{s} {report.slot_accuracy(s):.3f}" for s in SLOTS))
    ident = report.identity
    if ident.items:
        lines.append(
            f"reform identity (B-cubed, {ident.items} matched claims with a reform_key): "
            f"P {ident.precision:.3f} R {ident.recall:.3f} F1 {ident.f1:.3f}"
        )
    lines.append(f"overall F1 {report.overall.f1:.3f}")
    return "\n".join(lines)


def evaluate(corpus: Path, pipeline: object | None = None) -> Report:
    """Build the corpus, read its claims with the ``claims`` query, and score them."""
    from kg.pipeline import Pipeline
    from kg.query import load_query, run_query

    pipe = pipeline if isinstance(pipeline, Pipeline) else Pipeline()
    result = pipe.build([corpus], validate=False, suffixes={".json"})
    rows = run_query(result.graph, load_query("claims"))
    predictions = [dict(zip(rows.vars, row, strict=True)) for row in rows.rows]
    return score(load_gold(corpus), predictions)
