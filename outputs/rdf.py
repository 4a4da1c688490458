"""The graph as RDF, and back: every term from ``schemas/lsp.yaml``.

Nodes are typed by their type's ``rdf`` term (W3C ORG, FOAF, PROV, SKOS, schema.org,
GeoSPARQL...); areas with an ONS code are the statistics.data.gov.uk IRIs; other nodes sit
under a base IRI the user sets (``--base-uri``). Properties use ``property_terms`` (name is
rdfs:label, aliases skos:altLabel...) or ``lsp:<name>``; every node carries ``lsp:id`` (so
RDF reads back into a store) and its provenance entries as ``lsp:source`` JSON. Edges are
their type's predicate (subject and object swapped where ``rdf_inverse``); each MEMBER_OF is
also an ``org:Membership`` with ``org:member``, ``org:organization``, ``org:role`` and
``org:memberDuring`` (a ``time:Interval``). A strategy's footprint is ``dcterms:spatial`` as
well as ``lsp:covers``; each node names the files it came from with
``prov:hadPrimarySource`` (``prov:wasDerivedFrom`` is kept for Document nodes).
Themes, objectives and actions are ``dcterms:isPartOf`` their strategy; themes are
``skos:closeMatch`` to the reference taxonomy's concepts, exported as a
``skos:ConceptScheme``. An area's boundary is GeoSPARQL: the area ``geo:hasGeometry`` a
``geo:Geometry`` whose ``geo:asWKT`` is the WKT (``geometry_terms`` in the schema).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

from ..graph.errors import LspGraphError
from ..graph.ids import slug
from ..graph.model import KnowledgeGraph
from ..graph.records import EdgeRecord, NodeRecord, Origin, Ref
from ..graph.taxonomy import concept_label, concepts_of
from ..schemas import Schema, load_schema
from . import rdf_limits

__all__ = ["DEFAULT_BASE", "FORMATS", "from_rdf", "node_iri", "read_file", "shapes", "sparql",
           "to_rdf", "triples", "validate", "write"]

DEFAULT_BASE = "https://lspgraph.invalid/id/"  # .invalid: clearly local, never resolvable
FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "xml": "xml", "trig": "trig"}
_SCHEMES = {"ttl": "turtle", "turtle": "turtle", "jsonld": "json-ld", "json-ld": "json-ld",
            "nt": "nt", "rdf": "xml", "xml": "xml", "owl": "xml", "trig": "trig", "nq": "nquads"}


class _Terms:
    def __init__(self, schema: Schema, base: str):
        self.schema = schema
        self.base = base
        self.ns = {k: Namespace(v) for k, v in schema.prefixes.items()}
        self.lsp = self.ns["lsp"]

    def term(self, curie: str) -> URIRef:
        prefix, _, local = curie.partition(":")
        return self.ns[prefix][local]

    def prop(self, name: str) -> URIRef:
        curie = self.schema.property_terms.get(name)
        return self.term(curie) if curie else self.lsp[name]

    def node(self, kg: KnowledgeGraph | None, node_id: str, data: dict | None = None) -> URIRef:
        data = data if data is not None else (kg.node(node_id) if kg else {})
        if data.get("type") == "Area" and data.get("code"):
            return self.ns["sdg"][data["code"]]
        return URIRef(self.base + node_id.replace(":", "/", 1))

    def concept(self, concept_id: str) -> URIRef:
        return URIRef(self.base + "concept/" + concept_id)


_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}  # YYYY, YYYY-MM, YYYY-MM-DD


def _literal(value: Any, ptype: str) -> Literal:
    if ptype == "date":  # as precise as the source: a year stays a year
        text = str(value)
        datatype = _DATE_TYPES.get(len(text))
        return Literal(text, datatype=datatype) if datatype else Literal(text)
    if ptype == "integer":
        return Literal(int(value), datatype=XSD.integer)
    if ptype == "number":
        return Literal(float(value), datatype=XSD.double)
    if ptype == "boolean":
        return Literal(bool(value), datatype=XSD.boolean)
    return Literal(str(value))


def triples(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> Iterator[tuple]:
    """Every triple of ``kg``'s RDF view, one at a time (for streaming writers)."""
    schema = kg.schema
    t = _Terms(schema, base)
    lsp = t.lsp
    skos = t.ns["skos"]
    scheme = URIRef(base + "concept-scheme/" + schema.taxonomy.get("scheme", {}).get("id", "lsp"))
    yield scheme, RDF.type, skos.ConceptScheme
    yield scheme, t.term("rdfs:label"), Literal(schema.taxonomy.get("scheme", {}).get("label", ""))
    for cid, spec in sorted(schema.taxonomy.get("concepts", {}).items()):
        c = t.concept(cid)
        yield c, RDF.type, skos.Concept
        yield c, skos.inScheme, scheme
        yield c, skos.prefLabel, Literal(concept_label(cid))
        if spec.get("broader"):
            yield c, skos.broader, t.concept(spec["broader"])
    g = kg.nx
    derived: set[tuple] = set()
    sources: set[URIRef] = set()
    for node_id in sorted(g.nodes):
        data = g.nodes[node_id]
        nt = schema.node_types[data["type"]]
        s = t.node(kg, node_id, data)
        yield s, RDF.type, t.term(nt.rdf)
        if data["type"] == "Theme":  # apart from the reference concepts, for the shapes
            yield s, RDF.type, lsp.Theme
        yield s, lsp.id, Literal(node_id)
        for key, value in sorted(data.items()):
            if key in ("type", "provenance", "scope", "concepts"):
                continue
            prop = nt.properties.get(key)
            ptype = prop.type if prop else "string"
            if ptype == "wkt":  # GeoSPARQL: the feature has a geometry, which has the WKT
                geo = schema.geometry_terms
                shape = URIRef(base + "geometry/" + node_id.replace(":", "/", 1))
                yield s, t.prop(key), shape
                yield shape, RDF.type, t.term(geo["class"])
                yield shape, t.term(geo["value"]), Literal(value, datatype=t.term(geo["datatype"]))
                continue
            for v in (value if isinstance(value, list) else [value]):
                yield s, t.prop(key), _literal(v, ptype)
        if data["type"] == "Theme":
            for cid in sorted(concepts_of(kg, node_id)):
                yield s, skos.closeMatch, t.concept(cid)
        if data.get("scope"):
            yield s, t.term("dcterms:isPartOf"), t.node(kg, data["scope"])
        for origin in data.get("provenance", []):
            yield s, lsp.source, Literal(json.dumps(origin.as_list(), ensure_ascii=False))
            doc = URIRef(base + "source/" + hashlib.sha1(origin.source.encode()).hexdigest()[:16])
            if (s, doc) not in derived:
                derived.add((s, doc))
                yield s, t.term("prov:hadPrimarySource"), doc  # the file; documents: SOURCED_FROM
                if doc not in sources:
                    sources.add(doc)
                    yield doc, RDF.type, t.term("prov:Entity")
                    yield doc, t.term("rdfs:label"), Literal(origin.name)
    roles: set[tuple] = set()
    for u, v, key in sorted(g.edges(keys=True)):
        et = schema.edge_types[key]
        su, sv = t.node(kg, u), t.node(kg, v)
        pred = t.term(et.rdf)
        yield (sv, pred, su) if et.rdf_inverse else (su, pred, sv)
        if key == "COVERS" and g.nodes[u]["type"] == "Strategy":
            yield su, t.term("dcterms:spatial"), sv
        if key == "MEMBER_OF":
            props = g.edges[u, v, key]
            ptypes = {k: p.type for k, p in et.properties.items()}
            m = URIRef(base + "membership/" + hashlib.sha1(f"{u}|{v}".encode()).hexdigest()[:16])
            yield m, RDF.type, t.term("org:Membership")
            yield m, t.term("org:member"), su
            yield m, t.term("org:organization"), sv
            for origin in props.get("provenance", []):  # who said so, as for nodes
                yield m, lsp.source, Literal(json.dumps(origin.as_list(), ensure_ascii=False))
                doc = URIRef(base + "source/"
                             + hashlib.sha1(origin.source.encode()).hexdigest()[:16])
                if (m, doc) not in derived:
                    derived.add((m, doc))
                    yield m, t.term("prov:hadPrimarySource"), doc
                    if doc not in sources:
                        sources.add(doc)
                        yield doc, RDF.type, t.term("prov:Entity")
                        yield doc, t.term("rdfs:label"), Literal(origin.name)
            for pk, pv in sorted(props.items()):
                if pk == "provenance":
                    continue
                if pk == "role":
                    role = URIRef(base + "role/" + slug(str(pv)))
                    yield m, t.term("org:role"), role
                    for triple in ((role, RDF.type, t.term("org:Role")),
                                   (role, t.term("rdfs:label"), Literal(str(pv)))):
                        if triple not in roles:  # once each: a stream has no repeats
                            roles.add(triple)
                            yield triple
                    yield m, lsp.role, Literal(str(pv))
                elif pk in ("start", "end"):
                    during = URIRef(str(m) + "-during")
                    if pk == min(k for k in ("start", "end") if k in props):  # once
                        yield m, t.term("org:memberDuring"), during
                        yield during, RDF.type, t.term("time:Interval")
                    yield during, t.prop(pk), _literal(pv, ptypes.get(pk, "string"))
                else:
                    yield m, t.prop(pk), _literal(pv, ptypes.get(pk, "string"))


