"""Robust and safe on real-world input.

* a build killed mid-way (a real SIGKILL, and SIGKILLs injected in the middle of writing
  ``graph.ttl``/``graph.html`` and just before the rename) leaves the old outputs intact;
* the same input gives byte-identical ``graph.ttl`` and ``graph.html`` across runs,
  PYTHONHASHSEED values, input order and path spellings;
* a corpus of nasty strings (quotes, backslashes, control characters, markup, Turtle and
  SPARQL syntax, hostile ids) builds, reparses with rdflib and Oxigraph, mints only safe
  IRIs and gives every sentence back exactly;
* hypothesis properties of the normalizer, the tokenizer and the whole extractor: they
  never raise and every offset points at exactly the text it claims;
* sentences of 100,000 characters without punctuation finish;
* every export format reloads.

Number and date parsing have their own property tests (tests/test_numbers.py,
tests/test_dates.py).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.model import Document
from kg.normalize import normalize
from kg.store import format_of, load_rdflib
from kg.tokens import LINE_WINDOW, split

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
BASE = "https://w3id.org/reform-kg/id/"
INSTANCE_IRI = re.compile(r"^https://w3id\.org/reform-kg/[A-Za-z0-9._/#-]+$")
# Hidden temporary files of kg/files.py: ".graph.ttl.<random>.tmp".
TEMP_NAME = re.compile(r"^\.graph\.(?:(?:ttl|html|spool)\..+\.tmp|lock)$")  # lock: see kg.files.folder_lock
OUTPUTS = {"graph.ttl", "graph.html"}


def kg(
    *args: str, cwd: Path | None = None, seed: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )


def built(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    assert "Traceback" not in proc.stderr
    return proc


# ---------------------------------------------------------------------------
# A generated corpus of reform articles

RU_CLAIMS = (
    "Президент подписал закон об отмене смертной казни в {year} году.",
    "Глава государства предложил провести прямые выборы акимов {n} районов в {year} году.",
    "Он напомнил: в {year} году впервые пройдут прямые выборы акимов {n} районов и городов областного значения.",
    "Касым-Жомарт Токаев предложил снизить порог для партий с 7 до 5 процентов.",
)
RU_OTHER = (
    "Погода в Астане остаётся холодной, синоптики обещают снег.",
    "Депутаты обсудили бюджет на следующий год.",
    "На встрече присутствовали представители общественности.",
)
EN_CLAIMS = (
    "The President signed a law abolishing the death penalty in {year}.",
    "Tokayev proposed direct elections of akims of {n} districts in {year}.",
)
EN_OTHER = ("The weather in Astana stays cold.", "Officials discussed the budget for next year.")


def article(i: int) -> str:
    """A Russian (two in three) or English article with reform and other sentences."""
    ru = i % 3 != 0
    claims, other = (RU_CLAIMS, RU_OTHER) if ru else (EN_CLAIMS, EN_OTHER)
    paragraphs = []
    for p in range(6):
        sentences = []
        for k in range(4):  # claims and other sentences in turn
            pool = claims if (i + p + k) % 2 else other
            sentences.append(pool[(i + p + k) % len(pool)])
        paragraphs.append(" ".join(s.format(year=2019 + (i + p) % 6, n=10 + (i * 7 + p) % 40) for s in sentences))
    front = f"---\nid: art-{i:04d}\ntitle: Article {i}\npublisher: Test Press\ndate: 2022-0{1 + i % 9}-15\n---\n"
    return front + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"a{i:04d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


OLD_TTL = (
    b"@prefix schema: <https://schema.org/> .\n\n"
    b"<https://w3id.org/reform-kg/id/article/old> a schema:NewsArticle ;\n"
    b'\tschema:headline "the graph of an earlier build" .\n'
)
OLD_HTML = b"<!doctype html><title>the page of an earlier build</title>\n"


def old_outputs(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "graph.ttl").write_bytes(OLD_TTL)
    (out / "graph.html").write_bytes(OLD_HTML)


def leftovers(out: Path) -> list[str]:
    """Anything in the output folder that is not an output; only hidden temp files may be there."""
    extra = sorted(set(os.listdir(out)) - OUTPUTS)
    unexpected = [name for name in extra if not TEMP_NAME.fullmatch(name)]
    assert not unexpected, f"files that could be mistaken for output: {unexpected}"
    return extra


# ---------------------------------------------------------------------------
# Killed builds


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see CPU time")
def test_sigkill_mid_build_keeps_the_old_graph(tmp_path: Path, record_property) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 300)
    out = tmp_path / "out"
    old_outputs(out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if _cpu_seconds(proc.pid) >= 2.0:  # imports done, grammar compiled, extracting
                    break
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.02)
        assert proc.poll() is None, "the build ended before it could be killed: make the corpus bigger"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (out / "graph.ttl").read_bytes() == OLD_TTL
    assert (out / "graph.html").read_bytes() == OLD_HTML
    record_property("leftover_temp_files", leftovers(out))


# Runs `kg build` with a SIGKILL injected into kg.files: KG_KILL_TARGET names the output,
# KG_KILL_AT is "half" (half the bytes written and synced, then killed) or "rename" (the
# whole temp file written, killed instead of the rename).
_KILLER = r"""
import os, signal, sys, tempfile
import kg.files

