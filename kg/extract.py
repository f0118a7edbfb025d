"""Rules → claim records: run a grammar over a document's sentences.

For each sentence: gazetteer hits, then the filters (a blocked sentence gives no
claim), then every reform rule of the sentence's language. A rule that fires
yields one claim per reform; its slots are read by shared slot readers (count,
year, level, office, status) configured per reform in the rule file, and the
claimant comes from :mod:`kg.attribution`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from kg.attribution import (
    Attribution,
    Resolver,
    SentenceFacts,
    agent_of,
    article_speaker,
    bill_passer,
    confirmed_speaker,
    interviewee,
    sentence_facts,
)
from kg.dates import find_times
from kg.focus import Focus
from kg.model import Agent, Claim, Document, NumberMention, Sentence, TimeMention, Token
from kg.numbers import find_numbers
from kg.patterns import Context, Match, Mention, Progress, positions
from kg.rules import CompiledRule, Grammar, Slots, sentence_keys
from kg.tokens import Morphology, split
from kg.vocab import LEVEL_CODES

_CONTEXT = 32  # characters of evidence context kept with a claim (oa:prefix, oa:suffix)
_SLOT_REACH = 40  # tokens around a rule's hit in which its slots are read
_YEAR_REACH = 8  # a time this close to a rule's hit belongs to that reform
_SOURCE_PREPOSITIONS = frozenset({"от", "из", "с", "со", "from"})
# Tokens the status reader skips: participles and gerunds describe, they don't assert.
_FINITE = frozenset({"VERB", "PRTS"})
# Kinds of change that undo and that make (``gazetteers/change.yaml``): one may tell the other's history.
_UNDO = frozenset({"abolish"})
_MAKE = frozenset({"create", "switch", "reduce", "increase"})
_NOUN_CATEGORIES = frozenset(["level", "office", "place", "agent"])
_SUBORDINATORS = frozenset(
    ["after", "before", "since", "because", "although", "though", "while", "when", "as", "until"]
)


@dataclass(frozen=True)
class Hit:
    """Where a rule matched: each named element's tokens, and the whole span."""

    rule: CompiledRule
    parts: tuple[tuple[str, Match], ...]
    first: int
    last: int


@dataclass(frozen=True)
class Trace:
    """How far a rule got on a sentence, for ``kg explain``."""

    rule: CompiledRule
    fired: bool
    elements: tuple[tuple[str, Match | Progress], ...]
    blocked_by: str | None = None  # an ``unless`` element that matched
    window_failed: bool = False


@dataclass
class Analysis:
    """One sentence with everything rules and slot readers look at."""

    sentence: Sentence
    mentions: list[Mention]
    ctx: Context
    day: str | None = None  # the article's date, for relative times
    blocked: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    words: dict[str, frozenset[int]] = field(default_factory=dict)  # function-word list → token positions
    keys: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))  # ``rules.sentence_keys``

    @cached_property
    def numbers(self) -> list[NumberMention]:
        """Numbers, read when a slot reader asks (most sentences fire no rule)."""
        return find_numbers(self.sentence.tokens, self.sentence.lang)

    @cached_property
    def times(self) -> list[TimeMention]:
        """Dates and years, read when a slot reader asks."""
        tokens, ref = self.sentence.tokens, parse_date(self.day)
        return past_times(find_times(tokens, self.sentence.lang, ref), tokens, ref)

    def has(self, lexicon: str, i: int) -> bool:
        """Whether token ``i`` is in a list of ``gazetteers/function-words.yaml`` (``old-value``, ``first`` …)."""
        return i in self.words.get(lexicon, ())

    def has_any(self, lexicon: str) -> bool:
        """Whether any token of the sentence is in that list."""
        return bool(self.words.get(lexicon))

    @cached_property
    def speech(self) -> frozenset[int]:
        """Positions of speech verbs; the status and year readers ask for every reform of the sentence."""
        return positions(self.mentions, "speech")

    @cached_property
    def change_kinds(self) -> dict[int, frozenset[str]]:
        """The kinds of change (``create``, ``abolish`` …) named at each token position."""
        kinds: dict[int, set[str]] = {}
        for m in self.mentions:
            if m.category == "change":
                for i in range(m.first, m.last + 1):
                    kinds.setdefault(i, set()).add(m.key)
        return {i: frozenset(k) for i, k in kinds.items()}


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_NO_ENTS: frozenset[str] = frozenset()


def analyze(sentence: Sentence, grammar: Grammar, day: str | None) -> Analysis:
    """Gazetteer hits, numbers, times, filters and rule hits of one sentence."""
    tokens = sentence.tokens
    mentions = grammar.gazetteer.annotate(tokens, day)
    # «председатель Сената» names a person: the Senate inside the title is not the body a rule asks for.
    titled = {
        i
        for m in mentions
        if m.category == "agent" and m.get("kind") == "person"
        for i in range(m.first + 1, m.last + 1)
    }
    mentions = [m for m in mentions if not (m.category == "office" and m.first in titled)]
    ents: list[frozenset[str]] = [_NO_ENTS] * len(tokens)
    for m in mentions:
        for i in range(m.first, m.last + 1):
            ents[i] = ents[i].union((m.category, m.ref))
    ctx = Context(tokens, tuple(ents))
    a = Analysis(sentence, mentions, ctx, day)
    a.words = function_words(mentions)
    a.keys = sentence_keys(ctx)  # rules that cannot fire on these words and hits are not tried
    a.blocked = [f.id for f in grammar.index("filters").candidates(sentence.lang, *a.keys) if run_rule(f, ctx)]
    if not a.blocked:
        a.hits = [h for r in grammar.index("rules").candidates(sentence.lang, *a.keys) if (h := run_rule(r, ctx))]
    return a


# Past forms that schedule rather than tell of the past ("was scheduled for June 5").
_SCHEDULING = frozenset(
    {"scheduled", "planned", "expected", "set", "slated", "due", "назначен", "назначена", "назначено"}
)


def past_times(times: list[TimeMention], tokens: Sequence[Token], ref: dt.date | None) -> list[TimeMention]:
    """A month without a year takes the article's year, unless the sentence tells of the past and the
    month would then fall after the article: "In November, Tokayev said …" in February is last November."""
    if ref is None or not any(t.relative and t.month for t in times):
        return times
    past = any("past" in t.tags and t.pos == "VERB" for t in tokens)
    if any(t.norm in _SCHEDULING for t in tokens):
        return times
    future = any("futr" in t.tags or t.norm in ("will", "would", "shall") for t in tokens)
    if not past or future:
        return times
    return [
        _year_before(t) if t.relative and t.month and t.year == ref.year and t.iso > ref.isoformat() else t
        for t in times
    ]


def _year_before(t: TimeMention) -> TimeMention:
    earlier = parse_date(f"{t.year - 1}{t.date[4:]}") if t.date else None
    return replace(t, year=t.year - 1, date=earlier.isoformat() if earlier else None)


def function_words(mentions: Sequence[Mention]) -> dict[str, frozenset[int]]:
    """Token positions of each list of the ``function`` lexicon, so the readers' word lists stay in YAML."""
    out: dict[str, set[int]] = {}
    for m in mentions:
        if m.category == "function":
            out.setdefault(m.key, set()).update(range(m.first, m.last + 1))
    return {k: frozenset(v) for k, v in out.items()}


_CONTINUING = frozenset(["hold", "enact", "create", "switch", "reduce", "increase", "abolish"])


