"""Every example in every rule file runs here, one test per example, named by rule id."""

from __future__ import annotations

import pytest

from kg.examples import run_example, run_registry_example
from kg.pipeline import Pipeline

_PIPE = Pipeline()
CASES = [
    pytest.param(rule, i, ex, id=f"{rule.id}[{i + 1}]")
    for rule in (*_PIPE.grammar.rules, *_PIPE.grammar.filters, *_PIPE.grammar.cues)
    for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "index", "example"), CASES)
def test_rule_example(rule, index, example):
    outcome = run_example(_PIPE, rule, index, example)
    assert outcome.ok, outcome.message


REGISTRY_CASES = [
    pytest.param(entry, i, ex, id=f"{entry.key}[{i + 1}]")
    for entry in _PIPE.grammar.registry
    for i, ex in enumerate(entry.examples)
]


@pytest.mark.parametrize(("entry", "index", "example"), REGISTRY_CASES)
def test_registry_example(entry, index, example):
    outcome = run_registry_example(_PIPE, entry, index, example)
    assert outcome.ok, outcome.message


def test_every_reform_rule_has_a_positive_example():
    lacking = [r.id for r in _PIPE.grammar.rules if not any(ex.expect not in (None, "none") for ex in r.examples)]
    assert lacking == []


def test_every_filter_has_an_example_it_blocks():
    lacking = [f.id for f in _PIPE.grammar.filters if not any(ex.blocks for ex in f.examples)]
    assert lacking == []


def test_examples_cover_both_languages_and_all_reforms():
    from kg.vocab import REFORM_CODES

    covered = {(r.reform, r.lang) for r in _PIPE.grammar.rules if r.examples}
    missing = [(code, lang) for code in REFORM_CODES for lang in ("ru", "en") if (code, lang) not in covered]
    assert missing == []
