"""The answer cache of ``kg query --store DIR --name NAME`` (kg.answers): the same bytes as evaluating,
never an answer of another generation, and a damaged entry is ignored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import answers
from kg.cli import main
from kg.database import StoreDir
from kg.incremental import build_store
from kg.query import list_queries
from tests.conftest import ROOT

DATA = ROOT / "data"
HELD_BACK = "en-court-2023.md"  # added by the test of a new generation


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "reform-kg" / "answers"


@pytest.fixture
def store(pipe, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(DATA.iterdir()):
        if path.name != HELD_BACK:
            (folder / path.name).write_bytes(path.read_bytes())
    build_store(pipe, [folder], tmp_path / "store", validate=False)
    return tmp_path / "store"


def query(capsys: pytest.CaptureFixture, *argv: str) -> tuple[bytes, str]:
    assert main(["query", *argv]) == 0
    captured = capsys.readouterr()
    return captured.out.encode("utf-8"), captured.err


def no_store(*args, **kwargs):
    raise AssertionError("the store was opened for a cached answer")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
@pytest.mark.parametrize("name", sorted(list_queries()))
def test_a_cached_answer_is_the_evaluated_one_and_opens_no_store(
    store: Path, cache: Path, capsys, monkeypatch: pytest.MonkeyPatch, name: str, fmt: str
) -> None:
    evaluated, _ = query(capsys, "--store", str(store), "--name", name, "--format", fmt, "--no-cache")
    assert not cache.exists()
    cold, _ = query(capsys, "--store", str(store), "--name", name, "--format", fmt)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(StoreDir, "open_generation", no_store)
    warm, _ = query(capsys, "--store", str(store), "--name", name, "--format", fmt)
    assert evaluated == cold == warm


@pytest.mark.parametrize(
    ("argv", "entries"),
    [
        (["--name", "reforms", "--limit", "1"], 2),  # another limit
        (["--name", "reforms", "--format", "csv"], 2),  # another format
        (["--name", "reform-history", "--param", "reform=death-penalty/-/-"], 2),  # another parameter
        (["--name", "reforms"], 1),
    ],
    ids=["limit", "format", "param", "same"],
)
def test_the_key_holds_limit_format_and_parameters(store: Path, cache: Path, capsys, argv, entries: int) -> None:
    query(capsys, "--store", str(store), "--name", "reforms")
    expected, expected_err = query(capsys, "--store", str(store), *argv, "--no-cache")
    got, err = query(capsys, "--store", str(store), *argv)
    again, again_err = query(capsys, "--store", str(store), *argv)
    assert got == again == expected and err == again_err == expected_err
    assert len(list(cache.iterdir())) == entries


def test_limit_note_comes_with_a_cached_answer(store: Path, cache: Path, capsys) -> None:
    for _ in range(2):
        out, err = query(capsys, "--store", str(store), "--name", "claims", "--limit", "1", "--format", "csv")
        assert len(out.decode().strip().splitlines()) == 2 and "stopped at --limit 1" in err


def test_a_new_generation_gets_its_own_answer(pipe, store: Path, cache: Path, capsys, tmp_path: Path) -> None:
    before, _ = query(capsys, "--store", str(store), "--name", "articles", "--format", "csv")
    (tmp_path / "in" / HELD_BACK).write_bytes((DATA / HELD_BACK).read_bytes())
    assert build_store(pipe, [tmp_path / "in"], store, validate=False).published
    after, _ = query(capsys, "--store", str(store), "--name", "articles", "--format", "csv")
    evaluated, _ = query(capsys, "--store", str(store), "--name", "articles", "--format", "csv", "--no-cache")
    assert after == evaluated != before
    assert len(after.splitlines()) == len(before.splitlines()) + 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[:-5]),  # cut short
        lambda p: p.write_bytes(b"not json\n" + p.read_bytes()),
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes().replace(b'"format": 1', b'"format": 99', 1)),
    ],
    ids=["short", "header", "empty", "format"],
)
def test_a_damaged_entry_is_ignored_and_replaced(store: Path, cache: Path, capsys, damage) -> None:
    first, _ = query(capsys, "--store", str(store), "--name", "claims", "--format", "csv")
    (entry,) = cache.iterdir()
    damage(entry)
    assert query(capsys, "--store", str(store), "--name", "claims", "--format", "csv")[0] == first
    with open(os.devnull, "wb") as sink:
        assert answers.send(entry.name, sink) is not None  # filed again, whole


@pytest.mark.parametrize(
    "argv", [["--name", "claims", "--no-cache"], ["-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 3"]], ids=["off", "adhoc"]
)
def test_nothing_is_cached_without_a_named_query_or_with_no_cache(store: Path, cache: Path, capsys, argv) -> None:
    query(capsys, "--store", str(store), *argv)
    assert not cache.exists()


def test_reform_kg_cache_off_turns_it_off(store: Path, cache: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("REFORM_KG_CACHE", "off")
    query(capsys, "--store", str(store), "--name", "claims")
    assert not cache.exists()
