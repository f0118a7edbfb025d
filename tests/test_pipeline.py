"""The build: streamed into files in batches, it gives exactly the in-memory graph's Turtle."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import DocumentResult
from kg.files import LOCK_NAME, FolderBusy, folder_lock
from kg.graph import ntriples, serialize_turtle
from kg.model import Document
from kg.pipeline import BATCH_TRIPLES, BuildResult, Pipeline
from kg.spool import SPOOL_BYTES
from tests.conftest import CORPUS, ROOT

DATA = ROOT / "data"
INPUTS = [p for p in (DATA, CORPUS) if p.exists()]

# Stricter shapes than the bundled ones: every claim must name its claimant.
CLAIMANT_REQUIRED = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<https://example.org/shapes#ClaimantRequired> a sh:NodeShape ;
    sh:targetClass schema:Claim ;
    sh:property [ sh:path schema:author ; sh:minCount 1 ; sh:message "a claim needs a claimant" ] .
"""


@pytest.fixture(scope="module")
def in_memory(pipe: Pipeline) -> tuple[BuildResult, bytes]:
    result = pipe.build(INPUTS)
    assert result.graph is not None
    return result, serialize_turtle(result.graph)


@pytest.mark.parametrize(
    ("batch_triples", "spool_bytes"),
    [
        (BATCH_TRIPLES, SPOOL_BYTES),  # the defaults: a few batches, one run in memory
        (40, 1500),  # many batches, many runs on disk, merged
        (1, 1),  # a batch per claim and a run per batch
    ],
)
def test_streamed_build_writes_the_in_memory_graph(
    pipe: Pipeline, in_memory: tuple[BuildResult, bytes], tmp_path: Path, batch_triples: int, spool_bytes: int
) -> None:
    expected, turtle = in_memory
    result = pipe.build_files(INPUTS, tmp_path, html=False, batch_triples=batch_triples, spool_bytes=spool_bytes)
    assert (tmp_path / "graph.ttl").read_bytes() == turtle
    assert result.violations == []
    counts = (result.documents, result.sentences, result.claims, result.triples, result.build)
    assert counts == (expected.documents, expected.sentences, expected.claims, expected.triples, expected.build)
    assert result.written == [tmp_path / "graph.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME, "graph.ttl"], "the spool is gone"


def test_a_violation_writes_nothing(pipe: Pipeline, tmp_path: Path) -> None:
    shapes = tmp_path / "strict.ttl"
    shapes.write_text(CLAIMANT_REQUIRED, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(b"old")
    doc = tmp_path / "a.txt"
    doc.write_text("В 2023 году пройдут прямые выборы акимов 45 районов.\n", encoding="utf-8")
    result = pipe.build_files([doc], out, shapes=shapes, batch_triples=1)
    assert result.violations and all("a claim needs a claimant" in v for v in result.violations)
    assert result.written == []
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME, "graph.ttl"]
    assert (out / "graph.ttl").read_bytes() == b"old"


def test_a_new_build_removes_a_spool_a_killed_build_left(pipe: Pipeline, tmp_path: Path) -> None:
    stale = tmp_path / ".graph.spool.k1l2.tmp"
    stale.mkdir()
    (stale / "run-000000.nt").write_bytes(b"<a> <b> <c> .\n")
    pipe.build_files([DATA], tmp_path, html=False)
    assert not stale.exists()
    assert (tmp_path / "graph.ttl").stat().st_size > 0


def test_claims_stream_before_the_document_ends(pipe: Pipeline) -> None:
    """A huge article is not held whole in claims: the first comes after its paragraph."""
    paragraph = "В 2023 году впервые пройдут прямые выборы акимов 45 районов.\nПогода была хорошей.\n\n"
    doc = Document("long", paragraph * 200, "ru")
    result = DocumentResult(doc)
    stream = pipe.extractor.claims(doc, result)
    first = next(stream)
    assert first.quote.startswith("В 2023 году") and result.sentence_count < 10
    assert 1 + sum(1 for _ in stream) == 200
    assert result.sentence_count == 400


def test_a_second_build_into_the_same_folder_is_refused(pipe: Pipeline, tmp_path: Path) -> None:
    """Each build cleans up temp files a killed build left: two at once would delete each other's."""
    with folder_lock(tmp_path), pytest.raises(FolderBusy, match="another kg build is writing to this folder"):
        pipe.build_files([DATA], tmp_path, html=False)
    assert not (tmp_path / "graph.ttl").exists()
    pipe.build_files([DATA], tmp_path, html=False)  # released: the next build runs
    assert (tmp_path / "graph.ttl").stat().st_size > 0


def test_batches_are_the_lines_rdflib_writes(pipe: Pipeline) -> None:
    """The streaming path writes N-Triples itself: every line is the one rdflib's writer gives for its triple."""
    for batch in pipe.batches(INPUTS, BuildResult(), batch_triples=2000):
        assert batch.lines == sorted(line.decode("utf-8") for line in ntriples(batch.graph()))


# --------------------------------------------------------------------------- stamps and empty builds


def test_graph_and_page_carry_the_same_content_stamp(pipe: Pipeline, tmp_path: Path) -> None:
    import hashlib

    from kg.stamp import html_stamp, pair_problem, ttl_stamp

    pipe.build_files([DATA], tmp_path)
    ttl = (tmp_path / "graph.ttl").read_bytes()
    body, _, last = ttl[:-1].rpartition(b"\n")
    digest = hashlib.sha256(body + b"\n").hexdigest()
    assert last == b"# reform-kg graph sha256:" + digest.encode()
    assert ttl_stamp(tmp_path / "graph.ttl") == html_stamp(tmp_path / "graph.html") == digest
    assert pair_problem(tmp_path / "graph.ttl", tmp_path / "graph.html") is None


def test_a_page_beside_another_graph_is_named(pipe: Pipeline, tmp_path: Path) -> None:
    from kg.stamp import pair_problem

    warnings: list[str] = []
    pipe.build_files([DATA], tmp_path)
    old_page = (tmp_path / "graph.html").read_bytes()
    doc = tmp_path / "in" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("В 2023 году пройдут прямые выборы акимов 45 районов.\n", encoding="utf-8")
    pipe.build_files([doc], tmp_path, html=False, on_warning=warnings.append)  # a new graph, the old page
    problem = pair_problem(tmp_path / "graph.ttl", tmp_path / "graph.html")
    page, graph = tmp_path / "graph.html", tmp_path / "graph.ttl"
    assert problem == f"warning: {page} was drawn from another graph than {graph} (was a build interrupted?)"
    assert warnings == [f"{problem}: --no-html left the old page"]
    assert (tmp_path / "graph.html").read_bytes() == old_page
    warnings.clear()
    pipe.build_files([doc], tmp_path, on_warning=warnings.append)  # the next full build says so and mends it
    assert warnings == [f"{problem}; this build writes both"]
    assert pair_problem(tmp_path / "graph.ttl", tmp_path / "graph.html") is None


@pytest.mark.parametrize(
    ("allow_empty", "old", "refused"),
    [
        (
            False,
            None,
            "no documents read (all 1 input(s) skipped); nothing written (--allow-empty writes an empty graph)",
        ),
        (
            False,
            "data",
            "no documents read (all 1 input(s) skipped); nothing written (--allow-empty writes an empty graph)",
        ),
        (True, "data", "holds articles and this build read none: not replaced (remove it to write an empty graph)"),
        (True, "garbage", "holds articles and this build read none: not replaced (remove it to write an empty graph)"),
        (True, None, None),
        (True, "empty", None),
    ],
)
def test_an_empty_build(
    pipe: Pipeline, tmp_path: Path, allow_empty: bool, old: str | None, refused: str | None
) -> None:
    out = tmp_path / "out"
    if old == "data":
        pipe.build_files([DATA], out)
    elif old == "empty":
        pipe.build_files([tmp_path / "missing"], out, allow_empty=True)
    elif old == "garbage":  # not Turtle: not ours to drop
        out.mkdir()
        (out / "graph.ttl").write_bytes(b"\x00\x01 not a graph")
    before = {p.name: p.read_bytes() for p in out.glob("graph.*")}
    result = pipe.build_files([tmp_path / "missing"], out, allow_empty=allow_empty)
    assert result.documents == 0 and result.skip_count == 1
    if refused is None:
        assert result.refused is None and result.written == [out / "graph.ttl", out / "graph.html"]
        assert result.triples > 0  # the ontology
    else:
        assert result.refused is not None and result.refused.endswith(refused)
        assert result.written == []
        assert {p.name: p.read_bytes() for p in out.glob("graph.*")} == before


def test_the_output_folder_inside_the_input_is_not_read(pipe: Pipeline, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    out = tmp_path / "data" / "out"
    first = pipe.build_files([tmp_path / "data"], out, strict=True)
    second = pipe.build_files([tmp_path / "data"], out, strict=True)
    assert first.skipped == second.skipped == [] and second.written == [out / "graph.ttl", out / "graph.html"]
    assert (first.documents, first.claims) == (second.documents, second.claims)
