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

The engine is pyoxigraph: every syntax is written by its serialisers from one sorted stream
of triples (:func:`write`), and SPARQL runs in its store (:func:`store`, :func:`sparql`).
:func:`to_rdf` gives the same triples as an rdflib ``Graph`` for code that expects rdflib.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from json.encoder import encode_basestring as _json_str  # what json.dumps writes a str as
from typing import Any

from ..graph.ids import slug
from ..graph.model import KnowledgeGraph
from ..graph.taxonomy import concept_label, concepts_of
from .rdf_query import sparql
from .rdf_read import from_rdf, read_file
from .rdf_terms import DEFAULT_BASE, RDFLIB, TEXT, TIME_OF, Terms, date_precision
from .shacl import shapes, validate
from .vocab import vocabulary_concept

__all__ = ["DEFAULT_BASE", "FORMATS", "from_rdf", "node_iri", "ntriples", "read_file",
           "relative_sources", "shapes", "source_json", "sparql", "store", "to_rdf", "triples",
           "validate", "write"]

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "xml": "xml", "trig": "trig"}


def triples(kg: KnowledgeGraph, base: str = DEFAULT_BASE, engine: str = RDFLIB,
            names: dict[str, str] | None = None) -> Iterator[tuple]:
    """Every triple of ``kg``'s RDF view, one at a time, sorted by node then edge, each once:
    rdflib terms, or N-Triples text of each term with ``engine="ntriples"``. Source files
    are named as ``names`` says (default :func:`relative_sources` of ``kg``)."""
    return _triples(kg, Terms(kg.schema, base, engine),
                    relative_sources(kg) if names is None else names)


def ntriples(kg: KnowledgeGraph, base: str = DEFAULT_BASE, batch: int = 20000) -> Iterator[bytes]:
    """``kg``'s RDF view as N-Triples, in chunks of ``batch`` lines."""
    lines: list[str] = []
    for s, p, o in triples(kg, base, TEXT):
        lines.append(f"{s} {p} {o} .\n")
        if len(lines) >= batch:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def relative_sources(kg: KnowledgeGraph) -> dict[str, str]:
    """Each absolute source path of ``kg``'s provenance, relative to the folder all the
    imported files share (``/tmp/x/data/a.csv`` -> ``a.csv``, ``/tmp/x/data/docs/b.pdf`` ->
    ``docs/b.pdf``): published linked data names files as the import saw them, never the
    importing machine's folders. Sources already relative stay as they are."""
    paths = {o.source for _, prov in kg.nx.nodes(data="provenance", default=()) for o in prov}
    paths.update(o.source for _, _, prov in kg.nx.edges(data="provenance", default=())
                 for o in prov)
    absolute = sorted(p for p in paths if os.path.isabs(p.split(" sheet '")[0]))
    if not absolute:
        return {}
    root = os.path.commonpath([os.path.dirname(p.split(" sheet '")[0]) for p in absolute])
    return {p: os.path.relpath(p, root).replace(os.sep, "/") for p in absolute}


def source_json(origin: Any, source: str) -> str:
    """The ``lsp:source`` text of a provenance entry whose file is named ``source``: what
    ``json.dumps(origin.as_list(), ensure_ascii=False)`` gives, written directly for the
    common ``[file, row]`` (hundreds of thousands at national scale).

    >>> from lspgraph.graph.records import Origin
    >>> source_json(Origin("/x/a.csv", 12), "a.csv")
    '["a.csv", 12]'
    >>> source_json(Origin("m.pdf", 4, "We will", 10, 17), "m.pdf")
    '["m.pdf", 4, 10, 17, "We will"]'
    """
    line = origin.line
    if origin.quote is None and origin.start is None and (
            line is None or type(line) is int):
        return f"[{_json_str(source)}, {'null' if line is None else line}]"
    return json.dumps([source, *origin.as_list()[1:]], ensure_ascii=False)


def _source(t: Terms, file: str, sources: dict[str, Any]) -> tuple[Any, list[tuple]]:
    """The prov:Entity of a file (as named), and its triples the first time it is named."""
    doc = sources.get(file)
    if doc is not None:
        return doc, []
    key = hashlib.sha1(file.encode()).hexdigest()[:16]
    doc = sources[file] = t.iri(t.base + "source/" + key)
    return doc, [(doc, t.type, t.term("prov:Entity")),
                 (doc, t.term("rdfs:label"), t.literal(file))]


