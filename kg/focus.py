"""Discourse focus: which reforms an article is about, sentence by sentence.

Real news names a reform once, in the headline or the lead, and then goes on about it without naming it:
«выборы пройдут в пилотном режиме», "the bill now goes to the President", "organisers must notify the akimat
five days ahead". The reforms in focus for a sentence are the article's topics (the reforms claimed in its first
sentences: headline and lead) and the reforms claimed in the current or the previous paragraph, latest first.

Focus rules (``focus: true`` in a rule file) read a reform's provisions and loose references only while that
reform is in focus, so the same words elsewhere claim nothing. A sentence that points back at "the bill" or
«документ» with an act continues the reform of the latest claimed sentence (:func:`kg.extract.anaphoric_hit`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import Claim


@dataclass
class Focus:
    """The reforms an article is about so far; :meth:`observe` each sentence's claims in order."""

    topics: list[str] = field(default_factory=list)  # reforms of the headline and lead, first claimed first
    latest: list[Claim] = field(default_factory=list)  # the claims of the latest sentence that had any
    latest_paragraph: int = -1
    by_paragraph: dict[int, list[str]] = field(default_factory=dict)  # paragraph → its reforms, latest last
    paragraphs: list[int] = field(default_factory=list)  # the keys of by_paragraph, sorted (a long text has many)
    pending: bool = False  # the lead reports a chamber passing a bill (:func:`kg.attribution.bill_passer`)
    signed: set[str] = field(default_factory=set)  # reforms whose law the article has reported signed
    lead_end: int = 5  # the last sentence of headline and lead (past a web page's menus): claims up to it are topics
    lead_status: dict[str, str] = field(default_factory=dict)  # topic reform → the status its lead first gave it
    lead_level: dict[str, str | None] = field(default_factory=dict)  # topic reform → the level its lead first gave it
    lead_index: dict[str, int] = field(default_factory=dict)  # topic reform → the sentence that set its lead status
    lead_rule: dict[str, str] = field(default_factory=dict)  # topic reform → the rule of its first claim

    def observe(self, sentence_index: int, paragraph: int, claims: Sequence[Claim]) -> None:
        if not claims:
            return
        self.latest = list(claims)
        self.latest_paragraph = paragraph
        if paragraph not in self.by_paragraph:
            bisect.insort(self.paragraphs, paragraph)
        reforms = self.by_paragraph.setdefault(paragraph, [])
        for c in claims:
            if c.reform in reforms:
                reforms.remove(c.reform)
            reforms.append(c.reform)
            if sentence_index <= self.lead_end and c.reform not in self.topics:
                self.topics.append(c.reform)
            if sentence_index <= self.lead_end and c.reform not in self.lead_status:
                self.lead_status[c.reform] = c.status
                self.lead_level[c.reform] = c.level
                self.lead_index[c.reform] = sentence_index
                self.lead_rule[c.reform] = c.rule

    def topic(self, reform: str, sentence_index: int) -> bool:
        """Whether ``reform`` is one of the article's topics, or may still become one (headline and lead)."""
        return reform in self.topics or sentence_index <= self.lead_end

    def stage(self, reform: str, sentence_index: int | None = None) -> str | None:
        """``planned`` for a topic reform whose bill the article reports passed by a chamber and not yet signed
        (``pending``): a sentence of it with no past or future of its own («для митингов вводится уведомительный
        порядок», "the akimat must reply within three days") tells the bill's provisions, which are planned. The
        headline and the lead are about the topics even before they are claimed."""
        topic = reform in self.topics or (sentence_index is not None and sentence_index <= self.lead_end)
        if self.pending and topic and reform not in self.signed:
            return "planned"
        return None

    def lead_stage(self, reform: str, sentence_index: int, level: str | None = None) -> str | None:
        """``planned`` when the lead told this reform as scheduled or to come («выборы назначены на 5 ноября»): a
        later sentence of it in the present («в выборах участвуют 45 районов») tells the plan, not a fact. A sentence
        about another level («сельские акимы избираются …» after a lead on district akims) is not that plan."""
        lead_level = self.lead_level.get(reform)
        other_level = level is not None and lead_level is not None and level != lead_level
        told = sentence_index > self.lead_index.get(reform, sentence_index)
        if told and self.lead_status.get(reform) == "planned" and not other_level:
            return "planned"
        return None

    def reforms(self, paragraph: int) -> list[str]:
        """The reforms in focus for a sentence of ``paragraph``: this and the previous paragraph's, latest first,
        then the article's topics."""
        out: list[str] = []
        for p in (paragraph, self._previous(paragraph)):
            if p is not None:
                out += [r for r in reversed(self.by_paragraph.get(p, [])) if r not in out]
        return out + [r for r in self.topics if r not in out]

    def antecedent(self, paragraph: int) -> list[Claim]:
        """The claims of the latest claimed sentence, if it is in this or the previous paragraph with claims."""
        near = self.latest_paragraph in (paragraph, self._previous(paragraph))
        return self.latest if near else []

    def _previous(self, paragraph: int) -> int | None:
        at = bisect.bisect_left(self.paragraphs, paragraph)
        return self.paragraphs[at - 1] if at else None
