"""Extraction in worker processes (``-j N``) and on a Dask cluster: the same graph as a local build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import parallel
from kg.model import Document
from kg.pipeline import BuildResult, Pipeline
from tests.conftest import ROOT

SETS = [ROOT / "data", ROOT / "tests" / "realstyle2", ROOT / "tests" / "blind"]


def build(pipe: Pipeline, paths: list[Path], out: Path, **kw) -> tuple[BuildResult, bytes, list[str]]:
    skipped: list[str] = []
    result = pipe.build_files(paths, out, html=False, on_skip=lambda s: skipped.append(s.message()), **kw)
    return result, (out / "graph.ttl").read_bytes(), skipped


@pytest.fixture(scope="module")
def local(pipe: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bytes]:
    """``-j 1`` graphs of every set, made once."""
    return {s: build(pipe, [s], tmp_path_factory.mktemp(s.name))[1] for s in SETS}


@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_workers_write_the_graph_of_one_process(
    pipe: Pipeline, local: dict[Path, bytes], folder: Path, jobs: int, tmp_path: Path
) -> None:
    result, ttl, _ = build(pipe, [folder], tmp_path, jobs=jobs)
    assert result.documents > 0 and result.violations == []
    assert ttl == local[folder]


@pytest.mark.parametrize(
    "fork", [True, pytest.param(False, marks=pytest.mark.slow)], ids=["forked", "spawned"]
)  # spawned workers load the grammar: slow
def test_forked_and_spawned_workers_extract_what_one_process_does(pipe: Pipeline, fork: bool) -> None:
    from kg.sources import iter_documents

    docs = list(iter_documents([ROOT / "data"], on_skip=print))
    local = [parallel.extract(pipe.extractor, pipe.grammar.registry, d) for d in docs]
    got = list(parallel.in_processes(pipe, docs, 2, fork=fork))
    assert [d for d, _ in got] == docs
    assert [found for _, found in got] == local and sum(len(f.claims) for f in local) > 0


def _mixed(folder: Path) -> list[Path]:
    """Good articles with bad files between them: broken JSON, a binary file, a record with no text."""
    folder.mkdir()
    (folder / "a-good.txt").write_text("В 2023 году пройдут прямые выборы акимов 45 районов.\n", encoding="utf-8")
    (folder / "b-broken.json").write_text('{"id": "x", "text": ', encoding="utf-8")
    (folder / "c-binary.txt").write_bytes(b"\x00\xff\xfe" * 40)
    records = [
        {"id": "d1", "lang": "en", "text": "Tokayev proposed to lower the threshold for parties to 5 percent."},
        {"id": "d2", "lang": "en"},
        {"id": "d3", "lang": "ru", "text": "Президент подписал закон о прямых выборах акимов районов."},
    ]
    (folder / "d-records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return [folder]


@pytest.mark.parametrize("jobs", [1, 2])
def test_bad_documents_are_named_and_the_others_built(pipe: Pipeline, tmp_path: Path, jobs: int) -> None:
    paths = _mixed(tmp_path / "in")
    serial, serial_ttl, serial_skips = build(pipe, paths, tmp_path / "one")
    result, ttl, skips = build(pipe, paths, tmp_path / "many", jobs=jobs)
    assert result.documents == serial.documents == 3 and result.claims == serial.claims > 0
    assert skips == serial_skips and len(skips) == 3
    assert all("\n" not in s and str(tmp_path / "in") in s for s in skips)
    assert ttl == serial_ttl


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-j", "0"], "error: kg build: argument -j/--jobs: '0' is not a number of worker processes"),
        (["-j", "-2"], "error: kg build: argument -j/--jobs: '-2' is not a number of worker processes"),
        (["--jobs", "two"], "error: kg build: argument -j/--jobs: 'two' is not a number of worker processes"),
        (["-j", "2", "--scheduler", "tcp://127.0.0.1:1"], "error: -j and --scheduler do not go together"),
    ],
)
def test_a_bad_jobs_option_is_one_line(argv: list[str], message: str, tmp_path: Path) -> None:
    done = kg("build", str(ROOT / "data"), "-o", str(tmp_path), *argv)
    assert done.returncode == 2 if "argument" in message else done.returncode != 0
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / "graph.ttl").exists()


def test_without_dask_the_scheduler_option_is_one_line(tmp_path: Path) -> None:
    """``distributed`` set to None in sys.modules: ``import distributed`` fails as when it is not installed."""
    code = (
        "import sys; sys.modules['distributed'] = None; from kg.cli import main; "
        f"sys.exit(main(['build', {str(ROOT / 'data')!r}, '-o', {str(tmp_path)!r}, '--scheduler', 'tcp://x:1']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode != 0
    assert done.stderr == (
        "error: --scheduler needs dask.distributed, which is not installed (pip install 'reform-kg[cluster]')\n"
    )


def test_a_worker_with_other_rules_refuses(pipe: Pipeline) -> None:
    spec = parallel.GrammarSpec(None, "another grammar")
    doc = Document("x", "Президент подписал закон о прямых выборах акимов.", "ru")
    with pytest.raises(parallel.ParallelError, match="a worker's rules differ from the build's"):
        parallel.extract_task(spec, doc)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


@pytest.mark.slow  # a Dask LocalCluster of two processes
@pytest.mark.parametrize("folder", SETS[:2], ids=lambda p: p.name)
def test_a_dask_cluster_writes_the_graph_of_a_local_build(
    pipe: Pipeline, local: dict[Path, bytes], cluster, folder: Path, tmp_path: Path
) -> None:
    result, ttl, _ = build(pipe, [folder], tmp_path, scheduler=cluster.scheduler_address)
    assert result.documents > 0 and result.violations == []
    assert ttl == local[folder]


@pytest.mark.slow  # a Dask LocalCluster of two processes
def test_a_dask_build_names_bad_documents_as_a_local_one(pipe: Pipeline, cluster, tmp_path: Path) -> None:
    paths = _mixed(tmp_path / "in")
    _, serial_ttl, serial_skips = build(pipe, paths, tmp_path / "one")
    _, ttl, skips = build(pipe, paths, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert skips == serial_skips and ttl == serial_ttl


@pytest.mark.slow  # a Dask LocalCluster of two processes
def test_the_cli_builds_on_a_cluster(cluster, local: dict[Path, bytes], tmp_path: Path) -> None:
    done = kg("build", str(SETS[0]), "-o", str(tmp_path), "--no-html", "--scheduler", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == local[SETS[0]]
