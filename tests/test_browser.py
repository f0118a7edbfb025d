"""The HTML view in a real headless Chromium with the network blocked.

Checks what only a browser can: the graph is drawn, nothing is fetched, no console
error, the tooltip shows the evidence as text, the filters hide nodes, and hostile
document text is shown literally without running. Writes a screenshot to
/tmp/kg-render-sample.png for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

from kg.graph import serialize_turtle, to_rdf  # noqa: E402
from kg.model import Agent, Claim, Document, RuleRef  # noqa: E402
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
SAMPLE_PNG = Path("/tmp/kg-render-sample.png")
PAYLOAD = '<script>alert(1)</script><img src=x onerror="window.__pwned=1;alert(2)">'
TITLE = f"</script><script>window.__pwned=1</script>{PAYLOAD}"
TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization")
RULES = {"test.rule": RuleRef("test.rule", "a rule for tests")}
STATUSES = ("proposed", "planned", "implemented")
REFORMS = ("direct-election", "referendum", "presidential-term", "death-penalty")


def _sample(n_docs: int) -> tuple[list[Document], list[Claim]]:
    """``n_docs`` articles with two claims each; article 0 is hostile in every field."""
    docs, claims = [], []
    for i in range(n_docs):
        hostile = i == 0
        first = PAYLOAD + " said direct elections are planned." if hostile else f"Токаев заявил о реформе номер {i}."
        second = f"Выборы прошли в {2020 + i % 4} году."
        text = f"{first} {second}"
        doc = Document(
            id=f"doc-{i}",
            text=text,
            lang="en" if hostile else "ru",
            title=TITLE if hostile else f"Статья {i}",
            publisher=PAYLOAD if hostile else "Tengrinews",
            date=f"{2020 + i % 4}-05-0{1 + i % 9}",
        )
        docs.append(doc)
        for k, (start, end) in enumerate(((0, len(first)), (len(first) + 1, len(text)))):
            claims.append(
                Claim(
                    doc.id,
                    k,
                    start,
                    end,
                    text[start:end],
                    REFORMS[(i + k) % len(REFORMS)],
                    "test.rule",
                    STATUSES[(i + k) % 3],
                    level="district" if (i + k) % len(REFORMS) == 0 else None,
                    year=2020 + (i + k) % 5,
                    claimant=TOKAYEV if k == 0 else (CEC if i % 2 else None),
                )
            )
    return docs, claims


def _page_file(folder: Path, n_docs: int, **options: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    ttl = folder / "graph.ttl"
    ttl.write_bytes(serialize_turtle(to_rdf(*_sample(n_docs), RULES)))
    out = folder / "view.html"
    render(ttl, out, **options)
    return out


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open a file in a fresh context, wait for the first draw; the page must stay clean."""
    contexts = []
    watches = []

    def _open(path: Path) -> tuple[Any, Watch]:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        watch = Watch()
        watches.append(watch)
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
        return page, watch

    yield _open
    for watch in watches:
        assert watch.clean(), watch
    for context in contexts:
        context.close()


def _claim_ids(page: Any) -> list[int]:
    return page.evaluate("() => window.kg.data.nodes.filter(n => n.g === 'claim').map(n => n.id)")


def _visible(page: Any) -> int:
    return page.evaluate("() => window.kg.visibleNodeIds().length")


def _canvas_has_ink(page: Any) -> bool:
    return page.evaluate(
        """() => {
            const c = document.querySelector('#kg-network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let ink = 0;
            for (let i = 0; i < d.length; i += 16) {
                if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200)) ink++;
            }
            return ink > 50;
        }"""
    )


@pytest.mark.parametrize(("n_docs", "threshold", "physics"), [(6, 300, True), (40, 50, False)])
def test_nodes_are_drawn(open_page: Any, tmp_path: Path, n_docs: int, threshold: int, physics: bool) -> None:
    path = _page_file(tmp_path, n_docs, layout_threshold=threshold)
    page, _ = open_page(path)
    nodes = page.evaluate("() => window.kg.data.nodes.length")
    assert page.evaluate("() => window.kg.data.physics") is physics
    positions = page.evaluate("() => Object.keys(window.kgNetwork.getPositions()).length")
    assert positions == nodes > 0
    assert _canvas_has_ink(page)
    if physics:  # show a claim's tooltip in the picture a person looks at
        claim = page.evaluate("() => window.kg.data.nodes.find(n => n.g === 'claim' && n.s.includes('<script>')).id")
        page.evaluate("id => window.kg.showTooltip(id)", claim)
    shot = tmp_path / "view.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if physics:
        shutil.copyfile(shot, SAMPLE_PNG)


