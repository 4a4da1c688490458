"""A partnership's linked-data report: ``lspgraph report PARTNERSHIP --out DIR``.

``index.html`` is plain HTML (no JavaScript; a print stylesheet): who sits on the
partnership and in which role, its footprint and how its members' footprints line up, its
strategies with their themes, objectives and actions (leads, dates, status), and the
findings of every question that concern it, each with its evidence and source. The
same content is RDF: embedded in the page as JSON-LD and written as ``report.ttl``. Each
finding is an ``lsp:Finding`` ``prov:wasGeneratedBy`` an activity that names the question,
the rules it ran with and the lspgraph version, at ``prov:generatedAtTime``. Every text is
escaped: names come from documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from importlib import metadata
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from .. import queries
from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from . import maps, rdf, vocab

__all__ = ["STREAMS", "Report", "build", "write"]

# what ``report --out -`` can write to standard output: each one stream of its own
STREAMS = ("html", "ttl", "jsonld")

_CSS = """
body { font: 14px/1.45 Georgia, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc;
 margin-top: 2rem; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 6px; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; } .muted { color: #666; } .no { color: #a61b1b; }
ul.actions li { margin: 2px 0; } .finding { margin: .4rem 0; }
.maps { display: flex; flex-wrap: wrap; gap: 1rem; } .member-map { width: 250px; }
.member-map h4 { margin: .2rem 0; font-size: 13px; } figure.map { margin: 0; }
figure.map svg { max-width: 100%; height: auto; } ul.legend { font-size: 12px; margin: .3rem 0; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-after: avoid; } table, .finding, figure { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; } }
"""


class Report:
    """A built report: its HTML, its RDF graph, the Turtle text and the JSON-LD (compacted
    with lspgraph's context, as the page embeds it)."""

    def __init__(self, page: str, graph: Graph, turtle: str, jsonld: str = ""):
        self.html, self.graph, self.turtle, self.jsonld = page, graph, turtle, jsonld

    def text(self, fmt: str) -> str:
        """One of :data:`STREAMS` as text: ``html`` the page (JSON-LD inside), ``ttl`` the
        Turtle, ``jsonld`` the JSON-LD alone."""
        if fmt not in STREAMS:
            raise LspGraphError(f"a report is written as {', '.join(STREAMS)}, not {fmt!r}")
        return {"html": self.html, "ttl": self.turtle, "jsonld": self.jsonld}[fmt]


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _term(kg: KnowledgeGraph, node: str, prop: str) -> str:
    """A property in words: a vocabulary's label ('Not started'), never its code."""
    return kg.schema.term_label(kg.type_of(node), prop, kg.node(node).get(prop))


def _scope_nodes(kg: KnowledgeGraph, p: str) -> set[str]:
    nodes = {p} | {m for m in kg.into(p, "MEMBER_OF")} | set(kg.out(p, "COVERS"))
    strategies = set(kg.out(p, "OWNS"))
    nodes |= strategies
    for n in kg.nodes():
        if kg.node(n).get("scope") in strategies:
            nodes.add(n)
    for s in strategies:
        nodes |= set(kg.out(s, "COVERS"))
    return nodes


def _version() -> str:
    try:
        return metadata.version("lspgraph")
    except metadata.PackageNotFoundError:
        return "unknown"


def _findings(kg: KnowledgeGraph, p: str, nodes: set[str],
              rules: dict[str, Any]) -> list[dict[str, Any]]:
    """Every question's findings that concern the partnership: asked about it when the
    question takes ``--partnership``, and touching the report's nodes."""
    out: list[dict[str, Any]] = []
    for q in queries.questions():
        df = q.answer(kg, rules=rules, **({"partnership": p} if q.takes("partnership") else {}))
        found = [f for f in q.findings(kg, df) if set(f.nodes) & nodes]
        out += [{"question": q.name, "subjects": list(f.nodes), "text": f.text,
                 "evidence": f.evidence} for f in found[:q.report_rows]]
    return out


def build(kg: KnowledgeGraph, partnership: str, base: str = rdf.DEFAULT_BASE,
          now: dt.datetime | None = None) -> Report:
    """The report of one partnership (its id)."""
    if partnership not in kg.nx or kg.type_of(partnership) != "Partnership":
        raise LspGraphError(f"no partnership '{partnership}'")
    nodes = _scope_nodes(kg, partnership)
    # files named as the whole landscape's export names them (relative to the import)
    sub = KnowledgeGraph(nx.MultiDiGraph(kg.nx.subgraph(nodes)))
    g = rdf.to_rdf(sub, base, names=rdf.relative_sources(kg))
    lsp = Namespace(kg.schema.prefixes["lsp"])
    prov = Namespace(kg.schema.prefixes["prov"])
    rdfs = Namespace(kg.schema.prefixes["rdfs"])
    dcterms = Namespace(kg.schema.prefixes["dcterms"])
    schema_ns = Namespace(kg.schema.prefixes["schema"])
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    rules = queries.load_rules()
    cot = queries.run("coterminosity", kg, rules=rules, partnership=partnership)
    findings = _findings(kg, partnership, nodes, rules)
    for question in sorted({f["question"] for f in findings}):
        act = URIRef(base + "activity/" + question)
        g.add((act, RDF.type, prov.Activity))
        g.add((act, rdfs.label, Literal(f"lspgraph query {question}")))
        section = queries.get(question).section
        g.add((act, lsp.rules, Literal(json.dumps(rules.get(section, {}), sort_keys=True))))
        g.add((act, schema_ns.softwareVersion, Literal(f"lspgraph {_version()}")))
    for f in findings:
        key = hashlib.sha1(json.dumps([f["question"], f["text"]]).encode()).hexdigest()[:16]
        f["iri"] = base + "finding/" + key
        node = URIRef(f["iri"])
        g.add((node, RDF.type, lsp.Finding))
        g.add((node, rdfs.label, Literal(f["text"])))
        g.add((node, lsp.evidence, Literal(f["evidence"])))
        g.add((node, prov.wasGeneratedBy, URIRef(base + "activity/" + f["question"])))
        g.add((node, prov.generatedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))
        for s in f["subjects"]:
            if s in kg.nx:
                g.add((node, dcterms.subject, rdf.node_iri(kg, s, base)))
    turtle = g.serialize(format="turtle")
    # compacted with lspgraph's context (schemas/context.jsonld), written inline: the page
    # reads the same without fetching anything
    jsonld = g.serialize(format="json-ld", context=vocab.context()["@context"], auto_compact=True)
    page = _html(kg, partnership, findings, cot, jsonld, when)
    return Report(page, g, turtle, jsonld)


def _html(kg: KnowledgeGraph, p: str, findings: list[dict[str, Any]], cot: pd.DataFrame,
          jsonld: str, when: dt.datetime) -> str:
    data = kg.node(p)
    parts = [f"<h1>{_e(kg.label(p))}</h1>",
             f"<p class=muted>{_e(_term(kg, p, 'kind') or 'Partnership')}"
             f"{' · ' + _e(data['area']) if data.get('area') else ''} · report made "
             f"{_e(when.isoformat())} by lspgraph {_e(_version())}</p>"]
    members = sorted(kg.into(p, "MEMBER_OF"), key=kg.label)
    parts.append(f"<h2>Members ({len(members)})</h2><table><tr><th>Member</th><th>Type</th>"
                 "<th>Role</th></tr>")
    for m in members:
        role = kg.nx.edges[m, p, "MEMBER_OF"].get("role") or kg.node(m).get("role", "")
        parts.append(f"<tr><td>{_e(kg.label(m))}</td><td>{_e(kg.type_of(m))}</td>"
                     f"<td>{_e(role)}</td></tr>")
    parts.append("</table>")
    areas = sorted(kg.out(p, "COVERS"))
    parts.append("<h2>Footprint</h2>")
    if areas:
        parts.append("<p>" + "; ".join(
            f"{_e(kg.node(a).get('code', a))} {_e(kg.label(a))}" for a in areas) + "</p>")
        parts.append("<table><tr><th>Member</th><th>Containment</th><th>Coverage</th>"
                     "<th>Jaccard</th><th>Jaccard by people</th><th>Coterminous</th>"
                     "<th>Outside</th></tr>")
        for r in cot.to_dict("records"):
            parts.append(
                f"<tr><td>{_e(r['a_name'])}</td><td>{_e(r['containment'])}</td>"
                f"<td>{_e(r['coverage'])}</td><td>{_e(r['jaccard'])}</td>"
                f"<td>{_e(r['pop_jaccard'])}</td>"
                f"<td>{'yes' if r['coterminous'] else '<span class=no>no</span>'}</td>"
                f"<td>{_e('; '.join(r['outside']))}</td></tr>")
        parts.append("</table>")
        parts.append(_maps(kg, p, cot))
    else:
        parts.append("<p class=muted>No footprint recorded (give the partnership a "
                     "<code>covers</code> code).</p>")
    strategies = sorted(kg.out(p, "OWNS"), key=kg.label)
    parts.append(f"<h2>Strategies ({len(strategies)})</h2>")
    for s in strategies:
        sd = kg.node(s)
        meta = " · ".join(_e(_term(kg, s, k)) for k in ("kind", "period", "status")
                          if sd.get(k))
        parts.append(f"<h3>{_e(kg.label(s))}</h3><p class=muted>{meta}</p>")
        for t in sorted(kg.out(s, "HAS_THEME"), key=kg.label):
            parts.append(f"<p><b>{_e(kg.label(t))}</b></p>")
            parts.append(_actions(kg, [a for a in kg.out(t, "HAS_ACTION")]))
            for o in kg.out(t, "HAS_OBJECTIVE"):
                parts.append(f"<p>Objective: {_e(kg.label(o))}</p>")
                parts.append(_actions(kg, kg.out(o, "HAS_ACTION")))
        loose = [a for a in kg.out(s, "HAS_ACTION")]
        if loose:
            parts.append(_actions(kg, loose))
    parts.append(f"<h2>Findings ({len(findings)})</h2>")
    for question in queries.questions():
        rows = [f for f in findings if f["question"] == question.name]
        if not rows:
            continue
        parts.append(f"<h3>{_e(question.title)} ({len(rows)})</h3>")
        for f in rows:
            parts.append(f"<div class=finding id='{_e(f['iri'].rsplit('/', 1)[-1])}'>"
                         f"{_e(f['text'])}<br><span class=muted>{_e(f['evidence'])}"
                         f"{_source_link(kg, f['subjects'])}</span></div>")
    body = "\n".join(parts)
    safe_jsonld = jsonld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{_e(kg.label(p))}: partnership report</title><style>{_CSS}</style>"
        f"<script type=\"application/ld+json\">{safe_jsonld}</script></head>"
        f"<body>{body}</body></html>\n")


