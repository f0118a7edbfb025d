"""Atomic file output.

Outputs (graphs, reports) are written to a temporary file next to the target and
moved into place with ``os.replace``, so a crash or an error mid-write never leaves
a truncated file where a good one used to be: readers see the old file or the new
one, nothing in between.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["FolderBusy", "LockRefused", "atomic_writer", "folder_lock", "write_atomic"]

_DEFAULT_UMASK = 0o022
LOCK_NAME = ".graph.lock"


class FolderBusy(OSError):
    """Another build holds the output folder."""


class LockRefused(OSError):
    """The lock file is something a build must not open: a symbolic link, a FIFO, a folder."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` for one build, so that two builds never clean up each other's temp files.

    An advisory ``flock`` on a hidden file: the kernel releases it when the process ends,
    even by SIGKILL, so a killed build never leaves the folder locked. The file is opened
    without following a symbolic link (and without blocking on a FIFO), so a link planted
    in the folder cannot make the build create or touch a file elsewhere.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(lock, flags, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP or lock.is_symlink():
            raise LockRefused(f"{lock}: is a symbolic link; remove it (the build never follows it)") from None
        if err.errno == errno.EISDIR:
            raise LockRefused(f"{lock}: is a folder; remove it") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LockRefused(f"{lock}: not a regular file; remove it")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(f"{folder}: another kg build is writing to this folder") from None
        yield
    finally:
        os.close(fd)


def write_atomic(path: Path | str, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` all at once; text is encoded with ``encoding``."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_writer(path) as out:
        out.write(payload)


@contextlib.contextmanager
def atomic_writer(path: Path | str) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` only when the block ends without error.

    The temporary file lives in the target's folder (``os.replace`` is atomic only
    within one file system) and is hidden, so a folder walk does not pick it up.
    On any exception it is removed and the previous file at ``path`` stays as it was.
    A symbolic link keeps its place: the file it points at is replaced. A pipe or a device
    (``-o /dev/stdout``, a FIFO) is written straight through, as a stream cannot be renamed over.
    """
    target = Path(path)
    try:
        mode = target.stat().st_mode  # follows links
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with open(target, "wb") as stream:
            yield stream
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed explicitly below
        mode="wb", delete=False, dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    tmp_path = Path(tmp.name)
    try:
        yield tmp  # type: ignore[misc]
        tmp.flush()
        os.fsync(tmp.fileno())
        tmp.close()
        os.chmod(tmp_path, _target_mode(target))
        os.replace(tmp_path, target)
    except BaseException:
        tmp.close()
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise
    _fsync_dir(target.parent)


def _target_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets what ``open`` would give it.

    NamedTemporaryFile creates files as 0600, which would make every output private.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` would, for all threads)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return _DEFAULT_UMASK


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself; best effort, as some systems cannot open folders."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
