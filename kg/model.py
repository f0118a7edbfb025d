"""Plain records passed between pipeline stages.

Every stage takes and returns these frozen dataclasses, so a stage can be
swapped (another store, a parallel build) without touching its neighbours.
Offsets are always code-point offsets into ``Document.text`` as read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One article as read from disk; ``text`` is the original, unnormalized text."""

    id: str
    text: str
    lang: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd, the publication date
    url: str | None = None
    source: str = ""  # the file it came from, for messages


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark with every lemma a parser allows."""

    text: str  # surface form as in the original text
    norm: str  # lowercased, normalized (ё→е, typographic quotes and dashes folded)
    start: int  # offset into Document.text
    end: int
    lemmas: tuple[str, ...]  # all candidate lemmas, the likeliest first
    tags: frozenset[str] = frozenset()  # grammemes of all parses (pymorphy3 / a POS for English)
    pos: str = ""  # the likeliest part of speech (pymorphy3 tag names; NOUN/VERB/... for English)
    kind: str = "word"  # word | number | punct | space-free symbol ("%", "№")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document; ``paragraph`` counts blank-line separated blocks."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str  # Document.text[start:end], exact
    tokens: tuple[Token, ...]
    paragraph: int = 0
    lang: str = "ru"


@dataclass(frozen=True)
class NumberMention:
    """A number in a sentence; ``first``/``last`` are token indexes (inclusive)."""

    first: int
    last: int
    value: float
    percent: bool = False
    unit: str | None = None  # lemma of the noun the number quantifies, if any
    from_value: float | None = None  # set on the "to" side of a "from X to Y" change
    ratio: bool = False  # one side of a split of 100 ("70 на 30", "50/50"): percentages, the second is the share


@dataclass(frozen=True)
class TimeMention:
    """A time expression resolved to a year (and a full date when it has one)."""

    first: int
    last: int
    year: int
    date: str | None = None  # ISO date when day and month are known
    relative: bool = False  # resolved against the article date
    since: bool = False  # "с 1 января", "from", "since": the start of an effect
    month: int | None = None  # 1-12 when the expression names a month

    @property
    def iso(self) -> str:
        """The most precise ISO form: ``2023-11-05``, ``2021-02`` or ``2023``."""
        if self.date:
            return self.date
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class Agent:
    """A claimant: a gazetteer person or body, or a name an English article gives."""

    key: str  # slug, used as the last IRI segment: "kassym-jomart-tokayev"
    name: str  # canonical English name
    kind: str = "person"  # person | organization
    name_ru: str | None = None
    gender: str | None = None  # "m" | "f" when known, for pronouns


@dataclass(frozen=True)
class Claim:
    """One reform claim read from one sentence, with its evidence and provenance."""

    doc_id: str
    sentence_index: int
    start: int
    end: int
    quote: str  # == Document.text[start:end]
    reform: str  # skos:notation of the reform type
    rule: str  # id of the rule that fired
    status: str  # proposed | planned | implemented
    office: str | None = None
    level: str | None = None
    count: int | None = None
    count_from: int | None = None
    measure: str | None = None  # what the count counts (``MEASURE_CODES``)
    year: int | None = None  # the year the sentence gives (the guide's year slot)
    date: str | None = None  # the full date of that year's expression, when it has one
    target_year: int | None = None  # ``year`` unless it is only the date of the claim itself
    claim_date: str | None = None  # when the claim was made: ISO date, yyyy-mm or yyyy
    subject: str | None = None  # what changes, for codes that cover separate changes
    reform_key: str = ""  # the reform's identity key, set by ``kg.identity``
    claimant: Agent | None = None
    jurisdiction: str = "KZ"
    prefix: str = ""  # up to 32 characters of the text before the quote (oa:prefix)
    suffix: str = ""  # and after it (oa:suffix): the graph is built without the full text


@dataclass(frozen=True)
class RuleRef:
    """What the graph records of a rule: its id, what it is for, and its file."""

    id: str
    description: str
    file: str = ""


@dataclass(frozen=True)
class Skip:
    """An input that was not built, with the reason; ``line`` is set for JSONL.

    ``more`` > 0: this record stands for that many further skips in ``path`` not shown one by one.
    """

    path: str
    reason: str
    line: int | None = None
    more: int = 0

    @property
    def count(self) -> int:
        return self.more or 1

    def message(self) -> str:
        if self.more:
            return f"warning: {self.path}: {self.more} more skipped record(s) not shown"
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"warning: {where}: skipped: {self.reason}"
