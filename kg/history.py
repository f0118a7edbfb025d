"""Claims → each reform's history: order, first evidence, promises, revisions, disagreements.

The build keeps one small :class:`Event` per claim (not its text), and this module reads the
history from all of them once every article is in, so SPARQL can ask what happened to a reform:
who first proposed it, when it was scheduled and rescheduled, and whether it was carried out.

Dates are ISO prefixes of different precision (``2021``, ``2021-02``, ``2021-02-16``); compared
as text they sort in time order, a coarser date before the finer ones it contains.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

STATUSES = ("proposed", "planned", "implemented")
PROMISING = frozenset({"proposed", "planned"})
# Claims disagree when they give different values of one measure within this many days.
DISAGREEMENT_DAYS = 31


@dataclass(frozen=True)
class Event:
    """What the history needs of one claim."""

    claim: str  # the claim's id (its IRI hash)
    reform: str  # reform key
    status: str
    claim_date: str | None  # when the claim was made (ISO prefix)
    article_date: str | None
    doc_id: str
    start: int
    year: int | None = None  # the year the sentence gives
    target_year: int | None = None  # the year the reform is to happen or happened
    measure: str | None = None
    value: int | None = None

    @property
    def dated(self) -> bool:
        return self.claim_date is not None

    def order(self) -> tuple[bool, str, str, str, int, str]:
        return (not self.dated, self.claim_date or "", self.article_date or "", self.doc_id, self.start, self.claim)

    @property
    def done_year(self) -> int | None:
        """The year an implemented claim says the reform was done (its year, else its date's)."""
        if self.year is not None:
            return self.year
        return int(self.claim_date[:4]) if self.claim_date else None


@dataclass(frozen=True)
class Promise:
    claim: Event
    fulfilled_by: Event | None = None
    open_days: int | None = None  # for an open promise with a date, its age at ``as_of``


@dataclass(frozen=True)
class Revision:
    earlier: Event
    later: Event
    what: str  # "year" or a measure code
    old: int
    new: int


@dataclass(frozen=True)
class Disagreement:
    measure: str
    status: str
    year: int | None
    claims: tuple[Event, ...]  # the earliest claim of each value, in value order

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(e.value for e in self.claims if e.value is not None)


@dataclass
class History:
    """One reform's history."""

    reform: str
    claims: list[Event]  # in order
    first: dict[str, Event] = field(default_factory=dict)  # status → earliest dated claim
    latest_status: str | None = None
    promises: list[Promise] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)


def period_start(iso: str) -> dt.date:
    """The first day of an ISO prefix: ``2021-02`` → 2021-02-01."""
    parts = [int(p) for p in iso.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def histories(events: Iterable[Event], as_of: str | None = None) -> list[History]:
    """The history of every reform, by reform key; ``as_of`` is the newest article date."""
    by_reform: dict[str, list[Event]] = {}
    for e in events:
        by_reform.setdefault(e.reform, []).append(e)
    return [history(key, claims, as_of) for key, claims in sorted(by_reform.items())]


def history(reform: str, events: Sequence[Event], as_of: str | None = None) -> History:
    ordered = sorted(events, key=Event.order)
    h = History(reform, ordered)
    dated = [e for e in ordered if e.dated]
    for e in dated:
        h.first.setdefault(e.status, e)
    if dated:
        h.latest_status = dated[-1].status
    # Only implemented claims fulfil a promise, and for a dated promise only the dated ones from its date on
    # (``ordered`` puts the dated claims first, by date): each promise scans those, not every claim.
    implemented = [e for e in ordered if e.status == "implemented"]
    done_dated = [e for e in implemented if e.dated]
    done_dates = [e.claim_date or "" for e in done_dated]
    h.promises = [
        promise(p, done_dated[bisect.bisect_left(done_dates, p.claim_date or "") :] if p.dated else implemented, as_of)
        for p in ordered
        if p.status in PROMISING
    ]
    h.revisions = revisions(dated)
    h.disagreements = disagreements(dated)
    return h


def promise(p: Event, ordered: Sequence[Event], as_of: str | None) -> Promise:
    """The first claim dated on or after ``p`` that reports the reform implemented, in its target year or later."""
    for e in ordered:  # in order; the caller may leave out the claims that are not "implemented"
        if e.status != "implemented":
            continue
        if p.dated and (not e.dated or (e.claim_date or "") < (p.claim_date or "")):
            continue
        if p.claim_date and e.done_year is not None and e.done_year < int(p.claim_date[:4]):
            continue  # reported later, but done before the promise was made
        if p.target_year is not None and (e.done_year is None or e.done_year < p.target_year):
            continue
        return Promise(p, fulfilled_by=e)
    age = None
    if p.claim_date and as_of:
        age = (period_start(as_of) - period_start(p.claim_date)).days
    return Promise(p, open_days=age if age is not None and age >= 0 else None)


def revisions(dated: Sequence[Event]) -> list[Revision]:
    """Targets of an open promise that a later promise changed: a year moved, a value changed.

    An implemented claim that reaches the target closes it, so "further elections next year"
    after the first ones were held is a new promise, not a revision.
    """
    out: list[Revision] = []
    open_targets: dict[str, tuple[int, Event]] = {}  # "year" or measure → (target, its claim)

    def target(what: str, value: int | None, e: Event) -> None:
        if value is None:
            return
        current = open_targets.get(what)
        if current is not None and current[0] != value and (current[1].claim_date or "") < (e.claim_date or ""):
            out.append(Revision(current[1], e, what, current[0], value))
        open_targets[what] = (value, e)  # the latest claim of the open target is its evidence

    for e in dated:
        if e.status == "implemented":
            year = open_targets.get("year")
            if year is not None and e.done_year is not None and e.done_year >= year[0]:
                del open_targets["year"]
            if e.measure is not None and e.value is not None:
                open_targets.pop(e.measure, None)
            continue
        target("year", e.target_year, e)
        if e.measure is not None:
            target(e.measure, e.value, e)
    return out


def disagreements(dated: Sequence[Event]) -> list[Disagreement]:
    """Different values of one measure for the same status and year, from different articles, within a month."""
    groups: dict[tuple[str, str, int | None], list[Event]] = {}
    for e in dated:
        if e.measure is not None and e.value is not None:
            groups.setdefault((e.measure, e.status, e.year), []).append(e)
    out: list[Disagreement] = []
    for (measure, status, year), events in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)):
        seen: set[tuple[int, ...]] = set()
        # in claim-date order (Event.order), so a window ends at the first claim too late for it
        days = [period_start(x.claim_date or "").toordinal() for x in events]
        for i in range(len(events)):
            first_of: dict[int, Event] = {}
            for j in range(i, len(events)):
                if days[j] - days[i] > DISAGREEMENT_DAYS:
                    break
                first_of.setdefault(events[j].value or 0, events[j])
            if len(first_of) < 2 or len({x.doc_id for x in first_of.values()}) < 2:
                continue
            values = tuple(sorted(first_of))
            if values not in seen:
                seen.add(values)
                out.append(Disagreement(measure, status, year, tuple(first_of[v] for v in values)))
    return out
