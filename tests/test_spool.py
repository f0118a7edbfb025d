"""The spool: lines in any order and any number of runs come back sorted and distinct."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.spool import SPOOL_PREFIX, Spool

# N-Triples-like lines, with the characters that must not split a line (U+2028, U+0085, \r).
LINES = [
    f'<s{i % 37}> <p{i % 5}> "v{i}\u2028x\u0085y\rz" .'.encode()
    if i % 7 == 0
    else f"<s{i % 37}> <p{i % 5}> <o{i}> .".encode()
    for i in range(600)
]


def spooled(folder: Path, batches: list[list[bytes]], limit: int) -> tuple[list[bytes], int]:
    with Spool(folder, limit=limit) as spool:
        for batch in batches:
            spool.add(batch)
        return list(spool.lines()), spool.runs


@pytest.mark.parametrize(
    ("limit", "min_runs"),
    [
        (1 << 30, 0),  # everything fits: nothing touches the disk
        (2000, 5),  # a run every few batches
        (1, 50),  # a run per batch
    ],
)
def test_lines_come_back_sorted_and_distinct(tmp_path: Path, limit: int, min_runs: int) -> None:
    rng = random.Random(limit)
    shuffled = LINES + LINES[::3]  # repeats, within and across batches
    rng.shuffle(shuffled)
    batches = [shuffled[i : i + 13] for i in range(0, len(shuffled), 13)]
    got, runs = spooled(tmp_path, batches, limit)
    assert got == sorted(set(LINES))
    assert runs >= min_runs
    assert not list(tmp_path.iterdir()), "close() leaves no run files"


def test_runs_live_in_a_hidden_folder_until_closed(tmp_path: Path) -> None:
    spool = Spool(tmp_path, limit=1)
    spool.add([b"<b> <p> <o> .", b"<a> <p> <o> ."])
    (folder,) = tmp_path.iterdir()
    assert folder.name.startswith(SPOOL_PREFIX) and folder.name.endswith(".tmp")
    assert list(spool.lines()) == [b"<a> <p> <o> .", b"<b> <p> <o> ."]
    spool.close()
    assert not folder.exists()


def test_an_empty_spool_gives_no_lines(tmp_path: Path) -> None:
    with Spool(tmp_path) as spool:
        assert list(spool.lines()) == []
