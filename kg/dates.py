"""Time expressions resolved to a year: dates, months, seasons, years and relative time.

A claim's year is the year its reform happens, so every expression is resolved to a
year right away, against the article date ``ref`` when it is relative ("в следующем
году", "on Sunday", "5 ноября" without a year). A bare four-digit number is a year only
in a time context ("в 2023", "2023 года", "since 2021"), never "the 2023 national
budget" or "до 2000 человек". Each matcher looks a bounded number of tokens around its
start and the scan resumes after a match, so the work is linear in the sentence length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.model import TimeMention, Token
from kg.numbers import cardinal_at, ordinal_at

_RU_MONTHS = {
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip
_RU_MONTH_ABBR = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}  # fmt: skip
_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_EN_MONTH_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Months that are also common words ("may", "march", "Марта") need a day or a year nearby.
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "марта", "мая", "мае", "май", "март"})

# Seasons, by the month they start in (which year "last winter" means depends on it).
_RU_SEASON_ABLT = {"летом": 6, "зимой": 12, "зимою": 12, "весной": 3, "весною": 3, "осенью": 9}
_RU_SEASON_FORMS = {
    "лето": 6, "лета": 6, "лету": 6, "лете": 6, "зима": 12, "зимы": 12, "зиме": 12, "зиму": 12,
    "весна": 3, "весны": 3, "весне": 3, "весну": 3, "осень": 9, "осени": 9,
    **_RU_SEASON_ABLT,
}  # fmt: skip
_EN_SEASONS = {"summer": 6, "winter": 12, "spring": 3, "autumn": 9, "fall": 9}

# "следующий год" → +1: lemmas of the adjectives that place a period relative to now.
_RU_REL = {
    "следующий": 1, "будущий": 1, "наступающий": 1, "грядущий": 1, "предстоящий": 1,
    "прошлый": -1, "прошедший": -1, "минувший": -1, "истекший": -1, "позапрошлый": -2,
    "этот": 0, "текущий": 0, "нынешний": 0, "сей": 0,
}  # fmt: skip
_EN_REL = {"next": 1, "coming": 1, "last": -1, "this": 0, "current": 0}
_RU_YEAR_ADJ = {"прошлогодний": -1, "позапрошлогодний": -2}  # a year in one adjective
_RU_YEAR_SING = frozenset({"год", "года", "году", "годом", "годе"})
_RU_YEAR_NOUNS = _RU_YEAR_SING | {"годы", "годов", "годах", "годам", "годами", "г", "гг"}
_RU_YEARS_PLURAL = frozenset({"лет", "года", "год"})  # after a count: "два года", "пять лет", "год"
_RU_MONTH_NOUN = frozenset({"месяц", "месяца", "месяце", "месяцем", "месяцу"})
_RU_WEEK_NOUN = frozenset({"неделя", "недели", "неделе", "неделю", "неделей"})
_RU_DAYS = {"сегодня": 0, "вчера": -1, "завтра": 1, "позавчера": -2, "послезавтра": 2}
_EN_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
_RU_WEEKDAYS = frozenset({"понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"})
_RU_WEEKDAY_ADJ = frozenset({"ближайший", "минувший", "прошедший", "прошлый", "этот", "следующий"})
_EN_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

_RU_PREPS = frozenset({"в", "во", "с", "со", "до", "к", "ко", "по", "от", "на", "после", "за", "перед"})
_EN_PREPS = frozenset(
    {"in", "on", "since", "by", "from", "until", "till", "to", "at", "during", "through", "for",
     "throughout", "before", "after", "starting", "effective", "beginning", "between", "of"}
)  # fmt: skip
_SINCE = frozenset({"с", "со", "since", "from", "starting", "effective", "beginning"})
# A year after one of these is a year even without "год": "в 2023", "by 2025".
_RU_YEAR_PREPS = frozenset({"в", "во", "с", "со", "до", "к", "ко", "по", "от", "после", "перед"})
_EN_YEAR_PREPS = frozenset(
    {"in", "since", "by", "from", "until", "till", "before", "after", "during", "through", "for",
     "throughout", "early", "late", "mid", "circa", "between", "starting", "effective"}
)  # fmt: skip
_RANGE_LINKS = frozenset({"-", "to", "and", "по", "до", "through", "/"})
_RU_PERIOD_PARTS = frozenset(
    {"начале", "конце", "середине", "начала", "конца", "середины", "концу", "началу", "половине",
     "половины", "квартале", "квартала"}
)  # fmt: skip
_RU_HALVES = frozenset({"первой", "второй", "первом", "втором", "третьем", "четвертом"})
_EN_PERIOD_PARTS = frozenset({"end", "beginning", "start", "middle", "half", "turn", "quarter"})
_EN_PERIOD_MODS = frozenset({"early", "late", "mid"})
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR_TOKEN = re.compile(r"(\d{4})(?:-(м|го|й|ом|ый|е|х|ого))?")


@dataclass(frozen=True)
class _Hit:
    """A matched expression; ``year`` is None when it needs a reference date that is missing."""

    first: int
    last: int
    year: int | None
    date: str | None = None
    relative: bool = False
    month: int | None = None


def _lemma_in(tok: Token, table: dict[str, int]) -> int | None:
    for lemma in tok.lemmas:
        if lemma in table:
            return table[lemma]
    return None


def _is_ru(tok: Token) -> bool:
    return any("а" <= c <= "я" for c in tok.norm[:3])


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year_value(tok: Token) -> int | None:
    """1900–2100 written as four digits ("2023", "2023-м"), else None."""
    if tok.kind != "number":
        return None
    m = _YEAR_TOKEN.fullmatch(tok.norm)
    if m is None:
        return None
    year = int(m.group(1))
    return year if 1900 <= year <= 2100 else None


def _day_value(tok: Token) -> int | None:
    """A day of the month in digits ("5", "05", "5-го")."""
    if tok.kind != "number":
        return None
    m = re.fullmatch(r"(\d{1,2})(?:-(?:го|е|ое|м|й))?", tok.norm)
    if m is None:
        return None
    day = int(m.group(1))
    return day if 1 <= day <= 31 else None


def _month_at(tokens: Sequence[Token], j: int) -> tuple[int, int] | None:
    """(month, last index) for a month name at ``j``; abbreviations may take a full stop."""
    if not 0 <= j < len(tokens) or tokens[j].kind != "word":
        return None
    tok = tokens[j]
    if _is_ru(tok):
        if tok.lemmas[0] in _RU_MONTHS:
            return _RU_MONTHS[tok.lemmas[0]], j
        month = _RU_MONTH_ABBR.get(tok.norm)
    else:
        if not tok.text[:1].isupper():
            return None
        month = _EN_MONTHS.get(tok.norm)
        if month is not None:
            return month, j
        month = _EN_MONTH_ABBR.get(tok.norm)
    if month is None:
        return None
    if j + 1 < len(tokens) and tokens[j + 1].norm == ".":
        return month, j + 1
    return month, j


def _add_days(ref: dt.date, days: int) -> dt.date | None:
    """``ref`` moved by ``days``, or None past the calendar's ends."""
    try:
        return ref + dt.timedelta(days=days)
    except OverflowError:
        return None


