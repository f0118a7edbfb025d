"""SHACL Core shapes compiled to SPARQL and checked by Oxigraph.

pySHACL walks the graph in Python, node by node; on a build's batches it took two
thirds of the build, most of it in the qualified-value-shape checks on the evidence
selectors. Here each constraint of each targeted shape becomes a flat SPARQL query with a
solution for every violation, which Oxigraph answers in well under a millisecond on a
batch. A shape that another one refers to (``sh:node``, ``sh:or``, a qualified value
shape) is checked the same way on the values it is reached by (the referring query's
pattern joined with the path), and the verdicts are combined as sets of nodes: nested
``EXISTS`` tests would say the same, but Oxigraph evaluates them per solution, thousands
of times slower.

Only the constraint components written in the shapes are compiled; a shapes graph with
anything else (``sh:sparql``, ``sh:closed``, ``sh:xone`` …) raises :class:`Unsupported`,
and :mod:`kg.validate` then falls back to pySHACL, so a user's own shapes are checked
either way. ``tests/test_validate.py`` runs both engines on every kind of broken graph.

Oxigraph's store keeps a valid typed literal in canonical form ("058"^^xsd:nonNegativeInteger
becomes 58^^xsd:integer), which would hide the very datatypes and lexical forms SHACL
checks. So the checker loads every typed literal with its datatype IRI behind a private
prefix (:func:`shield`): the lexical form stays as written, datatype tests compare the
shielded IRI, and comparisons (``sh:minInclusive``, ``sh:lessThan``) rebuild the typed
value with ``STRDT``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.vocab import PREFIXES

__all__ = ["Check", "CompiledShapes", "ShapeChecker", "Unsupported", "Violation", "compile_shapes", "shield"]

SHIELD = "urn:x-reform-kg:datatype:"
_TYPED = re.compile(rb'"\^\^<(?!http://www\.w3\.org/2001/XMLSchema#string>)([^>]*)> \.$', re.MULTILINE)
_SHIELDED = b'"^^<' + SHIELD.encode() + rb"\1> ."


def shield(ntriples: bytes) -> bytes:
    """N-Triples with each typed literal's datatype behind ``SHIELD``, so that the store keeps it as written."""
    return _TYPED.sub(_SHIELDED, ntriples)


def _value(v: str) -> str:
    """A SPARQL expression for the typed value of a shielded literal (an error for anything else)."""
    return f"STRDT(STR({v}), IRI(STRAFTER(STR(DATATYPE({v})), {_lit(SHIELD)})))"


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_IGNORED = {
    SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.deactivated,
    SH.path, SH.property, *_TARGETS, SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
}  # fmt: skip
_MAX_COUNT = 4  # cardinalities are checked with pairwise-distinct values; larger ones go to pySHACL
_NODE_KINDS = {
    SH.IRI: "!isIRI({v})",
    SH.Literal: "!isLiteral({v})",
    SH.BlankNode: "!isBlank({v})",
    SH.BlankNodeOrIRI: "isLiteral({v})",
    SH.BlankNodeOrLiteral: "isIRI({v})",
    SH.IRIOrLiteral: "isBlank({v})",
}
_INTEGER = "^[+-]?[0-9]+$"
_TIMEZONE = "(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$"
# Lexical forms of the XSD types whose ill-typed literals pySHACL reports (rdflib's ``ill_typed``).
_LEXICAL = {
    XSD.integer: _INTEGER,
    XSD.int: _INTEGER,
    XSD.long: _INTEGER,
    XSD.short: _INTEGER,
    XSD.nonNegativeInteger: "^([+]?[0-9]+|-0+)$",
    XSD.positiveInteger: "^[+]?0*[1-9][0-9]*$",
    XSD.nonPositiveInteger: "^(-[0-9]+|[+]?0+)$",
    XSD.negativeInteger: "^-0*[1-9][0-9]*$",
    XSD.decimal: "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD.boolean: "^(true|false|1|0)$",
    XSD.date: "^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TIMEZONE,
    XSD.gYearMonth: "^-?[0-9]{4,}-(0[1-9]|1[0-2])" + _TIMEZONE,
}
# A date must also be a real day (no 31 April): Oxigraph's cast refuses one that is not.
_CASTS = {XSD.date: "xsd:date"}
_SPARQL_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)


