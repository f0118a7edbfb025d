"""The grammar cache: a second start reads it, and it is never a risk to what the grammar says."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kg import cache
from kg.examples import run_examples
from kg.pipeline import Pipeline
from kg.rules import Grammar, default_grammar_dir, load_grammar
from kg.tokens import Morphology


def summary(grammar: Grammar) -> list[object]:
    """Everything compiling decides, in comparable form."""
    rules = [
        (r.id, r.lang, r.file, r.reform, r.status, [(n, p.describe()) for n, p in r.match], r.triggers)
        for r in (*grammar.rules, *grammar.filters, *grammar.cues)
    ]
    return [rules, sorted(grammar.gazetteer.entries), sorted(grammar.slots), grammar.files]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("REFORM_KG_CACHE", raising=False)
    return tmp_path / "reform-kg"


class CountingMorphology(Morphology):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def _analyze_ru(self, word: str) -> tuple[tuple[str, ...], frozenset[str], str]:
        self.calls += 1
        return super()._analyze_ru(word)


def test_a_second_load_reads_the_cache_and_compiles_the_same_grammar(cache_home: Path) -> None:
    first_morph = CountingMorphology()
    first = load_grammar(morph=first_morph)
    assert first_morph.calls > 100  # the gazetteers' Russian terms
    assert len(list(cache_home.glob("grammar-*.json"))) == 1
    again_morph = CountingMorphology()
    again = load_grammar(morph=again_morph)
    assert again_morph.calls == 0  # every word came from the cache
    assert summary(again) == summary(first)


def test_a_grammar_from_the_cache_passes_every_rule_example(cache_home: Path) -> None:
    Pipeline()  # fills the cache
    pipe = Pipeline()
    failures = [o.message for o in run_examples(pipe) if not o.ok]
    assert failures == []


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b'{"format": 1, "key": "other", "docs": [], "words": {}}', b"\x00\xff" * 100],
    ids=["empty", "not-json", "wrong-key", "binary"],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(cache_home: Path, damage: bytes) -> None:
    reference = summary(load_grammar())
    [entry] = cache_home.glob("grammar-*.json")
    entry.write_bytes(damage)
    assert summary(load_grammar()) == reference
    assert entry.read_bytes() != damage  # compiled again and stored


def test_an_edited_rule_file_gets_an_entry_of_its_own(cache_home: Path, tmp_path: Path) -> None:
    rules = tmp_path / "grammar"
    shutil.copytree(default_grammar_dir(), rules)
    before = load_grammar([rules])
    target = rules / "death-penalty.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("about:", "about:  ", 1), encoding="utf-8")
    after = load_grammar([rules])
    assert len(list(cache_home.glob("grammar-*.json"))) == 2
    assert summary(after) == summary(before)  # the same rules, read afresh


def test_turned_off_or_unwritable_it_is_not_needed(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORM_KG_CACHE", "off")
    reference = summary(load_grammar())
    assert not cache_home.exists()
    monkeypatch.delenv("REFORM_KG_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert summary(load_grammar()) == reference


def test_yaml_dates_come_back_as_dates(cache_home: Path) -> None:
    docs = [{"entries": [{"since": dt.date(2019, 3, 20), "n": 1, "ok": True, "x": None}]}, ["a", 2.5]]
    cache.store("k", docs, {"выборы": (("выборы", "выбор"), frozenset({"NOUN", "plur"}), "NOUN")})
    loaded = cache.load("k", 2)
    assert loaded is not None
    assert loaded[0] == docs
    assert loaded[1] == {"выборы": (("выборы", "выбор"), frozenset({"NOUN", "plur"}), "NOUN")}
    assert cache.load("k", 3) is None


def test_lemminflects_table_comes_back_whole_from_the_cache(cache_home: Path) -> None:
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    own = LemmaLUCodec.load(lemmatizer.lemma_lu_fn)
    for damage in (None, b"\x00garbage"):
        if hasattr(lemmatizer, "lemma_dict"):
            del lemmatizer.lemma_dict
        if damage is not None:
            [entry] = cache_home.glob("lemminflect-*.marshal")
            entry.write_bytes(damage)
        cache.english_lemmas()  # the first time, and after damage: lemminflect reads its file, then it is stored
        assert lemmatizer.lemma_dict == own
        del lemmatizer.lemma_dict
        cache.english_lemmas()  # from the cache
        assert lemmatizer.lemma_dict == own


ENGLISH_WORDS = ["elections", "held", "akims", "tokayev", "zhanbolatov", "the", "was", "better", "mazhilis", "Tokayev",
                 "ASTANA", "running", "xqzzy", "leaves", "children"]  # fmt: skip


@pytest.mark.parametrize("damage", [None, b"\x00garbage", b""])
def test_english_lexicon_answers_as_lemminflect_does(cache_home: Path, damage: bytes | None) -> None:
    from lemminflect import getAllLemmas, getAllLemmasOOV

    lexicon = cache.EnglishLexicon()
    first = {w: (lexicon.all_lemmas(w), lexicon.oov_lemmas(w, "NOUN")) for w in ENGLISH_WORDS}  # builds the file
    [entry] = cache_home.glob("lemminflect-*.sqlite")
    if damage is not None:
        entry.write_bytes(damage)
    again = cache.EnglishLexicon()  # a new process: reads the file (or, damaged, asks lemminflect)
    for word in ENGLISH_WORDS:
        expected = (getAllLemmas(word), getAllLemmasOOV(word, "NOUN"))
        assert first[word] == expected and list(first[word][0]) == list(expected[0])
        assert (again.all_lemmas(word), again.oov_lemmas(word, "NOUN")) == expected


def test_english_lexicon_without_a_cache_asks_lemminflect(monkeypatch: pytest.MonkeyPatch) -> None:
    from lemminflect import getAllLemmas

    monkeypatch.setenv("REFORM_KG_CACHE", "off")
    lexicon = cache.EnglishLexicon()
    assert [lexicon.all_lemmas(w) for w in ENGLISH_WORDS] == [getAllLemmas(w) for w in ENGLISH_WORDS]
