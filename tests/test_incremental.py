"""``kg build --store``: the incremental store against a full build of the same inputs, byte for byte.

Each step changes the input folder (add, change, remove articles), updates the store and builds
the same folder in one go: every export format of the store must be byte-identical to ``kg
export`` of the full build's graph.ttl, and only the articles that changed may be read again.
Then the guarantees of the store folder: one writer at a time, a killed build leaves the store
as it was, a reader keeps the generation it opened, bad input publishes nothing.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from kg.cli import main
from kg.database import StoreBusy, StoreDir, Work
from kg.export import export
from kg.incremental import build_store
from kg.query import run_query
from kg.sources import iter_documents
from kg.stamp import file_digest, html_meta
from kg.store import Store
from tests.conftest import ROOT

DATA = ROOT / "data"
# The documents of data/, counted as kg build reads them.
DOCS = sum(1 for _ in iter_documents([DATA], on_skip=lambda s: None))
FORMATS = {"turtle": "ttl", "trig": "trig", "nt": "nt", "jsonld": "jsonld"}


def _article(name: str, year: int, body: str) -> str:
    return f"---\nid: {name}\ntitle: {name}\nlang: ru\ndate: {year}-03-01\npublisher: Test\n---\n{body}\n"


NEW = _article("added-1", 2024, "Токаев предложил снизить порог прохождения в Мажилис до 3 процентов.")
CHANGED = "Президент заявил, что в 2027 году пройдут прямые выборы акимов областей."


def add(folder: Path) -> None:
    (folder / "added-1.md").write_text(NEW, encoding="utf-8")


def change(folder: Path) -> None:
    path = folder / "ru-akims-2023.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + CHANGED + "\n", encoding="utf-8")


def remove(folder: Path) -> None:
    (folder / "en-court-2023.md").unlink()


def nothing(folder: Path) -> None:
    pass


def restore(folder: Path) -> None:
    shutil.copy(DATA / "en-court-2023.md", folder / "en-court-2023.md")


# (step, what it does to the input folder, (added, changed, removed) it must report)
STEPS: list[tuple[str, Callable[[Path], None], tuple[int, int, int]]] = [
    ("change", change, (0, 1, 0)),
    ("add", add, (1, 0, 0)),
    ("remove", remove, (0, 0, 1)),
    ("nothing", nothing, (0, 0, 0)),
    ("restore", restore, (1, 0, 0)),
]


def full_export(pipe, folder: Path, out: Path) -> dict[str, bytes]:
    result = pipe.build_files([folder], out, html=False, validate=False)
    assert not result.violations
    exported = {}
    for fmt, ext in FORMATS.items():
        exported[fmt] = export(out / "graph.ttl", fmt, out / f"full.{ext}").read_bytes()
    exported["turtle"] = (out / "graph.ttl").read_bytes()
    return exported


def store_export(store: Path, out: Path) -> dict[str, bytes]:
    from kg.database import export_store

    return {fmt: export_store(store, fmt, out / f"store.{ext}").read_bytes() for fmt, ext in FORMATS.items()}


class Sequence:
    """The store and a full build after each step, run in order as far as a test asks (the first step
    builds data/ as it is): the default tests need only the first two, the slow ones the rest."""

    def __init__(self, pipe, root: Path) -> None:
        self.pipe, self.root = pipe, root
        self.folder, self.store = root / "in", root / "store"
        shutil.copytree(DATA, self.folder)
        self.todo = [("initial", nothing), *((name, step) for name, step, _ in STEPS)]
        self.runs: dict[str, tuple[object, dict, dict]] = {}

    def __getitem__(self, name: str) -> tuple[object, dict, dict]:
        while name not in self.runs:
            step_name, step = self.todo.pop(0)
            step(self.folder)
            result = build_store(self.pipe, [self.folder], self.store, validate=False)
            out = self.root / f"out-{len(self.runs)}"
            self.runs[step_name] = (result, full_export(self.pipe, self.folder, out), store_export(self.store, out))
        return self.runs[name]


@pytest.fixture(scope="module")
def sequence(pipe, tmp_path_factory: pytest.TempPathFactory) -> Sequence:
    return Sequence(pipe, tmp_path_factory.mktemp("incremental"))


def _steps(*args: object) -> list[object]:
    """A parameter per step; the steps after the first change are slow."""
    return [
        pytest.param(name, *args, marks=() if name in ("initial", "change") else pytest.mark.slow)
        for name in ["initial", *(s[0] for s in STEPS)]
    ]


@pytest.mark.parametrize("step", _steps())
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_store_exports_are_byte_identical_to_a_full_build(sequence: Sequence, step: str, fmt: str) -> None:
    _, full, stored = sequence[step]
    assert full[fmt], "the full build exported nothing"
    assert stored[fmt] == full[fmt], f"{step}: the store's {fmt} differs from a full build's"


COUNTS = {"initial": (DOCS, 0, 0), **{s[0]: s[2] for s in STEPS}}


@pytest.mark.parametrize("step", _steps())
def test_only_new_and_changed_articles_are_read(sequence: Sequence, step: str) -> None:
    counts = COUNTS[step]
    result, _, _ = sequence[step]
    assert (result.added, result.changed, result.removed) == counts
    assert result.kept == result.documents - result.added - result.changed
    if counts == (0, 0, 0):
        assert result.sentences == 0  # nothing was extracted
        assert not result.published and result.generation == "g000004"  # nor a new generation published


def test_the_store_has_one_named_graph_per_article(sequence: Sequence, tmp_path: Path) -> None:
    *_, stored = sequence["change"]
    dataset = pyoxigraph.Store()
    dataset.load(stored["trig"], format=pyoxigraph.RdfFormat.TRIG)
    articles = {s["a"].value for s in dataset.query("SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }",
                                                      use_default_graph_as_union=True)}  # fmt: skip
    assert {g.value for g in dataset.named_graphs()} == articles
    assert len(articles) == DOCS


@pytest.mark.slow
def test_a_new_rules_version_reads_every_article_again(pipe, tmp_path: Path) -> None:
    build_store(pipe, [DATA], tmp_path / "store", validate=False)
    again = build_store(pipe, [DATA], tmp_path / "store", base="https://example.org/kg/", validate=False)
    assert (again.added, again.kept) == (DOCS, 0)
    full = pipe.build_files([DATA], tmp_path / "out", base="https://example.org/kg/", html=False, validate=False)
    assert full.triples == again.triples
    exported = export_store_turtle(tmp_path / "store", tmp_path)
    assert exported == (tmp_path / "out" / "graph.ttl").read_bytes()


def export_store_turtle(store: Path, folder: Path) -> bytes:
    from kg.database import export_store

    return export_store(store, "turtle", folder / "s.ttl").read_bytes()


def test_validation_runs_on_the_new_articles(pipe, tmp_path: Path) -> None:
    result = build_store(pipe, [DATA], tmp_path / "store", validate=True)
    assert result.violations == [] and result.generation == "g000001"


# Shapes that a claim (an article's graph) and a reform (the shared graph) of data/ break.
BROKEN_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix rkg: <https://w3id.org/reform-kg/ontology#> .
rkg:ClaimNeedsWitness a sh:NodeShape ; sh:targetClass schema:Claim ;
    sh:property [ sh:path rkg:witness ; sh:minCount 1 ] .
rkg:ReformNeedsOne a sh:NodeShape ; sh:targetClass rkg:Reform ;
    sh:property [ sh:path rkg:reformKey ; sh:maxCount 0 ] .
"""