class Unsupported(Exception):
    """The shapes use a SHACL feature this compiler does not handle."""


@dataclass(frozen=True)
class Check:
    """One constraint of a targeted shape: where it reports and what it says."""

    shape: Node
    path: Node | None  # the property shape's sh:path (None: a node-level constraint)
    component: str  # the constraint component, for a message when the shape has none
    messages: tuple[str, ...]
    severity: URIRef


@dataclass(frozen=True)
class Violation:
    focus: Node
    check: Check
    value: Node | None


def _typed(term: Node) -> str:
    """A literal constant as the typed value that ``_value`` compares it with."""
    if not isinstance(term, Literal) or term.datatype is None:
        raise Unsupported(f"{term} as a bound of a comparison")
    return f"{_lit(str(term))}^^<{term.datatype}>"


def _n(term: Node) -> str:
    """A term in a default message: a prefixed name where the namespace is a common one."""
    text = str(term)
    for prefix, namespace in (*PREFIXES.items(), ("sh", SH)):
        local = text[len(str(namespace)) :]
        if text.startswith(str(namespace)) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return f"<{text}>" if isinstance(term, URIRef) else text


def _lit(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = _lit(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is None or term.datatype == XSD.string:
            return text
        return f"{text}^^<{SHIELD}{term.datatype}>"
    raise Unsupported(f"a blank node {term} as a constraint value")


def _from_oxigraph(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value.removeprefix(SHIELD)
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


Test = Callable[[str, str], str]  # (focus variable, value variable) -> SPARQL group pattern


@dataclass
class _Constraint:
    """One constraint of a shape, ready to be checked in any context the shape is reached in.

    ``flat``: ``test`` gives a pattern with a solution per violation (``per_value``: after the
    focus's values are bound; otherwise on the focus alone). The other kinds refer to shapes:
    ``node`` (every value conforms), ``qualified`` (``low``..``high`` values conform), ``or``,
    ``and``, ``not``.
    """

    check: Check
    kind: str
    path: str | None  # SPARQL property path; None: the value is the focus itself
    test: Test | None = None
    per_value: bool = True
    reports_value: bool = True
    shapes: tuple[_Shape, ...] = ()
    low: int = 0
    high: int | None = None


@dataclass
class _Shape:
    node: Node
    constraints: list[_Constraint] = field(default_factory=list)


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._plans: dict[Node, _Shape] = {}
        self._stack: list[Node] = []

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

    def path(self, path: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        if isinstance(path, URIRef):
            return f"<{path}>"
        if (path, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in self.items(path)) + ")"
        for prop, template in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.one(path, prop)
            if inner is not None:
                return "(" + template.format(self.path(inner)) + ")"
        alternatives = self.one(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alternatives)) + ")"
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
        """The constraints of a node shape and of its property shapes, compiled once."""
        if node in self._plans:
            return self._plans[node]
        if node in self._stack:
            raise Unsupported(f"recursive shape {node}")
        self._stack.append(node)
        try:
            plan = _Shape(node)
            if not self.deactivated(node):
                self.constraints(node, plan.constraints)
        finally:
            self._stack.pop()
        self._plans[node] = plan
        return plan

    def constraints(self, shape: Node, out: list[_Constraint]) -> None:
        self.check_known(shape)
        messages = tuple(sorted(str(m) for m in self.g.objects(shape, SH.message)))
        severity = self.one(shape, SH.severity) or SH.Violation
        assert isinstance(severity, URIRef)
        raw_path = self.one(shape, SH.path)
        path = self.path(raw_path) if raw_path is not None else None

        def check(component: str, says: str) -> Check:
            return Check(shape, raw_path, component, messages or (says,), severity)

        for component, test, says in self.value_tests(shape, path):
            out.append(_Constraint(check(component, says), "flat", path, test))
        for component, kind, shapes, says in self.shape_refs(shape):
            out.append(_Constraint(check(component, says), kind, path, shapes=shapes))
        if path is not None:
            for component, test, reports_value, says in self.count_tests(shape, path):
                c = _Constraint(check(component, says), "flat", path, test, False, reports_value)
                out.append(c)
            qualified = self.one(shape, SH.qualifiedValueShape)
            if qualified is not None:
                low = self.integer(shape, SH.qualifiedMinCount) or 0
                high = self.integer(shape, SH.qualifiedMaxCount)
                q = (self.shape(qualified),)
                if low:
                    says = f"Fewer than {low} values conform to {_n(qualified)}"
                    out.append(_Constraint(check("QualifiedMinCount", says), "qualified", path, shapes=q, low=low))
                if high is not None:
                    says = f"More than {high} values conform to {_n(qualified)}"
                    c = _Constraint(check("QualifiedMaxCount", says), "qualified", path, shapes=q, high=high)
                    out.append(c)
        else:
            for prop in (SH.lessThan, SH.lessThanOrEquals, SH.minCount, SH.maxCount, SH.qualifiedValueShape):
                if (shape, prop, None) in self.g:
                    raise Unsupported(f"{prop} on node shape {shape}")
            for value in self.g.objects(shape, SH.hasValue):
                t = _term(value)
                out.append(
                    _Constraint(
                        check("HasValue", f"Value is not {_n(value)}"),
                        "flat",
                        None,
                        lambda x, v, t=t: f"FILTER(!sameTerm({x}, {t}))",
                    )
                )
        for prop in self.g.objects(shape, SH.property):
            if not self.deactivated(prop):
                self.constraints(prop, out)

    def value_tests(self, shape: Node, path: str | None) -> Iterator[tuple[str, Test, str]]:
        """(component, test, default message) for what each value must meet on its own."""
        g = self.g

        def each(expr: Callable[[str], str]) -> Test:
            return lambda x, v: f"FILTER({expr(v)})"

        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {kind}")
            rule = _NODE_KINDS[kind]
            yield "NodeKind", each(lambda v, rule=rule: rule.format(v=v)), f"Value is not of Node Kind {_n(kind)}"
        for cls in g.objects(shape, SH["class"]):
            t = _term(cls)
            yield (
                "Class",
                lambda x, v, t=t: f"FILTER NOT EXISTS {{ {v} rdf:type/rdfs:subClassOf* {t} }}",
                f"Value does not have class {_n(cls)}",
            )
        for datatype in g.objects(shape, SH.datatype):
            shielded = "xsd:string" if datatype == XSD.string else f"<{SHIELD}{datatype}>"

            def datatype_test(v: str, shielded: str = shielded, datatype: Node = datatype) -> str:
                tests = [f"!isLiteral({v})", f"datatype({v}) != {shielded}"]
                if datatype in _LEXICAL:
                    tests.append(f"!REGEX(STR({v}), {_lit(_LEXICAL[datatype])})")
                if datatype in _CASTS:
                    tests.append(f"!COALESCE(STR({_CASTS[datatype]}(STR({v}))) != '', false)")
                return " || ".join(tests)

            yield "Datatype", each(datatype_test), f"Value is not Literal with datatype {_n(datatype)}"
        for prop, op, says in ((SH.minLength, "<", ">="), (SH.maxLength, ">", "<=")):
            n = self.integer(shape, prop)
            if n is not None:
                yield (
                    prop.split("#")[-1],
                    each(lambda v, op=op, n=n: f"isBlank({v}) || STRLEN(STR({v})) {op} {n}"),
                    f"String length not {says} {n}",
                )
        flags = self.one(shape, SH.flags)
        for pattern in g.objects(shape, SH.pattern):
            args = f"{_lit(str(pattern))}" + (f", {_lit(str(flags))}" if flags is not None else "")
            yield (
                "Pattern",
                each(lambda v, args=args: f"isBlank({v}) || !REGEX(STR({v}), {args})"),
                f"Value does not match pattern {str(pattern)!r}",
            )
        for prop, op in (
            (SH.minInclusive, ">="),
            (SH.minExclusive, ">"),
            (SH.maxInclusive, "<="),
            (SH.maxExclusive, "<"),
        ):
            for bound in g.objects(shape, prop):
                typed = _typed(bound)
                yield (
                    prop.split("#")[-1],
                    each(lambda v, op=op, typed=typed: f"!COALESCE({_value(v)} {op} {typed}, false)"),
                    f"Value is not {op} {bound}",
                )
        for values in g.objects(shape, SH["in"]):
            items = [_term(t) for t in self.items(values)]
            yield (
                "In",
                each(lambda v, items=items: "!(" + (" || ".join(f"sameTerm({v}, {t})" for t in items) or "false") + ")"),
                f"Value not in list {[_n(t) for t in self.items(values)]}",
            )
        for langs in g.objects(shape, SH.languageIn):
            tags = [str(t) for t in self.items(langs)]
            yield (
                "LanguageIn",
                each(
                    lambda v, tags=tags: "!COALESCE("
                    + (" || ".join(f"langMatches(LANG({v}), {_lit(t)})" for t in tags) or "false")
                    + ", false)"
                ),
                f"String language is not in {tags}",
            )

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

    def count_tests(self, shape: Node, path: str) -> Iterator[tuple[str, Test, bool, str]]:
        """(component, test, whether it reports a value, default message) for tests on the set of values."""
        min_count = self.integer(shape, SH.minCount)
        if min_count:
            if min_count > _MAX_COUNT:
                raise Unsupported(f"sh:minCount {min_count}")
            yield (
                "MinCount",
                lambda x, v, n=min_count: f"FILTER NOT EXISTS {{ {_distinct(x, path, n, v)} }}",
                False,
                f"Less than {min_count} values",
            )
        max_count = self.integer(shape, SH.maxCount)
        if max_count is not None:
            if max_count >= _MAX_COUNT:
                raise Unsupported(f"sh:maxCount {max_count}")
            yield (
                "MaxCount",
                lambda x, v, n=max_count + 1: _distinct(x, path, n, v),
                False,
                f"More than {max_count} values",
            )
        for value in self.g.objects(shape, SH.hasValue):
            t = _term(value)
            yield "HasValue", lambda x, v, t=t: f"FILTER NOT EXISTS {{ {x} {path} {t} }}", False, f"No value {_n(value)}"
        for prop, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in self.g.objects(shape, prop):
                t = _term(other)
                yield (
                    prop.split("#")[-1],
                    lambda x, v, op=op, t=t: f"{x} {path} {v} . {x} {t} {v}_w . "
                    f"FILTER(!COALESCE({_value(v)} {op} {_value(v + '_w')}, false))",
                    True,
                    f"Value is not {op} value of {_n(other)}",
                )

    def targets(self, shape: Node) -> list[str]:
        """Patterns that bind ``?focus`` to the shape's focus nodes."""
        found = []
        for cls in self.g.objects(shape, SH.targetClass):
            found.append(f"?focus rdf:type/rdfs:subClassOf* {_term(cls)} .")
        if (shape, RDF.type, RDFS.Class) in self.g:
            found.append(f"?focus rdf:type/rdfs:subClassOf* {_term(shape)} .")
        for node in self.g.objects(shape, SH.targetNode):
            found.append(f"VALUES ?focus {{ {_term(node)} }}")
        for prop in self.g.objects(shape, SH.targetSubjectsOf):
            found.append(f"?focus {_term(prop)} ?target_any .")
        for prop in self.g.objects(shape, SH.targetObjectsOf):
            found.append(f"?target_any {_term(prop)} ?focus .")
        return found


def _distinct(x: str, path: str, n: int, v: str) -> str:
    """A pattern with a solution when ``x`` has at least ``n`` distinct values."""
    names = [f"{v}_{i}" for i in range(n)]
    parts = [f"{x} {path} {name} ." for name in names]
    parts += [f"FILTER(!sameTerm({a}, {b}))" for a, b in itertools.combinations(names, 2)]
    return " ".join(parts)


_COMPONENTS = {
    SH.nodeKind, SH["class"], SH.datatype, SH.minLength, SH.maxLength, SH.pattern, SH.minInclusive,
    SH.minExclusive, SH.maxInclusive, SH.maxExclusive, SH["in"], SH.languageIn, SH.node, SH["not"], SH["and"],
    SH["or"], SH.hasValue, SH.lessThan, SH.lessThanOrEquals, SH.minCount, SH.maxCount, SH.qualifiedValueShape,
}  # fmt: skip

Row = tuple[Check, object, object]  # check, focus node, value (Oxigraph terms)
_SCRATCH = "<urn:x-reform-kg:sets>"
_MEMBER = "<urn:x-reform-kg:member>"


def _set(index: int, kind: str) -> str:
    """The scratch-graph IRI of a shape's node set: ``all`` it is checked on, ``rep`` whose violations are reported."""
    return f"<urn:x-reform-kg:shape:{index}:{kind}>"


def _members(index: int, kind: str, var: str) -> str:
    return f"GRAPH {_SCRATCH} {{ {_set(index, kind)} {_MEMBER} {var} }}"


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes, parents before the shapes they refer to, and the focus-node patterns of the targeted ones.

    A check materializes, in a scratch graph, the nodes each shape is checked on: its focus
    nodes, then the values its referring constraints reach. Each constraint is then one
    flat query over its shape's set, and a referring constraint reads its shapes' verdicts
    as sets of nodes. A shape's violations are reported for its focus nodes and for the
    values an ``sh:node`` constraint of a reported node reaches (pySHACL's ``sh:detail``);
    the values a qualified, ``sh:or``, ``sh:and`` or ``sh:not`` constraint reaches only
    decide that constraint.
    """

    shapes: tuple[_Shape, ...]  # topological: every shape before the shapes it refers to
    targets: tuple[tuple[int, str], ...]  # (shape index, pattern binding ?focus)

    def run(self, store: pyoxigraph.Store, *, default_graph: list[pyoxigraph.NamedNode]) -> list[Violation]:
        """The violations in the union of ``default_graph`` of ``store``, whose literals are shielded."""
        graph = " ".join(f"USING <{g.value}>" for g in default_graph)
        scratch = pyoxigraph.NamedNode(_SCRATCH[1:-1])

        def update(insert: str, where: str) -> None:
            store.update(f"{_SPARQL_PREFIXES}INSERT {{ GRAPH {_SCRATCH} {{ {insert} }} }} {graph} "
                         f"USING NAMED {_SCRATCH} WHERE {{ {where} }}")  # fmt: skip

        def select(where: str, *names: str) -> list[tuple[object, ...]]:
            query = f"{_SPARQL_PREFIXES}SELECT DISTINCT {' '.join(names)} WHERE {{ {where} }}"
            rows = store.query(query, default_graph=default_graph, named_graphs=[scratch])
            return [tuple(row[n[1:]] for n in names) for row in rows]  # type: ignore[union-attr]

        index = {id(shape): i for i, shape in enumerate(self.shapes)}
        try:
            for i, target in self.targets:
                update(f"{_set(i, 'all')} {_MEMBER} ?focus . {_set(i, 'rep')} {_MEMBER} ?focus .", target)
            for i, shape in enumerate(self.shapes):  # parents first: their sets are complete
                for c in shape.constraints:
                    if c.kind == "flat":
                        continue
                    value = "?v" if c.path is not None else "?n"
                    step = f"?n {c.path} ?v ." if c.path is not None else ""
                    for child in c.shapes:
                        j = index[id(child)]
                        update(f"{_set(j, 'all')} {_MEMBER} {value} .", f"{_members(i, 'all', '?n')} {step}")
                        if c.kind == "node":
                            update(f"{_set(j, 'rep')} {_MEMBER} {value} .", f"{_members(i, 'rep', '?n')} {step}")
            bad: dict[int, set[object]] = {}
            found: list[Violation] = []
            for i in reversed(range(len(self.shapes))):  # children first: their verdicts are known
                rows = _evaluate(self.shapes[i], i, select, bad, index)
                bad[i] = {node for _, node, _ in rows}
                if rows:
                    reported = {node for (node,) in select(_members(i, "rep", "?x"), "?x")}
                    for check, node, value in rows:
                        if node in reported:
                            focus = _from_oxigraph(node)
                            assert focus is not None
                            found.append(Violation(focus, check, _from_oxigraph(value)))
            return found
        finally:
            store.clear_graph(scratch)


def _evaluate(
    shape: _Shape,
    i: int,
    select: Callable[..., list[tuple[object, ...]]],
    bad: dict[int, set[object]],
    index: dict[int, int],
) -> list[Row]:
    """The violations of ``shape``'s constraints on its node set."""
    rows: list[Row] = []
    x = "?x"
    for k, c in enumerate(shape.constraints):
        v = f"?v{k}"
        if c.kind == "flat":
            assert c.test is not None
            if c.per_value and c.path is not None:
                where = f"{_members(i, 'all', x)} {x} {c.path} {v} . {c.test(x, v)}"
            else:  # a test on the set of values, or a node shape's test on the node itself
                where = f"{_members(i, 'all', x)} {c.test(x, v if c.path is not None else x)}"
            if c.reports_value and c.path is not None:
                rows += [(c.check, n, value) for n, value in select(where, x, v)]
            else:
                rows += [(c.check, n, None) for (n,) in select(where, x)]
            continue
        verdicts = [bad[index[id(child)]] for child in c.shapes]
        if c.path is None:
            pairs = [(n, n) for (n,) in select(_members(i, "all", x), x)] if c.kind in ("not", "qualified") or any(
                verdicts
            ) else []
        elif c.kind == "qualified" or c.kind == "not" or any(verdicts):
            pairs = select(f"{_members(i, 'all', x)} {x} {c.path} {v} .", x, v)
        else:
            pairs = []
        if c.kind == "qualified":
            (failing,) = verdicts
            conforming: dict[object, int] = {}
            if c.low:
                conforming = {n: 0 for (n,) in select(_members(i, "all", x), x)}
            for n, value in pairs:
                conforming[n] = conforming.get(n, 0) + (value not in failing)
            rows += [
                (c.check, n, None)
                for n, count in conforming.items()
                if count < c.low or (c.high is not None and count > c.high)
            ]
            continue
        if c.kind in ("node", "and"):
            hit = [(n, value) for n, value in pairs if any(value in f for f in verdicts)]
        elif c.kind == "or":
            hit = [(n, value) for n, value in pairs if all(value in f for f in verdicts)]
        else:  # not
            hit = [(n, value) for n, value in pairs if value not in verdicts[0]]
        rows += [(c.check, n, value if c.path is not None else None) for n, value in hit]
    return rows


class ShapeChecker:
    """Checks N-Triples batches against compiled shapes, with a fixed graph (the ontology) beside each batch."""

    _FIXED = pyoxigraph.NamedNode("urn:x-reform-kg:fixed")
    _BATCH = pyoxigraph.NamedNode("urn:x-reform-kg:batch")

    def __init__(self, compiled: CompiledShapes, fixed: bytes = b"") -> None:
        self.compiled = compiled
        self._store = pyoxigraph.Store()
        if fixed:
            self._store.load(shield(fixed), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=self._FIXED)

    def check(self, ntriples: bytes) -> list[Violation]:
        """The violations of the batch ``ntriples`` (N-Triples bytes) read together with the fixed graph."""
        self._store.clear_graph(self._BATCH)
        self._store.load(shield(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=self._BATCH)
        return self.compiled.run(self._store, default_graph=[self._FIXED, self._BATCH])


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
    targets: list[tuple[_Shape, str]] = []
    for shape in sorted(shape_nodes, key=str):
        if compiler.deactivated(shape):
            continue
        patterns = compiler.targets(shape)
        targets.append((compiler.shape(shape), " UNION ".join("{ " + t + " }" for t in patterns)))
    order: list[_Shape] = []
    seen: set[int] = set()

    def visit(shape: _Shape) -> None:  # depth-first post-order, reversed below: parents first
        if id(shape) in seen:
            return
        seen.add(id(shape))
        for c in shape.constraints:
            for child in c.shapes:
                visit(child)
        order.append(shape)

    for shape, _ in targets:
        visit(shape)
    order.reverse()
    index = {id(shape): i for i, shape in enumerate(order)}
    return CompiledShapes(tuple(order), tuple((index[id(shape)], pattern) for shape, pattern in targets))


def message(check: Check) -> str:
    """The check's ``sh:message`` texts (or pySHACL's kind of default) on one line."""
    return " ".join(" ".join(check.messages).split())
