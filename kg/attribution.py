"""Who a sentence is attributed to, read from the sentence and the text around it.

The lexicons (speech verbs, act verbs, «по словам», pronouns, people and bodies) are
gazetteers in ``kg/grammar/gazetteers``; this module holds only the order in which
evidence is weighed, from strongest to weakest:

1. «по словам X», "according to X": X.
2. A speech or act verb (заявил, предложил, подписал; said, proposed, signed) with a
   person or body next to it: the nearest one. Russian titles count only in the
   nominative (so «статус уполномоченного» is not a speaker).
3. A headline of the form «Токаев: …».
4. A pronoun (он, she) with a speech or act verb: the last person named before.
5. A sentence inside a quotation whose closing sentence names the speaker: that speaker.
6. A later sentence of a paragraph whose earlier sentence reported speech
   («Он напомнил: …», «По словам Президента, …»): the same speaker.
7. The headline, when the article confirms it («Об этом сказал президент»), and the sentence just
   before «Об этом заявил X» / «Такое заявление сделал X» / "This was stated by X": X.
8. The speaker a headline names for a transcript ("Address by President …", «Выступление Главы
   государства …»): every sentence not given to anyone else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kg.model import Agent, Token
from kg.patterns import Mention, positions

_OPEN = "«“„"
_CLOSE = "»”"
# A lone capitalized word next to a speech verb is a name when it looks like a Kazakh or Russian surname.
_SURNAME = re.compile(r"^[A-Z][a-z]+(?:ov|ova|ev|eva|yev|yeva|in|ina|uly|kyzy|enko|bek|bekova)(?:'s)?$")
_POSSESSIVE = {"его": "m", "him": "m", "his": "m", "ее": "f", "её": "f", "her": "f", "их": "", "them": ""}
_NAME_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "and",
        "but",
        "he",
        "she",
        "it",
        "they",
        "this",
        "that",
        "his",
        "her",
        "their",
        "its",
        "some",
        "critics",
        "president",
        "head",
        "state",
        "mazhilis",
        "senate",
        "parliament",
        "government",
        "kazakhstan",
        "astana",
        "almaty",
        "reuters",
        "pm",
        "mp",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prime",
        "minister",
        "deputy",
        "speaker",
        "chairman",
        "chairwoman",
        "ombudsman",
        "senator",
    ]
)

_TITLE_WORDS = frozenset(
    ["minister", "chairman", "chairwoman", "chair", "deputy", "speaker", "senator", "ombudsman", "mp", "president"]
)

# "A: …", «О: …», «Ответ: …»: the interviewee's turn in a transcript printed as Q/A.
_MARKER = re.compile(r"\s*(?:\d{1,2}[.)]|[•▪·*])\s*$")
_BULLETS = "•▪·*"
_ANSWER_MARK = re.compile(r"\s*(?:A|А|О|Answer|Ответ)\s*:\s", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    agent: Agent
    # according | speech | act | colon | pronoun | quote | paragraph | headline | author | article | bill
    how: str


@dataclass(frozen=True)
class SentenceFacts:
    """What one sentence says about speakers, before any context is used."""

    paragraph: int
    explicit: Attribution | None
    pronoun: str | None  # a pronoun subject of a speech or act verb: "m", "f", or "" (either)
    persons: tuple[Agent, ...]  # every person named, in order
    quotes: tuple[int, int, int]  # opening, closing and straight quotation marks
    about_this: bool  # «Об этом сказал …»: confirms the headline's speaker
    introduces: bool = False  # the speaker comes first and the content follows («Он напомнил: …»)
    dash: bool = False  # the sentence opens with a dash or "A:": an answer in an interview
    interview: bool = False  # the sentence says the article is an interview
    author: Agent | None = None  # «Выступление Главы государства …»: the person whose speech this headline heads
    names: tuple[str, ...] = ()  # English full names outside the gazetteer ("analyst Saltanat Kuanyshbekova")
    background: bool = False  # opens with «Напомним», "Recall that", "As earlier reported": the outlet's own aside
    reported: bool = False  # opens with «Отмечается, что», "In particular": retells the article's speaker
    source: Agent | None = None  # who reports in the sentence («сообщила пресс-служба Акорды»), even beside an act
    possessive: bool = False  # «его предложения», "her proposal": someone already named speaks
    # names a year before the article's: history, not what the article reports. A function is asked only when
    # the resolver needs the answer (reading a sentence's dates is a large part of extraction).
    dated: bool | Callable[[], bool] = False
    speaks: bool = False  # has a speech verb: someone speaks here, named or not («— пояснил заместитель прокурора»)
    subject_person: bool = False  # a person named as a possible subject (a name, or a title not an object)
    members: bool = False  # names a chamber's members ("Lawmakers approve …", «Депутаты одобрили …»)
    statement: bool = False  # «…, — говорится в сообщении», "the statement said": the reported statement speaks
    marker: bool = False  # the sentence is only a list marker ("1.", "•"): the next one is an item of a list
    bulleted: bool = False  # the sentence opens with a bullet ("• Designated venues: …"): an item of a list
    acts: bool = False  # has a finite act verb («парламент принял законопроект»): someone acts here, named or not

    @property
    def dated_before(self) -> bool:
        return self.dated() if callable(self.dated) else self.dated


def agent_of(m: Mention) -> Agent:
    kind = m.get("kind") or "person"
    gender = m.get("gender") or ("m" if kind == "person" else None)
    return Agent(m.key, m.get("name") or m.key, kind, m.get("name_ru"), gender)


_PREPOSITIONS = frozenset(
    [
        "в",
        "во",
        "на",
        "к",
        "ко",
        "о",
        "об",
        "обо",
        "с",
        "со",
        "по",
        "у",
        "от",
        "для",
        "из",
        "за",
        "при",
        "до",
        "между",
        "перед",
        "через",
        "над",
        "под",
        "про",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "into",
        "about",
        "over",
        "under",
        "than",
    ]
)


def _can_be_subject(tokens: Sequence[Token], m: Mention, lang: str, speech: Sequence[int] = ()) -> bool:
    """A speaker is the subject (or "by X"): not after a preposition; Russian titles nominative.

    «сообщили в ЦИК», "said at the CEC": a body right after a speech verb and a preposition speaks.
    """
    j = m.first - 1
    while j > 0 and "DET" in tokens[j].tags:  # "the law on the ombudsman": the body is a preposition's object
        j -= 1
    if j >= 0 and j < m.first - 1 and tokens[j].norm in _PREPOSITIONS:
        return False
    if m.first > 0 and tokens[m.first - 1].norm in _PREPOSITIONS:
        # «сообщили в ЦИК», "said at the CEC", «В ЦИК напомнили»: a body beside a speech verb speaks
        return (m.first - 2 in speech or m.last + 1 in speech) and m.get("kind") == "organization"
    if m.first > 0 and tokens[m.first - 1].pos == "INFN":  # «упразднить Сенат»: the object of a verb
        return False
    if lang != "ru" or m.get("role") != "title":
        return True
    tok = tokens[m.first]
    return not re.search("[а-я]", tok.norm) or "nomn" in tok.tags or "Fixd" in tok.tags


# What a possessive before these nouns marks as someone's words or plans («его предложение», "her proposal").
_SAYING_NOUNS = frozenset(
    [
        "предложение",
        "инициатива",
        "слово",
        "мнение",
        "идея",
        "позиция",
        "план",
        "заявление",
        "послание",
        "выступление",
        "proposal",
        "initiative",
        "words",
        "view",
        "idea",
        "plan",
        "position",
        "statement",
        "address",
        "speech",
        "remarks",
    ]
)


def _possessive_saying(tokens: Sequence[Token]) -> bool:
    """«его предложения», "her proposal": a possessive before a noun of saying or planning — someone named before
    speaks here. «его полномочия» (the ombudsman's powers) is no saying."""
    return any(
        t.norm in _POSSESSIVE and any(_SAYING_NOUNS & set(u.lemmas) for u in tokens[i + 1 : i + 3])
        for i, t in enumerate(tokens)
    )


def _subject_person(tokens: Sequence[Token], m: Mention, lang: str, speech: Sequence[int]) -> bool:
    """A person who may be the one speaking or acting here: a name, or a title that is no object ("gives the
    Commissioner a status", «статус уполномоченного»)."""
    if (m.get("kind") or "person") != "person":
        return False
    if m.get("role") != "title":
        return True
    j = m.first - 1
    while j > 0 and "DET" in tokens[j].tags:
        j -= 1
    object_of_verb = j >= 0 and tokens[j].pos == "VERB"  # "gives the Commissioner a status"
    return _can_be_subject(tokens, m, lang, speech) and not (lang == "en" and object_of_verb)


def _bare_title(tokens: Sequence[Token], m: Mention) -> bool:
    """Whether a title stands alone: followed by punctuation, a verb or the end, not by a name or a qualifier."""
    nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    return nxt is None or nxt.kind == "punct" or bool({"VERB", "AUX"} & ({nxt.pos} | nxt.tags))


def _name_like(t: Token) -> bool:
    """A capitalized word English does not know: most likely part of a person's name."""
    return t.kind == "word" and t.text[:1].isupper() and "OOV" in t.tags


def _in_apposition(tokens: Sequence[Token], m: Mention) -> bool:
    """ "Aidos Serikbayev, a Mazhilis deputy, said": the body describes the person, it does not speak."""
    for j in range(m.first - 1, max(-1, m.first - 7), -1):
        if tokens[j].norm == ",":
            return j >= 2 and all(_name_like(t) for t in tokens[j - 2 : j])
    return False


def _english_actor(tokens: Sequence[Token], m: Mention, verb: int) -> bool:
    """English act verbs take their actor before them, or right after them as "by X"."""
    if m.last < verb:
        return True
    between = [t.norm for t in tokens[verb + 1 : m.first]]
    return "by" in between[:3] and len(between) <= 4


def _person(name: str) -> Agent:
    """A person the gazetteer does not know, keyed by a slug of the name as written."""
    return Agent(re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), name, "person")


