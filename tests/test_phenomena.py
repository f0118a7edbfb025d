"""Linguistic phenomena the rules must handle, one table per phenomenon, in Russian and English.

Every case is a sentence (or a two-three sentence text) written for this file, with the
reform and the one slot under test read by the annotation guide
(/work/shared/corpus/README.md). A test asserts that the text gives a claim of the
expected reform and that the claim's slot has the expected value, so a failure points
at one phenomenon:

* inflection      – cases and numbers of the key nouns/adjectives  → reform + ``level``
* numbers         – digits, number words, percentages, from→to    → reform + ``count``
* time            – years, dates, relative time, year words        → reform + ``year``
* attribution     – speech verbs, quotes, titles, pronouns         → reform + ``claimant``
* status          – proposed / planned / implemented               → reform + ``status``
* non-claims      – turnout, candidates, biographies, hedges, ...  → no claims at all
* level / office  – the level and office the sentence names        → reform + ``level``/``office``
* reform codes    – all twelve codes, both languages               → reform

The cases measure the rules: failures are expected and are not marked xfail.
"""

from __future__ import annotations

import pytest

from kg.model import Claim, Document

DATE = "2023-05-10"  # the article date unless a case gives its own

TOKAYEV = "Kassym-Jomart Tokayev"
ABDIROV = "Nurlan Abdirov"
KOSHANOV = "Yerlan Koshanov"
ASHIMBAYEV = "Maulen Ashimbayev"
SMAILOV = "Alikhan Smailov"
BEKTENOV = "Olzhas Bektenov"
KARIN = "Yerlan Karin"
AZIMOVA = "Elvira Azimova"
LASTAYEV = "Artur Lastayev"
YESKARAYEV = "Azamat Yeskarayev"


@pytest.fixture(scope="module")
def phen_pipe():
    from kg.pipeline import Pipeline

    return Pipeline()


def case(id_, lang, text, reform, expected=None, *, date=DATE, where=None):
    """One row: ``where`` is a substring of the sentence that must carry the claim."""
    return pytest.param(lang, text, reform, expected, date, where, id=f"{lang}-{id_}")


def _claims(pipe, text: str, lang: str, date: str) -> list[Claim]:
    return pipe.extractor.document(Document("t", text, lang, date=date)).claims


def _show(claims: list[Claim]) -> str:
    if not claims:
        return "no claims"
    return "; ".join(
        f"{c.reform}(status={c.status}, count={c.count}, year={c.year}, level={c.level}, "
        f"office={c.office}, claimant={c.claimant.name if c.claimant else None}, quote={c.quote[:50]!r})"
        for c in claims
    )


def _claim(pipe, lang, text, reform, date, where) -> Claim:
    """The claim of ``reform`` (in the sentence containing ``where``), or a failure naming what came out."""
    claims = _claims(pipe, text, lang, date)
    hits = [c for c in claims if c.reform == reform and (where is None or where in c.quote)]
    assert hits, f"expected a {reform} claim{f' on «{where}»' if where else ''}; got {_show(claims)}"
    return hits[0]


def _slot(c: Claim, slot: str):
    if slot == "claimant":
        return c.claimant.name if c.claimant else None
    return getattr(c, slot)


def _check(pipe, lang, text, reform, slot, expected, date, where):
    c = _claim(pipe, lang, text, reform, date, where)
    got = _slot(c, slot)
    assert got == expected, f"{reform}: {slot} expected {expected!r}, got {got!r} ({_show([c])})"


# ---------------------------------------------------------------------------
# Inflection: the key nouns and adjectives in every case and number → reform + level
# ---------------------------------------------------------------------------

INFLECTION = [
    # выборы / выборов / выборам / выборах; акимов / акима / акимы; районов / районах / районных / района
    case(
        "vybory-nom-akimov-raionov",
        "ru",
        "Выборы акимов районов пройдут в Казахстане в 2024 году.",
        "direct-election",
        "district",
    ),
    case(
        "k-vyboram-raionnyh",
        "ru",
        "Президент предложил перейти к выборам районных акимов.",
        "direct-election",
        "district",
    ),
    case(
        "o-vyborah-prep",
        "ru",
        "О переходе к прямым выборам акимов районов Глава государства объявил в Послании.",
        "direct-election",
        "district",
    ),
    case(
        "provedenie-vyborov-gen",
        "ru",
        "Правительство завершило подготовку к проведению выборов акимов районов.",
        "direct-election",
        "district",
    ),
    case(
        "raionnogo-akima-gen-sg",
        "ru",
        "Выборы районного акима впервые прошли в Аршалынском районе.",
        "direct-election",
        "district",
    ),
    case(
        "akima-raiona-gen-sg",
        "ru",
        "Жители Жаксынского района впервые избрали акима района напрямую.",
        "direct-election",
        "district",
    ),
    case(
        "raionov-i-gorodov-ob-znach",
        "ru",
        "Токаев предложил избирать акимов районов и городов областного значения напрямую.",
        "direct-election",
        "district",
    ),
    case(
        "v-raionah-prep-pl",
        "ru",
        "В сорока районах акимов впервые изберут сами жители.",
        "direct-election",
        "district",
    ),
    case(
        "raionnye-akimy-nom-pl",
        "ru",
        "Районные акимы будут избираться населением по всей стране.",
        "direct-election",
        "district",
    ),
    case(
        "gorodov-ob-znach-alone",
        "ru",
        "Акимы городов областного значения будут избираться жителями с 2025 года.",
        "direct-election",
        "city-regional",
    ),
    case(
        "goroda-ob-znach-gen-sg",
        "ru",
        "Выборы акима города областного значения пройдут впервые в этом году.",
        "direct-election",
        "city-regional",
    ),
    case(
        "v-gorodah-ob-znach-prep",
        "ru",
        "В городах областного значения акимов начнут избирать напрямую.",
        "direct-election",
        "city-regional",
    ),
    case(
        "selskie-akimy-nom-pl",
        "ru",
        "Сельские акимы избираются жителями напрямую с 2021 года.",
        "direct-election",
        "rural",
    ),
    case(
        "selskih-akimov-acc-pl",
        "ru",
        "Сельских акимов впервые избрали прямым голосованием в 2021 году.",
        "direct-election",
        "rural",
    ),
    case(
        "selskogo-okruga-gen-sg",
        "ru",
        "Аким сельского округа впервые будет избран жителями в этом году.",
        "direct-election",
        "rural",
    ),
    case(
        "sel-i-poselkov",
        "ru",
        "Жители сёл и посёлков получили право избирать своих акимов.",
        "direct-election",
        "rural",
    ),
    case(
        "akimov-oblastei",
        "ru",
        "Партия предложила ввести прямые выборы акимов областей.",
        "direct-election",
        "region",
    ),
    case(
        "selskim-okrugam-dat-pl",
        "ru",
        "Сельским округам передадут право самостоятельно формировать свой бюджет.",
        "decentralization",
        "rural",
    ),
    case(
        "byudzhety-selskih-okrugov",
        "ru",
        "Бюджеты сельских округов станут самостоятельными с 2024 года.",
        "decentralization",
        "rural",
    ),
    case(
        "raionnym-akimam-dat-pl",
        "ru",
        "Районным акимам передадут дополнительные бюджетные полномочия от областей.",
        "decentralization",
        "district",
    ),
    # English: singular/plural, "of" phrases, adjectives
    case(
        "district-akims",
        "en",
        "Voters will elect district akims directly from 2024.",
        "direct-election",
        "district",
    ),
    case(
        "akims-of-rural-districts",
        "en",
        "Akims of rural districts have been elected by residents since 2021.",
        "direct-election",
        "rural",
    ),
    case(
        "districts-and-cities-of-regional",
        "en",
        "The President proposed electing the akims of districts and cities of regional significance.",
        "direct-election",
        "district",
    ),
    case(
        "cities-of-regional-alone",
        "en",
        "Direct elections of akims of cities of regional significance will follow next year.",
        "direct-election",
        "city-regional",
    ),
    case(
        "village-akims",
        "en",
        "Village akims were elected by popular vote for the first time in July 2021.",
        "direct-election",
        "rural",
    ),
    case(
        "akim-of-a-district-sg",
        "en",
        "Residents of Arshaly elected the akim of their district directly on Sunday.",
        "direct-election",
        "district",
    ),
    case(
        "regional-akims",
        "en",
        "An opposition party proposed direct elections of regional akims.",
        "direct-election",
        "region",
    ),
    case(
        "villages-budgets",
        "en",
        "Villages will manage their own budgets starting next year.",
        "decentralization",
        "rural",
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), INFLECTION)
def test_inflection_level(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "level", expected, date, where)


# ---------------------------------------------------------------------------
# Numbers: digits, spaced thousands, «тыс.», number words in any case, percentages, from→to
# ---------------------------------------------------------------------------

