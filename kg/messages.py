"""Messages for a terminal: one line each, with nothing in them that a terminal would obey.

File names and document text are untrusted: a name holding ``ESC [ 2 J`` would clear the
screen if printed raw, a lone surrogate (an undecodable byte in a file name) would make
``print`` fail, and a line break would forge a second message. Every message the CLI
prints goes through :func:`one_line`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["one_line", "safe_text"]

_BLANKS = re.compile(r"[ \t\r\n]+")


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _unsafe(ch: str) -> bool:
    # Cc: C0/C1 controls and DEL; Cf: bidi overrides, zero-width marks; Cs: lone surrogates;
    # Zl/Zp: line and paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def one_line(message: object) -> str:
    """``message`` as one line: runs of spaces and line breaks become one space, controls are escaped.

    Only spaces, tabs and line breaks are folded (``str.split`` would also swallow
    U+001C..U+001F silently); everything unsafe left is written as a Python-style escape
    (``\\x1b``, ``\\u202e``, ``\\udcff``).
    """
    text = _BLANKS.sub(" ", str(message)).strip(" ")
    if text.isprintable():
        return text
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in text)


def safe_text(text: str) -> str:
    """A report of many lines (explain, evaluate, stats) with its layout kept and controls escaped.

    Line breaks, tabs and runs of spaces stay (the reports are tables); every other control,
    format or separator character is escaped as in :func:`one_line`.
    """
    if text.isprintable():
        return text
    return "".join(_escape(ch) if ch not in "\n\t" and _unsafe(ch) else ch for ch in text)