target, at = os.environ["KG_KILL_TARGET"], os.environ["KG_KILL_AT"]
real_ntf, real_replace = tempfile.NamedTemporaryFile, os.replace

class HalfThenDie:
    def __init__(self, fh):
        self._fh = fh
    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        os.fsync(self._fh.fileno())
        os.kill(os.getpid(), signal.SIGKILL)
    def __getattr__(self, name):
        return getattr(self._fh, name)

class Patched:
    def __getattr__(self, name):
        return getattr(tempfile, name)
    @staticmethod
    def NamedTemporaryFile(*args, **kwargs):
        fh = real_ntf(*args, **kwargs)
        if at == "half" and kwargs.get("prefix") == f".{target}.":
            return HalfThenDie(fh)
        return fh

def replace(src, dst, *args, **kwargs):
    if at == "rename" and os.path.basename(dst) == target:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst, *args, **kwargs)

kg.files.tempfile = Patched()
os.replace = replace
from kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    write_corpus(folder, 3)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    ("target", "at", "ttl_is_old"),
    [
        ("graph.ttl", "half", True),  # killed with half of graph.ttl on disk
        ("graph.ttl", "rename", True),  # killed with all of it on disk, not yet renamed
        ("graph.html", "half", False),  # graph.ttl done, killed while writing the page
    ],
)
def test_sigkill_while_writing_keeps_whole_files(
    small_corpus: Path, tmp_path: Path, target: str, at: str, ttl_is_old: bool, record_property
) -> None:
    out = tmp_path / "out"
    old_outputs(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_KILL_TARGET": target, "KG_KILL_AT": at}
    proc = subprocess.run(
        [sys.executable, "-c", _KILLER, "build", str(small_corpus), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    ttl = (out / "graph.ttl").read_bytes()
    if ttl_is_old:
        assert ttl == OLD_TTL
    else:  # the new graph.ttl is whole: it parses and is not the old one
        assert ttl != OLD_TTL
        assert len(Graph().parse(data=ttl.decode("utf-8"), format="turtle")) > 0
    assert (out / "graph.html").read_bytes() == OLD_HTML
    extra = leftovers(out)
    record_property("leftover_temp_files", extra)
    # The killed write leaves its hidden temp file; a later build is not disturbed by it.
    assert any(name.startswith(f".{target}.") for name in extra)
    built(kg("build", str(small_corpus), "-o", str(out)))
    assert (out / "graph.ttl").read_bytes() != OLD_TTL
    assert (out / "graph.html").read_bytes() != OLD_HTML
    leftovers(out)


@pytest.mark.slow
def test_a_kill_between_the_two_renames_is_named_by_the_next_render_and_build(
    small_corpus: Path, tmp_path: Path
) -> None:
    """graph.ttl renamed into place, killed before graph.html is: a new graph beside an old page."""
    out = tmp_path / "out"
    built(kg("build", str(ROOT / "data"), "-o", str(out)))  # a stamped pair from an earlier build
    old_page = (out / "graph.html").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_KILL_TARGET": "graph.html", "KG_KILL_AT": "rename"}
    proc = subprocess.run(
        [sys.executable, "-c", _KILLER, "build", str(small_corpus), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert (out / "graph.html").read_bytes() == old_page
    mismatch = f"warning: {out / 'graph.html'} was drawn from another graph than {out / 'graph.ttl'}"
    render = kg("render", str(out / "graph.ttl"), "-o", str(tmp_path / "view.html"))
    assert render.returncode == 0, render.stderr
    assert render.stderr.splitlines() == [f"{mismatch} (was a build interrupted?)"]
    rebuild = built(kg("build", str(small_corpus), "-o", str(out)))
    assert rebuild.stderr.splitlines() == [f"{mismatch} (was a build interrupted?); this build writes both"]
    again = built(kg("build", str(small_corpus), "-o", str(out)))
    assert again.stderr == ""


# ---------------------------------------------------------------------------
# Determinism


@pytest.fixture(scope="module")
def det_inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("det")
    (folder / "a.txt").write_text(article(1), encoding="utf-8")
    (folder / "b.txt").write_text(article(3), encoding="utf-8")  # English
    records = [
        {"id": f"line-{i}", "title": f"Line {i}", "date": "2022-09-01", "text": article(i).split("---\n")[-1]}
        for i in (2, 4, 5)
    ]
    (folder / "c.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def det_reference(det_inputs: Path, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("det-ref")
    built(kg("build", *(str(det_inputs / n) for n in ("a.txt", "b.txt", "c.jsonl")), "-o", str(out), seed="0"))
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.mark.parametrize(
    ("label", "seed", "inputs", "relative"),
    [
        ("same run again", "0", ("a.txt", "b.txt", "c.jsonl"), False),
        ("hash seed 1", "1", ("a.txt", "b.txt", "c.jsonl"), False),
        ("hash seed 123", "123", ("a.txt", "b.txt", "c.jsonl"), False),
        ("reversed order", "0", ("c.jsonl", "b.txt", "a.txt"), False),
        ("shuffled order, seed 123", "123", ("b.txt", "c.jsonl", "a.txt"), False),
        ("the folder", "1", (".",), False),
        ("relative paths", "0", ("b.txt", "a.txt", "c.jsonl"), True),
    ],
)
def test_builds_are_byte_identical(
    det_inputs: Path,
    det_reference: dict[str, bytes],
    tmp_path: Path,
    label: str,
    seed: str,
    inputs: tuple[str, ...],
    relative: bool,
) -> None:
    out = tmp_path / "out"
    if relative:
        proc = kg("build", *inputs, "-o", os.path.relpath(out, det_inputs), cwd=det_inputs, seed=seed)
    else:
        proc = kg("build", *(str(det_inputs / n) for n in inputs), "-o", str(out), seed=seed)
    built(proc)
    assert "5 documents" in proc.stdout and " 0 claims" not in proc.stdout
    for name in sorted(OUTPUTS):
        assert (out / name).read_bytes() == det_reference[name], f"{name} differs ({label})"


def test_duplicate_ids_do_not_make_the_graph_depend_on_input_order(tmp_path: Path) -> None:
    """Two files with one id: whichever is kept, it must not depend on the order given."""
    first = tmp_path / "first.txt"
    second = tmp_path / "second.txt"
    first.write_text("---\nid: same\n---\n" + RU_CLAIMS[0].format(year=2021) + "\n", encoding="utf-8")
    second.write_text("---\nid: same\n---\n" + EN_CLAIMS[0].format(year=2021) + "\n", encoding="utf-8")
    graphs = []
    for order in ((first, second), (second, first)):
        out = tmp_path / f"out-{order[0].stem}"
        proc = built(kg("build", *map(str, order), "-o", str(out), "--no-html"))
        assert "duplicate document id 'same'" in proc.stderr
        graphs.append((out / "graph.ttl").read_bytes())
    assert graphs[0] == graphs[1], "the kept document depends on the order of the paths given"


# ---------------------------------------------------------------------------
# Nasty strings

REFORM_RU = "Президент подписал закон об отмене смертной казни в 2021 году."
REFORM_RU_2 = "В 2023 году пройдут прямые выборы акимов 45 районов."
NASTY = (
    "'single' \"double\" «ёлочки» „lapki“ ‘curly’",
    "back\\slash \\n \\t \\u0041 \\\\ \\",
    "line\nbreak inside a JSON string",
    "tab\there\tand\tthere",
    "nul\x00byte",
    "controls \x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
    "\x1a\x1b\x1c\x1d\x1e\x1f\x7f end",
    "C1 \x80\x85\x9f controls",
    "line\u2028separator and paragraph\u2029separator",
    "zero\u200bwidth\u200c\u200djoiner\u2060\ufeffbom",
    "rtl \u200f\u202eevil\u202c \u200e marks",
    "emoji 🇰🇿 😀 👍🏽 👨‍👩‍👧",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]> <![CDATA[ x ]]>",
    '"""triple""" \'\'\'single\'\'\' "',
    "@prefix ex: <http://evil/> . @base <http://evil/> .",
    "<http://evil/> a <http://evil/Thing> .",
    "} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #",
    "x" * 5000,
    "&amp; &#1072; &lt;b&gt; &notit; &NewLine;",
    "\r\nCRLF\r and lone \r",
    "combining e\u0301 й\u0306 and stress у\u0301",
    "%00 %0A %2F ../../ \\\\.\\C:\\",
)
IDS = (
    "../../etc/passwd",
    "a b",
    "ид-кириллица",
    "<x>",
    "x\"y'z",
    "id#frag?q=1&r=2",
    "..",
    "a/b/c",
    "%2e%2e%2f",
    "\u202eevil",
)


def nasty_records() -> list[dict[str, str]]:
    records = []
    for i, s in enumerate(NASTY):
        doc_id = IDS[i] if i < len(IDS) else f"{IDS[i % len(IDS)]}-{i}"
        text = f"{s} {REFORM_RU} {s}\n\nПрезидент заявил: «{s}». {REFORM_RU_2[:-1]} {s}.\n\n{s}\n"
        records.append(
            {"id": doc_id, "title": s, "publisher": s, "url": s, "date": "2022-01-01", "lang": "ru", "text": text}
        )
    return records


# Files whose names are the hostile ids (the id defaults to the file name's stem).
FILE_STEMS = ("a b c", "ид-кириллица-файл", "<y>", "$(touch pwned)", "'; DROP TABLE")


@pytest.fixture(scope="module")
def nasty_build(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    corpus = tmp_path_factory.mktemp("nasty")
    (corpus / "nasty.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in nasty_records()), encoding="utf-8"
    )
    for stem in FILE_STEMS:
        (corpus / f"{stem}.txt").write_text(f"{stem}\n\n{REFORM_RU} {stem}\n", encoding="utf-8")
    # YAML front matter with the nasty strings as double-quoted scalars.
    for i, s in enumerate(NASTY[:8]):
        meta = yaml.safe_dump(
            {"id": f"front-{i}", "title": s, "publisher": s, "url": s, "date": "2022-01-01"},
            allow_unicode=True,
            default_style='"',
            width=1 << 20,
        )
        body = f"{REFORM_RU_2} {s.replace(chr(0), '')}\n"
        (corpus / f"front-{i}.md").write_text(f"---\n{meta}---\n{body}", encoding="utf-8")
    # Raw control characters in a text file: a few are text, a NUL makes it binary (skipped).
    (corpus / "raw-controls.txt").write_text(f"Controls \x01\x1b\x7f here.\n\n{REFORM_RU}\n", encoding="utf-8")
    (corpus / "raw-nul.txt").write_text(f"NUL \x00 here.\n\n{REFORM_RU}\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("nasty-out")
    proc = built(kg("build", str(corpus), "-o", str(out)))
    return corpus, out, proc


def _documents(corpus: Path) -> dict[str, Document]:
    from kg.sources import iter_documents

    return {d.id: d for d in iter_documents([corpus], on_skip=lambda s: None)}


def test_nasty_build_skips_only_with_one_line_warnings(nasty_build) -> None:
    corpus, _, proc = nasty_build
    docs = _documents(corpus)
    # jsonl lines, files named by hostile ids, .md files with front matter, raw-controls.txt, raw-nul.txt
    given = len(NASTY) + len(FILE_STEMS) + 8 + 2
    warnings = {}
    for line in proc.stderr.splitlines():
        w = re.fullmatch(r"warning: (.+): skipped: (.+)", line)
        assert w, f"not a one-line skip warning: {line!r}"
        warnings[Path(w.group(1)).name] = w.group(2)
    # raw-nul.txt is binary; front-5.md, whose body is mostly raw control characters, may be.
    assert warnings.get("raw-nul.txt") == "binary file (contains NUL bytes)"
    assert set(warnings) <= {"raw-nul.txt", "front-5.md"}
    assert warnings.get("front-5.md", "binary file (mostly control characters)").startswith("binary file")
    m = re.match(r"(\d+) documents, \d+ sentences, \d+ claims, \d+ triples, (\d+) skipped", proc.stdout)
    assert m, proc.stdout
    assert int(m.group(1)) == len(docs) == given - len(warnings)
    assert int(m.group(2)) == len(warnings)


def test_nasty_graph_reparses_with_rdflib_and_oxigraph(nasty_build) -> None:
    _, out, _ = nasty_build
    data = (out / "graph.ttl").read_bytes()
    graph = Graph().parse(data=data.decode("utf-8"), format="turtle")
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph) > 0
    # Every literal of the source comes back: the nasty titles among the headlines.
    headlines = {str(o) for o in graph.objects(None, URIRef("https://schema.org/headline"))}
    for s in NASTY:
        assert s.strip() in headlines, repr(s)


def _iris(graph: Graph) -> Iterable[str]:
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                yield str(term)


def test_nasty_text_never_reaches_an_iri(nasty_build) -> None:
    _, out, _ = nasty_build
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    iris = set(_iris(graph))
    instance = {i for i in iris if i.startswith(BASE)}
    assert len(instance) > 100
    bad = sorted(i for i in instance if not INSTANCE_IRI.fullmatch(i))
    assert not bad
    assert not [i for i in iris if "evil" in i or "passwd" in i or re.search(r"[\s<>\"{}|\\^`]", i)]
    # No instance IRI is a dot segment that a resolver would collapse.
    assert not [i for i in instance if re.search(r"/\.\.?(?:/|$)", i)]


def test_nasty_claims_come_back_exactly_through_the_claims_query(nasty_build, pipe) -> None:
    corpus, out, _ = nasty_build
    docs = _documents(corpus)
    proc = built(kg("query", str(out / "graph.ttl"), "--name", "claims", "--format", "json"))
    rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(proc.stdout)["results"]["bindings"]]
    got = sorted((r["documentId"], int(r["start"]), int(r["end"]), r["sentence"], r["reform"]) for r in rows)
    expected = sorted(
        (c.doc_id, c.start, c.end, c.quote, c.reform)
        for doc in docs.values()
        for c in pipe.extractor.document(doc).claims
    )
    assert got == expected
    for doc_id, start, end, sentence, _ in got:
        assert docs[doc_id].text[start:end] == sentence
    # Every document carries a reform sentence; every one of them gave a claim.
    assert {g[0] for g in got} == set(docs)


_CONTEXT = """
PREFIX rkg: <https://w3id.org/reform-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?id ?start ?end ?prefix ?suffix WHERE {
  ?claim schema:appearance/schema:identifier ?id ; rkg:evidence/oa:hasTarget ?target .
  ?target oa:hasSelector ?quote, ?position .
  ?quote a oa:TextQuoteSelector .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?quote oa:prefix ?prefix }
  OPTIONAL { ?quote oa:suffix ?suffix }
}
"""


def test_nasty_evidence_context_is_written_exactly(nasty_build) -> None:
    """docs/graph-shape.md: the quote selector has oa:prefix/oa:suffix, up to 32 characters."""
    corpus, out, _ = nasty_build
    docs = _documents(corpus)
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    rows = list(graph.query(_CONTEXT))
    assert rows
    for doc_id, start, end, prefix, suffix in rows:
        text, a, b = docs[str(doc_id)].text, int(start), int(end)
        want = (text[max(0, a - 32) : a] or None, text[b : b + 32] or None)
        got = (None if prefix is None else str(prefix), None if suffix is None else str(suffix))
        assert got == want, (str(doc_id), a, b)


def test_nasty_metadata_comes_back_through_the_articles_query(nasty_build) -> None:
    corpus, out, _ = nasty_build
    docs = _documents(corpus)
    proc = built(kg("query", str(out / "graph.ttl"), "--name", "articles", "--format", "json"))
    rows = {
        b["documentId"]["value"]: {k: v["value"] for k, v in b.items()}
        for b in json.loads(proc.stdout)["results"]["bindings"]
    }
    assert set(rows) == set(docs)
    for doc_id, doc in docs.items():
        assert rows[doc_id].get("headline") == doc.title, doc_id
        assert rows[doc_id].get("publisher") == doc.publisher, doc_id
        assert rows[doc_id].get("url") == doc.url, doc_id


def test_nasty_html_escapes_markup(nasty_build) -> None:
    _, out, _ = nasty_build
    page = (out / "graph.html").read_text(encoding="utf-8")
    for needle in ("<script>alert(1)", "<img src=x", "<![CDATA[", "\u2028", "\u2029"):
        assert needle not in page, needle


# ---------------------------------------------------------------------------
# Round-trips of every export format


@pytest.mark.parametrize(("fmt", "ext"), [("turtle", "ttl"), ("trig", "trig"), ("jsonld", "jsonld"), ("nt", "nt")])
def test_exports_of_the_nasty_graph_reload(nasty_build, tmp_path: Path, fmt: str, ext: str) -> None:
    _, out, _ = nasty_build
    original = Graph().parse(out / "graph.ttl", format="turtle")
    target = tmp_path / f"graph.{ext}"
    built(kg("export", str(out / "graph.ttl"), "--format", fmt, "-o", str(target)))
    reloaded = load_rdflib(target)
    assert len(reloaded) == len(original)
    assert isomorphic(reloaded, original)
    store = pyoxigraph.Store()
    store.load(target.read_bytes(), format=format_of(target)[0])
    assert len(store) == len(original)
    if fmt == "turtle":  # exporting graph.ttl as Turtle gives it back byte for byte
        assert target.read_bytes() == (out / "graph.ttl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


# ---------------------------------------------------------------------------
# Property tests

ALPHABET = (
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИКЛМНОПРСТУЧЭЯ"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " .,;:!?-()[]\"'«»“”„—–…%№&#;/\\\n\r\t\u00a0\u00ad\u200b\u2028\u0301"
)
FRAGMENTS = (
    "выборы акимов",
    "45 районов",
    "в 2023 году",
    "Президент",
    "предложил",
    "Токаев:",
    "Глава государства",
    "death penalty",
    "abolished",
    "direct elections",
    "in 2023",
    "will be",
    "«",
    "»",
    "“",
    "”",
    " — ",
    ". ",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "&amp;",
    "&#1072;",
    "&lt;",
    "&nbsp;",
    "&notit;",
    "\r\n",
    "\n\n",
    "20 000",
    "с 7 до 5 процентов",
    "Mr. ",
    "т. д.",
    "2023 г. ",
    "ASTANA, March 20 — ",
    "ё",
    "...",
    "!?",
    "\u2028",
)
REFORM_SENTENCES = (
    "Президент предложил провести прямые выборы акимов 45 районов в 2023 году.",
    "«В 2023 году пройдут выборы акимов районов», — сказал Глава государства.",
    "Токаев: смертная казнь будет отменена.",
    "Порог для партий снизят с 7 до 5 процентов.",
    "The death penalty was abolished in 2021, the President said.",
    "Tokayev proposed direct elections of akims of 45 districts in 2023.",
)
NOISE = ("\u00ad", "\u200b", "\u00a0", "&shy;", "\u0301", "&amp;", "&#1072;", "\r\n", "«", "»", " — ")


def _insert(sentence: str, noise: list[tuple[int, str]]) -> str:
    for at, piece in noise:
        i = at % (len(sentence) + 1)
        sentence = sentence[:i] + piece + sentence[i:]
    return sentence


# A reform sentence with invisible characters, entities, quotes and line breaks put in.
noisy_sentences = st.builds(
    _insert,
    st.sampled_from(REFORM_SENTENCES),
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from(NOISE)), max_size=3),
)
fragments = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=8))
texts = st.lists(fragments, max_size=40).map("".join)
articles = st.lists(
    st.tuples(st.one_of(noisy_sentences, fragments), st.sampled_from([" ", " ", "\n", "\n\n", ""])), max_size=12
).map(lambda parts: "".join(a + b for a, b in parts))
any_text = st.one_of(texts, articles, st.text(max_size=200))
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _groups(offsets: tuple[int, ...]) -> set[int]:
    """Folded positions where a new original character (or entity) starts."""
    return {i for i, o in enumerate(offsets) if i == 0 or offsets[i - 1] != o}


@PROPS
@pytest.mark.slow
@given(any_text)
def test_normalize_keeps_the_way_back_to_the_original(text: str) -> None:
    norm = normalize(text)
    folded = norm.text
    assert norm.original_length == len(text)
    if norm.offsets is None:  # one-for-one: positions do not move at all
        assert len(folded) == len(text)
        assert norm.orig_span(0, len(folded)) == (0, len(text))
        assert all(norm.orig(i) == i for i in range(len(folded) + 1))
        return
    assert norm.ends is not None
    assert len(norm.offsets) == len(norm.ends) == len(folded)
    assert list(norm.offsets) == sorted(norm.offsets)
    for i, (a, b) in enumerate(zip(norm.offsets, norm.ends, strict=True)):
        assert 0 <= a < b <= len(text)
        if i + 1 < len(folded) and norm.offsets[i + 1] != a:
            assert b <= norm.offsets[i + 1]  # folded characters never share original text
        if b - a == 1:  # a plain character folds to itself (or its one-for-one fold)
            assert normalize(text[a]).text in ("", folded[i])


@PROPS
@pytest.mark.slow
@given(any_text, st.data())
def test_orig_span_gives_the_exact_original_of_any_folded_span(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    n = len(norm.text)
    starts = sorted(_groups(norm.offsets)) if norm.offsets else list(range(n))
    bounds = [*starts, n]
    a = data.draw(st.sampled_from(bounds))
    b = data.draw(st.sampled_from([x for x in bounds if x >= a]))
    oa, ob = norm.orig_span(a, b)
    assert 0 <= oa <= ob <= len(text)
    assert normalize(text[oa:ob]).text == norm.text[a:b]


def _check_sentences(doc: Document, sentences: list) -> None:
    """Sentences in order, each exactly its span of the text; tokens inside, each exactly its span."""
    text = doc.text
    prev_end = 0
    for index, s in enumerate(sentences):
        assert s.index == index
        assert prev_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and "\n" not in s.text
        assert s.tokens
        prev_start = s.start
        for t in s.tokens:
            assert text[t.start : t.end] == t.text
            assert s.start <= t.start < t.end <= s.end
            assert t.start >= prev_start
            prev_start = t.start
        prev_end = s.end


def _overlaps(sentences: Iterable) -> list[tuple[str, int, int]]:
    """Tokens that start before the previous token ends."""
    found = []
    for s in sentences:
        for a, b in zip(s.tokens, s.tokens[1:], strict=False):
            if b.start < a.end:
                found.append((b.text, b.start, b.end))
    return found


@PROPS
@pytest.mark.slow
@given(any_text, st.sampled_from(["ru", "en"]))
def test_split_offsets_are_exact_and_nothing_is_lost(pipe, text: str, lang: str) -> None:
    doc = Document("h", text, lang)
    sentences = list(split(doc, pipe.morph))
    _check_sentences(doc, sentences)
    # Every character that folds to a non-space character is inside a token, except the
    # Markdown heading and quote marks ("#", ">") that tokens.py strips from a sentence's start.
    covered = bytearray(len(text))
    for s in sentences:
        for t in s.tokens:
            covered[t.start : t.end] = b"\x01" * (t.end - t.start)
    norm = normalize(text)
    missing = []
    for i, ch in enumerate(norm.text):
        if not ch.isspace() and ch not in "#>":
            a, b = norm.orig_span(i, i + 1)
            if not all(covered[a:b]):
                missing.append(text[a:b])
    assert not missing


@PROPS
@pytest.mark.slow
@given(any_text, st.sampled_from(["ru", "en"]))
def test_tokens_never_overlap(pipe, text: str, lang: str) -> None:
    assert not _overlaps(split(Document("h", text, lang), pipe.morph))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("AT&amp;T", [("AT", 0, 2), ("&amp;", 2, 7), ("T", 7, 8)]),
        ("&#1072;&#1082;&#1080;&#1084;", [("&#1072;&#1082;&#1080;&#1084;", 0, 28)]),
        ("вы\u00adбо\u200bры", [("вы\u00adбо\u200bры", 0, 8)]),
        ("«Да»\u00a0—\u00a0нет", [("«", 0, 1), ("Да", 1, 3), ("»", 3, 4), ("—", 5, 6), ("нет", 7, 10)]),
    ],
)
def test_entities_and_invisible_characters_keep_exact_tokens(pipe, text: str, tokens: list) -> None:
    (sentence,) = split(Document("h", text, "ru"), pipe.morph)
    assert [(t.text, t.start, t.end) for t in sentence.tokens] == tokens


@pytest.mark.parametrize(
    "text",
    [
        "&notit; x",  # html.unescape reads HTML's legacy "&not" prefix: "¬it;"
        "&ampx; x",  # "&x;"
        "Barnes&copyright; x",  # "©right;"
    ],
)
def test_entity_like_words_do_not_give_overlapping_tokens(pipe, text: str) -> None:
    (sentence,) = split(Document("h", text, "ru"), pipe.morph)
    assert not _overlaps([sentence]), [(t.text, t.norm, t.start, t.end) for t in sentence.tokens]
    assert (sentence.tokens[-1].text, sentence.tokens[-1].end) == ("x", len(text))


@PROPS
@pytest.mark.slow
@given(
    any_text,
    st.sampled_from(["ru", "en"]),
    st.sampled_from([None, "2022-09-01", "2019-03-20"]),
    st.one_of(st.none(), texts),
)
def test_extractor_never_raises_and_claims_quote_their_evidence(
    pipe, text: str, lang: str, date: str | None, title: str | None
) -> None:
    doc = Document("h", text, lang, title=title or None, date=date)
    result = pipe.extractor.document(doc, keep=True)
    _check_sentences(doc, result.sentences)
    assert result.sentence_count == len(result.sentences)
    by_index = {s.index: s for s in result.sentences}
    event("with claims" if result.claims else "without claims")
    for c in result.claims:
        assert doc.text[c.start : c.end] == c.quote
        s = by_index[c.sentence_index]
        assert (c.start, c.end, c.quote) == (s.start, s.end, s.text)
        assert c.status in ("proposed", "planned", "implemented")


def test_extractor_finds_claims_in_the_strategy_vocabulary(pipe) -> None:
    """The property tests above reach the rules: their vocabulary does give claims."""
    doc = Document("h", "Президент\u00a0предложил «выборы акимов»\u00ad 45 районов в 2023 году.\r\n", "ru")
    claims = pipe.extractor.document(doc).claims
    assert [c.reform for c in claims] == ["direct-election"]
    assert claims[0].quote == doc.text[claims[0].start : claims[0].end] == doc.text.rstrip()


# ---------------------------------------------------------------------------
# Very long sentences

LONG = 100_000


@pytest.mark.slow
@pytest.mark.parametrize(
    ("unit", "lang"),
    [
        ("выборы акимов районов пройдут ", "ru"),
        ("Президент предложил выборы акимов 45 районов в 2023 году смертная казнь отменена ", "ru"),
        ("direct elections of akims death penalty abolished in 2023 ", "en"),
        ("ы", "ru"),  # one word of 100,000 letters
    ],
)
def test_a_100k_character_sentence_without_punctuation_finishes(pipe, unit: str, lang: str) -> None:
    """Cut into windows of at most LINE_WINDOW characters (at a space when there is one) that tile the text."""
    text = (unit * (LONG // len(unit) + 1))[:LONG]
    doc = Document("long", text, lang, date="2022-09-01")
    result = pipe.extractor.document(doc, keep=True)
    pieces = result.sentences
    assert len(pieces) == result.sentence_count >= LONG // LINE_WINDOW
    assert all(s.end - s.start <= LINE_WINDOW and s.text == text[s.start : s.end] for s in pieces)
    assert "".join(text[a.end : b.start] for a, b in itertools.pairwise(pieces)).strip() == ""  # spaces between
    assert (pieces[0].start, pieces[-1].end) == (0, len(text.rstrip()))
    assert len(result.claims) <= 12 * len(pieces)  # at most one claim per reform type and piece
    for c in result.claims:
        assert doc.text[c.start : c.end] == c.quote


@pytest.mark.parametrize("room", [3, 10, 64, 200])
def test_a_line_split_a_window_at_a_time_gives_the_sentences_of_the_whole_line(pipe, room: int) -> None:
    """The sample articles as one line each: cut into windows just wider than the longest sentence, or not
    at all, they give the same sentences."""
    from kg.sources import iter_documents

    windowed = 0
    for doc in iter_documents([ROOT / "data"], on_skip=lambda s: None):
        line = Document(doc.id, doc.text.replace("\n", " "), doc.lang)
        whole = [(s.start, s.end) for s in split(line, pipe.morph, window=10**9, paragraph_chars=10**9)]
        window = max(b - a for a, b in whole) + room
        if len(line.text) <= window:
            continue  # a short article fits one window
        windowed += 1
        cut = [(s.start, s.end) for s in split(line, pipe.morph, window=window, paragraph_chars=10**9)]
        assert cut == whole, doc.id
    assert windowed >= 3  # most sample articles are cut at least once


@pytest.mark.parametrize("paragraph_chars", [200, 1000])
def test_a_long_paragraph_is_cut_after_the_sentence_that_passes_the_mark(pipe, paragraph_chars: int) -> None:
    text = " ".join(RU_CLAIMS[i % 4].format(year=2020 + i % 5, n=10 + i) for i in range(200))
    doc = Document("p", text, "ru")
    sentences = list(split(doc, pipe.morph, paragraph_chars=paragraph_chars))
    assert [(s.start, s.end) for s in sentences] == [(s.start, s.end) for s in split(doc, pipe.morph)]
    paragraphs: dict[int, list] = {}
    for s in sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    assert len(paragraphs) > 1 and list(paragraphs) == list(range(len(paragraphs)))
    for number, group in paragraphs.items():
        chars = sum(s.end - s.start for s in group)
        assert chars - (group[-1].end - group[-1].start) < paragraph_chars  # cut after the sentence passing it
        assert number == len(paragraphs) - 1 or paragraph_chars <= chars


@pytest.mark.parametrize(
    ("unit", "size"),
    [
        ("Президент подписал закон об отмене смертной казни. ", 20_000),  # many sentences on one line
        ("А. Б. ", 10_000),  # initials: candidate sentence ends that are not ends
    ],
)
def test_a_long_line_of_short_sentences_keeps_exact_offsets(pipe, unit: str, size: int) -> None:
    text = (unit * (size // len(unit) + 1))[:size]
    doc = Document("line", text, "ru", date="2022-09-01")
    result = pipe.extractor.document(doc, keep=True)
    _check_sentences(doc, result.sentences)
    for c in result.claims:
        assert doc.text[c.start : c.end] == c.quote


def test_a_new_build_removes_temp_files_a_killed_build_left(tmp_path: Path) -> None:
    """A SIGKILL cannot clean up; the next build into the same folder does."""
    src = tmp_path / "a.txt"
    src.write_text(RU_CLAIMS[0].format(year=2021) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".graph.ttl.k1l2l3.tmp", out / ".graph.html.x9y8z7.tmp"]
    for path in stale:
        path.write_bytes(b"half a file")
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    built(kg("build", str(src), "-o", str(out)))
    assert not any(path.exists() for path in stale)
    assert keep.read_text(encoding="utf-8") == "mine"
    assert (out / "graph.ttl").stat().st_size > 0