NUMBERS = [
    case("digits-45", "ru", "Прямые выборы акимов пройдут в 45 районах.", "direct-election", 45),
    case(
        "45-ti",
        "ru",
        "Выборы акимов пройдут в 45-ти районах и городах областного значения.",
        "direct-election",
        45,
    ),
    case("sorok-pyat-nom", "ru", "Сорок пять районных акимов будут избраны жителями.", "direct-election", 45),
    case("soroka-pyati-gen", "ru", "Акимов сорока пяти районов изберут напрямую.", "direct-election", 45),
    case("soroka-pyati-prep", "ru", "В сорока пяти районах пройдут выборы акимов.", "direct-election", 45),
    case(
        "parts-sum-42-3",
        "ru",
        "Акимов 42 районов и трёх городов областного значения изберут напрямую.",
        "direct-election",
        45,
    ),
    case(
        "semsot-tridtsat",
        "ru",
        "Жители впервые избрали семьсот тридцать сельских акимов.",
        "direct-election",
        730,
    ),
    case(
        "from-to-digits-spaced",
        "ru",
        "Порог для регистрации партии снизят с 20 000 до 5 000 человек.",
        "party-registration",
        5000,
    ),
    case(
        "tys-abbrev",
        "ru",
        "Численность партии, необходимая для регистрации, сократится с 20 тыс. до 5 тыс. человек.",
        "party-registration",
        5000,
    ),
    case(
        "pyati-tysyach-words",
        "ru",
        "Порог регистрации партии снижен вчетверо — до пяти тысяч человек.",
        "party-registration",
        5000,
    ),
    case(
        "nbsp-2500",
        "ru",
        "Депутаты предложили снизить порог регистрации партий до 2\u00a0500 человек.",
        "party-registration",
        2500,
    ),
    case(
        "percent-word-from-to",
        "ru",
        "Проходной барьер для партий в Мажилис снизят с 7 до 5 процентов.",
        "electoral-threshold",
        5,
    ),
    case(
        "percent-sign-from-to",
        "ru",
        "Барьер для прохождения партий в Мажилис снижен с 7% до 5%.",
        "electoral-threshold",
        5,
    ),
    case(
        "percent-words",
        "ru",
        "Проходной барьер в маслихаты понизят с семи до пяти процентов.",
        "electoral-threshold",
        5,
    ),
    case(
        "sem-let",
        "ru",
        "Президентский срок составит семь лет без права переизбрания.",
        "presidential-term",
        7,
    ),
    case(
        "semiletnii-adj",
        "ru",
        "Токаев предложил ввести единственный семилетний срок президентских полномочий.",
        "presidential-term",
        7,
    ),
    case(
        "senators-from-to",
        "ru",
        "Число сенаторов, назначаемых Главой государства, уменьшат с 15 до 10.",
        "parliament-powers",
        10,
    ),
    case(
        "single-mandate-30",
        "ru",
        "По смешанной системе 30% депутатов Мажилиса будут избираться по одномандатным округам.",
        "electoral-system",
        30,
    ),
    case(
        "tridtsat-tri-stati",
        "ru",
        "На референдум вынесут поправки в тридцать три статьи Конституции.",
        "referendum",
        33,
    ),
    case(
        "words-from-to-gen",
        "ru",
        "Порог регистрации партий снизят с двадцати тысяч до пяти тысяч человек.",
        "party-registration",
        5000,
    ),
    case(
        "pyatiprotsentnyi-adj",
        "ru",
        "Токаев предложил установить пятипроцентный барьер для прохождения в Мажилис.",
        "electoral-threshold",
        5,
    ),
    case(
        "words-parts-sum",
        "ru",
        "Акимов сорока двух районов и трёх городов областного значения впервые избрали напрямую.",
        "direct-election",
        45,
    ),
    # English
    case(
        "forty-five",
        "en",
        "Voters in forty-five districts will elect their akims directly.",
        "direct-election",
        45,
    ),
    case(
        "digits-45",
        "en",
        "Direct elections of akims will be held in 45 districts this autumn.",
        "direct-election",
        45,
    ),
    case(
        "parts-sum-42-three",
        "en",
        "Akims were elected directly in 42 districts and three cities of regional significance.",
        "direct-election",
        45,
    ),
    case(
        "730-villages",
        "en",
        "Residents of 730 villages elected their akims for the first time.",
        "direct-election",
        730,
    ),
    case(
        "from-to-20000-5000",
        "en",
        "The threshold for registering a party was cut from 20,000 to 5,000 members.",
        "party-registration",
        5000,
    ),
    case(
        "five-thousand-words",
        "en",
        "The minimum membership for registering a political party is set to drop to five thousand.",
        "party-registration",
        5000,
    ),
    case(
        "from-7pct-to-5pct",
        "en",
        "The barrier for parties to enter the Mazhilis will be lowered from 7% to 5%.",
        "electoral-threshold",
        5,
    ),
    case(
        "seven-to-five-percent",
        "en",
        "The electoral threshold was reduced from seven to five percent.",
        "electoral-threshold",
        5,
    ),
    case(
        "seven-year-term",
        "en",
        "Tokayev proposed a single seven-year presidential term.",
        "presidential-term",
        7,
    ),
    case(
        "term-five-to-seven",
        "en",
        "The presidential term will be extended from five to seven years.",
        "presidential-term",
        7,
    ),
    case(
        "quota-15-to-10",
        "en",
        "The President's quota in the Senate will be cut from 15 to 10 senators.",
        "parliament-powers",
        10,
    ),
    case(
        "30-percent-single-mandate",
        "en",
        "Under the mixed system, 30 percent of Mazhilis deputies will be elected in single-mandate districts.",
        "electoral-system",
        30,
    ),
    case(
        "ten-senators-word",
        "en",
        "The presidential quota in the Senate will shrink to ten senators.",
        "parliament-powers",
        10,
    ),
    case(
        "20-thousand-to-5-thousand",
        "en",
        "The membership needed to register a party was cut from 20 thousand to 5 thousand.",
        "party-registration",
        5000,
    ),
    case(
        "words-parts-sum",
        "en",
        "Akims were elected directly in forty-two districts and three cities of regional significance.",
        "direct-election",
        45,
    ),
    case(
        "thirty-three-articles",
        "en",
        "Amendments to thirty-three articles of the Constitution were put to a referendum.",
        "referendum",
        33,
    ),
    case(
        "lowered-further-to",
        "en",
        "If anything, the 5 percent threshold for parties should be lowered further, to 3 percent.",
        "electoral-threshold",
        3,
    ),
    case(
        "currently-old-then-cut-to-bare",
        "en",
        "He argued that the registration threshold for parties, currently 20,000 members, should be cut to 5,000.",
        "party-registration",
        5000,
    ),
    case(
        "quota-from-to-people",
        "ru",
        "Президентская квота в Сенате сократится с 15 до 10 человек, причем пятерых сенаторов будет "
        "рекомендовать Ассамблея народа Казахстана.",
        "parliament-powers",
        10,
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), NUMBERS)
def test_numbers_count(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "count", expected, date, where)


# ---------------------------------------------------------------------------
# Time: years, full dates, dates without a year, relative time, year words → year
# (article dates are chosen so that reading the article's year instead would fail)
# ---------------------------------------------------------------------------

