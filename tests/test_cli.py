"""The kg command end to end, in a real subprocess, on the real seed article."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from tests.conftest import CORPUS, ROOT
from tests.test_pipeline import CLAIMANT_REQUIRED

SEED = CORPUS / "seed-ru-000.json"
needs_corpus = pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus is not beside the checkout")


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    proc = kg("build", str(SEED), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, proc


@needs_corpus
def test_seed_gives_exactly_the_three_gold_claims(seed_build):
    out, proc = seed_build
    assert "1 documents" in proc.stdout and "3 claims" in proc.stdout
    rows = json.loads(kg("query", str(out / "graph.ttl"), "--name", "claims", "--format", "json").stdout)
    got = [{k: v["value"] for k, v in b.items()} for b in rows["results"]["bindings"]]
    gold = json.loads(SEED.read_text(encoding="utf-8"))
    text = gold["text"]
    assert len(got) == 3
    for claim, row in zip(gold["claims"], got, strict=True):
        assert text[int(row["start"]) : int(row["end"])] == claim["quote"] == row["sentence"]
        assert row["reform"] == "direct-election"
        assert row.get("count") == (str(claim["count"]) if claim["count"] else None)
        assert row.get("year") == (str(claim["year"]) if claim["year"] else None)
        assert row["claimant"] == "Kassym-Jomart Tokayev"
        assert row["status"] == "planned"
        assert row["level"] == "district"
    for sentence in gold["non_claims"]:
        assert sentence not in {r["sentence"] for r in got}


@needs_corpus
def test_two_builds_are_byte_identical_and_agree_across_engines(seed_build, tmp_path):
    out, _ = seed_build
    proc = kg("build", str(SEED), "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    first = (out / "graph.ttl").read_bytes()
    assert first == (tmp_path / "graph.ttl").read_bytes()
    rdflib_graph = Graph().parse(data=first.decode("utf-8"), format="turtle")
    store = pyoxigraph.Store()
    store.load(first, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(rdflib_graph) > 0
    assert "_:" not in first.decode("utf-8")


@needs_corpus
def test_build_validates_with_shacl_by_default(seed_build):
    from kg.validate import validate

    out, proc = seed_build
    assert "SHACL" not in proc.stderr
    assert validate(Graph().parse(out / "graph.ttl")) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n", "empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("broken.md", b"---\ntitle: [unclosed\n---\nText", "front matter"),
        ("notes.docx", b"PK\x03\x04", "extension"),
        ("bad.json", b"{not json", "JSON"),
    ],
)
def test_bad_input_is_skipped_with_one_line_and_the_rest_is_built(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(
        "Президент подписал закон об отмене смертной казни в 2021 году.", encoding="utf-8"
    )
    proc = kg("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if name in line]
    assert len(lines) == 1 and "skipped" in lines[0] and reason.lower() in lines[0].lower()
    assert "Traceback" not in proc.stderr
    assert "1 documents" in proc.stdout and "1 claims" in proc.stdout and "1 skipped" in proc.stdout


def test_cp1251_file_builds_like_utf8(tmp_path):
    text = "Президент подписал закон об отмене смертной казни в 2021 году."
    (tmp_path / "a.txt").write_bytes(text.encode("cp1251"))
    proc = kg("build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--no-html")
    assert proc.returncode == 0, proc.stderr
    assert "1 claims" in proc.stdout


def test_strict_turns_a_skip_into_failure(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Смертная казнь отменена в 2021 году.", encoding="utf-8")
    proc = kg("build", str(tmp_path), "-o", str(tmp_path / "out"), "--strict")
    assert proc.returncode == 1
    assert not (tmp_path / "out" / "graph.ttl").exists()


@needs_corpus
@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["-e", "SELECT ?s WHERE { ?s ?p }"], 2, "line"),
        (["--name", "no-such-query"], 2, "claims"),
        (["-e", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], 2, "SERVICE"),
        (["-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], 0, "n"),
    ],
)
def test_query_errors_and_success(seed_build, args, code, needle):
    out, _ = seed_build
    proc = kg("query", str(out / "graph.ttl"), *args)
    assert proc.returncode == code, proc.stderr
    text = proc.stdout if code == 0 else proc.stderr
    assert needle in text
    if code:
        assert len(proc.stderr.strip().splitlines()) == 1


def test_query_list_names_the_required_queries():
    proc = kg("query", "--list")
    for name in ("claims", "reforms-by-year", "claims-by-claimant", "reform-timeline"):
        assert name in proc.stdout


@needs_corpus
@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld", "nt"])
def test_export_reloads(seed_build, tmp_path, fmt):
    from rdflib.compare import isomorphic

    out, _ = seed_build
    target = tmp_path / f"g.{fmt}"
    proc = kg("export", str(out / "graph.ttl"), "--format", fmt, "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    from kg.store import load_rdflib

    reloaded = load_rdflib(target)  # TriG: the union of the default graph and the articles' graphs
    assert isomorphic(reloaded, Graph().parse(out / "graph.ttl"))


def test_explain_shows_lemmas_rules_and_triples():
    proc = kg("explain", "В 2023 году впервые пройдут прямые выборы акимов 45 районов.", "--lang", "ru")
    assert proc.returncode == 0, proc.stderr
    assert "выборы/выбор" in proc.stdout or "выбор" in proc.stdout
    assert "rule direct-election.ru.elections-of-akims: FIRED" in proc.stdout
    assert "claim: direct-election status=planned" in proc.stdout and "count=45" in proc.stdout
    assert "schema:Claim" in proc.stdout


def test_explain_rule_shows_where_it_stopped():
    proc = kg("explain", "Выборы в Мажилис пройдут в марте.", "--rule", "direct-election.ru.elections-of-akims")
    assert proc.returncode == 0, proc.stderr
    assert "office: stopped after 0/1 specs" in proc.stdout
    assert "ent∈{office:akim}" in proc.stdout


def test_explain_unknown_rule_is_a_usage_error():
    proc = kg("explain", "Текст.", "--rule", "no.such.rule")
    assert proc.returncode == 2 and "no rule with id" in proc.stderr


def test_broken_rule_file_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("reform: death-penalty\nabout: {en: x}\nrules:\n  - {id: x.y, lang: ru, about: x, mtch: {}}\n")
    proc = kg("explain", "Текст.", "--rules", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(bad) in proc.stderr and "x.y" in proc.stderr
    assert "Traceback" not in proc.stderr


@needs_corpus
def test_evaluate_prints_scores():
    proc = kg("evaluate", str(CORPUS))
    assert proc.returncode == 0, proc.stderr
    assert "overall F1" in proc.stdout and "slot accuracy" in proc.stdout


def test_check_rules_runs_every_example():
    proc = kg("check-rules")
    assert "examples, 0 failed" in proc.stdout, proc.stderr


@pytest.mark.parametrize(
    ("shapes", "code", "message"),
    [
        (CLAIMANT_REQUIRED, 1, "SHACL violation: <https://w3id.org/reform-kg/id/claim/"),
        (None, 2, "cannot read shapes"),
        ("@prefix broken", 2, "not a Turtle shapes file"),
    ],
    ids=["violation", "missing-file", "bad-turtle"],
)
def test_cli_shapes_option(tmp_path: Path, shapes: str | None, code: int, message: str) -> None:
    path = tmp_path / "shapes.ttl"
    if shapes is not None:
        path.write_text(shapes, encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("В 2023 году пройдут прямые выборы акимов 45 районов.\n", encoding="utf-8")
    proc = kg("build", str(doc), "-o", str(tmp_path / "out"), "--shapes", str(path))
    assert proc.returncode == code
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    if code == 2:
        assert len(proc.stderr.strip().splitlines()) == 1 and str(path) in proc.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_a_busy_output_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    from kg.files import folder_lock

    out = tmp_path / "out"
    with folder_lock(out):
        proc = kg("build", str(ROOT / "data"), "-o", str(out))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {out}: another kg build is writing to this folder"
    assert not (out / "graph.ttl").exists()


# --- kg query: bounds, streaming, Ctrl-C, errors --------------------------------------------

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def data_graph(tmp_path_factory) -> Path:
    """The graph of the bundled sample articles (2,400 triples)."""
    out = tmp_path_factory.mktemp("data")
    proc = kg("build", str(ROOT / "data"), "-o", str(out), "--no-html")
    assert proc.returncode == 0, proc.stderr
    return out / "graph.ttl"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_timeout_stops_the_query_with_exit_3(data_graph, engine):
    started = time.monotonic()
    proc = kg("query", str(data_graph), "-e", ENDLESS, "--engine", engine, "--timeout", "1")
    assert proc.returncode == 3
    assert proc.stderr == "error: query stopped after the 1 s timeout (--timeout SECONDS to change it)\n"
    assert proc.stdout == ""
    assert time.monotonic() - started < 30  # start-up included; the query alone would run for hours


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("to", ["process", "group"])
def test_ctrl_c_stops_a_long_aggregate_within_a_second(data_graph, engine, to):
    """SIGINT to kg alone, or to its process group as a terminal's Ctrl-C does: exit 130 at once."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", str(data_graph), "-e", ENDLESS, "--engine", engine, "--timeout", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not _children(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert workers, "the query never reached its worker"
    time.sleep(1.0)  # the worker is loading the graph or deep in the aggregate
    sent = time.monotonic()
    if to == "group":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == 130
    assert err == "interrupted\n" and out == ""
    assert took < 1.0, f"{took:.2f} s"
    for pid in workers:  # the worker is gone too, not left running the query
        assert not Path(f"/proc/{pid}").exists() or "State:\tZ" in Path(f"/proc/{pid}/status").read_text()