def _maps(kg: KnowledgeGraph, p: str, cot: pd.DataFrame) -> str:
    """The partnership's footprint on a map, then each member's against it (pure SVG)."""
    try:
        figures = [maps.build(kg, [p], width=520, title=kg.label(p)).figure()]
        for member in dict.fromkeys(cot.a):
            drawn = maps.build(kg, [member, p], width=240, title=kg.label(member))
            figures.append(f"<div class=member-map><h4>{_e(kg.label(member))}</h4>"
                           f"{drawn.figure(note=False)}</div>")
    except LspGraphError as exc:
        return f"<p class=muted>No map: {_e(exc)}</p>"
    return (f"<h3>Maps</h3>{figures[0]}<p class=muted>Each member's footprint against the "
            f"partnership's:</p><div class=maps>{''.join(figures[1:])}</div>")


def _actions(kg: KnowledgeGraph, actions: list[str]) -> str:
    if not actions:
        return ""
    items = []
    for a in sorted(actions, key=kg.label):
        d = kg.node(a)
        leads = ", ".join(kg.label(x) for x in kg.into(a, "LEADS"))
        extra = " · ".join(x for x in (f"lead: {leads}" if leads else "",
                                       f"due: {d['due']}" if d.get("due") else "",
                                       _term(kg, a, "status")) if x)
        items.append(f"<li>{_e(kg.label(a))}"
                     + (f" <span class=muted>({_e(extra)})</span>" if extra else "") + "</li>")
    return "<ul class=actions>" + "".join(items) + "</ul>"


def _source_link(kg: KnowledgeGraph, subjects: list[str]) -> str:
    for s in subjects:
        prov = kg.node(s).get("provenance", []) if s in kg.nx else []
        if prov:
            return f" · source: {_e(prov[0].where())}"  # the file's name: no local path leaves
    return ""


def write(report: Report, out: str | Path) -> Path:
    """Write index.html and report.ttl into the folder ``out`` (created if missing)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(report.html, encoding="utf-8")
    (out / "report.ttl").write_text(report.turtle, encoding="utf-8")
    return out
