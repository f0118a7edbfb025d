"""The page in a real headless Chromium with the network blocked, at 40 and at 1,000 articles.

One page load per size, shared by the tests of that size (a load at 1,000 articles takes
seconds); each test leaves the page as it found it (filters reset, first view, nothing
selected). Checks what only a browser can: the first view draws readable labels (font size
on screen, and ink on the canvas inside each label's box), a filter re-fits the view, the
timeline draws a lane per reform and a mark per dated claim, details show beside the view,
search works as you type, nothing is fetched, no console error, and hostile document text
is shown literally without running. Screenshots go to /tmp/kg-page-N.png and
/tmp/kg-timeline-N.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # headless browsers and benchmark runs: CI runs them with -m slow

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

from bench.synthetic import HOSTILE, HOSTILE_TITLE, synthetic, to_graph  # noqa: E402
from kg.render import render  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=127.0.0.1:9",
]
VIEWPORT = {"width": 1280, "height": 800}
# 40 articles as in the measurements; 1,000 with two claims each keeps the graph build short.
SIZES = {40: 4, 1000: 2}
MIN_LABEL_PX = 11.5  # a label's font size on screen in the first view


@dataclass
class Watch:
    """What a page did that it should not have."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.console_errors or self.page_errors or self.failed or self.outside or self.dialogs)


@dataclass
class Loaded:
    n: int
    page: Any
    watch: Watch
    path: Path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=sorted(SIZES), ids=lambda n: f"{n}-articles")
def loaded(request: pytest.FixtureRequest, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    n = request.param
    folder = tmp_path_factory.mktemp(f"page-{n}")
    path = folder / "graph.html"
    render(to_graph(synthetic(n, claims_per_article=SIZES[n], hostile=True)), path)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: watch.failed.append(r.url))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else watch.outside.append(r.url))

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    # A function, not a string: the page's CSP forbids the eval a string predicate needs.
    page.wait_for_function("() => window.kgReady === true", timeout=60_000)
    yield Loaded(n, page, watch, path)
    assert watch.clean(), watch
    context.close()


@pytest.fixture
def page(loaded: Loaded) -> Iterator[Any]:
    """The shared page, put back in its first state after the test."""
    yield loaded.page
    loaded.page.evaluate("() => { window.kg.reset(); window.kg.select(null); window.kg.setView('network'); }")
    loaded.page.fill("#kg-search", "")


# --------------------------------------------------------------------------- measuring the canvas

DRAWN = """() => {
    const net = window.kgNetwork;
    const canvas = document.querySelector('#kg-network canvas');
    const box = canvas.getBoundingClientRect();
    const scale = net.getScale();
    const ratio = canvas.width / box.width;
    const ctx = canvas.getContext('2d');
    return window.kg.drawnNodeIds().map((id) => {
        const b = net.getBoundingBox(id);
        const r = net.body.nodes[id].options.shapeProperties.borderRadius || 0;  // the box grows by it
        const a = net.canvasToDOM({x: b.left + r, y: b.top + r});
        const z = net.canvasToDOM({x: b.right - r, y: b.bottom - r});
        const node = window.kg.nodes.get(id);
        const size = (node.font && node.font.size) || net.body.nodes[id].options.font.size;
        // Dark pixels (text) inside the box, sampled from the canvas itself.
        const x0 = Math.max(0, Math.floor(a.x * ratio)), y0 = Math.max(0, Math.floor(a.y * ratio));
        const w = Math.max(1, Math.min(canvas.width - x0, Math.ceil((z.x - a.x) * ratio)));
        const h = Math.max(1, Math.min(canvas.height - y0, Math.ceil((z.y - a.y) * ratio)));
        const px = ctx.getImageData(x0, y0, w, h).data;
        let ink = 0;
        for (let i = 0; i < px.length; i += 4) {
            if (px[i + 3] > 200 && px[i] + px[i + 1] + px[i + 2] < 200) { ink++; }
        }
        return {id: id, label: node.label, left: a.x, top: a.y, right: z.x, bottom: z.y,
                fontPx: size * scale, ink: ink, width: box.width, height: box.height};
    });
}"""


def _drawn(page: Any) -> list[dict]:
    page.wait_for_timeout(50)  # vis-network draws in the next animation frame
    return page.evaluate(DRAWN)


def _bbox(nodes: list[dict]) -> tuple[float, float, float, float]:
    return (
        min(n["left"] for n in nodes),
        min(n["top"] for n in nodes),
        max(n["right"] for n in nodes),
        max(n["bottom"] for n in nodes),
    )


def _fills_canvas(nodes: list[dict]) -> float:
    left, top, right, bottom = _bbox(nodes)
    assert left >= -1 and top >= -1, (left, top)
    assert right <= nodes[0]["width"] + 1 and bottom <= nodes[0]["height"] + 1, (right, bottom)
    return max((right - left) / nodes[0]["width"], (bottom - top) / nodes[0]["height"])


