"""Rule files: the strict schema, loading, and compilation into a :class:`Grammar`.

Rule files are YAML that a political analyst can read and edit (see README,
"Writing rules"). Every file is checked against a pydantic schema with unknown
fields forbidden, like spaCy's ``schemas.py``; any problem becomes one
:class:`RuleError` line naming the file, the rule id and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kg import cache
from kg.gazetteer import Entry, Gazetteer, Role
from kg.identity import Registry, RegistryFile
from kg.patterns import Context, Pattern, Trigger, compile_pattern
from kg.tokens import Morphology
from kg.vocab import LEVEL_CODES, MEASURE_CODES, OFFICE_CODES, REFORM_CODES, STATUS_CODES

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{2,120}$")
SUBJECT = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # a reform key's subject: short kebab-case
Subject = Annotated[str, Field(pattern=SUBJECT, max_length=60)]
Lang = Literal["ru", "en"]
Words = str | list[str]


class RuleError(Exception):
    """A rule file that cannot be used; ``str()`` is the one-line message for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TokenSpec(_Strict):
    """One token of a pattern; all given keys must hold."""

    lemma: Words | None = None
    word: Words | None = None
    prefix: Words | None = None
    regex: str | None = None
    pos: Words | None = None
    tag: Words | None = None
    ent: Words | None = None
    kind: Literal["word", "number", "punct", "symbol"] | None = None
    capitalized: bool | None = None
    or_: list[TokenSpec] | None = Field(default=None, alias="or")  # any of these specs
    op: Literal["?", "+", "*", "!"] | None = None
    max: Annotated[int, Field(ge=1, le=8)] | None = None
    gap: Annotated[int, Field(ge=1, le=12)] | None = None

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as e:
                raise ValueError(f"regex does not compile: {e}") from None
        return v

    @model_validator(mode="after")
    def _one_purpose(self) -> TokenSpec:
        keys = {name for name in _SPEC_FIELDS if getattr(self, name) is not None}  # not model_dump: 0.15 s a start
        if "gap" in keys and len(keys) > 1:
            raise ValueError("a gap spec takes no other key")
        if not keys - {"op", "max"}:
            raise ValueError("a token spec needs at least one test (lemma, word, ent, …) or a gap")
        return self


TokenSpec.model_rebuild()
_SPEC_FIELDS = tuple(TokenSpec.model_fields)
Pattern_ = Annotated[list[TokenSpec], Field(min_length=1, max_length=12)]


class Expect(_Strict):
    """The claim fields an example must give; omitted fields are not checked."""

    reform: str | None = None
    status: Literal["proposed", "planned", "implemented"] | None = None
    count: int | None = None
    year: int | None = None
    level: str | None = None
    office: str | None = None
    claimant: str | None = None
    rule: str | None = None


class Example(_Strict):
    """A sentence (with optional context before it) and what extraction must give."""

    text: str
    context: str | None = None  # text before the sentence, same paragraph
    date: str | None = None  # article date, ISO
    expect: Expect | Literal["none"] | None = None  # "none": no claim of this reform
    expect_not: Expect | None = None
    blocks: bool | None = None  # filters: must (true) or must not (false) block

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, v: Any) -> str | None:
        return None if v is None else str(v)


class _Matcher(_Strict):
    """What rules, filters and cues share: named elements found within ``window`` tokens."""

    id: str
    lang: Lang
    about: str
    match: Annotated[dict[str, Pattern_], Field(min_length=1)]
    unless: dict[str, Pattern_] = {}
    window: Annotated[int, Field(ge=1, le=60)] = 20
    examples: list[Example] = []

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not RULE_ID.match(v):
            raise ValueError("rule ids are lowercase letters, digits, '.', '_' and '-'")
        return v


class Rule(_Matcher):
    """A reform rule: all ``match`` elements within ``window`` tokens, none of ``unless``."""

    office: str | None = None
    level: str | None = None
    subject: Subject | None = None  # what changes, for codes whose reform key has a subject
    # A focus rule fires only while its reform is the article's topic or was claimed just before: it reads a
    # provision or a loose reference («выборы пройдут …», "organisers must notify …") that alone names no reform.
    focus: bool = False

    @field_validator("office")
    @classmethod
    def _office(cls, v: str | None) -> str | None:
        return _code(v, OFFICE_CODES, "office")

    @field_validator("level")
    @classmethod
    def _level(cls, v: str | None) -> str | None:
        return _code(v, LEVEL_CODES, "level")