def node_iri(kg: KnowledgeGraph, node_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a node in the RDF view (an area's ONS IRI when it has a code)."""
    return _Terms(kg.schema, base).node(kg, node_id)


def to_rdf(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> Graph:
    """An rdflib Graph of ``kg`` with the schema's prefixes bound."""
    out = Graph()
    for prefix, iri in kg.schema.prefixes.items():
        out.bind(prefix, iri)
    for triple in triples(kg, base):
        out.add(triple)
    return out


def from_rdf(graph: Graph, source: str) -> Iterator[NodeRecord | EdgeRecord]:
    """Node and edge records of lspgraph's own RDF (subjects with lsp:id)."""
    schema = load_schema()
    t = _Terms(schema, DEFAULT_BASE)
    lsp = t.lsp
    by_class = {t.term(nt.rdf): name for name, nt in schema.node_types.items()}
    # per type: two properties of different types may share a term (website, url: schema:url)
    by_pred = {type_name: {str(t.prop(name)): name for name in sorted(nt.properties)}
               for type_name, nt in schema.node_types.items()}
    ids: dict[URIRef, tuple[str, str]] = {}
    for s, _, o in graph.triples((None, lsp.id, None)):
        types = [by_class[c] for c in graph.objects(s, RDF.type) if c in by_class]
        if types:
            ids[s] = (str(o), types[0])
    order = sorted(ids.items(), key=lambda kv: (schema.node_types[kv[1][1]].scoped_by is not None,
                                                kv[1][0]))
    origin0 = Origin(source)
    skos = t.ns["skos"]
    concept_base = t.concept("")
    for s, (node_id, type_name) in order:
        nt = schema.node_types[type_name]
        props: dict[str, Any] = {}
        for p, o in graph.predicate_objects(s):
            name = by_pred[type_name].get(str(p))
            if name is None:
                continue
            if nt.properties[name].type == "wkt":  # through its geo:Geometry node
                wkt = graph.value(o, t.term(schema.geometry_terms["value"]))
                if wkt is not None:
                    props[name] = str(wkt)
                continue
            if not isinstance(o, Literal):
                continue
            # a date's lexical form ('2013', '2013-04'), not rdflib's Python value
            value = str(o) if nt.properties[name].type == "date" else o.toPython()
            if nt.properties[name].type == "list":
                props.setdefault(name, []).append(str(value))
            else:
                props[name] = value
        for key in props:
            if isinstance(props[key], list):
                props[key] = sorted(props[key])
        if type_name == "Theme":
            concepts = sorted(str(c).rsplit("/", 1)[-1] for c in graph.objects(s, skos.closeMatch)
                              if str(c).startswith(str(concept_base).rsplit("/", 1)[0]))
            if concepts:
                props["concepts"] = concepts
        scope = next(iter(graph.objects(s, t.term("dcterms:isPartOf"))), None)
        scope_ref = Ref(text=ids[scope][0], types=("Strategy",)) if scope in ids else None
        entries = sorted(json.loads(str(o)) for o in graph.objects(s, lsp.source))
        for entry in entries or [None]:
            origin = Origin.from_list(entry) if entry else origin0
            yield NodeRecord(type_name, dict(props), origin, scope=scope_ref, id=node_id)
    for name, et in schema.edge_types.items():
        pred = t.term(et.rdf)
        for a, _, b in graph.triples((None, pred, None)):
            if a not in ids or b not in ids:
                continue
            u, v = (b, a) if et.rdf_inverse else (a, b)
            (uid, utype), (vid, vtype) = ids[u], ids[v]
            if utype not in et.sources or vtype not in et.targets:
                continue
            props: dict[str, Any] = {}
            origins = [origin0]
            if name == "MEMBER_OF":
                props, entries = _membership(graph, t, u, v)
                origins = [Origin.from_list(e) for e in entries] or origins
            for origin in origins:
                yield EdgeRecord(name, Ref(text=uid, types=(utype,)),
                                 Ref(text=vid, types=(vtype,)), props, origin)


def _membership(graph: Graph, t: _Terms, u: URIRef,
                v: URIRef) -> tuple[dict[str, Any], list[Any]]:
    """A membership's properties and its provenance entries (lsp:source JSON)."""
    for m in graph.subjects(t.term("org:member"), u):
        if (m, t.term("org:organization"), v) in graph:
            names = {t.lsp.role: "role", t.prop("start"): "start", t.prop("end"): "end",
                     t.prop("note"): "note"}
            props = {names[p]: str(o) for p, o in graph.predicate_objects(m) if p in names}
            for during in graph.objects(m, t.term("org:memberDuring")):
                props.update({names[p]: str(o) for p, o in graph.predicate_objects(during)
                              if p in names})
            return props, sorted(json.loads(str(o)) for o in graph.objects(m, t.lsp.source))
    return {}, []


def read_file(path: str | Path) -> Graph:
    """Parse an RDF file by its suffix (ttl, jsonld, nt, rdf/xml, trig)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = _SCHEMES.get(suffix, "turtle")
    if fmt not in ("trig", "nquads"):
        g = Graph()
        rdf_limits.parse(g, path, fmt)  # no fetch, within limits
        return g
    from rdflib import Dataset

    ds = Dataset()
    rdf_limits.parse(ds, path, fmt)
    g = Graph()  # every graph's triples, named or default: lspgraph reads them as one
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def shapes(schema: Schema | None = None) -> Graph:
    """SHACL shapes from the schema: per node type, lsp:id and rdfs:label exactly once, the
    scoped types part of a prov:Plan, integer and boolean properties typed, and each edge
    predicate pointing at a node of an allowed type."""
    schema = schema or load_schema()
    t = _Terms(schema, DEFAULT_BASE)
    g = Graph()
    g.bind("sh", SH)
    for prefix, iri in schema.prefixes.items():
        g.bind(prefix, iri)
    shape_ns = Namespace(str(t.lsp) + "shape/")

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
        g.add((node, SH.targetClass, t.lsp.Theme if name == "Theme" else t.term(nt.rdf)))
        prop_shape(node, t.lsp.id, minCount=Literal(1), maxCount=Literal(1),
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
            if prop.type in ("integer", "boolean"):
                prop_shape(node, t.prop(pname),
                           datatype=XSD.integer if prop.type == "integer" else XSD.boolean,
                           message=Literal(f"{name}.{pname} must be {prop.type}"))
    for name, et in schema.edge_types.items():
        if et.rdf_inverse:
            continue
        allowed = sorted({str(t.term(schema.node_types[x].rdf)) for x in et.targets})
        for from_type in et.sources:
            node = shape_ns[from_type]
            items = [_class_shape(g, URIRef(c)) for c in allowed]
            b = BNode()
            g.add((node, SH.property, b))
            g.add((b, SH.path, t.term(et.rdf)))
            g.add((b, SH["or"], _rdf_list(g, items)))
            g.add((b, SH.message, Literal(f"{name}: {from_type} links to "
                                          f"{' or '.join(et.targets)} only")))
    return g


def _class_shape(g: Graph, cls: URIRef) -> BNode:
    b = BNode()
    g.add((b, SH["class"], cls))
    return b


def _rdf_list(g: Graph, items: list) -> BNode:
    from rdflib.collection import Collection

    head = BNode()
    Collection(g, head, items)
    return head



def write(kg: KnowledgeGraph, fmt: str, out: Any, base: str = DEFAULT_BASE) -> int:
    """Write ``kg`` as RDF in ``fmt`` (ttl, jsonld, nt, xml, trig) to a binary file object.

    N-Triples stream triple by triple (no rdflib Graph is built, whatever the size); the
    other syntaxes need the whole graph to group and nest it. Returns the triple count.
    """
    if fmt == "nt":
        n = 0
        for s, p, o in triples(kg, base):
            out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n".encode())
            n += 1
        return n
    import pyoxigraph as ox

    # pyoxigraph writes the triples in the order given (sorted by triples()), so the same
    # store gives the same bytes on every run; TriG puts them in the default graph
    seen: set[tuple] = set()
    items: list[Any] = []
    for triple in triples(kg, base):
        if triple not in seen:
            seen.add(triple)
            items.append(ox.Triple(*(_ox(x) for x in triple)))
    if fmt == "trig":
        items = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in items]
    formats = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
               "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG}
    prefixes = dict(sorted(kg.schema.prefixes.items()))
    out.write(ox.serialize(items, format=formats[fmt], prefixes=prefixes))
    return len(items)


def _ox(term: Any) -> Any:
    """An rdflib term as the pyoxigraph term of the same value."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


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


def sparql(graph: Graph, query: str) -> tuple[list[str], list[list[Any]]]:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE): (columns, rows)."""
    from rdflib.plugins.sparql import prepareQuery

    ns = {k: v for k, v in load_schema().prefixes.items()}
    try:
        prepared = prepareQuery(query, initNs=ns)
    except Exception as exc:
        raise LspGraphError(f"not a SPARQL query this can run read-only ({exc})") from None
    rdf_limits.check_query(prepared)

    def run() -> tuple[list[str], list[list[Any]]]:
        result = graph.query(prepared)
        if result.type == "ASK":
            return ["ask"], [[bool(result.askAnswer)]]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return ["subject", "predicate", "object"], [[str(x) for x in t] for t in result]
        cols = [str(v) for v in result.vars]
        dates = set(_DATE_TYPES.values())  # '2013-04-01' as written, not a Python date
        return cols, [[None if v is None
                       else v.toPython() if isinstance(v, Literal) and v.datatype not in dates
                       else str(v) for v in row] for row in result]

    return rdf_limits.run_query(run)
