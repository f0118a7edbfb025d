"""Numbers in a sentence: digits, number words in any case, percentages and "from X to Y".

Reform slots need the value a sentence gives ("сорока пяти районах", "from 15 to 10
senators", "семилетний срок"), so number words are read from every lemma pymorphy3
allows, not from the surface. Every reader looks a bounded number of tokens ahead of
its start and the scan resumes after what it read, so the work stays linear in the
sentence length. Ordinals are not counts, but :func:`ordinal_at` reads them for dates
("в две тысячи двадцать третьем году").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from kg.model import NumberMention, Token

# --- word tables --------------------------------------------------------------------------

_RU_UNITS = {
    "ноль": 0, "нуль": 0, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "полтора": 1.5,
    "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8,
    "девятеро": 9,
}  # fmt: skip
_RU_TEENS = {
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
    "десятеро": 10,
}  # fmt: skip
_RU_TENS = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
}  # fmt: skip
_RU_HUNDREDS = {
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600,
    "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "полтораста": 150,
}  # fmt: skip
_RU_MULT = {
    "тысяча": 10**3, "тыс": 10**3, "миллион": 10**6, "млн": 10**6, "миллиард": 10**9,
    "млрд": 10**9, "триллион": 10**12, "трлн": 10**12,
}  # fmt: skip
# A multiplier with no count before it is a number only in the singular: "тысяча",
# "более тысячи" is ambiguous with "тысячи людей" (thousands), so it is left out.
_RU_BARE_MULT = frozenset({"тысяча", "тысячу", "тысячей", "тысячью", "миллион", "миллионом", "миллиард"})
_RU_ONE = "один"
_RU_ORD_UNITS = {
    "первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "пятый": 5, "шестой": 6, "седьмой": 7,
    "восьмой": 8, "девятый": 9,
}  # fmt: skip
_RU_ORD_TEENS = {
    "десятый": 10, "одиннадцатый": 11, "двенадцатый": 12, "тринадцатый": 13, "четырнадцатый": 14,
    "пятнадцатый": 15, "шестнадцатый": 16, "семнадцатый": 17, "восемнадцатый": 18,
    "девятнадцатый": 19,
}  # fmt: skip
_RU_ORD_TENS = {
    "двадцатый": 20, "тридцатый": 30, "сороковой": 40, "пятидесятый": 50, "шестидесятый": 60,
    "семидесятый": 70, "восьмидесятый": 80, "девяностый": 90,
}  # fmt: skip
_RU_ORD_HUNDREDS = {
    "сотый": 100, "двухсотый": 200, "трехсотый": 300, "четырехсотый": 400, "пятисотый": 500,
    "шестисотый": 600, "семисотый": 700, "восьмисотый": 800, "девятисотый": 900,
}  # fmt: skip
_RU_ORD_MULT = {
    "тысячный": 1000, "двухтысячный": 2000, "трехтысячный": 3000, "миллионный": 10**6,
}  # fmt: skip

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_EN_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_MULT = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "mln": 10**6, "bn": 10**9,
}  # fmt: skip
_EN_ORD_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_EN_ORD_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_EN_ORD_TENS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_EN_ORD_MULT = {"hundredth": 100, "thousandth": 1000, "millionth": 10**6}

# Ranks keep "двадцать пять" one number and "пять двадцать" two: a word may follow only
# words of a higher rank. (high, low): a teen fills both the tens and the units slot.
_UNIT, _TEEN, _TEN, _HUNDRED = (1, 1), (2, 1), (2, 2), (3, 3)


def _ranked(*tables: tuple[dict[str, float], tuple[int, int]]) -> dict[str, tuple[float, tuple[int, int]]]:
    return {word: (value, rank) for table, rank in tables for word, value in table.items()}


_RU_CARD = _ranked((_RU_UNITS, _UNIT), (_RU_TEENS, _TEEN), (_RU_TENS, _TEN), (_RU_HUNDREDS, _HUNDRED))
_RU_ORD = _ranked((_RU_ORD_UNITS, _UNIT), (_RU_ORD_TEENS, _TEEN), (_RU_ORD_TENS, _TEN), (_RU_ORD_HUNDREDS, _HUNDRED))
_EN_CARD = _ranked((_EN_UNITS, _UNIT), (_EN_TEENS, _TEEN), (_EN_TENS, _TEN))
_EN_ORD = _ranked((_EN_ORD_UNITS, _UNIT), (_EN_ORD_TEENS, _TEEN), (_EN_ORD_TENS, _TEN))

# "семилетний", "двадцатипятилетний", "пятипроцентный": a number stem and what it counts.
_RU_STEMS = {
    "одно": 1, "двух": 2, "дву": 2, "трех": 3, "четырех": 4, "пяти": 5, "шести": 6, "семи": 7,
    "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11, "двенадцати": 12,
    "тринадцати": 13, "четырнадцати": 14, "пятнадцати": 15, "шестнадцати": 16, "семнадцати": 17,
    "восемнадцати": 18, "девятнадцати": 19, "двадцати": 20, "тридцати": 30, "сорока": 40,
    "пятидесяти": 50, "шестидесяти": 60, "семидесяти": 70, "восьмидесяти": 80, "девяноста": 90,
    "сто": 100,
}  # fmt: skip
_RU_STEM_RE = re.compile("|".join(sorted(_RU_STEMS, key=len, reverse=True)))
_RU_ADJ_UNITS = (
    ("летн", "год"), ("годичн", "год"), ("месячн", "месяц"), ("дневн", "день"),
    ("недельн", "неделя"), ("процентн", "percent"),
)  # fmt: skip

# Suffixes of "45-ти", "5-й" after a hyphen: case endings of a count, of an ordinal.
_RU_CARD_SUFFIXES = frozenset({"ти", "и", "х", "ех", "ух", "ми", "мя", "ью", "ю", "ста", "сот"})
_RU_ORD_SUFFIXES = frozenset(
    {
        "й", "ый", "ий", "ой", "го", "ого", "его", "му", "ому", "ему", "м", "ым", "им", "ом", "ем", "я",
        "ая", "яя", "е", "ое", "ее", "ые", "ие", "ую", "юю", "ых", "их", "ыми", "ими"
    }
)  # fmt: skip
_EN_ORD_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_EN_HYPHEN_UNITS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "day": "day",
    "days": "day", "week": "week", "weeks": "week", "member": "member", "members": "member",
    "seat": "seat", "seats": "seat", "term": "term", "terms": "term", "percent": "percent",
    "per-cent": "percent",
}  # fmt: skip

_PERCENT_WORDS = frozenset({"percent", "pct", "процент", "проц"})
_EN_QUANTITY_MODIFIERS = frozenset({"more", "additional", "other", "new", "further", "extra"})
_EN_STOP = frozenset(
    {
        "a", "an", "the", "of", "and", "or", "but", "to", "from", "in", "on", "at", "by", "for", "with",
        "as", "than", "that", "which", "who", "whom", "whose", "this", "these", "those", "is", "are", "was",
        "were", "be", "been", "being", "am", "has", "have", "had", "will", "would", "shall", "should",
        "can", "could", "may", "might", "must", "do", "does", "did", "not", "no", "nor", "so", "if", "then",
        "there", "their", "its", "his", "her", "our", "your", "more", "less", "most", "least", "about",
        "over", "under", "into", "onto", "per", "up", "down", "out", "off", "also", "only", "just", "each",
        "percent", "pct"
    }
)  # fmt: skip
_MAX_WORDS = 12  # the longest number phrase read ("девятьсот девяносто девять тысяч …")


@dataclass(frozen=True)
class _Piece:
    """One number word: a token, or one part of a hyphenated English token."""

    index: int
    kind: str  # card | one | mult | hundred | ord | ordmult | a | and | dozen
    value: float = 0
    rank: tuple[int, int] = (0, 0)


# --- digits -------------------------------------------------------------------------------


def parse_digits(text: str, lang: str) -> tuple[Decimal, str] | None:
    """Value and hyphen suffix of a number token ("20 000", "77,18", "20,000", "45-ти").

    A comma is a decimal mark in Russian and a thousands separator in English when three
    digits follow it; a run of separators is a thousands grouping only if every group has
    three digits, so "05.11.2023" is not a number.
    """
    body, _, suffix = text.partition("-")
    body = body.replace(" ", "")
    if not body or not body[0].isdigit():
        return None
    seps = [c for c in body if c in ".,"]
    try:
        if not seps:
            return Decimal(body), suffix
        groups = re.split(r"[.,]", body)
        if len(set(seps)) == 2:  # "1,234.5" or "1.234,5": the last mark is the decimal one
            dec = seps[-1]
            whole, _, frac = body.rpartition(dec)
            if not all(len(g) == 3 for g in re.split(r"[.,]", whole)[1:]):
                return None
            return Decimal(re.sub(r"[.,]", "", whole) + "." + frac), suffix
        if len(seps) > 1:
            if all(len(g) == 3 for g in groups[1:]):
                return Decimal("".join(groups)), suffix
            return None
        if seps[0] == "," and lang == "en" and len(groups[1]) == 3:
            return Decimal("".join(groups)), suffix
        return Decimal(groups[0] + "." + groups[1]), suffix
    except InvalidOperation:
        return None


# --- word classification --------------------------------------------------------------------


def _ru_piece(tok: Token, i: int) -> _Piece | None:
    if tok.kind != "word":
        return None
    lemmas = tok.lemmas
    for lemma in lemmas:
        hit = _RU_CARD.get(lemma)
        if hit is not None and (tok.pos == "NUMR" or lemma == lemmas[0]):
            return _Piece(i, "card", hit[0], hit[1])
    for lemma in lemmas:
        if lemma in _RU_MULT and lemma == lemmas[0]:
            return _Piece(i, "mult", _RU_MULT[lemma])
    if lemmas[0] == _RU_ONE and "plur" not in tok.tags:
        return _Piece(i, "one", 1, _UNIT)
    if tok.pos in ("ADJF", "NUMR") or "Anum" in tok.tags:
        for lemma in lemmas:
            hit = _RU_ORD.get(lemma)
            if hit is not None:
                return _Piece(i, "ord", hit[0], hit[1])
            if lemma in _RU_ORD_MULT:
                return _Piece(i, "ordmult", _RU_ORD_MULT[lemma])
    return None


def _en_part(part: str, i: int) -> _Piece | None:
    if part in _EN_CARD:
        value, rank = _EN_CARD[part]
        return _Piece(i, "one" if part == "one" else "card", value, rank)
    if part == "hundred":
        return _Piece(i, "hundred", 100)
    if part in _EN_MULT:
        return _Piece(i, "mult", _EN_MULT[part])
    if part in _EN_ORD:
        value, rank = _EN_ORD[part]
        return _Piece(i, "ord", value, rank)
    if part in _EN_ORD_MULT:
        return _Piece(i, "ordmult", _EN_ORD_MULT[part])
    if part == "a":
        return _Piece(i, "a", 1)
    if part == "and":
        return _Piece(i, "and")
    if part == "dozen":
        return _Piece(i, "dozen", 12)
    return None


def _en_pieces(tok: Token, i: int) -> tuple[list[_Piece], str] | None:
    """Number parts of an English word ("forty-five", "seven-year": the rest is returned)."""
    if tok.kind != "word":
        return None
    parts = tok.norm.split("-")
    pieces: list[_Piece] = []
    if len(parts) == 1:
        piece = _en_part(parts[0], i)
        return ([piece], "") if piece is not None else None
    for k, part in enumerate(parts):
        piece = _en_part(part, i)
        if piece is None or piece.kind in ("a", "and"):
            if k == 0:
                return None
            return pieces, "-".join(parts[k:])
        pieces.append(piece)
    return pieces, ""


class _Stream:
    """Number words from token ``start`` on, read lazily: a parse looks one word ahead only."""

    def __init__(self, tokens: Sequence[Token], start: int, lang: str) -> None:
        self.tokens = tokens
        self.start = start
        self.lang = lang
        self.next = start
        self.buf: list[_Piece] = []
        self.rest = ""  # the rest of the last hyphenated English word ("year" of "seven-year")
        self.done = False

    def get(self, k: int) -> _Piece | None:
        while len(self.buf) <= k and not self.done:
            self._pull()
        return self.buf[k] if k < len(self.buf) else None

    def _pull(self) -> None:
        j = self.next
        if j >= len(self.tokens) or j - self.start >= _MAX_WORDS:
            self.done = True
            return
        tok = self.tokens[j]
        self.next = j + 1
        if self.lang == "ru" or _is_cyrillic(tok.norm):
            piece = _ru_piece(tok, j)
            if piece is None:
                self.done = True
            else:
                self.buf.append(piece)
            return
        got = _en_pieces(tok, j)
        if got is None:
            self.done = True
            return
        parts, rest = got
        self.buf.extend(parts)
        if rest:
            self.rest = rest
            self.done = True


def _is_cyrillic(text: str) -> bool:
    return any("а" <= c <= "я" for c in text[:3])


@dataclass(frozen=True)
class _Read:
    value: float
    last: int  # token index of the last word read
    ordinal: bool = False
    lone_one: bool = False  # the whole number is a bare "один"/"one"
    rest: str = ""  # what follows the number inside a hyphenated English word


def _read_words(tokens: Sequence[Token], i: int, lang: str) -> _Read | None:
    """Read a number written in words starting at ``i``: the longest well-formed reading.

    A cardinal followed by an ordinal that fits it ("двадцать третьем", "две тысячи
    первом") is read as one ordinal, so a count scan can skip it whole.
    """
    stream = _Stream(tokens, i, lang)
    total = 0.0
    group: float | None = None
    low = 99  # rank of the last word of the current group
    last_mult = float("inf")
    best: _Read | None = None
    k = 0
    while (p := stream.get(k)) is not None:
        nxt = stream.get(k + 1)
        if p.kind in ("card", "one"):
            if group is None:
                group, low = p.value, p.rank[1]
            elif p.rank[0] < low:
                group, low = group + p.value, p.rank[1]
            else:
                break
        elif p.kind == "a":
            if nxt is None or nxt.kind not in ("hundred", "mult", "dozen") or group is not None or total:
                break
            group, low = 1, 1
            k += 1
            continue
        elif p.kind == "hundred":
            if group is None or group >= 10 or low != 1:
                break
            group, low = group * 100, 3
        elif p.kind == "dozen":
            if group is None or group >= 100:
                break
            group, low = group * 12, 1
        elif p.kind == "and":
            prev = stream.get(k - 1) if k else None
            if prev is None or prev.kind not in ("hundred", "mult") or nxt is None:
                break
            if nxt.kind not in ("card", "one"):
                break
            k += 1
            continue
        elif p.kind == "mult":
            if p.value >= last_mult:
                break
            if group is None:
                lone = tokens[p.index].norm in _RU_BARE_MULT or (nxt is not None and nxt.kind == "card")
                if total or not lone:  # "тысячи людей" are thousands, "тысячи девятисот" is 1900
                    break
                group = 1
            total += group * p.value
            group, low, last_mult = None, 99, p.value
        elif p.kind == "ord":
            if group is not None and p.rank[0] >= low:
                break
            return _Read(total + (group or 0) + p.value, p.index, ordinal=True)
        elif p.kind == "ordmult":
            if group is not None or p.value >= last_mult:
                break
            return _Read(total + p.value, p.index, ordinal=True)
        else:
            break
        best = _Read(total + (group or 0), p.index, lone_one=(p.kind == "one" and k == 0))
        if group is not None and p.kind in ("card", "one"):
            half = _half_at(tokens, p.index)
            if half is not None:  # "два с половиной [миллиона]" ends the number
                group += 0.5
                end = half
                m = _ru_piece(tokens[half + 1], half + 1) if half + 1 < len(tokens) else None
                if m is not None and m.kind == "mult" and m.value < last_mult:
                    total, group, end = total + group * m.value, None, half + 1
                return _Read(total + (group or 0), end)
        k += 1
    if best is None:
        return None
    if stream.rest and stream.get(k) is None and best.last == stream.buf[-1].index:
        best = replace(best, rest=stream.rest)
    return best


def _half_at(tokens: Sequence[Token], j: int) -> int | None:
    """Index of "половиной" in "два с половиной", else None."""
    if j + 2 < len(tokens) and tokens[j + 1].norm == "с" and tokens[j + 2].norm == "половиной":
        return j + 2
    return None


def ordinal_at(tokens: Sequence[Token], i: int, lang: str) -> tuple[int, int] | None:
    """An ordinal starting at token ``i``: (value, index of its last token), else None.

    Reads words ("третьем", "двадцать девятого", "две тысячи двадцать третьем",
    "двухтысячном", "twenty-first") and digits with an ordinal ending ("5-го", "5th").
    """
    if not 0 <= i < len(tokens):
        return None
    tok = tokens[i]
    if tok.kind == "number":
        parsed = parse_digits(tok.norm, lang)
        if parsed is None or parsed[0] != parsed[0].to_integral_value() or parsed[0] > 10**12:
            return None
        value, suffix = parsed
        if suffix in _RU_ORD_SUFFIXES:
            return int(value), i
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if not suffix and nxt is not None and nxt.norm in _EN_ORD_SUFFIXES and nxt.start == tok.end:
            return int(value), i + 1
        return None
    read = _read_words(tokens, i, lang)
    if read is None or not read.ordinal or read.rest:
        return None
    return int(read.value), read.last


def cardinal_at(tokens: Sequence[Token], i: int, lang: str) -> tuple[float, int] | None:
    """A count written in words or digits at token ``i``: (value, index of its last token)."""
    if not 0 <= i < len(tokens):
        return None
    got = _atom_at(tokens, i, lang)
    if got is None:
        return None
    return got.value, got.last


# --- mentions ---------------------------------------------------------------------------------


def _stem_count(lemma: str) -> tuple[float, str] | None:
    """ "двадцатипятилетний" → (25, "год"): number stems glued to a unit adjective."""
    value = 0
    low = 99
    pos = 0
    while True:
        m = _RU_STEM_RE.match(lemma, pos)
        if m is None:
            break
        stem_value = _RU_STEMS[m.group(0)]
        rank = _UNIT if stem_value < 10 else _TEEN if stem_value < 20 else _TEN if stem_value < 100 else _HUNDRED
        if rank[0] >= low:
            break
        value += stem_value
        low = rank[1]
        pos = m.end()
    if pos == 0:
        return None
    rest = lemma[pos:]
    for prefix, unit in _RU_ADJ_UNITS:
        if rest.startswith(prefix) and not rest.startswith("летие"):
            return float(value), unit
    return None


def _atom_at(tokens: Sequence[Token], i: int, lang: str) -> NumberMention | None:
    """A single number (no range) starting at token ``i``, with its percent flag and unit."""
    tok = tokens[i]
    n = len(tokens)
    unit: str | None = None
    percent = False
    if tok.kind == "number":
        if _is_clock(tokens, i) or (i > 0 and tokens[i - 1].norm in ("№", "#")):
            return None
        parsed = parse_digits(tok.norm, lang)
        if parsed is None:
            return None
        dec, suffix = parsed
        last = i
        if suffix:
            kind = _suffix_kind(suffix)
            if kind is None:
                return None
            if kind == "percent":
                percent = True
            elif kind:
                unit = kind
        else:
            nxt = tokens[i + 1] if i + 1 < n else None
            if nxt is not None and nxt.norm in _EN_ORD_SUFFIXES and nxt.start == tok.end:
                return None
            if nxt is not None and nxt.kind == "word":
                mult = _multiplier(nxt)
                if mult:
                    dec *= mult
                    last = i + 1
        value = float(dec)
        if not math.isfinite(value):
            return None
        if not unit and not percent:
            pct_last = _percent_after(tokens, last)
            if pct_last is not None:
                percent, last = True, pct_last
        if not percent and unit is None:
            unit = _unit_after(tokens, last + 1, lang)
        return NumberMention(i, last, value, percent, "percent" if percent else unit)
    if tok.kind != "word":
        return None
    if lang == "ru" or _is_cyrillic(tok.norm):
        for lemma in tok.lemmas[:1]:
            stem = _stem_count(lemma)
            if stem is not None:
                value, what = stem
                if what == "percent":
                    return NumberMention(i, i, value, True, "percent")
                return NumberMention(i, i, value, False, what)
    read = _read_words(tokens, i, lang)
    if read is None or read.ordinal:
        return None
    if read.rest:
        what = _EN_HYPHEN_UNITS.get(read.rest)
        if what is None:
            return None
        if what == "percent":
            return NumberMention(i, read.last, read.value, True, "percent")
        return NumberMention(i, read.last, read.value, False, what)
    last = read.last
    if read.lone_one and not _one_counts(tokens, i, lang):
        return None
    pct_last = _percent_after(tokens, last)
    if pct_last is not None:
        return NumberMention(i, pct_last, read.value, True, "percent")
    return NumberMention(i, last, read.value, False, _unit_after(tokens, last + 1, lang))


def _suffix_kind(suffix: str) -> str | None:
    """What a hyphen suffix makes of a number: "" (a count), a unit, "percent", or None (skip)."""
    if suffix in _RU_CARD_SUFFIXES:
        return ""
    if suffix in _RU_ORD_SUFFIXES or suffix in _EN_ORD_SUFFIXES or suffix.startswith("летие"):
        return None
    for prefix, unit in _RU_ADJ_UNITS:
        if suffix.startswith(prefix):
            return unit
    return _EN_HYPHEN_UNITS.get(suffix)


def _is_clock(tokens: Sequence[Token], i: int) -> bool:
    """ "7:00", "20:00": digits glued to a colon and more digits on either side."""
    tok = tokens[i]
    n = len(tokens)
    after = i + 2 < n and tokens[i + 1].norm == ":" and tokens[i + 2].kind == "number"
    if after and tokens[i + 1].start == tok.end and tokens[i + 2].start == tokens[i + 1].end:
        return True
    if i >= 2 and tokens[i - 1].norm == ":" and tokens[i - 2].kind == "number":
        return tokens[i - 1].end == tok.start and tokens[i - 2].end == tokens[i - 1].start
    return False


def _multiplier(tok: Token) -> int | None:
    if tok.norm in _EN_MULT:
        return _EN_MULT[tok.norm]
    if _is_cyrillic(tok.norm) and tok.lemmas[0] in _RU_MULT:
        return _RU_MULT[tok.lemmas[0]]
    return None


def _percent_after(tokens: Sequence[Token], last: int) -> int | None:
    """Index of the last token of a percent marker right after ``last``, else None."""
    j = last + 1
    n = len(tokens)
    if j < n and tokens[j].norm == "." and tokens[last].norm in ("тыс", "млн", "млрд"):
        j += 1
    if j >= n:
        return None
    tok = tokens[j]
    if tok.norm == "%":
        return j
    if tok.kind != "word":
        return None
    if tok.norm in ("percent", "pct", "per-cent") or any(lem in _PERCENT_WORDS for lem in tok.lemmas[:2]):
        if tok.norm.startswith("процентн"):
            return None
        return j
    if tok.norm == "per" and j + 1 < n and tokens[j + 1].norm == "cent":
        return j + 1
    return None


def _one_counts(tokens: Sequence[Token], i: int, lang: str) -> bool:
    """Whether a lone "один"/"one" counts a noun ("одним сроком", "one term"), not "one of"."""
    n = len(tokens)
    if i > 0 and tokens[i - 1].norm in ("ни", "the", "no", "any", "every", "this", "that", "which"):
        return False
    j = i + 1
    for _ in range(3):
        if j >= n or tokens[j].kind != "word":
            return False
        tok = tokens[j]
        if lang == "ru" or _is_cyrillic(tok.norm):
            if tok.pos == "NOUN":
                return "sing" in tok.tags
            if tok.pos not in ("ADJF", "PRTF"):
                return False
        else:
            if tok.norm in _EN_STOP or tok.norm in ("another", "other", "day"):
                return False
            if "NOUN" in tok.tags and "ADJ" not in tok.tags:
                return True
            if "ADJ" not in tok.tags and "X" not in tok.tags and tok.tags:
                return False
        j += 1
    return False


def _unit_after(tokens: Sequence[Token], j: int, lang: str) -> str | None:
    """Lemma of the noun a number counts, allowing two modifiers in between."""
    n = len(tokens)
    if j < n and tokens[j].norm == "." and j > 0 and tokens[j - 1].norm in ("тыс", "млн", "млрд"):
        j += 1
    # "45 -ти районов": a detached case ending
    if j + 1 < n and tokens[j].norm == "-" and tokens[j + 1].norm in _RU_CARD_SUFFIXES:
        j += 2
    if j >= n:
        return None
    if lang == "ru" or _is_cyrillic(tokens[j].norm):
        for k in range(j, min(j + 3, n)):
            tok = tokens[k]
            if tok.kind != "word" or not _is_cyrillic(tok.norm):
                return None
            if tok.pos == "NOUN":
                return tok.lemmas[0]
            if tok.pos not in ("ADJF", "PRTF"):
                return None
        return None
    candidate: str | None = None
    if j < n and tokens[j].norm in _EN_QUANTITY_MODIFIERS:  # "forty-two more districts"
        j += 1
    for k in range(j, min(j + 3, n)):
        tok = tokens[k]
        if tok.kind != "word" or tok.norm in _EN_STOP or _is_cyrillic(tok.norm):
            break
        head = tok.norm.rsplit("-", 1)[-1]
        lemma = tok.lemmas[0]
        if "NOUN" in tok.tags and head.endswith("s") and lemma != tok.norm and not head.endswith("ss"):
            return lemma
        if tok.norm in ("people", "police", "staff", "personnel"):
            return tok.norm
        if "VERB" in tok.tags and "NOUN" not in tok.tags:
            if tok.norm.endswith(("ed", "ing")):
                continue  # a participle before the noun: "50 elected senators"
            break
        if "NOUN" in tok.tags:
            candidate = lemma
        elif candidate is not None:
            break
    return candidate


def _apply_change(tokens: Sequence[Token], atoms: list[NumberMention]) -> list[NumberMention]:
    """Set ``from_value`` on the new value of "с X до Y", "from X to Y", "to Y from X"."""
    out = list(atoms)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        before = tokens[a.first - 1].norm if a.first > 0 else ""
        gap = tokens[a.last + 1 : b.first]
        if len(gap) > 4:
            continue
        words = [t.norm for t in gap]
        to_side: int | None = None
        if (before in ("с", "со", "c") and words and words[-1] == "до" and _plain_gap(gap[:-1])) or (
            before == "from" and words and words[-1] == "to" and _plain_gap(gap[:-1])
        ):
            to_side = k + 1
        elif before == "to" and words and words[-1] == "from":
            middle = [w for w in words[:-1] if w not in (",", "down", "up")]
            if len(middle) <= 2 and _plain_gap([t for t in gap[:-1] if t.norm not in (",", "down", "up")]):
                to_side = k
        if to_side is None:
            continue
        new, old = (b, a) if to_side == k + 1 else (a, b)
        percent = a.percent or b.percent
        unit = "percent" if percent else (new.unit or old.unit)
        old_unit = "percent" if percent else (old.unit or new.unit)
        new = replace(new, percent=percent, unit=unit, from_value=old.value)
        old = replace(old, percent=percent, unit=old_unit)
        out[k], out[k + 1] = (old, new) if to_side == k + 1 else (new, old)
    return out


def _plain_gap(gap: Sequence[Token]) -> bool:
    """Up to two words (a unit and its modifier) between the two numbers of a change."""
    return len(gap) <= 2 and all(t.kind == "word" for t in gap)


def find_numbers(tokens: Sequence[Token], lang: str) -> list[NumberMention]:
    """Every count and percentage in ``tokens``, in order; ordinals and clock times are left out."""
    atoms: list[NumberMention] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind not in ("number", "word"):
            i += 1
            continue
        atom = _atom_at(tokens, i, lang)
        if atom is None:
            if tok.kind == "word":
                skip = _read_words(tokens, i, lang) if _could_start(tok) else None
                i = skip.last + 1 if skip is not None and skip.ordinal else i + 1
            else:
                i += 1
            continue
        atoms.append(atom)
        i = atom.last + 1
    return _apply_change(tokens, _ratios(tokens, atoms))


_RATIO_JOINS = frozenset(["на", "/", "-", "–", "—", ":", "to", "by"])


def _ratios(tokens: Sequence[Token], atoms: list[NumberMention]) -> list[NumberMention]:
    """A split of 100 ("70 на 30", "70/30", "50-50", "a 50-50 ratio") is two percentages."""
    out = list(atoms)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        joined = b.first - a.last == 2 and tokens[a.last + 1].norm in _RATIO_JOINS
        # the second side's unit is what follows the pair ("the 70/30 formula"), not a unit of the first
        if joined and a.value + b.value == 100 and a.unit in (None, "percent"):
            out[k] = replace(a, percent=True, unit="percent", ratio=True)
            out[k + 1] = replace(b, percent=True, unit="percent", ratio=True)
    return out


def _could_start(tok: Token) -> bool:
    """Cheap test that a word may open a number phrase (keeps the scan from re-reading)."""
    return tok.pos in ("NUMR", "ADJF") or tok.norm in _EN_CARD or tok.norm in ("a", "one") or "-" in tok.norm
