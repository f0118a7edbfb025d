"""Shared fixtures: one compiled grammar per test session (compiling takes about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def pipe():
    from kg.pipeline import Pipeline

    return Pipeline()