def test_tooltip_shows_the_sentence_as_text(open_page: Any, tmp_path: Path) -> None:
    page, _ = open_page(_page_file(tmp_path, 6))
    node = page.evaluate(
        "() => window.kg.data.nodes.find(n => n.g === 'claim' && n.s.startsWith('Токаев заявил о реформе номер 3'))"
    )
    # Programmatic: the same code path as hovering.
    page.evaluate("id => window.kg.showTooltip(id)", node["id"])
    tip = page.locator("#kg-tip")
    assert tip.is_visible()
    text = tip.inner_text()
    for expected in (node["s"], "Kassym-Jomart Tokayev", "Статья 3", "Tengrinews", "2023-05-04"):
        assert expected in text
    page.evaluate("() => window.kg.hideTooltip()")
    assert not tip.is_visible()
    # A real hover over the node's spot on the canvas.
    page.evaluate("id => window.kgNetwork.focus(id, {scale: 2.5})", node["id"])
    spot = page.evaluate(
        """id => {
            const p = window.kgNetwork.canvasToDOM(window.kgNetwork.getPosition(id));
            const r = document.getElementById('kg-network').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        node["id"],
    )
    page.mouse.move(spot["x"] - 30, spot["y"] - 30)
    page.mouse.move(spot["x"], spot["y"], steps=5)
    tip.wait_for(state="visible", timeout=5_000)
    assert node["s"] in tip.inner_text()


def test_filters_hide_nodes(open_page: Any, tmp_path: Path) -> None:
    page, _ = open_page(_page_file(tmp_path, 12))
    total = _visible(page)
    assert total == page.evaluate("() => window.kg.data.nodes.length")
    page.locator("#kg-f-status input[value=proposed]").uncheck()
    fewer = _visible(page)
    assert 0 < fewer < total
    hidden_claims = page.evaluate("() => window.kg.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    statuses = page.evaluate(
        "ids => ids.map(id => window.kg.data.nodes[id]).filter(n => n.g === 'claim').map(n => n.st)",
        hidden_claims,
    )
    assert statuses and set(statuses) == {"proposed"}
    page.click("#kg-reset")
    assert _visible(page) == total
    claimant = page.evaluate("() => window.kg.data.nodes.find(n => n.l === 'Central Election Commission').id")
    page.select_option("#kg-f-claimant", str(claimant))
    assert _visible(page) < total
    assert "Showing 6 of 24 claims" in page.inner_text("#kg-count")
    page.click("#kg-reset")
    page.select_option("#kg-f-from", "2022")
    page.select_option("#kg-f-to", "2022")
    years = page.evaluate(
        "() => window.kg.visibleNodeIds().map(id => window.kg.data.nodes[id]).filter(n => n.g === 'claim')"
        ".map(n => n.yr)"
    )
    assert years and set(years) == {2022}
    page.click("#kg-reset")
    page.locator("#kg-f-type input").first.uncheck()
    assert _visible(page) < total


def test_search_selects_a_node(open_page: Any, tmp_path: Path) -> None:
    page, _ = open_page(_page_file(tmp_path, 6))
    page.fill("#kg-search", "tokayev")
    page.press("#kg-search", "Enter")
    selected = page.evaluate("() => window.kgNetwork.getSelectedNodes()")
    labels = page.evaluate("ids => ids.map(id => window.kg.data.nodes[id].l)", selected)
    assert labels == ["Kassym-Jomart Tokayev"]
    assert "Kassym-Jomart Tokayev" in page.inner_text("#kg-details")
    assert page.evaluate("() => window.kg.search('реформе номер 4')") is not None


def test_hostile_text_is_shown_literally_and_never_runs(open_page: Any, tmp_path: Path) -> None:
    page, watch = open_page(_page_file(tmp_path, 6, view="full"))
    hostile = page.evaluate("() => window.kg.data.nodes.find(n => n.g === 'claim' && n.s.includes('<script>'))")
    page.evaluate("id => window.kg.showTooltip(id)", hostile["id"])
    text = page.inner_text("#kg-tip")
    assert PAYLOAD in text and TITLE in text
    assert page.evaluate("() => document.querySelectorAll('#kg-tip *').length") == page.evaluate(
        "() => document.querySelectorAll('#kg-tip div, #kg-tip span').length"
    )
    page.evaluate("id => { window.kgNetwork.selectNodes([id]); }", hostile["id"])
    article = page.evaluate("() => window.kg.data.nodes.find(n => n.g === 'article' && n.l.includes('script'))")
    assert article["l"].startswith("</script>")  # the label is text on a canvas
    page.evaluate("id => window.kg.showTooltip(id)", article["id"])
    assert TITLE in page.inner_text("#kg-tip")
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == 3
    assert watch.dialogs == []
