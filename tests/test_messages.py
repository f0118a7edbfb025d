"""Messages on a terminal: one line, no control character a terminal would obey."""

from __future__ import annotations

import unicodedata

import pytest

from kg.messages import one_line, safe_text


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("warning: a.txt: skipped: empty file", "warning: a.txt: skipped: empty file"),
        ("Выборы «акимов» — 2023", "Выборы «акимов» — 2023"),
        ("two\nlines\r\nand\ttabs  and   spaces", "two lines and tabs and spaces"),
        ("clear \x1b[2J screen", "clear \\x1b[2J screen"),
        ("title \x1b]0;owned\x07 bar", "title \\x1b]0;owned\\x07 bar"),
        ("C1 \x9b31m CSI", "C1 \\x9b31m CSI"),
        ("unit \x1f separator \x7f DEL", "unit \\x1f separator \\x7f DEL"),
        ("right-to-left \u202eevil.txt", "right-to-left \\u202eevil.txt"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028separator", "line\\u2028separator"),
        ("undecodable \udcff byte", "undecodable \\udcff byte"),
        ("no-break\u00a0space", "no-break\u00a0space"),
        (OSError(2, "No such file"), "[Errno 2] No such file"),
    ],
)
def test_one_line(message: object, shown: str) -> None:
    assert one_line(message) == shown


def test_one_line_can_always_be_printed_as_utf8() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF or c % 97 == 0)
    line = one_line(every)
    line.encode("utf-8")  # strict: a lone surrogate would fail here
    assert not {unicodedata.category(ch) for ch in line} & {"Cc", "Cf", "Cs", "Zl", "Zp"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a table\n  col  1\tx\n", "a table\n  col  1\tx\n"),
        ("evil \x1b[2J\nname\u202e\r\n", "evil \\x1b[2J\nname\\u202e\\x0d\n"),
    ],
)
def test_safe_text_keeps_the_layout(text: str, shown: str) -> None:
    assert safe_text(text) == shown
