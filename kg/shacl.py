"""SHACL Core shapes compiled to Python checks over a batch's N-Triples lines.

pySHACL walks an rdflib graph generically: about 440 µs per triple of a build's batch,
two thirds of a validated build, most of it in the qualified-value-shape checks on the
evidence selectors. The same shapes checked as SPARQL in Oxigraph (one flat query per
constraint over the batch, referenced shapes combined as node sets) still took 35 µs per
triple, because each constraint is a query over every focus node. Here the shapes are
compiled once into closures, and a batch is checked on a dictionary index of its
N-Triples lines (terms stay N-Triples text; literals are parsed only when a constraint
looks at them): a few µs per triple.

Only the constraint components of SHACL Core that the compiler knows are compiled; a
shapes graph with anything else (``sh:sparql``, ``sh:closed``, ``sh:xone``, a
``sh:zeroOrMorePath`` …) raises :class:`Unsupported` and :mod:`kg.validate` falls back
to pySHACL, so a user's own shapes are checked either way. ``tests/test_validate.py``
checks that both engines report the same violations on every kind of broken graph.

Semantics follow the SHACL spec as pySHACL implements it: class membership through
``rdfs:subClassOf*`` in the data, term equality for ``sh:in`` and ``sh:hasValue``,
ill-typed literals fail ``sh:datatype``, incomparable values fail ``sh:lessThan`` and
the range constraints, and a failed ``sh:node`` also reports the value's own violations
(pySHACL's ``sh:detail``), while the shapes that a qualified, ``sh:or``, ``sh:and`` or
``sh:not`` constraint tries only decide that constraint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.vocab import PREFIXES

__all__ = ["Check", "CompiledShapes", "Index", "Unsupported", "Violation", "compile_shapes", "message"]

_RDF_TYPE = f"<{RDF.type}>"
_SUBCLASS = f"<{RDFS.subClassOf}>"
_XSD = str(XSD)
_STRING = f"{_XSD}string"
_LANG_STRING = str(RDF.langString)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_IGNORED = {
    SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.deactivated,
    SH.path, SH.property, *_TARGETS, SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
}  # fmt: skip
_COMPONENTS = {
    SH.nodeKind, SH["class"], SH.datatype, SH.minLength, SH.maxLength, SH.pattern, SH.minInclusive,
    SH.minExclusive, SH.maxInclusive, SH.maxExclusive, SH["in"], SH.languageIn, SH.node, SH["not"], SH["and"],
    SH["or"], SH.hasValue, SH.lessThan, SH.lessThanOrEquals, SH.minCount, SH.maxCount, SH.qualifiedValueShape,
}  # fmt: skip
_NODE_KINDS: dict[Node, Callable[[str], bool]] = {  # whether a term (N-Triples text) is of the kind
    SH.IRI: lambda t: t[0] == "<",
    SH.Literal: lambda t: t[0] == '"',
    SH.BlankNode: lambda t: t[0] == "_",
    SH.BlankNodeOrIRI: lambda t: t[0] != '"',
    SH.BlankNodeOrLiteral: lambda t: t[0] != "<",
    SH.IRIOrLiteral: lambda t: t[0] != "_",
}
_INTEGER = r"[+-]?[0-9]+"
_TIMEZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
# Lexical forms of the XSD types whose ill-typed literals pySHACL reports (rdflib's ``ill_typed``).
_LEXICAL = {
    f"{_XSD}{name}": re.compile(rx)
    for name, rx in {
        "integer": _INTEGER,
        "int": _INTEGER,
        "long": _INTEGER,
        "short": _INTEGER,
        "byte": _INTEGER,
        "nonNegativeInteger": r"[+]?[0-9]+|-0+",
        "positiveInteger": r"[+]?0*[1-9][0-9]*",
        "nonPositiveInteger": r"-[0-9]+|[+]?0+",
        "negativeInteger": r"-0*[1-9][0-9]*",
        "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
        "boolean": r"true|false|1|0",
        "date": r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TIMEZONE,
        "gYearMonth": r"-?[0-9]{4,}-(0[1-9]|1[0-2])" + _TIMEZONE,
    }.items()
}
_NUMERIC = {f"{_XSD}{n}" for n in ("integer", "int", "long", "short", "byte", "decimal", "float", "double")} | {
    f"{_XSD}{n}Integer" for n in ("nonNegative", "positive", "nonPositive", "negative")
}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_MAX_RESULTS_VALUE = 60


class Unsupported(Exception):
    """The shapes use a SHACL feature this compiler does not handle."""


@dataclass(frozen=True)
class Check:
    """One constraint of a shape: where it reports and what it says."""

    shape: Node
    path: Node | None  # the property shape's sh:path (None: a node-level constraint)
    component: str
    messages: tuple[str, ...]  # the shape's sh:message, else a default like pySHACL's
    severity: URIRef


@dataclass(frozen=True)
class Violation:
    focus: Node
    check: Check
    value: Node | None


Row = tuple[Check, str, "str | None"]  # check, focus node, value (N-Triples text)


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _ESCAPES.get(m.group(3), m.group(0))

    return _ESCAPE.sub(one, text) if "\\" in text else text


def _literal(term: str) -> tuple[str, str, str | None]:
    """Lexical form, datatype IRI and language of a literal in N-Triples text."""
    end = term.rfind('"')
    lexical = _unescape(term[1:end])
    rest = term[end + 1 :]
    if rest.startswith("@"):
        return lexical, _LANG_STRING, rest[1:].lower()
    if rest.startswith("^^<"):
        return lexical, rest[3:-1], None
    return lexical, _STRING, None


def _text(term: str) -> str | None:
    """The string SHACL's string constraints see: a literal's lexical form, an IRI; None for a blank node."""
    if term[0] == '"':
        return _literal(term)[0]
    if term[0] == "<":
        return _unescape(term[1:-1])
    return None


def _well_formed(lexical: str, datatype: str) -> bool:
    rx = _LEXICAL.get(datatype)
    if rx is not None and not rx.fullmatch(lexical):
        return False
    if datatype == f"{_XSD}date":
        try:
            dt.date.fromisoformat(lexical[:10] if lexical[:1] != "-" else "")
        except ValueError:
            return False
    return True


def _comparable(term: str) -> tuple[str, object] | None:
    """A literal's value and the order it belongs to (numbers, dates, strings); None when it has none."""
    if term[0] != '"':
        return None
    lexical, datatype, lang = _literal(term)
    if lang is not None or not _well_formed(lexical, datatype):
        return None
    try:
        if datatype in _NUMERIC:
            if datatype.endswith(("float", "double")):
                return "number", float(lexical)
            return "number", Decimal(lexical)
        if datatype == f"{_XSD}date":
            return "date", dt.date.fromisoformat(lexical)
        if datatype == f"{_XSD}dateTime":
            return "dateTime", dt.datetime.fromisoformat(lexical.replace("Z", "+00:00"))
        if datatype == _STRING:
            return "string", lexical
    except (ValueError, InvalidOperation):
        return None
    return None


