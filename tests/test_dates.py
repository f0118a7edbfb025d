"""Time expressions: years, dates, months, seasons and relative time resolved to a year."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.dates import find_times
from kg.model import Document, TimeMention, Token
from kg.tokens import Morphology, split

_MORPH = Morphology()
REF = dt.date(2023, 11, 5)


def _tokens(text: str, lang: str) -> list[Token]:
    return [t for s in split(Document("t", text, lang), _MORPH) for t in s.tokens]


def _found(text: str, lang: str, ref: dt.date | None = REF) -> list[tuple[str, TimeMention]]:
    toks = _tokens(text, lang)
    return [(text[toks[m.first].start : toks[m.last].end], m) for m in find_times(toks, lang, ref)]


def _one(text: str, lang: str, span: str, ref: dt.date | None = REF) -> TimeMention:
    hits = [m for s, m in _found(text, lang, ref) if s == span]
    assert hits, f"{span!r} not in {_found(text, lang, ref)}"
    return hits[0]


# (text, lang, span, year, date, relative, since); ref is 2023-11-05
TIMES = [
    # years in Russian
    ("Выборы пройдут в 2023 году.", "ru", "в 2023 году", 2023, None, False, False),
    ("Закон принят в 2023 г. единогласно.", "ru", "в 2023 г", 2023, None, False, False),
    ("Итоги 2022 года подвели в январе.", "ru", "2022 года", 2022, None, False, False),
    ("Реформа стартует в 2024-м.", "ru", "в 2024-м", 2024, None, False, False),
    ("Выборы проводятся с 2021 года.", "ru", "с 2021 года", 2021, None, False, True),
    ("Суд работал до 1995 года.", "ru", "до 1995 года", 1995, None, False, False),
    ("Закон вступит в силу к 2025 году.", "ru", "к 2025 году", 2025, None, False, False),
    ("Это случилось в 2019.", "ru", "в 2019", 2019, None, False, False),
    ("Смертная казнь отменена в конце 2021 года.", "ru", "в конце 2021 года", 2021, None, False, False),
    ("В начале 2024 года выборы продолжились.", "ru", "В начале 2024 года", 2024, None, False, False),
    ("Выборы пройдут в 2024-2025 годах.", "ru", "в 2024", 2024, None, False, False),
    ("Выборы пройдут в 2024-2025 годах.", "ru", "2025 годах", 2025, None, False, False),
    ("2022 год стал годом реформ.", "ru", "2022 год", 2022, None, False, False),
    ("Начиная с 2025 года акимы получат бюджеты.", "ru", "Начиная с 2025 года", 2025, None, False, True),
    # full dates in Russian
    ("Выборы прошли 5 ноября 2023 года.", "ru", "5 ноября 2023 года", 2023, "2023-11-05", False, False),
    ("С 1 января 2023 года суд работает.", "ru", "С 1 января 2023 года", 2023, "2023-01-01", False, True),
    ("Закон подписан 29 декабря 2021 года.", "ru", "29 декабря 2021 года", 2021, "2021-12-29", False, False),
    ("Мы начали работу 1 января.", "ru", "1 января", 2023, "2023-01-01", True, False),
    ("Референдум прошёл 5 июня.", "ru", "5 июня", 2023, "2023-06-05", True, False),
    ("26 июля 2021 г., 09:15", "ru", "26 июля 2021 г", 2021, "2021-07-26", False, False),
    ("Двадцать девятого декабря", "ru", "Двадцать девятого декабря", 2023, "2023-12-29", True, False),
    ("С 1 января следующего года", "ru", "С 1 января следующего года", 2024, "2024-01-01", True, True),
    ("Опубликовано 05.11.2023 в полдень.", "ru", "05.11.2023", 2023, "2023-11-05", False, False),
    ("Опубликовано 05/11/2023 в полдень.", "ru", "05/11/2023", 2023, "2023-11-05", False, False),
    ("Выборы проводятся c 2021 года.", "ru", "c 2021 года", 2021, None, False, True),
    (
        "Выборы пройдут во второй половине 2024 года.",
        "ru",
        "во второй половине 2024 года",
        2024,
        None,
        False,
        False,
    ),
    ("Это случилось в декабре 2022-го.", "ru", "в декабре 2022-го", 2022, None, False, False),
    ("Закон примут до конца текущего года.", "ru", "до конца текущего года", 2023, None, True, False),
    ("Суд заработает в начале следующего года.", "ru", "в начале следующего года", 2024, None, True, False),
    ("Поправки одобрили на прошлой неделе.", "ru", "на прошлой неделе", 2023, None, True, False),
    ("Выборы назначены на 10 марта.", "ru", "на 10 марта", 2023, "2023-03-10", True, False),
    # months and seasons in Russian
    ("Предложил в феврале 2021 года.", "ru", "в феврале 2021 года", 2021, None, False, False),
    ("Выборы проводятся с июля 2021 года.", "ru", "с июля 2021 года", 2021, None, False, True),
    ("Закон подписан в мае 2020 года.", "ru", "в мае 2020 года", 2020, None, False, False),
    ("Послание прозвучало в сентябре.", "ru", "в сентябре", 2023, None, True, False),
    ("Это было в сентябре прошлого года.", "ru", "в сентябре прошлого года", 2022, None, True, False),
    ("Выборы прошли в ноябре прошлого года.", "ru", "в ноябре прошлого года", 2022, None, True, False),
    ("Летом 2022 года норму убрали.", "ru", "Летом 2022 года", 2022, None, False, False),
    ("Выборы пройдут летом.", "ru", "летом", 2023, None, True, False),
    ("Выборы пройдут уже этой осенью.", "ru", "этой осенью", 2023, None, True, False),
    ("Первые выборы пройдут осенью этого года.", "ru", "осенью этого года", 2023, None, True, False),
    ("Осенью 2024 года пройдут выборы.", "ru", "Осенью 2024 года", 2024, None, False, False),
    ("Закон приняли летом прошлого года.", "ru", "летом прошлого года", 2022, None, True, False),
    ("Мост отремонтируют до конца лета.", "ru", "до конца лета", 2023, None, True, False),
    # relative time in Russian
    ("В следующем году выборы продолжатся.", "ru", "В следующем году", 2024, None, True, False),
    ("Со следующего года акимы получат бюджеты.", "ru", "Со следующего года", 2024, None, True, True),
    ("В прошлом году закон приняли.", "ru", "В прошлом году", 2022, None, True, False),
    ("В этом году статус закреплен.", "ru", "В этом году", 2023, None, True, False),
    ("В текущем году пройдут выборы.", "ru", "В текущем году", 2023, None, True, False),
    ("В будущем году пройдут выборы.", "ru", "В будущем году", 2024, None, True, False),
    ("Выборы пройдут через два года.", "ru", "через два года", 2025, None, True, False),
    ("Выборы пройдут через год.", "ru", "через год", 2024, None, True, False),
    ("Закон приняли три года назад.", "ru", "три года назад", 2020, None, True, False),
    ("Глава государства сегодня предложил реформу.", "ru", "сегодня", 2023, "2023-11-05", True, False),
    ("Вчера прошли выборы.", "ru", "Вчера", 2023, "2023-11-04", True, False),
    ("Завтра огласят итоги.", "ru", "Завтра", 2023, "2023-11-06", True, False),
    ("Выступление состоится в среду.", "ru", "в среду", 2023, None, True, False),
    ("Референдум прошёл в минувшее воскресенье.", "ru", "в минувшее воскресенье", 2023, None, True, False),
    ("Число обращений выросло с начала года.", "ru", "с начала года", 2023, None, True, True),
    (
        "в две тысячи двадцать третьем году",
        "ru",
        "в две тысячи двадцать третьем году",
        2023,
        None,
        False,
        False,
    ),
    ("Это было в двухтысячном году.", "ru", "в двухтысячном году", 2000, None, False, False),
    ("В прошлом месяце закон подписали.", "ru", "В прошлом месяце", 2023, None, True, False),
    # years in English
    ("Elections will be held in 2023.", "en", "in 2023", 2023, None, False, False),
    ("The reform must be done by 2025.", "en", "by 2025", 2025, None, False, False),
    ("Rural akims have been elected since 2021.", "en", "since 2021", 2021, None, False, True),
    ("The court worked from 1992 to 1995.", "en", "from 1992", 1992, None, False, True),
    ("The court worked from 1992 to 1995.", "en", "1995", 1995, None, False, False),
    ("The court existed in 1992–1995.", "en", "1995", 1995, None, False, False),
    ("It was abolished at the end of 2021.", "en", "at the end of 2021", 2021, None, False, False),
    ("Elections are due in early 2024.", "en", "in early 2024", 2024, None, False, False),
    ("The law takes effect in mid-2024.", "en", "in mid-2024", 2024, None, False, False),
    ("In 2023 elections were held in 45 districts.", "en", "In 2023", 2023, None, False, False),
    ("Elections are scheduled for 2024.", "en", "for 2024", 2024, None, False, False),
    # dates and months in English
    ("It was held on November 5, 2023.", "en", "on November 5, 2023", 2023, "2023-11-05", False, False),
    ("It happened on 5 November 2023.", "en", "on 5 November 2023", 2023, "2023-11-05", False, False),
    ("By Dana Omarova on 16 March 2022", "en", "on 16 March 2022", 2022, "2022-03-16", False, False),
    ("Aigerim Tuleshova Nov 7, 2023", "en", "Nov 7, 2023", 2023, "2023-11-07", False, False),
    ("voters elected akims on November 5.", "en", "on November 5", 2023, "2023-11-05", True, False),
    ("in his Address on September 1.", "en", "on September 1", 2023, "2023-09-01", True, False),
    ("the referendum held on June 5th.", "en", "on June 5th", 2023, "2023-06-05", True, False),
    ("It starts on the 1st of January.", "en", "on the 1st of January", 2023, "2023-01-01", True, False),
    ("The direct elections began in July 2021.", "en", "in July 2021", 2021, None, False, False),
    ("The vote took place in September.", "en", "in September", 2023, None, True, False),
    ("In his September address, he promised it.", "en", "September", 2023, None, True, False),
    ("It passed in May.", "en", "in May", 2023, None, True, False),
    ("It passed in September last year.", "en", "in September last year", 2022, None, True, False),
    ("It is effective January 1, 2024.", "en", "effective January 1, 2024", 2024, "2024-01-01", False, True),
    ("Elections are set for the summer of 2024.", "en", "for the summer of 2024", 2024, None, False, False),
    ("A vote is expected this fall.", "en", "this fall", 2023, None, True, False),
    ("A vote took place last summer.", "en", "last summer", 2023, None, True, False),
    ("ISO date 2023-11-05 in a feed.", "en", "2023-11-05", 2023, "2023-11-05", False, False),
    ("Posted 11/05/2023 at noon.", "en", "11/05/2023", 2023, "2023-11-05", False, False),
    ("Posted 25/12/2023 at noon.", "en", "25/12/2023", 2023, "2023-12-25", False, False),
    ("The vote is on Tuesday, November 5.", "en", "November 5", 2023, "2023-11-05", True, False),
    ("The vote is on Tuesday, November 5.", "en", "on Tuesday", 2023, None, True, False),
    ("Elections resume in the autumn of 2024.", "en", "in the autumn of 2024", 2024, None, False, False),
    ("The rules apply from January 1, 2024.", "en", "from January 1, 2024", 2024, "2024-01-01", False, True),
    ("Elections were held earlier this year.", "en", "this year", 2023, None, True, False),
    # relative time in English
    ("Further elections will take place next year.", "en", "next year", 2024, None, True, False),
    ("The law was signed last year.", "en", "last year", 2022, None, True, False),
    ("Elections are due this year.", "en", "this year", 2023, None, True, False),
    ("this year's elections", "en", "this year's", 2023, None, True, False),
    ("The president signed it today.", "en", "today", 2023, "2023-11-05", True, False),
    ("The president signed it yesterday.", "en", "yesterday", 2023, "2023-11-04", True, False),
    ("Results come tomorrow.", "en", "tomorrow", 2023, "2023-11-06", True, False),
    ("In his address on Wednesday, Tokayev spoke.", "en", "on Wednesday", 2023, None, True, False),
    ("in Sunday's referendum", "en", "in Sunday's", 2023, None, True, False),
    ("the commission said on Monday.", "en", "on Monday", 2023, None, True, False),
    ("The law was passed two years ago.", "en", "two years ago", 2021, None, True, False),
    ("The vote was a year ago.", "en", "a year ago", 2022, None, True, False),
    ("Elections follow in two years' time.", "en", "in two years' time", 2025, None, True, False),
    ("Budgets will grow by the end of the year.", "en", "by the end of the year", 2023, None, True, False),
    ("The law passed last month.", "en", "last month", 2023, None, True, False),
    # a year before the event it names: "a 2027 referendum", "the 2019 presidential election"
    ("Voters may be asked in a 2027 referendum.", "en", "2027", 2027, None, False, False),
    ("After the 2019 presidential election the rules changed.", "en", "After the 2019", 2019, None, False, False),
]


@pytest.mark.parametrize(("text", "lang", "span", "year", "date", "relative", "since"), TIMES)
def test_times(text: str, lang: str, span: str, year: int, date: str | None, relative: bool, since: bool) -> None:
    m = _one(text, lang, span)
    assert (m.year, m.date, m.relative, m.since) == (year, date, relative, since)


def test_a_year_range_gives_both_years() -> None:
    found = _found("Конституционный суд работал в Казахстане с 1992 по 1995 год.", "ru")
    assert [(m.year, m.since) for _, m in found] == [(1992, True), (1995, False)]
    assert [m.year for _, m in _found("Суд действовал в 1992–1995 гг.", "ru")] == [1992, 1995]


def test_date_after_a_day_word() -> None:
    found = _found("Вчера, 25 июля, прошли выборы.", "ru", dt.date(2021, 7, 26))
    assert [(m.year, m.date) for _, m in found] == [(2021, "2021-07-25"), (2021, "2021-07-25")]


def test_last_and_next_month_cross_the_year() -> None:
    jan = dt.date(2024, 1, 10)
    assert _one("It was signed last month.", "en", "last month", jan).year == 2023
    dec = dt.date(2023, 12, 1)
    assert _one("Это случится в следующем месяце.", "ru", "в следующем месяце", dec).year == 2024
    assert _one("The vote was last December.", "en", "last December", jan).year == 2023
    assert _one("A vote comes next March.", "en", "next March", jan).year == 2024


# Not time expressions, or years only in a time context: (text, lang)
NOT_TIMES = [
    ("Теперь акимов избирают напрямую.", "ru"),
    ("Сейчас Конституция устанавливает пятилетний срок.", "ru"),
    ("Отныне митинги проводятся по уведомлению.", "ru"),
    ("Срок продолжительностью семь лет.", "ru"),
    ("Участки работали с 7:00 до 20:00.", "ru"),
    ("Подписи собрали до 2000 человек.", "ru"),
    ("Выборы прошли в 45 районах.", "ru"),
    ("Барьер снизят с 7 до 5 процентов.", "ru"),
    ("Порог снизят с 20 000 до 5 000 человек.", "ru"),
    ("В выборах участвовали от 1900 до 2000 человек.", "ru"),
    ("Главные тезисы Послания Президента – 2022", "ru"),
    ("Было собрано 2021 подпись.", "ru"),
    ("Воздействие на окружающую среду.", "ru"),
    ("Voters now choose the face.", "en"),
    ("The system is currently under review.", "en"),
    ("The term lasts two years.", "en"),
    ("Polls opened at 7:00.", "en"),
    ("The Head of State held a meeting on the preparation of the 2023 national budget.", "en"),
    ("Membership rose from 2000 to 5000 members.", "en"),
    ("The party gathered signatures for 2000 candidates.", "en"),
    ("Akims may march on the capital.", "en"),
    ("March organizers said nothing.", "en"),
    ("the fall of the government", "en"),
    ("Марта Иванова возглавила комиссию.", "ru"),
    ("It had 2,023 members.", "en"),
    ("A 2000 member party was registered.", "en"),
]


@pytest.mark.parametrize(("text", "lang"), NOT_TIMES)
def test_not_times(text: str, lang: str) -> None:
    assert _found(text, lang) == []


# Relative expressions need the article date: without it nothing is reported.
RELATIVE_ONLY = [
    ("В следующем году выборы продолжатся.", "ru"),
    ("Выборы прошли в ноябре прошлого года.", "ru"),
    ("Глава государства сегодня предложил реформу.", "ru"),
    ("Референдум прошёл 5 июня.", "ru"),
    ("Выборы пройдут этой осенью.", "ru"),
    ("Выступление состоится в среду.", "ru"),
    ("Further elections will take place next year.", "en"),
    ("in Sunday's referendum", "en"),
    ("on November 5", "en"),
    ("in September", "en"),
    ("The law was passed two years ago.", "en"),
]


@pytest.mark.parametrize(("text", "lang"), RELATIVE_ONLY)
def test_relative_needs_a_reference_date(text: str, lang: str) -> None:
    assert _found(text, lang, None) == []
    assert _found(text, lang, REF)


def test_absolute_years_do_not_need_a_reference_date() -> None:
    m = _one("Выборы пройдут в 2023 году.", "ru", "в 2023 году", None)
    assert (m.year, m.relative) == (2023, False)
    m = _one("on November 5, 2023", "en", "on November 5, 2023", None)
    assert m.date == "2023-11-05"


def test_an_impossible_date_keeps_its_year() -> None:
    m = _one("Срок истекает 31 февраля 2023 года.", "ru", "31 февраля 2023 года")
    assert (m.year, m.date) == (2023, None)


# --- properties ---------------------------------------------------------------------------

_VOCAB = (
    "в с до по 2023 году года г . , - — 1992 1995 5 1 ноября января июле летом осенью этой прошлого "
    "следующего следующем прошлом году сегодня вчера среду через два лет назад in on since by from to "
    "November July May 5 , 2023 next last this year today Sunday's the end of early mid 7:00 "
    "05.11.2023 две тысячи двадцать третьем"
)
_WORDS = st.sampled_from(_VOCAB.split())
# digit runs of any length with separators and suffixes, next to words that read them
_DIGITS = st.from_regex(
    r"\A(?:(?:с|до|в|from|to|in|через) )?\d{1,400}(?:[ .,:]\d{1,6}){0,4}(?:-[а-яa-z]{1,8})?"
    r"(?: (?:%|тыс\.|млн|million|лет назад|years ago|года|ноября|November))?\Z",
    fullmatch=True,
)
_REFS = st.one_of(st.none(), st.dates())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join), _DIGITS), _REFS)
def test_never_raises_and_spans_are_sane(text: str, ref: dt.date | None) -> None:
    for lang in ("ru", "en"):
        toks = _tokens(text, lang)
        prev_last = -1
        for m in find_times(toks, lang, ref):
            assert 0 <= m.first <= m.last < len(toks)
            assert m.first > prev_last
            prev_last = m.last
            if m.relative:
                assert ref is not None


def test_a_long_sentence_finishes() -> None:
    words = ["в", "2023", "году", "с", "1", "января", "следующего", "года", "летом", "две", "тысячи"]
    text = " ".join(words[i % len(words)] for i in range(100_000))
    toks = _tokens(text, "ru")
    assert len(toks) == 100_000
    assert find_times(toks, "ru", REF)
    en = " ".join(["since", "2021", "on", "November", "5", "next", "year", "today"] * 12_500)
    assert find_times(_tokens(en, "en"), "en", REF)
