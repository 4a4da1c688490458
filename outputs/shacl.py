"""SHACL shapes from the schema, and validation of a graph against them.

The shapes say what ``import`` also checks, so that ``lspgraph validate`` and ``lspgraph
import`` agree on lspgraph's own linked data: per node type its class target, ``lsp:id`` and
a name exactly once, the scoped types part of one strategy, vocabulary values from the
schema (``sh:in``; an action's schema:actionStatus one of the schema.org individuals its
statuses map to, once), each single-valued property at most once and of its datatype (dates
xsd:date, gYearMonth or gYear, or a string as written), a theme's one skos:prefLabel, a
quoted passage's annotation whole (one body, one target in one document, the words once in
its oa:TextQuoteSelector), and each edge predicate pointing at a node of an allowed type.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

from ..schemas import Schema, load_schema
from .rdf_terms import DEFAULT_BASE, Terms

__all__ = ["shapes", "validate"]


def shapes(schema: Schema | None = None) -> Graph:
    """SHACL shapes from the schema: per node type, lsp:id and rdfs:label exactly once, the
    scoped types part of a prov:Plan, integer and boolean properties typed, and each edge
    predicate pointing at a node of an allowed type."""
    schema = schema or load_schema()
    t = Terms(schema, DEFAULT_BASE)
    g = Graph(bind_namespaces="core")
    g.bind("sh", SH)
    for prefix, iri in schema.prefixes.items():
        g.bind(prefix, iri, replace=True)
    shape_ns = Namespace(t.expand("lsp:shape/"))

    def prop_shape(node: URIRef, path: Any, **constraints: Any) -> None:
        b = BNode()
        g.add((node, SH.property, b))
        g.add((b, SH.path, path))
        for key, value in constraints.items():
            g.add((b, SH[key], value))

    for name, nt in schema.node_types.items():
        node = shape_ns[name]
        g.add((node, RDF.type, SH.NodeShape))
        # themes are skos:Concepts like the reference taxonomy's; lsp:Theme tells them apart
        g.add((node, SH.targetClass, t.term("lsp:Theme") if name == "Theme" else t.term(nt.rdf)))
        prop_shape(node, t.term("lsp:id"), minCount=Literal(1), maxCount=Literal(1),
                   datatype=XSD.string,
                   message=Literal(f"every {name} needs exactly one lsp:id"))
        prop_shape(node, t.prop("name"), minCount=Literal(1), maxCount=Literal(1),
                   message=Literal(f"every {name} needs exactly one name (rdfs:label)"))
        if nt.scoped_by:
            # themes may stand alone (a talk's barriers name no plan: scope_required false)
            least = {"minCount": Literal(1)} if nt.scope_required else {}
            words = "exactly" if nt.scope_required else "at most"
            prop_shape(node, t.term("dcterms:isPartOf"), maxCount=Literal(1),
                       **{"class": t.term("prov:Plan")}, **least,
                       message=Literal(f"a {name} belongs to {words} one strategy "
                                       "(dcterms:isPartOf a prov:Plan)"))
        for pname, prop in nt.properties.items():
            if prop.type.startswith("vocab:"):  # the schema's allowed values, as import has
                vocab = schema.vocabularies[prop.type[6:]]
                prop_shape(node, t.prop(pname),
                           **{"in": _rdf_list(g, [Literal(v) for v in sorted(vocab.values)])},
                           message=Literal(f"{name}.{pname} must be one of the "
                                           f"{vocab.name} values"))
                standard = schema.vocabulary_terms.get(vocab.name)
                if standard:  # schema:actionStatus: one of the values' individuals, once
                    individuals = sorted({t.term(spec["rdf"]) for spec in vocab.values.values()
                                          if spec.get("rdf")})
                    prop_shape(node, t.term(standard), maxCount=Literal(1),
                               **{"in": _rdf_list(g, individuals)},
                               message=Literal(f"{name}: at most one {standard}, one of "
                                               + ", ".join(g.namespace_manager.normalizeUri(i)
                                                           for i in individuals)))
            if prop.type in ("list", "wkt"):
                continue
            pred = t.prop(pname)
            shared = sum(1 for other in nt.properties if t.prop(other) == pred) > 1
            kinds = _DATATYPES.get(prop.type.split(":")[0], [XSD.string])
            typed = {"datatype": kinds[0]} if len(kinds) == 1 else \
                {"or": _rdf_list(g, [_datatype_shape(g, k) for k in kinds])}
            prop_shape(node, pred, **({} if shared else {"maxCount": Literal(1)}), **typed,
                       message=Literal(f"{name}.{pname}: at most one value, "
                                       f"{_WORDS.get(prop.type.split(':')[0], 'a string')}"))
        if name == "Theme":  # a concept of its strategy's scheme: one preferred label
            prop_shape(node, t.term("skos:prefLabel"), minCount=Literal(1),
                       maxCount=Literal(1),
                       message=Literal("every Theme needs exactly one skos:prefLabel"))
    _time_shapes(g, t, shape_ns, prop_shape)
    _passage_shapes(g, t, shape_ns, prop_shape)
    for name, et in schema.edge_types.items():
        if et.rdf_inverse:
            continue
        allowed = sorted({str(t.term(schema.node_types[x].rdf)) for x in et.targets})
        for from_type in et.sources:
            node = shape_ns[from_type]
            items = [_class_shape(g, URIRef(c)) for c in allowed]
            b = BNode()
            g.add((node, SH.property, b))
            g.add((b, SH.path, t.term(et.rdf_for(from_type))))
            g.add((b, SH["or"], _rdf_list(g, items)))
            g.add((b, SH.message, Literal(f"{name}: {from_type} links to "
                                          f"{' or '.join(et.targets)} only")))
    return g


def _time_shapes(g: Graph, t: Terms, shape_ns: Namespace, prop_shape: Any) -> None:
    """Periods: an interval has at most one beginning and end, each a time:Instant whose
    date is of the datatype its property names (time:inXSDDate an xsd:date...)."""
    interval, instant = shape_ns["Interval"], shape_ns["Instant"]
    g.add((interval, RDF.type, SH.NodeShape))
    g.add((interval, SH.targetClass, t.term("time:Interval")))
    for end in ("time:hasBeginning", "time:hasEnd"):
        prop_shape(interval, t.term(end), maxCount=Literal(1),
                   **{"class": t.term("time:Instant")},
                   message=Literal(f"an interval has at most one {end}, a time:Instant"))
    g.add((instant, RDF.type, SH.NodeShape))
    g.add((instant, SH.targetClass, t.term("time:Instant")))
    for pred, datatype in (("time:inXSDDate", XSD.date), ("time:inXSDgYearMonth",
                                                          XSD.gYearMonth),
                           ("time:inXSDgYear", XSD.gYear)):
        prop_shape(instant, t.term(pred), maxCount=Literal(1), datatype=datatype,
                   message=Literal(f"{pred} is one valid {datatype.n3(g.namespace_manager)}"))


def _passage_shapes(g: Graph, t: Terms, shape_ns: Namespace, prop_shape: Any) -> None:
    """Quoted passages (W3C Web Annotation): an annotation has one body and one target, a
    oa:SpecificResource of one source; its oa:TextQuoteSelector holds the words once."""
    note, target, quote = shape_ns["Annotation"], shape_ns["Passage"], shape_ns["Quote"]
    for shape, cls in ((note, "oa:Annotation"), (target, "oa:SpecificResource"),
                       (quote, "oa:TextQuoteSelector")):
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, t.term(cls)))
    one = {"minCount": Literal(1), "maxCount": Literal(1)}
    prop_shape(note, t.term("oa:hasBody"), **one,
               message=Literal("an annotation of a passage names one node (oa:hasBody)"))
    prop_shape(note, t.term("oa:hasTarget"), **one, **{"class": t.term("oa:SpecificResource")},
               message=Literal("an annotation has one oa:hasTarget, a oa:SpecificResource"))
    prop_shape(target, t.term("oa:hasSource"), **one,
               message=Literal("a passage is in one document (oa:hasSource)"))
    prop_shape(quote, t.term("oa:exact"), **one, datatype=XSD.string,
               message=Literal("a oa:TextQuoteSelector holds the passage once (oa:exact)"))


_DATATYPES = {"integer": [XSD.integer], "boolean": [XSD.boolean],
              "number": [XSD.double, XSD.decimal, XSD.integer],
              "date": [XSD.date, XSD.gYearMonth, XSD.gYear, XSD.string]}
_WORDS = {"integer": "an xsd:integer", "boolean": "an xsd:boolean", "number": "a number",
          "date": "an xsd:date, gYearMonth or gYear (or a date as written, a string)"}


def _datatype_shape(g: Graph, datatype: URIRef) -> BNode:
    b = BNode()
    g.add((b, SH.datatype, datatype))
    return b


def _class_shape(g: Graph, cls: URIRef) -> BNode:
    b = BNode()
    g.add((b, SH["class"], cls))
    return b


def _rdf_list(g: Graph, items: list) -> BNode:
    from rdflib.collection import Collection

    head = BNode()
    Collection(g, head, items)
    return head





def validate(graph: Graph) -> list[dict[str, str]]:
    """SHACL violations of ``graph`` against :func:`shapes` (empty when it conforms)."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes(), inference="none")
    if conforms:
        return []
    lsp_id = Namespace(load_schema().prefixes["lsp"]).id
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        label = graph.value(focus, lsp_id) if focus else None
        rows.append({"focus": str(label or focus), "path": _short(graph, path),
                     "message": str(message or "")})
    return sorted(rows, key=lambda r: (r["focus"], r["path"], r["message"]))


def _short(graph: Graph, term: Any) -> str:
    if term is None:
        return ""
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # blank nodes (inverse paths) and the like
        return str(term)