TIME = [
    case("v-2024-godu", "ru", "Выборы акимов районов пройдут в 2024 году.", "direct-election", 2024),
    case("2021-g-abbrev", "ru", "В 2021 г. смертная казнь в Казахстане была отменена.", "death-penalty", 2021),
    case(
        "full-date-5-noyabrya",
        "ru",
        "Прямые выборы акимов 45 районов состоялись 5 ноября 2023 года.",
        "direct-election",
        2023,
        date="2024-01-15",
    ),
    case(
        "s-1-yanvarya",
        "ru",
        "С 1 января 2023 года в Казахстане заработал Конституционный суд.",
        "constitutional-court",
        2023,
        date="2024-02-01",
    ),
    case(
        "date-without-year",
        "ru",
        "Республиканский референдум по поправкам в Конституцию прошёл 5 июня.",
        "referendum",
        2022,
        date="2022-06-07",
    ),
    case(
        "v-sleduyushchem-godu",
        "ru",
        "В следующем году пройдут выборы акимов районов.",
        "direct-election",
        2024,
    ),
    case(
        "so-sleduyushchego-goda",
        "ru",
        "Со следующего года сельские бюджеты получат дополнительные доходы.",
        "decentralization",
        2024,
    ),
    case(
        "v-etom-godu",
        "ru",
        "Омбудсмен в этом году получил конституционный статус.",
        "ombudsman",
        2022,
        date="2022-11-15",
    ),
    case(
        "v-proshlom-godu",
        "ru",
        "В прошлом году в Казахстане была отменена смертная казнь.",
        "death-penalty",
        2021,
        date="2022-03-01",
    ),
    case(
        "osenyu-proshlogo-goda",
        "ru",
        "Первые прямые выборы акимов районов прошли осенью прошлого года.",
        "direct-election",
        2023,
        date="2024-03-15",
    ),
    case(
        "year-words",
        "ru",
        "В две тысячи двадцать третьем году заработал Конституционный суд.",
        "constitutional-court",
        2023,
        date="2024-03-01",
    ),
    case(
        "full-date-may-2020",
        "ru",
        "Закон о мирных собраниях был подписан 25 мая 2020 года.",
        "peaceful-assembly",
        2020,
        date="2021-01-10",
    ),
    case(
        "vchera",
        "ru",
        "Вчера в Казахстане впервые прошли прямые выборы сельских акимов.",
        "direct-election",
        2021,
        date="2021-07-26",
    ),
    case(
        "nachinaya-s-2025",
        "ru",
        "Начиная с 2025 года акимов городов областного значения будут избирать напрямую.",
        "direct-election",
        2025,
    ),
    case(
        "effect-year-over-proposal-year",
        "ru",
        "Президент в 2022 году предложил ввести выборы районных акимов с 2024 года.",
        "direct-election",
        2024,
    ),
    case("2024-g-sentence-end", "ru", "Выборы районных акимов начнутся в 2024 г.", "direct-election", 2024),
    case(
        "numeric-date",
        "ru",
        "Выборы акимов районов состоялись 05.11.2023.",
        "direct-election",
        2023,
        date="2024-01-15",
    ),
    case(
        "segodnya",
        "ru",
        "Сегодня в Казахстане заработал Конституционный суд.",
        "constitutional-court",
        2023,
        date="2023-01-01",
    ),
    case(
        "v-budushchem-godu",
        "ru",
        "В будущем году акимов районов начнут избирать напрямую.",
        "direct-election",
        2024,
    ),
    case(
        "osenyu-etogo-goda",
        "ru",
        "Выборы сельских акимов продолжатся осенью этого года.",
        "direct-election",
        2021,
        date="2021-07-26",
    ),
    case(
        "v-yanvare-2022",
        "ru",
        "Закон об отмене смертной казни вступил в силу в январе 2022 года.",
        "death-penalty",
        2022,
        date="2023-05-10",
    ),
    case(
        "year-words-24",
        "ru",
        "В две тысячи двадцать четвёртом году пройдут выборы районных акимов.",
        "direct-election",
        2024,
    ),
    # English
    case("in-2024", "en", "Direct elections of district akims will be held in 2024.", "direct-election", 2024),
    case("in-2021", "en", "Kazakhstan abolished the death penalty in 2021.", "death-penalty", 2021),
    case(
        "month-day-year",
        "en",
        "On November 5, 2023, voters in 45 districts elected their akims.",
        "direct-election",
        2023,
        date="2024-01-10",
    ),
    case(
        "on-january-1-2023",
        "en",
        "The Constitutional Court began work on January 1, 2023.",
        "constitutional-court",
        2023,
        date="2024-02-01",
    ),
    case("next-year", "en", "Next year, district akims will be elected directly.", "direct-election", 2024),
    case(
        "date-without-year",
        "en",
        "The referendum on constitutional amendments took place on June 5.",
        "referendum",
        2022,
        date="2022-06-07",
    ),
    case(
        "last-year",
        "en",
        "Last year the threshold for parties to enter the Mazhilis was lowered to 5 percent.",
        "electoral-threshold",
        2023,
        date="2024-02-01",
    ),
    case(
        "starting-from-date",
        "en",
        "Starting from January 1, 2024, rural budgets will receive corporate income tax revenue.",
        "decentralization",
        2024,
    ),
    case(
        "weekday",
        "en",
        "The Mazhilis approved the law on the human rights commissioner on Wednesday.",
        "ombudsman",
        2022,
        date="2022-11-04",
    ),
    case(
        "in-2022-signed",
        "en",
        "In 2022, the President signed a law introducing a single seven-year term.",
        "presidential-term",
        2022,
        date="2023-05-10",
    ),
    case(
        "in-month-year",
        "en",
        "The law on peaceful assemblies took effect in June 2020.",
        "peaceful-assembly",
        2020,
        date="2021-03-01",
    ),
    case(
        "day-month-year",
        "en",
        "Voters elected akims in 45 districts on 5 November 2023.",
        "direct-election",
        2023,
        date="2024-01-10",
    ),
    case(
        "this-autumn",
        "en",
        "Direct elections of rural akims will continue this autumn.",
        "direct-election",
        2021,
        date="2021-07-26",
    ),
    case(
        "today",
        "en",
        "The Constitutional Court starts work today.",
        "constitutional-court",
        2023,
        date="2023-01-01",
    ),
    case("since-2021", "en", "Since 2021, rural akims have been elected directly.", "direct-election", 2021),
    case(
        "this-year",
        "en",
        "This year, parties will be able to register with just 5,000 members.",
        "party-registration",
        2023,
    ),
    # a past participle telling the antecedent's history gives no year; the reform's own participle does
    case(
        "participle-history",
        "ru",
        "Токаев предложил вернуть Конституционный суд, ликвидированный в 1995 году.",
        "constitutional-court",
        None,
    ),
    case(
        "participle-history-head",
        "ru",
        "Токаев, пришедший к власти в 2019 году, предложил ограничить президентство одним семилетним сроком.",
        "presidential-term",
        None,
    ),
    case(
        "participle-own",
        "ru",
        "Правозащитники напомнили о законе о мирных собраниях, принятом в мае 2020 года, "
        "который заменил разрешительный порядок уведомительным.",
        "peaceful-assembly",
        2020,
    ),
    case(
        "participle-history",
        "en",
        "The President proposed to re-establish the Constitutional Court abolished in 1995.",
        "constitutional-court",
        None,
    ),
    case(
        "participle-own",
        "en",
        "Under the mixed system introduced in 2022, 30 percent of Mazhilis seats go to district winners.",
        "electoral-system",
        2022,
    ),
    case(
        "finite-after-subject",
        "en",
        "A total of 730 rural akims were elected, his office said on Monday.",
        "direct-election",
        2023,
    ),
    case(
        "proshlogodniy-adjective",
        "ru",
        "Напомним, барьер для прохождения партий в Мажилис снижен с 7 до 5 процентов по итогам прошлогодней "
        "конституционной реформы.",
        "electoral-threshold",
        2022,
        date="2023-03-20",
    ),
    case(
        "relative-clause-of-the-proposal-keeps-its-time",
        "en",
        "The package, which President Kassym-Jomart Tokayev put forward in March, would restore the "
        "Constitutional Court.",
        "constitutional-court",
        2022,
        date="2022-06-03",
    ),
    case(
        "relative-clause-of-the-reform-keeps-its-time",
        "en",
        "His predecessor Elvira Azimova now chairs the Constitutional Court, which resumed work in January "
        "after a 27-year gap.",
        "constitutional-court",
        2023,
        date="2023-04-12",
    ),
    case(
        "said-that-is-not-relative",
        "en",
        "He said that this year the heads of forty-five districts will be elected directly for the first time.",
        "direct-election",
        2023,
        date="2023-03-29",
    ),
    case(
        "day-of-saying-gives-way-to-a-later-year",
        "en",
        "The President said in his address on Thursday that the first direct elections of akims of 45 districts "
        "and cities of regional significance will be held in 2023, a year ahead of the schedule set in 2021.",
        "direct-election",
        2023,
        date="2022-09-01",
    ),
    case(
        "day-of-saying-without-another-year",
        "ru",
        "Во вторник Президент заявил, что прямые выборы акимов районов станут обязательными.",
        "direct-election",
        2022,
        date="2022-09-01",
    ),
    case(
        "day-of-proposal-over-an-older-year",
        "en",
        "The president on Monday proposed abolishing the Senate, partly reversing reforms introduced after the "
        "unrest in 2022.",
        "parliament-powers",
        2025,
        date="2025-09-08",
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), TIME)
def test_time_year(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "year", expected, date, where)


# ---------------------------------------------------------------------------
# Attribution: speech verbs before/after, «по словам», «как заявил», quotes, titles,
# pronouns, officials resolved by the article date, bodies acting → claimant
# ---------------------------------------------------------------------------

