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
    case(
        "the-vote-opens",
        "en",
        "Kazakhstan put amendments to a third of the Constitution to a national referendum.\n\n"
        "The vote was held on June 5, half a year after the unrest.",
        "referendum",
        "status",
        "implemented",
        date="2022-06-20",
        where="The vote was held",
    ),
    case(
        "once-the-changes",
        "en",
        "The President proposed to hand part of his powers to parliament and the government.\n\n"
        "Once the changes are in place, the head of state will focus on foreign policy and security.",
        "parliament-powers",
        "status",
        "planned",
        date="2017-01-26",
        where="Once the changes",
    ),
    case(
        "after-the-reform",
        "ru",
        "Президент предложил передать часть своих полномочий парламенту и правительству.\n\n"
        "После реформы глава государства сосредоточится на внешней политике и безопасности.",
        "parliament-powers",
        "status",
        "planned",
        date="2017-01-26",
        where="После реформы",
    ),
    case(
        "appeal-to-this-body",
        "ru",
        "Президент подписал закон о воссоздании Конституционного суда.\n\n"
        "Граждане смогут сами обращаться в этот орган за защитой своих прав.",
        "constitutional-court",
        "status",
        "planned",
        date="2022-11-05",
        where="обращаться в этот орган",
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
    # «можно» + the step's infinitive in a speaker's words lays a step out as possible: proposed, not done.
    case(
        "possible-step-year",
        "ru",
        "«Сначала реформу нужно обсудить, а в 2027 году можно провести общенациональный референдум», — сказал Токаев.",
        "referendum",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    case(
        "possible-step-think",
        "ru",
        "«Думаю, уже в следующем году можно проводить прямые выборы акимов сельских округов», — заявил Президент.",
        "direct-election",
        "status",
        "proposed",
        date="2020-09-01",
    ),
    case(
        "possible-step-year",
        "en",
        "The debate will take at least a year, and a nationwide referendum could then be held in 2027, Tokayev said.",
        "referendum",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    # a leader «готов» / "ready to" make a change offers it; an election commission ready to hold a vote does not
    case(
        "ready-to-cut",
        "ru",
        "«Ради интересов страны я готов сократить срок президентских полномочий», — сказал Токаев.",
        "presidential-term",
        "status",
        "proposed",
        date="2022-09-01",
    ),
    case(
        "ready-to-cut",
        "en",
        "Tokayev told lawmakers he was ready to shorten the presidential term for the sake of the reforms.",
        "presidential-term",
        "status",
        "proposed",
        date="2022-09-01",
    ),
    case(
        "commission-ready",
        "en",
        "The Central Election Commission is ready to hold the referendum on June 5.",
        "referendum",
        "status",
        "planned",
        date="2022-05-20",
    ),
    # the leader "initiated" amendments not yet voted on: proposed; amendments "initiated by" him and approved: done
    case(
        "initiated-amendments",
        "en",
        "President Tokayev initiated the amendments, which among other things limit the president to one "
        "seven-year term.",
        "presidential-term",
        "status",
        "proposed",
        date="2022-05-10",
    ),
    case(
        "initiated-amendments",
        "ru",
        "Президент Токаев инициировал поправки, которые, в частности, ограничивают президента одним семилетним сроком.",
        "presidential-term",
        "status",
        "proposed",
        date="2022-05-10",
    ),
    case(
        "initiated-by-approved",
        "en",
        "The amendments initiated by Tokayev, which limit the president to one seven-year term, were approved in the "
        "June 2022 referendum.",
        "presidential-term",
        "status",
        "implemented",
        date="2022-09-20",
    ),
    # a decree that calls a referendum is signed; the referendum it calls is planned until it is held
    case(
        "decree-calls-vote",
        "en",
        "President Tokayev signed a decree to hold a republican referendum on the draft of the new Constitution.",
        "referendum",
        "status",
        "planned",
        date="2026-02-12",
    ),
    case(
        "decree-calls-vote",
        "ru",
        "Токаев подписал указ о том, что референдум по проекту Конституции состоится в марте.",
        "referendum",
        "status",
        "planned",
        date="2026-02-12",
    ),
    case(
        "decree-vote-held",
        "en",
        "The referendum that Tokayev had called by decree in May was held on June 5.",
        "referendum",
        "status",
        "implemented",
        date="2022-06-10",
    ),
    # the same words telling what a reform now allows stay implemented
    case(
        "possible-now",
        "ru",
        "Теперь акимов сёл можно выбирать напрямую.",
        "direct-election",
        "status",
        "implemented",
        date="2023-05-10",
    ),
    case(
        "possible-now",
        "en",
        "Now village akims can be elected directly by residents.",
        "direct-election",
        "status",
        "implemented",
        date="2023-05-10",
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


# A sentence after a claim that does not point back at it: "If the amendments …" (a condition), "the new parliament"
# (an institution, not the reform), «Закон вводится в действие …» (a law's entry into force is no claim).
NO_CONTINUATION = [
    pytest.param(
        "en",
        "parliament-powers",
        "The Senate will lose the right to adopt laws. If the amendments pass, lawmakers will have a month to vote.",
        "If the amendments",
        id="en-if-the-amendments",
    ),
    pytest.param(
        "en",
        "electoral-system",
        "Deputies will be elected under a mixed system. The new parliament will be more professional.",
        "The new parliament",
        id="en-the-new-parliament",
    ),
    pytest.param(
        "ru",
        "death-penalty",
        "Президент подписал закон об отмене смертной казни. "
        "Закон вводится в действие по истечении десяти календарных дней после опубликования.",
        "Закон вводится",
        id="ru-law-in-force-after-days",
    ),
    pytest.param(
        "ru",
        "electoral-system",
        "Депутатов изберут по смешанной системе. Новый Казахстан строится вместе с новым парламентом.",
        "Новый Казахстан",
        id="ru-new-is-no-demonstrative",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text", "where"), NO_CONTINUATION)
def test_no_false_continuation(pipe, lang, reform, text, where):
    claims = _claims(pipe, text, lang, DATE)
    assert any(c.reform == reform for c in claims), "the first sentence should claim the reform"
    bad = [c for c in claims if c.reform == reform and where in c.quote]
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


# === second round (tests/real-a): phenomena of real news the first round missed ================================

# --- a chamber's vote, a referendum's question, a floated change: not results, questions or hedges --------------

NOT_FILTERED = [
    case(
        "senators-voted-for",
        "ru",
        "Сенаторы проголосовали за полную отмену смертной казни",
        "death-penalty",
        "claimant",
        "Senate",
        date="2021-12-23",
    ),
    case(
        "both-chambers-voted",
        "ru",
        "Обе палаты парламента во втором чтении проголосовали за поправки об отмене смертной казни.",
        "death-penalty",
        "status",
        "planned",
        date="2017-03-07",
    ),
    case(
        "mazhilis-votes-for",
        "en",
        "Mazhilis Votes For Single Seven-Year Presidential Term",
        "presidential-term",
        "claimant",
        "Mazhilis",
        date="2022-09-16",
    ),
    case(
        "referendum-question",
        "en",
        "Voters may be asked in a 2027 referendum whether to scrap the upper house and keep one chamber.",
        "parliament-powers",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    case(
        "may-be-chosen",
        "en",
        "Heads of districts may be chosen by voters as early as 2024, the agency reports.",
        "direct-election",
        "status",
        "proposed",
        date="2021-02-25",
    ),
    case(
        "title-case-may",
        "en",
        "Kazakhstan May Drop Its Senate Under New Plan",
        "parliament-powers",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    case(
        "not-too-distant-future",
        "en",
        "He said the country should, in the not too distant future, have a parliament of one chamber.",
        "parliament-powers",
        "status",
        "proposed",
        date="2025-09-08",
    ),
]


@pytest.mark.parametrize(ROWS, NOT_FILTERED)
def test_not_filtered(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- one chamber instead of two; a quota or a chamber that «больше не будет» -----------------------------------

ONE_CHAMBER = [
    case(
        "kurultai-headline",
        "ru",
        "Однопалатный Курултай на 145 мест: Токаев описал новый парламент",
        "parliament-powers",
        "count",
        145,
        date="2026-01-20",
    ),
    case(
        "to-one-chamber",
        "ru",
        "Новая Конституция предусматривает переход от двухпалатного парламента к однопалатному.",
        "parliament-powers",
        date="2026-03-17",
    ),
    case(
        "chambers-merged",
        "ru",
        "Председатель Сената: полномочия палат в новом Парламенте объединят",
        "parliament-powers",
        "status",
        "planned",
        date="2025-09-11",
    ),
    case(
        "no-more-senate",
        "ru",
        "Так что Сената больше не будет, и законы станет рассматривать одна палата.",
        "parliament-powers",
        "status",
        "planned",
        date="2026-02-20",
    ),
    case(
        "no-more-quota",
        "ru",
        "Квоты Ассамблеи народа в нижней палате больше не будет — Президент",
        "parliament-powers",
        "claimant",
        TOKAYEV,
        date="2022-03-16",
    ),
    case(
        "single-chamber-kurultai",
        "en",
        "The two-chamber parliament will give way to a single-chamber Kurultai.",
        "parliament-powers",
        "status",
        "planned",
        date="2026-03-16",
    ),
    case(
        "drop-its-senate",
        "en",
        "Tokayev Wants Kazakhstan To Drop Its Senate",
        "parliament-powers",
        "claimant",
        TOKAYEV,
        date="2025-09-08",
    ),
]


@pytest.mark.parametrize(ROWS, ONE_CHAMBER)
def test_one_chamber(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- claimants: a bare title, a quotation attributed on the next line, «приводит слова», a decree ----------------

CLAIMANTS_2 = [
    case(
        "bare-title",
        "ru",
        "Маулен Ашимбаев рассказал о будущей реформе парламента.\n\n"
        "Окончательное решение, подчеркнул спикер, будет принято на референдуме.",
        "referendum",
        "claimant",
        "Maulen Ashimbayev",
        date="2025-09-11",
    ),
    case(
        "dash-line",
        "ru",
        "Маулен Ашимбаев рассказал о будущей реформе парламента.\n\n"
        '"Все полномочия будут сосредоточены в одной палате. Парламент будет работать иначе",\n\n'
        "– отметил он.",
        "parliament-powers",
        "claimant",
        "Maulen Ashimbayev",
        date="2025-09-11",
        where="одной палате",
    ),
    case(
        "quotes-the-words",
        "ru",
        "«Со следующего года акимов районов будут только избирать», — приводит слова Президента пресс-служба Акорды.",
        "direct-election",
        "claimant",
        TOKAYEV,
        date="2024-09-02",
    ),
    case(
        "by-decree",
        "ru",
        "Референдум был назначен указом президента Касым-Жомарта Токаева от 11 февраля.",
        "referendum",
        "claimant",
        TOKAYEV,
        date="2026-03-17",
    ),
    case(
        "statement-says-quote",
        "ru",
        "ЦИК назначил выборы акимов районов\n\n"
        "Выборы акимов 45 районов назначены на 5 ноября, сообщает пресс-служба Центральной избирательной комиссии.\n\n"
        "«Список районов, где акимов изберут жители, утвердили маслихаты всех областей», — говорится в сообщении.",
        "direct-election",
        "claimant",
        CEC,
        date="2023-09-14",
        where="Список районов",
    ),
    case(
        "statement-said",
        "en",
        "CEC sets date for district akim elections\n\n"
        "Elections of akims in 45 districts will be held on November 5, the Central Election Commission said.\n\n"
        "Residents of the districts will elect their akims directly for the first time, the statement said.",
        "direct-election",
        "claimant",
        CEC,
        date="2023-09-14",
        where="Residents of the districts",
    ),
    case(
        "reformed-body-is-no-actor",
        "en",
        "The human rights ombudsman, until now a creation of presidential decree, gets a place in the Constitution.",
        "ombudsman",
        "claimant",
        None,
        date="2022-07-01",
    ),
    case(
        "reformed-body-is-no-actor",
        "ru",
        "Уполномоченный по правам человека, прежде учреждённый указом, получает место в Конституции.",
        "ombudsman",
        "claimant",
        None,
        date="2022-07-01",
    ),
    case(
        "aside-does-not-carry-speaker",
        "ru",
        "Выборы акимов районов назначены на 5 ноября.\n\n"
        "Напомним, 1 сентября Касым-Жомарт Токаев заявил, что выборность пора испытать на уровне районов. "
        "Акимов сельских округов жители выбирают напрямую с 2021 года.",
        "direct-election",
        "claimant",
        None,
        date="2023-09-14",
        where="Акимов сельских округов",
    ),
    case(
        "aside-does-not-carry-speaker",
        "en",
        "Elections of district akims are set for November 5.\n\n"
        "Recall that on September 1 Kassym-Jomart Tokayev said that it was time to elect district akims. "
        "Rural akims have been elected directly since 2021.",
        "direct-election",
        "claimant",
        None,
        date="2023-09-14",
        where="Rural akims have been",
    ),
    case(
        "not-the-chamber-history",
        "en",
        "Mazhilis Votes For Single Seven-Year Presidential Term\n\n"
        "The deputies backed the bill on Friday.\n\n"
        "A June referendum on constitutional changes took away the last privileges of the first president.",
        "referendum",
        "claimant",
        None,
        date="2022-09-16",
    ),
    case(
        "someone-else-explains",
        "ru",
        "Сенат одобрил закон об отмене смертной казни.\n\n"
        "«Страна окончательно уходит от смертной казни», — пояснил на заседании заместитель прокурора.",
        "death-penalty",
        "claimant",
        None,
        date="2021-12-23",
    ),
]


CLAIMANTS_2 += [
    case(
        "title-is-no-speech-verb",
        "en",
        "Minister Asset Irgaliyev presented a plan to widen the budgets of rural districts on the instructions of the "
        "Head of State.",
        "decentralization",
        "claimant",
        "Asset Irgaliyev",
        date="2023-02-01",
    ),
    case(
        "referendum-in-a-participle",
        "en",
        "Tokayev put his signature to laws that implement the amendments approved in the June referendum.",
        "referendum",
        "claimant",
        None,
        date="2022-11-05",
    ),
    case(
        "referendum-in-a-participle",
        "ru",
        "Президент подписал конституционный закон о суде и еще пять законов, принятых по итогам июньского референдума.",
        "referendum",
        "claimant",
        None,
        date="2022-11-05",
    ),
    case(
        "lead-past-web-menus",
        "en",
        "Tokayev wants more money for villages\n\nGo to the main site\nCurrency rates:\nusd/kzt 450.1\nWeather:\n"
        "Astana -5\nMain Page > News > Politics\n\n"
        "President Kassym-Jomart Tokayev outlined his plans for local budgets in a statement on Monday.\n\n"
        "In particular, rural districts will keep the corporate income tax collected on their territory.",
        "decentralization",
        "claimant",
        TOKAYEV,
        date="2024-03-15",
    ),
    case(
        "members-headline",
        "en",
        "Lawmakers back single presidential term in first reading\n\n"
        "The Mazhilis approved in the first reading amendments that limit the president to one seven-year term.",
        "presidential-term",
        "claimant",
        "Mazhilis",
        date="2022-09-16",
        where="Lawmakers back",
    ),
    case(
        "country-headline-is-no-chamber",
        "en",
        "Kazakhstan abolishes death penalty\n\n"
        "The Senate approved a bill that removes capital punishment from the Criminal Code.",
        "death-penalty",
        "claimant",
        None,
        date="2021-12-23",
        where="Kazakhstan abolishes",
    ),
]


@pytest.mark.parametrize(ROWS, CLAIMANTS_2)
def test_claimants_round_two(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


NO_CLAIM_2 = [
    pytest.param(
        "ru",
        "parliament-powers",
        "Сейчас девять депутатов Мажилиса избирает Ассамблея народа.",
        id="ru-now-not-the-reform",
    ),
    pytest.param(
        "ru", "electoral-threshold", "Проходной барьер, как и сейчас, составит пять процентов.", id="ru-as-now"
    ),
    pytest.param("ru", "referendum", "Поддержали документ 7 954 667 человек, отвергли — 898 099.", id="ru-rejected"),
    pytest.param(
        "ru",
        "parliament-powers",
        "Сенаторы проголосовали за полную отмену смертной казни",
        id="ru-senators-are-no-senate-abolished",
    ),
    pytest.param("ru", None, "Сенат не будет распущен до выборов.", id="ru-not-dissolved"),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_CLAIM_2)
def test_no_false_claim_round_two(pipe, lang, reform, text):
    claims = _claims(pipe, text, lang, DATE)
    bad = [c for c in claims if reform is None or c.reform == reform]
    assert not bad, _show(bad)


# --- the attribution line of a quotation, printed as a paragraph of its own, belongs to the quotation ------------

PARAGRAPHS = [
    pytest.param('"Парламент будет работать иначе",\n\n– отметил он.', [0, 0], id="ru-dash-after-quote-comma"),
    pytest.param("“Parliament will change,”\n\n— he said.", [0, 0], id="en-dash-after-quote-comma"),
    pytest.param("Парламент будет работать иначе.\n\n– Это новая реформа?", [0, 1], id="ru-interview-dash-is-new"),
    pytest.param('"Парламент будет работать иначе".\n\n– отметил он.', [0, 1], id="ru-quote-closed-by-stop"),
]


@pytest.mark.parametrize(("text", "paragraphs"), PARAGRAPHS)
def test_attribution_line_joins_paragraph(text, paragraphs):
    from kg.tokens import split

    got = [s.paragraph for s in split(Document("t", text, "ru"), Morphology())]
    assert got == paragraphs


# --- the words outlets use, second round: each reform as wires, official and foreign outlets name it ------------

LEXICON_2 = [
    case(
        "trimming-presidential-powers",
        "en",
        "Lawmakers back bill trimming presidential powers",
        "parliament-powers",
        date="2017-03-03",
    ),
    case(
        "presidential-powers",
        "ru",
        "Парламент одобрил закон о сокращении полномочий президента.",
        "parliament-powers",
        date="2017-03-07",
    ),
    case(
        "strong-parliament",
        "en",
        "In March he promised a presidential republic with a strong parliament.",
        "parliament-powers",
        "status",
        "proposed",
        date="2022-06-01",
    ),
    case(
        "electoral-system-scrapped",
        "en",
        "The president proposed scrapping the electoral system that lets independents run for seats.",
        "electoral-system",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    case(
        "electoral-system-changed",
        "ru",
        "Глава государства предложил изменить избирательную систему.",
        "electoral-system",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    case(
        "split-system",
        "en",
        "The country switched to a split system for the lower house.",
        "electoral-system",
        date="2023-03-20",
    ),
    case(
        "easier-parties",
        "en",
        "Tokayev wants easier rules for new political parties",
        "party-registration",
        "claimant",
        TOKAYEV,
        date="2019-12-20",
    ),
    case(
        "law-on-parties",
        "ru",
        "Президент подписал поправки в закон о политических партиях.",
        "party-registration",
        "status",
        "implemented",
        date="2020-05-25",
    ),
    case(
        "vote-on-constitution",
        "en",
        "Voters will vote on April 2 on the new constitution.",
        "referendum",
        "year",
        2026,
        date="2026-03-01",
    ),
    case(
        "one-time-presidency",
        "en",
        "Two years ago Tokayev proposed a one-time presidency.",
        "presidential-term",
        date="2024-05-01",
    ),
    case(
        "electivity-of-districts",
        "ru",
        "Президент заявил, что выборность пора испытать на уровне районов.",
        "direct-election",
        "level",
        "district",
        date="2023-09-01",
    ),
    case(
        "ombudsman-place-in-constitution",
        "en",
        "The human rights ombudsman, until now created by a decree, gets a place in the Constitution.",
        "ombudsman",
        date="2022-07-01",
    ),
    case(
        "join-the-protocol",
        "en",
        "Kazakhstan's death penalty ban becomes permanent\n\n"
        "The president announced that the country would join the protocol next year.",
        "death-penalty",
        "status",
        "planned",
        date="2020-09-30",
    ),
    case(
        "no-longer-needed",
        "ru",
        "Для митингов вводится уведомительный порядок: разрешение акимата больше не нужно.",
        "peaceful-assembly",
        date="2020-05-25",
    ),
    case(
        "voters-not-parliament",
        "en",
        "He insisted that voters, not parliament, should approve the changes in a referendum.",
        "referendum",
        "status",
        "proposed",
        date="2022-04-30",
    ),
    case(
        "which-may",
        "en",
        "Deputies backed changes that move powers from the president to parliament, which may ease a future handover.",
        "parliament-powers",
        date="2017-03-03",
    ),
]


@pytest.mark.parametrize(ROWS, LEXICON_2)
def test_lexicon_round_two(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


NO_CLAIM_3 = [
    pytest.param(
        "ru",
        "direct-election",
        "Вопрос о распространении выборности на все районы будет рассматриваться по итогам анализа.",
        id="ru-question-to-consider",
    ),
    pytest.param(
        "ru",
        "parliament-powers",
        "Президент объяснил решение необходимостью исключить долгое пребывание у власти.",
        id="ru-in-power-is-no-powers",
    ),
    pytest.param(
        "en",
        "presidential-term",
        "The president is elected for one term now.\n\nHe was chosen by the "
        "predecessor, who ruled the country for nearly 30 years.",
        id="en-past-tenure",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_CLAIM_3)
def test_no_false_claim_round_two_lexicon(pipe, lang, reform, text):
    """The last sentence gives no claim of ``reform`` (a sentence before it may set the article's focus)."""
    last = text.rsplit("\n", 1)[-1]
    claims = _claims(pipe, text, lang, DATE)
    bad = [c for c in claims if (reform is None or c.reform == reform) and c.quote in last]
    assert not bad, _show(bad)


# --- status along the life of a reform, second round: dates ahead, the lead's stage, a signed law's "now" ---------

STATUS_2 = [
    case(
        "date-ahead",
        "en",
        "Under the law, the Constitutional Court takes over from the Constitutional Council on January 1, 2023.",
        "constitutional-court",
        "status",
        "planned",
        date="2022-11-05",
    ),
    case(
        "date-ahead",
        "ru",
        "Согласно закону, Конституционный суд начинает работу с 1 января 2023 года.",
        "constitutional-court",
        "status",
        "planned",
        date="2022-11-05",
    ),
    case(
        "lead-schedules",
        "ru",
        "Выборы акимов районов назначены на 5 ноября.\n\n"
        "В выборах акимов участвуют 45 районов и городов областного значения.",
        "direct-election",
        "status",
        "planned",
        date="2023-09-14",
    ),
    case(
        "lead-schedules-other-level",
        "ru",
        "Выборы акимов районов назначены на 5 ноября.\n\nСельские акимы избираются напрямую уже третий год.",
        "direct-election",
        "status",
        "implemented",
        date="2023-09-14",
    ),
    case(
        "now-under-signed-law",
        "ru",
        "Токаев подписал поправки в закон о политических партиях.\n\n"
        "Партии для регистрации теперь хватит 20 тысяч членов.",
        "party-registration",
        "status",
        "implemented",
        date="2020-05-25",
    ),
    case(
        "no-longer-needed",
        "ru",
        "Токаев подписал закон о мирных собраниях.\n\n"
        "Для пикетов вводится уведомительный порядок: разрешение акимата на них больше не нужно.",
        "peaceful-assembly",
        "status",
        "implemented",
        date="2020-05-25",
    ),
    case(
        "announced-abolition",
        "ru",
        "Об отмене квоты Ассамблеи народа Президент объявил еще в январе.",
        "parliament-powers",
        "status",
        "planned",
        date="2026-02-20",
    ),
    case(
        "called-referendum",
        "en",
        "The president called the referendum by a decree signed on February 11.",
        "referendum",
        "status",
        "planned",
        date="2026-03-16",
    ),
    case(
        "draft-provides",
        "ru",
        "Проект новой Конституции вынесут на референдум 15 марта.\n\n"
        "Проект предусматривает однопалатный парламент из 145 депутатов.",
        "parliament-powers",
        "status",
        "proposed",
        date="2026-02-20",
    ),
    case(
        "under-the-draft",
        "en",
        "Under the draft, the Senate and the Mazhilis give way to a single chamber.",
        "parliament-powers",
        "status",
        "proposed",
        date="2026-03-11",
    ),
    case(
        "likely-to",
        "en",
        "District akims likely to be elected directly in 2024",
        "direct-election",
        "status",
        "proposed",
        date="2021-02-25",
    ),
    case(
        "presented",
        "en",
        "Tokayev presented the transition to a unicameral parliament in his annual address.",
        "parliament-powers",
        "status",
        "proposed",
        date="2025-09-08",
    ),
    case(
        "needed-revising",
        "en",
        "The Government concluded that the rules on peaceful rallies needed revising.",
        "peaceful-assembly",
        "status",
        "proposed",
        date="2021-01-20",
    ),
    case(
        "proposal-in-time-clause",
        "en",
        "The limit was written into the constitution in 2022, after Tokayev proposed a one-time presidency.",
        "presidential-term",
        "status",
        "implemented",
        date="2026-03-11",
    ),
    case(
        "history-in-relative-clause",
        "en",
        "Tokayev presented his plan as following from the limits that voters "
        "approved in the 2022 referendum on constitutional changes.",
        "referendum",
        "status",
        "implemented",
        date="2025-09-08",
    ),
    case(
        "document-horizon",
        "en",
        "In August 2021, the Concept for the Development of Local Self-Governance until 2025 was adopted.",
        "decentralization",
        "year",
        2021,
        date="2023-08-31",
    ),
    case(
        "budget-years",
        "ru",
        "Бюджеты сельских округов на 2018–2020 годы районные маслихаты утвердили в конце декабря.",
        "decentralization",
        "year",
        2017,
        date="2018-01-10",
    ),
]


@pytest.mark.parametrize(ROWS, STATUS_2)
def test_status_round_two(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- round three: the signer of a law is the claimant of its provisions -----------------------------------------------

SIGNER = [
    case(
        "law-introduces",
        "en",
        "Head of State signs law on elections of village akims\n\n"
        "President Kassym-Jomart Tokayev has signed the law on amendments to the election law, his press office said."
        "\n\nThe law introduces direct elections of akims of villages and rural districts.",
        "direct-election",
        "claimant",
        TOKAYEV,
    ),
    case(
        "document-defines",
        "ru",
        "Токаев подписал закон об омбудсмене\n\n"
        "Глава государства подписал конституционный закон об Уполномоченном по правам человека.\n\n"
        "Документ впервые закрепляет статус и гарантии независимости омбудсмена.",
        "ombudsman",
        "claimant",
        TOKAYEV,
    ),
    case(
        "court-starts",
        "ru",
        "Президент вернул Конституционный суд\n\n"
        "Закон о Конституционном суде Касым-Жомарт Токаев подписал в пятницу.\n\n"
        "Работу Конституционный суд начнет с 1 января следующего года.",
        "constitutional-court",
        "claimant",
        TOKAYEV,
    ),
    # the outlet's history, dated before the article, is not the signer's
    case(
        "history-not-signer",
        "ru",
        "Токаев подписал закон об отмене смертной казни\n\n"
        "Глава государства подписал закон об отмене смертной казни.\n\n"
        "Мораторий на смертную казнь был введен в 2003 году.",
        "death-penalty",
        "claimant",
        None,
        date="2021-12-30",
    ),
    # a chamber's passing is not a signature: the provisions stay the chamber's
    case(
        "chamber-not-signer",
        "en",
        "Senate passes bill on rallies\n\n"
        "The Senate on Thursday passed a bill on peaceful assemblies, the chamber's press service said.\n\n"
        "Organisers will only have to notify the akimat five days in advance.",
        "peaceful-assembly",
        "claimant",
        "Senate",
    ),
]


@pytest.mark.parametrize(ROWS, SIGNER)
def test_signer_gives_provisions(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- round three: a law named by its kind continues the article's one topic reform ------------------------------------

LAW_BY_KIND = [
    case(
        "chambers-passed-amendments",
        "en",
        "One seven-year term for Kazakh presidents clears parliament\n\n"
        "Sitting together on Friday, both houses of parliament passed the constitutional amendments in two readings.",
        "presidential-term",
        "status",
        "planned",
        date="2022-09-16",
    ),
    case(
        "law-on-amendments-signed",
        "ru",
        "Однократный семилетний президентский срок закреплен в Конституции\n\n"
        "Закон «О внесении изменений в Конституцию Республики Казахстан» подписан.",
        "presidential-term",
        "status",
        "implemented",
        date="2022-09-17",
    ),
    case(
        "bill-adopted-yesterday",
        "ru",
        "Однократный семилетний президентский срок закреплен в Конституции\n\n"
        "Накануне депутаты на совместном заседании палат приняли законопроект о поправках.",
        "presidential-term",
    ),
]

# a second law, or a law of an earlier year, is not the topic's law
NO_LAW_BY_KIND = [
    (
        "en",
        "direct-election",
        "Head of State signs law on direct elections of rural akims\n\n"
        "The President has signed the law on direct elections of rural akims.\n\n"
        "The Head of State also signed the Law on Amendments to Certain Legislative Acts.",
        "also signed",
    ),
    (
        "ru",
        "presidential-term",
        "Однократный семилетний президентский срок закреплен в Конституции\n\n"
        "Предыдущий закон о поправках в Конституцию был принят в 2017 году.",
        "2017",
    ),
]


@pytest.mark.parametrize(ROWS, LAW_BY_KIND)
def test_law_named_by_kind(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


@pytest.mark.parametrize(("lang", "reform", "text", "where"), NO_LAW_BY_KIND)
def test_no_law_named_by_kind(pipe, lang, reform, text, where):
    claims = [c for c in _claims(pipe, text, lang, DATE) if where in c.quote]
    assert not claims, _show(claims)


# --- round three: counts and words of English wire copy ---------------------------------------------------------------

WIRE_ROUND_THREE = [
    # a share of a whole: the share is the count, the whole is not
    case(
        "share-of-whole",
        "en",
        "Since the reform, the President appoints ten of the 50 senators instead of 15.",
        "parliament-powers",
        "count",
        10,
    ),
    case(
        "of-the-whole-first",
        "en",
        "Of the country's 2,346 rural akims, 775 will be elected by the population this time.",
        "direct-election",
        "count",
        775,
    ),
    case(
        "of-the-whole-first-ru",
        "ru",
        "Из 2346 сельских акимов 775 будут избраны населением.",
        "direct-election",
        "count",
        775,
    ),
    case(
        "share-of-whole-ru",
        "ru",
        "Президентская квота в Сенате сокращена: глава государства назначает 10 из 50 сенаторов.",
        "parliament-powers",
        "count",
        10,
    ),
    # a chamber "clears" a bill: passed, not yet signed
    case(
        "clears-parliament",
        "en",
        "Amendments on one seven-year presidential term clear parliament",
        "presidential-term",
        "status",
        "planned",
    ),
    # "Kazakh presidents": the office, though the agent's name is longer
    case(
        "kazakh-presidents",
        "en",
        "A single seven-year term for Kazakh presidents was approved by parliament.",
        "presidential-term",
        "count",
        7,
    ),
    case(
        "members-gain-right",
        "en",
        "Under the changes, legislators would gain the right to dismiss the cabinet by a no-confidence vote.",
        "parliament-powers",
        "status",
        "planned",
    ),
    # once the President signs it: a signature to come makes nobody the signer of what follows
    case(
        "signer-to-come",
        "en",
        "Constitutional amendments clear parliament\n\n"
        "The law takes effect once President Nursultan Nazarbayev signs it, his press service said.\n\n"
        "Under the amendments, lawmakers would gain the right to dismiss the cabinet.",
        "parliament-powers",
        "claimant",
        None,
        date="2017-03-07",
    ),
]


@pytest.mark.parametrize(ROWS, WIRE_ROUND_THREE)
def test_wire_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


NO_CLAIM_ROUND_THREE = [
    ("en", "peaceful-assembly", "Kazakh upper house backs bills implementing March address"),
    ("en", "peaceful-assembly", "The Senate passed the bills that carry out the March 16 address."),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_CLAIM_ROUND_THREE)
def test_no_false_claim_round_three(pipe, lang, reform, text):
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform]
    assert not claims, _show(claims)


# --- round three: a list of novelties under a lead that names the speaker ---------------------------------------------

LIST_ITEMS = [
    case(
        "numbered-item",
        "ru",
        "Чем отличаются нынешние выборы: пункты от Карина\n\n"
        "Госсоветник Ерлан Карин перечислил в своем Telegram-канале отличия нынешних выборов.\n\n"
        "1. Треть депутатов Мажилиса пройдет через одномандатные округа — такого не было с 2004 года.\n"
        "2. Проходной барьер для партий снижен с 7 до 5%.",
        "electoral-threshold",
        "claimant",
        KARIN,
    ),
    case(
        "numbered-item-not-since",
        "ru",
        "Чем отличаются нынешние выборы: пункты от Карина\n\n"
        "Госсоветник Ерлан Карин перечислил в своем Telegram-канале отличия нынешних выборов.\n\n"
        "1. Треть депутатов Мажилиса пройдет через одномандатные округа — такого не было с 2004 года.",
        "electoral-system",
        "claimant",
        KARIN,
    ),
    case(
        "bulleted-item",
        "en",
        "What changes in the Mazhilis elections\n\n"
        "State Counselor Erlan Karin wrote on his Telegram channel about the main novelties of the campaign.\n\n"
        "• The barrier for parties has been lowered from 7% to 5%.",
        "electoral-threshold",
        "claimant",
        KARIN,
    ),
    case(
        "quota-seats-none",
        "ru",
        "Мест по квоте АНК в Мажилисе нового созыва нет.",
        "parliament-powers",
        "status",
        "implemented",
    ),
]


@pytest.mark.parametrize(ROWS, LIST_ITEMS)
def test_list_items(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- round three: words of regional reports and voter memos ---------------------------------------------------------

REPORTS_ROUND_THREE = [
    case(
        "regional-centre",
        "ru",
        "В Павлодаре впервые выбирают главу областного центра",
        "direct-election",
        "level",
        "city-regional",
    ),
    case(
        "first-elections-polling-stations",
        "ru",
        "Утром открылись участки на выборах акима города — первых в стране выборах главы областного центра.",
        "direct-election",
        "level",
        "city-regional",
    ),
    case(
        "district-significance-towns",
        "en",
        "The law introduces direct elections of akims of towns of district significance and villages.",
        "direct-election",
        "level",
        "rural",
    ),
    case(
        "mixed-system-applied",
        "ru",
        "Смешанную избирательную систему применят на выборах в Мажилис впервые за много лет.",
        "electoral-system",
        "status",
        "planned",
    ),
]


@pytest.mark.parametrize(ROWS, REPORTS_ROUND_THREE)
def test_reports_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


NO_CLAIM_REPORTS = [
    ("en", "ombudsman", "Photo credit: the Office of the Human Rights Commissioner"),
    ("ru", "direct-election", "Досрочные выборы понадобились, потому что прежнего мэра отправили в отставку."),
    ("en", "direct-election", "The snap election of the mayor was needed because his predecessor resigned in August."),
    (
        "en",
        "direct-election",
        "Kazakhstan holds first direct elections of rural akims on Sunday\n\n"
        "The President called the vote the beginning of a new stage of political modernization.",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_CLAIM_REPORTS)
def test_no_false_claim_reports(pipe, lang, reform, text):
    last = text.rsplit("\n", 1)[-1]
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform and c.quote in last]
    assert not claims, _show(claims)


# --- round three: the life of a bill across a chamber's report --------------------------------------------------------

BILL_ROUND_THREE = [
    # "second reading" is no second law
    case(
        "second-reading-same-law",
        "en",
        "One seven-year term for Kazakh presidents clears parliament\n\n"
        "Meeting jointly, the two chambers passed the constitutional amendments in first and second readings at once.",
        "presidential-term",
    ),
    # a provision to come, of a bill whose lead names no reform, is the passing chamber's
    case(
        "bill-provision-to-come",
        "en",
        "Kazakh upper house backs bills implementing the President's address\n\n"
        "Kazakhstan's upper house on Thursday passed a constitutional bill that rewrites several constitutional laws."
        "\n\nThe bills cover seven areas.\n\nLocal budgets get new sources of revenue.\n\n"
        "District akims are to be elected directly, step by step.",
        "direct-election",
        "claimant",
        "Senate",
    ),
    case(
        "elected-once",
        "ru",
        "Токаев подписал поправки: президента теперь избирают один раз на семь лет.",
        "presidential-term",
        "count",
        7,
        date="2022-09-17",
    ),
    case(
        "cannot-run-again",
        "en",
        "Under the amendments, the president serves seven years and cannot run again.",
        "presidential-term",
        "count",
        7,
    ),
]


@pytest.mark.parametrize(ROWS, BILL_ROUND_THREE)
def test_bill_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- round three: a concept presented as a draft, impersonal proposals, opinions --------------------------------------

CONCEPT_ROUND_THREE = [
    case(
        "draft-concept-presented",
        "ru",
        "Министр представил проект концепции развития местного самоуправления.",
        "decentralization",
        "status",
        "proposed",
    ),
    case(
        "draft-concept-presented-en",
        "en",
        "The government presented a draft concept of local self-governance.",
        "decentralization",
        "status",
        "proposed",
    ),
    # «предлагают» with no subject names no proposer: not the last person named
    case(
        "impersonal-proposal",
        "ru",
        "Министр Асет Иргалиев выступил на заседании, которое провел Президент Касым-Жомарт Токаев.\n\n"
        "В каждом сельском округе предлагают создать кенес, который утверждал бы бюджет села.",
        "decentralization",
        "claimant",
        None,
    ),
]


@pytest.mark.parametrize(ROWS, CONCEPT_ROUND_THREE)
def test_concept_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# an expectation or an experts' remark is not a provision of the reform in focus
NO_FOCUS_OPINION = [
    (
        "ru",
        "decentralization",
        "Сельским бюджетам передадут новые налоги\n\n"
        "Правительство предложило расширить бюджетную самостоятельность сельских округов.\n\n"
        "В министерстве ожидают, что к 2025 году села будут покрывать своими доходами треть расходов.",
    ),
    (
        "en",
        "decentralization",
        "Rural budgets to get new taxes\n\n"
        "The government proposed to expand the budget autonomy of rural districts.\n\n"
        "Experts, however, say rural districts will cover a third of their spending from their own revenues.",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_FOCUS_OPINION)
def test_no_focus_on_opinion(pipe, lang, reform, text):
    last = text.rsplit("\n", 1)[-1]
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform and c.quote in last]
    assert not claims, _show(claims)


# --- round three: whose proposal, and a drafted bill ------------------------------------------------------------------

AUTHOR_ROUND_THREE = [
    # a proposal named with its author is the author's, though a deputy comments on it
    case(
        "initiative-of-president",
        "ru",
        "Инициативу президента сделать парламент однопалатным в кулуарах прокомментировал депутат Мажилиса.",
        "parliament-powers",
        "claimant",
        TOKAYEV,
    ),
    case(
        "presidents-proposal",
        "en",
        "A Mazhilis deputy commented on the President's proposal to switch to a unicameral parliament.",
        "parliament-powers",
        "claimant",
        TOKAYEV,
    ),
    # a bill already drafted that the government must submit is planned, not a proposal
    case(
        "bill-drafted",
        "ru",
        "Законопроект о мирных собраниях, сообщил Президент, уже разработан, и Правительство должно внести его в "
        "Парламент.",
        "peaceful-assembly",
        "status",
        "planned",
        date="2019-12-20",
    ),
]


@pytest.mark.parametrize(ROWS, AUTHOR_ROUND_THREE)
def test_author_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- round three: proposals by need, condition and opinion; election rules -------------------------------------------

NEED_ROUND_THREE = [
    case(
        "had-to-be-improved",
        "en",
        "In his first address to the nation, the President said the legislation on rallies had to be improved.",
        "peaceful-assembly",
        "status",
        "proposed",
    ),
    case(
        "improve-ru",
        "ru",
        "Президент заявил, что законодательство о митингах нужно совершенствовать.",
        "peaceful-assembly",
        "status",
        "proposed",
    ),
    case(
        "if-citizens-back",
        "ru",
        "Если граждане поддержат реформу, депутатов нового парламента будут избирать только по партийным спискам.",
        "electoral-system",
        "status",
        "proposed",
    ),
    case(
        "if-voters-back",
        "en",
        "If voters back the reform, members of the new parliament will be elected only from party lists.",
        "electoral-system",
        "status",
        "proposed",
    ),
    case(
        "election-rules-overhauled",
        "en",
        "The fourth set overhauls election rules from top to bottom and lets voters recall a deputy.",
        "electoral-system",
    ),
]


@pytest.mark.parametrize(ROWS, NEED_ROUND_THREE)
def test_need_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- round three: a Title Case headline opened by its actor ---------------------------------------------------------

TITLE_CASE_ROUND_THREE = [
    case(
        "person-verb-s",
        "en",
        "Tokayev Appoints Ten Senators Under Reduced Presidential Quota",
        "parliament-powers",
        "claimant",
        TOKAYEV,
    ),
]

NO_TITLE_CASE_ACTOR = [
    # a possessive opens the headline: no actor
    ("en", "Tokayev's Senators: How the Reduced Presidential Quota Works", "parliament-powers"),
]


@pytest.mark.parametrize(ROWS, TITLE_CASE_ROUND_THREE)
def test_title_case_round_three(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


@pytest.mark.parametrize(("lang", "text", "reform"), NO_TITLE_CASE_ACTOR)
def test_no_title_case_actor(pipe, lang, text, reform):
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform and c.claimant is not None]
    assert not claims, _show(claims)


# --- round three: the speaker named after the statement («Об этом заявил …») -----------------------------------------

SPEAKER_AFTER = [
    case(
        "ob-etom-zayavil",
        "ru",
        "Партиям станет проще регистрироваться\n\nПорог регистрации партий снизят с 20 до 5 тысяч человек. "
        "Об этом заявил Касым-Жомарт Токаев, выступая с посланием народу.",
        "party-registration",
        "claimant",
        TOKAYEV,
        date="2022-03-16",
        where="Порог регистрации",
    ),
    case(
        "takoe-zayavlenie-sdelal",
        "ru",
        "Выборы акимов районов\n\nВ 2024 году акимов районов начнут избирать напрямую. "
        "Такое заявление сделал Касым-Жомарт Токаев на заседании Национального курултая.",
        "direct-election",
        "claimant",
        TOKAYEV,
        where="начнут избирать",
    ),
    case(
        "s-takim-predlozheniem",
        "ru",
        "Барьер для партий\n\nПроходной барьер на выборах в Мажилис нужно снизить с 7 до 5 процентов. "
        "С таким предложением выступил Ерлан Карин.",
        "electoral-threshold",
        "claimant",
        KARIN,
        where="Проходной барьер",
    ),
    case(
        "this-was-stated-by",
        "en",
        "Party rules\n\nThe number of members needed to register a party will be cut from 20,000 to 5,000. "
        "This was stated by President Kassym-Jomart Tokayev in his address.",
        "party-registration",
        "claimant",
        TOKAYEV,
        date="2022-03-16",
        where="members needed",
    ),
    # the sentence before has its own speaker: «об этом» does not take it away
    case(
        "own-speaker-kept",
        "ru",
        "Барьер для партий\n\nКарин сообщил, что проходной барьер снизят с 7 до 5 процентов. "
        "Об этом же ранее говорил Касым-Жомарт Токаев.",
        "electoral-threshold",
        "claimant",
        KARIN,
        where="Карин сообщил",
    ),
]


@pytest.mark.parametrize(ROWS, SPEAKER_AFTER)
def test_speaker_named_after_the_statement(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- rules4: a step reported floated, with the time it may come, is proposed ----------------------------------------

FLOATED = [
    case(
        "may-be-held-year",
        "ru",
        "Прямые выборы районных акимов могут пройти уже в 2026 году, сообщает наш корреспондент.",
        "direct-election",
        "status",
        "proposed",
    ),
    case(
        "may-take-place-year",
        "ru",
        "Референдум по поправкам в Конституцию может состояться осенью 2027 года.",
        "referendum",
        "status",
        "proposed",
    ),
    case(
        "possible-holding-year",
        "ru",
        "По словам спикера, в 2028 году возможно проведение референдума о новой Конституции.",
        "referendum",
        "status",
        "proposed",
    ),
    case(
        "may-be-held-year",
        "en",
        "Direct elections of district akims may be held in Kazakhstan in 2026, the agency reports.",
        "direct-election",
        "status",
        "proposed",
    ),
    case(
        "could-be-held-year",
        "en",
        "A referendum on the constitutional amendments could be held in 2028, the speaker said.",
        "referendum",
        "status",
        "proposed",
    ),
]


@pytest.mark.parametrize(ROWS, FLOATED)
def test_floated_step_is_proposed(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# the same modal with no time, a feared outcome, or an ability granted now: no floated step
NO_FLOATED = [
    ("ru", "direct-election", "Наблюдатели опасаются, что выборы акимов могут пройти в 2026 году с нарушениями."),
    ("ru", "party-registration", "Порог для регистрации партий могут снизить ещё раз."),
    ("en", "direct-election", "Critics warn that the district akim elections in 2026 may be held without real rivals."),
]


@pytest.mark.parametrize(("lang", "reform", "text"), NO_FLOATED)
def test_no_floated_step(pipe, lang, reform, text):
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform and c.status == "proposed"]
    assert not claims, _show(claims)


# --- rules4: a party's "initiative group" (its founders) is a body, not an initiative ---------------------------------

INITIATIVE_GROUP = [
    case(
        "initiative-group-cut",
        "en",
        "Party registration made easier\n\nThe minimum initiative group needed to found a party has been reduced "
        "from 1,000 to 700 people.",
        "party-registration",
        "status",
        "implemented",
    ),
    case(
        "initiative-group-will-shrink",
        "ru",
        "Инициативная группа для создания партии сократится с тысячи до 700 человек.",
        "party-registration",
        "status",
        "planned",
    ),
    # the initiative itself still proposes, also last in a headline with no full stop
    case(
        "headline-ends-initiative",
        "en",
        "Party registration threshold to be cut to 5,000 members under the President's initiative",
        "party-registration",
        "status",
        "proposed",
    ),
    case(
        "initiative-proposes",
        "en",
        "Tokayev put forward an initiative to cut the initiative group needed to found a party to 700 people.",
        "party-registration",
        "status",
        "proposed",
    ),
]


@pytest.mark.parametrize(ROWS, INITIATIVE_GROUP)
def test_initiative_group_is_no_proposal(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- rules4: a share of the voters who backed a change is the vote's result, not a claim -----------------------------

VOTE_SHARE = [
    ("ru", "referendum", "Референдум\n\n78,2 процента казахстанцев поддержали изменения в Конституцию — ЦИК"),
    ("ru", "referendum", "По данным комиссии, поправки к Основному закону одобрили более 78% проголосовавших граждан."),
    ("en", "referendum", "Referendum results\n\nOver 78% of Kazakh voters approve changes to the constitution"),
    ("en", "parliament-powers", "Some 78 percent of voters backed the changes that give parliament more power."),
]


@pytest.mark.parametrize(("lang", "reform", "text"), VOTE_SHARE)
def test_vote_share_is_no_claim(pipe, lang, reform, text):
    last = text.rsplit("\n", 1)[-1]
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform and c.quote in last]
    assert not claims, _show(claims)


# a date or a quota share is no share of voters: the claim stays
NOT_VOTE_SHARE = [
    case(
        "date-then-citizens",
        "ru",
        "Напомним, 5 июня казахстанцы на референдуме одобрили поправки в Конституцию.",
        "referendum",
    ),
    case(
        "seat-share",
        "en",
        "The Mazhilis approved the bill under which 30% of the seats will go to single-mandate districts.",
        "electoral-system",
    ),
]


@pytest.mark.parametrize(ROWS, NOT_VOTE_SHARE)
def test_not_a_vote_share(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- rules4: a Constitutional Commission set up is no Constitutional Court created ------------------------------------

COMMISSION_NOT_COURT = [
    (
        "ru",
        "constitutional-court",
        "Для подготовки поправок будет создана Конституционная комиссия под руководством главы Конституционного суда.",
    ),
    (
        "en",
        "constitutional-court",
        "A Constitutional Commission led by the chair of the Constitutional Court is set up to draft the changes.",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text"), COMMISSION_NOT_COURT)
def test_commission_is_no_court(pipe, lang, reform, text):
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform]
    assert not claims, _show(claims)


# the court itself restored, in the same article type, stays a claim
COURT_STILL = [
    case("court-restored", "ru", "Глава государства предложил воссоздать Конституционный суд.", "constitutional-court"),
    case(
        "court-restored",
        "en",
        "The President proposed re-establishing the Constitutional Court.",
        "constitutional-court",
    ),
]


@pytest.mark.parametrize(ROWS, COURT_STILL)
def test_court_still_restored(pipe, lang, text, reform, slot, expected, date, where):
    _check(pipe, lang, text, reform, slot, expected, date, where)


# --- rules4: the court's caseload since it was set up is no reform (ru already had it, now en) ------------------------

CASELOAD = [
    ("ru", "constitutional-court", "С момента создания Конституционный суд получил более 4 тысяч обращений граждан."),
    (
        "en",
        "constitutional-court",
        "Since its creation in January, the Constitutional Court has received over 4,000 appeals.",
    ),
    (
        "en",
        "constitutional-court",
        "Since it was set up, the Constitutional Court has issued a number of rulings on rights.",
    ),
]


@pytest.mark.parametrize(("lang", "reform", "text"), CASELOAD)
def test_caseload_is_no_claim(pipe, lang, reform, text):
    claims = [c for c in _claims(pipe, text, lang, DATE) if c.reform == reform]
    assert not claims, _show(claims)