def _less(a: str, b: str, *, equal: bool) -> bool:
    """Whether ``a`` < ``b`` (``equal``: <=); False when they cannot be compared."""
    x, y = _comparable(a), _comparable(b)
    if x is None or y is None or x[0] != y[0]:
        return False
    try:
        return x[1] <= y[1] if equal else x[1] < y[1]  # type: ignore[operator]
    except TypeError:
        return False


def _nt(term: Node) -> str:
    """An rdflib term as the N-Triples text the index holds."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"a blank node {term} as a constraint value")


def _key(term: str) -> object:
    """What term equality compares: literals by lexical form, datatype and language, as escaped differently."""
    return _literal(term) if term[0] == '"' else term


def from_nt(term: str | None) -> Node | None:
    """An rdflib term for a violation's focus or value."""
    if term is None:
        return None
    if term[0] == "<":
        return URIRef(_unescape(term[1:-1]))
    if term[0] == "_":
        return BNode(term[2:])
    lexical, datatype, lang = _literal(term)
    if lang is not None:
        return Literal(lexical, lang=lang)
    return Literal(lexical, datatype=None if datatype == _STRING else URIRef(datatype))


class Index:
    """The triples of a batch (N-Triples lines) by subject and predicate, with a fixed graph (the ontology) beside."""

    def __init__(self, lines: Iterable[str], fixed: Index | None = None, *, by_predicate: Iterable[str] = ()) -> None:
        spo: dict[str, dict[str, list[str]]] = {}
        wanted = set(by_predicate) | {_RDF_TYPE, _SUBCLASS}
        pairs: dict[str, list[tuple[str, str]]] = {p: [] for p in wanted}
        for line in lines:
            if not line:
                continue
            s, p, o = line.split(" ", 2)
            o = o[:-2] if o.endswith(" .") else o.rstrip().removesuffix(".").rstrip()
            by_p = spo.get(s)
            if by_p is None:
                by_p = spo[s] = {}
            objects = by_p.get(p)
            if objects is None:
                by_p[p] = [o]
                if p in pairs:
                    pairs[p].append((s, o))
            elif o not in objects:
                objects.append(o)
                if p in pairs:
                    pairs[p].append((s, o))
        self._spo = spo
        self._fixed = fixed
        self._pairs = pairs
        self._supers: dict[str, set[str]] = {}
        self._instances: dict[str, list[str]] | None = None
        self._inverse: dict[str, dict[str, list[str]]] = {}
        self.memo: dict[tuple[int, str], list[Row]] = {}

    def objects(self, s: str, p: str) -> list[str]:
        own = self._spo.get(s)
        found = own.get(p, []) if own is not None else []
        if self._fixed is not None:
            fixed = self._fixed.objects(s, p)
            if fixed:
                return found + [o for o in fixed if o not in found] if found else fixed
        return found

    def pairs(self, p: str) -> list[tuple[str, str]]:
        own = self._pairs.get(p)
        if own is None:
            raise KeyError(p)
        if self._fixed is not None:
            fixed = self._fixed.pairs(p)
            if fixed:
                seen = set(own)
                return own + [pair for pair in fixed if pair not in seen] if own else fixed
        return own

    def subjects(self, p: str, o: str) -> list[str]:
        inverse = self._inverse.get(p)
        if inverse is None:
            inverse = self._inverse[p] = {}
            for s, obj in self.pairs(p):
                inverse.setdefault(obj, []).append(s)
        return inverse.get(o, [])

    def supers(self, cls: str) -> set[str]:
        """``cls`` and every class it is a subclass of."""
        found = self._supers.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), _SUBCLASS):
                    if parent not in found:
                        found.add(parent)
                        todo.append(parent)
            self._supers[cls] = found
        return found

    def instance_of(self, node: str, cls: str) -> bool:
        return any(cls in self.supers(t) for t in self.objects(node, _RDF_TYPE))

    def instances(self, cls: str) -> list[str]:
        if self._instances is None:
            self._instances = {}
            for s, t in self.pairs(_RDF_TYPE):
                self._instances.setdefault(t, []).append(s)
        return [s for t, nodes in self._instances.items() if cls in self.supers(t) for s in nodes]