ATTRIBUTION = [
    case(
        "title-president-subject",
        "ru",
        "Президент предложил снизить проходной барьер в Мажилис до 5 процентов.",
        "electoral-threshold",
        TOKAYEV,
    ),
    case(
        "speech-verb-after-zayavil",
        "ru",
        "Выборы акимов районов пройдут в 2024 году, заявил Касым-Жомарт Токаев.",
        "direct-election",
        TOKAYEV,
    ),
    case(
        "kak-zayavil-glava-gosudarstva",
        "ru",
        "Как заявил Глава государства, выборы районных акимов пройдут по всей стране.",
        "direct-election",
        TOKAYEV,
    ),
    case(
        "po-slovam-tokaeva",
        "ru",
        "По словам Токаева, Конституционный суд будет восстановлен.",
        "constitutional-court",
        TOKAYEV,
    ),
    case(
        "quote-dash-skazal-prezident",
        "ru",
        "«Предлагаю восстановить Конституционный суд», – сказал президент.",
        "constitutional-court",
        TOKAYEV,
    ),
    case(
        "pronoun-on-next-sentence",
        "ru",
        "Касым-Жомарт Токаев выступил с Посланием народу. Он предложил сократить президентскую квоту в Сенате.",
        "parliament-powers",
        TOKAYEV,
        where="квоту",
    ),
    case(
        "soobshchil-cec-chairman-named",
        "ru",
        "Председатель ЦИК Нурлан Абдиров сообщил, что выборы акимов состоялись в 45 районах.",
        "direct-election",
        ABDIROV,
    ),
    case(
        "otmetil-cec-title-only",
        "ru",
        "Выборы сельских акимов продолжатся осенью, отметил председатель ЦИК.",
        "direct-election",
        ABDIROV,
    ),
    case(
        "po-ego-slovam-after-name",
        "ru",
        "Нурлан Абдиров провёл брифинг для журналистов. По его словам, выборы акимов районов пройдут в 2024 году.",
        "direct-election",
        ABDIROV,
        where="По его словам",
    ),
    case(
        "podcherknul-mazhilis-speaker-2023",
        "ru",
        "Спикер Мажилиса подчеркнул, что порог регистрации партий снизят до 5 000 человек.",
        "party-registration",
        KOSHANOV,
        date="2023-06-01",
    ),
    case(
        "napomnil-ombudsman-2023",
        "ru",
        "Уполномоченный по правам человека напомнил, что его статус закреплён в Конституции.",
        "ombudsman",
        LASTAYEV,
        date="2023-03-01",
    ),
    case(
        "ombudsman-title-early-2022",
        "ru",
        "Уполномоченный по правам человека сообщила, что закон о мирных собраниях будет изменён.",
        "peaceful-assembly",
        AZIMOVA,
        date="2022-03-01",
    ),
    case(
        "prime-minister-2023",
        "ru",
        "Премьер-министр сообщил, что сельские бюджеты получат новые источники доходов.",
        "decentralization",
        SMAILOV,
        date="2023-05-10",
    ),
    case(
        "prime-minister-2024",
        "ru",
        "Премьер-министр сообщил, что сельские бюджеты получат новые источники доходов.",
        "decentralization",
        BEKTENOV,
        date="2024-05-10",
    ),
    case(
        "state-counselor-named",
        "ru",
        "Государственный советник Ерлан Карин сообщил, что маслихаты "
        "районов будут избираться по одномандатным округам.",
        "electoral-system",
        KARIN,
    ),
    case(
        "senate-chairman-named",
        "ru",
        "Председатель Сената Маулен Ашимбаев отметил, что Сенат утратит право принимать законы.",
        "parliament-powers",
        ASHIMBAYEV,
    ),
    case(
        "justice-minister-named",
        "ru",
        "Министр юстиции Азамат Ескараев рассказал, что закон об отмене смертной казни вступил в силу.",
        "death-penalty",
        YESKARAYEV,
        date="2022-01-05",
    ),
    case(
        "headline-ob-etom-skazal",
        "ru",
        "Выборы акимов районов пройдут в следующем году\nОб этом сказал Президент на заседании Национального курултая.",
        "direct-election",
        TOKAYEV,
        where="Выборы акимов районов",
    ),
    case(
        "quote-in-speaker-paragraph",
        "ru",
        "Глава государства выступил на заседании Национального курултая. "
        "«Мы отменили смертную казнь и восстановили Конституционный суд», — подчеркнул он.",
        "death-penalty",
        TOKAYEV,
    ),
    case(
        "president-signed-law",
        "ru",
        "Президент подписал закон об отмене смертной казни.",
        "death-penalty",
        TOKAYEV,
    ),
    case(
        "mazhilis-approved",
        "ru",
        "Мажилис одобрил законопроект о снижении проходного барьера до 5 процентов.",
        "electoral-threshold",
        "Mazhilis",
    ),
    case(
        "mazhilis-deputies-approved",
        "ru",
        "Депутаты Мажилиса одобрили поправки в закон о порядке проведения мирных собраний.",
        "peaceful-assembly",
        "Mazhilis",
    ),
    case(
        "quote-dash-otmetil-name",
        "ru",
        "«Выборы акимов районов станут постоянной практикой», — отметил Токаев.",
        "direct-election",
        TOKAYEV,
    ),
    case(
        "headline-colon",
        "ru",
        "Абдиров: выборы сельских акимов продолжатся осенью",
        "direct-election",
        ABDIROV,
    ),
    case(
        "soobshchili-v-cik",
        "ru",
        "Выборы акимов районов пройдут в 2024 году, сообщили в ЦИК.",
        "direct-election",
        "Central Election Commission",
    ),
    case(
        "government-body",
        "ru",
        "Правительство одобрило законопроект о местном самоуправлении.",
        "decentralization",
        "Government",
    ),
    case(
        "pronoun-three-sentences",
        "ru",
        "Касым-Жомарт Токаев выступил в Туркестане. Заседание прошло в новом конгресс-холле. "
        "Он отметил, что смертная казнь отменена навсегда.",
        "death-penalty",
        TOKAYEV,
        where="Он отметил",
    ),
    case(
        "outlet-voice-none",
        "ru",
        "Смертная казнь в Казахстане была отменена в 2021 году.",
        "death-penalty",
        None,
    ),
    # English
    case(
        "tokayev-proposed",
        "en",
        "Tokayev proposed restoring the Constitutional Court.",
        "constitutional-court",
        TOKAYEV,
    ),
    case(
        "the-president-said-after",
        "en",
        "District akims will be elected directly from 2024, the President said.",
        "direct-election",
        TOKAYEV,
    ),
    case(
        "according-to-head-of-state",
        "en",
        "According to the Head of State, the presidential quota in the Senate will be cut to 10 seats.",
        "parliament-powers",
        TOKAYEV,
    ),
    case(
        "quote-tokayev-said",
        "en",
        '"We will abolish the death penalty," Tokayev said.',
        "death-penalty",
        TOKAYEV,
    ),
    case(
        "pronoun-he-next-sentence",
        "en",
        "Kassym-Jomart Tokayev addressed the nation on Friday. "
        "He proposed lowering the threshold for parties to enter the Mazhilis to 5 percent.",
        "electoral-threshold",
        TOKAYEV,
        where="He proposed",
    ),
    case(
        "announced-cec-chairman-named",
        "en",
        "CEC chairman Nurlan Abdirov announced that direct elections of rural akims would continue in the autumn.",
        "direct-election",
        ABDIROV,
    ),
    case(
        "noted-cec-title-only",
        "en",
        "Rural akims will be elected in 2024, the CEC chairman noted.",
        "direct-election",
        ABDIROV,
    ),
    case(
        "mazhilis-speaker-title-2023",
        "en",
        "The Mazhilis Speaker said parliament would pass a law on local self-government this year.",
        "decentralization",
        KOSHANOV,
        date="2023-09-01",
    ),
    case(
        "ombudsman-title-2023",
        "en",
        "The ombudsman noted that the law on the human rights commissioner had been adopted.",
        "ombudsman",
        LASTAYEV,
        date="2023-03-01",
    ),
    case(
        "other-person-named",
        "en",
        "Marat Akhmetov, a lawyer in Almaty, said the new law will simplify the procedure for holding rallies.",
        "peaceful-assembly",
        "Marat Akhmetov",
    ),
    case(
        "president-signed",
        "en",
        "The President signed the law abolishing the death penalty.",
        "death-penalty",
        TOKAYEV,
    ),
    case(
        "senate-approved",
        "en",
        "The Senate approved the law on the human rights commissioner.",
        "ombudsman",
        "Senate",
    ),
    case(
        "quote-in-speaker-paragraph",
        "en",
        "Tokayev spoke at the National Kurultai in Turkistan. "
        '"Direct elections of district akims will be held across the country," he said.',
        "direct-election",
        TOKAYEV,
    ),
    case(
        "this-was-announced-by",
        "en",
        "Direct elections of district akims will be held nationwide. "
        "This was announced by President Tokayev at the Kurultai.",
        "direct-election",
        TOKAYEV,
        where="Direct elections",
    ),
    case(
        "head-of-state-lowercase-noted",
        "en",
        "The head of state noted that the Constitutional Court had been restored.",
        "constitutional-court",
        TOKAYEV,
    ),
    case(
        "according-to-cec",
        "en",
        "According to the CEC, district akims will be elected in 2024.",
        "direct-election",
        "Central Election Commission",
    ),
    case(
        "kazakh-leader",
        "en",
        "The Kazakh leader announced that the Constitutional Court would be restored.",
        "constitutional-court",
        TOKAYEV,
    ),
    case(
        "pronoun-three-sentences",
        "en",
        "Kassym-Jomart Tokayev spoke in Turkistan on Friday. The meeting was held in a new congress hall. "
        "He noted that the death penalty had been abolished for good.",
        "death-penalty",
        TOKAYEV,
        where="He noted",
    ),
    case(
        "outlet-voice-none",
        "en",
        "The death penalty was abolished in Kazakhstan in 2021.",
        "death-penalty",
        None,
    ),
    case(
        "name-after-description",
        "en",
        "“The reform changes little,” said Almaty-based political analyst Erzhan Tulegenov. "
        "Tulegenov argued that the registration threshold for parties should be cut to 5,000.",
        "party-registration",
        "Erzhan Tulegenov",
    ),
    case(
        "upper-house-speaker-title",
        "ru",
        "«Именно нижняя палата будет принимать законы, а Сенат — одобрять либо не одобрять их», — сказал "
        "спикер верхней палаты.",
        "parliament-powers",
        ASHIMBAYEV,
    ),
    case(
        "interview-answer-surname-colon",
        "en",
        "RFE/RL spoke with Astana-based political analyst Saltanat Kuanyshbekova.\n\n"
        "RFE/RL: Do you agree?\n\n"
        "Kuanyshbekova: No. I would go further: the akims of regions should be elected by citizens as well.",
        "direct-election",
        "Saltanat Kuanyshbekova",
    ),
    case(
        "interview-answer-continues-paragraph",
        "en",
        "RFE/RL spoke with political analyst Saltanat Kuanyshbekova.\n\n"
        "Kuanyshbekova: That would be a step back. If anything, the 5 percent threshold should be lowered "
        "further, to 3 percent.",
        "electoral-threshold",
        "Saltanat Kuanyshbekova",
    ),
    case(
        "interview-q-a-transcript",
        "en",
        "Azimova: “The court is not a decoration”\n\n"
        "Interview by a staff reporter.\n\n"
        "Q: What has changed for citizens?\n\n"
        "A: Citizens can now appeal to the Constitutional Court directly.",
        "constitutional-court",
        "Elvira Azimova",
    ),
    case(
        "interview-answer-marker-ru",
        "ru",
        "Эльвира Азимова: «Суд не должен быть декорацией»\n\n"
        "Председатель Конституционного суда Эльвира Азимова дала интервью нашему изданию.\n\n"
        "Вопрос: Что изменилось для граждан?\n\n"
        "Ответ: Граждане теперь могут напрямую обращаться в Конституционный суд.",
        "constitutional-court",
        "Elvira Azimova",
    ),
    case(
        "unnamed-group-proposes",
        "en",
        "Kassym-Jomart Tokayev spoke on Monday.\n\n"
        "Some lawmakers have floated returning to a fully proportional system for the Mazhilis.",
        "electoral-system",
        None,
    ),
    case(
        "pronoun-antecedent-in-sentence",
        "en",
        "Olzhas Bektenov said on Tuesday that rural budgets would grow.\n\n"
        "The push follows President Kassym-Jomart Tokayev’s September 2023 address, in which he proposed "
        "transferring corporate income tax to local budgets.",
        "decentralization",
        TOKAYEV,
    ),
    case(
        "headline-says-pm-surname",
        "en",
        "Rural districts will keep more of their taxes, says PM Bektenov",
        "decentralization",
        BEKTENOV,
        date="2024-07-09",
    ),
    case(
        "passive-participle-instrumental-agent",
        "ru",
        "Подписанными Президентом поправками вводится смешанная избирательная система на выборах депутатов Мажилиса.",
        "electoral-system",
        TOKAYEV,
    ),
    case(
        "possessive-title-is-not-a-proposer",
        "en",
        "It would also give the ombudsman’s office constitutional status.",
        "ombudsman",
        None,
        date="2022-06-03",
    ),
    case(
        "transcript-headline-address-by",
        "en",
        "State of the Nation Address by President Kassym-Jomart Tokayev\n\n"
        "This year the laws on peaceful assemblies and on elections were adopted.",
        "peaceful-assembly",
        TOKAYEV,
    ),
    case(
        "transcript-headline-vystuplenie",
        "ru",
        "Выступление Главы государства Касым-Жомарта Токаева на заседании Национального совета\n\n"
        "Разрешительный порядок проведения митингов будет заменён уведомительным.",
        "peaceful-assembly",
        TOKAYEV,
    ),
    case(
        "report-about-a-speech-is-not-a-transcript",
        "ru",
        "Главное из Послания Токаева: выборы акимов и смертная казнь\n\n"
        "Смертная казнь в Казахстане отменена в 2021 году.",
        "death-penalty",
        None,
        where="отменена",
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), ATTRIBUTION)
def test_attribution_claimant(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "claimant", expected, date, where)


