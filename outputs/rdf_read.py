"""lspgraph's own RDF read back into records: the inverse of :mod:`lspgraph.outputs.rdf`.

Subjects with an ``lsp:id`` become nodes of the type their ``rdf:type`` names in the schema;
predicates become properties and edges through the same schema terms export writes with.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..graph.errors import InputError
from ..graph.records import EdgeRecord, NodeRecord, Origin, Ref
from ..schemas import load_schema
from . import rdf_limits
from .rdf_terms import DEFAULT_BASE, TIME_OF, Terms, date_precision

__all__ = ["LEGACY_NAMESPACE", "from_rdf", "legacy_notice", "read_file", "upgrade_legacy"]

_SCHEMES = {"ttl": "turtle", "turtle": "turtle", "jsonld": "json-ld", "json-ld": "json-ld",
            "nt": "nt", "rdf": "xml", "xml": "xml", "owl": "xml", "trig": "trig", "nq": "nquads"}


def from_rdf(graph: Graph, source: str) -> Iterator[NodeRecord | EdgeRecord]:
    """Node and edge records of lspgraph's own RDF (subjects with lsp:id)."""
    schema = load_schema()
    t = Terms(schema, DEFAULT_BASE)
    lsp_id, lsp_source = t.term("lsp:id"), t.term("lsp:source")
    _not_legacy(graph, schema.prefixes["lsp"], source)
    by_class = {t.term(nt.rdf): name for name, nt in schema.node_types.items()}
    # per type: two properties of different types may share a term (website, url: schema:url)
    by_pred = {type_name: {str(t.prop(name)): name for name in sorted(nt.properties)}
               for type_name, nt in schema.node_types.items()}
    ids: dict[URIRef, tuple[str, str]] = {}
    for s, _, o in graph.triples((None, lsp_id, None)):
        types = [by_class[c] for c in graph.objects(s, RDF.type) if c in by_class]
        if types:
            if s in ids:
                raise InputError(source, None, "id", f"{s} has two lsp:id values "
                                 f"({ids[s][0]!r}, {str(o)!r}); it takes one")
            ids[s] = (str(o), types[0])
    order = sorted(ids.items(), key=lambda kv: (schema.node_types[kv[1][1]].scoped_by is not None,
                                                kv[1][0]))
    origin0 = Origin(source)
    close_match = t.term("skos:closeMatch")
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
            if getattr(o, "ill_typed", False):  # "soon"^^xsd:date: SHACL refuses it too
                raise InputError(source, None, name, f"{node_id}: {str(o)!r} is not a valid "
                                 f"{graph.namespace_manager.normalizeUri(o.datatype)}")
            # a date's lexical form ('2013', '2013-04'), not rdflib's Python value
            value = str(o) if nt.properties[name].type == "date" else o.toPython()
            if nt.properties[name].type == "list":
                props.setdefault(name, []).append(str(value))
            elif name in props and props[name] != value:  # SHACL: sh:maxCount 1
                raise InputError(source, None, name, f"{node_id} has two values of "
                                 f"{graph.namespace_manager.normalizeUri(p)} "
                                 f"({props[name]!r}, {value!r}); it takes one")
            else:
                props[name] = value
        for key in props:
            if isinstance(props[key], list):
                props[key] = sorted(props[key])
        _standard_values(graph, t, nt, s, node_id, props, source)
        if type_name == "Theme":
            concepts = sorted(str(c).rsplit("/", 1)[-1] for c in graph.objects(s, close_match)
                              if str(c).startswith(str(concept_base).rsplit("/", 1)[0]))
            if concepts:
                props["concepts"] = concepts
        scope = next(iter(graph.objects(s, t.term("dcterms:isPartOf"))), None) \
            if nt.scoped_by else None  # a strategy within a strategy is a PART_OF edge
        scope_ref = Ref(text=ids[scope][0], types=("Strategy",)) if scope in ids else None
        if scope_ref is None and nt.scoped_by and nt.scope_required:  # as SHACL says
            raise InputError(source, None, "dcterms:isPartOf", f"{node_id} belongs to no "
                             f"strategy (a {type_name} is dcterms:isPartOf one prov:Plan)")
        entries = sorted(json.loads(str(o)) for o in graph.objects(s, lsp_source))
        for entry in entries or [None]:
            origin = Origin.from_list(entry) if entry else origin0
            yield NodeRecord(type_name, dict(props), origin, scope=scope_ref, id=node_id)
    accepted: set[tuple] = set()
    preds: set[URIRef] = set()
    for name, et in schema.edge_types.items():
        for pred in dict.fromkeys(t.term(x) for x in (et.rdf, *et.rdf_by_source.values())):
            preds.add(pred)
            for rec, triple in _edges(graph, t, ids, name, pred, origin0):
                accepted.add(triple)
                yield rec
    _no_stray_links(graph, t, ids, preds, accepted, source)
    _whole_passages(graph, t, source)