def anaphoric_hit(a: Analysis, earlier: Sequence[Claim], grammar: Grammar, signed: Collection[str] = ()) -> Hit | None:
    """A sentence that points back at the one reform of the sentence before and says it is held, enacted or
    applied continues that claim: "Such elections will take place as early as next year.", «Эта норма будет
    применена уже на ближайших выборах», «В середине декабря документ поддержал и Сенат».

    The pointer is a demonstrative before a noun that is no time («этот год», "this year"), or a bare anaphoric
    noun («документ»); the verb is a change, an act or an applying verb (``function-words``). An English "the bill"
    with an act or a bill-stage verb ("The bill now goes to the President") continues a bill the article has not
    reported signed (``signed``). "The changes", "the vote" opening a sentence continue it when they are held,
    applied or move on as a bill ("The vote was held on June 5", "The changes still need a second vote to take
    effect"); «после реформы», "once the changes are in place" point back with any verb.
    """
    reforms = {c.reform for c in earlier}
    if a.hits or a.blocked or len(reforms) != 1:
        return None
    toks = a.sentence.tokens
    acts = any(m.category == "act" for m in a.mentions) or a.has_any("bill-stage")
    verbs = acts or any(m.category == "change" and m.key in _CONTINUING for m in a.mentions)
    verbs = verbs or a.has_any("applying")
    rule = grammar.rule(earlier[0].rule)
    ref = next((m for m in a.mentions if m.category == "function" and m.key == "reform-ref"), None)
    if ref is not None and rule is not None and any(t.pos in _FINITE or str(t.pos) == "AUX" for t in toks):
        return Hit(rule, (("anaphor", Match(ref.first, ref.last)),), ref.first, ref.last)
    # "The changes … still need a second vote and the president's signature to take effect": a bill moving on
    signing = a.has_any("signing")
    if not verbs and not (signing and a.has("reform-noun", 0)):
        return None
    moves = acts or signing or a.has_any("applying")
    moves = moves or any(m.category == "change" and m.key == "hold" for m in a.mentions)
    pending = acts and earlier[0].reform not in signed

    def untimed(j: int) -> bool:  # dates are read only for a sentence with a demonstrative («этот год»)
        return not any(t.first <= j <= t.last for t in a.times)

    for i in range(len(toks)):
        span = None
        if a.has("anaphor", i) and i + 1 < len(toks) and untimed(i + 1) and _noun(toks[i + 1]):
            span = (i, i + 1)
        elif a.has("anaphor-noun", i) or (pending and a.has("bill-noun", i)):
            span = (i, i)
        elif i == 0 and moves and a.has("reform-noun", i):  # "The vote was held …" opens the sentence
            span = (i, i + 1)
        if span is not None and i > 0 and toks[i - 1].norm in ("все", "всех", "all", "both", "оба", "обе"):
            return None  # «все эти законопроекты», "all these bills": more than the one reform before
        if span is not None and rule is not None:
            return Hit(rule, (("anaphor", Match(*span)),), *span)
    return None


def law_act_hit(a: Analysis, focus: Focus, grammar: Grammar, year: int | None) -> Hit | None:
    """A sentence that tells a law enacted, named by its kind and not its content («Закон «О внесении изменений в
    Конституцию» подписан», "Both houses passed the law On Amendments to the Constitution", "the chambers passed
    constitutional amendments in two readings"), in an article with one topic reform, tells that reform's law.

    Not a second law («Также подписан закон …», "also signed the Law …"), nor a law of an earlier year (history).
    """
    if a.hits or a.blocked or len(focus.topics) != 1:
        return None
    toks = a.sentence.tokens
    acts = [m for m in a.mentions if m.category == "act" and m.key == "act"]
    enact = {i for m in a.mentions if m.category == "change" and m.key == "enact" for i in range(m.first, m.last + 1)}
    verbs = [m.first for m in acts if m.first in enact and not (m.first > 0 and toks[m.first - 1].norm == "to")]
    verbs = [v for v in verbs if "INFN" not in toks[v].tags and toks[v].pos != "INFN" and "ger" not in toks[v].tags]
    laws = [i for i in range(len(toks)) if a.has("law-noun", i)]
    if not verbs or not laws or a.has_any("another-law"):
        return None
    if year is not None and any(t.year < year and not t.relative for t in a.times):
        return None
    reform = focus.topics[0]
    rule = grammar.rule(focus.lead_rule.get(reform, ""))
    if rule is None:
        return None
    i = min(laws, key=lambda j: min(abs(j - v) for v in verbs))
    return Hit(rule, (("law", Match(i, i)),), i, i)


def focus_hits(a: Analysis, reforms: Sequence[str], grammar: Grammar) -> list[Hit]:
    """Hits of the focus rules of the reforms in focus (:mod:`kg.focus`), for a sentence no other rule read."""
    if a.hits or a.blocked or not reforms:
        return []
    if a.has_any("opinion"):
        return []  # «В министерстве ожидают, что …», «Эксперты, впрочем, отмечают …»: an opinion, not a provision
    candidates = grammar.index("focus").candidates(a.sentence.lang, *a.keys)
    return [h for r in candidates if r.reform in reforms and (h := run_rule(r, a.ctx))]


def _noun(t: Token) -> bool:
    """A noun by its likeliest parse (Russian) or its only reading (English "elections", not "will")."""
    return t.kind == "word" and t.pos == "NOUN" and not {"AUX", "VERB"} & t.tags


def _within(parts: Sequence[tuple[str, list[Match]]], window: int) -> tuple[tuple[str, Match], ...] | None:
    """One match per element, all inside ``window`` tokens; the tightest such choice."""
    best: tuple[int, tuple[tuple[str, Match], ...]] | None = None
    anchor_name, anchors = parts[0]
    starts = [[m.first for m in matches] for _, matches in parts[1:]]  # sorted: matches come in order

    def nearest(matches: list[Match], firsts: list[int], at: int) -> Match:
        k = bisect.bisect_left(firsts, at)
        around = matches[max(0, k - 1) : k + 1]
        return min(around, key=lambda m: abs(m.first - at))

    for anchor in anchors:
        chosen = [(anchor_name, anchor)]
        for (name, matches), firsts in zip(parts[1:], starts, strict=True):
            chosen.append((name, nearest(matches, firsts, anchor.first)))
        first = min(m.first for _, m in chosen)
        last = max(m.last for _, m in chosen)
        if last - first < window and (best is None or last - first < best[0]):
            best = (last - first, tuple(chosen))
    return best[1] if best else None


def run_rule(rule: CompiledRule, ctx: Context) -> Hit | None:
    """The rule's hit on a sentence, or ``None``."""
    trace = trace_rule(rule, ctx, stop_early=True)
    if not trace.fired:
        return None
    parts = tuple((n, m) for n, m in trace.elements if isinstance(m, Match))
    return Hit(rule, parts, min(m.first for _, m in parts), max(m.last for _, m in parts))


def trace_rule(rule: CompiledRule, ctx: Context, *, stop_early: bool = False) -> Trace:
    """Run a rule element by element, recording where it stopped."""
    found: list[tuple[str, list[Match]]] = []
    elements: list[tuple[str, Match | Progress]] = []
    missing = False
    for name, pattern in rule.match:
        matches = pattern.finditer(ctx)
        if matches:
            found.append((name, matches))
            elements.append((name, matches[0]))
        else:
            if stop_early:  # matching, not explaining: no need to know how far it got
                return Trace(rule, False, tuple(elements))
            missing = True
            elements.append((name, pattern.progress(ctx)))
    if missing:
        return Trace(rule, False, tuple(elements))
    chosen = _within(found, rule.window)
    if chosen is None:
        return Trace(rule, False, tuple(elements), window_failed=True)
    for name, pattern in rule.unless:
        if pattern.finditer(ctx):
            return Trace(rule, False, chosen, blocked_by=name)
    return Trace(rule, True, chosen)