# ---------------------------------------------------------------------------
# Status: proposed / planned / implemented
# ---------------------------------------------------------------------------

STATUS = [
    # proposed
    case(
        "predlozhil",
        "ru",
        "Президент предложил снизить порог регистрации партий.",
        "party-registration",
        "proposed",
    ),
    case(
        "iniciativa",
        "ru",
        "Депутаты выступили с инициативой ввести прямые выборы акимов областей.",
        "direct-election",
        "proposed",
    ),
    case(
        "schitayu-neobhodimym",
        "ru",
        "Считаю необходимым восстановить Конституционный суд, заявил Глава государства.",
        "constitutional-court",
        "proposed",
    ),
    case(
        "predlagaet-present",
        "ru",
        "Токаев предлагает перейти к смешанной избирательной системе.",
        "electoral-system",
        "proposed",
    ),
    case(
        "vydvinul-iniciativu",
        "ru",
        "Глава государства выдвинул инициативу ограничить пребывание на посту Президента одним семилетним сроком.",
        "presidential-term",
        "proposed",
    ),
    # planned
    case("proidut-future", "ru", "Выборы акимов районов пройдут в 2024 году.", "direct-election", "planned"),
    case(
        "budet-snizhen",
        "ru",
        "Проходной барьер будет снижен до 5 процентов.",
        "electoral-threshold",
        "planned",
    ),
    case(
        "planiruetsya",
        "ru",
        "Планируется передать сельским акимам часть полномочий районов.",
        "decentralization",
        "planned",
    ),
    case(
        "naznachen",
        "ru",
        "Референдум по поправкам в Конституцию назначен на 5 июня.",
        "referendum",
        "planned",
        date="2022-05-06",
    ),
    case("uprostyat-perf-futr", "ru", "Порядок проведения митингов упростят.", "peaceful-assembly", "planned"),
    # implemented
    case(
        "sostoyalis",
        "ru",
        "Выборы сельских акимов состоялись 25 июля.",
        "direct-election",
        "implemented",
        date="2021-07-27",
    ),
    case("byli-izbrany", "ru", "Акимы 45 районов были избраны напрямую.", "direct-election", "implemented"),
    case("uprazdnena", "ru", "Смертная казнь в Казахстане упразднена.", "death-penalty", "implemented"),
    case(
        "vstupil-v-silu",
        "ru",
        "Закон об уполномоченном по правам человека вступил в силу.",
        "ombudsman",
        "implemented",
    ),
    case(
        "vosstanovlen",
        "ru",
        "Конституционный суд восстановлен после почти тридцатилетнего перерыва.",
        "constitutional-court",
        "implemented",
    ),
    case(
        "vstupit-v-silu",
        "ru",
        "Закон о местном самоуправлении вступит в силу с 1 января.",
        "decentralization",
        "planned",
    ),
    case(
        "budut-izbiratsya",
        "ru",
        "Акимы районов будут избираться прямым голосованием.",
        "direct-election",
        "planned",
    ),
    case(
        "podpisal-zakon",
        "ru",
        "Глава государства подписал закон о снижении порога регистрации партий.",
        "party-registration",
        "implemented",
    ),
    # English: proposed
    case(
        "proposed",
        "en",
        "Tokayev proposed cutting the presidential quota in the Senate.",
        "parliament-powers",
        "proposed",
    ),
    case(
        "suggested",
        "en",
        "The President suggested lowering the number of members needed to register a party.",
        "party-registration",
        "proposed",
    ),
    case(
        "called-for",
        "en",
        "Deputies called for direct elections of regional akims.",
        "direct-election",
        "proposed",
    ),
    # English: planned
    case(
        "will",
        "en",
        "District akims will be elected directly starting next year.",
        "direct-election",
        "planned",
    ),
    case(
        "is-set-to",
        "en",
        "The threshold for parties to enter the Mazhilis is set to drop to 5 percent.",
        "electoral-threshold",
        "planned",
    ),
    case(
        "is-scheduled",
        "en",
        "A referendum on constitutional amendments is scheduled for June 5.",
        "referendum",
        "planned",
        date="2022-05-06",
    ),
    case(
        "plans-to",
        "en",
        "The government plans to simplify the rules for peaceful rallies.",
        "peaceful-assembly",
        "planned",
    ),
    case("will-be-abolished", "en", "The death penalty will be abolished.", "death-penalty", "planned"),
    case(
        "will-switch",
        "en",
        "Regional maslikhats will switch to a mixed electoral system.",
        "electoral-system",
        "planned",
    ),
    case(
        "initiative-came-from",
        "en",
        "The initiative to cut the presidential quota in the Senate came from the President.",
        "parliament-powers",
        "proposed",
    ),
    # English: implemented
    case("was-abolished", "en", "The death penalty was abolished in 2021.", "death-penalty", "implemented"),
    case(
        "has-been-restored",
        "en",
        "The Constitutional Court has been restored.",
        "constitutional-court",
        "implemented",
    ),
    case(
        "were-elected",
        "en",
        "Rural akims were elected directly for the first time in July 2021.",
        "direct-election",
        "implemented",
    ),
    case(
        "took-place",
        "en",
        "The referendum on constitutional amendments took place on June 5, 2022.",
        "referendum",
        "implemented",
    ),
    case(
        "signed-law",
        "en",
        "Tokayev signed the law lowering the threshold for parties to 5 percent.",
        "electoral-threshold",
        "implemented",
    ),
    # the life of a bill: passed by parliament it awaits the President's signature (planned); signed, it is done
    case(
        "adopted",
        "en",
        "Parliament adopted the law on the human rights commissioner.",
        "ombudsman",
        "planned",
    ),
    case(
        "adopted-and-signed",
        "en",
        "Parliament adopted the law on the human rights commissioner, and the President signed it on Friday.",
        "ombudsman",
        "implemented",
    ),
    # modal and conditional: what ought to or could be done is proposed, unless it carries a schedule
    case(
        "dolzhny",
        "ru",
        "По мнению Президента, акимы областей должны избираться напрямую.",
        "direct-election",
        "proposed",
    ),
    case(
        "dolzhny-schedule",
        "ru",
        "Новые правила проведения митингов должны вступить в силу до конца года.",
        "peaceful-assembly",
        "planned",
    ),
    case(
        "bylo-by",
        "ru",
        "Было бы правильно перейти к смешанной избирательной системе на выборах в Мажилис.",
        "electoral-system",
        "proposed",
    ),
    case(
        "mog-by",
        "ru",
        "Сенат мог бы только одобрять законы, а принимать их должен Мажилис.",
        "parliament-powers",
        "proposed",
    ),
    case(
        "mozhno-budet",
        "ru",
        "Уже в следующем году можно будет провести выборы акимов районов, считает Президент.",
        "direct-election",
        "proposed",
    ),
    case(
        "mogut-teper",
        "ru",
        "Теперь граждане могут напрямую обращаться в Конституционный суд.",
        "constitutional-court",
        "implemented",
    ),
    case(
        "could-then",
        "en",
        "A referendum on the changes could then be held next spring, the President said.",
        "referendum",
        "proposed",
    ),
    case(
        "suggested-could",
        "en",
        "The President suggested that district akims could be elected directly from 2024.",
        "direct-election",
        "proposed",
    ),
    case(
        "so-that-could",
        "en",
        "The President proposed restoring the Constitutional Court so that ordinary citizens could appeal to it.",
        "constitutional-court",
        "proposed",
    ),
    case(
        "who-said-should",
        "en",
        "The idea was welcomed by Lastayev, who said the ombudsman should be given constitutional status.",
        "ombudsman",
        "proposed",
    ),
    case(
        "suggested-adopting",
        "en",
        "He also suggested adopting a new law on peaceful assemblies.",
        "peaceful-assembly",
        "proposed",
    ),
    # an instruction with a deadline is decided; a drafted bill is not law yet
    case(
        "poruchil-srok",
        "ru",
        "Президент поручил Правительству до 1 июля внести законопроект о полномочиях местного самоуправления.",
        "decentralization",
        "planned",
    ),
    case(
        "bill-drafted",
        "ru",
        "Законопроект о мирных собраниях разработан и осенью поступит в Мажилис.",
        "peaceful-assembly",
        "planned",
    ),
    case(
        "bill-drafted",
        "en",
        "A bill on local self-government has been drafted and will reach Parliament this autumn.",
        "decentralization",
        "planned",
    ),
    case(
        "relative-clause-proposes-the-reform",
        "ru",
        "— Перейдем к Конституционному суду, который Президент предложил воссоздать.",
        "constitutional-court",
        "proposed",
    ),
    case(
        "conditional-of-a-proposed-package",
        "en",
        "The package, which President Kassym-Jomart Tokayev put forward in March, would cut the number of "
        "senators the president appoints from 15 to 10.",
        "parliament-powers",
        "proposed",
    ),
    case(
        "relative-clause-proposal-in-address",
        "en",
        "The push follows the President’s address, in which he proposed transferring corporate income tax "
        "to local budgets.",
        "decentralization",
        "proposed",
    ),
    case(
        "future-governs-participle",
        "en",
        "Rural districts will keep a larger share of the taxes collected on their territory starting next year.",
        "decentralization",
        "planned",
    ),
    case(
        "future-then-after-past",
        "en",
        "A third of the constitution will be rewritten after voters approved the amendments in a referendum.",
        "referendum",
        "implemented",
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), STATUS)
def test_status(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "status", expected, date, where)