# A launcher between the test and kg: a child's peak RSS starts at its parent's (fork copies the
# high-water mark and exec keeps it), so kg must be the child of a small process, not of pytest.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def _peak_rss_mb(args: list[str]) -> tuple[float, int]:
    """Peak resident memory of a kg process and its worker (wait4 folds in reaped children)."""
    proc = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    kilobytes, code = proc.stdout.split()
    return int(kilobytes) / 1024, int(code)


@pytest.fixture(scope="module")
def product_graph(tmp_path_factory) -> Path:
    """400 triples: their self-product is 160,000 rows of six terms."""
    path = tmp_path_factory.mktemp("product") / "g.nt"
    with path.open("w", encoding="utf-8") as f:
        for i in range(400):
            f.write(f'<https://example.org/s/{i}> <https://example.org/p> "value number {i}, with some text" .\n')
    return path


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_memory_stays_flat_while_a_large_result_is_written(product_graph, fmt):
    product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    small, code = _peak_rss_mb(["query", str(product_graph), "-e", product + " LIMIT 100", "-f", fmt])
    assert code == 0
    large, code = _peak_rss_mb(["query", str(product_graph), "-e", product, "-f", fmt])
    assert code == 0
    # Collected in memory, as before, the 160,000 rows took about 250 MB more; streamed, nothing.
    assert small > 30  # the measure is of kg itself (Python, rdflib, Oxigraph), not of a launcher
    assert large < small + 20, f"{fmt}: {small:.0f} MB for 100 rows, {large:.0f} MB for 160,000"


