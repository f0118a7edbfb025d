"""The scoring rule of the corpus README, on hand-made gold, and the rules' scores on our sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import Gold, bcubed, evaluate, norm_name, score
from tests.conftest import CORPUS

TEXT = "Headline about elections.\n\nLead sentence here. Other sentence.\n\nLead sentence here."
LEAD = "Lead sentence here."
FIRST = TEXT.index(LEAD)
SECOND = TEXT.rindex(LEAD)
OTHER = TEXT.index("Other sentence.")


def gold(claims: list[dict], non_claims: list[str] | None = None) -> list[Gold]:
    return [Gold("d1", "en", TEXT, claims, non_claims or [])]


def pred(start: int, end: int, reform: str = "referendum", **slots: object) -> dict:
    return {"documentId": "d1", "start": start, "end": end, "reform": reform, **slots}


CLAIM = {
    "quote": LEAD,
    "reform": "referendum",
    "count": 33,
    "year": 2022,
    "claimant": "Central Election Commission",
    "status": "implemented",
    "level": None,
}


@pytest.mark.parametrize(
    ("predictions", "tp", "fp", "fn"),
    [
        pytest.param([pred(FIRST, FIRST + len(LEAD))], 1, 0, 0, id="exact-span"),
        pytest.param([pred(FIRST + 3, FIRST + 8)], 1, 0, 0, id="overlap-is-enough"),
        pytest.param([pred(SECOND, SECOND + len(LEAD))], 1, 0, 0, id="either-copy-of-a-repeated-sentence"),
        pytest.param([pred(FIRST, FIRST + 5), pred(SECOND, SECOND + 5)], 1, 0, 0, id="second-copy-counts-neither-way"),
        pytest.param([pred(FIRST, FIRST + 5, "death-penalty")], 0, 1, 1, id="other-reform-code"),
        pytest.param([pred(OTHER, OTHER + 5)], 0, 1, 1, id="no-overlap"),
        pytest.param([], 0, 0, 1, id="missed"),
    ],
)
def test_matching(predictions, tp, fp, fn):
    report = score(gold([CLAIM]), predictions)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (tp, fp, fn)


def test_prediction_on_a_non_claim_is_counted_separately():
    report = score(gold([], ["Other sentence."]), [pred(OTHER, OTHER + 5)])
    assert report.overall.fp == 1 and report.overall.non_claim_fp == 1


@pytest.mark.parametrize(
    ("slots", "right"),
    [
        pytest.param(
            {"count": "33", "year": "2022", "claimant": "Central Election Commission", "status": "implemented"},
            {"count", "year", "claimant", "status", "level"},
            id="all-right",
        ),
        pytest.param(
            {
                "count": "5",
                "year": "2022",
                "claimant": "https://x.org/id/agent/central-election-commission",
                "status": "planned",
            },
            {"year", "claimant", "level"},
            id="iri-claimant-wrong-count-status",
        ),
        pytest.param({"level": "district"}, set(), id="all-missing-or-wrong"),
    ],
)
def test_slot_accuracy(slots, right):
    report = score(gold([CLAIM]), [pred(FIRST, FIRST + 5, **slots)])
    got = {s for s in ("count", "year", "claimant", "status", "level") if report.slot_accuracy(s) == 1.0}
    assert got == right


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("Kassym-Jomart Tokayev", "kassym-jomart-tokayev"),
        ("https://w3id.org/reform-kg/id/agent/senate", "senate"),
        ("", None),
        (None, None),
    ],
)
def test_claimant_normalization(value, normal):
    assert norm_name(value) == normal


@pytest.mark.parametrize(
    ("pairs", "precision", "recall"),
    [
        pytest.param([("a", "x"), ("a", "x"), ("b", "y")], 1.0, 1.0, id="same-clusters"),
        pytest.param([("a", "x"), ("a", "y")], 0.5, 1.0, id="two-reforms-merged"),
        pytest.param([("a", "x"), ("b", "x")], 1.0, 0.5, id="one-reform-split"),
        pytest.param([("a", "x"), ("a", "x"), ("a", "y"), ("b", "y")], (2 / 3 * 2 + 1 / 3 + 1) / 4,
                     (1 + 1 + 0.5 + 0.5) / 4, id="mixed"),
    ],
)  # fmt: skip
def test_bcubed(pairs, precision, recall):
    result = bcubed(pairs)
    assert (result.precision, result.recall) == pytest.approx((precision, recall))


def test_reform_identity_is_scored_on_matched_claims_with_a_key():
    claim = {**CLAIM, "reform_key": "referendum/-/-/constitution-2022"}
    other = {**CLAIM, "quote": "Other sentence.", "reform_key": "referendum/-/-/unicameral-parliament"}
    preds = [
        pred(FIRST, FIRST + 5, reformId="https://x/reform/r1"),
        pred(OTHER, OTHER + 5, reformId="https://x/reform/r1"),
    ]
    report = score(gold([claim, other]), preds)
    assert report.identity.items == 2
    assert (report.identity.precision, report.identity.recall) == (0.5, 1.0)


SETS = [
    pytest.param(CORPUS, 0.95, 0.95, id="shared-corpus"),
    pytest.param(Path(__file__).parent / "unseen", 0.9, 0.9, id="unseen"),
    pytest.param(Path(__file__).parent / "blind", 0.9, 0.9, id="blind"),
    pytest.param(Path(__file__).parent / "final", 0.9, 0.9, id="final"),
    pytest.param(Path(__file__).parent / "fresh", 0.85, 0.9, id="fresh"),
    pytest.param(Path(__file__).parent / "wild", 0.9, 0.9, id="wild"),  # web-page noise; blind F1 0.758
    pytest.param(Path(__file__).parent / "holdout", 0.7, 0.9, id="holdout"),  # blind F1 0.880 (claimant 0.753)
    pytest.param(Path(__file__).parent / "realstyle", 0.85, 0.9, id="realstyle"),  # real-news structure; blind 0.753
    pytest.param(Path(__file__).parent / "realstyle2", 0.8, 0.8, id="realstyle2"),  # written after the rules; 0.868
    # real articles' structure (30 articles); blind F1 0.725, now 0.944 with claimant 0.874, identity 0.916
    pytest.param(Path(__file__).parent / "real-a", 0.85, 0.88, id="real-a"),
    # real articles' structure (20 articles); blind F1 0.741, then kept from rule work until scored at 0.791;
    # tuned to 0.928 (claimant 0.878, status 0.956)
    pytest.param(Path(__file__).parent / "real-b", 0.85, 0.9, id="real-b"),
    # real articles' structure (24 articles, 21 outlets); blind F1 0.727 before and 0.724 after the rules of
    # that round (claimant 0.663 -> 0.641): what was tuned to real-b did not carry over. Now 0.739, claimant 0.652
    pytest.param(Path(__file__).parent / "real-c", 0.6, 0.88, id="real-c"),
    # real articles' structure (16 articles, 16 outlets); kept from all rule work until scored: blind F1 0.775
    # before the last rule round and 0.787 after it (claimant 0.814, status 0.914)
    pytest.param(Path(__file__).parent / "real-d", 0.7, 0.88, id="real-d"),
]


@pytest.mark.parametrize(("corpus", "floor", "identity_floor"), SETS)
def test_rules_score_on_annotated_sets(pipe, corpus, floor, identity_floor):
    """A guard against regressions: F1, every slot's accuracy and reform identity stay above their floors."""
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not here")
    report = evaluate(corpus, pipe)
    assert report.overall.f1 >= floor, report.errors
    for slot in ("count", "year", "claimant", "status", "level"):
        assert report.slot_accuracy(slot) >= floor, (slot, report.errors)
    assert report.identity.f1 >= identity_floor, report.identity
