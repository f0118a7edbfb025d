"""The progress bar of kg build (kg/progress.py): drawn on a terminal, silent on a pipe or file."""

from __future__ import annotations

import fcntl
import io
import os
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from kg.progress import Progress, wanted
from tests.conftest import ROOT

WEB = ROOT / "tests" / "web"
COPIES = 3
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def tty():
    """Both ends of a pseudo-terminal, as text files."""
    master, slave = os.openpty()
    with open(slave, "w", encoding="utf-8", closefd=True) as writer:
        yield master, writer
    os.close(master)


def drain(fd: int) -> str:
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("stream", "term", "expected"),
    [
        ("pipe", "xterm", False),
        ("file", "xterm", False),
        ("tty", "xterm", True),
        ("tty", "dumb", False),
        ("closed", "xterm", False),
    ],
)
def test_a_bar_is_wanted_only_on_a_terminal(tty, tmp_path: Path, monkeypatch, stream: str, term: str, expected: bool):
    monkeypatch.setenv("TERM", term)
    if stream == "tty":
        target = tty[1]
    elif stream == "pipe":
        read_end, write_end = os.pipe()
        os.close(read_end)
        target = open(write_end, "w")  # noqa: SIM115 - closed below
    else:
        target = open(tmp_path / "log", "w")  # noqa: SIM115 - closed below
    if stream == "closed":
        target.close()
    assert wanted(target) is expected
    if stream in ("pipe", "file"):
        target.close()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_bar_counts_documents_and_skips_and_lines_stay_whole(enabled: bool) -> None:
    out = io.StringIO()
    progress = Progress(out, enabled=enabled, delay=0)
    progress.total(1000)
    for _ in range(3):
        progress.document()
    progress.skip()
    progress.advance_to(600)
    progress.advance_to(400)  # never goes back
    progress.say("warning: a.html: skipped: empty file")
    progress.close()
    text = out.getvalue()
    assert (progress.documents, progress.skipped, progress.done) == (3, 1, 600)
    assert "warning: a.html: skipped: empty file\n" in text
    if enabled:
        assert "3 documents, 1 skipped" in text and "600/" in text
    else:
        assert text == "warning: a.html: skipped: empty file\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The saved-page fixtures three times over and one page that is no page: reading lasts well past the
    bar's delay of a second even on a fast machine (the bar is drawn only then)."""
    folder = tmp_path_factory.mktemp("pages")
    for copy in range(COPIES):
        for page in sorted(WEB.glob("*.html")):
            # each copy on its own host: the same URL and text again would be skipped as a page captured twice
            data = page.read_bytes().replace(b"https://", f"https://copy{copy}.".encode())
            (folder / f"{copy}-{page.name}").write_bytes(data)
    (folder / "empty.html").write_bytes(b"")
    return folder


def build(inputs: Path, out: Path, stderr) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TERM": "xterm"}
    command = [sys.executable, "-m", "kg", "build", str(inputs), "-o", str(out), "--no-html"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=ROOT)


@pytest.mark.parametrize("columns", [0, 60], ids=["a terminal of no size", "60 columns"])
def test_a_build_on_a_terminal_draws_the_bar_and_erases_it(inputs: Path, tmp_path: Path, columns: int) -> None:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    try:
        proc = build(inputs, tmp_path / "out", slave)
        os.close(slave)
        chunks = []
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            chunks.append(drain_some(master))
        stdout = proc.communicate(timeout=60)[0].decode()
        chunks.append(drain(master))
    finally:
        os.close(master)
    screen = "".join(chunks)
    assert proc.returncode == 0, screen
    assert re.search(r"\d+ documents", screen) and "%|" in screen, screen  # the bar, with its count
    lines = [ANSI.sub("", part).strip() for part in re.split(r"[\r\n]+", screen)]
    assert f"warning: {inputs / 'empty.html'}: skipped: empty file" in lines  # a whole line, not cut by the bar
    assert lines[-1] == "" or "%|" not in lines[-1]  # erased at the end
    bars = [line for line in lines if "%|" in line]
    assert max(map(len, bars)) <= (columns or 80)
    assert stdout.startswith(f"{COPIES * len(list(WEB.glob('*.html')))} documents, ")


def drain_some(fd: int) -> str:
    import select

    ready, _, _ = select.select([fd], [], [], 0.2)
    if not ready:
        return ""
    try:
        return os.read(fd, 65536).decode("utf-8", "replace")
    except OSError:
        return ""


def test_a_build_into_a_pipe_writes_only_its_lines(inputs: Path, tmp_path: Path) -> None:
    proc = build(inputs, tmp_path / "out", subprocess.PIPE)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0
    assert stderr.decode().splitlines() == [f"warning: {inputs / 'empty.html'}: skipped: empty file"]
    assert b"\r" not in stderr and b"\x1b" not in stderr
    assert stdout.decode().startswith(f"{COPIES * len(list(WEB.glob('*.html')))} documents, ")
