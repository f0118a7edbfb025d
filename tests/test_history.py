"""Each reform's history: order, first evidence, promises, revisions, disagreements.

Unit tables on hand-made events, then whole builds: fixture articles written for these tests,
and the dev corpus read through the named queries, as a user would ask them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.history import Event, histories, history, promise
from kg.pipeline import Pipeline
from kg.query import load_query, run_query
from kg.store import open_store
from tests.conftest import CORPUS


def ev(claim: str, status: str, date: str | None, *, doc: str = "a", year: int | None = None,
       target: int | None = None, measure: str | None = None, value: int | None = None) -> Event:  # fmt: skip
    return Event(claim, "r/-/-", status, date, date, doc, 0, year, target, measure, value)


# --- unit tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "first"),
    [
        pytest.param([ev("b", "planned", "2022-06"), ev("a", "proposed", "2021-02")],
                     {"proposed": "a", "planned": "b"}, id="by-date-not-input-order"),
        pytest.param([ev("u", "proposed", None), ev("d", "proposed", "2023")], {"proposed": "d"},
                     id="undated-claims-are-no-first-evidence"),
        pytest.param([ev("x", "implemented", "2023-11-05"), ev("y", "implemented", "2023-11")],
                     {"implemented": "y"}, id="a-month-sorts-before-its-days"),
    ],
)  # fmt: skip
def test_first_evidence(events: list[Event], first: dict[str, str]) -> None:
    h = history("r/-/-", events)
    assert {status: e.claim for status, e in h.first.items()} == first


def test_claims_in_date_order_with_undated_last() -> None:
    h = history("r/-/-", [ev("u", "planned", None), ev("b", "implemented", "2023"), ev("a", "proposed", "2021")])
    assert [e.claim for e in h.claims] == ["a", "b", "u"]
    assert h.latest_status == "implemented"


@pytest.mark.parametrize(
    ("events", "fulfilled", "open_days"),
    [
        pytest.param([ev("p", "proposed", "2022-03-16"), ev("i", "implemented", "2022-06-06")], "i", None,
                     id="fulfilled-by-a-later-implemented-claim"),
        pytest.param([ev("p", "proposed", "2022-03-16"), ev("i", "implemented", "2022-01-10")], None, 157,
                     id="an-earlier-implementation-fulfils-nothing"),
        pytest.param([ev("p", "planned", "2023-11-05", target=2024),
                      ev("i", "implemented", "2024-03-15", year=2023)], None, 131,
                     id="done-before-the-promised-year-is-not-its-fulfilment"),
        pytest.param([ev("p", "planned", "2024-03-15"), ev("i", "implemented", "2024-03-15", year=2023)], None, 0,
                     id="reported-later-but-done-before-the-promise"),
        pytest.param([ev("p", "planned", "2022-06-06", target=2023), ev("i", "implemented", "2023-01-05", year=2023)],
                     "i", None, id="in-the-promised-year"),
    ],
)  # fmt: skip
def test_promises(events: list[Event], fulfilled: str | None, open_days: int | None) -> None:
    [promise] = history("r/-/-", events, as_of="2022-08-20" if open_days == 157 else max(
        e.claim_date or "" for e in events)).promises  # fmt: skip
    assert (promise.fulfilled_by.claim if promise.fulfilled_by else None) == fulfilled
    assert promise.open_days == open_days


_MIXED = [  # dated and undated, coarse dates before the finer ones they contain, targets and done years
    ev("u1", "proposed", None, target=2022),
    ev("u2", "implemented", None, year=2023),
    ev("u3", "planned", None),
    ev("p1", "proposed", "2021", target=2023),
    ev("p2", "planned", "2022-03", target=2022),
    ev("p3", "planned", "2022-03-16"),
    ev("p4", "proposed", "2023-05-01", target=2025),
    ev("p5", "planned", "2024-01-05", target=2026),
    ev("i1", "implemented", "2021-06", year=2021),
    ev("i2", "implemented", "2022-03"),
    ev("i3", "implemented", "2022-03-16", year=2021),
    ev("i4", "implemented", "2023"),
    ev("i5", "implemented", "2023-05-01", year=2025),
    ev("i6", "implemented", "2024-01-02"),
]


@pytest.mark.parametrize("drop", [None, *(e.claim for e in _MIXED)])
def test_each_promise_is_fulfilled_by_the_first_qualifying_claim_of_all(drop: str | None) -> None:
    """``history`` scans only the implemented claims from a promise's date on; the answer is the one a scan of
    every claim in order gives (``promise`` over all of them)."""
    events = [e for e in _MIXED if e.claim != drop]
    h = history("r/-/-", events, as_of="2024-02")
    expected = [promise(p, h.claims, "2024-02") for p in h.claims if p.status in ("proposed", "planned")]
    assert h.promises == expected
    if drop is None:  # the table has both kinds
        assert any(p.fulfilled_by for p in h.promises) and any(p.fulfilled_by is None for p in h.promises)


@pytest.mark.parametrize(
    ("events", "revisions"),
    [
        pytest.param([ev("a", "planned", "2021-09-01", target=2024), ev("b", "planned", "2022-03-16", target=2023)],
                     [("a", "b", "year", 2024, 2023)], id="target-year-moved"),
        pytest.param([ev("a", "proposed", "2022-03", measure="party-members", value=10000),
                      ev("b", "planned", "2022-09", measure="party-members", value=5000)],
                     [("a", "b", "party-members", 10000, 5000)], id="value-changed"),
        pytest.param([ev("a", "planned", "2022-09", target=2023), ev("i", "implemented", "2023-11", year=2023),
                      ev("b", "planned", "2023-11-07", target=2024)], [], id="a-new-promise-after-fulfilment"),
        pytest.param([ev("a", "planned", "2022-09", target=2023), ev("b", "planned", "2022-09", target=2024, doc="b")],
                     [], id="same-date-is-no-revision"),
        pytest.param([ev("a", "planned", "2021", target=2024), ev("b", "planned", "2022", target=2024)], [],
                     id="same-target-again"),
    ],
)  # fmt: skip
def test_revisions(events: list[Event], revisions: list[tuple]) -> None:
    got = history("r/-/-", events).revisions
    assert [(r.earlier.claim, r.later.claim, r.what, r.old, r.new) for r in got] == revisions


@pytest.mark.parametrize(
    ("events", "values"),
    [
        pytest.param([ev("a", "implemented", "2023-11-06", doc="a", year=2023, measure="districts", value=45),
                      ev("b", "implemented", "2023-11-07", doc="b", year=2023, measure="districts", value=43)],
                     [(43, 45)], id="two-outlets-two-counts"),
        pytest.param([ev("a", "implemented", "2023-11-06", doc="a", year=2023, measure="districts", value=45),
                      ev("b", "implemented", "2023-11-06", doc="a", year=2023, measure="districts", value=42)],
                     [], id="one-article-is-no-disagreement"),
        pytest.param([ev("a", "implemented", "2023-11-06", doc="a", year=2023, measure="districts", value=45),
                      ev("b", "implemented", "2024-03-15", doc="b", year=2023, measure="districts", value=43)],
                     [], id="months-apart"),
        pytest.param([ev("a", "planned", "2023-11-06", doc="a", year=2024, measure="districts", value=45),
                      ev("b", "planned", "2023-11-06", doc="b", year=2024, measure="villages", value=43)],
                     [], id="different-measures"),
    ],
)  # fmt: skip
def test_disagreements(events: list[Event], values: list[tuple[int, ...]]) -> None:
    assert [d.values for d in history("r/-/-", events).disagreements] == values


def test_histories_group_by_reform() -> None:
    events = [ev("a", "proposed", "2021"), Event("b", "other/-/-", "planned", "2022", "2022", "d", 0)]
    assert [h.reform for h in histories(events)] == ["other/-/-", "r/-/-"]


# --- whole builds on fixtures written for these tests ---------------------------------------------

FIXTURES = {
    # A target year moved from 2024 to 2023.
    "move-1.json": (
        "ru",
        "2021-09-01",
        "Выборы акимов районов пройдут в 2024 году\n\n"
        "Прямые выборы акимов районов пройдут в 2024 году, сообщил Президент.",
    ),
    "move-2.json": (
        "ru",
        "2022-03-16",
        "Выборы районных акимов пройдут в 2023 году\n\n"
        "Президент объявил, что прямые выборы акимов районов пройдут уже в 2023 году.",
    ),
    # Two outlets give different counts for one election.
    "count-1.json": (
        "en",
        "2023-11-06",
        "Forty-five districts elect akims\n\nVoters in 45 districts elected their akims directly on November 5.",
    ),
    "count-2.json": (
        "en",
        "2023-11-07",
        "Direct elections held\n\nVoters in 43 districts elected their akims directly on November 5, the CEC said.",
    ),
}


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory, pipe: Pipeline):  # type: ignore[no-untyped-def]
    import json

    folder = tmp_path_factory.mktemp("history")
    for name, (lang, date, text) in FIXTURES.items():
        doc = {"id": name.removesuffix(".json"), "lang": lang, "meta": {"date": date}, "text": text}
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return open_store(pipe.build([folder]).graph)


def rows(store, name: str, **params: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = run_query(store, load_query(name), params=params)
    return [dict(zip(result.vars, row, strict=True)) for row in result.rows]


def test_a_moved_target_year_is_a_revision(fixture_store) -> None:  # type: ignore[no-untyped-def]
    [revision] = [r for r in rows(fixture_store, "revisions") if r["what"] == "targetYear"]
    assert (revision["reform"], revision["oldValue"], revision["newValue"]) == (
        "direct-election/akim/district",
        "2024",
        "2023",
    )
    assert (revision["earlierDocumentId"], revision["laterDocumentId"]) == ("move-1", "move-2")
    assert (revision["earlierDate"], revision["laterDate"]) == ("2021-09-01", "2022-03-16")


def test_two_counts_for_one_election_are_a_disagreement(fixture_store) -> None:  # type: ignore[no-untyped-def]
    found = rows(fixture_store, "disagreements")
    assert {(r["documentId"], r["value"]) for r in found} == {("count-1", "45"), ("count-2", "43")}
    assert {(r["reform"], r["measure"], r["status"], r["year"]) for r in found} == {
        ("direct-election/akim/district", "districts", "implemented", "2023")
    }


def test_the_earlier_promise_is_fulfilled_by_the_elections(fixture_store) -> None:  # type: ignore[no-untyped-def]
    promises = {r["documentId"]: r for r in rows(fixture_store, "promises") if r["documentId"].startswith("move")}
    assert promises["move-2"]["state"] == "fulfilled"
    assert promises["move-2"]["fulfilledDate"] == "2023-11-06"


# --- the dev corpus, through the named queries ---------------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(pipe: Pipeline):  # type: ignore[no-untyped-def]
    if not CORPUS.is_dir():
        pytest.skip("needs ../shared/corpus")
    return open_store(pipe.build([CORPUS], suffixes={".json"}).graph)


def gold_claims(key: str) -> set[tuple[str, int]]:
    import json

    out = set()
    for path in sorted(Path(CORPUS).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out |= {(doc["id"], doc["text"].index(c["quote"])) for c in doc["claims"] if c.get("reform_key") == key}
    return out


DISTRICT = "direct-election/akim/district"


def test_district_akim_elections_are_one_reform_with_every_district_claim(corpus_store) -> None:  # type: ignore[no-untyped-def]
    history_rows = rows(corpus_store, "reform-history", reform=DISTRICT)
    assert {(r["documentId"], int(r["start"])) for r in history_rows} == gold_claims(DISTRICT)
    assert [int(r["index"]) for r in history_rows] == list(range(1, len(history_rows) + 1))


def test_district_akim_elections_history(corpus_store) -> None:  # type: ignore[no-untyped-def]
    [reform] = [r for r in rows(corpus_store, "reforms") if r["reform"] == DISTRICT]
    assert reform["firstProposed"] == "2021-02"  # from the sentence, in an article of 2023
    assert reform["plannedFor"] == "2023"
    assert reform["firstImplemented"] == "2023-11-05"
    history_rows = rows(corpus_store, "reform-history", reform=DISTRICT)
    done = [r for r in history_rows if r["status"] == "implemented" and r["count"] == "45"]
    assert {(r["claimDate"], r["measure"], r["year"]) for r in done} >= {("2023-11-05", "districts", "2023")}
    later = [r for r in history_rows if r["status"] == "planned" and r["year"] == "2024"]
    assert later and all(r["claimDate"] >= "2023-11-05" for r in later)


def test_the_presidents_proposals_of_16_march_2022_are_five_reforms(corpus_store) -> None:  # type: ignore[no-untyped-def]
    claims = rows(corpus_store, "claims")
    proposed = {
        r["reformId"].rsplit("/reform/", 1)[1]
        for r in claims
        if r["claimDate"] == "2022-03-16" and r["status"] == "proposed" and r["claimant"] == "Kassym-Jomart Tokayev"
    }
    assert proposed == {
        "constitutional-court/-/-",
        "electoral-system/mazhilis/-",
        "party-registration/party/-",
        "electoral-threshold/mazhilis/-",
        "parliament-powers/senate/-/senate-quota",
    }


@pytest.mark.parametrize(
    ("reform", "promise_date", "fulfilled_date"),
    [
        ("constitutional-court/-/-", "2022-03-16", "2022-06-06"),
        ("presidential-term/president/-", "2022-09-01", "2022-09-17"),
    ],
)
def test_promises_are_fulfilled(corpus_store, reform: str, promise_date: str, fulfilled_date: str) -> None:  # type: ignore[no-untyped-def]
    promises = [r for r in rows(corpus_store, "promises") if r["reform"] == reform and r["promiseDate"] == promise_date]
    assert promises and all(r["state"] == "fulfilled" for r in promises)
    assert {r["fulfilledDate"] for r in promises} == {fulfilled_date}


def test_the_constitutional_court_history_runs_from_proposal_to_work(corpus_store) -> None:  # type: ignore[no-untyped-def]
    history_rows = rows(corpus_store, "reform-history", reform="constitutional-court/-/-")
    implemented = [r["claimDate"] for r in history_rows if r["status"] == "implemented"]
    assert implemented[0] == "2022-06-06" and "2023-01-05" in implemented
    assert history_rows[0]["status"] == "proposed" and history_rows[0]["claimDate"] == "2022-03-16"
