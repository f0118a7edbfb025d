"""Synthetic articles with a reform history, for the page's benchmark and browser tests.

Real news cannot be committed, and uniformly random claims make every claimant speak of
every reform, which no real corpus does. So each reform here has a story (proposed, then
planned for a year that may move, then implemented or still open), each article reports
one or two reforms as they stood on its date, and claimants follow a long tail: a few
speak often and of many reforms, most speak once or twice of one. The claims carry claim
dates, target years and counted values with their measure, so the graph has revisions,
open and fulfilled promises. Everything comes from one seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import yaml
from rdflib import Graph

from kg.graph import to_rdf
from kg.identity import Registry, RegistryFile, parse_key
from kg.model import Agent, Claim, Document, RuleRef
from kg.rules import default_grammar_dir

__all__ = ["HOSTILE", "HOSTILE_TITLE", "Sample", "registry", "synthetic", "to_graph"]

RULE = RuleRef("bench.synthetic", "synthetic claims", "")
# Article 0's sentence, title and publisher when ``hostile`` is set: markup that must stay text.
HOSTILE = '<script>alert(1)</script><img src=x onerror="window.__pwned=1;alert(2)">'
HOSTILE_TITLE = f"</script><script>window.__pwned=1</script>{HOSTILE}"


@dataclass(frozen=True)
class Story:
    """One reform: when it was proposed, planned (for which year, maybe moved) and done."""

    key: str
    proposed: int  # year
    planned: int | None
    target: int | None
    moved_to: int | None  # a later plan moves the target here
    done: int | None  # year implemented (None: still open)
    measure: str | None = None
    value: int | None = None
    weight: float = 1.0  # how often the news reports it

    def slots(self) -> tuple[str, str | None, str | None, str | None]:
        """The claim's code, office, level and subject, from the key."""
        code, office, level, subject = parse_key(self.key)
        return code, None if office == "-" else office, None if level == "-" else level, subject


# key: proposed, planned, target year, target moved to, done, measure, value, weight
STORIES = tuple(
    Story(key, *row)
    for key, row in {
        "direct-election/akim/rural": (2019, 2020, 2021, None, 2021, "villages", 730, 3.0),
        "direct-election/akim/district": (2020, 2021, 2024, 2023, 2023, "districts", 45, 4.0),
        "direct-election/akim/region": (2022, None, None, None, None, None, None, 1.0),
        "direct-election/akim/city-republican": (2023, None, None, None, None, None, None, 0.5),
        "presidential-term/president/-": (2022, 2022, 2022, None, 2022, "term-years", 7, 2.5),
        "electoral-system/mazhilis/-": (2022, 2022, 2023, None, 2023, None, None, 2.0),
        "electoral-threshold/mazhilis/-": (2022, 2022, 2023, None, 2023, "barrier", 5, 1.5),
        "party-registration/party/-": (2020, 2022, 2023, None, 2023, "party-members", 5000, 2.0),
        "parliament-powers/senate/-/senate-quota": (2022, 2022, 2023, None, 2023, "seats", 5, 1.0),
        "parliament-powers/parliament/-/unicameral": (2024, 2025, 2027, None, None, None, None, 1.0),
        "constitutional-court/-/-": (2022, 2022, 2023, None, 2023, None, None, 2.0),
        "death-penalty/-/-": (2019, 2020, 2021, None, 2021, None, None, 1.5),
        "peaceful-assembly/-/-": (2019, 2020, 2020, None, 2020, None, None, 1.0),
        "ombudsman/-/-": (2021, 2022, 2022, None, 2022, None, None, 0.7),
        "referendum/-/-/constitution-2022": (2022, 2022, 2022, None, 2022, None, None, 2.0),
        "decentralization/-/rural/budgets": (2020, 2021, 2022, 2024, None, None, None, 1.0),
        "decentralization/-/-/self-government": (2021, 2023, 2025, None, None, None, None, 0.8),
    }.items()
)
PEOPLE = (
    ("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "Касым-Жомарт Токаев"),
    ("alikhan-smailov", "Alikhan Smailov", "Алихан Смаилов"),
    ("erlan-karin", "Erlan Karin", "Ерлан Карин"),
    ("maulen-ashimbayev", "Maulen Ashimbayev", "Маулен Ашимбаев"),
    ("yerlan-koshanov", "Yerlan Koshanov", "Ерлан Кошанов"),
    ("nurlan-abdirov", "Nurlan Abdirov", "Нурлан Абдиров"),
)
BODIES = (
    ("central-election-commission", "Central Election Commission", "ЦИК"),
    ("mazhilis", "Mazhilis", "Мажилис"),
    ("senate", "Senate", "Сенат"),
    ("constitutional-court", "Constitutional Court", "Конституционный суд"),
    ("ministry-of-justice", "Ministry of Justice", "Министерство юстиции"),
    ("amanat", "Amanat party", "партия «Аманат»"),
)
# A long tail of occasional claimants (invented names).
FIRST = ("Aigerim", "Dauren", "Madina", "Serik", "Asel", "Timur", "Gulnara", "Yerzhan", "Zhanna", "Arman")
LAST = ("Sadykova", "Omarov", "Bekova", "Nurpeisov", "Tulegenova", "Zhumabayev", "Kassymova", "Abenov")
PUBLISHERS = ("Tengrinews", "Kazinform", "Vlast.kz", "Zakon.kz", "Astana Times", "Orda.kz", "KazTAG")
VERBS = {"proposed": "предложил", "planned": "заявил, что планируется", "implemented": "сообщил, что уже введена"}


@dataclass(frozen=True)
class Sample:
    docs: list[Document]
    claims: list[Claim]
    rules: dict[str, RuleRef]


def registry() -> Registry:
    """The bundled reform registry, so that the reforms get their registered labels."""
    path = default_grammar_dir() / "registry.yaml"
    reg = Registry()
    reg.add(RegistryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))), str(path))
    return reg


