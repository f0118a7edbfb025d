"""Sentences and tokens with every lemma a morphological parser allows.

Russian words go through pymorphy3 and English ones through lemminflect, chosen
per word by its script, so a Latin name in a Russian article is still lemmatized.
All splitting happens on the folded text (:mod:`kg.normalize`); offsets are mapped
back to the original text before they leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.model import Document, Sentence, Token
from kg.normalize import Normalized, normalize

_WORD = r"[^\W\d_]+(?:['-][^\W\d_]+)*"
_TOKEN = re.compile(
    r"(?P<domain>[^\W\d_]+(?:\.[^\W\d_]+)*\.(?:kz|ru|com|org|net|uz|kg|info|gov|io)\b)"
    r"|(?P<number>\d{1,3}(?: \d{3})+(?![\d.,]\d)|\d+(?:[.,]\d+)*(?:-(?:[^\W\d_]+))?)"
    rf"|(?P<word>{_WORD})"
    r"|(?P<punct>\S)"
)
_CYRILLIC = re.compile(r"[а-яА-Я]")
_WORD_BEFORE_DOT = re.compile(r"([^\W\d_]+)\.$")
# A sentence ends at . ! ? (and closing quotes/brackets after them) before a space.
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
# Capitals, abbreviations and dates after which a full stop does not end a sentence.
_ABBREV = frozenset(
    [
        "г",
        "гг",
        "ст",
        "ул",
        "им",
        "т",
        "д",
        "п",
        "пр",
        "др",
        "тыс",
        "млн",
        "млрд",
        "руб",
        "долл",
        "проф",
        "акад",
        "обл",
        "р-н",
        "мр",
        "ред",
        "англ",
        "каз",
        "рус",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "vs",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "gen",
        "gov",
        "sen",
        "rep",
        "prof",
        "dept",
        "est",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "e",
        "g",
        "i",
        "u",
        "s",
    ]
)
# "ASTANA, March 20 —", "НУР-СУЛТАН. КАЗИНФОРМ –", "ALMATY, June 6 (Reuters) -": a dateline.
_DATELINE = re.compile(
    r"(?:[A-ZА-Я][A-ZА-Я'-]+(?:\.? ?[A-ZА-Я][A-ZА-Я'-]+)*\.?)(?:,[^-\n]{1,40}?)?"
    r"(?:\s*\([^)\n]{1,40}\))?\s+-\s+"
)


@dataclass
class Morphology:
    """Lemmatizers for both languages with a per-word cache (one instance per build)."""

    _ru: object = None
    _cache: dict[str, tuple[tuple[str, ...], frozenset[str], str]] = field(default_factory=dict)
    _en_ready: bool = False  # lemminflect's table is loaded (from the cache when it can be)

    def analyze(self, word: str) -> tuple[tuple[str, ...], frozenset[str], str]:
        """Lemmas (likeliest first), grammemes of the likeliest parse, and its part of speech."""
        hit = self._cache.get(word)
        if hit is None:
            if _CYRILLIC.search(word):
                hit = self._analyze_ru(word)
            else:
                if not self._en_ready:
                    from kg.cache import english_lemmas

                    english_lemmas()
                    self._en_ready = True
                hit = _analyze_en(word)
            self._cache[word] = hit
        return hit

    def _analyze_ru(self, word: str) -> tuple[tuple[str, ...], frozenset[str], str]:
        if self._ru is None:
            import pymorphy3

            self._ru = pymorphy3.MorphAnalyzer()
        parses = self._ru.parse(word)  # type: ignore[attr-defined]
        lemmas = tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in parses))
        best = parses[0].tag
        grammemes = frozenset(str(best).replace(" ", ",").split(","))
        return lemmas or (word,), grammemes, best.POS or ""

    def remember(self, analyses: dict[str, tuple[tuple[str, ...], frozenset[str], str]]) -> None:
        """Take analyses made before (``kg.cache``), so that compiling a grammar lemmatizes nothing again."""
        for word, analysis in analyses.items():
            self._cache.setdefault(word, analysis)

    def remembered(self) -> dict[str, tuple[tuple[str, ...], frozenset[str], str]]:
        return dict(self._cache)

    def lemmas(self, word: str) -> tuple[str, ...]:
        """Every lemma of ``word`` (lowercased and folded)."""
        return self.analyze(normalize(word).text.lower())[0]


_EN_IRREGULAR = {"akims": "akim", "maslikhats": "maslikhat", "oblasts": "oblast", "auls": "aul"}


def _analyze_en(word: str) -> tuple[tuple[str, ...], frozenset[str], str]:
    from lemminflect import getAllLemmas, getAllLemmasOOV

    if word in _EN_IRREGULAR:
        return (_EN_IRREGULAR[word],), frozenset({"NOUN"}), "NOUN"
    if word.endswith("'s") and len(word) > 3 and word[:-2].isalpha():  # "the ombudsman’s office": the noun
        lemmas, tags, pos = _analyze_en(word[:-2])
        return (*lemmas, word), tags | {"POSS"}, pos
    found = getAllLemmas(word)
    oov = not found  # not an English word lemminflect knows: likely a name
    if not found:
        found = getAllLemmasOOV(word, upos="NOUN") if word.isalpha() else {}
    lemmas: list[str] = []
    for pos in ("VERB", "AUX", "NOUN", "ADJ", "ADV", "PROPN"):
        for lemma in found.get(pos, ()):
            lemmas.append(lemma.lower())
    for forms in found.values():
        lemmas.extend(x.lower() for x in forms)
    lemmas.append(word)
    tags = frozenset(found) | _en_features(word) | ({"OOV"} if oov else set())
    pos = next(iter(found), "X")
    return tuple(dict.fromkeys(lemmas)), tags, pos


def _en_features(word: str) -> frozenset[str]:
    """Surface hints at English tense, since no tagger runs here."""
    tags = set()
    if word.endswith("ed") or word in _EN_PAST:
        tags.add("past")
    if word.endswith("ing"):
        tags.add("ger")
    return frozenset(tags)


_EN_PAST = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "began",
        "held",
        "chose",
        "chosen",
        "elected",
        "made",
        "put",
        "set",
        "cut",
        "took",
        "taken",
        "gave",
        "given",
        "became",
        "won",
        "led",
        "said",
        "told",
        "signed",
        "brought",
        "came",
        "went",
        "got",
        "kept",
        "left",
        "met",
        "paid",
        "ran",
        "sent",
        "stood",
    ]
)


_NUMB = frozenset({"NUMB"})
_PNCT = frozenset({"PNCT"})


def tokenize(
    norm: Normalized, start: int, end: int, morph: Morphology, original: str, offset: int = 0
) -> tuple[Token, ...]:
    """Tokens of the folded span ``[start, end)``, with original offsets (plus ``offset``) and surface forms."""
    tokens = []
    identity = norm.ends is None  # nothing was folded away: offsets are the folded ones
    analyze = morph.analyze
    for m in _TOKEN.finditer(norm.text, start, end):
        group = m.lastgroup or "punct"
        surface = m.group(0)
        lower = surface.lower()
        a, b = m.span() if identity else norm.orig_span(m.start(), m.end())
        if group == "word" or group == "domain":
            lemmas, tags, pos = analyze(lower)
            kind = "word"
        elif group == "number":
            lemmas, tags, pos, kind = (lower,), _NUMB, "NUMB", "number"
        else:
            lemmas, tags, pos, kind = (lower,), _PNCT, "PNCT", "symbol" if surface in "%№$€₸" else "punct"
        tokens.append(Token(original[a:b], lower, a + offset, b + offset, lemmas, tags, pos, kind))
    return tuple(tokens)


def _next_char(text: str, i: int, stop: int) -> tuple[str, int]:
    while i < stop and text[i] == " ":
        i += 1
    return (text[i], i) if i < stop else ("", i)


def _is_boundary(text: str, end: int, line_start: int, line_end: int) -> bool:
    """Whether the full stop run ending at ``end`` closes a sentence (looks only near ``end``)."""
    nxt, i = _next_char(text, end, line_end)
    if not nxt:
        return True
    if nxt == "-":  # «…», - сказал он: attribution continues after a dash and a lowercase word
        after, _ = _next_char(text, i + 1, line_end)
        return not after.islower()
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'(["):
        return False
    dot = text.rfind(".", max(line_start, end - 8), end)
    if dot == -1 or text[dot + 1 : end].strip("\"')]"):
        return True  # ended by ! or ?
    word = _WORD_BEFORE_DOT.search(text, max(line_start, dot - 40), dot + 1)
    if word:
        w = word.group(1)
        if w.lower() in _ABBREV or (len(w) == 1 and w.isupper()):
            return False
    return True


def _spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside one line of folded text, without surrounding spaces."""
    m = _DATELINE.match(text, start, end)
    if m and m.end() < end:
        yield start, m.end()
        start = m.end()
    cur = start
    for m in _END.finditer(text, start, end):
        if _is_boundary(text, m.end(), start, end):
            yield cur, m.end()
            cur = m.end()
    yield cur, end


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    heading = re.match(r"(?:#{1,6}|>)[ \t]+", text[a : min(b, a + 8)])  # Markdown "# Heading", "> quote"
    if heading:
        a += heading.end()
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def split(doc: Document, morph: Morphology) -> Iterator[Sentence]:
    """The sentences of ``doc``, line by line: each line is at least one sentence.

    Lines are normalized one at a time, so a 50 MB article never has a second,
    folded copy in memory; a blank line starts a new paragraph.
    """
    text = doc.text
    index = 0
    paragraph = 0
    seen_text = False
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        line = text[pos:end]
        if line.strip():
            seen_text = True
            norm = normalize(line)
            ntext = norm.text
            for a, b in _spans(ntext, 0, len(ntext)):
                a, b = _strip(ntext, a, b)
                if a >= b:
                    continue
                tokens = tokenize(norm, a, b, morph, line, pos)
                if not tokens:
                    continue
                oa, ob = norm.orig_span(a, b)
                yield Sentence(
                    doc.id, index, pos + oa, pos + ob, text[pos + oa : pos + ob], tokens, paragraph, doc.lang
                )
                index += 1
        elif seen_text:
            paragraph += 1
            seen_text = False
        if nl == -1:
            break
        pos = nl + 1
