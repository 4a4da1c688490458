"""Interactive graph views: one self-contained HTML page per view (``lspgraph view``).

The page is built from pyvis's network model (node and edge dicts, physics options) and
pyvis's bundled copy of vis-network, inlined: the file carries all its JavaScript and CSS
and fetches nothing, so it opens from ``file://`` with no network. Colours, shapes and edge
styles come from ``schemas/lsp.yaml`` (``view`` of each type). Every text in the page is
data, not markup: the graph travels as JSON with ``<``, ``>`` and ``&`` escaped, and the
page's script puts names, tooltips and findings into the DOM with ``textContent``.

``highlight`` marks the rows of one question on the graph (duplicate actions joined by a
dashed edge with their score, non-coterminous members outlined, nodes with gaps flagged,
overlapping partnerships joined) with a side list that selects the nodes of a finding.
Physics lays the graph out, then stops; past ``max_nodes`` the view refuses and asks for a
narrower scope rather than write a page that hangs.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .. import queries
from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from ..queries.common import area_id, areas_below

__all__ = ["View", "build", "render"]

MAX_NODES = 5000


@dataclass
class View:
    """A rendered view: the page's HTML and what it shows (displays inline in Jupyter)."""

    html: str
    nodes: int
    edges: int
    findings: int

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        srcdoc = html.escape(self.html, quote=True)
        return (f'<iframe srcdoc="{srcdoc}" style="width:100%;height:640px;border:0" '
                'sandbox="allow-scripts"></iframe>')


def _scope(kg: KnowledgeGraph, focus: str | None, depth: int, types: list[str] | None,
           area: str | None, partnership: str | None) -> set[str]:
    g = kg.nx
    keep = set(g.nodes)
    if focus:
        if focus not in g:
            found = kg.find(focus)
            if len(found) != 1:
                raise LspGraphError(f"--focus '{focus}': " + (
                    f"could be any of {', '.join(found[:8])}" if found else "no such node"))
            focus = found[0]
        keep = set(nx.ego_graph(g.to_undirected(as_view=True), focus, radius=depth))
    if partnership:
        near = {partnership} | set(g.predecessors(partnership)) | set(g.successors(partnership))
        for s in kg.out(partnership, "OWNS"):
            near |= {s} | set(g.predecessors(s)) | set(g.successors(s))
        keep &= near
    if area:
        code = area_id(area)
        if code not in g:
            raise LspGraphError(f"--area {area}: no such area in the store")
        places = areas_below(kg, code)
        touching = {u for p in places for u in g.predecessors(p)}
        keep &= places | touching | {v for u in touching for v in g.successors(u)}
    if types:
        keep = {n for n in keep if kg.type_of(n) in types}
    return keep


def _tooltip(kg: KnowledgeGraph, node: str) -> dict[str, Any]:
    data = kg.node(node)
    props = {k: v for k, v in data.items() if k not in ("provenance", "type", "name", "geometry")}
    prov = data.get("provenance", [])
    first = prov[0] if prov else None
    type_ = kg.type_of(node)  # vocabulary values by their labels, never their codes
    return {"props": {k: (", ".join(map(str, v)) if isinstance(v, list)
                          else kg.schema.term_label(type_, k, v))
                      for k, v in props.items()},
            "source": first.where() if first else None, "quote": first.quote if first else None}


def _findings(kg: KnowledgeGraph, question: str, shown: set[str]) -> tuple[list[dict], list]:
    """(findings [{text, nodes}], extra edges) for one question's findings."""
    q = queries.get(question)
    findings: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    for f in q.findings(kg, q.answer(kg)):
        findings.append({"text": f.text, "nodes": [n for n in f.nodes if n in shown]})
        if f.link and f.link[0] in shown and f.link[1] in shown:
            extra.append({"from": f.link[0], "to": f.link[1], "kind": q.name,
                          "label": f.link[2]})
    return findings, extra