def test_query_limit_and_tsv(data_graph):
    proc = kg("query", str(data_graph), "-e", "SELECT ?c WHERE { ?c a schema:Claim } ORDER BY ?c", "--limit", "2",
              "-f", "tsv")  # fmt: skip
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == "?c" and len(lines) == 3 and all(line.startswith("<https://") for line in lines[1:])
    assert proc.stderr == "note: output stopped at --limit 2 rows; more rows matched\n"


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (["--name", "reform-timeline", "--param", "reform=direct-elections"], 2,
         "error: --param reform='direct-elections': not a reform-type code; did you mean 'direct-election'? "
         "known codes: direct-election, presidential-term,"),
        (["-e", "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?c a schema:Claim }"], 0,
         "warning: line 1, column 16: <http://schema.org/> uses a look-alike of the namespace schema: "
         "<https://schema.org/>, so it matches nothing in the graph\n"),
        (["-e", "SELECT * WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }", "--engine", "rdflib"], 0, ""),
        (["-e", "SELECT * WHERE { ?s ?p ?o LATERAL { ?s ?p ?x } }"], 2,
         "error: invalid SPARQL at line 1, column 27: Expected SelectQuery, found 'LATERAL'"),
        (["-e", "ASK {}", "--limit", "-1"], 2, "error: --limit -1: expected a number of rows >= 0\n"),
        (["-e", "ASK {}", "--timeout", "inf"], 2, "error: --timeout inf: expected a number of seconds >= 0"),
        (["-e", "ASK {}", "--timeout", "nan"], 2, "error: --timeout nan: expected a number of seconds >= 0"),
    ],
)  # fmt: skip
def test_query_messages(data_graph, args, code, stderr):
    proc = kg("query", str(data_graph), *args)
    assert proc.returncode == code
    assert proc.stderr.startswith(stderr) and proc.stderr.count("\n") <= 1, proc.stderr


