"""The HTML page opens offline in Firefox too (Debian's ``firefox-esr``, no geckodriver).

Firefox runs headless in a fresh profile whose ``user.js`` sends every HTTP(S) request to
a dead proxy (127.0.0.1:9) and turns off telemetry, updates and first-run pages, so
nothing leaves the machine. Two ways of driving it:

* ``firefox-esr --headless --screenshot``: Firefox loads the page, saves a PNG right after
  the ``load`` event and exits (0, within a timeout). vis-network draws later, in an
  animation frame: shot directly, the canvas may still be empty. So the page is shown
  full-window in a frame of a holder page that delays its own ``load`` until the page
  reports its first draw (``window.kgReady``). The PNG is decoded with ``zlib`` +
  ``struct`` and the canvas (between the filters and the details panel) must show the
  colours of the reform and claimant boxes, not only its white background. A copy goes to
  /tmp/kg-firefox.png for a person to look at.
* Marionette, Firefox's own remote protocol (``--marionette``, length-prefixed JSON on a
  local port), for the page opened directly on its timeline: wait for ``window.kgReady``,
  count the lanes and marks, check that every resource the page loaded is local, and check
  the marks' status colours in a screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # headless browsers and benchmark runs: CI runs them with -m slow

FIREFOX = shutil.which("firefox-esr")
if FIREFOX is None:
    pytest.skip("firefox-esr is not on PATH (apt-get install firefox-esr)", allow_module_level=True)

from bench.synthetic import registry  # noqa: E402
from kg.graph import serialize_turtle, to_rdf  # noqa: E402
from kg.model import Agent, Claim, Document, RuleRef  # noqa: E402
from kg.render import render  # noqa: E402

SCREENSHOT_PNG = Path("/tmp/kg-firefox.png")
WIDTH, HEIGHT = 1280, 800
SIDEBAR = 215  # #kg-filters is 215 px wide; the view starts right of it
DETAILS = 330  # and #kg-details, 330 px, ends it
TIMEOUT = 40  # seconds for one Firefox run
TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization", "ЦИК")
RULES = {"test.rule": RuleRef("test.rule", "a rule for tests")}
PREFS = {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": True,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "app.update.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
}
# What the page draws (``const COLORS`` and ``const TINTS`` in kg/assets/page.js), checked against
# the page below: reform boxes are tinted by the status of their latest claim; claimants by kind.
BOX_COLOURS = {
    "implemented": "#d9f0dc",  # TINTS: the fill of a reform whose latest claim is implemented
    "person": "#f3e8f9",
    "organization": "#f4ebe4",
}
MARK_COLOURS = {"proposed": "#d99a00", "planned": "#e2661b", "implemented": "#2f9e44"}  # COLORS
BACKGROUND = (255, 255, 255)
HOLD_MS = 20_000  # the longest the holder page waits for the first draw
# file: pages are each their own origin unless this is off (only in the holder's profile).
HOLDER_PREFS = {"security.fileuri.strict_origin_policy": False}


# --------------------------------------------------------------------------- the page


def _sample() -> tuple[list[Document], list[Claim]]:
    """Three articles, six claims: three reform types, every status, a person and a body."""
    rows = [
        ("Токаев предложил прямые выборы акимов районов.", "direct-election", "proposed", TOKAYEV),
        ("Выборы акимов районов пройдут в 2024 году.", "direct-election", "planned", CEC),
        ("Смертная казнь отменена.", "death-penalty", "implemented", TOKAYEV),
        ("The referendum is planned for June.", "referendum", "planned", CEC),
        ("A single seven-year term was adopted.", "presidential-term", "implemented", TOKAYEV),
        ("Токаев предложил один семилетний срок.", "presidential-term", "proposed", TOKAYEV),
    ]
    docs, claims = [], []
    for i in range(3):
        first, second = rows[2 * i], rows[2 * i + 1]
        text = f"{first[0]} {second[0]}"
        doc = Document(
            id=f"ff-{i}",
            text=text,
            lang="ru" if i != 1 else "en",
            title=f"Статья {i}",
            publisher="Tengrinews",
            date=f"{2021 + i}-03-1{i}",
        )
        docs.append(doc)
        spans = ((0, len(first[0])), (len(first[0]) + 1, len(text)))
        for k, ((start, end), (_, reform, status, agent)) in enumerate(zip(spans, (first, second), strict=True)):
            claims.append(
                Claim(
                    doc.id,
                    k,
                    start,
                    end,
                    text[start:end],
                    reform,
                    "test.rule",
                    status,
                    level="district" if reform == "direct-election" else None,
                    year=2022 + i,
                    claim_date=doc.date,
                    claimant=agent,
                )
            )
    return docs, claims


def _page(folder: Path, **options: Any) -> Path:
    ttl = folder / "graph.ttl"
    ttl.write_bytes(serialize_turtle(to_rdf(*_sample(), RULES, registry=registry())))
    out = folder / "graph.html"
    stats = render(ttl, out, **options)
    assert stats.claims == 6
    return out


def _page_colours(page: Path) -> dict[str, dict[str, str]]:
    """``const COLORS = {...}`` and ``const TINTS = {...}`` as written into the page."""
    text = page.read_text(encoding="utf-8")
    out = {}
    for name in ("COLORS", "TINTS"):
        block = re.search(rf"const {name} = \{{(.*?)\}};", text, re.DOTALL)
        assert block, f"the page has no {name} table"
        out[name] = dict(re.findall(r'"?([\w-]+)"?\s*:\s*"(#[0-9a-fA-F]{6})"', block.group(1)))
    return out


# --------------------------------------------------------------------------- Firefox


def _profile(folder: Path, **extra: object) -> Path:
    """A fresh profile whose user.js blocks the network and every first-run chore."""
    profile = folder / "profile"
    profile.mkdir()
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in {**PREFS, **extra}.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return profile


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HOME=str(folder), MOZ_CRASHREPORTER_DISABLE="1", MOZ_HEADLESS="1")
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill the Firefox we started (its own process group) if it is still running."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _holder(page: Path) -> Path:
    """A page that shows ``page`` in a full-window frame and holds its own ``load`` event
    until the graph page has drawn (``window.kgReady``), so that ``--screenshot``, which
    shoots right after ``load``, sees the graph and not the empty canvas before the first
    draw. It holds by loading a tiny hidden frame after another: a frame still loading
    delays its parent's ``load``. Reading ``kgReady`` across the frame needs the two
    files to be one origin: ``HOLDER_PREFS``.
    """
    folder = page.parent
    (folder / "hold.html").write_text("<!doctype html><title>hold</title>\n", encoding="utf-8")
    holder = folder / "holder.html"
    holder.write_text(
        f"""<!doctype html>
