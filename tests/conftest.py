"""Shared fixtures: one compiled grammar per test session (compiling takes about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """The grammar cache (``kg.cache``) of a test run goes to a folder of its own, not the user's home."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def pipe():
    from kg.pipeline import Pipeline

    return Pipeline()
