"""The HTML view: self-contained, escaped, readable, filterable and deterministic."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.render import (
    build_network,
    html_page,
    iter_script_urls,
    json_for_script,
    layout_positions,
    read_graph,
    render,
    select_claims,
)
from kg.stats import format_stats, stats

TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization")
KARIN = Agent("erlan-karin", "Erlan Karin", "person")
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
BREAKOUT = "</script><script>window.__pwned=1</script>"
HOSTILE_SENTENCE = f"They {SCRIPT} proposed {IMG} to abolish the death penalty\u2028 & more <!-- x."
HOSTILE_TITLE = f"{BREAKOUT} {SCRIPT}\u2029 Q&A"
RULES = {"test.rule": RuleRef("test.rule", "a rule for tests", "rules/test.yaml")}


def _doc(doc_id: str, sentences: list[str], **kw: str) -> tuple[Document, list[tuple[int, int, str]]]:
    spans, offset = [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence), sentence))
        offset += len(sentence) + 1
    return Document(id=doc_id, text=" ".join(sentences), **kw), spans


def _claim(doc: Document, spans: list, index: int, reform: str, status: str, **kw: object) -> Claim:
    start, end, quote = spans[index]
    assert doc.text[start:end] == quote
    return Claim(doc.id, index, start, end, quote, reform, "test.rule", status, **kw)  # type: ignore[arg-type]


def sample() -> tuple[list[Document], list[Claim]]:
    """Three articles, five claims, three claimants; the third article is hostile."""
    d1, s1 = _doc(
        "tengri-2021-1",
        ["Токаев предложил прямые выборы акимов районов в 2023 году.", "Выборы сельских акимов уже прошли."],
        lang="ru",
        title="Токаев: прямые выборы акимов районов",
        publisher="Tengrinews",
        date="2021-03-16",
        url="https://tengrinews.kz/a/1",
    )
    d2, s2 = _doc(
        "astana-times-2022",
        [
            "The referendum of 2022 amended the Constitution.",
            "Karin said a single seven-year term is planned.",
        ],
        lang="en",
        title="Referendum results",
        publisher="The Astana Times",
        date="2022-06-06",
    )
    d3, s3 = _doc("hostile-1", [HOSTILE_SENTENCE], lang="en", title=HOSTILE_TITLE, publisher=IMG, date="2023-01-10")
    claims = [
        _claim(
            d1,
            s1,
            0,
            "direct-election",
            "planned",
            office="akim",
            level="district",
            year=2023,
            claimant=TOKAYEV,
        ),
        _claim(d1, s1, 1, "direct-election", "implemented", office="akim", level="rural", year=2021, claimant=CEC),
        _claim(d2, s2, 0, "referendum", "implemented", year=2022, claimant=TOKAYEV),
        _claim(d2, s2, 1, "presidential-term", "planned", count=7, year=2022, claimant=KARIN),
        _claim(d3, s3, 0, "death-penalty", "proposed"),
    ]
    return [d1, d2, d3], claims


@pytest.fixture(scope="module")
def graph() -> Graph:
    docs, claims = sample()
    return to_rdf(docs, claims, RULES)


@pytest.fixture(scope="module")
def ttl(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_bytes(serialize_turtle(graph))
    return path


def _data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def _render(ttl: Path, tmp_path: Path, **kw: object) -> tuple[str, dict]:
    out = tmp_path / "view.html"
    render(ttl, out, **kw)  # type: ignore[arg-type]
    html = out.read_bytes().decode("utf-8")
    return html, _data(html)


@pytest.mark.parametrize("view", ["reforms", "full"])
@pytest.mark.parametrize("threshold", [0, 300])
def test_page_loads_nothing_from_outside(ttl: Path, tmp_path: Path, view: str, threshold: int) -> None:
    html, _ = _render(ttl, tmp_path, view=view, layout_threshold=threshold)
    urls = list(iter_script_urls(html))
    assert all(url.startswith("data:") for url in urls), urls
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    for tag in re.findall(r"<(?:script|link|img|iframe|source|object|embed)\b[^>]*>", html, re.I):
        assert "http://" not in tag and "https://" not in tag, tag
    assert "cdn" not in " ".join(re.findall(r"<(?:script|link)\b[^>]*>", html, re.I)).lower()
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:" in html
    )
    assert "vis.Network" in html and "vis-network" in html  # the library is inlined


@pytest.mark.parametrize("text", [SCRIPT, IMG, BREAKOUT, "<!--", "\u2028", "\u2029"])
def test_document_text_appears_only_escaped(ttl: Path, tmp_path: Path, text: str) -> None:
    html, data = _render(ttl, tmp_path, view="full")
    assert text not in html
    values = json.dumps(data, ensure_ascii=False)
    assert json.dumps(text, ensure_ascii=False)[1:-1] in values  # round-trips through JSON.parse
    # Exactly the template's script elements: nothing in the data opened or closed one.
    empty = html_page({})
    assert html.count("</script>") == empty.count("</script>") == 3
    assert html.count("<script") == empty.count("<script")


@pytest.mark.parametrize(
    ("value", "forbidden"),
    [
        ("</script><script>x</script>", "<"),
        ("a > b", ">"),
        ("A & B", "&"),
        ("line\u2028sep", "\u2028"),
        ("para\u2029sep", "\u2029"),
        ("<!-- comment -->", "<!--"),
        ("lone \ud800 surrogate", "\ud800"),
    ],
)
def test_json_for_script(value: str, forbidden: str) -> None:
    text = json_for_script({"v": value})
    assert forbidden not in text
    text.encode("utf-8")  # valid UTF-8, even for a lone surrogate
    assert json.loads(text) == {"v": value}


def test_labels_say_something(ttl: Path, tmp_path: Path) -> None:
    _, data = _render(ttl, tmp_path, view="full")
    labels = {n["g"]: set() for n in data["nodes"]}
    for node in data["nodes"]:
        labels[node["g"]].add(node["l"])
        assert not node["l"].startswith(("http://", "https://")), node
    assert "Direct election of akims — district" in labels["reform"]
    assert {"Kassym-Jomart Tokayev", "Erlan Karin"} <= labels["person"]
    assert labels["organization"] == {"Central Election Commission"}
    assert {"claim: planned 2023", "claim: implemented 2021", "claim: proposed"} <= labels["claim"]
    assert "Referendum results" in labels["article"]
    assert labels["place"] == {"Kazakhstan"}


def test_claim_tooltip_data_carries_the_evidence(ttl: Path, tmp_path: Path) -> None:
    _, data = _render(ttl, tmp_path)
    claims = [n for n in data["nodes"] if n["g"] == "claim"]
    hostile = next(n for n in claims if n["s"] == HOSTILE_SENTENCE)
    title, publisher, date, _url, doc_id = data["articles"][hostile["a"]]
    assert (title, publisher, date, doc_id) == (HOSTILE_TITLE, IMG, "2023-01-10", "hostile-1")
    assert hostile["st"] == "proposed" and "cl" not in hostile
    first = next(n for n in claims if n["l"] == "claim: planned 2023")
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id[first["cl"]]["l"] == "Kassym-Jomart Tokayev"
    assert by_id[first["rf"]]["l"] == "Direct election of akims — district"
    assert data["articles"][first["a"]][:3] == [
        "Токаев: прямые выборы акимов районов",
        "Tengrinews",
        "2021-03-16",
    ]
    assert first["s"] == "Токаев предложил прямые выборы акимов районов в 2023 году."


@pytest.mark.parametrize(
    ("options", "claims", "nodes"),
    [
        ({}, 5, 13),
        ({"view": "full"}, 5, 17),
        ({"reform": "direct-election"}, 2, 6),
        ({"reform": "https://w3id.org/reform-kg/reform-type/referendum"}, 1, 3),
        ({"claimant": "tokayev"}, 2, 5),
        ({"claimant": "KASSYM-JOMART TOKAYEV"}, 2, 5),
        ({"claimant": "nobody"}, 0, 0),
        ({"since": 2022}, 3, 8),
        ({"until": 2021}, 2, 6),
        ({"since": 2022, "until": 2022}, 2, 6),
        ({"reform": "referendum", "claimant": "karin"}, 0, 0),
        ({"view": "full", "claimant": "tokayev"}, 2, 8),
    ],
)
def test_options_reduce_nodes(ttl: Path, tmp_path: Path, options: dict, claims: int, nodes: int) -> None:
    stats = render(ttl, tmp_path / "view.html", **options)
    assert (stats.claims, stats.nodes) == (claims, nodes)
    data = _data((tmp_path / "view.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == nodes
    assert sum(n["g"] == "claim" for n in data["nodes"]) == claims
    assert len(data["edges"]) == stats.edges


@pytest.mark.parametrize(
    ("options", "error"),
    [({"view": "everything"}, "view"), ({"reform": "no-such-reform"}, "unknown reform type")],
)
def test_bad_options(ttl: Path, tmp_path: Path, options: dict, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        render(ttl, tmp_path / "view.html", **options)
    assert not (tmp_path / "view.html").exists()


@pytest.mark.parametrize("view", ["reforms", "full"])
@pytest.mark.parametrize("threshold", [0, 300])
def test_output_is_deterministic(graph: Graph, ttl: Path, tmp_path: Path, view: str, threshold: int) -> None:
    a, b, c = tmp_path / "a.html", tmp_path / "b.html", tmp_path / "c.html"
    render(ttl, a, view=view, layout_threshold=threshold)
    render(str(ttl), b, view=view, layout_threshold=threshold)
    render(graph, c, view=view, layout_threshold=threshold)  # an rdflib graph gives the same page
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


def test_written_as_utf8_atomically(ttl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sub" / "view.html"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    monkeypatch.setenv("PYTHONIOENCODING", "latin-1")
    monkeypatch.setattr("locale.getpreferredencoding", lambda *a: "latin-1")
    stats = render(ttl, out)
    raw = out.read_bytes()
    assert stats.bytes == len(raw)
    text = raw.decode("utf-8")  # strict: fails on anything else
    assert '<meta charset="utf-8">' in text[:200]
    assert "Токаев предложил".encode() in raw  # Cyrillic as UTF-8, not \u escapes
    assert sorted(p.name for p in out.parent.iterdir()) == ["view.html"]  # no temp file left


@pytest.mark.parametrize(
    ("threshold", "physics"),
    [(0, False), (12, False), (13, True), (300, True)],
)
def test_layout_switches_above_threshold(ttl: Path, tmp_path: Path, threshold: int, physics: bool) -> None:
    out = tmp_path / "view.html"
    stats = render(ttl, out, layout_threshold=threshold)  # the default view has 13 nodes
    data = _data(out.read_text(encoding="utf-8"))
    assert stats.physics is physics and data["physics"] is physics
    has_xy = [("x" in n and "y" in n) for n in data["nodes"]]
    assert all(has_xy) if not physics else not any(has_xy)


def test_layout_keeps_claims_round_their_reform() -> None:
    docs, claims = sample()
    table = read_graph(to_rdf(docs, claims, RULES))
    for view in ("reforms", "full"):
        g = build_network(table, select_claims(table), view=view)
        pos = layout_positions(g)
        assert set(pos) == set(g.nodes)
        assert len(set(pos.values())) == len(pos)  # no two nodes on one spot
        for node, data in g.nodes(data=True):
            if data["group"] == "claim":
                reform = next(iter(g.successors(node)))
                (x, y), (rx, ry) = pos[node], pos[reform]
                assert 0 < ((x - rx) ** 2 + (y - ry) ** 2) ** 0.5 < 200


def test_empty_graph_renders(tmp_path: Path) -> None:
    stats = render(Graph(), tmp_path / "empty.html", layout_threshold=0)
    assert (stats.nodes, stats.edges) == (0, 0)
    assert _data((tmp_path / "empty.html").read_text(encoding="utf-8"))["nodes"] == []


def test_template_is_static() -> None:
    """Only the data block differs between two pages."""
    a = html_page({"nodes": [], "edges": []}, script="/*lib*/")
    b = html_page({"nodes": [{"l": "</script>"}], "edges": []}, script="/*lib*/")
    strip = re.compile(r'(id="kg-data">).*?(</script>)', re.S)
    assert strip.sub(r"\1\2", a) == strip.sub(r"\1\2", b)


def test_stats_rank_claimants_and_reform_types(graph: Graph) -> None:
    result = stats(graph, top=5)
    assert (result.claims, result.articles, result.reforms, result.reform_types) == (5, 3, 5, 4)
    assert (result.claimants, result.unattributed) == (3, 1)
    # Tokayev: direct-election + referendum; Karin: presidential-term; CEC: direct-election.
    assert [s.label for s in result.top_claimants] == [
        "Kassym-Jomart Tokayev",
        "Central Election Commission",
        "Erlan Karin",
    ]
    tokayev = result.top_claimants[0]
    assert (tokayev.kind, tokayev.degree, tokayev.weighted_degree) == ("person", 2, 2)
    assert tokayev.betweenness > 0 == result.top_claimants[1].betweenness
    types = {s.key: s for s in result.top_reform_types}
    assert (types["direct-election"].degree, types["direct-election"].weighted_degree) == (2, 2)
    assert types["death-penalty"].degree == 0  # its one claim has no claimant
    assert result.top_reform_types[0].key == "direct-election"
    # Articles join Karin's claim to Tokayev's; the hostile article's claim stands alone.
    # Without articles, Karin + presidential term and the unclaimed death penalty are apart.
    assert (result.components, result.bipartite_components) == (2, 3)


def test_stats_report_is_deterministic(graph: Graph, ttl: Path) -> None:
    text = format_stats(stats(ttl))
    assert text == format_stats(stats(graph))
    assert "Most connected claimants" in text and "Kassym-Jomart Tokayev" in text
    assert format_stats(stats(Graph())).count("(none)") == 2