def build(kg: KnowledgeGraph, *, focus: str | None = None, depth: int = 2,
          types: list[str] | None = None, area: str | None = None,
          partnership: str | None = None, highlight: str | None = None,
          size_by: str = "degree", max_nodes: int = MAX_NODES,
          title: str = "lspgraph view") -> View:
    """The view of ``kg`` (or of a scope of it) as a self-contained page."""
    from pyvis.network import Network

    if highlight and highlight not in queries.names():
        raise LspGraphError(f"no highlight '{highlight}'; known: {', '.join(queries.names())}")
    unknown = [t for t in (types or []) if t not in kg.schema.node_types]
    if unknown:
        raise LspGraphError(f"--type {', '.join(unknown)}: no such node type; known: "
                            f"{', '.join(kg.schema.node_types)}")
    shown = _scope(kg, focus, depth, types, area, partnership)
    if len(shown) > max_nodes:
        raise LspGraphError(
            f"{len(shown):,} nodes is more than a browser lays out comfortably (--max-nodes "
            f"{max_nodes:,}): narrow the view with --focus ID --depth N, --partnership, "
            "--area or --type, or raise --max-nodes")
    schema = kg.schema
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.barnes_hut(gravity=-8000, spring_length=120, overlap=0.2)
    options = json.loads(net.options.to_json())
    # physics lays the graph out, then stops (the page turns it off once stable); bigger
    # graphs get fewer iterations so that a 2,000-node page is usable in seconds
    iterations = 400 if len(shown) <= 500 else max(50, 200_000 // max(len(shown), 1))
    options["physics"]["stabilization"] = {"enabled": True, "iterations": iterations,
                                           "updateInterval": 25}
    options["layout"] = {"improvedLayout": False}  # the physics lays it out; quicker
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "navigationButtons": False}
    options["edges"] = {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                        "smooth": False, "font": {"size": 9, "align": "middle"}}
    g = kg.nx
    sub = g.subgraph(shown)
    degree = dict(sub.degree())
    findings: list[dict] = []
    extra: list[dict] = []
    if highlight:
        findings, extra = _findings(kg, highlight, shown)
    flagged = {n for f in findings for n in f["nodes"]}
    for node in sorted(shown):
        t = kg.type_of(node)
        style = schema.node_types[t].view or {}
        size = 10 + 4 * min(degree.get(node, 0), 15) ** 0.8 if size_by == "degree" else 14
        net.nodes.append({
            "id": node, "label": _short(kg.label(node)), "group": t,
            "shape": style.get("shape", "dot"), "size": round(size, 1),
            "color": {"background": style.get("color", "#97c2fc"),
                      "border": "#d62728" if node in flagged else style.get("color", "#555"),
                      "highlight": {"background": style.get("color", "#97c2fc"),
                                    "border": "#000"}},
            "borderWidth": 4 if node in flagged else 1,
            "name": kg.label(node), "tip": _tooltip(kg, node),
        })
    for u, v, key in sorted(sub.edges(keys=True)):
        style = (schema.edge_types[key].view if key in schema.edge_types else None) or {}
        net.edges.append({"from": u, "to": v, "etype": key,
                          "color": {"color": style.get("color", "#999")},
                          "dashes": bool(style.get("dashes", False))})
    for e in extra:
        net.edges.append({"from": e["from"], "to": e["to"], "etype": e["kind"],
                          "label": e["label"], "dashes": [6, 4], "width": 3,
                          "color": {"color": "#d62728"}, "arrows": {"to": {"enabled": False}},
                          "finding": True})
    legend = [{"type": name, "color": (nt.view or {}).get("color", "#97c2fc"),
               "shape": (nt.view or {}).get("shape", "dot"),
               "count": sum(1 for n in shown if kg.type_of(n) == name)}
              for name, nt in schema.node_types.items()]
    legend = [item for item in legend if item["count"]]
    data = {"nodes": net.nodes, "edges": net.edges, "options": options, "legend": legend,
            "findings": findings, "highlight": highlight, "title": title,
            "highlightTitle": queries.get(highlight).title if highlight else None,
            "pairs": [[e["from"], e["to"]] for e in extra]}
    page = render(data)
    return View(page, len(net.nodes), len(net.edges), len(findings))


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _asset(path: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / path).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no '</script>', no markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(data: dict[str, Any]) -> str:
    """The page for view data (nodes, edges, options, legend, findings)."""
    template = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
    vis_js = _asset("vis-9.1.2/vis-network.min.js").replace("</script", "<\\/script")
    return (template
            .replace("/*VIS_CSS*/", _asset("vis-9.1.2/vis-network.css"))
            .replace("/*VIS_JS*/", vis_js)
            .replace("/*DATA*/", _script_json(data))
            .replace("<!--TITLE-->", html.escape(data["title"])))