def _answer_name(tokens: Sequence[Token]) -> Agent | None:
    """The speaker of an English interview line "Kuanyshbekova: …" (a surname or a full name, then a colon)."""
    k = 0
    while k < min(3, len(tokens)) and tokens[k].kind == "word" and tokens[k].text[:1].isupper():
        k += 1
    if not 0 < k < len(tokens) or tokens[k].norm != ":" or not all(_name_like(t) for t in tokens[:k]):
        return None
    if k == 1 and not _SURNAME.search(tokens[0].text):
        return None
    return _person(" ".join(t.text for t in tokens[:k]))


def _full_names(tokens: Sequence[Token]) -> tuple[str, ...]:
    """Runs of two or three capitalized words English does not know: people's full names, for a later surname."""
    out, run = [], []
    for t in [*tokens, None]:
        if t is not None and _name_like(t) and t.text.isascii() and t.norm not in _NAME_STOP:
            run.append(t.text.removesuffix("'s"))
            continue
        if 2 <= len(run) <= 3:
            out.append(" ".join(run))
        run = []
    return tuple(out)


def _quote_marks(text: str) -> tuple[int, int, int]:
    """Opening, closing and straight (direction unknown) quotation marks in a sentence."""
    return sum(text.count(c) for c in _OPEN), sum(text.count(c) for c in _CLOSE), text.count('"')


