"""Where the ontology and the SHACL shapes live, in a checkout and when installed.

In a checkout they are in ``ontology/`` next to the package; an installed wheel maps
that directory to the ``kg.ontology_files`` package data (see ``pyproject.toml``).
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from rdflib import Graph

ONTOLOGY_FILE = "reform.ttl"
SHAPES_FILE = "shapes.ttl"


def ontology_dir() -> Path:
    """The directory holding ``reform.ttl`` and ``shapes.ttl``."""
    checkout = Path(__file__).resolve().parent.parent / "ontology"
    if (checkout / ONTOLOGY_FILE).is_file():
        return checkout
    # Installed: setuptools puts the data files in kg/ontology_files/ beside this module.
    beside = Path(__file__).resolve().parent / "ontology_files"
    if (beside / ONTOLOGY_FILE).is_file():
        return beside
    try:
        return Path(str(importlib.resources.files("kg.ontology_files")))
    except (ModuleNotFoundError, TypeError) as exc:
        raise FileNotFoundError(f"cannot find the ontology directory with {ONTOLOGY_FILE}") from exc


def ontology_path() -> Path:
    return ontology_dir() / ONTOLOGY_FILE


def shapes_path() -> Path:
    return ontology_dir() / SHAPES_FILE


def load_ontology() -> Graph:
    """Parse ``reform.ttl`` afresh; callers that build many graphs keep the result."""
    graph = Graph(bind_namespaces="none")
    graph.parse(ontology_path(), format="turtle")
    return graph