Path = Callable[[Index, str], list[str]]
ValueTest = Callable[[Index, str], bool]  # True when the value violates the constraint
Constraint = Callable[[Index, str], list[Row]]


class _Shape:
    """A node shape or property shape compiled to constraints on one focus node."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.constraints: list[Constraint] = []

    def rows(self, index: Index, focus: str) -> list[Row]:
        """The violations of ``focus``, with the details of failed ``sh:node`` constraints (memoized per batch)."""
        key = (id(self), focus)
        found = index.memo.get(key)
        if found is None:
            found = [row for c in self.constraints for row in c(index, focus)]
            index.memo[key] = found
        return found


def _n(term: Node) -> str:
    """A term in a default message: a prefixed name where the namespace is a common one."""
    text = str(term)
    for prefix, namespace in (*PREFIXES.items(), ("sh", SH)):
        local = text[len(str(namespace)) :]
        if text.startswith(str(namespace)) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return f"<{text}>" if isinstance(term, URIRef) else text


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._compiled: dict[Node, _Shape] = {}
        self._stack: list[Node] = []
        self.by_predicate: set[str] = set()  # predicates the index must list by predicate

    def one(self, node: Node, prop: URIRef) -> Node | None:
        values = list(self.g.objects(node, prop))
        if len(values) > 1:
            raise Unsupported(f"{node} has {len(values)} values of {prop}")
        return values[0] if values else None

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def integer(self, node: Node, prop: URIRef) -> int | None:
        value = self.one(node, prop)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise Unsupported(f"{prop} of {node} is not an integer")
        return int(value.toPython())

    def path(self, path: Node) -> Path:
        """A SHACL property path (a predicate, inverse, sequence or alternative) as a function."""
        if isinstance(path, URIRef):
            p = f"<{path}>"
            return lambda index, x: index.objects(x, p)
        if (path, RDF.first, None) in self.g:
            steps = [self.path(p) for p in self.items(path)]

            def sequence(index: Index, x: str) -> list[str]:
                nodes = [x]
                for step in steps:
                    nodes = list(dict.fromkeys(v for n in nodes for v in step(index, n)))
                return nodes

            return sequence
        inverse = self.one(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            p = f"<{inverse}>"
            self.by_predicate.add(p)
            return lambda index, x: index.subjects(p, x)
        alternatives = self.one(path, SH.alternativePath)
        if alternatives is not None:
            options = [self.path(p) for p in self.items(alternatives)]
            return lambda index, x: list(dict.fromkeys(v for option in options for v in option(index, x)))
        raise Unsupported(f"property path {path}")

    def check_known(self, shape: Node) -> None:
        for prop in set(self.g.predicates(shape, None)):
            if str(prop).startswith(str(SH)) and prop not in _IGNORED and prop not in _COMPONENTS:
                raise Unsupported(f"{prop} on shape {shape}")
        disjoint = self.one(shape, SH.qualifiedValueShapesDisjoint)
        if disjoint is not None and disjoint.toPython() is not False:
            raise Unsupported("sh:qualifiedValueShapesDisjoint true")

    def deactivated(self, shape: Node) -> bool:
        value = self.one(shape, SH.deactivated)
        return value is not None and value.toPython() is True

    def shape(self, node: Node) -> _Shape:
        """A node shape with its property shapes, compiled once."""
        if node in self._compiled:
            return self._compiled[node]
        if node in self._stack:
            raise Unsupported(f"recursive shape {node}")
        self._stack.append(node)
        try:
            compiled = _Shape(node)
            if not self.deactivated(node):
                self.constraints(node, compiled.constraints)
        finally:
            self._stack.pop()
        self._compiled[node] = compiled
        return compiled

    def constraints(self, shape: Node, out: list[Constraint]) -> None:
        """Append the constraints of ``shape`` and of its property shapes."""
        self.check_known(shape)
        messages = tuple(sorted(str(m) for m in self.g.objects(shape, SH.message)))
        severity = self.one(shape, SH.severity) or SH.Violation
        assert isinstance(severity, URIRef)
        raw_path = self.one(shape, SH.path)

        def check(component: str, says: str) -> Check:
            return Check(shape, raw_path, component, messages or (says,), severity)

        tests = [(check(component, says), test) for component, test, says in self.value_tests(shape)]
        refs = [(check(component, says), kind, shapes) for component, kind, shapes, says in self.shape_refs(shape)]
        if raw_path is None:
            for prop in (SH.lessThan, SH.lessThanOrEquals, SH.minCount, SH.maxCount, SH.qualifiedValueShape):
                if (shape, prop, None) in self.g:
                    raise Unsupported(f"{prop} on node shape {shape}")
            for value in self.g.objects(shape, SH.hasValue):
                key = _key(_nt(value))
                tests.append((check("HasValue", f"Value is not {_n(value)}"), lambda index, v, key=key: _key(v) != key))
            out.append(_node_level(tests, refs))
        else:
            path = self.path(raw_path)
            out.append(_per_value(path, tests, refs))
            out.extend(self.count_constraints(shape, path, check))
        for prop in self.g.objects(shape, SH.property):
            if not self.deactivated(prop):
                self.constraints(prop, out)

    def value_tests(self, shape: Node) -> Iterator[tuple[str, ValueTest, str]]:
        """(component, test, default message) for what each value must meet on its own."""
        g = self.g
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {kind}")
            ok = _NODE_KINDS[kind]
            yield "NodeKind", lambda index, v, ok=ok: not ok(v), f"Value is not of Node Kind {_n(kind)}"
        for cls in g.objects(shape, SH["class"]):
            c = _nt(cls)
            yield "Class", lambda index, v, c=c: not index.instance_of(v, c), f"Value does not have class {_n(cls)}"
        for datatype in g.objects(shape, SH.datatype):
            d = str(datatype)

            def wrong_type(index: Index, v: str, d: str = d) -> bool:
                if v[0] != '"':
                    return True
                lexical, datatype, _ = _literal(v)
                return datatype != d or not _well_formed(lexical, d)

            yield "Datatype", wrong_type, f"Value is not Literal with datatype {_n(datatype)}"
        for prop, says in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            n = self.integer(shape, prop)
            if n is not None:
                short = prop == SH.minLength

                def bad_length(index: Index, v: str, n: int = n, short: bool = short) -> bool:
                    text = _text(v)
                    return text is None or (len(text) < n if short else len(text) > n)

                yield prop.split("#")[-1], bad_length, f"String length not {says} {n}"
        flags = self.one(shape, SH.flags)
        for pattern in g.objects(shape, SH.pattern):
            rx = re.compile(str(pattern), _flags(str(flags)) if flags is not None else 0)

            def mismatch(index: Index, v: str, rx: re.Pattern[str] = rx) -> bool:
                text = _text(v)
                return text is None or rx.search(text) is None

            yield "Pattern", mismatch, f"Value does not match pattern {str(pattern)!r}"
        for prop, op in (
            (SH.minInclusive, ">="),
            (SH.minExclusive, ">"),
            (SH.maxInclusive, "<="),
            (SH.maxExclusive, "<"),
        ):
            for bound in g.objects(shape, prop):
                b = _nt(bound)
                if op.startswith(">"):
                    test = lambda index, v, b=b, eq=op == ">=": not _less(b, v, equal=eq)  # noqa: E731
                else:
                    test = lambda index, v, b=b, eq=op == "<=": not _less(v, b, equal=eq)  # noqa: E731
                yield prop.split("#")[-1], test, f"Value is not {op} {bound}"
        for values in g.objects(shape, SH["in"]):
            members = self.items(values)
            keys = {_key(_nt(t)) for t in members}
            yield "In", lambda index, v, keys=keys: _key(v) not in keys, f"Value not in list {[_n(t) for t in members]}"
        for langs in g.objects(shape, SH.languageIn):
            ranges = [str(t).lower() for t in self.items(langs)]

            def wrong_language(index: Index, v: str, ranges: list[str] = ranges) -> bool:
                if v[0] != '"':
                    return True
                lang = _literal(v)[2]
                return not lang or not any(r == "*" or lang == r or lang.startswith(r + "-") for r in ranges)

            yield "LanguageIn", wrong_language, f"String language is not in {ranges}"

    def shape_refs(self, shape: Node) -> Iterator[tuple[str, str, tuple[_Shape, ...], str]]:
        """(component, kind, referenced shapes, default message) for the constraints that refer to shapes."""
        for node in self.g.objects(shape, SH.node):
            yield "Node", "node", (self.shape(node),), f"Value does not conform to Shape {_n(node)}"
        for node in self.g.objects(shape, SH["not"]):
            yield "Not", "not", (self.shape(node),), f"Value conforms to Shape {_n(node)}"
        for members in self.g.objects(shape, SH["and"]):
            shapes = tuple(self.shape(m) for m in self.items(members))
            yield "And", "and", shapes, "Value does not conform to every shape"
        for members in self.g.objects(shape, SH["or"]):
            shapes = tuple(self.shape(m) for m in self.items(members))
            yield "Or", "or", shapes, "Value does not conform to any shape"

    def count_constraints(self, shape: Node, path: Path, check: Callable[[str, str], Check]) -> Iterator[Constraint]:
        """The constraints on a focus node's set of values."""
        low, high = self.integer(shape, SH.minCount), self.integer(shape, SH.maxCount)
        if low or high is not None:
            too_few = check("MinCount", f"Less than {low} values") if low else None
            too_many = check("MaxCount", f"More than {high} values") if high is not None else None

            def counts(index: Index, x: str) -> list[Row]:
                n = len(path(index, x))
                rows: list[Row] = []
                if too_few is not None and n < low:  # type: ignore[operator]
                    rows.append((too_few, x, None))
                if too_many is not None and n > high:  # type: ignore[operator]
                    rows.append((too_many, x, None))
                return rows

            yield counts
        for value in self.g.objects(shape, SH.hasValue):
            key, c = _key(_nt(value)), check("HasValue", f"No value {_n(value)}")
            yield lambda index, x, key=key, c=c: [] if any(_key(v) == key for v in path(index, x)) else [(c, x, None)]
        for prop, equal in ((SH.lessThan, False), (SH.lessThanOrEquals, True)):
            for other in self.g.objects(shape, prop):
                o = f"<{other}>"
                c = check(prop.split("#")[-1], f"Value is not {'<=' if equal else '<'} value of {_n(other)}")
                yield lambda index, x, o=o, c=c, equal=equal: [
                    (c, x, v) for v in path(index, x) if not all(_less(v, w, equal=equal) for w in index.objects(x, o))
                ]
        qualified = self.one(shape, SH.qualifiedValueShape)
        if qualified is not None:
            q = self.shape(qualified)
            q_low, q_high = self.integer(shape, SH.qualifiedMinCount), self.integer(shape, SH.qualifiedMaxCount)
            c_low = check("QualifiedMinCount", f"Fewer than {q_low} values conform to {_n(qualified)}")
            c_high = check("QualifiedMaxCount", f"More than {q_high} values conform to {_n(qualified)}")

            def qualified_counts(index: Index, x: str) -> list[Row]:
                n = sum(1 for v in path(index, x) if not q.rows(index, v))
                rows: list[Row] = []
                if q_low and n < q_low:
                    rows.append((c_low, x, None))
                if q_high is not None and n > q_high:
                    rows.append((c_high, x, None))
                return rows

            yield qualified_counts

    def targets(self, shape: Node) -> Callable[[Index], list[str]]:
        """The focus nodes of a shape in a batch."""
        classes = [_nt(c) for c in self.g.objects(shape, SH.targetClass)]
        if (shape, RDF.type, RDFS.Class) in self.g:
            classes.append(_nt(shape))
        nodes = [_nt(n) for n in self.g.objects(shape, SH.targetNode)]
        subjects_of = [_nt(p) for p in self.g.objects(shape, SH.targetSubjectsOf)]
        objects_of = [_nt(p) for p in self.g.objects(shape, SH.targetObjectsOf)]
        self.by_predicate.update(subjects_of, objects_of)
        finders: list[Callable[[Index], Iterable[str]]] = [
            *(lambda index, c=c: index.instances(c) for c in classes),
            *(lambda index, n=n: [n] for n in nodes),
            *(lambda index, p=p: (s for s, _ in index.pairs(p)) for p in subjects_of),
            *(lambda index, p=p: (o for _, o in index.pairs(p)) for p in objects_of),
        ]
        return lambda index: list(dict.fromkeys(n for find in finders for n in find(index)))