# ---------------------------------------------------------------------------
# Not claims: turnout, candidates, results, biographies, schedules, weather,
# negated, hedged and counter-claims → no claims at all
# ---------------------------------------------------------------------------

NOT_CLAIMS = [
    pytest.param("ru", "Явка на выборах акимов районов составила 63 процента.", id="ru-turnout"),
    pytest.param("ru", "На 45 должностей акимов районов претендовали 125 кандидатов.", id="ru-candidates"),
    pytest.param("ru", "По итогам голосования в Мажилис прошли шесть партий.", id="ru-results-parties"),
    pytest.param(
        "ru", "За поправки на референдуме проголосовали 77 процентов избирателей.", id="ru-results-referendum"
    ),
    pytest.param(
        "ru",
        "Новый аким района родился в 1975 году в Карагандинской области и окончил местный университет.",
        id="ru-biography",
    ),
    pytest.param("ru", "Голосование на выборах акимов районов начнётся в 7:00 по местному времени.", id="ru-schedule"),
    pytest.param("ru", "В день выборов акимов в Астане ожидается снег и до минус десяти градусов.", id="ru-weather"),
    pytest.param(
        "ru",
        "Отдельные политики заявляют, что реформы могут привести к угрозам стабильности.",
        id="ru-counter-reforms-threat",
    ),
    pytest.param("ru", "Переходить к выборам акимов областей пока не планируется.", id="ru-negated-not-planned"),
    pytest.param("ru", "Президент не намерен менять срок своих полномочий.", id="ru-negated-term"),
    pytest.param(
        "ru",
        "Эксперты сомневаются, что снижение проходного барьера изменит расстановку сил в Мажилисе.",
        id="ru-doubted",
    ),
    pytest.param("ru", "Оппозиционеры считают, что выборы акимов останутся формальностью.", id="ru-counter-opinion"),
    pytest.param(
        "ru",
        "Кроме того, Президент предложил провести внеочередные президентские выборы осенью.",
        id="ru-snap-election-not-reform",
    ),
    pytest.param("ru", "Сейчас в Мажилисе представлены лишь три партии.", id="ru-state-of-affairs"),
    pytest.param(
        "ru",
        "Глава государства подчеркнул важность политических реформ для развития страны.",
        id="ru-general-reforms",
    ),
    pytest.param("ru", "Итоги выборов акимов районов ЦИК огласит в понедельник.", id="ru-results-schedule"),
    pytest.param(
        "ru",
        "Вряд ли снижение проходного барьера поможет новым партиям попасть в Мажилис.",
        id="ru-hedged-vryad-li",
    ),
    pytest.param("ru", "Сколько районов проведут выборы акимов в этом году, пока не уточняется.", id="ru-unspecified"),
    # English
    pytest.param("en", "Turnout in the district akim elections was 63 percent.", id="en-turnout"),
    pytest.param("en", "More than 120 candidates ran for the 45 district akim posts.", id="en-candidates"),
    pytest.param("en", "Turnout in the referendum was 68 percent, the commission said.", id="en-turnout-referendum"),
    pytest.param(
        "en",
        "The new akim was born in 1975 and graduated from Karaganda State University.",
        id="en-biography",
    ),
    pytest.param(
        "en",
        "Polling stations for the akim elections will open at 7 a.m. local time on Sunday.",
        id="en-schedule",
    ),
    pytest.param(
        "en",
        "Snow and strong winds are expected in Astana on the day of the akim elections.",
        id="en-weather",
    ),
    pytest.param("en", "Critics say the reforms will do little to limit the president's power.", id="en-critics-say"),
    pytest.param(
        "en",
        "The government has no plans to introduce direct elections of regional governors.",
        id="en-no-plans",
    ),
    pytest.param("en", "The President did not say whether the death penalty would be abolished.", id="en-negated"),
    pytest.param(
        "en",
        "Some analysts doubt that lowering the threshold will bring new parties into the Mazhilis.",
        id="en-doubted",
    ),
    pytest.param("en", "It remains unclear whether the presidential quota in the Senate will be cut.", id="en-unclear"),
    pytest.param(
        "en",
        "Some deputies argued that the death penalty should be restored for terrorism.",
        id="en-counter-restore-death-penalty",
    ),
    pytest.param(
        "en",
        "Asked about elections of regional akims, he said it was too early to discuss them.",
        id="en-too-early",
    ),
    pytest.param("en", "Kazakhstan currently has seven registered political parties.", id="en-state-of-affairs"),
    pytest.param("en", "The President stressed that political reforms will continue.", id="en-general-reforms"),
    pytest.param("ru", "Порог для регистрации партий могут снизить ещё раз", id="ru-may-headline"),
    pytest.param(
        "en", "Analysts suggested the new parliament could be dominated by one party.", id="en-analysts-could"
    ),
    pytest.param(
        "ru", "Места для проведения мирных собраний, как и раньше, определяют маслихаты.", id="ru-kak-i-ranshe"
    ),
    pytest.param(
        "ru",
        "В 2013 году акимов сельских округов впервые избрали депутаты маслихатов, но прямыми такие выборы назвать "
        "было нельзя.",
        id="ru-nelzya",
    ),
    pytest.param("en", "President Tokayev has said elections of regional governors are premature.", id="en-premature"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_CLAIMS)
def test_not_a_claim(phen_pipe, lang, text):
    claims = _claims(phen_pipe, text, lang, DATE)
    assert claims == [], f"expected no claims; got {_show(claims)}"


# ---------------------------------------------------------------------------
# Level and office when the sentence names them
# ---------------------------------------------------------------------------

LEVEL = [
    case(
        "maslikhaty-oblastei",
        "ru",
        "Маслихаты областей перейдут на смешанную избирательную систему.",
        "electoral-system",
        "region",
    ),
    case(
        "raionnye-maslikhaty",
        "ru",
        "Депутатов районных маслихатов будут избирать только по одномандатным округам.",
        "electoral-system",
        "district",
    ),
    case(
        "city-republican",
        "ru",
        "Маслихаты Астаны, Алматы и Шымкента будут избираться по смешанной системе.",
        "electoral-system",
        "city-republican",
    ),
    case(
        "oblastnye-byudzhety",
        "ru",
        "Областные бюджеты получат часть корпоративного подоходного налога.",
        "decentralization",
        "region",
    ),
    case(
        "national-none",
        "ru",
        "Проходной барьер для партий в Мажилис снижен до 5 процентов.",
        "electoral-threshold",
        None,
    ),
    case(
        "selskih-okrugov-decentr",
        "ru",
        "Акимы сельских округов получат право распоряжаться местным бюджетом.",
        "decentralization",
        "rural",
    ),
    case("akimov-sel", "ru", "Акимов сёл впервые избрали жители в 2021 году.", "direct-election", "rural"),
    case(
        "akimov-gorodov-respublikanskogo",
        "ru",
        "Партия предложила ввести выборы акимов городов республиканского значения.",
        "direct-election",
        "city-republican",
    ),
    case(
        "regional-maslikhats",
        "en",
        "Regional maslikhats will switch to a mixed electoral system.",
        "electoral-system",
        "region",
    ),
    case(
        "district-maslikhats",
        "en",
        "District maslikhats will be elected entirely in single-mandate districts.",
        "electoral-system",
        "district",
    ),
    case(
        "city-republican",
        "en",
        "Maslikhats of Astana, Almaty and Shymkent will be elected under a mixed system.",
        "electoral-system",
        "city-republican",
    ),
    case(
        "rural-districts-budgets",
        "en",
        "Rural districts will get their own budgets.",
        "decentralization",
        "rural",
    ),
    case(
        "regional-budgets",
        "en",
        "Part of the corporate income tax will be transferred to regional budgets.",
        "decentralization",
        "region",
    ),
    case(
        "district-budgets",
        "en",
        "Districts will get more control over their own budgets.",
        "decentralization",
        "district",
    ),
    case("national-none", "en", "The death penalty was abolished nationwide.", "death-penalty", None),
]

OFFICE = [
    case(
        "akim",
        "ru",
        "Президент предложил перейти к прямым выборам акимов районов.",
        "direct-election",
        "akim",
    ),
    case(
        "president",
        "ru",
        "Срок полномочий Президента ограничат одним семилетним сроком.",
        "presidential-term",
        "president",
    ),
    case(
        "mazhilis-system",
        "ru",
        "70 процентов депутатов Мажилиса будут избираться по партийным спискам, а 30 процентов — "
        "по одномандатным округам.",
        "electoral-system",
        "mazhilis",
    ),
    case(
        "senate-quota",
        "ru",
        "Президентскую квоту в Сенате сократят до десяти человек.",
        "parliament-powers",
        "senate",
    ),
    case(
        "maslikhat",
        "ru",
        "Депутатов районных маслихатов будут избирать только по одномандатным округам.",
        "electoral-system",
        "maslikhat",
    ),
    case(
        "party",
        "ru",
        "Для регистрации политической партии понадобится 5 000 членов.",
        "party-registration",
        "party",
    ),
    case(
        "mazhilis-powers",
        "ru",
        "Полномочия Мажилиса будут расширены: законы будет принимать нижняя палата.",
        "parliament-powers",
        "mazhilis",
    ),
    case("parliament", "ru", "Полномочия Парламента значительно расширят.", "parliament-powers", "parliament"),
    case(
        "mazhilis-threshold",
        "ru",
        "Проходной барьер в Мажилис понизят до пяти процентов.",
        "electoral-threshold",
        "mazhilis",
    ),
    case(
        "akim",
        "en",
        "The President proposed electing district akims by popular vote.",
        "direct-election",
        "akim",
    ),
    case(
        "president",
        "en",
        "The presidency will be limited to a single seven-year term.",
        "presidential-term",
        "president",
    ),
    case(
        "mazhilis",
        "en",
        "Deputies of the Mazhilis will be elected under a mixed electoral system.",
        "electoral-system",
        "mazhilis",
    ),
    case(
        "senate",
        "en",
        "The number of senators appointed by the President will be reduced from 15 to 10.",
        "parliament-powers",
        "senate",
    ),
    case(
        "maslikhat",
        "en",
        "Regional maslikhats will switch to a mixed electoral system.",
        "electoral-system",
        "maslikhat",
    ),
    case(
        "party",
        "en",
        "The number of members needed to register a political party was cut to 5,000.",
        "party-registration",
        "party",
    ),
    case(
        "parliament",
        "en",
        "Parliament will gain broader powers under the amendments.",
        "parliament-powers",
        "parliament",
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), LEVEL)
def test_level(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "level", expected, date, where)


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), OFFICE)
def test_office(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "office", expected, date, where)