<html><head><meta charset="utf-8"><title>holder</title>
<style>html, body {{ margin: 0; height: 100%; overflow: hidden; }}
#view {{ border: 0; display: block; width: 100%; height: 100%; }}</style></head>
<body><iframe id="view" src="{page.name}"></iframe>
<script>
var view = document.getElementById("view"), until = Date.now() + {HOLD_MS}, n = 0;
function hold() {{
  var ready = false;
  try {{ ready = view.contentWindow.kgReady === true; }} catch (e) {{}}
  if (ready || Date.now() > until) {{ document.title = ready ? "ready" : "timed out"; return; }}
  var f = document.createElement("iframe");
  f.style.display = "none";
  f.onload = hold;
  f.src = "hold.html?" + (n += 1);
  document.body.appendChild(f);
}}
view.addEventListener("load", hold);
</script></body></html>
""",
        encoding="utf-8",
    )
    return holder


def _screenshot(page: Path, folder: Path, **prefs: object) -> tuple[subprocess.CompletedProcess[bytes], Path]:
    out = folder / "shot.png"
    command = [
        FIREFOX or "firefox-esr",
        "--headless",
        "--no-remote",
        "--profile",
        str(_profile(folder, **prefs)),
        "--screenshot",
        str(out),
        f"--window-size={WIDTH},{HEIGHT}",
        page.as_uri(),
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(folder), start_new_session=True
    )
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(proc)
        pytest.fail(f"firefox-esr --screenshot did not exit within {TIMEOUT} s")
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr), out


class Marionette:
    """Just enough of Firefox's Marionette protocol: ``len:json`` messages over TCP."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.stream = sock.makefile("rb")
        self.next_id = 0
        hello = self._read()
        assert hello.get("marionetteProtocol") == 3, hello

    def _read(self) -> Any:
        size = b""
        while (char := self.stream.read(1)) != b":":
            if not char:
                raise ConnectionError("Marionette closed the connection")
            size += char
        return json.loads(self.stream.read(int(size)))

    def __call__(self, name: str, params: dict[str, Any] | None = None) -> Any:
        self.next_id += 1
        message = json.dumps([0, self.next_id, name, params or {}]).encode("utf-8")
        self.sock.sendall(str(len(message)).encode("ascii") + b":" + message)
        _, msg_id, error, result = self._read()
        assert msg_id == self.next_id
        if error:
            raise RuntimeError(f"{name}: {error.get('error')}: {error.get('message')}")
        return result

    def script(self, body: str) -> Any:
        return self("WebDriver:ExecuteScript", {"script": body, "args": []})["value"]


