"""Token patterns: the small matching language that rule files are written in.

A pattern is a list of token specs, in the spirit of spaCy's Matcher::

    [{lemma: [выборы, выбор]}, {gap: 3}, {ent: "office:akim"}]

A spec matches one token when all of its keys hold; ``lemma`` holds when *any*
lemma of the token is listed (pymorphy3's first parse is often wrong), so rule
writers list dictionary forms and every inflection matches. ``op`` makes a spec
optional (``?``), repeatable (``+``/``*``, at most ``max`` times) or negated (``!``);
``{gap: N}`` skips up to N tokens. Matching is a bounded left-to-right search, so
its work is linear in the sentence length for a given pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence, Set
from dataclasses import dataclass

from kg.model import Token

MAX_REPEAT = 8


@dataclass(frozen=True)
class Mention:
    """A gazetteer hit: tokens ``first..last`` (inclusive) name ``category:key``."""

    category: str
    key: str
    first: int
    last: int
    data: tuple[tuple[str, str], ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.category}:{self.key}"

    def get(self, name: str) -> str | None:
        return dict(self.data).get(name)


def positions(mentions: Sequence[Mention], category: str, keys: Collection[str] | None = None) -> frozenset[int]:
    """Token positions covered by the mentions of ``category`` (of one of ``keys``, when given)."""
    return frozenset(
        i
        for m in mentions
        if m.category == category and (keys is None or m.key in keys)
        for i in range(m.first, m.last + 1)
    )


@dataclass(frozen=True)
class Context:
    """What a token test may look at besides the token: the sentence's gazetteer hits."""

    tokens: Sequence[Token]
    ents: tuple[frozenset[str], ...]  # per token: "category" and "category:key" of covering mentions


TokenTest = Callable[[Context, int], bool]


@dataclass(frozen=True)
class Trigger:
    """What a token that passes a spec must have: one of ``words`` among its norm and lemmas, or one of
    ``ents`` among its gazetteer refs. A sentence without any cannot match a pattern that requires the spec,
    so rules can be skipped on sentences that name no reform (``kg.rules.RuleIndex``)."""

    words: frozenset[str] = frozenset()
    ents: frozenset[str] = frozenset()

    def found(self, words: Set[str], ents: Set[str]) -> bool:
        return not self.words.isdisjoint(words) or not self.ents.isdisjoint(ents)


@dataclass(frozen=True)
class Spec:
    """One compiled token spec; ``describe`` is what explain prints for it."""

    test: TokenTest
    op: str  # "" | "?" | "+" | "*" | "!" | "gap"
    max: int
    describe: str
    trigger: Trigger | None = None  # None: any token might pass


@dataclass(frozen=True)
class Match:
    first: int
    last: int  # inclusive


@dataclass(frozen=True)
class Progress:
    """How far a pattern got: specs matched before it stopped, and the token it stopped at."""

    matched: int
    total: int
    at: int | None
    stopped_at: str | None


