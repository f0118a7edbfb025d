"""Phenomena of real published news (issue 12), one table per phenomenon, in Russian and English.

Every text here is written for this file after the structure of real articles (wire copy, press-service
readouts, parliament reports, analysis), not copied from them. A case gives a text (often a headline, a lead
and the sentence under test, as an article has them), the reform, and one slot the sentence must give:

* topic continuation – a sentence about the reform in focus that does not name it   → reform + slot
* lexicon            – the words real outlets use for each reform                    → reform
* headlines          – "X to strengthen Y", Title Case, «… — Президент РК»             → reform + slot
* claimants          – readouts, "As mentioned by", chambers, press services, signers → claimant
* life of a bill     – approved by a chamber, a reading, a draft, signed, in force    → status
* false claims       – durations, «не исключил», a barrier, «будут избраны», titles   → no claim / a slot
* English parts of speech – closed word classes are not unknown nouns
"""

from __future__ import annotations

import pytest

from kg.model import Claim, Document
from kg.tokens import Morphology

DATE = "2023-05-10"
TOKAYEV = "Kassym-Jomart Tokayev"
KARIN = "Yerlan Karin"
CEC = "Central Election Commission"


@pytest.fixture(scope="module")
def pipe():
    from kg.pipeline import Pipeline

    return Pipeline()


def case(id_, lang, text, reform, slot=None, expected=None, *, date=DATE, where=None):
    """One row: ``where`` is a substring of the sentence that must carry the claim (default: the last one)."""
    return pytest.param(lang, text, reform, slot, expected, date, where, id=f"{lang}-{id_}")


def _claims(pipe, text: str, lang: str, date: str) -> list[Claim]:
    return pipe.extractor.document(Document("t", text, lang, date=date)).claims


def _show(claims: list[Claim]) -> str:
    return (
        "; ".join(
            f"{c.reform}(status={c.status}, count={c.count}, year={c.year}, "
            f"claimant={c.claimant.name if c.claimant else None}, quote={c.quote[:40]!r})"
            for c in claims
        )
        or "no claims"
    )


def _check(pipe, lang, text, reform, slot, expected, date, where):
    claims = _claims(pipe, text, lang, date)
    last = text.rstrip().rsplit("\n", 1)[-1].strip()
    anchor = where or last[-30:]
    hits = [c for c in claims if c.reform == reform and anchor in c.quote]
    assert hits, f"expected a {reform} claim on «{anchor}»; got {_show(claims)}"
    if slot is None:
        return
    got = hits[0].claimant.name if slot == "claimant" and hits[0].claimant else getattr(hits[0], slot, None)
    if slot == "claimant" and not hits[0].claimant:
        got = None
    assert got == expected, f"{reform}: {slot} expected {expected!r}, got {got!r} ({_show(hits)})"


ROWS = ("lang", "text", "reform", "slot", "expected", "date", "where")

# --- topic continuation: the reform was named before; the sentence goes on about it -----------------------