def _quote_depths(facts: Sequence[SentenceFacts]) -> list[tuple[int, int]]:
    """Quotation depth before and after each sentence; a new paragraph closes any quotation."""
    out = []
    depth, para = 0, None
    for f in facts:
        if f.paragraph != para:
            depth, para = 0, f.paragraph
        before = depth
        opens, closes, straight = f.quotes
        depth = max(0, depth + opens - closes)
        if straight % 2:
            depth = 0 if before > 0 and opens <= closes else depth + 1
        out.append((before, depth))
    return out


def _past(tokens: Sequence[Token], v: int) -> bool:
    """A completed act: past tense, or a Russian perfective («внесёт законопроект» is one act, not a habit)."""
    t = tokens[v]
    return "past" in t.tags or "perf" in t.tags or (v > 0 and tokens[v - 1].norm in ("has", "have", "had"))


def _adjacent_name(tokens: Sequence[Token], v: int) -> bool:
    return (v > 0 and _name_like(tokens[v - 1])) or (v + 1 < len(tokens) and _name_like(tokens[v + 1]))


def _english_name(tokens: Sequence[Token], verbs: Sequence[int], skip: frozenset[int] = frozenset()) -> Agent | None:
    """An English name next to a speech verb ("said Marat Akhmetov"), not in any gazetteer.

    ``skip``: positions of words that may stand between the name and the verb ("has", "later"; the
    ``auxiliary`` list of ``gazetteers/function-words.yaml``).
    """

    def name_at(i: int, step: int) -> list[int]:
        run: list[int] = []
        while 0 <= i < len(tokens) and len(run) < 4:
            t = tokens[i]
            # an acronym ("CEC", "RFE") is a body or an outlet, not part of a person's name
            acronym = len(t.text) > 1 and t.text.isupper()
            capital = t.kind == "word" and t.text[:1].isupper() and t.text.isascii()
            if capital and t.norm not in _NAME_STOP and not acronym:
                run.append(i)
                i += step
            else:
                break
        run.sort()
        # "Minister Asset Irgaliyev": after a title every capitalized word is the name, even an English one
        titled = step < 0 and 0 <= i < len(tokens) and tokens[i].norm in _TITLE_WORDS
        while run and not titled and not _name_like(tokens[run[0]]):  # "Counselor Yerlan Karin" → "Yerlan Karin"
            run.pop(0)
        return run if any(_name_like(tokens[i]) for i in run) else []

    def before_apposition(v: int) -> list[int]:
        """ "Marat Akhmetov, a lawyer in Almaty, (has) said": the name before a comma-set apposition."""
        while v > 0 and v - 1 in skip:
            v -= 1
        if v < 2 or tokens[v - 1].norm != ",":
            return []
        for j in range(v - 2, max(-1, v - 14), -1):
            if tokens[j].norm == ",":
                return name_at(j - 1, -1)
        return []

    def after_descriptor(v: int) -> list[int]:
        """ "said Almaty-based political analyst Erzhan Tulegenov": the name after a short description."""
        for j in range(v + 2, min(len(tokens), v + 7)):
            if tokens[j].kind != "word":
                return []
            if len(run := name_at(j, 1)) >= 2:
                return run
        return []

    for v in verbs:
        before = v - 1
        while before > 0 and before in skip:
            before -= 1
        for run in (name_at(v + 1, 1), name_at(before, -1), before_apposition(v), after_descriptor(v)):
            if len(run) >= 2 or (len(run) == 1 and _SURNAME.search(tokens[run[0]].text)):
                agent = _person(" ".join(tokens[i].text.removesuffix("'s") for i in run))
                if agent.key:
                    return agent
    return None


