"""Named gazetteers: word lists whose hits rules can ask for with ``{ent: CATEGORY[:KEY]}``.

Each term is a phrase; every word of it matches by lemma (any parse), by prefix
when it ends in ``*`` (surnames such as ``Токаев*``, which pymorphy3 does not
know), or as written when it starts with ``=`` (``=следует``, whose lemma
«следовать» would also match «следующий»). Terms are lemmatized once, when the gazetteer is compiled. An entry may
carry roles with date ranges (PETRARCH-style): a title such as «Глава государства»
resolves to whoever held it on the article's date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.model import Token
from kg.patterns import Mention


@dataclass(frozen=True)
class Role:
    """A title an entry held from ``since`` until ``until`` (ISO dates, ``None`` = open)."""

    since: str | None
    until: str | None

    def covers(self, day: str | None) -> bool:
        if day is None:
            return self.until is None
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


@dataclass(frozen=True)
class Entry:
    category: str
    key: str
    data: tuple[tuple[str, str], ...]  # name, name_ru, kind …


@dataclass(frozen=True)
class _Term:
    words: tuple[tuple[str, frozenset[str]], ...]  # ("prefix"|"lemma", values) per word
    entry: Entry
    role: Role | None  # set when the term is a title held for a time
    title: str  # the term as written, for explain

    @property
    def checked_from(self) -> int:
        """The first word to test on a candidate: a lemma or prefix first word holds by how it was looked up."""
        return 0 if self.words[0][0] == "word" else 1

    @property
    def data(self) -> tuple[tuple[str, str], ...]:
        return (*self.entry.data, ("term", self.title), ("role", "title" if self.role else "name"))


class Gazetteer:
    """All gazetteers of a grammar, compiled for lookup by a token's lemmas."""

    def __init__(self, lemmatize: Callable[[str], tuple[str, ...]]):
        self._lemmatize = lemmatize
        self._by_lemma: dict[str, list[_Term]] = defaultdict(list)
        self._by_prefix: dict[str, list[tuple[int, _Term]]] = defaultdict(list)  # with the order they came in
        self._prefixes = 0
        self._prefix_lengths: list[int] = []
        self._seen: dict[tuple[str, tuple[str, ...]], list[tuple[_Term, int]]] = {}  # a word form's candidates
        self.entries: dict[str, Entry] = {}

    def add(self, entry: Entry, term: str, role: Role | None = None) -> None:
        """Index one phrase of an entry; the first word decides where it is looked up."""
        self._seen.clear()
        self.entries[f"{entry.category}:{entry.key}"] = entry
        words = []
        for w in term.split():
            w = w.lower().replace("ё", "е")
            if w.endswith("*") and len(w) > 1:
                words.append(("prefix", frozenset({w[:-1]})))
            elif w.startswith("=") and len(w) > 1:
                words.append(("word", frozenset({w[1:]})))
            else:
                words.append(("lemma", frozenset({w, *self._lemmatize(w)})))
        t = _Term(tuple(words), entry, role, term)
        kind, values = words[0]
        if kind == "prefix":
            prefix = next(iter(values))
            self._by_prefix[prefix].append((self._prefixes, t))
            self._prefixes += 1
            self._prefix_lengths = sorted({*self._prefix_lengths, len(prefix)})
        elif kind == "word":
            self._by_lemma[next(iter(values))].append(t)
        else:
            for v in values:
                self._by_lemma[v].append(t)

    @staticmethod
    def _word_ok(word: tuple[str, frozenset[str]], tok: Token) -> bool:
        kind, values = word
        if kind == "prefix":
            return any(tok.norm.startswith(v) for v in values)
        if kind == "word":
            return tok.norm in values
        return tok.norm in values or not values.isdisjoint(tok.lemmas)

    def _candidates(self, tok: Token) -> list[tuple[_Term, int]]:
        """The terms whose first word ``tok`` may be, with the first word left to test: the same for every
        token of one form and lemmas."""
        key = (tok.norm, tok.lemmas)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = [(t, t.checked_from) for t in self._lookup(tok)]
        return found

    def _lookup(self, tok: Token) -> list[_Term]:
        found = [t for lemma in (tok.norm, *tok.lemmas) for t in self._by_lemma.get(lemma, ())]
        norm = tok.norm
        prefixed = [
            hit for n in self._prefix_lengths if n <= len(norm) for hit in self._by_prefix.get(norm[:n], ())
        ]  # the terms whose prefix the word starts with, looked up by its first n letters
        if prefixed:
            found += [t for _, t in sorted(prefixed, key=lambda hit: hit[0])]
        return found

    def annotate(self, tokens: Sequence[Token], day: str | None = None) -> list[Mention]:
        """Longest non-overlapping hits per category, titles resolved for ``day``."""
        hits: list[tuple[int, int, _Term]] = []
        size = len(tokens)
        word_ok = self._word_ok
        for i, tok in enumerate(tokens):
            if tok.kind != "word":
                continue
            for term, first in self._candidates(tok):
                n = len(term.words)
                if i + n <= size and all(word_ok(term.words[k], tokens[i + k]) for k in range(first, n)):
                    hits.append((i, i + n - 1, term))
        if not hits:
            return []
        mentions: list[Mention] = []
        taken: dict[str, set[int]] = defaultdict(set)
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)  # a word may be in two entries
        seen: set[tuple[str, str, int, int]] = set()
        # Longest first, then leftmost; a title held on the day beats one that was not.
        hits.sort(key=lambda h: (h[0] - h[1], h[0], not (h[2].role is None or h[2].role.covers(day))))
        for first, last, term in hits:
            cat = term.entry.category
            span = set(range(first, last + 1))
            if span & taken[cat] and (first, last) not in spans[cat]:
                continue
            if term.role is not None and not term.role.covers(day):
                continue
            if (cat, term.entry.key, first, last) in seen:
                continue
            seen.add((cat, term.entry.key, first, last))
            taken[cat] |= span
            spans[cat].add((first, last))
            mentions.append(Mention(cat, term.entry.key, first, last, term.data))
        mentions.sort(key=lambda m: (m.first, m.category))
        return mentions