def _as_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def compile_spec(spec: dict, lemmatize: Callable[[str], tuple[str, ...]]) -> Spec:
    """Turn one spec dict (already schema-checked) into a token test."""
    if "gap" in spec:
        n = int(spec["gap"])
        return Spec(lambda c, i: True, "gap", n, f"gap≤{n}")
    tests: list[TokenTest] = []
    parts: list[str] = []
    triggers: list[Trigger] = []  # each is necessary (all tests must hold): the first is kept
    if "lemma" in spec:
        wanted = set()
        for w in _as_list(spec["lemma"]):
            wanted.add(w.lower().replace("ё", "е"))
            wanted.update(lemmatize(w))
        frozen = frozenset(wanted)
        tests.append(lambda c, i: not frozen.isdisjoint(c.tokens[i].lemmas) or c.tokens[i].norm in frozen)
        triggers.append(Trigger(words=frozen))
        parts.append("lemma∈{" + ",".join(_as_list(spec["lemma"])) + "}")
    if "word" in spec:
        words = frozenset(w.lower().replace("ё", "е") for w in _as_list(spec["word"]))
        tests.append(lambda c, i: c.tokens[i].norm in words)
        triggers.append(Trigger(words=words))
        parts.append("word∈{" + ",".join(sorted(words)) + "}")
    if "prefix" in spec:
        prefixes = tuple(p.lower().replace("ё", "е") for p in _as_list(spec["prefix"]))
        tests.append(lambda c, i: c.tokens[i].norm.startswith(prefixes))
        parts.append("prefix∈{" + ",".join(prefixes) + "}")
    if "regex" in spec:
        rx = re.compile(spec["regex"], re.IGNORECASE)
        tests.append(lambda c, i: rx.fullmatch(c.tokens[i].norm) is not None)
        parts.append(f"regex /{spec['regex']}/")
    if "pos" in spec:
        pos = frozenset(_as_list(spec["pos"]))
        tests.append(lambda c, i: c.tokens[i].pos in pos)
        parts.append("pos∈{" + ",".join(sorted(pos)) + "}")
    if "tag" in spec:
        tags = frozenset(_as_list(spec["tag"]))
        tests.append(lambda c, i: tags <= c.tokens[i].tags)
        parts.append("tags⊇{" + ",".join(sorted(tags)) + "}")
    if "ent" in spec:
        ents = frozenset(_as_list(spec["ent"]))
        tests.append(lambda c, i: not ents.isdisjoint(c.ents[i]))
        triggers.append(Trigger(ents=ents))
        parts.append("ent∈{" + ",".join(sorted(ents)) + "}")
    if "kind" in spec:
        kinds = frozenset(_as_list(spec["kind"]))
        tests.append(lambda c, i: c.tokens[i].kind in kinds)
        parts.append("kind∈{" + ",".join(sorted(kinds)) + "}")
    if "or" in spec:
        subs = [compile_spec(sub, lemmatize) for sub in spec["or"]]
        tests.append(lambda c, i: any(sub.test(c, i) for sub in subs))
        if subs and all(sub.trigger is not None for sub in subs):  # a token passes one of them
            triggers.append(
                Trigger(
                    frozenset().union(*(sub.trigger.words for sub in subs)),  # type: ignore[union-attr]
                    frozenset().union(*(sub.trigger.ents for sub in subs)),  # type: ignore[union-attr]
                )
            )
        parts.append("(" + " | ".join(sub.describe for sub in subs) + ")")
    if "capitalized" in spec:
        want = bool(spec["capitalized"])
        tests.append(lambda c, i: c.tokens[i].text[:1].isupper() == want)
        parts.append("Capitalized" if want else "lowercase")

    if len(tests) == 1:
        test = tests[0]
    else:

        def test(c: Context, i: int) -> bool:
            return all(t(c, i) for t in tests)

    op = spec.get("op", "")
    size = int(spec.get("max", MAX_REPEAT if op in ("+", "*") else 1))
    return Spec(test, op, size, " ".join(parts) + op, triggers[0] if triggers else None)


class Pattern:
    """A compiled sequence of specs; finds every leftmost-longest match."""

    def __init__(self, specs: Sequence[Spec]):
        self.specs = tuple(specs)
        # Every match passes each required spec on some token ("!" matches where the test fails).
        self.triggers = tuple(s.trigger for s in self.specs if s.op in ("", "+") and s.trigger is not None)

    def _ends(self, ctx: Context, start: int) -> tuple[int | None, int, int | None]:
        """Longest end of a match starting at ``start``, and how far it got otherwise."""
        n = len(ctx.tokens)
        states = {start}  # positions reachable after matching specs[:k]
        best_k, best_at = 0, start
        for k, spec in enumerate(self.specs):
            nxt: set[int] = set()
            for pos in states:
                if spec.op == "gap":
                    nxt.update(range(pos, min(pos + spec.max, n) + 1))
                elif spec.op == "!":
                    if pos < n and not spec.test(ctx, pos):
                        nxt.add(pos + 1)
                    elif pos == n:  # nothing follows (a headline has no full stop): the test fails there too
                        nxt.add(pos)
                else:
                    if spec.op in ("?", "*"):
                        nxt.add(pos)
                    p, count = pos, 0
                    limit = 1 if spec.op in ("", "?") else spec.max
                    while p < n and count < limit and spec.test(ctx, p):
                        p += 1
                        count += 1
                        nxt.add(p)
            if not nxt:
                return None, best_k, min(states) if states else None
            states = nxt
            best_k, best_at = k + 1, min(states)
        return max(states), best_k, best_at

    def finditer(self, ctx: Context) -> list[Match]:
        """Non-overlapping matches, leftmost first, each as long as it can be."""
        out: list[Match] = []
        i, n = 0, len(ctx.tokens)
        first = self.specs[0] if self.specs else None
        must_start = first is not None and first.op == ""  # a required first token: test it before searching
        while i < n:
            if must_start and not first.test(ctx, i):  # type: ignore[union-attr]
                i += 1
                continue
            end, _, _ = self._ends(ctx, i)
            if end is not None and end > i:
                out.append(Match(i, end - 1))
                i = end
            else:
                i += 1
        return out

    def progress(self, ctx: Context) -> Progress:
        """How far the pattern gets at its best start, for explain."""
        best = Progress(0, len(self.specs), None, self.specs[0].describe if self.specs else None)
        for i in range(len(ctx.tokens)):
            end, k, at = self._ends(ctx, i)
            if end is not None:
                return Progress(len(self.specs), len(self.specs), i, None)
            if k > best.matched:
                best = Progress(k, len(self.specs), at, self.specs[k].describe)
        return best

    def describe(self) -> str:
        return " ".join(s.describe for s in self.specs)


def compile_pattern(specs: Sequence[dict], lemmatize: Callable[[str], tuple[str, ...]]) -> Pattern:
    return Pattern([compile_spec(s, lemmatize) for s in specs])