_NOT_HEAD = frozenset(["from", "in", "at", "on", "about", "after", "during", "before"])


def _passive_agent(
    tokens: Sequence[Token], mentions: Sequence[Mention], agents: Sequence[Mention]
) -> Attribution | None:
    """«Подписанными Президентом поправками», «Главой государства подписан закон»: the agent of a passive act
    participle, in the instrumental right next to it, is the one who acted."""
    for m in mentions:
        t = tokens[m.first]
        if m.category != "act" or not (t.pos == "PRTS" or (t.pos == "PRTF" and "pssv" in t.tags)):
            continue
        for a in agents:
            if (a.first == m.last + 1 or a.last == m.first - 1) and "ablt" in tokens[a.first].tags:
                return Attribution(agent_of(a), "act")
    # «Референдум был назначен указом президента Токаева»: the one whose decree or decision it was acted
    passive = any(t.pos == "PRTS" or (t.pos == "PRTF" and "pssv" in t.tags) for t in tokens)
    for i, t in enumerate(tokens[:-1]):
        if passive and t.lemmas[0] in _INSTRUMENTS and "ablt" in t.tags:
            for a in agents:
                if a.first == i + 1 and (a.get("kind") or "person") == "person":
                    return Attribution(agent_of(a), "act")
    return None


_INSTRUMENTS = frozenset(["указ", "распоряжение", "решение", "постановление"])


def _speech_author(tokens: Sequence[Token], mentions: Sequence[Mention]) -> Agent | None:
    """The person a headline names as the speaker of the text below it: "State of the Nation Address by
    President Tokayev", «Выступление Главы государства Касым-Жомарта Токаева на …».

    The speech noun must head the headline (within five words, no punctuation or preposition before it),
    so «Главное из Послания Токаева» and «Послание-2023: что Токаев сказал» — reports about a speech — do
    not qualify; the person must follow it with nothing but "by" or a title between.
    """
    nouns = sorted(m.first for m in mentions if m.category == "function" and m.key == "speech-noun")
    people = [m for m in mentions if m.category == "agent" and (m.get("kind") or "person") == "person"]
    for n in nouns:
        if n > 4 or any(t.kind == "punct" or t.pos == "PREP" or t.norm in _NOT_HEAD for t in tokens[:n]):
            break
        for m in people:
            gap = tokens[n + 1 : m.first]
            if m.first > n and len(gap) <= 3 and all(t.kind == "word" and "VERB" not in t.tags for t in gap):
                return agent_of(m)
    return None