def _provenance(t: Terms, s: Any, entries: list[Any], sources: dict[str, Any],
                names: dict[str, str]) -> Iterator[tuple]:
    """``lsp:source`` JSON per entry and ``prov:hadPrimarySource`` per file, for ``s``;
    file names relative to the import (``names``)."""
    if not entries:
        return
    lsp_source, primary = t.term("lsp:source"), t.term("prov:hadPrimarySource")
    files = [names.get(o.source, o.source) for o in entries]
    for text in dict.fromkeys(source_json(o, f) for o, f in zip(entries, files, strict=True)):
        yield s, lsp_source, t.literal(text)
    named: set[Any] = set()
    for file in files:
        doc, new = _source(t, file, sources)
        if doc not in named:
            named.add(doc)
            yield s, primary, doc  # the file; document nodes: SOURCED_FROM as well
            yield from new
    passages = dict.fromkeys((f, o.quote) for o, f in zip(entries, files, strict=True)
                             if o.quote)
    for file, quote in passages:
        yield from _quote(t, s, sources[file], quote)


def _quote(t: Terms, s: Any, doc: Any, quote: str) -> Iterator[tuple]:
    """The passage of a document that gave ``s``, as W3C Web Annotation: an oa:Annotation
    whose body is ``s`` and whose target is the document (its prov:Entity) selected by an
    oa:TextQuoteSelector holding the passage's words (oa:exact). The store keeps no text
    around a passage, so there is no oa:prefix or oa:suffix; the stored offsets stay in
    lsp:source, as they place the node's name in the document, not the passage."""
    key = hashlib.sha1(f"{str(s).strip('<>')}|{str(doc).strip('<>')}|{quote}".encode())
    note = t.base + "annotation/" + key.hexdigest()[:16]
    a, target, selector = t.iri(note), t.iri(note + "-target"), t.iri(note + "-quote")
    yield a, t.type, t.term("oa:Annotation")
    yield a, t.term("oa:motivatedBy"), t.term("oa:identifying")
    yield a, t.term("oa:hasBody"), s
    yield a, t.term("oa:hasTarget"), target
    yield target, t.type, t.term("oa:SpecificResource")
    yield target, t.term("oa:hasSource"), doc
    yield target, t.term("oa:hasSelector"), selector
    yield selector, t.type, t.term("oa:TextQuoteSelector")
    yield selector, t.term("oa:exact"), t.literal(quote)