@pytest.fixture
def marionette(tmp_path: Path) -> Iterator[Marionette]:
    profile = _profile(tmp_path, **{"marionette.port": 0})  # 0: any free port, written to the profile
    proc = subprocess.Popen(
        [FIREFOX or "firefox-esr", "--headless", "--no-remote", "--profile", str(profile), "--marionette"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(tmp_path),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        sock = None
        while sock is None:
            assert proc.poll() is None, f"firefox-esr --marionette exited with {proc.returncode}"
            assert time.monotonic() < deadline, "Marionette did not start listening"
            try:
                port = int((profile / "MarionetteActivePort").read_text())
                sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            except (OSError, ValueError):
                time.sleep(0.1)
        with sock:
            client = Marionette(sock)
            client("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})
            yield client
            client("Marionette:Quit", {"flags": ["eForceQuit"]})
        assert proc.wait(TIMEOUT) == 0
    finally:
        _stop(proc)


# --------------------------------------------------------------------------- PNG


def _decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and unfiltered rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert header is not None, "no IHDR chunk"
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, f"unsupported PNG {header}"
    bpp = 4 if colour_type == 6 else 3
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            assert kind == 0, f"bad PNG filter {kind}"
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def _region_colours(png: bytes, left: int, right: int | None = None) -> tuple[int, int, Counter[tuple[int, int, int]]]:
    """Width, height and a count of every RGB colour with ``left <= x < right``."""
    width, height, bpp, rows = _decode_png(png)
    counts: Counter[tuple[int, int, int]] = Counter()
    for row in rows:
        part = row[left * bpp : (right if right is not None else width) * bpp]
        counts.update(zip(part[0::bpp], part[1::bpp], part[2::bpp], strict=False))
    return width, height, counts


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _near(counts: Counter[tuple[int, int, int]], colour: tuple[int, int, int], tolerance: int = 6) -> int:
    return sum(n for c, n in counts.items() if max(abs(a - b) for a, b in zip(c, colour, strict=True)) <= tolerance)


def _assert_drawn(png: bytes, expected: dict[str, str], min_pixels: int) -> None:
    """The view (between the filters and the details) shows each expected colour, not only white."""
    width, _, counts = _region_colours(png, SIDEBAR + 10, WIDTH - DETAILS - 10)
    assert width == WIDTH
    total = sum(counts.values())
    background = _near(counts, BACKGROUND, 2)
    assert background < total, "the view is blank"
    found = {name: _near(counts, _rgb(hex_colour), 3) for name, hex_colour in expected.items()}
    missing = [name for name, n in found.items() if n < min_pixels]
    assert not missing, f"colours missing from the view: {missing} (pixels per colour: {found})"
    assert total - background > 2_000, f"only {total - background} non-background pixels in the view"


# --------------------------------------------------------------------------- tests


def test_screenshot_shows_reforms_and_claimants(tmp_path: Path) -> None:
    page = _page(tmp_path)
    colours = _page_colours(page)
    assert {k: colours["TINTS"].get(k, "").lower() for k in BOX_COLOURS} == BOX_COLOURS
    assert {k: colours["COLORS"].get(k, "").lower() for k in MARK_COLOURS} == MARK_COLOURS
    started = time.monotonic()
    done, shot = _screenshot(_holder(page), tmp_path, **HOLDER_PREFS)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert shot.is_file(), f"no screenshot after {elapsed:.1f} s"
    png = shot.read_bytes()
    shutil.copyfile(shot, SCREENSHOT_PNG)
    width, height, _, _ = _decode_png(png)
    assert (width, height) == (WIDTH, HEIGHT)
    _assert_drawn(png, BOX_COLOURS, min_pixels=300)  # box fills: large areas of one colour
    # The filters are drawn too: their #fafbfc background and the status swatches.
    _, _, side = _region_colours(png, 0, SIDEBAR - 2)
    assert _near(side, (0xFA, 0xFB, 0xFC), 1) > sum(side.values()) // 2
    assert _near(side, _rgb(MARK_COLOURS["implemented"])) > 20


def test_timeline_draws_when_opened_directly(marionette: Marionette, tmp_path: Path) -> None:
    page = _page(tmp_path, view="timeline")
    marionette("WebDriver:SetWindowRect", {"width": WIDTH, "height": HEIGHT})
    marionette("WebDriver:Navigate", {"url": page.as_uri()})
    deadline = time.monotonic() + TIMEOUT
    while not marionette.script("return window.kgReady === true"):
        assert time.monotonic() < deadline, "the page never reported kgReady"
        time.sleep(0.1)
    first_draw = marionette.script("return window.kgFirstDraw")
    assert isinstance(first_draw, (int, float)) and first_draw > 0
    assert marionette.script("return window.kg.view()") == "timeline"
    lanes = marionette.script("return document.querySelectorAll('#kg-lanes .kg-lane').length")
    marks = marionette.script("return document.querySelectorAll('#kg-lanes .kg-mark').length")
    assert (lanes, marks) == (4, 6)  # four reforms, six claims, all dated by their articles
    loaded = marionette.script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if not url.startswith(("file:", "data:"))] == []
    png = base64.b64decode(marionette("WebDriver:TakeScreenshot", {"full": False})["value"])
    _assert_drawn(png, MARK_COLOURS, min_pixels=15)  # each status has a mark
