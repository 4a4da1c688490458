"""The domain model, read from ``lsp.yaml`` (and its reference lists) into frozen dataclasses.

Everything that names a node type, edge type, property, vocabulary, RDF term, Neo4j label
or view style reads it from here.

>>> schema = load_schema()
>>> schema.node_types["Partnership"].rdf
'org:OrganizationalCollaboration'
>>> schema.edge_types["MEMBER_OF"].targets
('Partnership', 'Organisation')
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "Column",
    "EdgeType",
    "Link",
    "NodeType",
    "Property",
    "Schema",
    "SourceRank",
    "Template",
    "Vocabulary",
    "load_schema",
    "read_reference",
    "without_hint",
]

_HINT = re.compile(r"\([^)]*\)")


def without_hint(text: str) -> str:
    """``text`` with each hint in brackets made a space: what a kind or a period says
    without its gloss ('Health and wellbeing board (statutory)', '2024-2027 (refreshed
    2025)').

    >>> without_hint("2024-2027 (refreshed 2025)")
    '2024-2027  '
    """
    return _HINT.sub(" ", text)


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    required: bool = False

    @property
    def vocabulary(self) -> str | None:
        return self.type.split(":", 1)[1] if self.type.startswith("vocab:") else None


def _required(properties: dict[str, Property]) -> tuple[str, ...]:
    return tuple(p.name for p in properties.values() if p.required)


@dataclass(frozen=True)
class NodeType:
    name: str
    prefix: str
    description: str
    rdf: str
    neo4j: str
    view: dict[str, Any]
    properties: dict[str, Property]
    scoped_by: str | None = None
    scope_edge: str | None = None
    scope_required: bool = True  # SHACL: must the node belong to a strategy?

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        """The properties a node of this type must have (read once per type)."""
        return _required(self.properties)


@dataclass(frozen=True)
class EdgeType:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    rdf: str
    neo4j: str
    view: dict[str, Any]
    properties: dict[str, Property]
    rdf_inverse: bool = False
    description: str = ""
    rdf_by_source: dict[str, str] = field(default_factory=dict)  # source type -> predicate

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        """The properties an edge of this type must have (read once per type)."""
        return _required(self.properties)

    def rdf_for(self, source_type: str) -> str:
        """The predicate of this edge from a node of ``source_type``."""
        return self.rdf_by_source.get(source_type, self.rdf)


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values of a kind, each with a label and aliases (folded to the value)."""

    name: str
    values: dict[str, dict[str, Any]]
    qualifiers: tuple[str, ...] = ()
    separators: tuple[str, ...] = ()

    def normalise(self, text: str) -> str | None:
        """The vocabulary value ``text`` names (value, label or alias), or None; a hint in
        brackets does not count ('Health and wellbeing board (statutory)'), nor does a
        leading qualifier (``kind_qualifiers`` in lsp.yaml: 'Joint HWB', 'Shadow health and
        wellbeing board', 'Office of the PCC', 'Mayoral combined county authority')."""
        found = self._lookup.get(_fold(text))
        if found is None and "(" in text:
            found = self._lookup.get(_fold(without_hint(text)))
        if found is None and self.qualifiers:
            found = self._qualified(_fold(without_hint(text)))
        if found is None and self.separators:
            # a cell naming two kinds ('HWB/ICP', 'Health and Wellbeing Board and
            # Integrated Care Partnership', a board meeting as both) is the first it names
            folded = _fold(without_hint(text))
            cuts = sorted(i for sep in self.separators
                          for i in _occurrences(folded, sep))
            for i in cuts:
                head = folded[:i].strip()
                if head and (found := self._lookup.get(head) or self._qualified(head)):
                    break
        return found

    def _qualified(self, folded: str) -> str | None:
        """The value ``folded`` names after a leading qualifier ('joint', 'shadow'), or None."""
        for q in self.qualifiers:
            if folded.startswith(q + " ") and (found := self._lookup.get(
                    folded[len(q) + 1:])) is not None:
                return found
        return None

    @functools.cached_property
    def _lookup(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for value, spec in self.values.items():
            names = [value, spec.get("label", ""), *spec.get("aliases", [])]
            for name in names:
                if name:
                    out.setdefault(_fold(name), value)
        return out


@dataclass(frozen=True)
class Link:
    """A template column whose cells name other nodes, each making one edge."""

    column: str
    edge: str
    targets: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    direction: str = "out"
    create: str | None = None
    scope: bool = False
    within: str | None = None
    unless: tuple[str, ...] = ()
    first_is: str | None = None
    rest: str | None = None
    role_column: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A tabular layout a user fills in: node rows (``node``) or edge rows (``edge``)."""

    name: str
    aliases: tuple[str, ...]
    columns: dict[str, Column]
    links: dict[str, Link]
    node: str | None = None
    edge: str | None = None
    source: Link | None = None   # edge templates: the column naming the edge's source
    target: Link | None = None   # edge templates: the column naming the edge's target

    def all_columns(self) -> dict[str, str]:
        """Every accepted header (folded) -> the canonical column it stands for."""
        out: dict[str, str] = {}
        entries: list[tuple[str, tuple[str, ...]]] = [
            (c.name, c.aliases) for c in self.columns.values()
        ]
        entries += [(lk.column, lk.aliases) for lk in self.links.values()]
        entries += [(lk.column, lk.aliases) for lk in (self.source, self.target) if lk]
        for name, _ in entries:
            out.setdefault(_fold(name), name)
        for name, aliases in entries:
            for alias in aliases:
                out.setdefault(_fold(alias), name)
        return out


@dataclass(frozen=True)
class SourceRank:
    """One rank of the schema's source precedence: its name, words for it and its formats.

    ``level`` orders the ranks: a higher level outranks a lower one.
    """

    name: str
    label: str
    level: int
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    prefixes: dict[str, str]
    lsp_terms: dict[str, str]
    node_types: dict[str, NodeType]
    edge_types: dict[str, EdgeType]
    vocabularies: dict[str, Vocabulary]
    identity: dict[str, Any]
    templates: dict[str, Template]
    taxonomy: dict[str, Any] = field(default_factory=dict)
    plan_types: dict[str, Any] = field(default_factory=dict)
    property_terms: dict[str, str] = field(default_factory=dict)
    geometry_terms: dict[str, str] = field(default_factory=dict)
    # vocabulary -> the predicate its values' standard individuals (their `rdf`) are given by
    vocabulary_terms: dict[str, str] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)  # how sheets' headers are read
    precedence: tuple[SourceRank, ...] = ()

    def source_rank(self, format: str | None) -> SourceRank:
        """The rank of an import format in the precedence; the lowest for one not listed.

        >>> s = load_schema()
        >>> s.source_rank("csv").name, s.source_rank("document").name
        ('curated', 'document')
        >>> [s.source_rank(f).level for f in ("csv", "rdf", "document")]
        [3, 2, 1]
        """
        for rank in self.precedence:
            if format in rank.formats:
                return rank
        return self.precedence[-1]

    def node_type(self, name: str) -> NodeType:
        return self.node_types[name]

    def type_for_prefix(self, prefix: str) -> str | None:
        for nt in self.node_types.values():
            if nt.prefix == prefix:
                return nt.name
        return None

    def term_label(self, node_type: str, prop: str, value: Any) -> str:
        """A property's value in words: a vocabulary value's label ('Not started' for an
        action's status 'not_started'); any other value as it is."""
        spec = self.node_types[node_type].properties.get(prop) if node_type in self.node_types \
            else None
        vocab = self.vocabularies.get(spec.vocabulary or "") if spec else None
        if vocab is None or not isinstance(value, str):
            return "" if value is None else str(value)
        return str(vocab.values.get(value, {}).get("label", value))

    def area_kind_for_code(self, code: str) -> str | None:
        """The area kind an ONS GSS code's three-character entity prefix stands for."""
        prefix = code[:3].upper()
        for value, spec in self.vocabularies["area_kind"].values.items():
            if prefix in spec.get("prefixes", ()):
                return value
        return None


def _occurrences(text: str, sep: str) -> list[int]:
    """Where ``sep`` starts in ``text``, each time."""
    out, i = [], text.find(sep)
    while i >= 0:
        out.append(i)
        i = text.find(sep, i + 1)
    return out


def _fold(text: str) -> str:
    """A vocabulary name as compared: case, '_' and '-' as spaces, '&' as 'and', and
    apostrophes ('Health & Wellbeing Board', "children's trust") do not matter."""
    text = str(text).lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def read_reference(name: str) -> dict[str, Any]:
    """Read one YAML file shipped in ``lspgraph.schemas`` (e.g. ``taxonomy.yaml``)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: several times faster, and every command pays this
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def _props(spec: dict[str, Any] | None) -> dict[str, Property]:
    return {
        name: Property(name, p.get("type", "string"), bool(p.get("required", False)))
        for name, p in (spec or {}).items()
    }


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _link(column: str, spec: dict[str, Any]) -> Link:
    return Link(
        column=column,
        edge=spec["edge"],
        targets=_tuple(spec["to"]),
        aliases=_tuple(spec.get("aliases")),
        direction=spec.get("direction", "out"),
        create=spec.get("create"),
        scope=bool(spec.get("scope", False)),
        within=spec.get("within"),
        unless=_tuple(spec.get("unless")),
        first_is=spec.get("first_is"),
        rest=spec.get("rest"),
        role_column=spec.get("role_column"),
    )


def _template(name: str, spec: dict[str, Any]) -> Template:
    columns = {c: Column(c, _tuple(a)) for c, a in (spec.get("columns") or {}).items()}
    links = {c: _link(c, s) for c, s in (spec.get("links") or {}).items()}
    source = target = None
    if "edge" in spec:
        s, t = spec["from"], spec["to"]
        source = _link(s["column"], {"edge": spec["edge"], **s, "to": s["to"]})
        target = _link(t["column"], {"edge": spec["edge"], **t, "to": t["to"]})
    return Template(
        name=name,
        aliases=_tuple(spec.get("aliases")),
        columns=columns,
        links=links,
        node=spec.get("node"),
        edge=spec.get("edge"),
        source=source,
        target=target,
    )


@functools.cache
def load_schema() -> Schema:
    """Load the shipped domain model (cached: the schema is immutable)."""
    raw = read_reference("lsp.yaml")
    taxonomy = read_reference("taxonomy.yaml")
    plan_types = read_reference("plan_types.yaml")["plan_types"]
    node_types = {
        name: NodeType(
            name=name,
            prefix=spec["prefix"],
            description=spec.get("description", ""),
            rdf=spec["rdf"],
            neo4j=spec["neo4j"],
            view=dict(spec.get("view", {})),
            properties=_props(spec.get("properties")),
            scoped_by=spec.get("scoped_by"),
            scope_edge=spec.get("scope_edge"),
            scope_required=bool(spec.get("scope_required", True)),
        )
        for name, spec in raw["node_types"].items()
    }
    edge_types = {
        name: EdgeType(
            name=name,
            sources=_tuple(spec["from"]),
            targets=_tuple(spec["to"]),
            rdf=spec["rdf"],
            neo4j=spec["neo4j"],
            view=dict(spec.get("view", {})),
            properties=_props(spec.get("properties")),
            rdf_inverse=bool(spec.get("rdf_inverse", False)),
            description=spec.get("description", ""),
            rdf_by_source=dict(spec.get("rdf_by_source", {})),
        )
        for name, spec in raw["edge_types"].items()
    }
    vocabularies: dict[str, Vocabulary] = {}
    qualifiers = tuple(sorted((_fold(q) for q in raw.get("kind_qualifiers", [])),
                              key=len, reverse=True))
    for name, values in raw["vocabularies"].items():
        if "from_file" in values:
            values = {k: dict(v) for k, v in plan_types.items()}
        vocabularies[name] = Vocabulary(name, values, qualifiers,
                                        tuple(raw.get("kind_separators", [])))
    templates = {name: _template(name, spec) for name, spec in raw["templates"].items()}
    prefixes = dict(raw["prefixes"])
    # a publisher's own namespace for lspgraph's terms (README: "Publishing linked data")
    prefixes["lsp"] = os.environ.get("LSPGRAPH_NAMESPACE") or prefixes["lsp"]
    return Schema(
        prefixes=prefixes,
        lsp_terms=dict(raw.get("lsp_terms", {})),
        property_terms=dict(raw.get("property_terms", {})),
        geometry_terms=dict(raw.get("geometry_terms", {})),
        vocabulary_terms=dict(raw.get("vocabulary_terms", {})),
        headers=dict(raw.get("headers", {})),
        node_types=node_types,
        edge_types=edge_types,
        vocabularies=vocabularies,
        identity=dict(raw["identity"]),
        templates=templates,
        taxonomy=taxonomy,
        plan_types=plan_types,
        precedence=tuple(
            SourceRank(r["rank"], r.get("label", r["rank"]), len(raw["precedence"]) - i,
                       _tuple(r["formats"]))
            for i, r in enumerate(raw["precedence"])),
    )