def _flags(flags: str) -> int:
    known = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}
    value = 0
    for f in flags:
        if f not in known:
            raise Unsupported(f"regex flag {f!r}")
        value |= known[f]
    return value


def _refs(index: Index, v: str, refs: list[tuple[Check, str, tuple[_Shape, ...]]], x: str, rows: list[Row]) -> None:
    """The shape-referring constraints on value ``v`` of focus ``x``."""
    for check, kind, shapes in refs:
        value = v if v != x else None
        if kind == "node":
            (s,) = shapes
            inner = s.rows(index, v)
            if inner:
                rows.append((check, x, value))
                rows.extend(inner)  # pySHACL's sh:detail
        elif kind == "not":
            if not shapes[0].rows(index, v):
                rows.append((check, x, value))
        elif kind == "and":
            if any(s.rows(index, v) for s in shapes):
                rows.append((check, x, value))
        elif all(s.rows(index, v) for s in shapes):  # or
            rows.append((check, x, value))


def _per_value(
    path: Path, tests: list[tuple[Check, ValueTest]], refs: list[tuple[Check, str, tuple[_Shape, ...]]]
) -> Constraint:
    def check_values(index: Index, x: str) -> list[Row]:
        rows: list[Row] = []
        for v in path(index, x):
            for check, test in tests:
                if test(index, v):
                    rows.append((check, x, v))
            if refs:
                _refs(index, v, refs, x, rows)
        return rows

    return check_values


