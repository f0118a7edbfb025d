"""The HTML page: self-contained, escaped, reform-first, filterable and deterministic.

What the page does in a browser is in tests/test_browser.py; here, what ``kg.render`` writes:
the template with its assets inlined, and the data block the page reads.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from bench.synthetic import registry
from kg.graph import serialize_turtle, to_rdf
from kg.model import Agent, Claim, Document, RuleRef
from kg.render import VIEWS, asset, html_page, iter_script_urls, json_for_script, read_graph, render, select_claims

TOKAYEV = Agent("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "person", "Касым-Жомарт Токаев")
CEC = Agent("central-election-commission", "Central Election Commission", "organization")
KARIN = Agent("erlan-karin", "Erlan Karin", "person")
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
BREAKOUT = "</script><script>window.__pwned=1</script>"
HOSTILE_SENTENCE = f"They {SCRIPT} proposed {IMG} to abolish the death penalty\u2028 & more <!-- x."
HOSTILE_TITLE = f"{BREAKOUT} {SCRIPT}\u2029 Q&A"
RULES = {"test.rule": RuleRef("test.rule", "a rule for tests", "rules/test.yaml")}
DISTRICT = "https://w3id.org/reform-kg/id/reform/direct-election/akim/district"


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
    """Four articles, seven claims, three claimants; district akims: proposed for 2024, moved to
    2023, done in 45 districts; the fourth article is hostile in every field."""
    d1, s1 = _doc(
        "tengri-2021-1",
        ["Токаев предложил прямые выборы акимов районов в 2024 году.", "Выборы сельских акимов уже прошли."],
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
            "District akims will be elected in 2023.",
        ],
        lang="en",
        title="Referendum results",
        publisher="The Astana Times",
        date="2022-06-06",
    )
    d3, s3 = _doc("kazinform-2023", ["Акимов 45 районов избрали 5 ноября 2023 года."], lang="ru", date="2023-11-06")
    d4, s4 = _doc("hostile-1", [HOSTILE_SENTENCE], lang="en", title=HOSTILE_TITLE, publisher=IMG, date="2023-01-10")
    district = {"office": "akim", "level": "district"}
    claims = [
        _claim(d1, s1, 0, "direct-election", "proposed", **district, year=2024, target_year=2024,
               claim_date="2021-03-16", claimant=TOKAYEV),
        _claim(d1, s1, 1, "direct-election", "implemented", office="akim", level="rural", claim_date="2021-03-16",
               claimant=CEC),
        _claim(d2, s2, 0, "referendum", "implemented", year=2022, claim_date="2022-06-06", claimant=TOKAYEV),
        _claim(d2, s2, 1, "presidential-term", "planned", count=7, measure="term-years", year=2022,
               claim_date="2022-06", claimant=KARIN),
        _claim(d2, s2, 2, "direct-election", "planned", **district, year=2023, target_year=2023,
               claim_date="2022-06-06"),
        _claim(d3, s3, 0, "direct-election", "implemented", **district, count=45, measure="districts", year=2023,
               date="2023-11-05", target_year=2023, claim_date="2023-11-06", claimant=CEC),
        _claim(d4, s4, 0, "death-penalty", "proposed", claim_date="2023-01-10"),
    ]  # fmt: skip
    return [d1, d2, d3, d4], claims


@pytest.fixture(scope="module")
def graph() -> Graph:
    docs, claims = sample()
    return to_rdf(docs, claims, RULES, registry=registry())


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


@pytest.mark.parametrize("view", VIEWS)
def test_page_loads_nothing_from_outside(ttl: Path, tmp_path: Path, view: str) -> None:
    html, data = _render(ttl, tmp_path, view=view)
    assert data["view"] == view
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


def test_assets_are_inlined_once_and_no_slot_is_left(ttl: Path, tmp_path: Path) -> None:
    html, _ = _render(ttl, tmp_path)
    for name in ("page.js", "page.css"):
        text = asset(name)
        assert len(text) > 1000 and html.count(text) == 1, name
    assert not re.search(r"\{\{\w+\}\}", html)
    # A slot name inside the data is data, not a slot: one pass over the template.
    page = html_page({"text": "{{script}} {{style}}"}, script="/*lib*/")
    assert page.count(asset("page.js")) == 1 and '"{{script}} {{style}}"' in page


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


def test_reforms_and_claimants_without_a_hub(ttl: Path, tmp_path: Path) -> None:
    _, data = _render(ttl, tmp_path)
    labels = {r["l"] for r in data["reforms"]}
    assert {"Direct elections of district akims", "Direct elections of rural akims"} <= labels
    assert len(data["reforms"]) == 5  # district and rural akims, referendum, term, death penalty
    assert sorted(a["l"] for a in data["agents"]) == [
        "Central Election Commission",
        "Erlan Karin",
        "Kassym-Jomart Tokayev",
    ]
    assert "Kazakhstan" not in json.dumps(data, ensure_ascii=False)  # no place node to link every reform
    assert set(data) >= {"reforms", "agents", "claims", "articles", "revisions", "types", "statuses"}
    district = next(r for r in data["reforms"] if r["k"] == "direct-election/akim/district")
    assert (district["n"], district["st"], district["ru"]) == (
        3,
        "implemented",
        "Прямые выборы акимов районов и городов областного значения",
    )


def test_reform_history_points_at_its_claims_in_date_order(ttl: Path, tmp_path: Path) -> None:
    _, data = _render(ttl, tmp_path)
    claims = data["claims"]
    r = next(i for i, r in enumerate(data["reforms"]) if r["k"] == "direct-election/akim/district")
    district = data["reforms"][r]
    own = [c for c in claims if c.get("r") == r]
    assert [c["h"] for c in own] == [1, 2, 3]
    assert [c["d"] for c in own] == ["2021-03-16", "2022-06-06", "2023-11-06"]
    for key, status, date in (("fp", "proposed", "2021-03-16"), ("fl", "planned", "2022-06-06"),
                              ("fi", "implemented", "2023-11-06")):  # fmt: skip
        assert (claims[district[key]]["st"], claims[district[key]]["d"]) == (status, date)
    done = claims[district["fi"]]
    assert (done["v"], done["m"], done["ty"]) == (45, "districts and cities", 2023)
    # The proposal of 2021 for 2024 was revised to 2023 by the plan, which the elections of 2023 fulfilled;
    # the proposal stays open: elections in 2023 are not elections in 2024.
    plan, proposal = claims[district["fl"]], claims[district["fp"]]
    assert (plan["p"], plan["pb"]) == ("fulfilled", district["fi"])
    assert (proposal["p"], proposal["od"], "pb" in proposal) == ("open", 965, False)
    assert data["revisions"] == [
        {"r": r, "e": district["fp"], "l": district["fl"], "w": "target year", "o": "2024", "n": "2023"}
    ]
    hostile = next(c for c in claims if c["s"] == HOSTILE_SENTENCE)
    assert (hostile["p"], hostile["od"]) == ("open", 300)  # 2023-01-10 to the newest article, 2023-11-06
    assert data["asOf"] == "2023-11-06"


def test_claim_data_carries_the_evidence(ttl: Path, tmp_path: Path) -> None:
    _, data = _render(ttl, tmp_path)
    claims = data["claims"]
    hostile = next(c for c in claims if c["s"] == HOSTILE_SENTENCE)
    title, publisher, date, _url, doc_id = data["articles"][hostile["ar"]]
    assert (title, publisher, date, doc_id) == (HOSTILE_TITLE, IMG, "2023-01-10", "hostile-1")
    assert hostile["st"] == "proposed" and "a" not in hostile and hostile["lang"] == "en"
    first = next(c for c in claims if c["s"].startswith("Токаев предложил"))
    assert data["agents"][first["a"]]["l"] == "Kassym-Jomart Tokayev"
    assert data["reforms"][first["r"]]["l"] == "Direct elections of district akims"
    assert data["articles"][first["ar"]][:3] == ["Токаев: прямые выборы акимов районов", "Tengrinews", "2021-03-16"]
    assert (first["y"], first["ty"], first["lang"]) == (2021, 2024, "ru")  # claim made vs takes effect
    karin = next(c for c in claims if c["s"].startswith("Karin"))
    assert (karin["d"], karin["y"], karin["v"], karin["m"]) == ("2022-06", 2022, 7, "years of term")
    assert all((data["base"] + c["iri"]).startswith("https://w3id.org/reform-kg/id/claim/") for c in claims)


@pytest.mark.parametrize(
    ("options", "claims", "reforms", "claimants"),
    [
        ({}, 7, 5, 3),
        ({"view": "timeline"}, 7, 5, 3),
        ({"reform": "direct-election"}, 4, 2, 2),
        ({"reform": "https://w3id.org/reform-kg/reform-type/referendum"}, 1, 1, 1),
        ({"claimant": "tokayev"}, 2, 2, 1),
        ({"claimant": "KASSYM-JOMART TOKAYEV"}, 2, 2, 1),
        ({"claimant": "nobody"}, 0, 0, 0),
        ({"since": 2022}, 5, 4, 3),
        ({"until": 2021}, 2, 2, 2),
        ({"since": 2022, "until": 2022}, 3, 3, 2),
        ({"reform": "referendum", "claimant": "karin"}, 0, 0, 0),
    ],
)
def test_options_reduce_the_page(
    ttl: Path, tmp_path: Path, options: dict, claims: int, reforms: int, claimants: int
) -> None:
    stats = render(ttl, tmp_path / "view.html", **options)
    data = _data((tmp_path / "view.html").read_text(encoding="utf-8"))
    assert (stats.claims, stats.reforms, stats.claimants) == (claims, reforms, claimants)
    assert (len(data["claims"]), len(data["reforms"]), len(data["agents"])) == (claims, reforms, claimants)
    assert stats.nodes == reforms + claimants
    assert stats.edges == len({(c["a"], c["r"]) for c in data["claims"] if "a" in c})


def test_revision_needs_both_sides_on_the_page(ttl: Path, tmp_path: Path) -> None:
    _, data = _render(ttl, tmp_path, since=2022)  # the 2021 proposal is left out
    assert data["revisions"] == []
    district = next(r for r in data["reforms"] if r["k"] == "direct-election/akim/district")
    assert "fp" not in district and district["nt"] == 3 and district["n"] == 2


@pytest.mark.parametrize(
    ("options", "error"),
    [({"view": "everything"}, "view"), ({"reform": "no-such-reform"}, "unknown reform type")],
)
def test_bad_options(ttl: Path, tmp_path: Path, options: dict, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        render(ttl, tmp_path / "view.html", **options)
    assert not (tmp_path / "view.html").exists()


@pytest.mark.parametrize("view", VIEWS)
def test_output_is_deterministic(graph: Graph, ttl: Path, tmp_path: Path, view: str) -> None:
    a, b, c = tmp_path / "a.html", tmp_path / "b.html", tmp_path / "c.html"
    render(ttl, a, view=view)
    render(str(ttl), b, view=view)
    render(graph, c, view=view)  # an rdflib graph gives the same page
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


def test_select_claims_reads_the_claim_date_year(graph: Graph) -> None:
    table = read_graph(graph)
    years = sorted(table.claim_year(c) for c in select_claims(table, since=2022, until=2022))
    assert years == [2022, 2022, 2022]  # the referendum, Karin's plan (claim date 2022-06), the district plan


def test_empty_graph_renders(tmp_path: Path) -> None:
    stats = render(Graph(), tmp_path / "empty.html")
    assert (stats.nodes, stats.edges, stats.claims) == (0, 0, 0)
    data = _data((tmp_path / "empty.html").read_text(encoding="utf-8"))
    assert data["claims"] == data["reforms"] == []


def test_template_is_static() -> None:
    """Only the data block differs between two pages."""
    a = html_page({"claims": []}, script="/*lib*/")
    b = html_page({"claims": [{"s": "</script>"}]}, script="/*lib*/")
    strip = re.compile(r'(id="kg-data">).*?(</script>)', re.S)
    assert strip.sub(r"\1\2", a) == strip.sub(r"\1\2", b)


def test_an_asset_that_would_close_its_element_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    original = asset

    def patched(name: str) -> str:
        return original(name) + ("\n// </script>" if name == "page.js" else "")

    monkeypatch.setattr(sys.modules["kg.render"], "asset", patched)  # kg.render is also a function
    with pytest.raises(ValueError, match=r"page\.js cannot be inlined"):
        html_page({}, script="/*lib*/")