def _shift_year(ref: dt.date, months: int) -> int:
    return ref.year + (ref.month - 1 + months) // 12


def _part_year(ref: dt.date, offset: int, month: int) -> int:
    """Year of "last/this/next September" or "прошлым летом" seen from ``ref``."""
    if offset == 0:
        return ref.year
    if offset < 0:
        return ref.year if month < ref.month else ref.year - 1
    return ref.year if month > ref.month else ref.year + 1


class _Scanner:
    """The matchers over one token list; ``ref`` resolves relative expressions."""

    def __init__(self, tokens: Sequence[Token], lang: str, ref: dt.date | None) -> None:
        self.t = tokens
        self.n = len(tokens)
        self.lang = lang
        self.ref = ref

    # --- small readers ------------------------------------------------------------------

    def norm(self, j: int) -> str:
        """The folded word at ``j`` ("" outside); a Latin "c" typed for «с» reads as «с»."""
        if not 0 <= j < self.n:
            return ""
        word = self.t[j].norm
        return "с" if word == "c" and self.lang == "ru" else word

    def _rel_year(self, offset: int) -> int | None:
        return self.ref.year + offset if self.ref is not None else None

    def year_tail(self, k: int) -> tuple[int | None, int, bool] | None:
        """A year right after a date or month at ``k``: (year, last index, relative).

        "2023", "2023 года", "2023 г.", ", 2023", "of 2023", "прошлого года", "last year",
        "две тысячи двадцать третьего года".
        """
        j = k
        if self.norm(j) in (",", "of"):
            j += 1
        if j >= self.n:
            return None
        tok = self.t[j]
        year = _year_value(tok)
        if year is not None:
            if self.norm(j + 1) in _RU_YEAR_NOUNS:
                return year, j + 1, False
            return year, j, False
        if j != k and self.norm(k) == ",":
            return None
        if tok.kind != "word":
            return None
        if _is_ru(tok):
            offset = _lemma_in(tok, _RU_REL)
            if offset is not None and self.norm(j + 1) in _RU_YEAR_SING:
                return self._rel_year(offset), j + 1, True
            got = ordinal_at(self.t, j, "ru") if tok.pos in ("NUMR", "ADJF") else None
            if got is not None and 1900 <= got[0] <= 2100 and self.norm(got[1] + 1) in _RU_YEAR_NOUNS:
                return got[0], got[1] + 1, False
            return None
        offset = _EN_REL.get(tok.norm)
        if offset is not None and self.norm(j + 1) == "year":
            return self._rel_year(offset), j + 1, True
        return None

    # --- matchers -------------------------------------------------------------------------

    def day_first(self, i: int) -> _Hit | None:
        """ "5 ноября 2023 года", "пятого ноября", "16 March 2022", "5th of November"."""
        tok = self.t[i]
        day = _day_value(tok)
        last = i
        if day is not None:
            if self.norm(i + 1) in ("th", "st", "nd", "rd") and self.t[i + 1].start == tok.end:
                last = i + 1
        elif tok.kind == "word" and _maybe_ordinal(tok):
            got = ordinal_at(self.t, i, self.lang)
            if got is None or not 1 <= got[0] <= 31:
                return None
            day, last = got
        else:
            return None
        j = last + 1
        if self.norm(j) == "of" and not _is_ru(tok):
            j += 1
        month = _month_at(self.t, j)
        if month is None:
            return None
        return self._with_year(i, month[1], month[0], day)

    def _with_year(self, first: int, last: int, month: int, day: int | None) -> _Hit:
        tail = self.year_tail(last + 1)
        if tail is not None:
            year, end, relative = tail
            date = _iso(year, month, day) if year is not None and day is not None else None
            return _Hit(first, end, year, date, relative, month)
        year = self._rel_year(0)
        date = _iso(year, month, day) if year is not None and day is not None else None
        return _Hit(first, last, year, date, True, month)

    def month_first(self, i: int) -> _Hit | None:
        """ "November 5, 2023", "July 2021", "в июле 2021 года", "в сентябре прошлого года"."""
        got = _month_at(self.t, i)
        if got is None:
            return None
        month, last = got
        tok = self.t[i]
        ru = _is_ru(tok)
        nxt = last + 1
        if not ru:
            day = _day_value(self.t[nxt]) if nxt < self.n else None
            if day is not None and not self._is_clock(nxt) and _year_value(self.t[nxt]) is None:
                end = nxt
                if self.norm(nxt + 1) in ("th", "st", "nd", "rd") and self.t[nxt + 1].start == self.t[nxt].end:
                    end = nxt + 1
                return self._with_year(i, end, month, day)
        tail = self.year_tail(nxt)
        if tail is not None:
            year, end, relative = tail
            return _Hit(i, end, year, None, relative, month)
        # a month alone: a common word unless something marks it as a month
        if tok.norm in _RU_MONTH_ABBR or tok.norm in _EN_MONTH_ABBR:
            return None
        prev = self.norm(i - 1)
        if ru and tok.text[:1].isupper() and i > 0:
            return None  # "Марта", "Мая": names
        if tok.norm in _AMBIGUOUS_MONTHS and not (
            prev in _RU_PREPS
            or prev in _EN_PREPS
            or prev in _EN_REL
            or prev in _RU_PERIOD_PARTS
            or prev in _EN_PERIOD_MODS
            or (ru and i > 0 and _lemma_in(self.t[i - 1], _RU_REL) is not None)
        ):
            return None
        offset = _EN_REL.get(prev) if not ru else None
        if offset is None and ru and i > 0:
            offset = _lemma_in(self.t[i - 1], _RU_REL)
        if offset is not None:
            year = _part_year(self.ref, offset, month) if self.ref is not None else None
            return _Hit(i - 1, last, year, None, True, month)
        return _Hit(i, last, self._rel_year(0), None, True, month)

    def season(self, i: int) -> _Hit | None:
        """ "летом", "летом 2022 года", "осенью этого года", "in the summer of 2022", "this fall"."""
        tok = self.t[i]
        if tok.kind != "word":
            return None
        ru = _is_ru(tok)
        month = _RU_SEASON_FORMS.get(tok.norm) if ru else _EN_SEASONS.get(tok.norm)
        if month is None:
            return None
        tail = self.year_tail(i + 1)
        if tail is not None:
            year, end, relative = tail
            return _Hit(i, end, year, None, relative)
        prev = self.norm(i - 1)
        offset = (_lemma_in(self.t[i - 1], _RU_REL) if i > 0 else None) if ru else _EN_REL.get(prev)
        if offset is not None:
            if self.ref is None:
                return _Hit(i - 1, i, None)
            return _Hit(i - 1, i, _part_year(self.ref, offset, month), None, True)
        if ru:
            if tok.norm not in _RU_SEASON_ABLT and prev not in _RU_PREPS and prev not in _RU_PERIOD_PARTS:
                return None
        else:
            if self.norm(i + 1) == "of":
                return None
            before = self.norm(i - 2) if prev in ("the", "early", "late") else prev
            if before not in _EN_PREPS or before in ("of", "to", "between"):
                return None
        return _Hit(i, i, self._rel_year(0), None, True)

    def relative(self, i: int) -> _Hit | None:
        """ "в следующем году", "прошлого года", "next year", "в этом месяце", "last week", «прошлогодний»."""
        tok = self.t[i]
        if tok.kind != "word":
            return None
        ru = _is_ru(tok)
        if ru and (year_adj := _lemma_in(tok, _RU_YEAR_ADJ)) is not None:  # «прошлогодней реформы»
            return self._offset_hit(i, i, "year", year_adj)
        offset = _lemma_in(tok, _RU_REL) if ru else _EN_REL.get(tok.norm)
        if offset is None or i + 1 >= self.n:
            return None
        noun = self.norm(i + 1)
        if ru:
            unit = (
                "year"
                if noun in _RU_YEAR_SING
                else "month"
                if noun in _RU_MONTH_NOUN
                else ("week" if noun in _RU_WEEK_NOUN else None)
            )
        else:
            bare = noun.removesuffix("'s")
            unit = bare if bare in ("year", "month", "week") else None
            if unit is not None and tok.norm == "current" and self.norm(i - 1) != "the":
                unit = None
        if unit is None:
            return None
        return self._offset_hit(i, i + 1, unit, offset)

    def _offset_hit(self, first: int, last: int, unit: str, offset: int) -> _Hit:
        if self.ref is None:
            return _Hit(first, last, None)
        if unit == "year":
            return _Hit(first, last, self.ref.year + offset, None, True)
        if unit == "month":
            return _Hit(first, last, _shift_year(self.ref, offset), None, True)
        day = _add_days(self.ref, 7 * offset)
        return _Hit(first, last, day.year if day else None, None, True)

    def span_of_years(self, i: int) -> _Hit | None:
        """ "через два года", "через год", "два года назад", "in two years", "two years ago"."""
        tok = self.t[i]
        if tok.norm in ("через", "in") and i + 1 < self.n:
            if tok.norm == "через" and self.norm(i + 1) in ("год", "месяц", "неделю"):
                unit = {"год": "year", "месяц": "month", "неделю": "week"}[self.norm(i + 1)]
                return self._offset_hit(i, i + 1, unit, 1)
            got = cardinal_at(self.t, i + 1, self.lang)
            if got is None or got[0] != int(got[0]) or not 0 < got[0] <= 100:
                return None
            noun = self.norm(got[1] + 1)
            if tok.norm == "через" and noun in _RU_YEARS_PLURAL:
                return self._offset_hit(i, got[1] + 1, "year", int(got[0]))
            if tok.norm == "in" and noun in ("years", "year"):
                end = got[1] + 1
                if self.norm(end + 1) == "'" and self.norm(end + 2) == "time":
                    end += 2
                elif self.norm(end + 1) == "time":
                    end += 1
                else:
                    return None  # "in two years" alone may be a duration ("in two years he…")
                return self._offset_hit(i, end, "year", int(got[0]))
            return None
        if tok.norm in ("год", "a", "one") and self.norm(i + 1) in ("назад", "ago"):
            return self._offset_hit(i, i + 1, "year", -1)
        if tok.norm == "a" and self.norm(i + 1) == "year" and self.norm(i + 2) == "ago":
            return self._offset_hit(i, i + 2, "year", -1)
        if tok.kind not in ("number", "word"):
            return None
        if tok.kind == "word" and not (tok.pos == "NUMR" or tok.norm in _EN_SMALL):
            return None
        got = cardinal_at(self.t, i, self.lang)
        if got is None or got[0] != int(got[0]) or not 0 < got[0] <= 100:
            return None
        noun = self.norm(got[1] + 1)
        after = self.norm(got[1] + 2)
        if (noun in _RU_YEARS_PLURAL and after == "назад") or (noun in ("years", "year") and after == "ago"):
            return self._offset_hit(i, got[1] + 2, "year", -int(got[0]))
        return None

    def day_word(self, i: int) -> _Hit | None:
        """ "сегодня", "вчера", "today", "yesterday's"."""
        tok = self.t[i]
        offset = _RU_DAYS.get(tok.norm)
        if offset is None:
            offset = _EN_DAYS.get(tok.norm.removesuffix("'s"))
        if offset is None:
            return None
        day = _add_days(self.ref, offset) if self.ref is not None else None
        if day is None:
            return _Hit(i, i, None)
        return _Hit(i, i, day.year, day.isoformat(), True)

    def weekday(self, i: int) -> _Hit | None:
        """ "в среду", "в минувшее воскресенье", "on Wednesday", "Sunday's referendum"."""
        tok = self.t[i]
        if tok.kind != "word":
            return None
        if _is_ru(tok):
            if tok.norm not in _RU_WEEKDAYS:
                return None
            if self.norm(i - 1) not in ("в", "во"):
                adj = self.t[i - 1] if i >= 2 and self.norm(i - 2) in ("в", "во") else None
                if (
                    adj is None
                    or adj.pos != "ADJF"
                    or not (_lemma_in(adj, _RU_REL) is not None or adj.lemmas[0] in _RU_WEEKDAY_ADJ)
                ):
                    return None
        elif tok.norm.removesuffix("'s") not in _EN_WEEKDAYS or not tok.text[:1].isupper():
            return None
        elif self.norm(i - 1) in ("last", "next", "this", "past", "coming") and i >= 1:
            return _Hit(i - 1, i, self._rel_year(0), None, True)
        first = i
        if i >= 2 and self.norm(i - 1) not in ("в", "во", "on") and self.norm(i - 2) in ("в", "во", "on"):
            first = i - 1
        return _Hit(first, i, self._rel_year(0), None, True)

    def numeric_date(self, i: int) -> _Hit | None:
        """ "05.11.2023" and "2023-11-05"."""
        tok = self.t[i]
        if tok.kind != "number":
            return None
        m = _DOTTED_DATE.fullmatch(tok.norm)
        if m is not None:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= month <= 12 and 1900 <= year <= 2100:
                return _Hit(i, i, year, _iso(year, month, day))
            return None
        slashed = self._slashed_date(i)
        if slashed is not None:
            return slashed
        if re.fullmatch(r"\d{4}", tok.norm) and i + 4 < self.n:
            parts = self.t[i : i + 5]
            glued = all(parts[k].end == parts[k + 1].start for k in range(4))
            if (
                glued
                and parts[1].norm == parts[3].norm == "-"
                and all(re.fullmatch(r"\d{1,2}", p.norm) for p in (parts[2], parts[4]))
            ):
                year, month, day = int(tok.norm), int(parts[2].norm), int(parts[4].norm)
                date = _iso(year, month, day)
                if date is not None and 1900 <= year <= 2100:
                    return _Hit(i, i + 4, year, date)
        return None

    def _slashed_date(self, i: int) -> _Hit | None:
        """ "05/11/2023": day first in Russian, month first in English, unless that cannot be."""
        if i + 4 >= self.n or not re.fullmatch(r"\d{1,2}", self.t[i].norm):
            return None
        parts = self.t[i : i + 5]
        if parts[1].norm != "/" or parts[3].norm != "/" or not re.fullmatch(r"\d{1,2}", parts[2].norm):
            return None
        if not all(parts[k].end == parts[k + 1].start for k in range(4)):
            return None
        year = _year_value(parts[4])
        if year is None or "-" in parts[4].norm:
            return None
        a, b = int(parts[0].norm), int(parts[2].norm)
        day, month = (b, a) if self.lang == "en" else (a, b)
        if month > 12:
            day, month = month, day
        return _Hit(i, i + 4, year, _iso(year, month, day))

    def _is_clock(self, j: int) -> bool:
        return self.norm(j + 1) == ":" and j + 2 < self.n and self.t[j + 2].kind == "number"

    def year(self, i: int) -> _Hit | None:
        """A four-digit year in a time context, with its "году"/"г." after it."""
        tok = self.t[i]
        year = _year_value(tok)
        if year is None:
            return None
        end = i
        if self.norm(i + 1) in _RU_YEAR_NOUNS:
            end = i + 1
        elif "-" in tok.norm:
            pass  # "в 2023-м"
        elif not self._year_context(i, year):
            return None
        return _Hit(i, end, year)

    def _year_context(self, i: int, year: int) -> bool:
        prev = self.norm(i - 1)
        nxt_tok = self.t[i + 1] if i + 1 < self.n else None
        if nxt_tok is not None and (
            nxt_tok.norm in ("%", "percent", "per") or (_is_ru(nxt_tok) and nxt_tok.lemmas[0] == "процент")
        ):
            return False
        # "1992-1995", "с 1992 по 1995 год", "between 2021 and 2023"
        if prev in _RANGE_LINKS and i >= 2:
            before = _year_value(self.t[i - 2])
            if before is not None and before < year:
                return self._year_ok_after(i)
        if nxt_tok is not None and nxt_tok.norm in _RANGE_LINKS and i + 2 < self.n:
            after = _year_value(self.t[i + 2])
            if after is not None and after > year and self._year_ok_after(i + 2):
                return (
                    prev in _RU_YEAR_PREPS
                    or prev in _EN_YEAR_PREPS
                    or nxt_tok.norm == "-"
                    or (self.norm(i + 3) in _RU_YEAR_NOUNS)
                )
        if prev == "-" and self.norm(i - 2) == "mid":
            return True
        # "the 2022 referendum", "a 2027 referendum", "the 2019 presidential election": a year naming an event
        if prev in ("the", "a", "an") and any(
            t.norm.rstrip("s") in _EN_EVENT_NOUNS for t in self.t[i + 1 : i + 3] if t.text.isascii()
        ):
            return True
        if prev == "of" and self.norm(i - 2) in _EN_PERIOD_PARTS:
            return True
        if prev in _RU_PERIOD_PARTS and self.norm(i - 2) in _RU_PREPS:
            return self._year_ok_after(i)
        if prev not in _RU_YEAR_PREPS and prev not in _EN_YEAR_PREPS:
            return False
        if not _is_ru(self.t[i - 1]) and prev not in ("from", "between", "until", "till", "for"):
            return True  # "in 2023 elections were held": a year, whatever follows
        if (
            prev in ("от", "с", "со", "до", "from", "between")
            and nxt_tok is not None
            and nxt_tok.norm in ("до", "по", "to", "and")
            and i + 2 < self.n
            and self.t[i + 2].kind == "number"
        ):
            partner = _year_value(self.t[i + 2])
            if partner is None or not self._year_ok_after(i + 2):
                return False  # "от 1500 до 3000 человек", "from 2000 to 5000 members"
        return self._year_ok_after(i)

    def _year_ok_after(self, i: int) -> bool:
        """Not a count: "до 2000 человек", "from 2000 members"."""
        if i + 1 >= self.n:
            return True
        nxt = self.t[i + 1]
        if nxt.kind != "word" or not nxt.text[:1].islower():
            return True
        if _is_ru(nxt):
            return nxt.pos != "NOUN" or nxt.norm in _RU_YEAR_NOUNS or nxt.lemmas[0] in _RU_MONTHS
        head = nxt.norm
        return not ("NOUN" in nxt.tags and head.endswith("s") and nxt.lemmas[0] != head)

    def year_words(self, i: int) -> _Hit | None:
        """ "в две тысячи двадцать третьем году", "двухтысячном году"."""
        tok = self.t[i]
        if tok.kind != "word" or not _is_ru(tok) or tok.pos not in ("NUMR", "ADJF", "NOUN"):
            return None
        got = ordinal_at(self.t, i, "ru")
        if got is None or not 1900 <= got[0] <= 2100 or self.norm(got[1] + 1) not in _RU_YEAR_NOUNS:
            return None
        return _Hit(i, got[1] + 1, got[0])

    def period_of_year(self, i: int) -> _Hit | None:
        """ "до конца года", "с начала года", "by the end of the year": the current year."""
        tok = self.t[i]
        ru_part = tok.norm in _RU_PERIOD_PARTS and self.norm(i - 1) in _RU_PREPS
        if ru_part and self.norm(i + 1) in ("года", "году"):
            return _Hit(i, i + 1, self._rel_year(0), None, True)
        en_part = tok.norm in _EN_PERIOD_PARTS and self.norm(i + 1) == "of"
        if en_part and self.norm(i + 2) == "the" and self.norm(i + 3) == "year":
            return _Hit(i, i + 3, self._rel_year(0), None, True)
        return None

    # --- the scan ---------------------------------------------------------------------------

    def match(self, i: int) -> _Hit | None:
        tok = self.t[i]
        if tok.kind == "number":
            for matcher in (self.numeric_date, self.day_first, self.span_of_years, self.year):
                hit = matcher(i)
                if hit is not None:
                    return hit
            return None
        if tok.kind != "word":
            return None
        for matcher in (
            self.month_first, self.day_first, self.season, self.relative, self.period_of_year,
            self.span_of_years, self.day_word, self.weekday, self.year_words,
        ):  # fmt: skip
            hit = matcher(i)
            if hit is not None:
                return hit
        return None

    def extend_left(self, first: int, floor: int) -> tuple[int, bool]:
        """Take in the preposition (and "в конце", "the end of", "early") before an expression."""
        j = first
        if j - 1 >= floor and self.norm(j - 1) in _RU_PERIOD_PARTS:
            j -= 1
            if j - 1 >= floor and self.norm(j - 1) in _RU_HALVES:  # "во второй половине"
                j -= 1
        elif j - 2 >= floor and self.norm(j - 1) == "-" and self.norm(j - 2) == "mid":
            j -= 2
        elif j - 1 >= floor and self.norm(j - 1) in _EN_PERIOD_MODS:
            j -= 1
        elif j - 2 >= floor and self.norm(j - 1) == "of" and self.norm(j - 2) in _EN_PERIOD_PARTS:
            j -= 2
            if j - 1 >= floor and self.norm(j - 1) in ("the", "first", "second", "third", "fourth"):
                j -= 1
        if j - 1 >= floor and self.norm(j - 1) == "the":
            j -= 1
        prep = self.norm(j - 1) if j - 1 >= floor else ""
        since = False
        if prep in _RU_PREPS or (prep in _EN_PREPS and prep not in ("of", "to", "between")):
            j -= 1
            since = prep in _SINCE
            if prep in ("с", "со") and j - 1 >= floor and self.norm(j - 1) == "начиная":
                j -= 1
            if prep == "in" and j - 1 >= floor and self.norm(j - 1) in ("starting", "beginning"):
                j -= 1
                since = True
        elif prep == "of" and j - 2 >= floor and self.norm(j - 2) == "as":
            j -= 2
            since = True
        if j < first and self.norm(j) == "the" and j + 1 == first:
            j = first  # a lone "the" is no part of the expression
        return j, since