def _node_level(tests: list[tuple[Check, ValueTest]], refs: list[tuple[Check, str, tuple[_Shape, ...]]]) -> Constraint:
    def check_node(index: Index, x: str) -> list[Row]:
        rows: list[Row] = [(check, x, None) for check, test in tests if test(index, x)]
        if refs:
            _refs(index, x, refs, x, rows)
        return rows

    return check_node


@dataclass(frozen=True)
class CompiledShapes:
    """The targeted shapes, each with the function that finds its focus nodes in a batch."""

    targets: tuple[tuple[Callable[[Index], list[str]], _Shape], ...]
    by_predicate: frozenset[str]

    def index(self, lines: Iterable[str], fixed: Index | None = None) -> Index:
        return Index(lines, fixed, by_predicate=self.by_predicate)

    def check(self, index: Index) -> list[Violation]:
        """Every violation in the batch ``index``."""
        rows = {row for find, shape in self.targets for focus in find(index) for row in shape.rows(index, focus)}
        found = []
        for check, focus, value in rows:
            node = from_nt(focus)
            assert node is not None
            found.append(Violation(node, check, from_nt(value)))
        return found


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile the targeted shapes of ``shapes``; :class:`Unsupported` for what it cannot check."""
    if any(shapes.triples((None, SH.sparql, None))) or any(shapes.triples((None, SH.rule, None))):
        raise Unsupported("SHACL-SPARQL constraints or rules")
    compiler = _Compiler(shapes)
    shape_nodes: set[Node] = set()
    for prop in _TARGETS:
        shape_nodes.update(shapes.subjects(prop, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if (shape, RDF.type, RDFS.Class) in shapes:
                shape_nodes.add(shape)
    targets = tuple(
        (compiler.targets(shape), compiler.shape(shape))
        for shape in sorted(shape_nodes, key=str)
        if not compiler.deactivated(shape)
    )
    return CompiledShapes(targets, frozenset(compiler.by_predicate))


def message(check: Check) -> str:
    """The check's ``sh:message`` texts (or pySHACL's kind of default) on one line."""
    return " ".join(" ".join(check.messages).split())