def _code(value: str | None, codes: tuple[str, ...], what: str) -> str | None:
    if value is not None and value not in codes:
        raise ValueError(f"unknown {what} {value!r}; known: {', '.join(codes)}")
    return value


class MeasureChoice(_Strict):
    """A measure the count takes when its unit is one of ``units`` or one of ``near`` stands close by."""

    measure: str
    units: list[str] = []  # lemmas of the noun the number quantifies
    near: list[str] = []  # lemmas within a few tokens of the number

    @field_validator("measure")
    @classmethod
    def _measure(cls, v: str) -> str:
        return _code(v, MEASURE_CODES, "measure") or v

    @model_validator(mode="after")
    def _has_test(self) -> MeasureChoice:
        if not self.units and not self.near:
            raise ValueError("a measure choice needs units or near words")
        return self


class CountSlot(_Strict):
    """Which number in the sentence is the reform's count, and what it counts."""

    units: list[str] = []  # lemmas of the nouns the count may quantify
    percent: bool = False  # only percentages count
    near: list[str] = []  # prefer the number nearest to one of these lemmas
    # a number nearer one of these lemmas than any ``near`` word is the other side's share ("70% from party lists")
    unlike: list[str] = []
    pick: Literal["first", "last"] = "first"
    bare: bool = False  # a number with no unit may count ("from 20,000 to 5,000")
    avoid: list[str] = []  # a number this close (3 tokens) to one of these lemmas is another quantity ("a 5% barrier")
    measure: str = "units"  # what the count counts when no choice below fits
    measures: list[MeasureChoice] = []  # tried in order

    @field_validator("measure")
    @classmethod
    def _measure(cls, v: str) -> str:
        return _code(v, MEASURE_CODES, "measure") or v


class SubjectChoice(_Strict):
    """A subject the sentence gives when any of ``when`` (token patterns) is found in it."""

    subject: Subject
    when: Annotated[list[Pattern_], Field(min_length=1)]


class Slots(_Strict):
    office: str | None = None
    office_from_text: list[str] = []  # offices a mention in the sentence may give, nearest first
    # Read the administrative level from the sentence; "near-office": only a level that qualifies
    # the office mention («маслихаты областей»), for reforms about bodies rather than places.
    level: bool | Literal["near-office"] = False
    count: CountSlot | None = None
    subject: list[SubjectChoice] = []  # tried in order; a rule's own ``subject`` comes first


class ReformFile(_Strict):
    reform: str
    about: dict[Lang, str]
    changelog: list[str] = []
    slots: Slots = Slots()
    rules: Annotated[list[Rule], Field(min_length=1)]

    @field_validator("reform")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in REFORM_CODES:
            raise ValueError(f"unknown reform code {v!r}; known: {', '.join(REFORM_CODES)}")
        return v


class Filter(_Matcher):
    """A sentence-level blocker: a sentence it matches gives no claim (negation, hedge…)."""


class Cue(_Matcher):
    """A status cue: ``sentence`` cues decide for the whole sentence, ``tense`` ones act like a verb."""

    status: Literal["proposed", "planned", "implemented"]
    scope: Literal["sentence", "tense"]
    # A bill's stage before signing («Сенат одобрил», "approved in the first reading"): it holds only until the
    # article has reported the law signed; after that it tells the law's history, which is done.
    until_signed: bool = False
    # A duty ("must", «должны»): in an article about the reform's law or pending bill it states the law's duties,
    # not someone's proposal, so the cue does not decide there and the tense does.
    law_duty: bool = False


class FilterFile(_Strict):
    about: str
    changelog: list[str] = []
    filters: list[Filter] = []
    cues: list[Cue] = []


class GazetteerEntry(_Strict):
    key: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: str | None = None
    name_ru: str | None = None
    kind: Literal["person", "organization"] | None = None
    gender: Literal["m", "f"] | None = None  # for pronouns; people are "m" unless told
    level: str | None = None
    terms: dict[Lang, list[str]] = {}
    roles: list[RoleSpec] = []


class RoleSpec(_Strict):
    title: str
    since: str | None = None
    until: str | None = None
    terms: dict[Lang, list[str]]

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso(cls, v: Any) -> str | None:
        if v is None:
            return None
        v = str(v)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            raise ValueError("dates are ISO yyyy-mm-dd")
        return v


GazetteerEntry.model_rebuild()


class GazetteerFile(_Strict):
    category: Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]
    about: str
    changelog: list[str] = []
    entries: Annotated[list[GazetteerEntry], Field(min_length=1)]


# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledRule:
    """A rule, filter or cue ready to run: named patterns plus its source file."""

    id: str
    lang: str
    about: str
    file: str
    match: tuple[tuple[str, Pattern], ...]
    unless: tuple[tuple[str, Pattern], ...]
    window: int
    reform: str | None = None
    status: str | None = None
    scope: str | None = None
    until_signed: bool = False
    law_duty: bool = False
    focus: bool = False
    office: str | None = None
    level: str | None = None
    subject: str | None = None
    examples: tuple[Example, ...] = ()

    @property
    def triggers(self) -> tuple[Trigger, ...]:
        """What a sentence must have for every ``match`` element to match (see ``RuleIndex``)."""
        return tuple(t for _, pattern in self.match for t in pattern.triggers)


class RuleIndex:
    """Rules, filters and cues by language, each with the words or gazetteer hits it cannot fire without.

    A rule fires only when each of its ``match`` elements matches, and an element matches
    only on tokens that pass each of its required specs; a spec on lemmas, words or
    gazetteer entries passes only a token that has one of them (``kg.patterns.Trigger``).
    So a sentence that has none of a rule's trigger words or hits is one the rule cannot
    fire on, and it is not tried: most sentences of an archive name no reform and cost only
    their tokens and gazetteer hits. Rules that fire are the same as without the index.
    """

    def __init__(self, rules: Iterable[CompiledRule]) -> None:
        self._rules: dict[str, list[tuple[CompiledRule, tuple[Trigger, ...]]]] = {}
        self._always: dict[str, list[int]] = {}  # rules without a trigger: tried on every sentence
        self._by_word: dict[str, dict[str, list[int]]] = {}  # a word of a rule's first trigger → rules
        self._by_ent: dict[str, dict[str, list[int]]] = {}
        for rule in rules:
            listed = self._rules.setdefault(rule.lang, [])
            position = len(listed)
            listed.append((rule, rule.triggers))
            if not rule.triggers:
                self._always.setdefault(rule.lang, []).append(position)
                continue
            first = rule.triggers[0]
            for word in first.words:
                self._by_word.setdefault(rule.lang, {}).setdefault(word, []).append(position)
            for ent in first.ents:
                self._by_ent.setdefault(rule.lang, {}).setdefault(ent, []).append(position)

    def candidates(self, lang: str, words: Set[str], ents: Set[str]) -> list[CompiledRule]:
        """The rules of ``lang`` that might fire on a sentence with these words and gazetteer refs, in order."""
        positions = set(self._always.get(lang, ()))
        by_word, by_ent = self._by_word.get(lang, {}), self._by_ent.get(lang, {})
        for word in by_word.keys() & words:  # a set operation: most of a sentence's words list no rule
            positions.update(by_word[word])
        for ent in by_ent.keys() & ents:
            positions.update(by_ent[ent])
        if not positions:
            return []
        rules = self._rules[lang]
        return [
            rules[i][0] for i in sorted(positions) if all(t.found(words, ents) for t in rules[i][1][1:])
        ]  # the first trigger holds: it listed the rule


def sentence_keys(ctx: Context) -> tuple[set[str], set[str]]:
    """A sentence's token norms and lemmas, and its gazetteer refs (``category`` and ``category:key``)."""
    words: set[str] = set()
    for token in ctx.tokens:
        words.add(token.norm)
        words.update(token.lemmas)
    return words, set().union(*ctx.ents)


@dataclass(frozen=True)
class CompiledSubject:
    subject: str
    when: tuple[Pattern, ...]


@dataclass
class Grammar:
    """Everything extraction needs: rules, slot settings, filters, cues and gazetteers."""

    gazetteer: Gazetteer
    rules: list[CompiledRule] = field(default_factory=list)
    slots: dict[str, Slots] = field(default_factory=dict)
    filters: list[CompiledRule] = field(default_factory=list)
    cues: list[CompiledRule] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    subjects: dict[str, tuple[CompiledSubject, ...]] = field(default_factory=dict)  # per reform code
    registry: Registry = field(default_factory=Registry)
    digest: str = ""  # ``cache.fingerprint`` of the rule files: equal grammars extract alike
    _indexes: dict[str, RuleIndex] = field(default_factory=dict, repr=False, compare=False)

    def rule(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in (*self.rules, *self.filters, *self.cues) if r.id == rule_id), None)

    def index(self, kind: str) -> RuleIndex:
        """The index of ``rules`` (not focus), ``focus`` rules, ``filters`` or ``cues`` (built on first use)."""
        found = self._indexes.get(kind)
        if found is None:
            found = self._indexes[kind] = RuleIndex(self._kind(kind))
        return found

    def _kind(self, kind: str) -> Sequence[CompiledRule]:
        if kind == "rules":  # a focus rule fires only for a reform in focus (``extract.focus_hits``)
            return [r for r in self.rules if not r.focus]
        if kind == "focus":
            return [r for r in self.rules if r.focus]
        return {"filters": self.filters, "cues": self.cues}[kind]


