"""Text normalization for matching that never loses the way back to the original offsets.

Rules match on a folded copy of the text (no-break spaces, typographic quotes and
dashes, soft hyphens, «ё»), but evidence must point into the text as published.
``Normalized.orig`` maps every folded position back to the original one.
"""

from __future__ import annotations

import html
import html.entities
import re
from dataclasses import dataclass

# One-for-one substitutions: the folded text keeps the original length.
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\v\f"
_DOUBLE_QUOTES = "«»„“”‟″〝〞＂"
_SINGLE_QUOTES = "‘’‚‛′`´"
_DASHES = "‐‑‒–—―−⁃"
_TABLE = str.maketrans(
    {
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        "ё": "е",
        "Ё": "Е",
        "…": ".",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)
# Characters that vanish from the folded text (soft hyphen, zero-width marks, stress accents).
_DROP = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0301\u0300]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Normalized:
    """Folded text plus the original offset of each folded character (``None``: identity)."""

    text: str
    offsets: tuple[int, ...] | None
    original_length: int
    ends: tuple[int, ...] | None = None  # original end of each folded character

    def orig(self, i: int) -> int:
        """Original offset of folded position ``i`` (``len(text)`` maps to the original end)."""
        if self.offsets is None:
            return i
        if i >= len(self.text):
            return self.original_length
        return self.offsets[i]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the folded span ``[start, end)``."""
        if end <= start:
            o = self.orig(start)
            return o, o
        if self.ends is None:
            return start, end
        return self.orig(start), self.ends[min(end, len(self.text)) - 1]


def _fold_one(ch: str) -> str:
    return ch.translate(_TABLE)


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; offsets stay exact (see :class:`Normalized`)."""
    folded = text.translate(_TABLE)
    if not _DROP.search(folded) and "&" not in folded:
        return Normalized(folded, None, len(text))
    out: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(folded)
    while i < n:
        ch = folded[i]
        if _DROP.match(ch):
            i += 1
            continue
        if ch == "&":
            m = _ENTITY.match(folded, i)
            if m and (m.group(0)[1] == "#" or m.group(0)[1:] in html.entities.html5):
                decoded = html.unescape(m.group(0))  # a whole entity only: "&notit;" stays as written
                if decoded != m.group(0):
                    for c in decoded:
                        for fc in _fold_one(c):
                            if not _DROP.match(fc):
                                out.append(fc)
                                offsets.append(i)
                                ends.append(m.end())
                    i = m.end()
                    continue
        out.append(ch)
        offsets.append(i)
        ends.append(i + 1)
        i += 1
    return Normalized("".join(out), tuple(offsets), len(text), tuple(ends))
