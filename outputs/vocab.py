"""lspgraph's own vocabulary, published: the ``lsp:`` ontology and the JSON-LD context.

Both are generated from ``schemas/lsp.yaml`` (the one source of truth) and shipped in the
package as ``lspgraph/schemas/ontology.ttl`` and ``lspgraph/schemas/context.jsonld``; a
test checks the shipped files against what the schema generates, and that every ``lsp:``
term the export writes is declared. Each term has an ``rdfs:label``, an ``rdfs:comment``
(``lsp_terms`` in the schema) and its domain and range: ``rdfs:domain``/``rdfs:range`` when
one class, ``schema:domainIncludes``/``schema:rangeIncludes`` when several (no inference),
and ``rdfs:subPropertyOf`` the standard term it refines where there is one.

The namespace is the schema's ``lsp`` prefix, ``https://w3id.org/lspgraph/ns#``; set
``LSPGRAPH_NAMESPACE`` to publish under your own, and write these files for it with
``lspgraph vocab --out DIR``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..schemas import Schema, load_schema

__all__ = ["SUBPROPERTIES", "context", "context_json", "ontology", "vocabulary_concept",
           "write"]

# lsp: properties that refine a standard one: a consumer that knows the standard term
# understands the data without reading this ontology
# (lsp:status is not schema:actionStatus: its values are words, and strategies and meetings
# are no schema:Action; an action's status is also schema:actionStatus, see vocabulary_terms)
SUBPROPERTIES = {"covers": ["schema:areaServed"], "kind": ["dcterms:type"], "role": ["rdfs:label"],
                 "when": ["dcterms:date"], "source": ["dcterms:source"],
                 "ledBy": ["prov:wasAttributedTo"], "id": ["dcterms:identifier"]}
_RANGES = {"integer": XSD.integer, "number": XSD.double, "boolean": XSD.boolean,
           "string": XSD.string, "text": XSD.string, "list": XSD.string}
# node-level lsp: terms the export writes that are not node properties or edge predicates
_EXTRA_DOMAINS = {"id": "*", "source": "*", "role": ["org:Membership"],
                  "evidence": ["lsp:Finding"], "rules": ["prov:Activity"]}


def _label(local: str) -> str:
    """'hasObjective' -> 'has objective'; 'data_source' -> 'data source'."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("_", " ").lower()


def _class(schema: Schema, node_type: str) -> str:
    """A node type's class; a theme's is lsp:Theme (its skos:Concept is shared)."""
    return "lsp:Theme" if node_type == "Theme" else schema.node_types[node_type].rdf


def vocabulary_concept(schema: Schema, vocab: str, value: str) -> str:
    """The IRI of a vocabulary value as a skos:Concept (``lsp:organisation_kind-police``)."""
    return f"{schema.prefixes['lsp']}{vocab}-{value}"