def _triples(kg: KnowledgeGraph, t: Terms, names: dict[str, str]) -> Iterator[tuple]:
    schema = t.schema
    base, typ = t.base, t.type
    label = t.term("rdfs:label")
    scheme_spec = schema.taxonomy.get("scheme", {})
    scheme = t.iri(base + "concept-scheme/" + scheme_spec.get("id", "lsp"))
    yield scheme, typ, t.term("skos:ConceptScheme")
    yield scheme, label, t.literal(scheme_spec.get("label", ""))
    for cid, spec in sorted(schema.taxonomy.get("concepts", {}).items()):
        c = t.concept(cid)
        yield c, typ, t.term("skos:Concept")
        yield c, t.term("skos:inScheme"), scheme
        yield c, t.term("skos:prefLabel"), t.literal(concept_label(cid))
        if spec.get("broader"):
            yield c, t.term("skos:broader"), t.concept(spec["broader"])
    g = kg.nx
    nodes = dict(g.nodes(data=True))  # a plain dict: the node view costs per look-up
    iris = {n: t.node(n, data) for n, data in nodes.items()}
    sources: dict[str, Any] = {}
    schemes: set[str] = set()
    skip = {"type", "provenance", "scope", "concepts"}
    lsp_id, part_of = t.term("lsp:id"), t.term("dcterms:isPartOf")
    for node_id in sorted(nodes):
        data = nodes[node_id]
        nt = schema.node_types[data["type"]]
        value_keys, value_terms = t.value_terms(nt)
        s = iris[node_id]
        yield s, typ, t.term(nt.rdf)
        if data["type"] == "Theme":  # apart from the reference concepts, for the shapes
            yield s, typ, t.term("lsp:Theme")
        yield s, lsp_id, t.literal(node_id)
        for key in sorted(data):
            if key in skip:
                continue
            value = data[key]
            prop = nt.properties.get(key)
            ptype = prop.type if prop else "string"
            if ptype == "wkt":  # GeoSPARQL: the feature has a geometry, which has the WKT
                geo = schema.geometry_terms
                shape = t.iri(base + "geometry/" + node_id.replace(":", "/", 1))
                yield s, t.prop(key), shape
                yield shape, typ, t.term(geo["class"])
                yield shape, t.term(geo["value"]), t.literal(value, t.expand(geo["datatype"]))
                continue
            pred = t.prop(key)
            for v in (dict.fromkeys(value) if isinstance(value, list) else [value]):
                yield s, pred, t.typed(v, ptype)
            if key == "kind" and prop and prop.vocabulary:  # understood without lsp:
                cls = "org:classification" if nt.rdf.startswith("org:") else "dcterms:type"
                yield s, t.term(cls), t.iri(vocabulary_concept(schema, prop.vocabulary, value))
            elif key in value_keys and value in value_terms[key]:  # schema:actionStatus
                yield s, value_keys[key], value_terms[key][value]
            elif ptype == "period":  # as written (dcterms:valid), and as a time:Interval
                first, _, last = str(value).partition("-")
                interval = base + node_id.replace(":", "/", 1) + "-period"
                yield s, t.term("time:hasTime"), t.iri(interval)
                yield from _interval(t, interval, {"start": first, "end": last or first})
        if data["type"] == "Theme":
            yield s, t.term("skos:prefLabel"), t.literal(str(data.get("name", node_id)))
            for cid in sorted(concepts_of(kg, node_id)):
                yield s, t.term("skos:closeMatch"), t.concept(cid)
            if data.get("scope"):  # the strategy's own themes: a scheme of their own
                scope_iri = base + data["scope"].replace(":", "/", 1) + "/themes"
                yield s, t.term("skos:inScheme"), t.iri(scope_iri)
                if scope_iri not in schemes:
                    schemes.add(scope_iri)
                    yield t.iri(scope_iri), typ, t.term("skos:ConceptScheme")
                    yield t.iri(scope_iri), label, t.literal(
                        f"Themes of {nodes[data['scope']].get('name', data['scope'])}")
                    yield t.iri(scope_iri), t.term("dcterms:isPartOf"), iris[data["scope"]]
        if data.get("scope"):
            yield s, part_of, iris[data["scope"]]
        yield from _provenance(t, s, data.get("provenance", []), sources, names)
    yield from _edges(kg, t, iris, sources, names)


def _edges(kg: KnowledgeGraph, t: Terms, iris: dict[str, Any], sources: dict[str, Any],
           names: dict[str, str]) -> Iterator[tuple]:
    schema, g, typ = t.schema, kg.nx, t.type
    roles: set[str] = set()
    types = dict(g.nodes(data="type"))
    spatial = t.term("dcterms:spatial")
    # (u, v, key) is unique in a multigraph: the sort never compares the data
    for u, v, key, props in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        et = schema.edge_types[key]
        su, sv = iris[u], iris[v]
        pred = t.term(et.rdf_for(types[u]))
        yield (sv, pred, su) if et.rdf_inverse else (su, pred, sv)
        if key == "COVERS" and types[u] == "Strategy":
            yield su, spatial, sv
        if key != "MEMBER_OF":
            continue
        ptypes = {k: p.type for k, p in et.properties.items()}
        m_iri = t.base + "membership/" + hashlib.sha1(f"{u}|{v}".encode()).hexdigest()[:16]
        m = t.iri(m_iri)
        yield m, typ, t.term("org:Membership")
        yield m, t.term("org:member"), su
        yield m, t.term("org:organization"), sv
        yield from _provenance(t, m, props.get("provenance", []), sources, names)  # who said so
        for pk, pv in sorted(props.items()):
            if pk == "provenance":
                continue
            if pk == "role":
                role = t.iri(t.base + "role/" + slug(str(pv)))
                yield m, t.term("org:role"), role
                if role not in roles:
                    roles.add(role)
                    yield role, typ, t.term("org:Role")
                    yield role, t.term("rdfs:label"), t.literal(str(pv))
                yield m, t.term("lsp:role"), t.literal(str(pv))
            elif pk in ("start", "end"):
                if pk == min(k for k in ("start", "end") if k in props):  # once, for both
                    yield m, t.term("org:memberDuring"), t.iri(m_iri + "-during")
                    yield from _interval(t, m_iri + "-during", props)
            else:
                yield m, t.prop(pk), t.typed(pv, ptypes.get(pk, "string"))