# --- slots -------------------------------------------------------------------


def _distance(first: int, last: int, hit: Hit) -> int:
    if last < hit.first:
        return hit.first - last
    if first > hit.last:
        return first - hit.last
    return 0


def read_level(a: Analysis, hit: Hit, slots: Slots) -> str | None:
    if hit.rule.level:
        return hit.rule.level
    if not slots.level:
        return None
    levels = [
        m
        for m in a.mentions
        if (m.category == "level" and m.key in LEVEL_CODES) or (m.category == "place" and m.get("level"))
    ]
    if not levels:
        return None
    # Slots come from around the words that fired the rule; this also bounds the work on huge sentences.
    levels = [m for m in levels if _distance(m.first, m.last, hit) <= _SLOT_REACH]
    offices = [m for m in a.mentions if m.category == "office" and _distance(m.first, m.last, hit) <= _SLOT_REACH]
    if not levels:
        return None
    toks = a.sentence.tokens

    def near_office(m: Mention) -> int:
        return min((min(abs(m.first - o.last), abs(o.first - m.last)) for o in offices), default=99)

    if slots.level == "near-office":
        # A reform about a body (maslikhats) takes only a level that qualifies that body.
        levels = [m for m in levels if near_office(m) <= 3]
        if not levels:
            return None

    def rank(m: Mention) -> tuple[bool, int, int]:
        # The level that qualifies the office («районных акимов») beats one named as a source («от областей»).
        source = m.first > 0 and toks[m.first - 1].norm in _SOURCE_PREPOSITIONS
        near = near_office(m) if offices else _distance(m.first, m.last, hit)
        return source, near, m.first

    best = min(levels, key=rank)
    code = best.key if best.category == "level" else best.get("level")
    if code == "city-regional" and any(m.key == "district" and 0 < best.first - m.last <= 5 for m in levels):
        return "district"  # «районов и городов областного значения» together are the district level
    return code


def read_office(a: Analysis, hit: Hit, slots: Slots) -> str | None:
    if hit.rule.office:
        return hit.rule.office
    if slots.office_from_text:
        offices = [m for m in a.mentions if m.category == "office" and m.key in slots.office_from_text]
        if offices:
            return min(offices, key=lambda m: (_distance(m.first, m.last, hit), m.first)).key
    return slots.office


def _in_time(n: NumberMention, times: Sequence[TimeMention]) -> bool:
    return any(t.first <= n.first <= t.last or t.first <= n.last <= t.last for t in times)


@dataclass(frozen=True)
class Count:
    """The count a sentence gives: its value, the old value of a change, and the number it was read from."""

    value: int
    number: NumberMention
    from_value: int | None = None


def read_count(a: Analysis, hit: Hit, slots: Slots, morph: Morphology) -> Count | None:
    """The reform's count: see the guide's table; "from X to Y" gives Y, parts are summed."""
    cfg = slots.count
    if cfg is None:
        return None
    nums = [n for n in a.numbers if not _in_time(n, a.times) and n.percent == cfg.percent]
    if cfg.units and not cfg.percent:
        units = {lemma for u in cfg.units for lemma in (u, *morph.lemmas(u))}
        counted = [
            n
            for n in nums
            if n.unit in units
            or (cfg.bare and n.unit is None and (n.from_value is not None or _target(a, n)))
            or (n.unit is None and _share_of(a, n, units))
        ]
        # A bare number ("drop to five thousand") counts when no number names a unit of the reform.
        nums = counted or ([n for n in nums if n.unit is None] if cfg.bare else [])
    nums = [
        n
        for n in nums
        if n.value >= 0
        and float(n.value).is_integer()
        and not any(a.has("old-value", i) for i in range(max(0, n.first - 3), n.first))
        and not _duration(a, n)
        and not _whole(a, n)
        and not _avoided(a, n, cfg.avoid, morph)
    ]
    if not nums:
        return None
    changes = [n for n in nums if n.from_value is not None]
    if changes:
        nums = changes
    elif ratio := [n for n in nums if n.ratio]:
        return _count(ratio[-1])  # "70 на 30": the share is the second side (single-mandate seats)
    elif targets := [n for n in nums if _target(a, n)]:
        nums = targets  # "the 5 percent threshold should be lowered further, to 3 percent"
    if cfg.near:
        near = {lemma for u in cfg.near for lemma in (u, *morph.lemmas(u))}
        anchors = [i for i, t in enumerate(a.sentence.tokens) if near & set(t.lemmas)]
        if anchors:
            if cfg.unlike and len(nums) > 1:
                nums = _not_unlike(a, nums, anchors, cfg.unlike, morph)
            return _count(min(nums, key=lambda n: min(abs(n.last - i) for i in anchors)))
    if len(nums) > 1 and not changes:
        total = sum(int(n.value) for n in nums)
        for n in nums:
            if int(n.value) * 2 == total:  # a total given with its parts: "45 — 42 districts and 3 cities"
                return _count(n)
        if _coordinated(a, nums):
            return Count(total, nums[0])
    return _count(nums[-1] if cfg.pick == "last" else nums[0])


def _not_unlike(
    a: Analysis, nums: list[NumberMention], anchors: list[int], unlike: Sequence[str], morph: Morphology
) -> list[NumberMention]:
    """The numbers not nearer an ``unlike`` word than a ``near`` one: in "30% in single-member districts and the
    remaining 70% from party lists" the 70 is the party-list share; all of them if none is left."""
    words = {lemma for u in unlike for lemma in (u, *morph.lemmas(u))}
    others = [i for i, t in enumerate(a.sentence.tokens) if words & set(t.lemmas)]
    if not others:
        return nums

    def gap(n: NumberMention, at: list[int]) -> int:
        return min(min(abs(n.first - i), abs(n.last - i)) for i in at)

    kept = [n for n in nums if gap(n, anchors) <= gap(n, others)]
    return kept or nums


def _count(n: NumberMention) -> Count:
    old = n.from_value
    return Count(int(n.value), n, int(old) if old is not None and float(old).is_integer() and old >= 0 else None)


_MEASURE_REACH = 6  # tokens around a number in which a measure's ``near`` words count


def read_measure(a: Analysis, count: Count, slots: Slots, morph: Morphology) -> str | None:
    """What the count counts: the first of the reform's measure choices whose unit or nearby word fits the
    number, else its parts' («сорока пяти единицах — 42 районах и трёх городах» counts districts)."""
    cfg = slots.count
    if cfg is None:
        return None
    toks = a.sentence.tokens
    others = [n for n in a.numbers if n is not count.number and not _in_time(n, a.times)]
    for n in (count.number, *others):
        around = {
            lemma for t in toks[max(0, n.first - _MEASURE_REACH) : n.last + _MEASURE_REACH + 1] for lemma in t.lemmas
        }
        for choice in cfg.measures:
            units = {lemma for u in choice.units for lemma in (u, *morph.lemmas(u))}
            near = {lemma for u in choice.near for lemma in (u, *morph.lemmas(u))}
            if (units and n.unit in units) or (near and near & around):
                return choice.measure
    return cfg.measure


def read_subject(a: Analysis, hit: Hit, grammar: Grammar) -> str | None:
    """What changes, for codes whose reforms differ by subject: the first of the reform file's choices found in
    the sentence (specific words: «квота АНК»), else the rule's own subject."""
    for choice in grammar.subjects.get(hit.rule.reform or "", ()):
        if any(pattern.finditer(a.ctx) for pattern in choice.when):
            return choice.subject
    return hit.rule.subject