def _whole_passages(graph: Graph, t: Terms, source: str) -> None:
    """Refuse what the shapes refuse in a quoted passage's annotation (import reads the
    passage from lsp:source, but does not take a graph that validate fails)."""
    checks = (("oa:Annotation", "oa:hasBody", None), ("oa:Annotation", "oa:hasTarget", None),
              ("oa:SpecificResource", "oa:hasSource", None),
              ("oa:TextQuoteSelector", "oa:exact", Literal))
    for cls, pred, kind in checks:
        for s in graph.subjects(RDF.type, t.term(cls)):
            values = list(graph.objects(s, t.term(pred)))
            if len(values) != 1 or (kind and not (isinstance(values[0], Literal)
                                                  and values[0].datatype in (None, XSD.string)
                                                  and values[0].language is None)):
                raise InputError(source, None, pred, f"{s}: a {cls} takes one {pred}"
                                 + (" (the passage's words)" if kind else ""))


def _standard_values(graph: Graph, t: Terms, nt: Any, s: URIRef, node_id: str,
                     props: dict[str, Any], source: str) -> None:
    """A status given as its standard individual (schema:actionStatus
    schema:CompletedActionStatus): at most one, of those the schema maps the vocabulary to,
    as the shapes say; read as the first value naming it when lsp:status is missing."""
    preds, individuals = t.value_terms(nt)
    for key, pred in preds.items():
        found = sorted(set(graph.objects(s, pred)), key=str)
        if not found:
            continue
        known = individuals[key]
        short = graph.namespace_manager.normalizeUri
        if len(found) > 1 or found[0] not in known.values():
            allowed = ", ".join(sorted({short(i) for i in known.values()}))
            raise InputError(source, None, short(pred), f"{node_id} has "
                             f"{', '.join(short(o) for o in found)}; it takes one of {allowed}")
        props.setdefault(key, next(v for v, i in known.items() if i == found[0]))


def _no_stray_links(graph: Graph, t: Terms, ids: dict[URIRef, tuple[str, str]],
                    preds: set[URIRef], accepted: set[tuple], source: str) -> None:
    """Refuse an edge predicate between two nodes that no edge type allows (an
    org:memberOf to an area): SHACL refuses it, so import does not drop it quietly."""
    part_of = t.term("dcterms:isPartOf")
    for pred in sorted(preds):
        for a, _, b in graph.triples((None, pred, None)):
            if a not in ids or b not in ids or (a, pred, b) in accepted:
                continue
            if pred == part_of and t.schema.node_types[ids[a][1]].scoped_by:
                continue  # a theme, objective or action's strategy: its scope
            raise InputError(source, None, graph.namespace_manager.normalizeUri(pred),
                             f"links {ids[a][0]} to {ids[b][0]}, which lspgraph's schema "
                             "does not allow")


def _edges(graph: Graph, t: Terms, ids: dict[URIRef, tuple[str, str]], name: str, pred: URIRef,
           origin0: Origin) -> Iterator[tuple[EdgeRecord, tuple]]:
    """The edges of type ``name`` that ``pred`` states (the predicate for their source),
    each with the triple that states it."""
    et = t.schema.edge_types[name]
    for a, _, b in graph.triples((None, pred, None)):
        if a not in ids or b not in ids:
            continue
        u, v = (b, a) if et.rdf_inverse else (a, b)
        (uid, utype), (vid, vtype) = ids[u], ids[v]
        if utype not in et.sources or vtype not in et.targets \
                or t.term(et.rdf_for(utype)) != pred:
            continue
        props: dict[str, Any] = {}
        origins = [origin0]
        if name == "MEMBER_OF":
            props, entries = _membership(graph, t, u, v, str(origin0.source))
            origins = [Origin.from_list(e) for e in entries] or origins
        for origin in origins:
            yield EdgeRecord(name, Ref(text=uid, types=(utype,)),
                             Ref(text=vid, types=(vtype,)), props, origin), (a, pred, b)


# the namespace of lspgraph's terms before it had one of its own, and schema.org's IRIs as
# that lspgraph wrote them
LEGACY_NAMESPACE = "https://example.org/lspgraph/ns#"
_LEGACY_SCHEMA_ORG = "https://schema.org/"


