"""HTML pages and WARC files as input (kg/web.py): the fixtures in tests/web, broken input, and a build.

Every page in tests/web was written for these tests after the layout of a real outlet (menus,
bylines, dates in meta tags, JSON-LD, Next.js data); tests/web/expected.yaml says what each holds.
No test here touches the network: ``no_network`` makes any connection attempt fail.
"""

from __future__ import annotations

import gzip
import html
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.warcgen import Rec, crawl, record_bytes, write_warc
from kg.model import Document, Skip
from kg.sources import iter_documents
from kg.web import WarcCounts, decode_html, read_html_file, read_warc_file, url_id
from tests.conftest import ROOT

WEB = ROOT / "tests" / "web"
EXPECTED: dict[str, dict] = yaml.safe_load((WEB / "expected.yaml").read_text(encoding="utf-8"))
PAGES = sorted(EXPECTED)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def read(reader, path: Path, **kwargs: object) -> tuple[list[Document], list[Skip], list[str]]:
    warnings: list[str] = []
    items = list(reader(path, warnings.append, **kwargs))
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, Skip)],
        warnings,
    )


def expected_text(want: dict) -> str:
    return "\n\n".join([want["title"], *want["paragraphs"]])


def page(title: str, body: str, lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="Test Wire">'
        f'<meta property="article:published_time" content="2022-03-16T10:00:00+06:00"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


ARTICLE = page(
    "Mazhilis backs a lower party threshold",
    "<p>Deputies of the Mazhilis voted on Wednesday to lower the number of members a party needs "
    "for registration from 20,000 to 5,000.</p><p>The bill now goes to the Senate, which is expected "
    "to take it up within a month, according to the chamber's press office.</p>",
)


# --------------------------------------------------------------------------- saved pages


@pytest.mark.parametrize("name", PAGES)
def test_fixture_fields(name: str) -> None:
    want = EXPECTED[name]
    docs, skips, _ = read(read_html_file, WEB / name)
    assert skips == [] and len(docs) == 1
    doc = docs[0]
    misses = set(want.get("misses", ()))
    assert (doc.id, doc.lang, doc.date, doc.publisher, doc.url) == (
        name.removesuffix(".html"),
        want["lang"],
        want["date"],
        want["publisher"],
        want["url"],
    )
    if "title" in misses:  # a known miss: the page names no headline the extractor can tell from its section
        assert doc.title and doc.title != want["title"]
    else:
        assert doc.title == want["title"]
        assert doc.text.startswith(f"{want['title']}\n\n{want['paragraphs'][0]}")


@pytest.mark.parametrize("name", PAGES)
def test_fixture_text_has_every_paragraph_in_order_and_no_furniture(name: str) -> None:
    want = EXPECTED[name]
    (doc,), _, _ = read(read_html_file, WEB / name)
    at = 0
    for para in want["paragraphs"]:
        found = doc.text.find(para, at)
        assert found >= at, f"missing or out of order: {para[:60]}"
        at = found + len(para)
    tolerated = want.get("tolerated", [])
    source = html.unescape(decode_html((WEB / name).read_bytes()))
    for noise in map(str, want["noise"]):
        assert noise in source, f"noise {noise!r} is not on the page"
        if not any(noise in t for t in tolerated):
            assert noise not in doc.text
    rest = doc.text
    for para in [want["title"], *want["paragraphs"], *tolerated]:
        rest = rest.replace(para, "", 1)
    if "title" not in want.get("misses", ()):
        assert rest.strip() == "", "text beyond the headline, the paragraphs and the tolerated lines"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.html", b"", "empty file"),
        ("blank.html", b"  \n\t\n", "empty file"),
        ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
        ("menu-only.html", b"<html><body><nav><a href='/'>Home</a> <a href='/a'>Contacts</a></nav>", "no article"),
        ("not-html.htm", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "no article"),
        ("unclosed.html", b"<html><head><title>x</title><body><div><div><div>", "no article"),
    ],
)
def test_bad_page_is_one_skip_naming_the_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    docs, skips, warnings = read(read_html_file, path)
    assert docs == [] and warnings == []
    assert len(skips) == 1 and skips[0].path == str(path) and reason in skips[0].reason
    assert "\n" not in skips[0].message()


