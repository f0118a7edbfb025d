"""The kg command end to end, in a real subprocess, on the real seed article."""

from __future__ import annotations

import json
import subprocess
import sys
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