CONTINUATION = [
    case(
        "elections-scheduled",
        "ru",
        "Прямые выборы акимов районов впервые пройдут этой осенью.\n\nГолосование назначено на 5 ноября.",
        "direct-election",
        "year",
        2023,
        date="2023-09-14",
    ),
    case(
        "elections-will-cover",
        "en",
        "Twenty rural akims were elected on Sunday, the state counsellor wrote.\n\n"
        "By December the elections will cover 150 more villages.",
        "direct-election",
        "count",
        150,
        date="2023-08-15",
    ),
    case(
        "this-quota",
        "ru",
        "Президент предложил лишить Ассамблею народа квоты в Мажилисе.\n\n"
        "Эта квота переносится в Сенат и сокращается до пяти мест.",
        "parliament-powers",
        "count",
        5,
        date="2022-03-16",
    ),
    case(
        "the-quota-in-the-senate",
        "en",
        "Tokayev proposed moving the Assembly's quota out of the Mazhilis.\n\n"
        "In the Senate the quota will shrink from nine seats to five.",
        "parliament-powers",
        "count",
        5,
        date="2022-03-16",
    ),
    case(
        "bill-provision-organisers",
        "ru",
        "Мажилис одобрил законопроект о мирных собраниях.\n\n"
        "Организаторы должны будут уведомить акимат за пять рабочих дней.",
        "peaceful-assembly",
        "claimant",
        "Mazhilis",
        date="2020-04-08",
    ),
    case(
        "bill-provision-organisers",
        "en",
        "The Senate approved a bill on peaceful assemblies.\n\n"
        "Organisers will have to notify the akimat five days before a rally.",
        "peaceful-assembly",
        "status",
        "planned",
        date="2020-05-01",
    ),
    case(
        "the-bill-goes-on",
        "en",
        "The Senate approved a bill abolishing the death penalty. The bill now goes to the President for signature.",
        "death-penalty",
        "status",
        "planned",
        date="2021-12-23",
        where="The bill now goes",
    ),
    case(
        "office-holder-pronoun",
        "ru",
        "Президента теперь избирают на один семилетний срок. "
        "Он будет возглавлять страну семь лет без права переизбрания.",
        "presidential-term",
        "count",
        7,
        date="2023-01-19",
        where="Он будет возглавлять",
    ),
    case(
        "office-holder-pronoun",
        "en",
        "The president is now elected for a single seven-year term. He will serve seven years in office.",
        "presidential-term",
        "count",
        7,
        date="2023-01-19",
        where="He will serve",
    ),
    case(
        "court-starts-work",
        "ru",
        "Конституционный суд воссоздаётся по итогам референдума. Суд начнёт работу с 1 января 2023 года.",
        "constitutional-court",
        "year",
        2023,
        date="2022-11-05",
        where="Суд начнёт",
    ),
]