def _avoided(a: Analysis, n: NumberMention, avoid: Sequence[str], morph: Morphology) -> bool:
    """Whether a number stands within three tokens of a word that makes it another quantity (``count.avoid``):
    "a 5% barrier" in a sentence about the share of single-mandate seats."""
    if not avoid:
        return False
    words = {lemma for w in avoid for lemma in (w, *morph.lemmas(w))}
    toks = a.sentence.tokens
    near = toks[max(0, n.first - 3) : n.last + 4]
    return any(words & set(t.lemmas) for t in near)


def _duration(a: Analysis, n: NumberMention) -> bool:
    """Whether a number of years is a span of time ("in less than three years", «за три года»), not a count."""
    toks = a.sentence.tokens
    years = n.last + 1 < len(toks) and {"год", "лет", "year"} & set(toks[n.last + 1].lemmas)
    return bool(years) and any(a.has("duration", i) for i in range(max(0, n.first - 2), n.first))


def _whole(a: Analysis, n: NumberMention) -> bool:
    """Whether a number is the whole a share is taken from: the 50 of "ten of the 50 senators", the 98 of «29 из 98
    депутатов», the 2,346 of "Of the country's 2,346 rural akims, 775 …"; the share is the count."""
    toks = a.sentence.tokens
    j = n.first - 1
    while j >= 0 and n.first - j <= 3 and (toks[j].norm == "the" or "POSS" in toks[j].tags):
        j -= 1  # "of the country's 2,346 akims"
    if j < 0 or toks[j].norm not in ("of", "из"):
        return False
    if j == 0:  # "Of the country's 2,346 rural akims, 775 will be elected", «Из 98 депутатов 29 …»: a share follows
        return any(m.first > n.last for m in a.numbers)
    return any(m.last == j - 1 for m in a.numbers)


def _share_of(a: Analysis, n: NumberMention, units: Collection[str]) -> bool:
    """Whether a bare number is a share of a counted whole ("ten of the 50 senators", «29 из 98 депутатов», "Of the
    country's 2,346 rural akims, 775 …")."""
    toks = a.sentence.tokens
    if (
        toks
        and toks[0].norm in ("of", "из")
        and any(m.last < n.first and m.unit in units and _whole(a, m) for m in a.numbers)
    ):
        return True  # "Of the country's 2,346 rural akims, 775 …"
    j = n.last + 1
    if j >= len(toks) or toks[j].norm not in ("of", "из"):
        return False
    j += 1 + (j + 1 < len(toks) and toks[j + 1].norm == "the")
    return any(m.first == j and m.unit in units for m in a.numbers)


def _target(a: Analysis, n: NumberMention) -> bool:
    """Whether a number is the value something is changed to: "cut to 5,000", «снизить до 20 тысяч»."""
    toks = a.sentence.tokens
    j = n.first - 1  # "up to ten", «вплоть до» is a limit, not a new value
    return j >= 0 and toks[j].norm in ("to", "до") and not (j > 0 and toks[j - 1].norm in ("up", "вплоть"))


def _coordinated(a: Analysis, nums: Sequence[NumberMention]) -> bool:
    """Whether the numbers are parts of one list: "42 районах и трёх городах"."""
    toks = a.sentence.tokens
    for x, y in itertools.pairwise(nums):
        between = {t.norm for t in toks[x.last + 1 : y.first]}
        if not between & {"и", "and", ","} or y.first - x.last > 4:
            return False
    return True


def read_year(a: Analysis, hit: Hit) -> TimeMention | None:
    """The latest year named near the reform: an effect year outranks the proposal's.

    Left out: "the first referendum since 1995" (a reference point), a past relative clause
    ("the court, which was abolished in 1995") and a background participle («суд, упразднённый
    в 1995 году», "the court, abolished in 1995"): both tell the antecedent's history. When a
    sentence names two reforms, the times near this reform's words are preferred.
    """
    toks = a.sentence.tokens
    fired = _fired(hit)
    reform_kinds = {k for i in fired for k in a.change_kinds.get(i, ())}
    periods = _periods(a)
    times = [
        t
        for t in a.times
        if not (t.since and any(a.has("first", i) for i in range(max(0, t.first - 6), t.first)))
        and not (_past_relative_clause(toks, t.first) and not _clause_acts(a, t.first, fired))
        and not _background_participle(a, t.first, fired | a.speech, reform_kinds)
        and t.first not in periods
    ]
    if not times:
        return None
    # "said on Thursday that … will be held in 2023": the day of saying gives way to a later year, however near
    said = [t for t in times if _dates_saying(toks, t, _saying_anchors(a, speech_only=True))]
    own = [t for t in times if t not in said or not any(o.year > t.year for o in times if o not in said)]
    near = [t for t in own if _distance(t.first, t.last, hit) <= _YEAR_REACH]
    return max(near or own, key=lambda t: (t.year, t.since, t.first))


_DOCUMENTS = frozenset(
    ["концепция", "программа", "стратегия", "план", "concept", "programme", "program", "strategy", "plan", "roadmap"]
)


def _periods(a: Analysis) -> set[int]:
    """First tokens of times that name a period an object covers, not when the reform happens: a document's horizon
    ("the Concept … until 2025", «Концепция … до 2025 года») and budget years («бюджеты на 2018–2020 годы»)."""
    toks = a.sentence.tokens
    out: set[int] = set()
    for k, t in enumerate(a.times):
        head = toks[t.first].norm
        before = toks[t.first - 1] if t.first > 0 else None  # "… Self-Governance until 2025": a title's noun
        attributive = before is not None and (before.pos == "NOUN" or before.text[:1].isupper())
        if (
            head in ("until", "till", "до")
            and attributive
            and any(_DOCUMENTS & set(u.lemmas) for u in toks[max(0, t.first - 8) : t.first])
        ):
            out.add(t.first)
        after = toks[t.last + 1].norm if t.last + 1 < len(toks) else ""
        if head in ("на", "for") and after in ("-", "–", "—") and k + 1 < len(a.times):
            out |= {t.first, a.times[k + 1].first}
    return out


_SAYING_REACH = 6  # tokens between a time and the verb or noun of saying it dates
_COMPLEMENTIZERS = frozenset({"что", "чтобы", "that", "which", "который"})
_SAYING_FORMS = frozenset({"VERB", "AUX"})  # finite forms (pymorphy3's VERB; an English past form)
_VERBS = frozenset({"VERB", "INFN", "AUX"})


def read_claim_date(a: Analysis, doc_date: str | None) -> tuple[str | None, TimeMention | None]:
    """When the claim was made, and the time expression that says so (None: the article's date).

    A time dates the claim when it stands by a past verb of saying, proposing or enacting, or by a
    noun of an address or a session ("In November, Tokayev said …", «предложил в феврале 2021 года»,
    "in his Address … on September 1", «5 ноября Глава государства подписал»). A month after the
    article's date is last year's; any other date after it is no date of saying, and the article's
    date stands.
    """
    anchors = _saying_anchors(a)
    ref = doc_date[:10] if doc_date else None
    for t in a.times:
        if t.relative and not t.month and not t.date:
            continue  # "this year", "on Wednesday": no finer than the article's own date
        if ref is not None and t.iso > ref and t.relative:
            t = _year_before(t)  # said in November, reported in February
        if t.since or (ref is not None and t.iso > ref):
            continue
        if _dates_saying(a.sentence.tokens, t, anchors):
            return t.iso, t
    return ref, None


