"""Which graph a page was drawn from: a content hash in ``graph.ttl`` and in ``graph.html``.

A build writes ``graph.ttl`` and then ``graph.html``, each renamed into place on its own;
a kill between the two renames leaves a new graph beside an old page. The Turtle ends
with a comment holding the SHA-256 of the bytes above it, and the page carries the same
hash in a ``<meta>`` tag, so a pair that disagrees can be told in a few hundred bytes
read, without parsing either file. The hash is of content only, so the same input gives
the same stamps.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = ["HashingWriter", "file_digest", "html_meta", "html_stamp", "pair_problem", "stamp_line", "ttl_stamp"]

_TTL_PREFIX = b"# reform-kg graph sha256:"
_TTL_STAMP = re.compile(rb"# reform-kg graph sha256:([0-9a-f]{64})\n\Z")
_HTML_STAMP = re.compile(rb'<meta name="reform-kg-graph" content="sha256:([0-9a-f]{64})">')
_HEAD_BYTES = 4096


class HashingWriter:
    """A binary writer that passes bytes on and hashes them."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()


def stamp_line(digest: str) -> bytes:
    """The Turtle comment that closes a stamped graph file."""
    return _TTL_PREFIX + digest.encode("ascii") + b"\n"


def html_meta(digest: str) -> str:
    return f'<meta name="reform-kg-graph" content="sha256:{digest}">'


def _open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading; a FIFO or device raises instead of blocking."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path}: not a regular file")
    return os.fdopen(fd, "rb")


def ttl_stamp(path: Path) -> str | None:
    """The hash a graph file's closing comment holds, or None (no stamp, or unreadable)."""
    try:
        with _open_regular(path) as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - len(_TTL_PREFIX) - 65))
            tail = f.read()
    except OSError:
        return None
    m = _TTL_STAMP.search(tail)
    return m.group(1).decode("ascii") if m else None


def file_digest(path: Path) -> str:
    """A graph file's stamp if it has one, else the SHA-256 of its bytes (any RDF syntax)."""
    stamp = ttl_stamp(path)
    if stamp is not None:
        return stamp
    sha = hashlib.sha256()
    with _open_regular(path) as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def html_stamp(path: Path) -> str | None:
    """The graph hash in a page's ``<meta>``, or None."""
    try:
        with _open_regular(path) as f:
            head = f.read(_HEAD_BYTES)
    except OSError:
        return None
    m = _HTML_STAMP.search(head)
    return m.group(1).decode("ascii") if m else None


def pair_problem(ttl: Path, html: Path) -> str | None:
    """A one-line warning when ``html`` was not drawn from ``ttl`` as it is now; None when they agree.

    Only stamped files are compared: a file from an older version, or one missing, says nothing.
    """
    graph, page = ttl_stamp(ttl), html_stamp(html)
    if graph is None or page is None or graph == page:
        return None
    return f"warning: {html} was drawn from another graph than {ttl} (was a build interrupted?)"
