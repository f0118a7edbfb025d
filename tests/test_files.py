"""Atomic writes: the target is the old file or the new one, never a half-written one."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from kg import files
from kg.files import atomic_writer, write_atomic


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        ("Выборы акимов\n", "utf-8", "Выборы акимов\n".encode()),
        ("Выборы акимов\n", "cp1251", "Выборы акимов\n".encode("cp1251")),
        (b"\x00\x01raw", "utf-8", b"\x00\x01raw"),
        ("", "utf-8", b""),
    ],
)
def test_write_atomic_writes_exact_bytes(tmp_path: Path, data: str | bytes, encoding: str, expected: bytes) -> None:
    target = tmp_path / "out.bin"
    write_atomic(target, data, encoding=encoding)
    assert target.read_bytes() == expected
    assert os.listdir(tmp_path) == ["out.bin"]


def test_creates_parent_folders_and_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "graph.ttl"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert os.listdir(target.parent) == ["graph.ttl"]


def test_streaming_writer(tmp_path: Path) -> None:
    target = tmp_path / "stream.nt"
    with atomic_writer(target) as out:
        for i in range(3):
            out.write(f"line {i}\n".encode())
        assert not target.exists()  # nothing visible until the block ends
    assert target.read_text(encoding="utf-8") == "line 0\nline 1\nline 2\n"


def test_failure_while_writing_keeps_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), atomic_writer(target) as out:
        out.write(b"new but partial")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_failure_without_old_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.ttl"
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as out:
        out.write(b"x")
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_os_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_encoding_error_happens_before_anything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "Выборы", encoding="ascii")
    assert (target.read_text(encoding="utf-8"), os.listdir(tmp_path)) == ("old", ["t.txt"])


def test_temp_file_is_hidden_and_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    target = tmp_path / "sub" / "g.ttl"
    write_atomic(target, "x")
    [(src, dst)] = seen
    assert dst == target
    assert src.parent == target.parent
    assert src.name.startswith(".")


def test_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "perm.txt"
    write_atomic(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "script.sh"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o750)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o750


# --------------------------------------------------------------------------- the folder lock


def _planted_link(folder: Path, target: Path) -> None:
    (folder / files.LOCK_NAME).symlink_to(target)


def _planted_fifo(folder: Path, _target: Path) -> None:
    os.mkfifo(folder / files.LOCK_NAME)


def _planted_folder(folder: Path, _target: Path) -> None:
    (folder / files.LOCK_NAME).mkdir()


@pytest.mark.parametrize(
    ("plant", "message"),
    [
        (_planted_link, "is a symbolic link; remove it (the build never follows it)"),
        (_planted_fifo, "not a regular file; remove it"),
        (_planted_folder, "is a folder; remove it"),
    ],
    ids=["symlink", "fifo", "folder"],
)
def test_the_lock_is_never_opened_through_a_planted_file(tmp_path: Path, plant, message: str) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    plant(out, elsewhere / "victim")
    with pytest.raises(files.LockRefused, match=re.escape(message)), files.folder_lock(out):
        pass
    assert os.listdir(elsewhere) == []  # nothing created or touched outside the output folder


def test_a_link_to_an_existing_file_leaves_it_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    before = victim.stat()
    out = tmp_path / "out"
    out.mkdir()
    (out / files.LOCK_NAME).symlink_to(victim)
    with pytest.raises(files.LockRefused), files.folder_lock(out):
        pass
    after = victim.stat()
    assert victim.read_text(encoding="utf-8") == "precious"
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_the_lock_is_a_hidden_regular_file_in_the_folder(tmp_path: Path) -> None:
    with files.folder_lock(tmp_path / "new"):
        lock = tmp_path / "new" / files.LOCK_NAME
        assert lock.is_file() and not lock.is_symlink()


def test_a_link_as_output_keeps_pointing_at_the_new_file(tmp_path: Path) -> None:
    real = tmp_path / "real" / "graph.ttl"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "graph.ttl"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"


def test_a_pipe_as_output_is_written_through_and_stays_a_pipe(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "streamed")
    reader.join(timeout=10)
    assert got == [b"streamed"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