def _saying_anchors(a: Analysis, speech_only: bool = False) -> list[int]:
    """Saying (and unless ``speech_only``, proposing and enacting) verbs told in the past as the sentence's own
    verb, and nouns of an address or a session: a participle («суд, упразднённый в 1995 году») tells a noun's
    history instead."""
    toks = a.sentence.tokens
    verbs = a.speech if speech_only else a.speech | positions(a.mentions, "change", {"propose", "enact"})
    return sorted(
        {i for i in verbs if "past" in toks[i].tags and toks[i].pos in _SAYING_FORMS}
        | {i for i in range(len(toks)) if a.has("saying-event", i)}
    )


def _dates_saying(toks: Sequence[Token], t: TimeMention, anchors: Sequence[int]) -> bool:
    """Whether time ``t`` stands by one of the anchors in the anchor's own clause."""
    for i in anchors:
        gap = range(t.last + 1, i) if i > t.last else range(i + 1, t.first)
        if len(gap) > _SAYING_REACH or any(_ends_saying(toks[j]) for j in gap):
            continue
        if i > t.last and _clause_has_verb(toks, t.first):
            continue  # "… elected their akims on November 5, the CEC said": the time is the election's
        return True
    return False


def _clause_has_verb(toks: Sequence[Token], p: int) -> bool:
    """Whether a verb stands between the start of token ``p``'s clause and ``p``."""
    for j in range(p - 1, -1, -1):
        if toks[j].kind == "punct":
            return False
        if toks[j].pos in _VERBS:
            return True
    return False


def _ends_saying(t: Token) -> bool:
    """A token between a verb of saying and a time that makes the time another clause's: a verb, a
    complementizer («что», "that") or punctuation other than a comma."""
    if t.kind == "punct":
        return t.norm != ","
    return t.norm in _COMPLEMENTIZERS or t.pos in _VERBS


def _clause_acts(a: Analysis, p: int, fired: set[int]) -> bool:
    """Whether the clause before token ``p`` proposes or enacts ("which Tokayev put forward in March") or holds
    the reform's own words ("the court, which resumed work in January"): its time is the claim's."""
    start = p
    while start > 0 and a.sentence.tokens[start - 1].kind != "punct":
        start -= 1
    # "which was abolished in 1995": a change told as the antecedent's history
    history = positions(a.mentions, "change", _UNDO | _MAKE)
    acts = positions(a.mentions, "act") | positions(a.mentions, "change", {"propose"})
    return any(i in fired or (i in acts and i not in history) for i in range(start, p))


def _past_relative_clause(toks: Sequence[Token], p: int) -> bool:
    """Whether token ``p`` sits in a relative clause told in the past («который был упразднён в 1995 году»)."""
    start = p
    while start > 0 and toks[start - 1].kind != "punct":
        start -= 1
    clause = toks[start:p]
    # "He said that this year …": a "that" after a verb opens reported content, not a relative clause.
    relative = any(
        "который" in t.lemmas
        or t.norm in ("which", "who")
        or (t.norm == "that" and not (k > 0 and "VERB" in clause[k - 1].tags) and not (start == 0 and k == 0))
        for k, t in enumerate(clause[:3])
    )
    past = any(("past" in t.tags and t.pos in ("VERB", "PRTS")) or t.norm in ("was", "were") for t in clause)
    future = any("futr" in t.tags or t.norm in ("will", "would") for t in clause)
    return relative and past and not future


def _background_participle(a: Analysis, p: int, skip: frozenset[int], reform_kinds: set[str]) -> bool:
    """Whether the time at token ``p`` hangs on a past participle telling a noun's history.

    «восстановить суд, упразднённый в 1995 году», "restoring the court, abolished in 1995": the
    participle undoes what the reform makes (or the reverse), or is no change at all («пришедший к
    власти»). A participle of the reform itself keeps its time («закон, принятый в 2020 году», "the
    mixed system introduced last year"). An English -ed form is a participle only right before
    its time, not after an auxiliary ("was abolished in 2021") or a pronoun ("he signed in May"),
    and, without a comma before it, only when it is a change opposed to the reform.
    """
    toks = a.sentence.tokens
    for j in range(p - 1, max(-1, p - 4), -1):
        t = toks[j]
        if t.kind == "punct" or j in skip:
            return False
        kinds = a.change_kinds.get(j, frozenset())
        if kinds and not _opposed(kinds, reform_kinds):
            return False  # the reform's own act, or one of its kind
        if t.pos == "PRTF" and "past" in t.tags:
            return True
        if "past" in t.tags and t.text.isascii() and not a.has("finite-auxiliary", j):
            if j == 0 or not all(a.has("time-preposition", i) for i in range(j + 1, p)):
                return False
            if a.has("finite-auxiliary", j - 1) or a.has("subject-pronoun", j - 1):
                return False
            return toks[j - 1].norm == "," or bool(kinds)  # no comma: only a change opposed to the reform
    return False


def _opposed(kinds: frozenset[str], reform_kinds: set[str]) -> bool:
    """Whether one side undoes what the other makes (abolish against create, switch, reduce, increase)."""
    return bool((kinds & _UNDO and reform_kinds & _MAKE) or (kinds & _MAKE and reform_kinds & _UNDO))


def read_status(
    a: Analysis,
    hit: Hit,
    cues: Sequence[tuple[CompiledRule, Hit]],
    *,
    proposing: bool = False,
    signed: Collection[str] = (),
    stage: str | None = None,
    lead_stage: str | None = None,
    ahead: bool = False,
) -> str:
    """Sentence cues first (signed → implemented, proposed → proposed), then the nearest tense.

    ``proposing``: the paragraph is retelling a proposal, so a conditional "would" is proposed too.
    ``signed``: reforms the article has reported signed into law; a chamber's approval of them is history.
    ``stage``: ``planned`` when the article reports this reform's bill pending (:meth:`kg.focus.Focus.stage`):
    a sentence with no past or future of its own then tells the bill's provisions. ``lead_stage``: ``planned``
    when the lead told the reform as scheduled or to come; a present tense then tells the plan too. ``ahead``: the
    reform's own time is after the article's date ("the court takes over on January 1, 2023" in November 2022):
    unless a cue says otherwise, it is planned whatever the tense.
    """
    toks = a.sentence.tokens
    speech = a.speech
    law = stage == "planned" or hit.rule.reform in signed  # the article is about this reform's law or bill
    # «Партии теперь хватит 20 тысяч членов» under a law the article reports signed: the future tells what now holds
    now_law = hit.rule.reform in signed and a.has_any("now")
    cues = [(c, h) for c, h in cues if not (c.until_signed and hit.rule.reform in signed) and not (c.law_duty and law)]
    # A cue in a relative clause describes its antecedent («закон, который он предложил, подписан»),
    # unless the clause reports speech: "Azimova, who said Kazakhstan should now …" is her proposal.
    fired = _fired(hit)
    sentence_cues = {
        c.status
        for c, h in cues
        if c.scope == "sentence"
        and (
            not _in_relative_clause(toks, h.first)
            or _reports_speech(toks, h.first, speech)
            or _clause_holds(toks, h.first, fired)
        )
        and not _in_time_clause(toks, h.first, fired)
        and not _outside_reform_clause(toks, h.first, fired)
    }
    # "The package, which Tokayev put forward in March, would cut …": a conditional whose subject is a proposal.
    proposing = proposing or any(
        c.scope == "sentence" and c.status == "proposed" and _in_relative_clause(toks, h.first) for c, h in cues
    )
    if "implemented" in sentence_cues:
        return "implemented"
    if "proposed" in sentence_cues:
        return "proposed"
    if "planned" in sentence_cues:
        return "planned"
    markers: list[tuple[int, str]] = [
        (h.first, c.status or "")
        for c, h in cues
        if c.scope == "tense"
        and (h.first not in speech or c.status == "proposed")  # "promised a …": a speech verb that proposes
        and not a.has("determiner", h.first - 1)
    ]
    headline = a.sentence.text.rstrip()[-1:] not in '.!?"”»'  # headlines end without a full stop
    if headline and a.sentence.lang == "en":  # a headline's "X to hold …" is its future
        markers += [
            (i, "planned")
            for i in range(len(toks) - 1)
            if toks[i].norm == "to" and ("VERB" in toks[i + 1].tags or toks[i + 1].norm == "be")
        ]
    # a word the gazetteers read as a unit, office or body is a noun, whatever its likeliest parse («214 глав сел»)
    named = {i for m in a.mentions if m.category in _NOUN_CATEGORIES for i in range(m.first, m.last + 1)}
    for i, tok in enumerate(a.sentence.tokens):
        if i in fired and tok.pos == "PRTF" and "past" in tok.tags:  # «реформы, ограничившей срок»
            markers.append((i, "implemented"))
        if i in speech or i in named or tok.pos not in _FINITE:
            continue
        if "futr" in tok.tags:
            markers.append((i, "planned"))
        elif "past" in tok.tags:
            markers.append((i, "implemented"))
        elif "pres" in tok.tags:
            markers.append((i, "present"))  # implemented, unless the article's stage says otherwise
    # Verbs of a relative clause describe («палатой, которая принимает законы»); the main verb decides, unless the
    # reform's own words sit in that clause («перечень районов, где акимов изберут жители, определили маслихаты»).
    main = [(p, st) for p, st in markers if not _in_relative_clause(toks, p) or _clause_holds_all(toks, p, fired)]
    markers = main or markers
    # An auxiliary of the future governs the participle after it: «будет передана», "will be cut".
    futures = [p for p, status in markers if status == "planned"]
    markers = [(p, st) for p, st in markers if st == "planned" or not any(0 < p - f <= 3 for f in futures)]
    if a.sentence.lang == "en":  # "will keep the taxes collected on …": the future governs its clause
        markers = [(p, st) for p, st in markers if st == "planned" or not any(_same_clause(a, f, p) for f in futures)]
    if not markers:
        return _ahead_of(_at_stage("present", stage or lead_stage), ahead, now_law)
    status = min(markers, key=lambda m: (_distance(m[0], m[0], hit), -m[0]))[1]
    if proposing and any(toks[p].norm == "would" for p, _ in markers):  # "The changes would go through …"
        return "proposed"
    return _ahead_of(_at_stage(status, stage or lead_stage), ahead, now_law)