# ---------------------------------------------------------------------------
# All twelve reform codes, both languages, three varied sentences each → reform
# ---------------------------------------------------------------------------

REFORMS = [
    # direct-election
    case("de-1", "ru", "Жители районов смогут сами выбирать своих акимов.", "direct-election"),
    case("de-2", "ru", "В Казахстане прошли первые прямые выборы районных акимов.", "direct-election"),
    case("de-3", "ru", "Акимов сельских округов теперь избирают, а не назначают.", "direct-election"),
    case("de-1", "en", "Kazakhstan will hold direct elections of district akims.", "direct-election"),
    case("de-2", "en", "Village heads are now chosen by residents rather than appointed.", "direct-election"),
    case("de-3", "en", "Voters elected akims in 45 districts for the first time.", "direct-election"),
    # presidential-term
    case(
        "pt-1",
        "ru",
        "Президента будут избирать на один семилетний срок без права переизбрания.",
        "presidential-term",
    ),
    case("pt-2", "ru", "Срок президентских полномочий увеличен с пяти до семи лет.", "presidential-term"),
    case(
        "pt-3",
        "ru",
        "Одно и то же лицо не сможет занимать пост Президента более одного срока.",
        "presidential-term",
    ),
    case(
        "pt-1",
        "en",
        "The president will serve a single seven-year term without the right to re-election.",
        "presidential-term",
    ),
    case(
        "pt-2",
        "en",
        "Tokayev proposed limiting the presidency to one term of seven years.",
        "presidential-term",
    ),
    case(
        "pt-3",
        "en",
        "The amendments replaced the five-year presidential term with a single seven-year term.",
        "presidential-term",
    ),
    # electoral-system
    case("es-1", "ru", "Мажилис будет формироваться по смешанной избирательной системе.", "electoral-system"),
    case(
        "es-2",
        "ru",
        "Треть депутатов Мажилиса будет избираться по одномандатным округам.",
        "electoral-system",
    ),
    case("es-3", "ru", "Выборы в маслихаты районов пройдут по мажоритарной системе.", "electoral-system"),
    case("es-1", "en", "Kazakhstan switched to a mixed electoral system for the Mazhilis.", "electoral-system"),
    case(
        "es-2",
        "en",
        "Thirty percent of Mazhilis seats will be filled in single-mandate districts.",
        "electoral-system",
    ),
    case("es-3", "en", "District maslikhats will be elected under a majoritarian system.", "electoral-system"),
    # party-registration
    case("pr-1", "ru", "Порог регистрации политических партий снижен до 5 000 человек.", "party-registration"),
    case(
        "pr-2",
        "ru",
        "Число членов, необходимое для регистрации партии, уменьшат в четыре раза.",
        "party-registration",
    ),
    case("pr-3", "ru", "Для создания и регистрации партии хватит пяти тысяч сторонников.", "party-registration"),
    case(
        "pr-1",
        "en",
        "The membership threshold for registering a political party was lowered fourfold.",
        "party-registration",
    ),
    case("pr-2", "en", "Parties will need only 5,000 members to register.", "party-registration"),
    case(
        "pr-3",
        "en",
        "Tokayev suggested making it easier to register new parties by cutting the required membership.",
        "party-registration",
    ),
    # electoral-threshold
    case("et-1", "ru", "Проходной барьер в Мажилис снижен с 7 до 5 процентов.", "electoral-threshold"),
    case(
        "et-2",
        "ru",
        "Партиям будет достаточно набрать 5 процентов голосов, чтобы пройти в Мажилис.",
        "electoral-threshold",
    ),
    case(
        "et-3",
        "ru",
        "Процентный барьер для прохождения в маслихаты снизят до пяти процентов.",
        "electoral-threshold",
    ),
    case(
        "et-1",
        "en",
        "The threshold for parties to enter the Mazhilis was lowered to 5 percent.",
        "electoral-threshold",
    ),
    case(
        "et-2",
        "en",
        "Parties will need just 5% of the vote to win seats in the Mazhilis.",
        "electoral-threshold",
    ),
    case(
        "et-3",
        "en",
        "The electoral barrier for maslikhats will fall from 7 to 5 percent.",
        "electoral-threshold",
    ),
    # constitutional-court
    case("cc-1", "ru", "В Казахстане восстановлен Конституционный суд.", "constitutional-court"),
    case("cc-2", "ru", "Конституционный суд придёт на смену Конституционному совету.", "constitutional-court"),
    case("cc-3", "ru", "Президент предложил воссоздать Конституционный суд.", "constitutional-court"),
    case("cc-1", "en", "Kazakhstan restored its Constitutional Court.", "constitutional-court"),
    case(
        "cc-2",
        "en",
        "A Constitutional Court will replace the Constitutional Council.",
        "constitutional-court",
    ),
    case("cc-3", "en", "The Constitutional Court started work on January 1.", "constitutional-court"),
    # parliament-powers
    case("pp-1", "ru", "Президентская квота в Сенате будет сокращена.", "parliament-powers"),
    case(
        "pp-2",
        "ru",
        "Законы будет принимать Мажилис, а Сенат будет их одобрять или не одобрять.",
        "parliament-powers",
    ),
    case("pp-3", "ru", "Полномочия Парламента будут расширены.", "parliament-powers"),
    case("pp-1", "en", "The President's quota in the Senate was cut from 15 to 10 seats.", "parliament-powers"),
    case("pp-2", "en", "The Mazhilis will gain the exclusive right to adopt laws.", "parliament-powers"),
    case(
        "pp-3",
        "en",
        "Kazakhstan will move from a super-presidential system to a presidential republic with a strong parliament.",
        "parliament-powers",
    ),
    # death-penalty
    case("dp-1", "ru", "Смертная казнь в Казахстане отменена.", "death-penalty"),
    case("dp-2", "ru", "Президент подписал закон об отмене смертной казни.", "death-penalty"),
    case("dp-3", "ru", "Норма о смертной казни исключена из Конституции.", "death-penalty"),
    case("dp-1", "en", "Kazakhstan abolished the death penalty.", "death-penalty"),
    case("dp-2", "en", "Capital punishment was removed from the Constitution.", "death-penalty"),
    case("dp-3", "en", "Tokayev signed a law abolishing capital punishment.", "death-penalty"),
    # referendum
    case(
        "ref-1",
        "ru",
        "В Казахстане состоялся республиканский референдум по поправкам в Конституцию.",
        "referendum",
    ),
    case("ref-2", "ru", "Поправки в Конституцию будут вынесены на референдум.", "referendum"),
    case(
        "ref-3",
        "ru",
        "Президент назначил всенародный референдум по изменениям в Основной закон.",
        "referendum",
    ),
    case("ref-1", "en", "Kazakhstan held a national referendum on constitutional amendments.", "referendum"),
    case("ref-2", "en", "The amendments will be put to a nationwide referendum.", "referendum"),
    case("ref-3", "en", "Voters approved the constitutional amendments in a referendum.", "referendum"),
    # peaceful-assembly
    case(
        "pa-1",
        "ru",
        "Закон о мирных собраниях ввёл уведомительный порядок проведения митингов.",
        "peaceful-assembly",
    ),
    case("pa-2", "ru", "Порядок проведения мирных собраний упростят.", "peaceful-assembly"),
    case(
        "pa-3",
        "ru",
        "Для проведения митинга организаторам будет достаточно уведомить акимат.",
        "peaceful-assembly",
    ),
    case("pa-1", "en", "The new law simplified the rules for holding peaceful assemblies.", "peaceful-assembly"),
    case(
        "pa-2",
        "en",
        "Organizers of rallies will only need to notify the local authorities.",
        "peaceful-assembly",
    ),
    case("pa-3", "en", "Kazakhstan adopted a law on peaceful assemblies.", "peaceful-assembly"),
    # decentralization
    case("dc-1", "ru", "Сельские округа получат собственные бюджеты.", "decentralization"),
    case("dc-2", "ru", "Часть полномочий областей передадут районам.", "decentralization"),
    case(
        "dc-3",
        "ru",
        "Органам местного самоуправления передадут дополнительные полномочия.",
        "decentralization",
    ),
    case("dc-1", "en", "Rural districts will get their own budgets.", "decentralization"),
    case("dc-2", "en", "Powers will be transferred from the regions to the districts.", "decentralization"),
    case(
        "dc-3",
        "en",
        "The new law on local self-government expands the powers of local communities.",
        "decentralization",
    ),
    # ombudsman
    case("om-1", "ru", "Статус уполномоченного по правам человека закреплён в Конституции.", "ombudsman"),
    case("om-2", "ru", "Принят закон об уполномоченном по правам человека.", "ombudsman"),
    case("om-3", "ru", "Омбудсмен получит конституционный статус.", "ombudsman"),
    case(
        "om-1",
        "en",
        "The status of the human rights commissioner was enshrined in the Constitution.",
        "ombudsman",
    ),
    case("om-2", "en", "Tokayev signed the law on the ombudsman.", "ombudsman"),
    case("om-3", "en", "The ombudsman will receive constitutional status.", "ombudsman"),
]