def _interval(t: Terms, interval: str, dates: dict[str, Any]) -> Iterator[tuple]:
    """A ``time:Interval`` whose beginning and end (``dates``: "start", "end") are
    ``time:Instant``s dated as precisely as the source (a year stays an xsd:gYear)."""
    i = t.iri(interval)
    yield i, t.type, t.term("time:Interval")
    ends = [(key, pred) for key, pred in (("start", "time:hasBeginning"), ("end", "time:hasEnd"))
            if dates.get(key)]
    for key, pred in ends:
        yield i, t.term(pred), t.iri(f"{interval}-{key}")
    for key, _ in ends:
        text = str(dates[key])
        inst = t.iri(f"{interval}-{key}")
        yield inst, t.type, t.term("time:Instant")
        yield inst, t.term(TIME_OF.get(date_precision(text) or 0, "lsp:when")), \
            t.typed(text, "date")


def store(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> Any:
    """A pyoxigraph ``Store`` (in memory) holding ``kg``'s RDF view in its default graph,
    for :func:`sparql`: the triples are parsed and loaded in Rust."""
    import pyoxigraph as ox

    out = ox.Store()
    for chunk in ntriples(kg, base, batch=200000):
        out.load(chunk, format=ox.RdfFormat.N_TRIPLES)
    return out


def node_iri(kg: KnowledgeGraph, node_id: str, base: str = DEFAULT_BASE) -> Any:
    """The IRI of a node in the RDF view (an area's ONS IRI when it has a code)."""
    return Terms(kg.schema, base).node(node_id, kg.node(node_id))


def to_rdf(kg: KnowledgeGraph, base: str = DEFAULT_BASE,
           names: dict[str, str] | None = None) -> Any:
    """An rdflib ``Graph`` of ``kg`` with the schema's prefixes bound (for code that
    expects rdflib: SHACL, the report; the engine itself is pyoxigraph). ``names``: how
    source files are named (default :func:`relative_sources` of ``kg``; a part of a graph
    passes its whole graph's, so a file keeps the name the whole export gives it)."""
    from rdflib import Graph

    out = Graph(bind_namespaces="core")  # not rdflib's own schema: (https)
    for prefix, iri in kg.schema.prefixes.items():
        out.bind(prefix, iri, replace=True)
    for triple in triples(kg, base, names=names):
        out.add(triple)
    return out


def write(kg: KnowledgeGraph, fmt: str, out: Any, base: str = DEFAULT_BASE) -> int:
    """Write ``kg`` as RDF in ``fmt`` (ttl, jsonld, nt, xml, trig) to a binary file object.

    The sorted stream is made as N-Triples text; pyoxigraph parses it in Rust, chunk by
    chunk, and its serialisers write the triples in that order (nothing holds the whole
    graph, and the same store gives the same bytes on every run). TriG puts the triples in
    the default graph. Returns the triple count.
    """
    import pyoxigraph as ox

    count = 0
    if fmt == "nt":
        for chunk in ntriples(kg, base):
            count += chunk.count(b"\n")
            out.write(chunk)
        return count
    formats = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
               "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG}

    def stream() -> Iterator[Any]:
        nonlocal count
        for chunk in ntriples(kg, base):
            count += chunk.count(b"\n")
            yield from ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES)

    prefixes = dict(sorted(kg.schema.prefixes.items()))
    # TriG of quads in the default graph; the parsed N-Triples are such quads already
    ox.serialize(stream(), out, format=formats[fmt], prefixes=prefixes)
    return count