def to_graph(sample: Sample) -> Graph:
    return to_rdf(sample.docs, sample.claims, sample.rules, registry=registry())


def _agents(rnd: random.Random) -> tuple[list[Agent], list[float]]:
    agents = [Agent(k, en, "person", ru) for k, en, ru in PEOPLE]
    agents += [Agent(k, en, "organization", ru) for k, en, ru in BODIES]
    tail = sorted({(f, last) for f in FIRST for last in LAST}, key=lambda p: rnd.random())[:36]
    agents += [Agent(f"{f}-{last}".lower(), f"{f} {last}", "person") for f, last in tail]
    weights = [1.0 / (i + 1) ** 1.1 for i in range(len(agents))]
    return agents, weights


def _state(story: Story, year: int) -> tuple[str, int | None] | None:
    """What an article of ``year`` says: the status and the target year, or None before the proposal."""
    if year < story.proposed:
        return None
    if story.done is not None and year >= story.done:
        return "implemented", story.done
    if story.planned is not None and year >= story.planned:
        target = story.moved_to if story.moved_to is not None and year >= story.planned + 1 else story.target
        return "planned", target
    return "proposed", story.target


def synthetic(n_articles: int, seed: int = 1, claims_per_article: int = 4, hostile: bool = False) -> Sample:
    """``n_articles`` Russian-looking articles of 2019-2024 with about ``claims_per_article`` claims each."""
    rnd = random.Random(seed)
    agents, agent_weights = _agents(rnd)
    story_weights = [s.weight for s in STORIES]
    docs: list[Document] = []
    claims: list[Claim] = []
    for i in range(n_articles):
        doc_id = f"doc-{i:06d}"
        year = rnd.randint(2019, 2024)
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        topics = [s for s in rnd.choices(STORIES, story_weights, k=2) if _state(s, year) is not None]
        if not topics:
            topics = [s for s in STORIES if _state(s, year) is not None][:1]
        parts: list[str] = []
        rows = []
        offset = 0
        for k in range(claims_per_article):
            story = topics[k % len(topics)]
            status, target = _state(story, year) or ("proposed", None)
            if status != "implemented" and rnd.random() < 0.25:
                status = "proposed"
            agent = rnd.choices(agents, agent_weights)[0] if rnd.random() < 0.85 else None
            said = date
            if rnd.random() < 0.15:  # "in November, X said" in a later article
                month = int(date[5:7])
                said = f"{year}-{month - 1:02d}" if month > 1 else date
            count = story.value if story.measure and rnd.random() < 0.5 else None
            if count is not None and rnd.random() < 0.1:
                count += rnd.choice((-5, 5))  # an outlet that gives another figure
            who = agent.name_ru or agent.name if agent else "Источник"
            sentence = (
                f"{who} {VERBS[status]} реформа «{story.key}»"
                + (f" ({count})" if count is not None else "")
                + (f" в {target} году" if target else "")
                + f" (материал {i}, пункт {k})."
            )
            if hostile and i == 0 and k == 0:
                sentence = f"{HOSTILE} said direct elections are planned."
            parts.append(sentence)
            rows.append((k, offset, offset + len(sentence), story, agent, status, target, said, count))
            offset += len(sentence) + 1
        text = " ".join(parts)
        docs.append(
            Document(
                id=doc_id,
                text=text,
                lang="ru",
                title=HOSTILE_TITLE if hostile and i == 0 else f"Реформы: обзор №{i}",
                publisher=HOSTILE if hostile and i == 0 else rnd.choice(PUBLISHERS),
                date=date,
                url=f"https://news.example/{doc_id}",
            )
        )
        for k, start, end, story, agent, status, target, said, count in rows:
            code, office, level, subject = story.slots()
            claims.append(
                Claim(
                    doc_id=doc_id,
                    sentence_index=k,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    reform=code,
                    rule=RULE.id,
                    status=status,
                    office=office,
                    level=level,
                    subject=subject,
                    count=count,
                    measure=story.measure if count is not None else None,
                    year=target,
                    target_year=target,
                    claim_date=said,
                    reform_key=story.key,
                    claimant=agent,
                )
            )
    return Sample(docs, claims, {RULE.id: RULE})
