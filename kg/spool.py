"""Sorted runs of lines on disk, merged into one sorted stream without repeats.

A build hands each batch of triples (as N-Triples lines coded for Turtle order) to a
spool instead of keeping the graph in memory, and the Turtle writer reads the merge:
the external sort of ``sort -u``. Memory holds one run of at most ``limit`` bytes of
lines, however large the graph grows.
"""

from __future__ import annotations

import heapq
import itertools
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["SPOOL_BYTES", "SPOOL_PREFIX", "Spool"]

SPOOL_PREFIX = ".graph.spool."  # hidden, and removed by the next build if a kill left it
SPOOL_BYTES = 32 << 20  # lines kept in memory before a sorted run goes to disk


class Spool:
    """Lines (bytes without "\\n") added in any order, read back in byte order and distinct.

    Runs live in a hidden folder inside ``folder`` (the output folder: the same disk as
    the result, not a RAM-backed /tmp) and are removed by ``close``.
    """

    def __init__(self, folder: Path, *, limit: int = SPOOL_BYTES) -> None:
        self.limit = limit
        self._folder = folder
        self._dir: Path | None = None
        self._runs: list[Path] = []
        self._buffer: set[bytes] = set()
        self._buffered = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def runs(self) -> int:
        """Runs written to disk so far (0 while everything fits in one buffer)."""
        return len(self._runs)

    def add(self, lines: Iterable[bytes]) -> None:
        for line in lines:
            if line not in self._buffer:
                self._buffer.add(line)
                self._buffered += len(line)
        if self._buffered >= self.limit:
            self._spill()

    def _spill(self) -> None:
        if not self._buffer:
            return
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=SPOOL_PREFIX, suffix=".tmp", dir=self._folder))
        run = self._dir / f"run-{len(self._runs):06d}.nt"
        with run.open("wb") as out:
            for line in sorted(self._buffer):
                out.write(line + b"\n")
        self._runs.append(run)
        self._buffer = set()
        self._buffered = 0

    def lines(self) -> Iterator[bytes]:
        """Every distinct line added, in byte order; read it once."""
        if not self._runs:
            yield from sorted(self._buffer)
            return
        self._spill()
        files = [run.open("rb") for run in self._runs]
        try:
            merged = heapq.merge(*(_stripped(f) for f in files))
            for line, _ in itertools.groupby(merged):
                yield line
        finally:
            for f in files:
                f.close()

    def close(self) -> None:
        self._buffer = set()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        self._runs = []


def _stripped(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Lines of a run without their "\\n" (only "\\n" ends a line in N-Triples)."""
    for line in lines:
        yield line[:-1] if line.endswith(b"\n") else line