def ontology(schema: Schema | None = None) -> Graph:
    """The ``lsp:`` ontology (an rdflib Graph) generated from the schema."""
    schema = schema or load_schema()
    ns = schema.prefixes["lsp"]
    g = Graph(bind_namespaces="core")  # not rdflib's own schema: (https)
    for prefix, iri in schema.prefixes.items():
        g.bind(prefix, iri, replace=True)
    g.bind("owl", str(OWL))

    def term(curie: str) -> URIRef:
        prefix, _, local = curie.partition(":")
        return URIRef(schema.prefixes[prefix] + local)

    onto = URIRef(ns.rstrip("#/"))
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("lspgraph vocabulary")))
    g.add((onto, RDFS.comment, Literal(
        "Terms of lspgraph's knowledge graph of local strategic partnerships that no "
        "standard vocabulary covers; generated from lspgraph's schemas/lsp.yaml.")))
    domains: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for name, nt in schema.node_types.items():
        for pname, prop in nt.properties.items():
            if pname in schema.property_terms or pname == "concepts":
                continue
            domains.setdefault(pname, set()).add(_class(schema, name))
            kinds[pname] = "datatype"
            ranges.setdefault(pname, set()).add(prop.type)
    for et in schema.edge_types.values():
        for rdf_term in {et.rdf, *et.rdf_by_source.values()}:
            if not rdf_term.startswith("lsp:"):
                continue
            local = rdf_term[4:]
            src, dst = (et.targets, et.sources) if et.rdf_inverse else (et.sources, et.targets)
            domains.setdefault(local, set()).update(_class(schema, x) for x in src)
            ranges.setdefault(local, set()).update(_class(schema, x) for x in dst)
            kinds[local] = "object"
    for local, where in _EXTRA_DOMAINS.items():
        kinds.setdefault(local, "datatype")
        if where != "*":
            domains.setdefault(local, set()).update(where)
        ranges.setdefault(local, set()).add("string")
    for local, comment in sorted(schema.lsp_terms.items()):
        s = URIRef(ns + local)
        g.add((s, RDFS.label, Literal(_label(local), lang="en")))
        g.add((s, RDFS.comment, Literal(comment, lang="en")))
        g.add((s, RDFS.isDefinedBy, onto))
        if local[0].isupper():
            g.add((s, RDF.type, OWL.Class))
            for parent in {"Theme": ["skos:Concept"], "Finding": ["prov:Entity"],
                           "Objective": ["prov:Entity"], "Milestone": ["prov:Entity"],
                           "Indicator": ["prov:Entity"]}.get(local, []):
                g.add((s, RDFS.subClassOf, term(parent)))
            continue
        kind = kinds.get(local, "datatype")
        g.add((s, RDF.type, OWL.ObjectProperty if kind == "object" else OWL.DatatypeProperty))
        for parent in SUBPROPERTIES.get(local, []):
            g.add((s, RDFS.subPropertyOf, term(parent)))
        dom = sorted(domains.get(local, ()))
        if len(dom) == 1:
            g.add((s, RDFS.domain, term(dom[0])))
        for d in dom if len(dom) > 1 else []:
            g.add((s, term("schema:domainIncludes"), term(d)))
        rng = sorted(ranges.get(local, ()))
        if kind == "object":
            for r in rng if len(rng) > 1 else []:
                g.add((s, term("schema:rangeIncludes"), term(r)))
            if len(rng) == 1:
                g.add((s, RDFS.range, term(rng[0])))
        else:
            types = {_RANGES.get(r, RDFS.Literal) for r in rng}
            g.add((s, RDFS.range, types.pop() if len(types) == 1 else RDFS.Literal))
    for vname, vocab in sorted(schema.vocabularies.items()):
        scheme = URIRef(ns + vname)
        g.add((scheme, RDF.type, term("skos:ConceptScheme")))
        g.add((scheme, RDFS.label, Literal(_label(vname), lang="en")))
        g.add((scheme, RDFS.isDefinedBy, onto))
        for value in sorted(vocab.values):
            c = URIRef(vocabulary_concept(schema, vname, value))
            g.add((c, RDF.type, term("skos:Concept")))
            g.add((c, term("skos:inScheme"), scheme))
            g.add((c, term("skos:notation"), Literal(value)))
            g.add((c, term("skos:prefLabel"),
                   Literal(vocab.values[value].get("label", value), lang="en")))
            if vocab.values[value].get("rdf"):  # the standard individual it is written as
                g.add((c, term("skos:closeMatch"), term(vocab.values[value]["rdf"])))
    return g


def context(schema: Schema | None = None) -> dict[str, Any]:
    """The JSON-LD ``@context``: the schema's prefixes, and a short name for each ``lsp:``
    property (``"population": {"@id": "lsp:population", "@type": "xsd:integer"}``)."""
    schema = schema or load_schema()
    ctx: dict[str, Any] = dict(sorted(schema.prefixes.items()))
    types: dict[str, set[str]] = {}
    for nt in schema.node_types.values():
        for pname, prop in nt.properties.items():
            if pname not in schema.property_terms and pname != "concepts":
                types.setdefault(pname, set()).add(prop.type)
    for pname, ptypes in sorted(types.items()):
        entry: dict[str, Any] = {"@id": f"lsp:{pname}"}
        if ptypes in ({"integer"}, {"boolean"}, {"number"}):
            entry["@type"] = {"integer": "xsd:integer", "boolean": "xsd:boolean",
                              "number": "xsd:double"}[ptypes.pop()]
        ctx[pname] = entry
    for local in sorted(schema.lsp_terms):
        if local[0].islower() and local not in ctx and local not in ("id", "source"):
            ctx[local] = {"@id": f"lsp:{local}"}
    return {"@context": ctx}


def context_json(schema: Schema | None = None) -> str:
    """:func:`context` as the text of the shipped ``context.jsonld``."""
    return json.dumps(context(schema), indent=2, ensure_ascii=False) + "\n"


def write(out: str | Path, schema: Schema | None = None) -> list[Path]:
    """Write ``ontology.ttl`` and ``context.jsonld`` into the folder ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    onto, ctx = out / "ontology.ttl", out / "context.jsonld"
    onto.write_text(ontology(schema).serialize(format="turtle"), encoding="utf-8")
    ctx.write_text(context_json(schema), encoding="utf-8")
    return [onto, ctx]
