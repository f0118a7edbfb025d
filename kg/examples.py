"""Run the examples that every rule file carries, so a rule and its evidence stay together.

A reform rule's example says which claim fields a sentence must give (only the fields
written in the file are checked, ``null`` included), or ``expect: none`` for a sentence
that must give no claim of that reform. A filter's example says whether it blocks. A
registry entry's example says which reform key its sentence's claim gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg.identity import Entry, RegistryExample
from kg.model import Claim, Document
from kg.pipeline import Pipeline
from kg.rules import CompiledRule, Example, Expect
from kg.sources import detect_lang


@dataclass(frozen=True)
class Outcome:
    rule: str
    index: int
    text: str
    ok: bool
    message: str = ""


def _value(claim: Claim, field: str) -> object:
    if field == "claimant":
        return claim.claimant.name if claim.claimant else None
    return getattr(claim, field)


def _mismatch(claim: Claim, expect: Expect, reform: str | None) -> list[str]:
    out = []
    for name in sorted(expect.model_fields_set):
        want = getattr(expect, name)
        if name == "reform":
            continue
        if name == "rule" and want != claim.rule:
            out.append(f"rule {claim.rule!r} instead of {want!r}")
        elif name != "rule" and _value(claim, name) != want:
            out.append(f"{name} {_value(claim, name)!r} instead of {want!r}")
    if reform and claim.reform != reform:
        out.append(f"reform {claim.reform!r} instead of {reform!r}")
    return out


def run_example(pipe: Pipeline, rule: CompiledRule, index: int, ex: Example) -> Outcome:
    """One example of one rule, filter or cue."""
    prefix = (ex.context.rstrip() + " ") if ex.context else ""
    text = prefix + ex.text
    doc = Document(f"example-{index}", text, rule.lang or detect_lang(text), date=ex.date)
    result = pipe.extractor.document(doc, keep=True)
    start = len(prefix)
    mine = [a for a in result.analyses if a.sentence.end > start]
    claims = [c for c in result.claims if c.end > start]

    def fail(msg: str) -> Outcome:
        return Outcome(
            rule.id,
            index,
            ex.text,
            False,
            f"{rule.file}: rule {rule.id}: example {index + 1}: {msg} («{ex.text[:80]}»)",
        )

    if ex.blocks is not None:
        blocked = any(rule.id in a.blocked for a in mine)
        if blocked != ex.blocks:
            return fail("should block the sentence" if ex.blocks else "should not block the sentence")
    reform = rule.reform
    if ex.expect == "none":
        bad = [c for c in claims if c.reform == reform]
        if bad:
            return fail(f"gave a {reform} claim, expected none")
    elif isinstance(ex.expect, Expect):
        want = ex.expect.reform or reform
        if want is None:
            return fail("expect needs a reform for a cue or filter example")
        found = [c for c in claims if c.reform == want]
        if not found:
            got = ", ".join(sorted({c.reform for c in claims})) or "no claim"
            return fail(f"expected a {want} claim, got {got}")
        problems = _mismatch(found[0], ex.expect, want)
        if problems:
            return fail("; ".join(problems))
    if ex.expect_not is not None:
        for c in claims:
            if c.reform == (ex.expect_not.reform or reform) and not _mismatch(c, ex.expect_not, None):
                return fail(f"gave what expect_not forbids: {ex.expect_not.model_dump(exclude_unset=True)}")
    return Outcome(rule.id, index, ex.text, True)


def run_registry_example(pipe: Pipeline, entry: Entry, index: int, ex: RegistryExample) -> Outcome:
    """One example of a registry entry: the sentence's claim of the entry's code must get the expected key."""
    prefix = (ex.context.rstrip() + " ") if ex.context else ""
    text = prefix + ex.text
    doc = Document(f"example-{index}", text, detect_lang(text), date=ex.date)
    claims = pipe.grammar.registry.assign(pipe.extractor.document(doc).claims)
    found = [c for c in claims if c.end > len(prefix) and c.reform == entry.code]
    where = f"registry entry {entry.key}: example {index + 1}"
    if not found:
        got = ", ".join(sorted({c.reform for c in claims if c.end > len(prefix)})) or "no claim"
        return Outcome(entry.key, index, ex.text, False, f"{where}: expected a {entry.code} claim, got {got}")
    if found[0].reform_key != ex.expect:
        message = f"{where}: key {found[0].reform_key!r} instead of {ex.expect!r} («{ex.text[:80]}»)"
        return Outcome(entry.key, index, ex.text, False, message)
    return Outcome(entry.key, index, ex.text, True)


def run_examples(pipe: Pipeline) -> Iterator[Outcome]:
    g = pipe.grammar
    for rule in (*g.rules, *g.filters, *g.cues):
        for i, ex in enumerate(rule.examples):
            yield run_example(pipe, rule, i, ex)
    for entry in g.registry:
        for i, ex in enumerate(entry.examples):
            yield run_registry_example(pipe, entry, i, ex)
