"""The RDF terms of lspgraph's linked data, made by one of two engines.

Export and SPARQL go through pyoxigraph: the triples are made as N-Triples text (cheap in
Python) and pyoxigraph parses that text in Rust for its serialisers and its store, so the
national graph's 1.4 million triples cost seconds, not the minute rdflib's term classes take
to build. The rdflib view (:func:`lspgraph.outputs.rdf.to_rdf`, SHACL, the report) is the
same stream made of rdflib terms. :class:`Terms` names every term from the schema's
prefixes and caches IRIs, so both engines get exactly the same triples.
"""

from __future__ import annotations

import re
from typing import Any

from ..schemas import Schema

__all__ = ["DATE_TYPES", "DEFAULT_BASE", "RDFLIB", "TEXT", "TIME_OF", "Terms", "XSD",
           "date_precision"]

DEFAULT_BASE = "https://lspgraph.invalid/id/"  # .invalid: clearly local, never resolvable
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# a date as precise as the source: YYYY, YYYY-MM, YYYY-MM-DD
DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}
# a time:Instant's date predicate, by the precision of the date (a year stays an xsd:gYear)
TIME_OF = {4: "time:inXSDgYear", 7: "time:inXSDgYearMonth", 10: "time:inXSDDate"}
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def date_precision(text: str) -> int | None:
    """4, 7 or 10 for an ISO year, year-month or date; None for a date as written."""
    return len(text) if _ISO.fullmatch(text) else None


class _Rdflib:
    """Terms as rdflib objects (what rdflib, pyshacl and rdflib's users expect)."""

    name = "rdflib"

    def __init__(self) -> None:
        from rdflib import Literal, URIRef

        self.iri, self._literal, self._uri = URIRef, Literal, URIRef

    def literal(self, text: str, datatype: str | None = None) -> Any:
        return self._literal(text, datatype=self._uri(datatype) if datatype else None)


class _Text:
    """Terms as N-Triples text: the fastest to make in Python, and what pyoxigraph's parser
    reads in Rust to feed its serialisers and its store (see ``rdf.write``)."""

    name = "ntriples"

    def iri(self, value: str) -> str:
        return f"<{value}>"

    def literal(self, text: str, datatype: str | None = None) -> str:
        if "\\" in text or '"' in text or "\n" in text or "\r" in text:
            text = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                    .replace("\r", "\\r"))
        quoted = f'"{text}"'
        return f"{quoted}^^<{datatype}>" if datatype else quoted


RDFLIB, TEXT = "rdflib", "ntriples"
_FACTORIES = {RDFLIB: _Rdflib, TEXT: _Text}


class Terms:
    """The schema's terms (``org:memberOf``, ``lsp:id``...) in one engine's classes.

    >>> from lspgraph.schemas import load_schema
    >>> t = Terms(load_schema(), DEFAULT_BASE)
    >>> str(t.term("org:memberOf"))
    'http://www.w3.org/ns/org#memberOf'
    >>> t.typed("2014-12", "date").datatype.endswith("gYearMonth")
    True
    """

    def __init__(self, schema: Schema, base: str, engine: str = RDFLIB):
        self.schema = schema
        self.base = base
        self.engine = engine
        self.f = _FACTORIES[engine]()
        self.prefixes = dict(schema.prefixes)
        self._iris: dict[str, Any] = {}
        self._props: dict[str, Any] = {}
        self._typed: dict[tuple[str, Any], Any] = {}
        self._value_terms: dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]] = {}
        self.type = self.iri(RDF_TYPE)

    def iri(self, value: str) -> Any:
        """The IRI ``value`` (cached: the same few thousand predicates and classes recur)."""
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = self.f.iri(value)
        return term

    def expand(self, curie: str) -> str:
        """``org:memberOf`` as the full IRI string."""
        prefix, _, local = curie.partition(":")
        return self.prefixes[prefix] + local

    def term(self, curie: str) -> Any:
        """The IRI of a compact name in the schema's prefixes."""
        term = self._iris.get(curie)
        if term is None:
            term = self._iris[curie] = self.f.iri(self.expand(curie))
        return term

    def prop(self, name: str) -> Any:
        """The predicate of a node property: its ``property_terms`` entry or ``lsp:<name>``."""
        term = self._props.get(name)
        if term is None:
            term = self._props[name] = self.term(self.schema.property_terms.get(name)
                                                 or f"lsp:{name}")
        return term

    def value_terms(self, nt: Any) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """For a node type, the properties whose vocabulary values are also standard
        individuals (``vocabulary_terms`` in the schema): property -> predicate, and
        property -> {value: individual} (status -> schema:actionStatus, in_progress ->
        schema:ActiveActionStatus)."""
        if nt.name not in self._value_terms:
            preds, individuals = {}, {}
            for key, prop in nt.properties.items():
                pred = self.schema.vocabulary_terms.get(prop.vocabulary or "")
                if pred:
                    preds[key] = self.term(pred)
                    individuals[key] = {v: self.term(spec["rdf"]) for v, spec in
                                        self.schema.vocabularies[prop.vocabulary].values.items()
                                        if spec.get("rdf")}
            self._value_terms[nt.name] = preds, individuals
        return self._value_terms[nt.name]

    def node(self, node_id: str, data: dict[str, Any]) -> Any:
        """A node's IRI: an area with an ONS code is its statistics.data.gov.uk IRI."""
        if data.get("type") == "Area" and data.get("code"):
            return self.iri(self.prefixes["sdg"] + data["code"])
        return self.iri(self.base + node_id.replace(":", "/", 1))

    def concept(self, concept_id: str) -> Any:
        """A reference taxonomy concept's IRI."""
        return self.iri(self.base + "concept/" + concept_id)

    def literal(self, text: str, datatype: str | None = None) -> Any:
        """A literal; ``datatype`` a full IRI or None for a plain string."""
        return self.f.literal(text, datatype)

    def typed(self, value: Any, ptype: str) -> Any:
        """A property value as a literal of the schema type's datatype: dates as precise as
        the source (xsd:gYear, gYearMonth, date), integers, doubles and booleans typed.
        Made once per distinct value of a type that repeats (dates, kinds, statuses...)."""
        if ptype == "string" or ptype == "text":  # names and texts: mostly distinct
            return self.f.literal(str(value))
        key = (ptype, value)
        try:
            return self._typed[key]
        except KeyError:
            term = self._typed[key] = self._typed_new(value, ptype)
            return term
        except TypeError:  # an unhashable value
            return self._typed_new(value, ptype)

    def _typed_new(self, value: Any, ptype: str) -> Any:
        if ptype == "date":
            text = str(value)
            precision = date_precision(text)
            return self.f.literal(text, DATE_TYPES[precision] if precision else None)
        if ptype == "integer":
            return self.f.literal(str(int(value)), XSD + "integer")
        if ptype == "number":
            return self.f.literal(repr(float(value)), XSD + "double")
        if ptype == "boolean":
            return self.f.literal("true" if value else "false", XSD + "boolean")
        return self.f.literal(str(value))