def _ahead_of(status: str, ahead: bool, now_law: bool) -> str:
    """A time after the article's date makes a told fact planned; «теперь хватит» under a signed law is in force."""
    if ahead and status == "implemented":
        return "planned"
    if now_law and status == "planned" and not ahead:
        return "implemented"
    return status


def _ahead(t: TimeMention, doc_date: str | None) -> bool:
    """Whether a time lies after the article's date, as precisely as both are known."""
    if not doc_date or len(doc_date) < 4 or not doc_date[:4].isdigit():
        return False
    if t.date and len(doc_date) >= 10:
        return t.date > doc_date[:10]
    if t.month and len(doc_date) >= 7:
        return f"{t.year:04d}-{t.month:02d}" > doc_date[:7]
    return t.year > int(doc_date[:4])


def _at_stage(status: str, stage: str | None) -> str:
    """A present tense (or none) is in force — implemented — unless the article reports a bill still pending."""
    if status == "present":
        return "planned" if stage == "planned" else "implemented"
    return status


def _same_clause(a: Analysis, f: int, p: int) -> bool:
    """Whether English token ``p`` follows ``f`` in one clause: no punctuation, subject pronoun, relative or
    subordinator ("will be rewritten after voters endorsed …") between."""
    toks = a.sentence.tokens
    return f < p and not any(
        toks[i].kind == "punct"
        or toks[i].norm in _SUBORDINATORS
        or (a.has("subject-pronoun", i) and toks[i].norm != "that")
        for i in range(f + 1, p)
    )


_TIME_SUBORDINATORS = frozenset(["after", "before", "since", "once", "после", "прежде"])


def _in_time_clause(toks: Sequence[Token], p: int, fired: set[int]) -> bool:
    """Whether token ``p`` sits in a clause of time ("…, after Tokayev proposed a one-time presidency") while the
    reform's words are also named outside it: the main clause says what became of the reform."""
    for j in range(p - 1, max(-1, p - 6), -1):
        if toks[j].kind == "punct":
            return False
        if toks[j].norm in _TIME_SUBORDINATORS and j > 0 and toks[j - 1].kind == "punct":
            return any(i < j for i in fired) or any(i < j and toks[i].pos in _FINITE for i in range(j))
    return False


def _clause_holds(toks: Sequence[Token], p: int, fired: set[int]) -> bool:
    """Whether the relative clause around token ``p`` also holds the reform's words: «суд, который Президент
    предложил воссоздать» — the proposal is the reform's, not its antecedent's."""
    j = _relative_word(toks, p)
    if j is None:
        return False
    end = next((i for i in range(j + 1, len(toks)) if toks[i].kind == "punct"), len(toks))
    return any(j < i < end for i in fired)


def _outside_reform_clause(toks: Sequence[Token], p: int, fired: set[int]) -> bool:
    """Whether cue token ``p`` stands outside a relative clause told in the past that holds all the reform's words
    ("Tokayev presented the overhaul as following from the limits that voters approved in the 2022 referendum")."""
    first = min(fired)
    j = next(
        (
            k
            for k in range(first - 1, max(-1, first - 6), -1)
            if "который" in toks[k].lemmas
            or toks[k].norm in ("which", "who")
            or (toks[k].norm == "that" and k > 0 and toks[k - 1].pos == "NOUN")  # not "so that", "said that"
        ),
        None,
    )
    if j is None or p > j or any(t.kind == "punct" for t in toks[j:first]):
        return False
    end = next((i for i in range(j + 1, len(toks)) if toks[i].kind == "punct"), len(toks))
    past = any("past" in t.tags and t.pos in ("VERB", "PRTS") for t in toks[j + 1 : end])
    return past and all(j < i < end for i in fired)


def _clause_holds_all(toks: Sequence[Token], p: int, fired: set[int]) -> bool:
    """Whether all the reform's words sit in the relative clause around token ``p``: its verbs are then the reform's."""
    j = _relative_word(toks, p)
    if j is None:
        return False
    end = next((i for i in range(j + 1, len(toks)) if toks[i].kind == "punct"), len(toks))
    return all(j < i < end for i in fired)


def _fired(hit: Hit) -> set[int]:
    """Token positions of the words that made a rule fire."""
    return {i for _, m in hit.parts for i in range(m.first, m.last + 1)}


def _relative_word(toks: Sequence[Token], p: int) -> int | None:
    """The relative word («который», "which") opening the clause that token ``p`` sits in, if any."""
    for j in range(p - 1, max(-1, p - 6), -1):
        if toks[j].kind == "punct":
            return None
        if "который" in toks[j].lemmas or toks[j].norm in ("which", "who", "whose", "where", "when", "где", "когда"):
            return j
    return None


def _in_relative_clause(toks: Sequence[Token], p: int) -> bool:
    return _relative_word(toks, p) is not None


def _reports_speech(toks: Sequence[Token], p: int, speech: frozenset[int]) -> bool:
    """Whether a speech verb stands between token ``p`` and its clause's relative word ("who said … should")."""
    j = _relative_word(toks, p)
    return j is not None and any(j < i < p for i in speech)


# --- documents -----------------------------------------------------------------