def test_violations_are_those_of_a_full_build_and_publish_nothing(pipe, tmp_path: Path) -> None:
    shapes = tmp_path / "broken.ttl"
    shapes.write_text(BROKEN_SHAPES, encoding="utf-8")
    full = pipe.build_files([DATA], tmp_path / "full", html=False, shapes=shapes)
    result = build_store(pipe, [DATA], tmp_path / "store", shapes=shapes)
    assert result.violations == full.violations
    assert any("witness" in v for v in result.violations) and any("reformKey" in v for v in result.violations)
    assert not result.published and StoreDir(tmp_path / "store").current() is None


# --- the store folder -----------------------------------------------------------------------


@pytest.fixture
def built(pipe, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    build_store(pipe, [DATA], store, validate=False)
    return store


def test_a_second_writer_gets_a_one_line_error(built: Path, capsys: pytest.CaptureFixture) -> None:
    with StoreDir(built).lock():
        with pytest.raises(StoreBusy, match="another kg build is writing to this store"), StoreDir(built).lock():
            pass
        code = main(["build", str(DATA), "--store", str(built), "--no-validate"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"error: {built}: another kg build is writing to this store"]


def test_a_build_that_dies_before_publishing_leaves_the_store_as_it_was(
    pipe, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = export_store_turtle(built, tmp_path)
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    change(folder)

    def killed(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt  # as a Ctrl-C or a crash between the last write and the publication

    monkeypatch.setattr(Work, "publish", killed)
    with pytest.raises(KeyboardInterrupt):
        build_store(pipe, [folder], built, validate=False)
    monkeypatch.undo()
    assert export_store_turtle(built, tmp_path) == before
    assert not list(built.glob(".work-*"))
    result = build_store(pipe, [folder], built, validate=False)
    assert (result.changed, result.generation) == (1, "g000002")


@pytest.mark.slow
def test_a_killed_build_process_leaves_a_store_that_reads(built: Path, tmp_path: Path) -> None:
    """SIGKILL in the middle of a real build: CURRENT still names a whole generation."""
    before = export_store_turtle(built, tmp_path)
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    for i in range(40):
        (folder / f"extra-{i}.md").write_text(_article(f"extra-{i}", 2020 + i % 5, CHANGED * 3), encoding="utf-8")
    command = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(built), "--no-validate"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(built.glob(".work-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # kill it once it writes its work folder
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = export_store_turtle(built, tmp_path)
    assert after == before or StoreDir(built).current() == "g000002"
    code = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert code.returncode == 0, code.stderr
    assert not list(built.glob(".work-*"))


def test_the_store_folder_inside_the_input_is_not_read(pipe, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    skips: list[str] = []
    first = build_store(pipe, [folder], folder / "store", validate=False, on_skip=lambda s: skips.append(s.message()))
    second = build_store(pipe, [folder], folder / "store", validate=False, on_skip=lambda s: skips.append(s.message()))
    assert (first.documents, first.added, second.documents, second.kept) == (DOCS, DOCS, DOCS, DOCS)
    assert not second.published and not skips


def test_a_reader_keeps_the_generation_it_opened(pipe, built: Path, tmp_path: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?c a schema:Claim }"
    reader = Store(StoreDir(built).open())
    before = run_query(reader, count).rows
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    remove(folder)
    build_store(pipe, [folder], built, validate=False)
    assert run_query(reader, count).rows == before
    fresh = run_query(Store(StoreDir(built).open()), count).rows
    assert int(fresh[0][0]) < int(before[0][0])


@pytest.mark.parametrize(
    ("paths", "strict", "allow_empty", "refusal"),
    [
        (["missing-folder"], False, False, "no documents read (all 1 input(s) skipped)"),
        (["missing-folder"], False, True, f"holds {DOCS} article(s) and this build read none: not emptied"),
        ([str(DATA), "missing.txt"], True, False, ""),
    ],
    ids=["no-document", "allow-empty-over-articles", "strict-skip"],
)
def test_nothing_is_published_when_the_build_fails(
    pipe, built: Path, tmp_path, paths, strict, allow_empty, refusal
) -> None:
    before = export_store_turtle(built, tmp_path)
    result = build_store(pipe, [ROOT / p if p != str(DATA) else DATA for p in paths], built, validate=False,
                         strict=strict, allow_empty=allow_empty)  # fmt: skip
    assert result.generation == ""
    assert refusal in result.refused
    assert StoreDir(built).current() == "g000001"
    assert export_store_turtle(built, tmp_path) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "--store", "{missing}", "--name", "claims"], "no such store folder"),
        (["query", "--store", "{data}", "--name", "claims"], "not a kg store"),
        (["export", "--store", "{missing}", "-f", "turtle", "-o", "{tmp}/x.ttl"], "no such store folder"),
        (["query", "graph.ttl", "--store", "{store}", "--name", "claims"], "not both"),
    ],
    ids=["missing", "not-a-store", "export-missing", "both"],
)
def test_store_errors_are_one_line(built: Path, tmp_path, capsys, argv: list[str], message: str) -> None:
    values = {"missing": str(tmp_path / "nope"), "data": str(DATA), "tmp": str(tmp_path), "store": str(built)}
    code = main([a.format(**values) for a in argv])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and message in err[0], err


@pytest.mark.parametrize("name", ["claims", "reforms", "promises", "articles"])
def test_query_and_render_on_the_store_match_the_graph_file(
    pipe, built: Path, tmp_path: Path, capsys: pytest.CaptureFixture, name: str
) -> None:
    pipe.build_files([DATA], tmp_path / "out", html=False, validate=False)
    outputs = []
    for source in (["--store", str(built)], [str(tmp_path / "out" / "graph.ttl")]):
        assert main(["query", *source, "--name", name, "--format", "json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    rows = [sorted(json.dumps(b, sort_keys=True) for b in out["results"]["bindings"]) for out in outputs]
    assert outputs[0]["head"] == outputs[1]["head"]
    assert rows[0] == rows[1] and rows[0]  # ORDER BY leaves ties in the order the engine loaded them
    pages = []
    for index, source in enumerate((["--store", str(built)], [str(tmp_path / "out" / "graph.ttl")])):
        assert main(["render", *source, "-o", str(tmp_path / f"page{index}.html")]) == 0
        pages.append((tmp_path / f"page{index}.html").read_bytes())
    # A page from a file carries the file's stamp (kg.stamp); a store has no graph file to pair it with.
    stamp = html_meta(file_digest(tmp_path / "out" / "graph.ttl")).encode()
    assert stamp in pages[1] and b"reform-kg-graph" not in pages[0]
    assert pages[0] == pages[1].replace(stamp, b"")


def test_the_nquads_export_holds_the_quads_of_the_trig_export(built: Path, tmp_path: Path) -> None:
    from kg.database import export_store

    loaded = []
    for fmt, syntax in (("nq", pyoxigraph.RdfFormat.N_QUADS), ("trig", pyoxigraph.RdfFormat.TRIG)):
        dataset = pyoxigraph.Store()
        dataset.load(path=str(export_store(built, fmt, tmp_path / f"all.{fmt}")), format=syntax)
        loaded.append(set(dataset))
    assert loaded[0] == loaded[1] and len(loaded[0]) > 3000