MALFORMED = {
    "bad.ttl": ('@prefix s: <https://schema.org/> .\n<urn:a> s:name "open .\n', "invalid Turtle at line 2, column"),
    "bad.trig": ("<urn:g> {\n  <urn:a> <urn:b> }\n", "invalid TriG at line 2, column 19: } is not a valid RDF object"),
    "bad.nt": ('<urn:a> <urn:b> "x" .\n<urn:a> <urn:b> x .\n', "invalid N-Triples at line 2, column 17"),
    "bad.jsonld": ('{"@id": "urn:a",\n "urn:p": [1, }\n', "invalid JSON-LD at line 2, column 15"),
    "bad.rdf": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="urn:a">\n<rdf:value>1</rdf:valu>\n</rdf:Description></rdf:RDF>\n',
        "invalid RDF/XML near line 4: ill-formed document: expected `</rdf:value>`, but `</rdf:valu>` was found",
    ),
}
COMMANDS = {
    "query": ["query", "{f}", "-e", "ASK {}"],
    "query-rdflib": ["query", "{f}", "-e", "ASK {}", "--engine", "rdflib"],
    "render": ["render", "{f}", "-o", "{d}/g.html"],
    "stats": ["stats", "{f}"],
    "export": ["export", "{f}", "--format", "turtle", "-o", "{d}/g.ttl"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_graph_file_is_one_line_naming_file_and_line_exit_2(tmp_path, capsys, command, name):
    from kg.cli import main

    text, expected = MALFORMED[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main([a.replace("{f}", str(path)).replace("{d}", str(tmp_path)) for a in COMMANDS[command]])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"error: {path}: {expected}") and err.count("\n") == 1, err
    assert "internal error" not in err and out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_malformed_graph_file_in_a_real_process(tmp_path, command):
    text, expected = MALFORMED["bad.ttl"]
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    proc = kg(*[a.replace("{f}", str(path)).replace("{d}", str(tmp_path)) for a in COMMANDS[command]])
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {path}: {expected}") and proc.stderr.count("\n") == 1


# ---------------------------------------------------------------------------
# No silent data loss: what a mistake leaves of a good graph (byte for byte)

DATA = ROOT / "data"
RU_CLAIM = "Президент подписал закон об отмене смертной казни в 2021 году.\n"


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("good")
    proc = kg("build", str(DATA), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}


def _with_good_outputs(folder: Path, outputs: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
    return folder


def _unchanged(folder: Path, outputs: dict[str, bytes]) -> bool:
    return all((folder / name).read_bytes() == data for name, data in outputs.items())


NONE_READ = "; nothing written (--allow-empty writes an empty graph)"
NOT_REPLACED = (
    "error: out/graph.ttl holds articles and this build read none: not replaced (remove it to write an empty graph)"
)


@pytest.mark.parametrize(
    ("inputs", "flags", "error"),
    [
        (["dta"], [], "error: no documents read (all 1 input(s) skipped)" + NONE_READ),  # a typo
        (["empty.txt"], [], "error: no documents read (all 1 input(s) skipped)" + NONE_READ),  # all skipped
        (["empty.txt", "dta"], [], "error: no documents read (all 2 input(s) skipped)" + NONE_READ),
        (["nothing"], [], "error: no documents read (no input files found)" + NONE_READ),  # an empty folder
        (["dta"], ["--allow-empty"], NOT_REPLACED),
        (["nothing"], ["--allow-empty"], NOT_REPLACED),
    ],
)
def test_an_empty_build_never_replaces_a_graph(
    tmp_path: Path, good_outputs: dict[str, bytes], inputs: list[str], flags: list[str], error: str
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nothing").mkdir()
    out = _with_good_outputs(tmp_path / "out", good_outputs)
    proc = kg("build", *inputs, "-o", "out", *flags, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[-1] == error
    assert proc.stdout == ""
    assert _unchanged(out, good_outputs)


def test_allow_empty_writes_an_empty_graph_into_a_new_folder(tmp_path: Path) -> None:
    from rdflib import RDF

    from kg.vocab import SCHEMA

    proc = kg("build", "dta", "-o", "out", "--allow-empty", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "0 documents" in proc.stdout and "1 skipped" in proc.stdout
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(graph) > 0  # the ontology
    assert list(graph.subjects(RDF.type, SCHEMA.NewsArticle)) == []
    again = kg("build", "dta", "-o", "out", "--allow-empty", cwd=tmp_path)  # empty over empty is fine
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("out/graph.ttl", "is the input graph"),
        ("out/../out/graph.ttl", "is the input graph"),
        ("out/link.html", "is the input graph"),  # a symbolic link to graph.ttl
        ("out/hard.html", "is the input graph"),  # a hard link to graph.ttl
        ("out/graph.nt", "must be a .html file"),
        ("out/page.txt", "must be a .html file"),
        ("out/page", "must be a .html file"),
        ("out/folder.html", "is a folder"),
    ],
)
def test_render_refuses_its_input_and_non_html_targets(
    tmp_path: Path, good_outputs: dict[str, bytes], target: str, needle: str
) -> None:
    out = _with_good_outputs(tmp_path / "out", good_outputs)
    (out / "link.html").symlink_to("graph.ttl")
    os.link(out / "graph.ttl", out / "hard.html")
    (out / "folder.html").mkdir()
    proc = kg("render", "out/graph.ttl", "-o", target, cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and needle in proc.stderr and target in proc.stderr
    assert _unchanged(out, good_outputs)
    assert sorted(p.name for p in out.iterdir()) == ["folder.html", "graph.html", "graph.ttl", "hard.html", "link.html"]


@pytest.mark.parametrize("target", ["out/graph.ttl", "out/../out/graph.ttl", "out/link.ttl"])
def test_export_refuses_to_write_over_its_input(tmp_path: Path, good_outputs: dict[str, bytes], target: str) -> None:
    out = _with_good_outputs(tmp_path / "out", good_outputs)
    (out / "link.ttl").symlink_to("graph.ttl")
    proc = kg("export", "out/graph.ttl", "--format", "nt", "-o", target, cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and "is the input graph" in proc.stderr
    assert _unchanged(out, good_outputs)


OTHER_TTL = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


@pytest.mark.parametrize(
    ("graph", "filters", "message"),
    [
        ("out/graph.ttl", ["--claimant", "Putin"], "no claims match --claimant Putin"),
        (
            "out/graph.ttl",
            ["--reform", "ombudsman", "--since", "2030"],
            "no claims match --reform ombudsman --since 2030",
        ),
        ("out/graph.ttl", ["--until", "1990"], "no claims match --until 1990"),
        ("other.ttl", [], "other.ttl: not a reform graph (no schema:NewsArticle and no schema:Claim in it)"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_render_names_an_empty_page(
    tmp_path: Path, good_outputs: dict[str, bytes], graph: str, filters: list[str], message: str, strict: bool
) -> None:
    _with_good_outputs(tmp_path / "out", good_outputs)
    (tmp_path / "other.ttl").write_text(OTHER_TTL, encoding="utf-8")
    proc = kg("render", graph, "-o", "page.html", *filters, *(["--strict"] if strict else []), cwd=tmp_path)
    if strict:
        assert proc.returncode == 1
        assert proc.stderr.splitlines() == [f"error: {message}; nothing written (--strict)"]
        assert not (tmp_path / "page.html").exists()
    else:
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.splitlines() == [f"warning: {message}"]
        assert "0 claims; wrote page.html" in proc.stdout
        assert (tmp_path / "page.html").stat().st_size > 0


def test_render_with_matches_says_nothing_more(tmp_path: Path, good_outputs: dict[str, bytes]) -> None:
    _with_good_outputs(tmp_path / "out", good_outputs)
    proc = kg("render", "out/graph.ttl", "-o", "page.html", "--claimant", "tokayev", "--strict", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""


# ---------------------------------------------------------------------------
# Dates on the command line


@pytest.mark.parametrize("date", ["2022-13-45", "yesterday", "2022-9-1", "2022-02-30", "", "01.09.2022"])
def test_a_bad_explain_date_is_one_line_exit_2(date: str) -> None:
    proc = kg("explain", "Выборы пройдут в следующем году.", "--date", date)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"error: kg explain: argument --date: {date!r} is not a date (expected YYYY-MM-DD, e.g. 2022-09-01) "
        "(see kg explain --help)"
    ]
    assert proc.stdout == ""


def test_a_good_explain_date_resolves_relative_time() -> None:
    proc = kg("explain", "Выборы пройдут в следующем году.", "--date", "2022-09-01")
    assert proc.returncode == 0, proc.stderr
    assert "time: year 2023 (relative)" in proc.stdout


# ---------------------------------------------------------------------------
# A closed pipe (`kg … | head -1`): quiet, exit 0


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "В 2023 году впервые пройдут прямые выборы акимов 45 районов."],
        ["query", "out/graph.ttl", "--name", "claims"],
        ["query", "--list"],
        ["check-rules"],
        ["build", str(DATA), "-o", "built"],
        ["stats", "out/graph.ttl"],
        ["render", "out/graph.ttl", "-o", "page.html"],
        ["export", "out/graph.ttl", "--format", "nt", "-o", "g.nt"],
    ],
    ids=lambda a: a[0] + ("-list" if "--list" in a else ""),
)
def test_a_closed_stdout_ends_quietly_with_exit_0(tmp_path: Path, good_outputs: dict[str, bytes], args) -> None:
    _with_good_outputs(tmp_path / "out", good_outputs)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first byte is written
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=300) == 0
    assert err == ""


def test_a_build_whose_messages_nobody_reads_still_writes_its_graph(tmp_path: Path) -> None:
    """`kg build … 2>&1 | head -1`: the build goes on and writes its graph after the reader left."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(RU_CLAIM, encoding="utf-8")
    for i in range(30):
        (tmp_path / "in" / f"bad-{i}.json").write_text("{not json", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "in", "-o", "out"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    assert proc.wait(timeout=300) == 0
    assert "Президент подписал закон" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Messages: escaped, one line each, capped per file


def test_control_characters_in_file_names_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(RU_CLAIM, encoding="utf-8")
    (tmp_path / "in" / "evil\x1b[2J\x1b]0;owned\x07\u202e.txt").write_bytes(b"")
    proc = kg("build", "in", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == ["warning: in/evil\\x1b[2J\\x1b]0;owned\\x07\\u202e.txt: skipped: empty file"]
    assert not any(ch in proc.stderr + proc.stdout for ch in "\x1b\x07\u202e")


def test_a_random_jsonl_gives_ten_lines_and_a_count(tmp_path: Path) -> None:
    import random

    rng = random.Random(13)
    lines = ["".join(rng.choice("abcdef{}[]:,0123456789 ") for _ in range(40)) for _ in range(5000)]
    (tmp_path / "noise.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(RU_CLAIM, encoding="utf-8")
    proc = kg("build", "noise.jsonl", "a.txt", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.splitlines()
    assert len(err) == 11
    assert all(line.startswith("warning: noise.jsonl:") and ": skipped: " in line for line in err[:10])
    assert err[10] == "warning: noise.jsonl: 4990 more skipped record(s) not shown"
    assert "5000 skipped" in proc.stdout


# ---------------------------------------------------------------------------
# The file system


def test_an_output_folder_inside_the_inputs_is_not_read_back(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    for _ in range(2):  # the second run finds the first run's outputs in data/out
        proc = kg("build", "data", "-o", "data/out", "--strict", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "" and "0 skipped" in proc.stdout


def test_a_planted_lock_symlink_touches_nothing_outside(tmp_path: Path, good_outputs: dict[str, bytes]) -> None:
    out = _with_good_outputs(tmp_path / "out", good_outputs)
    victim = tmp_path / "elsewhere" / "victim"
    victim.parent.mkdir()
    (out / ".graph.lock").symlink_to(victim)
    proc = kg("build", str(DATA), "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "error: out/.graph.lock: is a symbolic link; remove it (the build never follows it)"
    ]
    assert not victim.exists() and list(victim.parent.iterdir()) == []
    assert _unchanged(out, good_outputs)


@pytest.mark.parametrize(
    ("follow", "documents", "skipped"),
    [(False, 1, ["in/dir-out", "in/passwd.txt"]), (True, 3, [])],
)
def test_symlinks_out_of_the_inputs_need_follow_symlinks(
    tmp_path: Path, follow: bool, documents: int, skipped: list[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(RU_CLAIM, encoding="utf-8")
    (tmp_path / "in" / "passwd.txt").symlink_to("/etc/passwd")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.txt").write_text(RU_CLAIM, encoding="utf-8")
    (tmp_path / "in" / "dir-out").symlink_to(tmp_path / "outside")
    proc = kg("build", "in", "-o", "out", *(["--follow-symlinks"] if follow else []), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"{documents} documents" in proc.stdout
    lines = proc.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == skipped
    assert all(
        "symbolic link to " in line and "outside the inputs (--follow-symlinks reads it)" in line for line in lines
    )
    assert ("root:" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")) == follow


def test_reports_escape_what_the_text_holds() -> None:
    proc = kg("explain", "Выборы \x1b[2J пройдут в 2023 году.", "--lang", "ru")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "Выборы \\x1b[2J пройдут" in proc.stdout


@pytest.mark.parametrize(
    ("key", "rows", "note"),
    [
        ("direct-election/akim/district", True, False),
        ("direct-election/akim/distric", False, True),  # a typo: no SPARQL error, but the user is told
    ],
)
def test_a_parameter_that_finds_nothing_is_named(tmp_path: Path, key: str, rows: bool, note: bool) -> None:
    out = tmp_path / "out"
    assert kg("build", str(ROOT / "data" / "ru-akims-2021.md"), "-o", str(out), "--no-html").returncode == 0
    proc = kg("query", str(out / "graph.ttl"), "-n", "reform-history", "--param", f"reform={key}", "-f", "tsv")
    assert proc.returncode == 0, proc.stderr
    assert (len(proc.stdout.splitlines()) > 1) is rows
    assert (f"note: no rows for reform='{key}'" in proc.stderr) is note