def default_grammar_dir() -> Path:
    """The rule files that ship with the package."""
    return Path(str(resources.files("kg") / "grammar"))


def _first_error(e: ValidationError, doc: Any, kind: str) -> str:
    """One line: the rule id (when the error is inside a rule) and the dotted field path."""
    err = e.errors()[0]
    loc = list(err["loc"])
    rule_id = None
    if len(loc) >= 2 and loc[0] in ("rules", "filters", "cues", "entries", "registry") and isinstance(loc[1], int):
        try:
            item = doc[loc[0]][loc[1]]
            rule_id = item.get("id") or item.get("key")
        except (KeyError, IndexError, TypeError, AttributeError):
            rule_id = None
        rule_id = rule_id or f"{loc[0]}[{loc[1]}]"
        loc = loc[2:]
    path = ".".join(str(p) for p in loc) or "(top level)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown field"
    where = f"{kind} {rule_id}: " if rule_id else ""
    return f"{where}field {path}: {msg}"


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans (only true/false, so "no", "on", "yes" stay words) and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise RuleError(f"{path}: cannot read: {e}") from None


def _read(path: Path, data: bytes | None = None) -> Any:
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(f"{path}: cannot read: {e}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise RuleError(f"{path}{line}: invalid YAML: {problem}") from None


def _validate(path: Path, model: type[BaseModel], doc: Any, kind: str) -> Any:
    if not isinstance(doc, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    try:
        return model.model_validate(doc)
    except ValidationError as e:
        raise RuleError(f"{path}: {_first_error(e, doc, kind)}") from None


def _compile_named(named: dict[str, list[TokenSpec]], morph: Morphology) -> tuple[tuple[str, Pattern], ...]:
    return tuple(
        (name, compile_pattern([s.model_dump(exclude_none=True, by_alias=True) for s in specs], morph.lemmas))
        for name, specs in named.items()
    )


def _file_kind(doc: Any) -> str:
    if isinstance(doc, dict):
        if "category" in doc:
            return "gazetteer"
        if "registry" in doc:
            return "registry"
        if "reform" in doc:
            return "reform"
        if "filters" in doc or "cues" in doc:
            return "filters"
    return "unknown"


def _check_ents(rules: Iterable[tuple[str, CompiledRule, dict]], known: set[str]) -> None:
    for path, rule, raw in rules:
        for section in ("match", "unless"):
            for name, specs in (raw.get(section) or {}).items():
                for spec in specs:
                    for ent in [spec.get("ent")] if isinstance(spec.get("ent"), str) else spec.get("ent") or []:
                        if ent not in known:
                            raise RuleError(
                                f"{path}: rule {rule.id}: field {section}.{name}.ent: unknown gazetteer entry {ent!r}"
                            )


def load_grammar(dirs: Iterable[Path] | None = None, morph: Morphology | None = None) -> Grammar:
    """Load and compile every ``*.yaml`` under ``dirs`` (default: the bundled grammar)."""
    morph = morph or Morphology()
    paths: list[Path] = []
    for d in dirs or [default_grammar_dir()]:
        d = Path(d)
        if d.is_file():
            paths.append(d)
        elif d.is_dir():
            paths.extend(sorted(d.rglob("*.yaml")))
        else:
            raise RuleError(f"{d}: no such rule file or folder")
    grammar = Grammar(Gazetteer(morph.lemmas))
    seen: dict[str, Path] = {}
    raw_rules: list[tuple[str, CompiledRule, dict]] = []

    def claim_id(rule_id: str, path: Path) -> None:
        if rule_id in seen:
            raise RuleError(f"{path}: rule {rule_id}: field id: duplicate rule id (first in {seen[rule_id]})")
        seen[rule_id] = path

    def compile_one(m: _Matcher, path: Path, **extra: Any) -> CompiledRule:
        claim_id(m.id, path)
        return CompiledRule(
            m.id,
            m.lang,
            m.about,
            path.name,
            _compile_named(m.match, morph),
            _compile_named(m.unless, morph),
            m.window,
            examples=tuple(m.examples),
            **extra,
        )

    contents = [_bytes(p) for p in paths]
    grammar.digest = cache.fingerprint([f"{p.parent.name}/{p.name}" for p in paths], contents)
    cache_key = cache.key(paths, contents)
    cached = cache.load(cache_key, len(paths))
    if cached is not None:
        parsed, words = cached
        morph.remember(words)
    else:
        parsed = [_read(p, data) for p, data in zip(paths, contents, strict=True)]
    docs = list(zip(paths, parsed, strict=True))
    _compile_docs(grammar, docs, morph, compile_one, raw_rules)
    if cached is None:
        cache.store(cache_key, parsed, morph.remembered())
    return grammar


def _compile_docs(
    grammar: Grammar,
    docs: list[tuple[Path, Any]],
    morph: Morphology,
    compile_one: Callable[..., CompiledRule],
    raw_rules: list[tuple[str, CompiledRule, dict]],
) -> None:
    """Validate the parsed rule files and compile them into ``grammar``."""
    for path, doc in docs:  # gazetteers first: rules refer to their entries
        if _file_kind(doc) != "gazetteer":
            continue
        gz = _validate(path, GazetteerFile, doc, "entry")
        grammar.files.append(str(path))
        for e in gz.entries:
            data = tuple(
                (k, v)
                for k, v in (
                    ("name", e.name),
                    ("name_ru", e.name_ru),
                    ("kind", e.kind),
                    ("level", e.level),
                    ("gender", e.gender),
                )
                if v
            )
            entry = Entry(gz.category, e.key, data)
            for terms in e.terms.values():
                for term in terms:
                    grammar.gazetteer.add(entry, term)
            for role in e.roles:
                for terms in role.terms.values():
                    for term in terms:
                        grammar.gazetteer.add(entry, term, Role(role.since, role.until))
    known = set(grammar.gazetteer.entries) | {k.split(":")[0] for k in grammar.gazetteer.entries}
    for path, doc in docs:
        kind = _file_kind(doc)
        if kind == "gazetteer":
            continue
        if not isinstance(doc, dict):
            raise RuleError(f"{path}: field (top level): expected a mapping at the top level")
        if kind == "unknown":
            raise RuleError(
                f"{path}: field (top level): not a rule file (needs 'reform', 'filters'/'cues', 'registry' "
                "or 'category')"
            )
        grammar.files.append(str(path))
        if kind == "registry":
            reg = _validate(path, RegistryFile, doc, "entry")
            try:
                grammar.registry.add(reg, str(path))
            except ValueError as e:
                raise RuleError(f"{path}: {e}") from None
        elif kind == "reform":
            rf = _validate(path, ReformFile, doc, "rule")
            grammar.slots[rf.reform] = rf.slots
            grammar.subjects[rf.reform] = tuple(
                CompiledSubject(
                    choice.subject,
                    tuple(
                        compile_pattern([s.model_dump(exclude_none=True, by_alias=True) for s in specs], morph.lemmas)
                        for specs in choice.when
                    ),
                )
                for choice in rf.slots.subject
            )
            for raw, r in zip(doc["rules"], rf.rules, strict=True):
                c = compile_one(
                    r, path, reform=rf.reform, office=r.office, level=r.level, subject=r.subject, focus=r.focus
                )
                grammar.rules.append(c)
                raw_rules.append((str(path), c, raw))
        else:
            ff = _validate(path, FilterFile, doc, "rule")
            for raw, f in zip(doc.get("filters") or [], ff.filters, strict=True):
                c = compile_one(f, path)
                grammar.filters.append(c)
                raw_rules.append((str(path), c, raw))
            for raw, q in zip(doc.get("cues") or [], ff.cues, strict=True):
                c = compile_one(
                    q, path, status=q.status, scope=q.scope, until_signed=q.until_signed, law_duty=q.law_duty
                )
                grammar.cues.append(c)
                raw_rules.append((str(path), c, raw))
    _check_ents(raw_rules, known)
    for code, slots in grammar.slots.items():
        if slots.office is not None and slots.office not in OFFICE_CODES:
            raise RuleError(f"reform {code}: field slots.office: unknown office {slots.office!r}")
    assert set(STATUS_CODES) >= {c.status for c in grammar.cues}
