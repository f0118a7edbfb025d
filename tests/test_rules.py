"""Rule files: the strict schema and its one-line errors (file, rule id, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.rules import RuleError, default_grammar_dir, load_grammar

GOOD_RULE = """\
reform: death-penalty
about: {en: test, ru: тест}
rules:
  - id: test.rule
    lang: ru
    about: test
    match:
      penalty: [{lemma: [смертный]}, {lemma: казнь}]
"""


def _write(tmp_path: Path, text: str, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("reform: [unclosed\n", ["r.yaml:", "invalid YAML"], id="bad-yaml"),
        pytest.param(
            GOOD_RULE.replace("    lang: ru", "    lang: ru\n    colour: red"),
            ["rule test.rule", "field colour", "unknown field"],
            id="unknown-field",
        ),
        pytest.param(
            GOOD_RULE.replace("{lemma: казнь}", "{regex: '(['}"),
            ["rule test.rule", "field match.penalty.1.regex", "regex does not compile"],
            id="bad-regex",
        ),
        pytest.param(
            GOOD_RULE.replace("reform: death-penalty", "reform: flat-tax"),
            ["field reform", "unknown reform code 'flat-tax'"],
            id="unknown-reform",
        ),
        pytest.param(
            GOOD_RULE.replace("id: test.rule", "id: Test Rule"),
            ["rule Test Rule", "field id", "lowercase"],
            id="bad-id",
        ),
        pytest.param(
            GOOD_RULE.replace("    lang: ru", "    lang: kk"), ["rule test.rule", "field lang"], id="bad-lang"
        ),
        pytest.param(
            GOOD_RULE.replace("{lemma: казнь}", "{op: '?'}"),
            ["rule test.rule", "needs at least one test"],
            id="spec-without-test",
        ),
        pytest.param(
            GOOD_RULE.replace("{lemma: казнь}", "{gap: 3, lemma: x}"),
            ["rule test.rule", "a gap spec takes no other key"],
            id="gap-with-key",
        ),
        pytest.param(
            GOOD_RULE.replace("{lemma: казнь}", "{ent: 'office:sultan'}"),
            ["rule test.rule", "field match.penalty.ent", "unknown gazetteer entry 'office:sultan'"],
            id="unknown-gazetteer-entry",
        ),
        pytest.param(
            GOOD_RULE + GOOD_RULE[GOOD_RULE.index("  - id") :],
            ["rule test.rule", "field id", "duplicate rule id"],
            id="duplicate-id",
        ),
        pytest.param("just: text\n", ["not a rule file"], id="not-a-rule-file"),
        pytest.param(
            GOOD_RULE.replace("    lang: ru", "    lang: ru\n    lang: en"),
            [":6:", "duplicate key 'lang'"],
            id="duplicate-key",
        ),
        pytest.param("- a\n- b\n", ["expected a mapping"], id="top-level-list"),
    ],
)
def test_broken_rule_file_gives_one_line(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(RuleError) as err:
        load_grammar([default_grammar_dir() / "gazetteers", path])
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for part in expected:
        assert part in message


def test_missing_rules_folder(tmp_path):
    with pytest.raises(RuleError, match="no such rule file or folder"):
        load_grammar([tmp_path / "nope"])


def test_good_file_loads_with_bundled_gazetteers(tmp_path):
    g = load_grammar([default_grammar_dir() / "gazetteers", _write(tmp_path, GOOD_RULE)])
    assert [r.id for r in g.rules] == ["test.rule"]
    assert g.rules[0].reform == "death-penalty"


def test_yaml_words_yes_no_stay_words(tmp_path):
    text = GOOD_RULE.replace("{lemma: казнь}", "{word: [no, yes, on, off]}")
    g = load_grammar([default_grammar_dir() / "gazetteers", _write(tmp_path, text)])
    assert "no" in g.rules[0].match[0][1].describe()


def test_bundled_grammar_covers_every_reform_in_both_languages():
    from kg.vocab import REFORM_CODES

    g = load_grammar()
    covered = {(r.reform, r.lang) for r in g.rules}
    assert {(c, lang) for c in REFORM_CODES for lang in ("ru", "en")} <= covered
    assert len({r.id for r in g.rules}) == len(g.rules)


@pytest.mark.parametrize(
    ("lang", "text", "lexicon", "word"),
    [
        ("ru", "вместо прежнего порога", "old-value", "вместо прежнего"),
        ("ru", "впервые с 1995 года", "first", "впервые"),
        ("en", "a mixed system", "determiner", "a"),
        ("en", "Akhmetov later said", "auxiliary", "later"),
        ("en", "the court, abolished in 1995", "time-preposition", "in"),
    ],
)
def test_function_words_are_read_from_the_lexicon(lang, text, lexicon, word):
    """The readers' closed word lists live in gazetteers/function-words.yaml, as word forms."""
    from kg.extract import analyze
    from kg.model import Document
    from kg.tokens import Morphology, split

    morph = Morphology()
    g = load_grammar(morph=morph)
    a = analyze(next(split(Document("t", text, lang), morph)), g, None)
    assert [a.sentence.tokens[i].norm for i in sorted(a.words[lexicon])] == word.split()


def test_function_words_match_forms_not_lemmas():
    """«прежних» is not listed, so it is not an old-value word (behaviour kept from the code lists)."""
    from kg.extract import analyze
    from kg.model import Document
    from kg.tokens import Morphology, split

    morph = Morphology()
    a = analyze(next(split(Document("t", "с прежних 20 тысяч", "ru"), morph)), load_grammar(morph=morph), None)
    assert "old-value" not in a.words