def sentence_facts(
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    lang: str,
    paragraph: int,
    text: str,
    *,
    dated_before: bool | Callable[[], bool] = False,
) -> SentenceFacts:
    """Read the speaker evidence of one sentence (steps 1–4 of the module doc)."""
    # "Some lawmakers have floated …", «ряд депутатов предложил»: an unnamed group of a body is not the body
    unnamed = positions(mentions, "function", {"unnamed-group"})
    agents = [m for m in mentions if m.category == "agent" and m.first - 1 not in unnamed]
    # "…, saying the Senate had fulfilled its mission": what follows an English -ing speech verb is content.
    # a speech verb inside a title is no verb: "the Head of State signed" ("state"), not a statement
    titled = {i for m in agents for i in range(m.first, m.last + 1)}
    speech = [
        m.first
        for m in mentions
        if m.category == "speech" and not (lang == "en" and "ger" in tokens[m.first].tags) and m.first not in titled
    ]
    # An act verb in the infinitive describes the reform («Сенат будет одобрять»), it is not an act.
    # So is a passive one («были внесены поправки»): its subject is what was acted on.
    act = [
        m.first
        for m in mentions
        if m.category == "act"
        and tokens[m.first].pos != "INFN"
        and not {"pssv", "ger"} & tokens[m.first].tags
        and not (m.first > 0 and tokens[m.first - 1].norm == "to")  # "the right to adopt laws"
    ]
    according = [m for m in mentions if m.category == "according"]
    aux = positions(mentions, "function", {"auxiliary"})
    # a bare title stands for the last person named («подчеркнул спикер, …», "the minister said"), but not a title
    # that a name or a qualifier follows («вице-министр юстиции Наталья Пан»)
    pronouns = [
        m
        for m in mentions
        if m.category == "pronoun"
        and (m.key != "title" or (_bare_title(tokens, m) and _can_be_subject(tokens, m, lang, speech)))
    ]
    persons = tuple(agent_of(m) for m in agents if (m.get("kind") or "person") == "person")
    explicit: Attribution | None = None
    pronoun: str | None = None
    for acc in according:
        # "according to a statement posted on the presidential website": the source may follow a few words later
        after = [
            m
            for m in agents
            if 0 <= m.first - acc.last <= 8 and not any(t.kind == "punct" for t in tokens[acc.last + 1 : m.first])
        ]
        if after:
            explicit = Attribution(agent_of(after[0]), "according")
            break
        near = [t.norm for t in tokens[max(0, acc.first - 1) : acc.last + 3] if t.norm in _POSSESSIVE]
        if near:
            pronoun = _POSSESSIVE[near[0]]  # «по его словам», "according to him"
            break
    if explicit is None and lang == "ru":
        explicit = _passive_agent(tokens, mentions, agents)
    verbs = sorted(speech + act)
    headline = text.rstrip()[-1:] not in '.!?"”»'  # a headline tells a past act in the present ("Senate Backs Bill")
    if explicit is None and verbs:
        candidates = [
            m
            for m in agents
            if _can_be_subject(tokens, m, lang, speech)
            and not (lang == "en" and _in_apposition(tokens, m))
            and not (m.get("role") == "title" and "POSS" in tokens[m.last].tags)  # "President's quota"
        ] + pronouns
        best: tuple[int, int, Mention] | None = None
        for m in candidates:
            for v in verbs:
                if lang == "en" and v in act and not _english_actor(tokens, m, v):
                    continue
                if lang == "en" and v in speech and m.first - v > 3:
                    continue  # "say the changes will make the Mazhilis …": after the verb comes what was said
                # «теперь их принимает Мажилис»: a body's present or future act describes the reform, except in an
                # English headline, which tells a past act in the present ("Senate Backs Bill")
                body = v in act and m.category == "agent" and m.get("kind") == "organization"
                if body and not _past(tokens, v) and not (headline and lang == "en" and tokens[v].norm.endswith("s")):
                    continue
                dist = v - m.last if v > m.last else m.first - v
                if best is None or (dist, m.first) < best[:2]:
                    best = (dist, m.first, m)
        if best is not None and best[2].category == "pronoun":
            pronoun = {"she": "f", "title": ""}.get(best[2].key, "m")
            # "Tokayev’s address, in which he proposed …": the pronoun's antecedent is named in the sentence
            earlier = [
                m
                for m in agents
                if m.last < best[2].first
                and (m.get("kind") or "person") == "person"
                and agent_of(m).gender == pronoun
                and best[2].key != "title"
            ]
            if earlier:
                explicit, pronoun = Attribution(agent_of(earlier[-1]), "pronoun"), None
        elif best is not None:
            m = best[2]
            v = min(verbs, key=lambda v: abs(v - m.first))
            explicit = Attribution(agent_of(m), "speech" if v in speech else "act")
            pronoun = None  # "Tokayev signed the law, according to his press service": he is named
            if lang == "en" and best[0] > 1:  # "Mazhilis deputy Dana Zhunusova said": the name is nearer
                named = _english_name(tokens, [v for v in speech if _adjacent_name(tokens, v)], aux)
                if named is not None:
                    explicit = Attribution(named, "speech")
        elif lang == "en":
            named = _english_name(tokens, verbs, aux)
            if named is not None:
                explicit = Attribution(named, "speech" if _english_name(tokens, speech, aux) else "act")
    if explicit is not None and explicit.how == "act":
        # "approved by the Senate and signed by the President": the law is the signer's
        signer = _signer(tokens, mentions, agents, lang, speech)
        if signer is not None:
            explicit = Attribution(signer, "act")
    if explicit is None and agents and agents[0].first == 0:
        # «Токаев: …», "Justice Minister Yeskarayev: …" (a title and a name of one person)
        head = [m for m in agents if m.key == agents[0].key]
        last = agents[0].last
        for m in head[1:]:
            if m.first == last + 1:
                last = m.last
        if last + 1 < len(tokens) and tokens[last + 1].norm == ":":
            explicit = Attribution(agent_of(agents[0]), "colon")
    if explicit is None and agents:
        # «Мы упраздним квоту АНК в Мажилисе — Президент РК»: a headline that ends with a dash and its speaker
        m = agents[-1]
        if m.first >= 2 and tokens[m.first - 1].norm in ("-", "—", "–") and _ends_at(tokens, m.last):
            explicit = Attribution(agent_of(m), "colon")
    answer = explicit is None and lang == "en" and (named := _answer_name(tokens)) is not None
    if answer:  # an interview answer: "Kuanyshbekova: No. I would go further …"
        explicit = Attribution(named, "colon")
    if explicit is None and lang == "en" and headline and agents and agents[0].first == 0:
        # "Tokayev Appoints Ten Senators Under Reduced Quota": a person opening a headline, then a verb in -s
        m = agents[0]
        nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        person = (m.get("kind") or "person") == "person" and "POSS" not in tokens[m.last].tags
        verb = nxt is not None and nxt.text.isalpha() and nxt.norm.endswith("s") and not nxt.norm.endswith("ss")
        if person and verb and nxt.pos not in ("ADP", "DET", "CCONJ", "SCONJ", "PRON"):
            explicit = Attribution(agent_of(m), "act")
    if explicit is None and lang == "en" and headline:  # "Government to expand …", "Tokayev to sign …"
        for m in agents:
            nxt = m.last + 1
            if nxt + 1 < len(tokens) and tokens[nxt].norm == "to" and "VERB" in tokens[nxt + 1].tags:
                explicit = Attribution(agent_of(m), "act")
                break
    # «Об этом заявил …», «Такое заявление сделал …», «С таким предложением выступил …», "This was said by …"
    about_this = bool(speech) and any(t.norm in _ABOUT_THIS for t in tokens[:3])
    # «Он напомнил: …», "He said that …", «По словам X, …» open reported speech that later
    # sentences of the paragraph continue; "…, X said." at the end of a sentence closes it.
    introduces = bool(according) or any(v <= len(tokens) // 2 for v in speech) or answer
    background = any(m.category == "function" and m.key == "background" and m.first <= 2 for m in mentions)
    source = explicit.agent if explicit is not None and explicit.how in ("speech", "according", "colon") else None
    if source is None and speech:  # "X signed the law, the Akorda press service reported": the readout is X's
        near = [
            (abs(v - m.first), m)
            for m in agents
            for v in speech
            if _can_be_subject(tokens, m, lang, speech) and not (lang == "en" and m.first - v > 3)
        ]
        source = agent_of(min(near, key=lambda x: (x[0], x[1].first))[1]) if near else None
    # the marker opens the sentence, perhaps after a conjunction («А также …», "And in particular …")
    reported = any(
        m.category == "function"
        and m.key == "reported"
        and (m.first == 0 or (m.first == 1 and (tokens[0].kind == "punct" or {"CONJ", "CCONJ"} & tokens[0].tags)))
        for m in mentions
    )
    return SentenceFacts(
        paragraph,
        explicit,
        pronoun,
        persons,
        _quote_marks(text),
        about_this and explicit is not None,
        introduces,
        text.lstrip()[:1] in "—–-" or _ANSWER_MARK.match(text) is not None,
        any(t.lemmas[0] in ("интервью", "interview") for t in tokens),
        _speech_author(tokens, mentions),
        _full_names(tokens) if lang == "en" else (),
        background,
        reported,
        source,
        _possessive_saying(tokens),
        dated_before,
        bool(speech),
        any(_subject_person(tokens, m, lang, speech) for m in agents),
        bool(positions(mentions, "function", {"chamber-members"})),
        bool(positions(mentions, "function", {"statement-says"})),
        _MARKER.match(text) is not None,
        text.lstrip()[:1] in _BULLETS,
        any(_acting(tokens, v, lang) for v in act),
    )


def _acting(tokens: Sequence[Token], v: int, lang: str) -> bool:
    """Whether an act verb is a predicate («парламент принял», "parliament passed"), not a participle before its noun
    ("another of the signed laws", «подписанный закон»)."""
    if lang == "ru":
        return tokens[v].pos in ("VERB", "PRTS")
    return not (v + 1 < len(tokens) and tokens[v + 1].pos == "NOUN")


def _signer(
    tokens: Sequence[Token], mentions: Sequence[Mention], agents: Sequence[Mention], lang: str, speech: Sequence[int]
) -> Agent | None:
    """Who signed the law the sentence reports: the subject of a signing verb, its "by X", or its instrumental agent
    («подписанный Президентом»); ``None`` when the sentence signs nothing."""
    signs = {m.first for m in mentions if m.category == "function" and m.key == "signing"}
    signs &= {m.first for m in mentions if m.category == "act"}
    # "proposed … adopting a separate law", "is expected to sign": a gerund or an infinitive signs nothing yet
    signs = {v for v in signs if not ({"ger", "INFN"} & tokens[v].tags or tokens[v].pos == "INFN")}
    signs = {v for v in signs if not (v > 0 and tokens[v - 1].norm == "to")}
    best: tuple[int, Mention] | None = None
    for v in signs:
        for m in agents:
            if lang == "en" and not (m.last < v or "by" in [t.norm for t in tokens[v + 1 : m.first]][:2]):
                continue
            if lang == "en" and m.last < v and not _can_be_subject(tokens, m, lang, speech):
                continue  # "the law on the human rights commissioner was signed": an object, not the signer
            if lang == "ru" and not (_can_be_subject(tokens, m, lang, speech) or "ablt" in tokens[m.first].tags):
                continue
            dist = v - m.last if v > m.last else m.first - v
            if dist <= 6 and (best is None or dist < best[0]):
                best = (dist, m)
    return agent_of(best[1]) if best else None


def _ends_at(tokens: Sequence[Token], last: int) -> bool:
    """Whether only closing punctuation, or a country after the title («Президент РК»), follows token ``last``."""
    rest = tokens[last + 1 :]
    return all(t.kind == "punct" or t.norm in ("рк", "казахстана", "kazakhstan") for t in rest)


class Resolver:
    """Attributes a document paragraph by paragraph (steps 4–7), carrying the last person named.

    ``confirmed`` is the speaker an article names for its headline («Об этом сказал президент»).
    """

    def __init__(
        self,
        confirmed: Agent | None = None,
        headline: int = 0,
        interviewee: Agent | None = None,
        author: Agent | None = None,
        article: Agent | None = None,
        passer: Agent | None = None,
        signer: Agent | None = None,
    ):
        self.confirmed = confirmed
        self.signer = signer  # the person whose signing of a law the lead reports: the law's provisions
        self.article = article  # whose statement the article reports: its «Отмечается, что…» sentences
        self.passer = passer  # the chamber whose bill the article reports: the bill's provisions
        self.author = author  # the speaker of a speech transcript: every sentence nobody else is given to
        self.headline = headline
        self.interviewee = interviewee  # who answers the «— …» paragraphs of an interview
        self.last_person: Agent | None = None
        self._named: list[Agent] = []  # people named so far, for pronouns of a given gender
        self._names: list[str] = []  # English full names seen so far, to complete a lone surname

    def _full_name(self, got: Attribution) -> Attribution:
        last = got.agent.name.lower()
        for p in reversed(self._named):
            if p.name.lower().split()[-1:] == [last]:
                return Attribution(p, got.how)
        for name in reversed(self._names):
            if name.lower().split()[-1] == last:
                return Attribution(_person(name), got.how)
        return got

    def _last(self, gender: str) -> Agent | None:
        if self.last_person is not None and (not gender or self.last_person.gender in (gender, None)):
            return self.last_person
        return next((p for p in reversed(self._named) if not gender or p.gender in (gender, None)), None)

    def paragraph(self, facts: Sequence[SentenceFacts], first: int) -> list[tuple[Attribution | None, Agent | None]]:
        """For each sentence of one paragraph: its attribution and the last person named before it."""
        out: list[tuple[Attribution | None, Agent | None]] = []
        depths = _quote_depths(facts)
        para_speaker: Agent | None = None
        if facts and facts[0].dash and self.interviewee is not None:
            para_speaker = self.interviewee
        for i, f in enumerate(facts):
            before = self.last_person
            self._names.extend(f.names)
            got = f.explicit
            if got is None and f.pronoun is not None and (who := self._last(f.pronoun)) is not None:
                got = Attribution(who, "pronoun")
            if got is None and (depths[i][0] > 0 or depths[i][1] > 0):
                closer = _quote_closer(facts, depths, i)
                if closer is not None and closer.explicit is not None:
                    got = Attribution(closer.explicit.agent, "quote")
                elif closer is not None and closer.statement:
                    if self.article is not None:
                        got = Attribution(self.article, "quote")
                elif closer is not None and (who := self._last(closer.pronoun or "")) is not None:
                    got = Attribution(who, "quote")
            if got is None and f.statement and self.article is not None and not f.background:
                got = Attribution(self.article, "article")
            if got is None and para_speaker is not None:
                got = Attribution(para_speaker, "paragraph")
            if got is None and first + i == self.headline and self.confirmed is not None:
                got = Attribution(self.confirmed, "headline")
            if got is None and self.author is not None:
                got = Attribution(self.author, "author")
            if (
                got is None
                and self.article is not None
                and f.reported
                and not f.possessive
                and not f.background
                and not f.dated_before
            ):
                got = Attribution(self.article, "article")
            # the items of a list under a lead that names the speaker ("Karin listed ten novelties: 1. …") are theirs
            item = f.bulleted or (i > 0 and facts[i - 1].marker)
            if got is None and item and self.article is not None and self.signer is None and not f.background:
                got = Attribution(self.article, "article")
            headline = first + i == self.headline  # a headline is claimed only by whom it names
            if (
                got is None
                and not headline
                and self.signer
                and not f.acts
                and depths[i] == (0, 0)
                # last: ``dated_before`` reads the sentence's dates, which most sentences never need
                and not (f.background or f.dated_before or f.subject_person or f.possessive or f.speaks)
            ):
                got = Attribution(self.signer, "signed")  # the signed law's provisions: only its topic reforms
            if (
                got is None
                and (not headline or f.members)  # "Lawmakers approve …": the chamber the lead names
                and self.passer is not None
                and not (f.background or f.dated_before or f.subject_person or f.possessive or f.speaks)
                and depths[i] == (0, 0)
            ):
                got = Attribution(self.passer, "bill")  # the chamber's bill: only its topic reforms (extract)
            if got is not None and " " not in got.agent.name and got.agent.kind == "person":
                got = self._full_name(got)  # "Sultanova said" after "Aigerim Sultanova, a deputy, …"
            if f.about_this and f.explicit is not None and i > 0 and out[i - 1][0] is None:
                # «…. Об этом заявил Токаев.»: the sentence the statement refers back to is the speaker's
                out[i - 1] = (Attribution(f.explicit.agent, "about"), out[i - 1][1])
            out.append((got, before))
            if (
                got is not None
                and got.how in ("according", "speech", "pronoun", "quote", "colon")
                and (f.introduces or got.how == "quote")
                and not (f.background and got.how != "quote")  # «Напомним, … Токаев заявил, что …»: an aside
            ):
                para_speaker = got.agent
            # The last named speaker: the sentence's own speaker if a person, else the last person named.
            self._named.extend(f.persons)
            if (
                got is not None
                and got.agent.kind == "person"
                and got.how not in ("paragraph", "author", "article", "bill", "signed")
            ):
                self.last_person = got.agent
                self._named.append(got.agent)
            elif f.persons:
                self.last_person = f.persons[-1]
        return out


_ABOUT_THIS = frozenset(["этом", "такое", "таким", "таком", "этим", "this", "these", "such"])
_LEAD = 4  # sentences after the headline in which the lead names the article's speaker


def article_speaker(facts: Sequence[SentenceFacts]) -> Agent | None:
    """Whose statement, briefing, post or readout the article reports. A sentence of it that retells the speaker
    without a speech verb («Отмечается, что…», «В частности, …», "In particular, …") is theirs.

    The speaker is the one the article confirms («Об этом сказал …»), the headline names with a colon or a dash
    («Токаев: …», «… — Президент РК»), or the first sentences of the lead name as speaker or source. A lead that
    reports an act ("the Senate approved …") names no speaker: what follows is the outlet's account. A headline's
    act ("Tokayev wants …") leaves it to the lead to say whose statement follows.
    """
    if (who := confirmed_speaker(facts)) is not None:
        return who
    for i, f in enumerate(facts[: 1 + _LEAD]):
        if f.background:
            break
        if f.source is not None:
            return f.source
        if f.explicit is not None and not (i == 0 and f.explicit.how == "act"):
            return None
    return None


_CHAMBERS = frozenset(["mazhilis", "senate", "parliament"])


def bill_passer(facts: Sequence[SentenceFacts]) -> Agent | None:
    """The chamber whose passing of a bill the article reports ("The Senate approved …", «Мажилис одобрил …» in the
    headline or lead): the bill's provisions that follow, told without a speaker, are that chamber's claims."""
    for f in facts[: 1 + _LEAD]:
        if f.background:
            break
        if f.explicit is not None and f.explicit.how == "act" and f.explicit.agent.key in _CHAMBERS:
            return f.explicit.agent
    return None


def confirmed_speaker(facts: Iterable[SentenceFacts]) -> Agent | None:
    """The speaker of «Об этом сказал …» / "This was announced by …", if the article has one."""
    return next((f.explicit.agent for f in facts if f.about_this and f.explicit), None)


def interviewee(facts: Sequence[SentenceFacts]) -> Agent | None:
    """Who an interview is with: the person of a «Карин: …» headline or of the «в интервью» lead.

    Only paragraphs that open with a dash (the answers) are given to this person.
    """
    if not any(f.interview for f in facts):
        return None
    for f in facts:
        if f.explicit is not None and f.explicit.how == "colon" and f.explicit.agent.kind == "person":
            return f.explicit.agent
    return next((f.persons[0] for f in facts if f.interview and f.persons), None)


def _quote_closer(facts: Sequence[SentenceFacts], depths: Sequence[tuple[int, int]], i: int) -> SentenceFacts | None:
    """The sentence of the same paragraph that closes the quotation around sentence ``i`` and names
    its speaker, by name or by pronoun («…», — отметил он)."""
    for j in range(i, len(facts)):
        f = facts[j]
        if f.paragraph != facts[i].paragraph:
            return None
        if (
            (f.explicit is not None and f.explicit.how in ("speech", "act", "according"))
            or f.pronoun is not None
            or f.statement
        ):
            return f
        if depths[j][1] == 0:
            # «…», on one line and «– сказал он.» on the next: the attribution is a sentence of its own
            after = facts[j + 1] if j + 1 < len(facts) else None
            if after is None or after.paragraph != f.paragraph or not after.dash:
                return None
            if (
                (after.explicit is not None and after.explicit.how == "speech")
                or after.pronoun is not None
                or after.statement
            ):
                return after
            return None
    return None