@pytest.mark.parametrize(ROWS, CONTINUATION)
def test_topic_continuation(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- the lexicon of real outlets ---------------------------------------------------------------------------

LEXICON = [
    case(
        "law-on-meetings",
        "en",
        "Parliament passed a law on peaceful meetings replacing permits with notices.",
        "peaceful-assembly",
    ),
    case("rules-for-protests", "en", "New rules for protests make it easier to hold them.", "peaceful-assembly"),
    case("law-on-rallies", "ru", "Президент подписал поправки в закон о митингах.", "peaceful-assembly"),
    case("protest-actions", "ru", "Порядок проведения акций протеста упростят.", "peaceful-assembly"),
    case("self-governance", "en", "The government will draft a law on local self-governance.", "decentralization"),
    case("msu", "ru", "Правительство разработает новую концепцию развития МСУ.", "decentralization"),
    case("assembly-quota", "ru", "Квоту АНК в Мажилисе упразднят.", "parliament-powers"),
    case(
        "assembly-quota", "en", "The Assembly of People's quota in the Mazhilis will be abolished.", "parliament-powers"
    ),
    case("unicameral", "en", "Tokayev proposed a unicameral parliament of 145 seats.", "parliament-powers"),
    case("one-chamber", "ru", "Токаев предложил перейти к однопалатному парламенту.", "parliament-powers"),
    case(
        "mazhilis-mandates",
        "ru",
        "Число мандатов в Мажилисе сократится со 107 до 98.",
        "parliament-powers",
        "count",
        98,
    ),
    case(
        "mazhilis-seats",
        "en",
        "The number of seats in the Mazhilis was reduced from 107 to 98.",
        "parliament-powers",
        "count",
        98,
    ),
    case(
        "planka", "ru", "Планку для прохождения партий в Мажилис опустили с 7 до 5%.", "electoral-threshold", "count", 5
    ),
    case("entry-bar", "en", "The entry bar for parties was lowered to 5 percent.", "electoral-threshold", "count", 5),
    case(
        "regional-branches",
        "ru",
        "Минимальная численность региональных филиалов партий снижена с 600 до 200 человек.",
        "party-registration",
        "count",
        200,
    ),
    case(
        "regional-branches",
        "en",
        "The minimum membership of regional branches was cut from 600 to 200.",
        "party-registration",
        "count",
        200,
    ),
    case("optional-protocol", "ru", "Казахстан ратифицировал Второй факультативный протокол.", "death-penalty"),
    case("optional-protocol", "en", "Kazakhstan ratified the Second Optional Protocol in January.", "death-penalty"),
    case(
        "council-as-court",
        "ru",
        "В Казахстане воссоздадут Конституционный совет, куда смогут обращаться граждане.",
        "constitutional-court",
    ),
    case(
        "council-as-court",
        "en",
        "Kazakhstan will restore the Constitutional Council for citizens' appeals.",
        "constitutional-court",
    ),
    case("plebiscite", "ru", "Плебисцит по поправкам в Основной закон прошёл 5 июня.", "referendum"),
]


@pytest.mark.parametrize(ROWS, LEXICON)
def test_lexicon(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- headlines -----------------------------------------------------------------------------------------------

HEADLINES = [
    case(
        "x-to-strengthen-y",
        "en",
        "Kazakhstan to strengthen local self-governance, minister says",
        "decentralization",
        "status",
        "planned",
    ),
    case(
        "title-case-adopts",
        "en",
        "Kazakhstan Adopts New Law On Peaceful Assemblies",
        "peaceful-assembly",
        "status",
        "implemented",
    ),
    case(
        "senate-backs-bill",
        "en",
        "Kazakh Senate Backs Bill Ending Capital Punishment",
        "death-penalty",
        "claimant",
        "Senate",
    ),
    case(
        "speaker-after-dash",
        "ru",
        "Мы упраздним квоту АНК в Мажилисе — Президент РК",
        "parliament-powers",
        "claimant",
        TOKAYEV,
        date="2022-03-16",
    ),
    case(
        "speaker-after-dash-status",
        "ru",
        "Мы упраздним квоту АНК в Мажилисе — Президент РК",
        "parliament-powers",
        "status",
        "planned",
        date="2022-03-16",
    ),
]


@pytest.mark.parametrize(ROWS, HEADLINES)
def test_headlines(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- claimants -----------------------------------------------------------------------------------------------

CLAIMANTS = [
    case(
        "readout-otmechaetsya",
        "ru",
        "Токаев назначил выборы в Мажилис\n\nОб этом Глава государства сообщил в обращении к народу.\n\n"
        "Отмечается, что 30% депутатов изберут в одномандатных округах.",
        "electoral-system",
        "claimant",
        TOKAYEV,
        date="2023-01-19",
    ),
    case(
        "readout-in-particular",
        "en",
        "Tokayev sets election date\n\nThe president announced the date in a statement on the presidential website."
        "\n\nIn particular, 30% of deputies will be elected in single-member districts.",
        "electoral-system",
        "claimant",
        TOKAYEV,
        date="2023-01-19",
    ),
    case(
        "as-mentioned-by",
        "en",
        "As mentioned by Tokayev, 70% of the Majilis members will be elected on party tickets and 30% in "
        "single-mandate constituencies.",
        "electoral-system",
        "claimant",
        TOKAYEV,
        date="2023-01-19",
    ),
    case(
        "kak-otmetil",
        "ru",
        "Как отметил Карин, выборы акимов районов пройдут в 2024 году.",
        "direct-election",
        "claimant",
        KARIN,
    ),
    case(
        "v-cik-napomnili",
        "ru",
        "В ЦИК напомнили, что с 2021 года жители сами избирают акимов сёл.",
        "direct-election",
        "claimant",
        CEC,
    ),
    case(
        "chamber-passes",
        "ru",
        "Сенат принял закон об отмене смертной казни.",
        "death-penalty",
        "claimant",
        "Senate",
        date="2021-12-23",
    ),
    case(
        "chamber-passes",
        "en",
        "The lower chamber approved the bill on peaceful rallies.",
        "peaceful-assembly",
        "claimant",
        "Mazhilis",
        date="2020-04-08",
    ),
    case(
        "press-service",
        "ru",
        "Главой государства подписан закон об уполномоченном по правам человека, сообщила пресс-служба Акорды.",
        "ombudsman",
        "claimant",
        TOKAYEV,
        date="2022-11-05",
    ),
    case(
        "press-service",
        "en",
        "The law on the human rights commissioner was signed, the presidential press service reported.",
        "ombudsman",
        "claimant",
        TOKAYEV,
        date="2022-11-05",
    ),
    case(
        "approved-by-senate-signed-by-president",
        "en",
        "The law on the ombudsman, approved by the Senate on Thursday, was signed by President Tokayev on Saturday.",
        "ombudsman",
        "claimant",
        TOKAYEV,
        date="2022-11-05",
    ),
    case(
        "approved-by-senate-signed-by-president",
        "ru",
        "Закон об уполномоченном по правам человека, одобренный Сенатом, подписал Глава государства.",
        "ombudsman",
        "claimant",
        TOKAYEV,
        date="2022-11-05",
    ),
    case(
        "title-glued-to-name",
        "en",
        '"Voters will choose both party lists and candidates in single-mandate districts," '
        "Deputy Chairman of the CEC Konstantin Petrov said.",
        "electoral-system",
        "claimant",
        "Konstantin Petrov",
        date="2023-01-22",
    ),
    case(
        "minister-with-english-looking-name",
        "en",
        "National Economy Minister Asset Irgaliyev presented a plan to give rural districts more control over "
        "their budgets.",
        "decentralization",
        "claimant",
        "Asset Irgaliyev",
        date="2021-07-06",
    ),
    case(
        "unnamed-group-of-a-body",
        "en",
        "Some lawmakers have floated returning to a fully proportional system for the Mazhilis.",
        "electoral-system",
        "claimant",
        None,
    ),
    case(
        "outlet-aside",
        "ru",
        "Токаев назначил выборы в Мажилис\n\nОб этом Глава государства сообщил в обращении к народу.\n\n"
        "Напомним, смешанная система выборов в Мажилис введена по итогам референдума.",
        "electoral-system",
        "claimant",
        None,
        date="2023-01-19",
    ),
]


@pytest.mark.parametrize(ROWS, CLAIMANTS)
def test_claimants(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- the life of a bill ---------------------------------------------------------------------------------------

LIFE_OF_A_BILL = [
    case(
        "first-reading",
        "ru",
        "Мажилис одобрил в первом чтении поправки о снижении проходного барьера до 5%.",
        "electoral-threshold",
        "status",
        "planned",
    ),
    case(
        "first-reading",
        "en",
        "Lawmakers approved in the first reading amendments that would limit the "
        "president to a single seven-year term.",
        "presidential-term",
        "status",
        "planned",
        date="2022-09-16",
    ),
    case(
        "bill-amends",
        "en",
        "The bill amends the election law so that district akims are elected directly.",
        "direct-election",
        "status",
        "planned",
    ),
    case(
        "bill-provides",
        "ru",
        "Законопроект вносит изменения в закон о выборах: акимов районов будут избирать напрямую.",
        "direct-election",
        "status",
        "planned",
    ),
    case(
        "not-yet-in-force",
        "en",
        "The new law on peaceful assemblies will come into force in June.",
        "peaceful-assembly",
        "status",
        "planned",
    ),
    case(
        "not-yet-in-force",
        "ru",
        "Закон о мирных собраниях вступит в силу через десять дней.",
        "peaceful-assembly",
        "status",
        "planned",
    ),
    case("signed", "ru", "Президент подписал закон о мирных собраниях.", "peaceful-assembly", "status", "implemented"),
    case(
        "signed",
        "en",
        "President Tokayev signed the law on peaceful assemblies.",
        "peaceful-assembly",
        "status",
        "implemented",
    ),
    case(
        "sent-for-signature",
        "ru",
        "Сенат принял закон об отмене смертной казни и направил его на подпись Главе государства.",
        "death-penalty",
        "status",
        "planned",
        date="2021-12-23",
    ),
    case(
        "approved-before-signing",
        "ru",
        "Токаев подписал закон об отмене смертной казни. Ранее законопроект одобрили депутаты Мажилиса.",
        "death-penalty",
        "status",
        "implemented",
        date="2021-12-30",
        where="Ранее законопроект",
    ),
    case(
        "package-to-referendum",
        "ru",
        "Проект Конституции, вынесенный на референдум, закрепляет переход к однопалатному парламенту.",
        "parliament-powers",
        "status",
        "proposed",
        date="2026-03-12",
    ),
    case(
        "package-to-referendum",
        "en",
        "The draft constitution put to the referendum would create a single-chamber parliament.",
        "parliament-powers",
        "status",
        "proposed",
        date="2026-02-20",
    ),
    case(
        "described-the-decision",
        "en",
        "Tokayev also described the decision to lower the election threshold for "
        "the Majilis to 5% from 7% as a major step toward democratization.",
        "electoral-threshold",
        "status",
        "implemented",
        date="2023-01-19",
    ),
    case(
        "pending-bill-present-tense",
        "ru",
        "Мажилис одобрил законопроект о мирных собраниях.\n\nДля митингов и пикетов вводится уведомительный порядок.",
        "peaceful-assembly",
        "status",
        "planned",
        date="2020-04-08",
    ),
    case(
        "signed-law-duty",
        "en",
        "President Tokayev signed the new law on peaceful assemblies on Monday. Under the law, organisers must "
        "notify the akimat five days before a rally.",
        "peaceful-assembly",
        "status",
        "implemented",
        date="2020-05-26",
        where="Under the law",
    ),
    case(
        "instructed",
        "en",
        "The Head of State has instructed the Government to transfer additional revenues to rural budgets.",
        "decentralization",
        "status",
        "planned",
    ),
]


@pytest.mark.parametrize(ROWS, LIFE_OF_A_BILL)
def test_life_of_a_bill(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- false claims a user noticed --------------------------------------------------------------------------------

FALSE_CLAIM_SLOTS = [
    case(
        "future-village-heads",
        "ru",
        "До конца года будут избраны ещё 214 глав сёл.",
        "direct-election",
        "status",
        "planned",
        date="2022-07-29",
    ),
    case(
        "future-village-heads-without-yo",
        "ru",
        "До конца года будут избраны ещё 214 глав сел.",
        "direct-election",
        "status",
        "planned",
        date="2022-07-29",
    ),
    case(
        "barrier-not-the-share",
        "en",
        "Under the mixed system, parties need at least 5% of the vote to win party-list seats in the Mazhilis.",
        "electoral-system",
        "count",
        None,
    ),
    case(
        "split-of-100",
        "ru",
        "Депутатов маслихатов областей изберут по смешанной системе в пропорции 50 на 50.",
        "electoral-system",
        "count",
        50,
    ),
    case(
        "split-of-100",
        "en",
        "The 70/30 formula for the Mazhilis was first proposed by President Tokayev.",
        "electoral-system",
        "count",
        30,
    ),
]


@pytest.mark.parametrize(ROWS, FALSE_CLAIM_SLOTS)
def test_false_claim_slots(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


NO_CLAIM = [
    pytest.param(
        "en",
        "presidential-term",
        "Before the start of President Tokayev's tenure the bar was 40,000, "
        "which means that in less than three years it has been reduced eightfold.",
        id="en-less-than-three-years",
    ),
    pytest.param("ru", None, "Ашимбаев не исключил упразднения Сената в будущем.", id="ru-ne-isklyuchil"),
    pytest.param("ru", None, "Министр не исключил, что от квоты Ассамблеи откажутся.", id="ru-ne-isklyuchil-quota"),
    pytest.param("en", None, "Ashimbayev did not rule out scrapping the Senate in the future.", id="en-not-ruled-out"),
    pytest.param(
        "ru",
        "peaceful-assembly",
        "Организаторы должны будут уведомить акимат за пять рабочих дней.",
        id="ru-provision-without-focus",
    ),
    pytest.param(
        "en",
        "direct-election",
        "By December the elections will cover 150 more villages.",
        id="en-elections-without-focus",
    ),
    pytest.param(
        "ru",
        "death-penalty",
        "Мораторий на исполнение смертных приговоров действует с 2003 года.",
        id="ru-moratorium-in-force",
    ),
    pytest.param(
        "en",
        "presidential-term",
        "The amendments also restore the capital's old name, Astana.",
        id="en-the-amendments-are-no-anaphor",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_CLAIM)
def test_no_false_claim(pipe, lang, reform, text):
    claims = _claims(pipe, text, lang, DATE)
    bad = [c for c in claims if reform is None or c.reform == reform]
    assert not bad, _show(bad)


# --- English parts of speech ------------------------------------------------------------------------------------

POS = [
    ("the", "DET"),
    ("a", "DET"),
    ("an", "DET"),
    ("of", "ADP"),
    ("for", "ADP"),
    ("with", "ADP"),
    ("he", "PRON"),
    ("it", "PRON"),
    ("and", "CCONJ"),
    ("because", "SCONJ"),
    ("elections", "NOUN"),
    ("signed", "VERB"),
]


@pytest.mark.parametrize(("word", "pos"), POS)
def test_english_closed_classes(word, pos):
    _, tags, got = Morphology().analyze(word)
    assert got == pos and "OOV" not in tags