def test_an_oversized_page_is_skipped_before_it_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.web.MAX_PAGE_BYTES", 1000)
    path = tmp_path / "big.html"
    path.write_bytes(ARTICLE + b"<!--" + b"x" * 2000 + b"-->")
    docs, skips, _ = read(read_html_file, path)
    assert docs == [] and [s.reason for s in skips] == ["page larger than 0 MB"]


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ('<meta charset="windows-1251">', "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8_r"),
        ("", "cp1251"),  # no charset at all: guessed
        ('<meta charset="utf-8">', "cp1251"),  # a false declaration: guessed
    ],
)
def test_russian_code_pages_decode(tmp_path: Path, declared: str, encoding: str) -> None:
    title = "Маслихаты будут избирать по смешанной системе"
    body = (
        "<p>Областная избирательная комиссия рассказала, как теперь будут формироваться маслихаты "
        "всех уровней и что изменится для избирателей на ближайших выборах.</p>"
        "<p>Половину депутатов областного маслихата изберут по партийным спискам, а другую половину "
        "по одномандатным округам, пояснили в комиссии.</p>"
    )
    head = f"<html><head>{declared}<title>{title}</title></head>"
    html = f"{head}<body><article><h1>{title}</h1>{body}</article></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    (doc,), _, _ = read(read_html_file, path)
    assert doc.title == title and "по одномандатным округам" in doc.text and doc.lang == "ru"


@pytest.mark.parametrize(
    ("path", "url", "expected"),
    [
        ("news/akims-2023.html", None, "akims-2023"),
        ("news/index.html", None, "news-index"),
        (
            "news/index.html",
            "https://example.kz/ru/news/akim-vybory.html",
            url_id("https://example.kz/ru/news/akim-vybory.html"),
        ),
    ],
)
def test_page_ids_are_the_file_name_or_the_url(tmp_path: Path, path: str, url: str | None, expected: str) -> None:
    file = tmp_path / path
    file.parent.mkdir(parents=True, exist_ok=True)
    canonical = f'<link rel="canonical" href="{url}"></head>'.encode()
    html = ARTICLE if url is None else ARTICLE.replace(b"</head>", canonical)
    file.write_bytes(html)
    (first,), _, _ = read(read_html_file, file)
    (again,), _, _ = read(read_html_file, file)
    assert first.id == again.id == expected


def test_url_ids_are_readable_and_stable() -> None:
    assert url_id("https://example.kz/ru/news/akim-vybory.html", "<urn:uuid:1>") == url_id(
        "https://example.kz/ru/news/akim-vybory.html", "<urn:uuid:1>"
    )
    assert url_id("https://example.kz/ru/news/akim-vybory.html").startswith("akim-vybory-")
    assert url_id("https://example.kz/a", "<urn:uuid:1>") != url_id("https://example.kz/a", "<urn:uuid:2>")


# --------------------------------------------------------------------------- WARC files


def fixture_pages(n: int) -> list[bytes]:
    return [(WEB / name).read_bytes() for name in PAGES[:n]]


def response(i: int, payload: bytes = ARTICLE) -> Rec:
    return Rec("response", f"https://news.example.kz/en/story-{i}.html", payload, record_id=f"<urn:uuid:0000-{i}>")


@pytest.mark.parametrize("gz", [True, False])
def test_warc_reads_only_html_responses(tmp_path: Path, gz: bool) -> None:
    pages = fixture_pages(4)
    recs = list(crawl(pages, 40, seed=3, html_share=0.4))
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), recs)
    counts = WarcCounts()
    docs, skips, warnings = read(read_warc_file, path, counts=counts)
    responses = [r for r in recs if r.kind == "response" and r.status == "200 OK" and "html" in r.headers[0][1]]
    assert skips == [] and warnings == []
    assert [d.url for d in docs] == [r.uri for r in responses]
    assert (counts.pages, counts.other, counts.broken) == (len(responses), len(recs) - len(responses), 0)
    titles = {EXPECTED[name]["title"] for name in PAGES[:4]}
    assert {d.title for d in docs} <= titles and len({d.id for d in docs}) == len(docs)
    assert [d.id for d in docs] == [d.id for d in read(read_warc_file, path)[0]]  # stable


def test_warc_date_falls_back_to_the_capture(tmp_path: Path) -> None:
    undated = ARTICLE.replace(b'<meta property="article:published_time" content="2022-03-16T10:00:00+06:00">', b"")
    rec = Rec("response", "https://news.example.kz/en/undated", undated, date="2022-05-07T03:00:00Z")
    (doc,), _, _ = read(read_warc_file, write_warc(tmp_path / "c.warc.gz", [Rec("warcinfo", ""), rec]))
    assert doc.date == "2022-05-07" and doc.publisher == "Test Wire"