# ---------------------------------------------------------------------------
# Anaphora: a sentence that points back at the one reform of the sentence before
# ---------------------------------------------------------------------------

ANAPHORA = [
    case(
        "such-elections",
        "en",
        "I believe it is time to move on to direct elections of rural akims. "
        "Such elections will take place as early as next year.",
        "direct-election",
        "planned",
        where="Such elections",
    ),
    case(
        "eta-norma",
        "ru",
        "Согласно поправкам, проходной порог для партий на выборах в Мажилис снижается с 7 до 5 процентов. "
        "Эта норма будет применена уже на ближайших выборах в Мажилис.",
        "electoral-threshold",
        "planned",
        where="Эта норма",
    ),
    case(
        "dokument-podderzhal-senat",
        "ru",
        "Ранее законопроект об отмене смертной казни одобрили депутаты Мажилиса. "
        "В середине декабря документ поддержал и Сенат.",
        "death-penalty",
        "planned",
        where="документ",
    ),
    case(
        "dokument-podderzhal-senat-after-signing",
        "ru",
        "Токаев подписал закон об отмене смертной казни. Ранее законопроект одобрили депутаты Мажилиса. "
        "В середине декабря документ поддержал и Сенат.",
        "death-penalty",
        "implemented",
        where="документ",
    ),
]


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), ANAPHORA)
def test_anaphora_status(phen_pipe, lang, text, reform, expected, date, where):
    _check(phen_pipe, lang, text, reform, "status", expected, date, where)


@pytest.mark.parametrize(("lang", "text", "reform", "expected", "date", "where"), REFORMS)
def test_reform_code(phen_pipe, lang, text, reform, expected, date, where):
    _claim(phen_pipe, lang, text, reform, date, where)
