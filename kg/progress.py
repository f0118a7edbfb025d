"""The progress bar of ``kg build``: input bytes read, documents, skips; only on a terminal.

A build of a year of news runs for minutes, and a user wants to know it is moving. The
bar is drawn on stderr by tqdm, and only when stderr is a terminal: a pipe, a CI log or
a test sees nothing of it. Warnings go through :meth:`Progress.say`, which lifts the bar,
prints the line and draws the bar again below it, so no line is cut by it; the bar is
erased when the build ends, before the summary is printed.

The bar counts bytes of input: the reader reports the end of each file, and of each
record in a WARC file, so one large archive moves the bar too.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["Progress", "wanted"]

# A build that ends sooner than this never shows a bar.
DELAY_SECONDS = 1.0
# The width on a terminal that reports none (0 columns: a serial console, ``script``, a fresh pty),
# where tqdm would draw nothing at all.
FALLBACK_COLUMNS = 80


def wanted(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a bar can be drawn on."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


class Progress:
    """What ``iter_documents`` reports as it reads: the total bytes, bytes read, documents, skips.

    With ``enabled`` false (the default when ``stream`` is not a terminal) it only counts.
    """

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None, delay: float = DELAY_SECONDS):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.delay = delay
        self.documents = 0
        self.skipped = 0
        self.done = 0
        self._bar: tqdm | None = None

    def total(self, size: int) -> None:
        """The input's size in bytes, once the input files are known."""
        if not self.enabled or self._bar is not None:
            return
        from tqdm import tqdm

        class Bar(tqdm):
            monitor_interval = 0  # no monitor thread: builds fork workers

        self._bar = Bar(
            total=size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            file=self.stream,
            leave=False,
            delay=self.delay,
            mininterval=0.2,
            dynamic_ncols=_columns(self.stream) > 0,
            ncols=None if _columns(self.stream) > 0 else FALLBACK_COLUMNS,
            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]{postfix}",
        )

    def advance_to(self, position: int) -> None:
        """Bytes of input read so far (from the start of the first file); never goes back."""
        if position <= self.done:
            return
        step, self.done = position - self.done, position
        if self._bar is not None:
            self._bar.update(step)

    def document(self) -> None:
        self.documents += 1
        self._postfix()

    def skip(self, count: int = 1) -> None:
        self.skipped += count
        self._postfix()

    def _postfix(self) -> None:
        if self._bar is not None:
            text = f" {self.documents:,} documents" + (f", {self.skipped:,} skipped" if self.skipped else "")
            self._bar.set_postfix_str(text, refresh=False)

    def say(self, line: str) -> None:
        """Print one line on the stream without cutting the bar."""
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        """Erase the bar; the summary goes where it stood."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