def _break(kind: str, good: list[bytes], gz: bool) -> tuple[bytes, int]:
    """A file of the ``good`` records with one broken place; returns it and the broken place's offset."""
    first, middle, last = good
    if kind == "garbage between records":
        return first + b"this is no record\r\n" * 5 + middle + last, len(first)
    if kind == "truncated last record":
        return first + middle + last[: len(last) // 2], len(first) + len(middle)
    if kind == "corrupt bytes inside a record":
        cut = len(middle) // 2
        bad = middle[:cut] + bytes(b ^ 0x5A for b in middle[cut : cut + 40]) + middle[cut + 40 :]
        return first + bad + last, len(first)
    if kind == "wrong content-length":
        raw = gzip.decompress(middle) if gz else middle
        head, sep, rest = raw.partition(b"Content-Length: ")
        number, eol, tail = rest.partition(b"\r\n")
        raw = head + sep + str(int(number) - 25).encode() + eol + tail
        return first + (gzip.compress(raw) if gz else raw) + last, len(first)
    if kind == "response without a target URI":
        raw = b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 6\r\n\r\nbroken\r\n\r\n"
        return first + (gzip.compress(raw) if gz else raw) + last, len(first)
    raise AssertionError(kind)


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
@pytest.mark.parametrize(
    "kind",
    [
        "garbage between records",
        "truncated last record",
        "corrupt bytes inside a record",
        "wrong content-length",
        "response without a target URI",
    ],
)
def test_a_broken_record_is_one_skip_with_its_offset_and_the_rest_are_read(tmp_path: Path, kind: str, gz: bool) -> None:
    good = [record_bytes(response(i), gz) for i in range(3)]
    data, offset = _break(kind, good, gz)
    path = tmp_path / ("broken.warc.gz" if gz else "broken.warc")
    path.write_bytes(data)
    docs, skips, _ = read(read_warc_file, path)
    assert len(skips) == 1, [s.reason for s in skips]
    assert skips[0].path == str(path) and skips[0].reason.startswith(f"record at offset {offset}: ")
    kept = {"truncated last record": {0, 1}, "garbage between records": {0, 1, 2}}.get(kind, {0, 2})
    assert {d.url for d in docs} == {response(i).uri for i in kept}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"just some text, not an archive\n" * 20, "record at offset 0: "),
        (b"\x1f\x8b\x08\x00" + bytes(range(200)), "record at offset 0: "),
    ],
)
def test_a_file_that_is_no_warc_is_one_skip(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(data)
    docs, skips, _ = read(read_warc_file, path)
    assert docs == [] and len(skips) == 1 and skips[0].reason.startswith(reason)


@pytest.mark.parametrize(
    ("second", "docs"),
    [
        (ARTICLE, 1),  # the crawler fetched the page again: one article
        (ARTICLE.replace(b"</article>", b"<p>Update: the vote was moved to 2024.</p></article>"), 2),  # a new version
    ],
)
def test_a_url_captured_twice_with_the_same_text_is_one_document(tmp_path: Path, second: bytes, docs: int) -> None:
    uri = "https://news.example.kz/en/story.html"
    recs = [
        Rec("response", uri, ARTICLE, record_id="<urn:uuid:a>", date="2022-03-16T08:00:00Z"),
        Rec("response", uri, second, record_id="<urn:uuid:b>", date="2022-03-18T08:00:00Z"),
    ]
    path = write_warc(tmp_path / "c.warc.gz", recs)
    skips: list[Skip] = []
    read_docs = list(iter_documents([path], on_skip=skips.append))
    assert len(read_docs) == docs and read_docs[0].id == url_id(uri, "<urn:uuid:a>")
    assert [s.reason for s in skips] == (
        [f"document '{url_id(uri, '<urn:uuid:b>')}' is the same page as '{read_docs[0].id}' (same URL, same text)"]
        if docs == 1
        else []
    )


def test_warc_is_read_lazily(tmp_path: Path) -> None:
    """The first page comes out before the rest of the file is read: the archive is streamed."""
    recs = [Rec("warcinfo", ""), response(0), *(Rec("metadata", f"https://x.kz/{i}", b"m" * 5000) for i in range(300))]
    path = write_warc(tmp_path / "c.warc", recs)
    positions: list[int] = []
    items = read_warc_file(path, lambda _m: None, at=positions.append)
    first = next(items)
    assert isinstance(first, Document) and max(positions) < path.stat().st_size // 10
    items.close()


# --------------------------------------------------------------------------- a build


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    """The kg command with sockets refused, so a network access would fail the build."""
    guard = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network access attempted')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from kg.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    command = [sys.executable, "-c", guard, "--verbose", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


CLAIM_FIELDS = ("sentence", "reform", "office", "level", "count", "year", "claimant", "status", "measure", "claimDate")


def claims(graph: Path) -> list[tuple]:
    import kg as api

    result = api.query(graph, name="claims")
    index = [result.vars.index(f) for f in CLAIM_FIELDS]
    return sorted(tuple(row[i] or "" for i in index) for row in result.rows)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, subprocess.CompletedProcess[str]]:
    """The fixtures as saved pages and a WARC crawl with a broken record, and the same articles as .txt."""
    web, txt = tmp_path_factory.mktemp("web-in"), tmp_path_factory.mktemp("txt-in")
    names = [n for n in PAGES if "title" not in EXPECTED[n].get("misses", ())]
    as_html, in_warc = names[::2], names[1::2]
    for name in as_html:
        (web / name).write_bytes((WEB / name).read_bytes())
    recs: list[Rec | bytes] = [Rec("warcinfo", "")]
    for i, name in enumerate(in_warc):
        uri = EXPECTED[name]["url"] or f"https://archive.example.kz/{name}"
        capture = "2024-06-01T09:00:00Z"  # after every page's date: a page dated after its capture is not believed
        recs.append(Rec("request", uri, date=capture))
        recs.append(Rec("response", uri, (WEB / name).read_bytes(), date=capture, record_id=f"<urn:uuid:{i}>"))
        image = (("Content-Type", "image/png"),)
        recs.append(Rec("response", uri + "/logo.png", b"\x89PNG" + bytes(300), headers=image))
        if i == 2:
            recs.append(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nbroken")
    write_warc(web / "crawl.warc.gz", [r if isinstance(r, Rec) else gzip.compress(r) for r in recs])
    for name in names:
        want = EXPECTED[name]
        meta = {k: want[k] for k in ("title", "date", "publisher", "url", "lang") if want[k]}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (txt / name.replace(".html", ".txt")).write_text(f"---\n{front}---\n{expected_text(want)}\n", encoding="utf-8")
    out_web, out_txt = tmp_path_factory.mktemp("web-out"), tmp_path_factory.mktemp("txt-out")
    proc = kg("build", str(web), "-o", str(out_web), "--no-html")
    assert proc.returncode == 0, proc.stderr
    done = kg("build", str(txt), "-o", str(out_txt), "--no-html")
    assert done.returncode == 0, done.stderr
    return web, out_web / "graph.ttl", out_txt / "graph.ttl", proc


def test_pages_and_warc_give_the_claims_of_the_same_articles_as_txt(builds) -> None:
    _, web, txt, _ = builds
    found = claims(web)
    assert len(found) >= 20 and found == claims(txt)


def test_the_broken_record_is_one_line_naming_the_file_and_offset(builds) -> None:
    *_, proc = builds
    lines = proc.stderr.splitlines()
    broken = [line for line in lines if "crawl.warc.gz" in line]
    assert len(broken) == 1 and "record at offset " in broken[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[0].startswith(f"{len(PAGES) - 1} documents, ")


def test_a_build_of_pages_is_byte_identical_twice(builds, tmp_path: Path) -> None:
    src, web, _, _ = builds
    again = tmp_path / "again"
    assert kg("build", str(src), "-o", str(again), "--no-html").returncode == 0
    assert (again / "graph.ttl").read_bytes() == web.read_bytes()


@pytest.mark.parametrize("generator_tag", [True, False], ids=["page-of-now", "page-before-the-tag"])
def test_an_old_output_folder_among_the_inputs_is_not_read_as_an_article(tmp_path: Path, generator_tag: bool) -> None:
    """`kg build data/ -o data/out` once, then `-o elsewhere`: the old graph.html is kg's page, not news."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Президент подписал закон об отмене смертной казни.\n", encoding="utf-8")
    first = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(inputs), "-o", str(inputs / "out")], capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    page = inputs / "out" / "graph.html"
    if not generator_tag:
        page.write_text(
            page.read_text(encoding="utf-8").replace('<meta name="generator" content="reform-kg">\n', ""),
            encoding="utf-8",
        )
    second = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(inputs), "-o", str(tmp_path / "new")], capture_output=True, text=True
    )
    assert second.returncode == 0, second.stderr
    assert re.search(r"(?m)^1 documents,", second.stdout + second.stderr)
    assert f"{page}: skipped: a page written by kg render, not an article" in second.stderr