@dataclass
class DocumentResult:
    """Claims of one document; sentences and analyses are kept only when asked (explain)."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    sentence_count: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    attributions: list[Attribution | None] = field(default_factory=list)


_HEADLINE_WINDOW = 6  # headline and lead sentences searched for «Об этом сказал …», the speaker, the bill
_NOISE_WINDOW = 40  # web-page lines (menus, rates, dates) skipped at most to find the lead's prose
_PROSE_WORDS = 6  # a lead sentence has at least this many words and ends like a sentence


def _prose(a: Analysis) -> bool:
    """A sentence of running text, not a menu line, a rate, a date or a photo credit ("Main Page > News")."""
    words = sum(1 for t in a.sentence.tokens if t.kind == "word")
    return words >= _PROSE_WORDS and a.sentence.text.rstrip()[-1:] in '.!?»"”:'


class Extractor:
    """Runs one grammar over documents; holds the per-build caches (lemmas)."""

    def __init__(self, grammar: Grammar, morph: Morphology):
        self.grammar = grammar
        self.morph = morph

    def cues(self, a: Analysis) -> list[tuple[CompiledRule, Hit]]:
        """Status cues that hold; a one-element cue counts at every place it matches."""
        out: list[tuple[CompiledRule, Hit]] = []
        for c in self.grammar.index("cues").candidates(a.sentence.lang, *a.keys):
            if not (hit := run_rule(c, a.ctx)):
                continue
            if len(c.match) == 1:
                name, pattern = c.match[0]
                out.extend((c, Hit(c, ((name, m),), m.first, m.last)) for m in pattern.finditer(a.ctx))
            else:
                out.append((c, hit))
        return out

    def _facts(self, a: Analysis, day: str | None = None) -> SentenceFacts:
        s = a.sentence
        today = parse_date(day)

        def before() -> bool:  # asked only by the resolver's article and bill-passer steps
            return today is not None and any(t.year < today.year and not t.relative for t in a.times)

        return sentence_facts(s.tokens, a.mentions, s.lang, s.paragraph, s.text, dated_before=before)

    def document(self, doc: Document, *, keep: bool = False) -> DocumentResult:
        """Claims of ``doc``; with ``keep``, its sentences and analyses too (explain, tests)."""
        result = DocumentResult(doc)
        result.claims.extend(self.claims(doc, result, keep=keep))
        return result

    def claims(self, doc: Document, result: DocumentResult | None = None, *, keep: bool = False) -> Iterator[Claim]:
        """Claims of ``doc`` as each paragraph is read, so memory stays bounded by a paragraph.

        ``result`` counts the sentences (and keeps them with ``keep``). The first sentences
        are analysed before the rest, because they tell the resolver who the headline's
        speaker and an interview's guest are; each sentence is analysed once.
        """
        result = result if result is not None else DocumentResult(doc)
        analyses = (analyze(s, self.grammar, doc.date) for s in split(doc, self.morph))
        # The headline and the lead: the headline, then the first sentences of prose, past a web page's menus
        head: list[tuple[Analysis, SentenceFacts]] = []
        lead: list[SentenceFacts] = []
        for a in analyses:
            f = self._facts(a, doc.date)
            head.append((a, f))
            if not lead or _prose(a) or f.about_this or f.interview or f.explicit is not None:
                lead.append(f)
            if len(lead) >= _HEADLINE_WINDOW or len(head) >= _NOISE_WINDOW:
                break
        resolver = Resolver(
            confirmed_speaker(lead),
            interviewee=interviewee(lead),
            author=lead[0].author if lead else None,
            article=article_speaker(lead),
            passer=bill_passer(lead),
            signer=_law_signer(head, lead),
        )
        paragraph: list[tuple[Analysis, SentenceFacts]] = []
        previous: list[Claim] = []  # the claims of the sentence before, for an anaphoric continuation
        # what the article is about, for sentences not naming it: its topics are the headline's and the lead's; a bill
        # a chamber passed is pending unless the lead also reports it signed
        pending = resolver.passer is not None and not any(_signs(a) for a, _ in head)
        focus = Focus(pending=pending, lead_end=head[-1][0].sentence.index if head else 0)
        day = parse_date(doc.date)
        doc_year = day.year if day is not None else None

        def flush() -> Iterator[Claim]:
            if not paragraph:
                return
            first = paragraph[0][0].sentence.index
            proposing = False
            for (a, _), (att, before) in zip(
                paragraph, resolver.paragraph([f for _, f in paragraph], first), strict=True
            ):
                para = a.sentence.paragraph
                earlier = previous if previous and previous[0].sentence_index == a.sentence.index - 1 else []
                anaphor = anaphoric_hit(a, earlier or focus.antecedent(para), self.grammar, focus.signed)
                if anaphor is not None:
                    earlier = earlier or focus.antecedent(para)
                    a.hits = [anaphor]
                else:
                    a.hits = a.hits or focus_hits(a, focus.reforms(para), self.grammar)
                    if not a.hits and (law := law_act_hit(a, focus, self.grammar, doc_year)) is not None:
                        a.hits = [law]
                claims = list(self._claims(a, att, before, proposing, doc.text, focus, doc.date))
                if anaphor is not None:  # the level and office are the antecedent's
                    claims = [
                        replace(c, level=c.level or earlier[0].level, office=c.office or earlier[0].office)
                        for c in claims
                    ]
                previous[:] = claims
                focus.observe(a.sentence.index, para, claims)
                focus.signed.update(_signed(a, claims))
                proposing = proposing or any(c.status == "proposed" for c in claims)
                yield from claims
                if keep:
                    result.attributions.append(att)
            paragraph.clear()

        for a, facts in itertools.chain(head, ((a, self._facts(a, doc.date)) for a in analyses)):
            result.sentence_count += 1
            if paragraph and paragraph[0][0].sentence.paragraph != a.sentence.paragraph:
                yield from flush()
            paragraph.append((a, facts))
            if keep:
                result.sentences.append(a.sentence)
                result.analyses.append(a)
        yield from flush()

    def _claims(
        self,
        a: Analysis,
        attribution: Attribution | None,
        last_person: Agent | None,
        proposing: bool = False,
        doc_text: str = "",
        focus: Focus | None = None,
        doc_date: str | None = None,
    ) -> Iterator[Claim]:
        seen: set[str] = set()
        cues = self.cues(a) if a.hits else []
        claim_date, said_at = read_claim_date(a, doc_date) if a.hits else (None, None)
        for hit in a.hits:
            reform = hit.rule.reform or ""
            if reform in seen:
                continue
            seen.add(reform)
            slots = self.grammar.slots.get(reform, Slots())
            time = read_year(a, hit)
            status = read_status(
                a,
                hit,
                cues,
                proposing=proposing,
                signed=focus.signed if focus else (),
                stage=focus.stage(reform, a.sentence.index) if focus and not any(t.since for t in a.times) else None,
                lead_stage=focus.lead_stage(reform, a.sentence.index, read_level(a, hit, slots))
                if focus and not a.times and not a.has_any("already")
                else None,
                ahead=time is not None and time is not said_at and _ahead(time, doc_date),
            )
            count = read_count(a, hit, slots, self.morph)
            claimant = attribution.agent if attribution else None
            if (
                attribution is not None
                and attribution.how in ("bill", "signed")
                and focus
                and focus.topics  # a lead that names no reform ("bills implementing the March address"): any
                and not focus.topic(reform, a.sentence.index)
                and not (attribution.how == "bill" and status == "planned")  # a provision to come is the bill's
            ):
                claimant = None  # the chamber passed a bill about the article's topics, not this reform's history
            if attribution is not None and attribution.how in ("act", "bill") and _on_participle(a, hit):
                claimant = None  # "signed laws that implement the changes approved in the referendum": not the act
            if attribution is not None and attribution.how == "act" and _is_reform_word(a, hit, attribution.agent):
                claimant = None  # "The human rights ombudsman … gets a place …": the reformed body
            if status == "proposed" and (author := _initiative_author(a)) is not None:
                claimant = author  # «Инициативу президента … прокомментировал депутат»: the author's proposal
            if claimant is None and status == "proposed":
                claimant = _proposer(a, last_person)
            s = a.sentence
            yield Claim(
                doc_id=s.doc_id,
                sentence_index=s.index,
                start=s.start,
                end=s.end,
                quote=s.text,
                reform=reform,
                rule=hit.rule.id,
                status=status,
                office=read_office(a, hit, slots),
                level=read_level(a, hit, slots),
                count=count.value if count else None,
                count_from=count.from_value if count else None,
                measure=read_measure(a, count, slots, self.morph) if count else None,
                year=time.year if time else None,
                date=time.date if time else None,
                target_year=time.year if time and time is not said_at else None,
                claim_date=claim_date,
                subject=read_subject(a, hit, self.grammar),
                claimant=claimant,
                prefix=doc_text[max(0, s.start - _CONTEXT) : s.start],
                suffix=doc_text[s.end : s.end + _CONTEXT],
            )

    def documents(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
        for doc in docs:
            yield self.document(doc)


def _is_reform_word(a: Analysis, hit: Hit, agent: Agent) -> bool:
    """Whether every mention of ``agent`` in the sentence is one of the reform's own words: the institution the reform
    changes ("The human rights ombudsman … gets a place in the Constitution", «Сенат лишится права …») does not carry
    it out."""
    fired = _fired(hit)
    spans = [m for m in a.mentions if m.category == "agent" and m.key == agent.key]
    return bool(spans) and all(set(range(m.first, m.last + 1)) <= fired for m in spans)


_PARTICIPLE_REACH = 6  # tokens from a participle to the reform's words that hang on it


def _on_participle(a: Analysis, hit: Hit) -> bool:
    """Whether the reform's words hang on a past participle describing a noun before them, so the sentence's act is
    about that noun: «законов, принятых по итогам июньского референдума», "laws that implement the changes approved
    in the June referendum"."""
    toks = a.sentence.tokens
    fired = _fired(hit)
    start, end = min(fired), max(fired)
    acts = [m.last for m in a.mentions if m.category == "act" and m.last < start]
    if not acts:
        return False
    for j in range(end, max(min(acts), start - _PARTICIPLE_REACH), -1):
        t = toks[j]
        if t.pos in _FINITE and "past" not in t.tags and j < start:
            return False
        ru = t.pos == "PRTF" and "past" in t.tags
        en = "past" in t.tags and t.text.isascii() and toks[j - 1].pos == "NOUN" and j - 1 not in fired
        en = en and not (j >= 2 and toks[j - 2].norm in ("that", "which", "who"))  # "limits that voters approved"
        enacted = a.change_kinds.get(j, frozenset()) & {"enact", "hold"}  # "approved", «принятых», "held"
        if (ru or en) and enacted:
            return True
    return False


