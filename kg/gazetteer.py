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
from functools import cached_property

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

    @cached_property
    def data(self) -> tuple[tuple[str, str], ...]:
        return (*self.entry.data, ("term", self.title), ("role", "title" if self.role else "name"))


def _word_ok(word: tuple[str, frozenset[str]], tok: Token) -> bool:
    kind, values = word
    if kind == "lemma":
        return tok.norm in values or not values.isdisjoint(tok.lemmas)
    if kind == "word":
        return tok.norm in values
    return any(tok.norm.startswith(v) for v in values)


class _Candidates:
    """The terms one word form may start, its first word already tested: one-word terms are hits, and the
    longer ones are looked up by what their second word must be (“the” starts 44 terms, and the
    word after it decides among them)."""

    __slots__ = ("_by_norm", "_by_value", "_prefixed", "multi", "single")

    def __init__(self, terms: list[_Term]) -> None:
        self.single = [t for t in terms if len(t.words) == 1]
        self.multi = [(t, len(t.words), t.words) for t in terms if len(t.words) > 1]
        self._by_value: dict[str, list[int]] = defaultdict(list)  # a lemma (or the form) the 2nd word may have
        self._by_norm: dict[str, list[int]] = defaultdict(list)  # the form the 2nd word must have
        self._prefixed: list[tuple[int, frozenset[str]]] = []
        for at, (_, _, words) in enumerate(self.multi):
            kind, values = words[1]
            if kind == "prefix":
                self._prefixed.append((at, values))
            else:
                for v in values:
                    (self._by_value if kind == "lemma" else self._by_norm)[v].append(at)

    def after(self, tok: Token) -> list[tuple[_Term, int, tuple[tuple[str, frozenset[str]], ...]]]:
        """The longer terms whose second word ``tok`` may be, in the order they were added."""
        at = set(self._by_norm.get(tok.norm, ()))
        by_value = self._by_value
        for value in (tok.norm, *tok.lemmas):
            at.update(by_value.get(value, ()))
        for i, values in self._prefixed:
            if any(tok.norm.startswith(v) for v in values):
                at.add(i)
        multi = self.multi
        return [multi[i] for i in sorted(at)]


class Gazetteer:
    """All gazetteers of a grammar, compiled for lookup by a token's lemmas."""

    def __init__(self, lemmatize: Callable[[str], tuple[str, ...]]):
        self._lemmatize = lemmatize
        self._by_lemma: dict[str, list[_Term]] = defaultdict(list)
        self._by_prefix: dict[str, list[tuple[int, _Term]]] = defaultdict(list)  # with the order they came in
        self._prefixes = 0
        self._prefix_lengths: list[int] = []
        self._seen: dict[tuple[str, tuple[str, ...]], _Candidates] = {}  # a word form's candidates
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

    _word_ok = staticmethod(_word_ok)

    def _candidates(self, tok: Token) -> _Candidates:
        """The terms whose first word ``tok`` is, compiled for the rest of the check: the same for every
        token of one form and lemmas, so the first word is tested here once."""
        key = (tok.norm, tok.lemmas)
        found = self._seen.get(key)
        if found is None:
            terms = [t for t in self._lookup(tok) if t.checked_from == 1 or self._word_ok(t.words[0], tok)]
            found = self._seen[key] = _Candidates(terms)
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
        candidates = self._candidates
        for i, tok in enumerate(tokens):
            if tok.kind != "word":
                continue
            found = candidates(tok)
            for term in found.single:
                hits.append((i, i, term))
            if found.multi and i + 1 < size:
                for term, n, words in found.after(tokens[i + 1]):
                    if i + n <= size and all(_word_ok(words[k], tokens[i + k]) for k in range(2, n)):
                        hits.append((i, i + n - 1, term))
        if not hits:
            return []
        mentions: list[Mention] = []
        taken: dict[str, set[int]] = {}
        spans: dict[str, set[tuple[int, int]]] = {}  # a word may be in two entries
        seen: set[tuple[str, str, int, int]] = set()
        # Longest first, then leftmost; a title held on the day beats one that was not.
        hits.sort(key=lambda h: (h[0] - h[1], h[0], not (h[2].role is None or h[2].role.covers(day))))
        for first, last, term in hits:
            if term.role is not None and not term.role.covers(day):
                continue
            entry = term.entry
            cat = entry.category
            cat_taken = taken.get(cat)
            if cat_taken is None:
                cat_taken = taken[cat] = set()
                cat_spans = spans[cat] = set()
            else:
                cat_spans = spans[cat]
                if (first, last) not in cat_spans and not cat_taken.isdisjoint(range(first, last + 1)):
                    continue
            key = (cat, entry.key, first, last)
            if key in seen:
                continue
            seen.add(key)
            cat_taken.update(range(first, last + 1))
            cat_spans.add((first, last))
            mentions.append(Mention(cat, entry.key, first, last, term.data))
        mentions.sort(key=lambda m: (m.first, m.category))
        return mentions
