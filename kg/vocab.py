"""Namespaces and the fixed terms of the reform-kg ontology (``ontology/reform.ttl``).

Only names live here; labels, comments and axioms are in the Turtle files.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import DEFAULT_BASE  # noqa: F401  (defined in the package: the CLI needs it before rdflib)

RKG = Namespace("https://w3id.org/reform-kg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/reform-kg/ontology"
REFORM_TYPE = Namespace("https://w3id.org/reform-kg/reform-type/")
LEVEL = Namespace("https://w3id.org/reform-kg/level/")
OFFICE = Namespace("https://w3id.org/reform-kg/office/")
STATUS = Namespace("https://w3id.org/reform-kg/status/")
MEASURE = Namespace("https://w3id.org/reform-kg/measure/")

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")

PREFIXES: dict[str, Namespace] = {
    "rkg": RKG,
    "rtype": REFORM_TYPE,
    "rlevel": LEVEL,
    "roffice": OFFICE,
    "rstatus": STATUS,
    "rmeasure": MEASURE,
    "schema": SCHEMA,
    "oa": OA,
    "qudt": QUDT,
    "unit": UNIT,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
}

REFORM_CODES = (
    "direct-election",
    "presidential-term",
    "electoral-system",
    "party-registration",
    "electoral-threshold",
    "constitutional-court",
    "parliament-powers",
    "death-penalty",
    "referendum",
    "peaceful-assembly",
    "decentralization",
    "ombudsman",
)
LEVEL_CODES = ("rural", "district", "city-regional", "region", "city-republican")
OFFICE_CODES = ("akim", "president", "parliament", "mazhilis", "senate", "maslikhat", "party")
STATUS_CODES = ("proposed", "planned", "implemented")
# What a claim's number counts (``rmeasure:`` concepts; each names its QUDT unit in ontology/reform.ttl).
MEASURE_CODES = (
    "party-members",
    "branch-members",
    "initiative-group",
    "districts",
    "villages",
    "akims",
    "seats",
    "seat-share",
    "barrier",
    "term-years",
    "terms",
    "articles",
    "units",
)

# SKOS concept schemes of the codes above (labels and definitions are in ontology/reform.ttl).
REFORM_TYPE_SCHEME = RKG.ReformTypeScheme
LEVEL_SCHEME = RKG.LevelScheme
OFFICE_SCHEME = RKG.OfficeScheme
STATUS_SCHEME = RKG.StatusScheme
MEASURE_SCHEME = RKG.MeasureScheme