def upgrade_legacy(graph: Graph) -> Graph | None:
    """A file written by an earlier lspgraph, in the ``https://example.org/lspgraph/ns#``
    namespace, in the current terms; None when ``graph`` is not such a file.

    Those files differ in a few terms only, all mapped here: lspgraph's namespace, schema.org
    as ``https://`` (it is ``http://schema.org/``), a lead as ``schema:agent`` (now
    ``lsp:ledBy``), a plan within a plan as ``org:subOrganizationOf`` (now
    ``dcterms:isPartOf``), and a membership's dates as ``schema:startDate`` /
    ``schema:endDate`` on its interval (now ``time:Instant``s), and a theme's name as its
    ``rdfs:label`` only (now also its ``skos:prefLabel``). Their absolute source paths are
    kept as written.
    """
    if (None, URIRef(LEGACY_NAMESPACE + "id"), None) not in graph:
        return None
    t = Terms(load_schema(), DEFAULT_BASE)
    ns, sdo = t.prefixes["lsp"], t.prefixes["schema"]

    def now(term: Any) -> Any:
        if isinstance(term, URIRef):
            text = str(term)
            if text.startswith(LEGACY_NAMESPACE):
                return URIRef(ns + text[len(LEGACY_NAMESPACE):])
            if text.startswith(_LEGACY_SCHEMA_ORG):
                return URIRef(sdo + text[len(_LEGACY_SCHEMA_ORG):])
        return term

    out = Graph()
    for prefix, iri in t.prefixes.items():
        out.bind(prefix, iri, replace=True)
    plans = {now(s) for s in graph.subjects(RDF.type, URIRef(t.expand("prov:Plan")))}
    intervals = {now(s) for s in graph.subjects(RDF.type, t.term("time:Interval"))}
    lead, led_by = t.term("schema:agent"), t.term("lsp:ledBy")
    sub_org, part_of = t.term("org:subOrganizationOf"), t.term("dcterms:isPartOf")
    ends = {t.term("schema:startDate"): ("start", "time:hasBeginning"),
            t.term("schema:endDate"): ("end", "time:hasEnd")}
    for s, p, o in graph:
        s, p, o = now(s), now(p), now(o)
        if p == lead:
            p = led_by
        elif p == sub_org and s in plans and o in plans:
            p = part_of
        elif p in ends and s in intervals and isinstance(o, Literal):
            key, pred = ends[p]
            instant = URIRef(f"{s}-{key}")
            out.add((s, t.term(pred), instant))
            out.add((instant, RDF.type, t.term("time:Instant")))
            p, s = t.term(TIME_OF.get(date_precision(str(o)) or 0, "lsp:when")), instant
        out.add((s, p, o))
    pref = t.term("skos:prefLabel")
    for theme in set(out.subjects(RDF.type, t.term("lsp:Theme"))):
        if (theme, pref, None) not in out:  # its name was an rdfs:label then
            for name in out.objects(theme, RDFS.label):
                out.add((theme, pref, name))
    return out


def legacy_notice() -> str:
    """What import and validate say of a file :func:`upgrade_legacy` read."""
    return (f"written by an earlier lspgraph in {LEGACY_NAMESPACE}; read as "
            f"{load_schema().prefixes['lsp']} (export again to update the file)")


def _not_legacy(graph: Graph, ns: str, source: str) -> None:
    """Refuse, with the reason, a file written in another namespace of lspgraph's terms."""
    if (None, URIRef(ns + "id"), None) in graph:
        return
    others = sorted({str(p)[:-2] for p in graph.predicates() if str(p).endswith("#id")
                     and (None, URIRef(str(p)[:-2] + "source"), None) in graph})
    if others:
        raise InputError(source, None, None, f"uses lspgraph terms in {others[0]}, not "
                         f"{ns}: it was written under another LSPGRAPH_NAMESPACE (set "
                         "LSPGRAPH_NAMESPACE to that publisher's namespace to read it)")


def _membership(graph: Graph, t: Terms, u: URIRef, v: URIRef,
                source: str) -> tuple[dict[str, Any], list[Any]]:
    """A membership's properties and its provenance entries (lsp:source JSON)."""
    for m in graph.subjects(t.term("org:member"), u):
        if (m, t.term("org:organization"), v) in graph:
            names = {t.term("lsp:role"): "role", t.prop("start"): "start",
                     t.prop("end"): "end", t.prop("note"): "note"}
            props = {names[p]: str(o) for p, o in graph.predicate_objects(m) if p in names}
            for during in graph.objects(m, t.term("org:memberDuring")):
                for end, key in (("time:hasBeginning", "start"), ("time:hasEnd", "end")):
                    for instant in graph.objects(during, t.term(end)):
                        # the date as written, whatever its precision (time:inXSDgYear...)
                        dates = [o for _, o in graph.predicate_objects(instant)
                                 if isinstance(o, Literal)]
                        if dates and getattr(dates[0], "ill_typed", False):
                            raise InputError(source, None, key, f"{str(dates[0])!r} is not a "
                                             f"valid {dates[0].datatype}")
                        if dates:
                            props[key] = str(dates[0])
            entries = graph.objects(m, t.term("lsp:source"))
            return props, sorted(json.loads(str(o)) for o in entries)
    return {}, []


def read_file(path: str | Path, syntax: str | None = None) -> Graph:
    """Parse an RDF file by its suffix (ttl, jsonld, nt, rdf/xml, trig); one whose suffix
    names no RDF syntax as ``syntax`` says (a suffix its first bytes show: ``".jsonld"``),
    else as Turtle."""
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = _SCHEMES.get(suffix) or _SCHEMES.get((syntax or "").lstrip("."), "turtle")
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