# --------------------------------------------------------------------------- tests


def test_first_view_draws_reforms_and_claimants_with_readable_labels(loaded: Loaded, page: Any) -> None:
    data = page.evaluate("() => ({reforms: window.kg.data.reforms.length, drawn: window.kg.drawn()})")
    nodes = _drawn(page)
    kinds = {n["id"][0] for n in nodes}
    assert kinds == {"r", "a"}  # reforms and claimants: no claim dots, no place hub
    assert len(data["drawn"]["reforms"]) == data["reforms"] == sum(n["id"][0] == "r" for n in nodes)
    assert 8 <= len(data["drawn"]["agents"]) <= data["drawn"]["agentTotal"]
    assert _fills_canvas(nodes) > 0.85
    small = [(n["label"], round(n["fontPx"], 1)) for n in nodes if n["fontPx"] < MIN_LABEL_PX]
    assert small == []
    blank = [n["label"] for n in nodes if n["ink"] < 40]  # every label is really drawn on the canvas
    assert blank == []
    # Boxes do not overlap, so no label hides another.
    boxes = sorted(_bbox([n]) for n in nodes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 1 or b[3] <= a[1] + 1, (a, b)
    page.screenshot(path=f"/tmp/kg-page-{loaded.n}.png")


@pytest.mark.parametrize("how", ["one-type", "claimant"])
def test_a_filter_refits_the_view(page: Any, how: str) -> None:
    before = _drawn(page)
    if how == "one-type":
        boxes = page.locator("#kg-f-type input")
        for k in range(1, boxes.count()):
            boxes.nth(k).uncheck()
    else:
        page.select_option("#kg-f-claimant", index=1)  # the claimant with the most claims
    after = _drawn(page)
    assert 0 < len(after) < len(before)
    # Re-fitted: what is left fills the canvas, or is shown at the largest zoom (1.3), centred.
    fill, scale = _fills_canvas(after), page.evaluate("() => window.kgNetwork.getScale()")
    assert fill > 0.8 or (scale == pytest.approx(1.3) and scale > page.evaluate("() => window.kgFirstScale"))
    left, top, right, bottom = _bbox(after)
    assert abs((left + right) / 2 - after[0]["width"] / 2) < 0.1 * after[0]["width"]
    assert abs((top + bottom) / 2 - after[0]["height"] / 2) < 0.1 * after[0]["height"]
    assert min(n["fontPx"] for n in after) >= MIN_LABEL_PX
    shown = page.evaluate("() => window.kg.visibleClaims()")
    assert 0 < shown < page.evaluate("() => window.kg.data.claims.length")
    assert page.inner_text("#kg-count").startswith(f"Showing {shown:,} of ")


def test_timeline_draws_a_lane_per_reform_and_a_mark_per_claim(loaded: Loaded, page: Any) -> None:
    page.click("#kg-tab-timeline")
    expected = page.evaluate(
        """() => {
            const d = window.kg.data;
            const dated = d.claims.filter((c) => c.d || (c.ar !== undefined && d.articles[c.ar][2]));
            return {lanes: new Set(dated.map((c) => c.r)).size, marks: dated.length,
                    open: dated.filter((c) => c.p === 'open').length, revisions: d.revisions.length};
        }"""
    )
    counted = page.evaluate(
        """() => ({lanes: document.querySelectorAll('#kg-lanes .kg-lane').length,
                   marks: document.querySelectorAll('#kg-lanes .kg-mark').length,
                   open: document.querySelectorAll('#kg-lanes .kg-mark.kg-open').length,
                   revisions: document.querySelectorAll('#kg-lanes .kg-revision').length,
                   targets: document.querySelectorAll('#kg-lanes .kg-target').length})"""
    )
    assert expected["revisions"] > 0 and expected["open"] > 0
    assert {k: counted[k] for k in expected} == expected
    assert counted["targets"] > 0
    assert page.locator("#kg-lanes").is_visible() and not page.locator("#kg-network").is_visible()
    assert "Claim date" in page.inner_text("#kg-axis")
    # Marks sit inside the timeline, in their lane, left to right by claim date.
    inside = page.evaluate(
        """() => {
            const svg = document.getElementById('kg-timeline-svg').getBoundingClientRect();
            return Array.from(document.querySelectorAll('#kg-lanes .kg-mark')).every((m) => {
                const r = m.getBoundingClientRect();
                return r.left >= svg.left && r.right <= svg.right;
            });
        }"""
    )
    assert inside
    page.screenshot(path=f"/tmp/kg-timeline-{loaded.n}.png")
    # A filter re-fits the timeline too: fewer lanes and marks, only what passes.
    for status in ("proposed", "planned"):
        page.locator(f"#kg-f-status input[value={status}]").uncheck()
    statuses = page.evaluate(
        "() => Array.from(document.querySelectorAll('#kg-lanes .kg-mark'))"
        ".map((m) => window.kg.data.claims[+m.dataset.claim].st)"
    )
    assert statuses and set(statuses) == {"implemented"} and len(statuses) < expected["marks"]


def test_selected_reform_shows_its_history_beside_the_view(page: Any) -> None:
    reform = page.evaluate("() => window.kg.data.reforms.findIndex((r) => r.fp !== undefined && r.fi !== undefined)")
    box = next(n for n in _drawn(page) if n["id"] == f"r{reform}")
    origin = page.locator("#kg-network").bounding_box()
    page.mouse.click(origin["x"] + (box["left"] + box["right"]) / 2, origin["y"] + (box["top"] + box["bottom"]) / 2)
    label = page.evaluate(f"() => window.kg.data.reforms[{reform}].l")
    details = page.locator("#kg-details")
    assert details.locator(".kg-head").first.inner_text() == label
    text = details.text_content()  # as written, not as styled (headings are upper-cased)
    for heading in ("First proposed", "First planned", "First implemented", "Claims in order of claim date"):
        assert heading in text
    # In the viewport without scrolling the page: the panel fits the window.
    rect = details.bounding_box()
    assert rect["y"] >= 0 and rect["y"] + rect["height"] <= VIEWPORT["height"] + 1 and rect["x"] < VIEWPORT["width"]
    assert page.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight")
    # Its claims appear as dots beside it, and a claim of its history opens that claim's evidence.
    dots = page.evaluate("() => window.kg.nodes.getIds().filter((id) => id[0] === 'c').length")
    assert dots == page.evaluate(f"() => window.kg.data.claims.filter((c) => c.r === {reform}).length")
    details.locator(".kg-history li").first.click()
    claim = page.evaluate("() => window.kg.selected()")
    sentence = page.evaluate(f"() => window.kg.data.claims[{claim['i']}].s")
    text = details.text_content()
    assert claim["kind"] == "claim" and sentence in text
    assert "Claim made (claim date)" in text and "Evidence" in text and "Publisher" in text


def test_search_finds_as_you_type(page: Any) -> None:
    page.click("#kg-search")
    page.keyboard.type("tokay", delay=20)  # no Enter: the list follows the typing
    results = page.locator("#kg-results button")
    results.first.wait_for(state="visible")
    assert "Kassym-Jomart Tokayev" in results.first.inner_text()
    page.keyboard.type("ev")
    assert "Kassym-Jomart Tokayev" in results.first.inner_text()
    results.first.click()
    assert page.evaluate("() => window.kg.selected().kind") == "agent"
    assert page.locator("#kg-details .kg-head").first.inner_text() == "Kassym-Jomart Tokayev"
    assert page.evaluate("() => window.kgNetwork.getSelectedNodes()")[0].startswith("a")
    page.fill("#kg-search", "")
    page.keyboard.type("zzzz-nothing")
    assert page.inner_text("#kg-results") == "Nothing matches."


@pytest.mark.parametrize(
    ("control", "names"),
    [
        ("#kg-f-from", "Claim made"),
        ("#kg-f-to", "Claim made"),
        ("#kg-f-tfrom", "Takes effect"),
        ("#kg-f-tto", "Takes effect"),
    ],
)
def test_every_year_control_names_its_year(page: Any, control: str, names: str) -> None:
    assert page.get_attribute(control, "aria-label").startswith(names)
    heading = page.evaluate(
        f"() => document.querySelector('{control}').parentElement.previousElementSibling.textContent"
    )
    assert heading in ("Year the claim was made", "Year the reform takes effect")
    assert (names == "Claim made") == (heading == "Year the claim was made")


def test_hostile_text_is_shown_literally_and_never_runs(loaded: Loaded, page: Any) -> None:
    if loaded.n != 40:
        pytest.skip("one size is enough")
    claim = page.evaluate(f"() => window.kg.data.claims.findIndex((c) => c.s.startsWith({HOSTILE!r}))")
    assert claim >= 0
    page.evaluate(f"() => window.kg.select('claim', {claim})")
    text = page.inner_text("#kg-details")
    assert HOSTILE in text and HOSTILE_TITLE in text
    page.fill("#kg-search", "onerror")
    assert HOSTILE in page.inner_text("#kg-results")
    page.click("#kg-tab-timeline")
    page.locator(f"#kg-lanes .kg-mark[data-claim='{claim}']").dispatch_event("mousemove")
    assert HOSTILE in page.inner_text("#kg-tip")
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == 3
    assert loaded.watch.dialogs == []
