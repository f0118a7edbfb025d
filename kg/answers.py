"""A cache of the answers of ``kg query --store DIR --name NAME``, keyed by the store's generation.

A published generation of the store is never written again (``kg.database``), so the answer of a
named query on it is fixed: the cache keys it by the generation's folder (its resolved path and the
inode, size and time of its ``state.json``, which a rebuilt store with the same generation name does
not share), the query's text, its parameters, the output format and encoding, the row limit, the
engine and the package version. A build that publishes a new generation makes every old key miss.

The first run of a query (cold) evaluates it and writes the bytes it sent to standard output to
``$XDG_CACHE_HOME/reform-kg/answers``, under a temporary name then renamed; later runs (warm) copy
that file without opening the store. An entry holds a one-line JSON header (rows, truncated) and the
output. Answers over ``MAX_ENTRY`` bytes are not kept, the folder keeps the ``KEEP`` newest entries,
and an entry that cannot be read is ignored and replaced. ``REFORM_KG_CACHE=off`` (``kg.cache``) or
``kg query --no-cache`` turn it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.cache import cache_dir

FORMAT = 1
MAX_ENTRY = 64 << 20  # bytes of output kept per answer
KEEP = 200  # entries kept (the newest)
_COPY = 1 << 20


@dataclass(frozen=True)
class Hit:
    rows: int
    truncated: bool


def folder() -> Path | None:
    base = cache_dir()
    return None if base is None else base / "answers"


def key(generation: Path, sparql: str, params: Mapping[str, str], **options: object) -> str | None:
    """The cache key of a query's answer on one generation; None when the generation cannot be read."""
    import kg

    try:
        stat = (generation / "state.json").stat()
    except OSError:
        return None
    digest = hashlib.sha256(f"answers|{FORMAT}|{kg.__version__}".encode())
    identity = [str(generation.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns]
    material = [identity, sparql, sorted(params.items()), sorted((k, repr(v)) for k, v in options.items())]
    digest.update(json.dumps(material, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def send(cache_key: str, out: BinaryIO) -> Hit | None:
    """Copy a cached answer to ``out``; None (nothing written) when there is none or it is damaged."""
    where = folder()
    if where is None:
        return None
    try:
        with open(where / cache_key, "rb") as entry:
            header = json.loads(entry.readline())
            hit = Hit(int(header["rows"]), bool(header["truncated"]))
            body = os.fstat(entry.fileno()).st_size - entry.tell()
            if header.get("format") != FORMAT or int(header["bytes"]) != body:  # another format, or cut short
                return None
            while data := entry.read(_COPY):
                out.write(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    out.flush()
    return hit


class Recorder:
    """Passes output on to ``out`` and keeps a copy, which ``keep`` files under the key."""

    def __init__(self, out: BinaryIO, cache_key: str) -> None:
        self._out = out
        self._key = cache_key
        self._parts: list[bytes] | None = []
        self._size = 0

    def write(self, data: bytes) -> int:
        if self._parts is not None:
            self._size += len(data)
            if self._size > MAX_ENTRY:
                self._parts = None
            else:
                self._parts.append(bytes(data))
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()

    def keep(self, rows: int, truncated: bool) -> None:
        """File the answer (a failure to write it is no error: the cache is an optimisation)."""
        where = folder()
        if where is None or self._parts is None:
            return
        header = json.dumps({"format": FORMAT, "rows": rows, "truncated": truncated, "bytes": self._size})
        with contextlib.suppress(OSError):
            where.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=where)
            try:
                with os.fdopen(fd, "wb") as entry:
                    entry.write(header.encode("ascii") + b"\n")
                    entry.writelines(self._parts)
                os.replace(tmp, where / self._key)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            _prune(where)


def _prune(where: Path) -> None:
    entries = []
    for path in where.iterdir():
        if len(path.name) == 64 and not path.name.startswith("."):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()
