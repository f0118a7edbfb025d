"""Numbers: digits, words in every case, percentages, multipliers and "from X to Y" changes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document, NumberMention, Token
from kg.numbers import cardinal_at, find_numbers, ordinal_at, parse_digits
from kg.tokens import Morphology, split

_MORPH = Morphology()


def _tokens(text: str, lang: str) -> list[Token]:
    return [t for s in split(Document("t", text, lang), _MORPH) for t in s.tokens]


def _found(text: str, lang: str) -> list[tuple[str, NumberMention]]:
    """Each mention with the original text it covers."""
    toks = _tokens(text, lang)
    return [(text[toks[m.first].start : toks[m.last].end], m) for m in find_numbers(toks, lang)]


def _one(text: str, lang: str, span: str) -> NumberMention:
    hits = [m for s, m in _found(text, lang) if s == span]
    assert hits, f"{span!r} not found in {_found(text, lang)}"
    return hits[0]


# (text, lang, span of the mention, value, unit)
COUNTS = [
    # digits
    ("Выборы прошли в 45 районах.", "ru", "45", 45, "район"),
    ("Зарегистрировано 2 500 кандидатов.", "ru", "2 500", 2500, "кандидат"),
    ("Порог составлял 20 000 человек.", "ru", "20 000", 20000, "человек"),
    ("Порог составлял 20\u00a0000 человек.", "ru", "20\u00a0000", 20000, "человек"),
    ("В 45-ти районах прошли выборы.", "ru", "45-ти", 45, "район"),
    ("Избраны акимы 730 сельских округов.", "ru", "730", 730, "округ"),
    ("В стране 2 345 сельских акимов.", "ru", "2 345", 2345, "аким"),
    ("Поправки внесены в 33 статьи Конституции.", "ru", "33", 33, "статья"),
    ("Всего в списке 1 000 000 избирателей.", "ru", "1 000 000", 1000000, "избиратель"),
    ("Turnout reached 1,234,567 voters.", "en", "1,234,567", 1234567, "voter"),
    ("The party needs 20,000 members.", "en", "20,000", 20000, "member"),
    ("Voters in 45 districts elected akims.", "en", "45", 45, "district"),
    ("some 730 village-level chiefs were chosen", "en", "730", 730, "chief"),
    ("all 98 party-list seats in the Mazhilis", "en", "98", 98, "seat"),
    ("amendments to 33 articles of the Constitution", "en", "33", 33, "article"),
    ("The chamber has 50 elected senators.", "en", "50", 50, "senator"),
    # multipliers
    ("За голосованием следили около 8,5 тыс. наблюдателей.", "ru", "8,5 тыс", 8500, "наблюдатель"),
    ("На участки пришли почти 8 млн человек.", "ru", "8 млн", 8000000, "человек"),
    ("В партии 20 тыс. членов.", "ru", "20 тыс", 20000, "член"),
    ("Бюджет составил 2 млрд рублей.", "ru", "2 млрд", 2000000000, "рубль"),
    ("В выборах участвовали 12 тысяч наблюдателей.", "ru", "12 тысяч", 12000, "наблюдатель"),
    ("Some 1.5 million people voted.", "en", "1.5 million", 1500000, "people"),
    ("The party claims 20 thousand members.", "en", "20 thousand", 20000, "member"),
    ("About 2 million voters stayed home.", "en", "2 million", 2000000, "voter"),
    # Russian number words in every case and gender
    ("Выборы прошли в сорока пяти районах.", "ru", "сорока пяти", 45, "район"),
    ("Акимы избраны в сорока пяти единицах.", "ru", "сорока пяти", 45, "единица"),
    ("Руководство сорока пятью районами.", "ru", "сорока пятью", 45, "район"),
    ("Сорок пять районов проголосовали.", "ru", "Сорок пять", 45, "район"),
    ("Партия должна насчитывать двадцать тысяч членов.", "ru", "двадцать тысяч", 20000, "член"),
    ("Подписи двух тысяч пятисот человек.", "ru", "двух тысяч пятисот", 2500, "человек"),
    ("Квота сократится до десяти депутатов.", "ru", "десяти", 10, "депутат"),
    ("Президент назначает пятнадцать депутатов Сената.", "ru", "пятнадцать", 15, "депутат"),
    ("Мандаты есть лишь у трёх партий.", "ru", "трёх", 3, "партия"),
    ("Ограничить пребывание на посту одним сроком.", "ru", "одним", 1, "срок"),
    ("В бюллетень внесли сто двадцать пять кандидатов.", "ru", "сто двадцать пять", 125, "кандидат"),
    ("Выдвинуты трое кандидатов.", "ru", "трое", 3, "кандидат"),
    ("В выборах участвовали полтора миллиона избирателей.", "ru", "полтора миллиона", 1500000, "избиратель"),
    ("Пришли два с половиной миллиона избирателей.", "ru", "два с половиной миллиона", 2500000, "избиратель"),
    ("Поправки внесены в тридцать три статьи.", "ru", "тридцать три", 33, "статья"),
    ("Закон коснулся двумястами пятьюдесятью сёлами.", "ru", "двумястами пятьюдесятью", 250, "село"),
    ("Выборы пройдут в девяноста восьми округах.", "ru", "девяноста восьми", 98, "округ"),
    ("Собрано более тысячи девятисот подписей.", "ru", "тысячи девятисот", 1900, "подпись"),
    ("Тысяча человек вышла на митинг.", "ru", "Тысяча", 1000, "человек"),
    ("Голосовали семеро членов комиссии.", "ru", "семеро", 7, "член"),
    ("Избран срок в семь лет.", "ru", "семь", 7, "год"),
    # multiplicative adjectives
    ("Токаев предложил семилетний срок.", "ru", "семилетний", 7, "год"),
    ("Заменить пятилетний срок президентских полномочий.", "ru", "пятилетний", 5, "год"),
    ("Действовал двухлетний мораторий.", "ru", "двухлетний", 2, "год"),
    ("Предложен 7-летний срок.", "ru", "7-летний", 7, "год"),
    ("Ввести семилетнего срока не удалось.", "ru", "семилетнего", 7, "год"),
    ("Утвердили двухгодичный переходный период.", "ru", "двухгодичный", 2, "год"),
    ("Назначен трёхмесячный срок.", "ru", "трёхмесячный", 3, "месяц"),
    # English words
    ("Voters in forty-five districts elected akims.", "en", "forty-five", 45, "district"),
    ("Voters in forty five districts elected akims.", "en", "forty five", 45, "district"),
    ("More than a hundred candidates were registered.", "en", "a hundred", 100, "candidate"),
    ("The rule needs two thousand members.", "en", "two thousand", 2000, "member"),
    ("Ten senators are appointed.", "en", "Ten", 10, "senator"),
    ("Fifteen deputies backed it.", "en", "Fifteen", 15, "deputy"),
    ("It has two hundred and fifty seats.", "en", "two hundred and fifty", 250, "seat"),
    ("a single seven-year presidential term", "en", "seven-year", 7, "year"),
    ("a single 7-year presidential term", "en", "7-year", 7, "year"),
    ("limited to one term", "en", "one", 1, "term"),
    ("Two dozen observers watched.", "en", "Two dozen", 24, "observer"),
    ("A thousand people rallied.", "en", "A thousand", 1000, "people"),
    ("a two-term limit", "en", "two-term", 2, "term"),
    ("a 20,000-member threshold", "en", "20,000-member", 20000, "member"),
    ("More than 100 candidates ran.", "en", "100", 100, "candidate"),
    ("Более ста кандидатов вышли на выборы.", "ru", "ста", 100, "кандидат"),
    ("За выборами следили около двухсот наблюдателей.", "ru", "двухсот", 200, "наблюдатель"),
    ("Явка выросла в два раза.", "ru", "два", 2, "раз"),
    ("Избраны 5 тысяч депутатов маслихатов.", "ru", "5 тысяч", 5000, "депутат"),
]


@pytest.mark.parametrize(("text", "lang", "span", "value", "unit"), COUNTS)
def test_counts(text: str, lang: str, span: str, value: float, unit: str) -> None:
    m = _one(text, lang, span)
    assert m.value == value
    assert m.unit == unit
    assert not m.percent


# (text, lang, span, value)
PERCENTS = [
    ("За поправки проголосовали 77,18% участников.", "ru", "77,18%", 77.18),
    ("Явка составила 68,05 %.", "ru", "68,05 %", 68.05),
    ("Барьер в 7 процентов снизят.", "ru", "7 процентов", 7),
    ("Порог в семь процентов.", "ru", "семь процентов", 7),
    ("Понизить барьер до семи процентов.", "ru", "семи процентов", 7),
    ("Явка превысила 62 процента.", "ru", "62 процента", 62),
    ("30% — по одномандатным округам", "ru", "30%", 30),
    ("Ввели 7-процентный барьер.", "ru", "7-процентный", 7),
    ("Сохранить семипроцентный барьер.", "ru", "семипроцентный", 7),
    ("Some 77.18% of voters backed it.", "en", "77.18%", 77.18),
    ("a 7 percent threshold", "en", "7 percent", 7),
    ("a 7 per cent threshold", "en", "7 per cent", 7),
    ("seventy percent of deputies", "en", "seventy percent", 70),
    ("Turnout was 68.05 %.", "en", "68.05 %", 68.05),
    ("a five-percent barrier", "en", "five-percent", 5),
]


@pytest.mark.parametrize(("text", "lang", "span", "value"), PERCENTS)
def test_percentages(text: str, lang: str, span: str, value: float) -> None:
    m = _one(text, lang, span)
    assert m.value == pytest.approx(value)
    assert m.percent
    assert m.unit == "percent"


# (text, lang, span of the new value, value, from_value, percent, unit)
CHANGES = [
    ("Снизить порог с 20 000 до 5 000 человек.", "ru", "5 000", 5000, 20000, False, "человек"),
    ("Понизить барьер с 7 до 5 процентов.", "ru", "5 процентов", 5, 7, True, "percent"),
    ("Понизить барьер с 7% до 5%.", "ru", "5%", 5, 7, True, "percent"),
    ("Квоту сократят с пятнадцати до десяти депутатов.", "ru", "десяти", 10, 15, False, "депутат"),
    ("Квоту сократят с 15 депутатов до 10.", "ru", "10", 10, 15, False, "депутат"),
    ("Порог снижен с двадцати тысяч до пяти тысяч членов.", "ru", "пяти тысяч", 5000, 20000, False, "член"),
    ("Барьер снизят с семи до пяти процентов.", "ru", "пяти процентов", 5, 7, True, "percent"),
    ("Срок увеличат с пяти до семи лет.", "ru", "семи", 7, 5, False, "год"),
    ("cutting it from 20,000 to 5,000", "en", "5,000", 5000, 20000, False, None),
    ("lowered from 7 percent to 5 percent", "en", "5 percent", 5, 7, True, "percent"),
    ("lowered from 7% to 5%", "en", "5%", 5, 7, True, "percent"),
    ("lowered from 7 to 5 percent", "en", "5 percent", 5, 7, True, "percent"),
    ("the quota falls from 15 to 10 senators", "en", "10", 10, 15, False, "senator"),
    ("from fifteen to ten senators", "en", "ten", 10, 15, False, "senator"),
    ("cut the number of senators to 10 from 15 and", "en", "10", 10, 15, False, None),
    ("cut the quota to 10, down from 15", "en", "10", 10, 15, False, None),
    ("raised from 5 years to 7", "en", "7", 7, 5, False, "year"),
    ("Барьер снизят c 7 до 5 процентов.", "ru", "5 процентов", 5, 7, True, "percent"),  # Latin "c"
    ("Квоту снизили со 15 до 10 мест.", "ru", "10", 10, 15, False, "место"),
]


@pytest.mark.parametrize(("text", "lang", "span", "value", "old", "percent", "unit"), CHANGES)
def test_changes(text: str, lang: str, span: str, value: float, old: float, percent: bool, unit: str | None) -> None:
    m = _one(text, lang, span)
    assert (m.value, m.from_value, m.percent, m.unit) == (value, old, percent, unit)
    olds = [x for _, x in _found(text, lang) if x.value == old and x.from_value is None]
    assert olds, "the old value is a mention of its own"
    assert olds[0].percent == percent


def test_both_sides_of_a_change_share_the_unit() -> None:
    found = dict((s, m) for s, m in _found("from 15 to 10 senators", "en"))
    assert found["15"].unit == found["10"].unit == "senator"


def test_a_sum_of_parts_gives_each_part() -> None:
    found = _found("в сорока пяти единицах — 42 районах и трёх городах", "ru")
    assert [(m.value, m.unit) for _, m in found] == [(45, "единица"), (42, "район"), (3, "город")]


# Things that are not counts: (text, lang, span that must not be a mention)
NOT_COUNTS = [
    ("Участки работали с 7:00 до 20:00.", "ru", "7"),
    ("Участки работали с 7:00 до 20:00.", "ru", "20"),
    ("Polls were open from 7:00 to 20:00.", "en", "20"),
    ("Это 5-й съезд партии.", "ru", "5-й"),
    ("Он занял 3-е место.", "ru", "3-е"),
    ("It was the 5th congress.", "en", "5"),
    ("Один из депутатов усомнился.", "ru", "Один"),
    ("Одна из ключевых поправок.", "ru", "Одна"),
    ("одному и тому же лицу", "ru", "одному"),
    ("концентрации власти в одних руках", "ru", "одних"),
    ("one of the deputies", "en", "one"),
    ("по одномандатным округам", "ru", "одномандатным"),
    ("это третий срок", "ru", "третий"),
    ("четвёртым уровнем бюджетной системы", "ru", "четвертым"),
    ("в две тысячи двадцать третьем году", "ru", "две тысячи двадцать"),
    ("в две тысячи двадцать третьем году", "ru", "две тысячи двадцать третьем"),
    ("в двадцать третьем году", "ru", "двадцать"),
    ("cut the number fourfold", "en", "fourfold"),
    ("a two-thirds majority", "en", "two-thirds"),
    ("Он поддержал семью.", "ru", "семью"),
    ("Тысячи людей вышли на улицы.", "ru", "Тысячи"),
    ("Закон № 5 принят.", "ru", "5"),
    ("the twenty-first century", "en", "twenty-first"),
    ("по итогам 30-летия независимости", "ru", "30-летия"),
    ("Дата: 05.11.2023", "ru", "05.11.2023"),
]


@pytest.mark.parametrize(("text", "lang", "span"), NOT_COUNTS)
def test_not_counts(text: str, lang: str, span: str) -> None:
    assert span not in [s for s, _ in _found(text, lang)]


def test_clock_times_give_nothing() -> None:
    assert _found("с 7:00 до 20:00 по местному времени", "ru") == []


def test_decimal_comma_by_language() -> None:
    assert _one("77,18% участников", "ru", "77,18%").value == pytest.approx(77.18)
    assert _one("from 20,000 to 5,000", "en", "20,000").value == 20000
    assert _one("77.18 percent", "en", "77.18 percent").value == pytest.approx(77.18)


@pytest.mark.parametrize(
    ("text", "lang", "value", "suffix"),
    [
        ("20 000", "ru", 20000, ""),
        ("77,18", "ru", 77.18, ""),
        ("20,000", "en", 20000, ""),
        ("20,5", "en", 20.5, ""),
        ("1,234.5", "en", 1234.5, ""),
        ("1.234,5", "ru", 1234.5, ""),
        ("45-ти", "ru", 45, "ти"),
        ("7-летний", "ru", 7, "летний"),
    ],
)
def test_parse_digits(text: str, lang: str, value: float, suffix: str) -> None:
    got = parse_digits(text, lang)
    assert got is not None
    assert float(got[0]) == pytest.approx(value)
    assert got[1] == suffix


def test_parse_digits_rejects_dotted_dates() -> None:
    assert parse_digits("05.11.2023", "ru") is None


# (text, lang, first token index, ordinal value)
ORDINALS = [
    ("в две тысячи двадцать третьем году", "ru", 1, 2023),
    ("в двухтысячном году", "ru", 1, 2000),
    ("в две тысячи первом году", "ru", 1, 2001),
    ("в две тысячи двадцатом году", "ru", 1, 2020),
    ("подписал двадцать девятого декабря", "ru", 1, 29),
    ("приступит пятого ноября", "ru", 1, 5),
    ("третьем заседании", "ru", 0, 3),
    ("с 5-го числа", "ru", 1, 5),
    ("the twenty-first century", "en", 1, 21),
    ("the fifth of November", "en", 1, 5),
    ("the 5th of November", "en", 1, 5),
]


@pytest.mark.parametrize(("text", "lang", "i", "value"), ORDINALS)
def test_ordinal_at(text: str, lang: str, i: int, value: int) -> None:
    got = ordinal_at(_tokens(text, lang), i, lang)
    assert got is not None
    assert got[0] == value


@pytest.mark.parametrize(
    ("text", "lang", "i"),
    [("сорок пять районов", "ru", 0), ("45 районов", "ru", 0), ("forty-five", "en", 0), ("x", "en", 5)],
)
def test_ordinal_at_rejects_cardinals(text: str, lang: str, i: int) -> None:
    assert ordinal_at(_tokens(text, lang), i, lang) is None


def test_cardinal_at() -> None:
    toks = _tokens("через два года", "ru")
    assert cardinal_at(toks, 1, "ru") == (2, 1)
    assert cardinal_at(toks, 9, "ru") is None


# --- properties ---------------------------------------------------------------------------

_VOCAB = (
    "с до от 7 5 % 20 000 77,18 45-ти 7:00 сорока пяти тысяч двух пятисот процентов один из одним "
    "сроком семилетний двадцать третьем году from to 15 10 senators percent per cent a hundred "
    "forty-five seven-year thousand million 1.5 2,000 тыс . , - — 05.11.2023 1 000 000 и and"
)
_WORDS = st.sampled_from(_VOCAB.split())
# digit runs of any length with separators and suffixes, next to words that read them
_DIGITS = st.from_regex(
    r"\A(?:(?:с|до|в|from|to|in|через) )?\d{1,400}(?:[ .,:]\d{1,6}){0,4}(?:-[а-яa-z]{1,8})?"
    r"(?: (?:%|тыс\.|млн|million|лет назад|years ago|года|ноября|November))?\Z",
    fullmatch=True,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join), _DIGITS))
def test_never_raises_and_spans_are_sane(text: str) -> None:
    for lang in ("ru", "en"):
        toks = _tokens(text, lang)
        prev_last = -1
        for m in find_numbers(toks, lang):
            assert 0 <= m.first <= m.last < len(toks)
            assert m.first > prev_last  # mentions do not overlap and come in order
            prev_last = m.last


def test_a_long_sentence_finishes() -> None:
    words = ["сорок", "пять", "районов", "с", "7", "до", "5", "процентов", "двадцать", "третьем"]
    text = " ".join(words[i % len(words)] for i in range(100_000))
    toks = _tokens(text, "ru")
    assert len(toks) == 100_000
    assert find_numbers(toks, "ru")
    en = " ".join(["from", "15", "to", "10", "senators", "forty-five", "a", "hundred"] * 12_500)
    assert find_numbers(_tokens(en, "en"), "en")
