"""Claims → reforms: which one reform a claim is about (its identity key).

A reform is what a person tracking Kazakhstan's reforms follows from first proposal to
implementation: "direct election of district akims", not "… 45 districts in 2023". Its key
is ``code/institution/level[/subject]`` (the annotation guide's "Reform identity"). The
registry (``kg/grammar/registry.yaml``) lists the known reforms with their labels and the
claim codes, offices, levels, subjects and years that map to each; a claim that no entry
fits gets a key minted from its own slots by the registry's ``mint`` table, so unknown
reforms still group. Values and years stay on the claim: they are the reform's history.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kg.model import Claim
from kg.vocab import LEVEL_CODES, OFFICE_CODES, REFORM_CODES

NONE = "-"  # a key segment that does not apply
KEY = re.compile(r"^([a-z-]+)/([a-z-]+)/([a-z-]+)(?:/([a-z0-9]+(?:-[a-z0-9]+)*))?$")
# Claims of one document are keyed together, in groups of up to this many, so that a claim
# without a level or subject can take its document's while memory stays bounded.
DOCUMENT_CLAIMS = 2000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Lang = Literal["ru", "en"]
Code = str | None


def parse_key(key: str) -> tuple[str, str, str, str | None]:
    """``(code, institution, level, subject)`` of a key; ValueError names what is wrong."""
    m = KEY.fullmatch(key)
    if m is None:
        raise ValueError(f"reform key {key!r} is not code/institution/level[/subject]")
    code, institution, level, subject = m.groups()
    if code not in REFORM_CODES:
        raise ValueError(f"reform key {key!r}: unknown code {code!r}")
    if institution != NONE and institution not in OFFICE_CODES:
        raise ValueError(
            f"reform key {key!r}: unknown institution {institution!r}; known: -, {', '.join(OFFICE_CODES)}"
        )
    if level != NONE and level not in LEVEL_CODES:
        raise ValueError(f"reform key {key!r}: unknown level {level!r}; known: -, {', '.join(LEVEL_CODES)}")
    return code, institution, level, subject


class RegistryExample(_Strict):
    """A sentence (with optional context and article date) and the key its claim must get."""

    text: str
    context: str | None = None
    date: str | None = None
    expect: str

    @field_validator("date", mode="before")
    @classmethod
    def _iso(cls, v: Any) -> str | None:
        return None if v is None else str(v)

    @field_validator("expect")
    @classmethod
    def _key(cls, v: str) -> str:
        parse_key(v)
        return v


class Entry(_Strict):
    """One known reform and the claims that map to it."""

    key: str
    label: dict[Lang, str]
    comment: dict[Lang, str] = {}
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    code: str
    office: list[Code] = []  # claim offices that map here (null: none named, "*": any); empty: the key's own
    level: list[Code] = []  # claim levels, the same way
    subject: list[Code] = []  # claim subjects, the same way
    years: list[int] = []  # only claims whose year (or claim date's year) is one of these
    examples: list[RegistryExample] = []

    @model_validator(mode="after")
    def _consistent(self) -> Entry:
        code, _, _, _ = parse_key(self.key)
        if code != self.code:
            raise ValueError(f"key {self.key!r} does not start with its code {self.code!r}")
        if set(self.label) != {"en", "ru"}:
            raise ValueError("label needs both en and ru")
        for slot, codes in (("office", OFFICE_CODES), ("level", LEVEL_CODES)):
            for value in getattr(self, slot):
                if value not in (None, "*") and value not in codes:
                    raise ValueError(f"unknown {slot} {value!r}; known: *, null, {', '.join(codes)}")
        for value in self.subject:
            if value not in (None, "*") and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
                raise ValueError(f"subject {value!r} is not kebab-case")
        return self


class Mint(_Strict):
    """How a key is minted for a claim of ``code`` that no entry fits."""

    code: str
    institution: Literal["office", "none"] = "office"
    level: Literal["level", "none"] = "level"
    levels: dict[str, str] = {}  # claim level → key level («города областного значения» are the district program)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if v not in REFORM_CODES:
            raise ValueError(f"unknown reform code {v!r}; known: {', '.join(REFORM_CODES)}")
        return v


class RegistryFile(_Strict):
    about: str
    changelog: list[str] = []
    mint: list[Mint] = []
    registry: Annotated[list[Entry], Field(min_length=1)]


@dataclass(frozen=True)
class Reform:
    """What the graph says of a reform: its key, labels and (verified) Wikidata item."""

    key: str
    label_en: str | None = None
    label_ru: str | None = None
    comment_en: str | None = None
    comment_ru: str | None = None
    wikidata: str | None = None
    registered: bool = False

    @property
    def code(self) -> str:
        return parse_key(self.key)[0]

    @property
    def institution(self) -> str | None:
        value = parse_key(self.key)[1]
        return None if value == NONE else value

    @property
    def level(self) -> str | None:
        value = parse_key(self.key)[2]
        return None if value == NONE else value

    @property
    def subject(self) -> str | None:
        return parse_key(self.key)[3]


ANY = "*"


def _accepts(values: Sequence[Code], default: Code, value: Code) -> bool:
    if not values:
        return value == default
    return ANY in values or value in values


def _claim_years(claim: Claim) -> set[int]:
    years = {claim.year} if claim.year is not None else set()
    if claim.claim_date:
        years.add(int(claim.claim_date[:4]))
    return years


@dataclass
class Registry:
    """The known reforms, in file order per code, and the minting table."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    mint: dict[str, Mint] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def add(self, doc: RegistryFile, source: str) -> None:
        for entry in doc.registry:
            if any(e.key == entry.key for es in self.entries.values() for e in es):
                raise ValueError(f"entry {entry.key}: field key: duplicate reform key")
            self.entries.setdefault(entry.code, []).append(entry)
        for m in doc.mint:
            self.mint[m.code] = m
        self.files.append(source)

    def __iter__(self) -> Iterable[Entry]:
        return (e for es in self.entries.values() for e in es)

    def entry(self, claim: Claim) -> Entry | None:
        """The first entry of the claim's code that accepts its office, level, subject and year."""
        for e in self.entries.get(claim.reform, ()):
            _, institution, level, subject = parse_key(e.key)
            if not _accepts(e.office, None if institution == NONE else institution, claim.office):
                continue
            if not _accepts(e.level, None if level == NONE else level, claim.level):
                continue
            if not _accepts(e.subject, subject, claim.subject):
                continue
            if e.years and not _claim_years(claim) & set(e.years):
                continue
            return e
        return None

    def minted(self, claim: Claim) -> str:
        """The key of a reform no entry names, from the claim's own slots."""
        rule = self.mint.get(claim.reform, Mint(code=claim.reform))
        institution = claim.office if rule.institution == "office" and claim.office else NONE
        level = NONE
        if rule.level == "level" and claim.level:
            level = rule.levels.get(claim.level, claim.level)
        key = f"{claim.reform}/{institution}/{level}"
        return f"{key}/{claim.subject}" if claim.subject else key

    def key(self, claim: Claim) -> str:
        entry = self.entry(claim)
        return entry.key if entry is not None else self.minted(claim)

    def reform(self, key: str) -> Reform:
        """The labels of a key: the registry's, or none for a minted one (the graph labels it from its codes)."""
        for e in self.entries.get(parse_key(key)[0], ()):
            if e.key == key:
                return Reform(
                    key,
                    e.label["en"],
                    e.label["ru"],
                    e.comment.get("en"),
                    e.comment.get("ru"),
                    e.wikidata,
                    registered=True,
                )
        return Reform(key)

    def assign(self, claims: Sequence[Claim]) -> list[Claim]:
        """Keys for one document's claims.

        A claim that names no level or subject takes the one its document's other claims
        of the same code agree on («выборы пройдут в 2023 году» in an article about district
        akims). That changes only the key: the claim's own slots stay what its sentence says.
        """
        agreed: dict[tuple[str, str], set[str]] = {}
        for c in claims:
            for slot in ("level", "subject"):
                value = getattr(c, slot)
                if value is not None:
                    agreed.setdefault((c.reform, slot), set()).add(value)
        out = []
        for c in claims:
            probe = c
            for slot in ("level", "subject"):
                values = agreed.get((c.reform, slot), set())
                if getattr(c, slot) is None and len(values) == 1:
                    probe = replace(probe, **{slot: next(iter(values))})
            out.append(replace(c, reform_key=self.key(probe)))
        return out


def assign_keys(registry: Registry, claims: Iterable[Claim]) -> Iterable[Claim]:
    """Keys for a stream of one document's claims, in groups of at most ``DOCUMENT_CLAIMS``."""
    group: list[Claim] = []
    for claim in claims:
        group.append(claim)
        if len(group) >= DOCUMENT_CLAIMS:
            yield from registry.assign(group)
            group = []
    yield from registry.assign(group)
