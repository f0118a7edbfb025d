"""Sentences and tokens with every lemma a morphological parser allows.

Russian words go through pymorphy3 and English ones through lemminflect, chosen
per word by its script, so a Latin name in a Russian article is still lemmatized.
All splitting happens on the folded text (:mod:`kg.normalize`); offsets are mapped
back to the original text before they leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import Document, Sentence, Token
from kg.normalize import Normalized, normalize

if TYPE_CHECKING:
    from kg.cache import EnglishLexicon

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
    _en: object = None  # lemminflect's answers (``kg.cache.EnglishLexicon``), made at the first English word

    def analyze(self, word: str) -> tuple[tuple[str, ...], frozenset[str], str]:
        """Lemmas (likeliest first), grammemes of the likeliest parse, and its part of speech."""
        hit = self._cache.get(word)
        if hit is None:
            if _CYRILLIC.search(word):
                hit = self._analyze_ru(word)
            else:
                if self._en is None:
                    from kg.cache import EnglishLexicon

                    self._en = EnglishLexicon()
                hit = _analyze_en(word, self._en)  # type: ignore[arg-type]
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
        return lemmas or (word,), grammemes, str(best.POS or "")  # a plain str: pymorphy3's checks every ==

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

# English closed word classes: lemminflect knows only open classes, so without this table "the", "of" and
# "he" came out as unknown nouns (and, capitalized, as parts of names). Universal Dependencies tags.
_EN_CLOSED: dict[str, str] = {
    **dict.fromkeys(
        "the a an this that these those such each every either neither any some no all both another other "
        "its his her their our my your whose what which".split(),
        "DET",
    ),
    **dict.fromkeys(
        "of in on at to for from with by about into onto over under after before since until till during "
        "through across against among amid between within without upon via per than despite toward towards "
        "beyond behind below above near off out around along throughout unlike like as".split(),
        "ADP",
    ),
    **dict.fromkeys(
        "i me we us you he him she it they them himself herself itself themselves ourselves who whom "
        "someone anyone everyone nobody something anything everything nothing".split(),
        "PRON",
    ),
    **dict.fromkeys("and or but nor yet so".split(), "CCONJ"),
    **dict.fromkeys("if whether because although though while when where unless whereas once".split(), "SCONJ"),
    **dict.fromkeys("not n't".split(), "PART"),
}


def _analyze_en(word: str, lexicon: EnglishLexicon) -> tuple[tuple[str, ...], frozenset[str], str]:
    if word in _EN_IRREGULAR:
        return (_EN_IRREGULAR[word],), frozenset({"NOUN"}), "NOUN"
    if word in _EN_CLOSED:
        return (word,), frozenset({_EN_CLOSED[word]}), _EN_CLOSED[word]
    if word.endswith("'s") and len(word) > 3 and word[:-2].isalpha():  # "the ombudsman’s office": the noun
        lemmas, tags, pos = _analyze_en(word[:-2], lexicon)
        return (*lemmas, word), tags | {"POSS"}, pos
    found = lexicon.all_lemmas(word)
    oov = not found  # not an English word lemminflect knows: likely a name
    if not found:
        found = lexicon.oov_lemmas(word, "NOUN") if word.isalpha() else {}
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
    if (word.endswith("ed") and word not in _EN_NOT_PAST) or word in _EN_PAST:
        tags.add("past")
    if word.endswith("ing"):
        tags.add("ger")
    return frozenset(tags)


# Words in -ed that are no past tense ("still need a second vote", "proceed", "a hundred")
_EN_NOT_PAST = frozenset(
    [
        "need",
        "needs",
        "proceed",
        "exceed",
        "succeed",
        "feed",
        "speed",
        "seed",
        "breed",
        "deed",
        "heed",
        "indeed",
        "creed",
        "greed",
        "red",
        "bed",
        "shed",
        "hundred",
        "sacred",
        "naked",
        "wicked",
        "hatred",
        "kindred",
    ]
)

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


def _token(
    text: str, norm: str, start: int, end: int, lemmas: tuple[str, ...], tags: frozenset[str], pos: str, kind: str
) -> Token:
    """``Token(...)``, the same object, without the frozen dataclass's eight ``object.__setattr__`` calls:
    a third of the time, and an archive has a token per six characters."""
    token = _new(Token)
    d = token.__dict__
    d["text"] = text
    d["norm"] = norm
    d["start"] = start
    d["end"] = end
    d["lemmas"] = lemmas
    d["tags"] = tags
    d["pos"] = pos
    d["kind"] = kind
    return token


_new = object.__new__


def tokenize(
    norm: Normalized, start: int, end: int, morph: Morphology, original: str, offset: int = 0
) -> tuple[Token, ...]:
    """Tokens of the folded span ``[start, end)``, with original offsets (plus ``offset``) and surface forms."""
    tokens = []
    identity = norm.ends is None  # nothing was folded away: offsets are the folded ones
    analyze = morph.analyze
    append = tokens.append
    for m in _TOKEN.finditer(norm.text, start, end):
        group = m.lastgroup
        surface = m.group()
        lower = surface.lower()
        a, b = m.span() if identity else norm.orig_span(m.start(), m.end())
        text = original[a:b]
        if group == "word" or group == "domain":
            # «сёл» is a noun, «сел» a verb: folding ё loses that, so a word written with ё is parsed as written
            lemmas, tags, pos = analyze(text.lower() if "ё" in text else lower)
            append(_token(text, lower, a + offset, b + offset, lemmas, tags, pos, "word"))
        elif group == "number":
            append(_token(text, lower, a + offset, b + offset, (lower,), _NUMB, "NUMB", "number"))
        else:
            kind = "symbol" if surface in "%№$€₸" else "punct"
            append(_token(text, lower, a + offset, b + offset, (lower,), _PNCT, "PNCT", kind))
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


# Memory and time per character must not depend on how a text is broken into lines and
# paragraphs. A line is normalized and split a window at a time (cut after its last whole
# sentence), and a paragraph longer than PARAGRAPH_CHARS starts a new one after the sentence
# that passes the mark: the attribution of a paragraph holds all its sentences at once. Both
# limits are far above real news (the longest line of the test sets is under 1,000 characters,
# the longest paragraph about 700), so on normal text nothing changes.
LINE_WINDOW = 8192
PARAGRAPH_CHARS = 4096


def _spans(text: str, start: int, end: int, *, dateline: bool = True) -> Iterator[tuple[int, int]]:
    """Sentence spans inside one line of folded text, without surrounding spaces."""
    m = _DATELINE.match(text, start, end) if dateline else None
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


def _windows(line: str, window: int) -> Iterator[tuple[int, str, Normalized, bool]]:
    """``line`` in pieces of at most ``window`` characters, each cut after a whole sentence.

    Yields the piece's offset in ``line``, the piece, its normalized form and whether it is
    the line's first piece (only a line's start can hold a dateline). A cut falls at the end
    of a sentence whose boundary was decided with what follows it in view, so the pieces
    split into the sentences of the whole line; a "sentence" longer than the window is cut at
    its last space inside it (or, with none, at the window's end).
    """
    start = 0
    n = len(line)
    while n - start > window:
        ahead = normalize(line[start : start + window + _LOOKAHEAD])
        cut = _last_sentence_end(ahead, _spans(ahead.text, 0, len(ahead.text), dateline=start == 0), window)
        if cut <= 0:
            piece = line[start : start + window]
            space = max(piece.rfind(" "), piece.rfind("\t"))
            cut = space + 1 if space > 0 else window
        yield start, line[start : start + cut], normalize(line[start : start + cut]), start == 0
        start += cut
    piece = line[start:] if start else line
    yield start, piece, normalize(piece), start == 0


# Characters read past a window, so that the boundary of its last sentence is decided as in the whole line.
_LOOKAHEAD = 64


def _last_sentence_end(norm: Normalized, spans: Iterable[tuple[int, int]], limit: int) -> int:
    """Original end (at most ``limit``) of the last sentence whose boundary saw what follows it; 0: none.

    ``_is_boundary`` looks at the next two characters other than spaces; a sentence whose
    boundary was decided with fewer in view may end elsewhere in the whole line.
    """
    best = 0
    for a, b in spans:
        end = norm.orig_span(a, b)[1]
        if end > limit:
            break
        if b < len(norm.text) and len(norm.text[b : b + _LOOKAHEAD].replace(" ", "")) >= 2:
            best = end
    return best


def split(
    doc: Document, morph: Morphology, *, window: int = LINE_WINDOW, paragraph_chars: int = PARAGRAPH_CHARS
) -> Iterator[Sentence]:
    """The sentences of ``doc``, line by line: each line is at least one sentence.

    Lines are normalized a window at a time, so a 50 MB article never has a second,
    folded copy in memory; a blank line starts a new paragraph, and so does the
    sentence after ``paragraph_chars`` characters of one.
    """
    text = doc.text
    index = 0
    paragraph = 0
    seen_text = False
    broken = False  # a blank line came after text: the next line opens a paragraph
    last_line = ""
    para_chars = 0
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        line = text[pos:end]
        if line.strip():
            if broken and not _attribution_line(last_line, line):
                paragraph += 1
                para_chars = 0
            seen_text, broken, last_line = True, False, line
            for at, piece, norm, first in _windows(line, window):
                ntext = norm.text
                offset = pos + at
                for a, b in _spans(ntext, 0, len(ntext), dateline=first):
                    a, b = _strip(ntext, a, b)
                    if a >= b:
                        continue
                    tokens = tokenize(norm, a, b, morph, piece, offset)
                    if not tokens:
                        continue
                    if para_chars >= paragraph_chars:
                        paragraph += 1
                        para_chars = 0
                    oa, ob = norm.orig_span(a, b)
                    yield Sentence(
                        doc.id,
                        index,
                        offset + oa,
                        offset + ob,
                        text[offset + oa : offset + ob],
                        tokens,
                        paragraph,
                        doc.lang,
                    )
                    para_chars += ob - oa
                    index += 1
        elif seen_text:
            broken = True
            seen_text = False
        if nl == -1:
            break
        pos = nl + 1


# A quotation closed with a comma at the end of a line («…»,  "…",  “…,”), then a line that opens with a dash and a
# lowercase word («– сказал Ашимбаев.»): outlets print the attribution as a paragraph of its own.
_QUOTE_COMMA = re.compile(r"(?:[\"»”]\s*,|,\s*[\"”])\s*$")
_DASH_VERB = re.compile(r"\s*[-–—]\s*[a-zа-яё]")


def _attribution_line(previous: str, line: str) -> bool:
    """Whether ``line`` only attributes the quotation that ``previous`` closed, so both are one paragraph."""
    return bool(_QUOTE_COMMA.search(previous) and _DASH_VERB.match(line))