_SIGN_LEMMAS = frozenset(["подписать", "подписывать", "ратифицировать", "sign", "signed", "signs", "ratify"])


def _signs(a: Analysis) -> bool:
    """Whether the sentence reports a law signed: a finite signing act («подписал», "signed"), not "to sign"."""
    toks = a.sentence.tokens
    acts = {m.first for m in a.mentions if m.category == "act"}
    return any(
        a.has("signing", i)
        and i in acts
        and _SIGN_LEMMAS & set(toks[i].lemmas)  # «принял» is a chamber's adoption, not a signature
        and toks[i].pos != "INFN"
        and not {"ger", "INFN"} & toks[i].tags
        and not (i > 0 and toks[i - 1].norm == "to")
        and ("past" in toks[i].tags or "perf" in toks[i].tags or toks[i].norm.endswith("s"))
        for i in range(len(toks))
    )


_SIGNER_LEAD = 3  # the headline and the first sentences of prose: where a readout reports the law signed


def _law_signer(head: Sequence[tuple[Analysis, SentenceFacts]], lead: Sequence[SentenceFacts]) -> Agent | None:
    """The person whose signing of a law the headline or lead reports ("Head of State signs laws on …", «Токаев
    подписал закон …»): in such a readout the law's provisions told after it ("The law introduces …", «Документ
    впервые определяет …») are the signer's, as the annotation guide gives the one who carries a reform out."""
    first = lead[:_SIGNER_LEAD]
    for n, (a, f) in enumerate(head):
        if not any(f is g for g in first):
            continue
        if f.background:
            return None
        # "once the President signs it": a signature to come signs nothing yet (a headline tells a past act in the
        # present: "Head of State signs laws on …")
        done = n == 0 or any(a.has("signing", i) and "past" in t.tags for i, t in enumerate(a.sentence.tokens))
        if f.explicit is not None and f.explicit.how == "act" and f.explicit.agent.kind == "person" and _signs(a):
            return f.explicit.agent if done else None
    return None


def _signed(a: Analysis, claims: Sequence[Claim]) -> set[str]:
    """Reforms this sentence reports signed into law: an implemented claim beside a signing verb (``signing``)."""
    if not a.has_any("signing"):
        return set()
    return {c.reform for c in claims if c.status == "implemented"}


def _initiative_author(a: Analysis) -> Agent | None:
    """The person a proposal noun names as its author: «инициатива президента», «предложение Главы государства»,
    "the President's initiative", "a proposal by Tokayev"."""
    toks = a.sentence.tokens
    people = [m for m in a.mentions if m.category == "agent" and (m.get("kind") or "person") == "person"]
    for i in range(len(toks)):
        if not a.has("initiative-noun", i):
            continue
        for m in people:
            if a.sentence.lang == "ru" and m.first == i + 1 and "gent" in toks[m.first].tags:
                return agent_of(m)
            if a.sentence.lang == "en" and m.last == i - 1 and "POSS" in toks[m.last].tags:
                return agent_of(m)
            if a.sentence.lang == "en" and m.first == i + 2 and toks[i + 1].norm == "by":
                return agent_of(m)
    return None


def _impersonal_proposal(t: Token) -> bool:
    """«предлагают» (third person plural, no subject) or «предлагается»: a proposal nobody is named for."""
    if "предлагаться" in t.lemmas:
        return True
    return bool({"предлагать", "предложить"} & set(t.lemmas)) and {"plur", "3per"} <= t.tags


def _proposer(a: Analysis, last_person: Agent | None) -> Agent | None:
    """A proposal always has a proposer: a person named in the sentence, else the last person named, else a
    body named here; nobody when an unnamed group proposes ("Some lawmakers have floated …"), nor when the proposal
    is impersonal and names nobody («В каждом округе предлагают создать кенес», «Предлагается, что …»)."""
    toks = a.sentence.tokens
    named = [m for m in a.mentions if m.category == "agent"]
    if not named and any(_impersonal_proposal(t) for t in toks):
        return None
    if any(
        a.has("unnamed-group", i) and i + 1 < len(toks) and "NOUN" in {toks[i + 1].pos, *toks[i + 1].tags}
        for i in range(len(toks))
    ):
        return None
    named = [m for m in a.mentions if m.category == "agent"]
    # "the ombudsman’s office": a title in the possessive names the institution, not a proposer
    people = [
        m
        for m in named
        if m.get("kind") in (None, "person") and not (m.get("role") == "title" and "POSS" in toks[m.last].tags)
    ]
    if people:
        return agent_of(people[0])
    if last_person is not None:
        return last_person
    return agent_of(named[0]) if named else None