_EN_SMALL = frozenset(
    {
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "fifteen", "twenty"
    }
)  # fmt: skip


def _maybe_ordinal(tok: Token) -> bool:
    """Cheap test before reading an ordinal day: number words only."""
    return (
        tok.pos in ("NUMR", "ADJF") or "Anum" in tok.tags or tok.norm.split("-")[-1].endswith(("st", "nd", "rd", "th"))
    )


_EN_EVENT_NOUNS = frozenset(
    "referendum amendment reform election vote constitution law address poll plebiscite ballot".split()
)


def find_times(tokens: Sequence[Token], lang: str, ref: dt.date | None) -> list[TimeMention]:
    """Every time expression in ``tokens`` resolved to a year, in order.

    Relative expressions are resolved against ``ref`` and left out when it is None.
    «Теперь», «сейчас», "now", durations ("семь лет") and clock times are not times here.
    """
    scan = _Scanner(tokens, lang, ref)
    out: list[TimeMention] = []
    floor = 0
    i = 0
    while i < scan.n:
        hit = scan.match(i)
        if hit is None:
            i += 1
            continue
        if hit.year is not None:
            first, since = scan.extend_left(max(hit.first, floor), floor)  # never back into the time before
            out.append(TimeMention(first, hit.last, hit.year, hit.date, hit.relative, since, hit.month))
        floor = hit.last + 1
        i = hit.last + 1
    return out
