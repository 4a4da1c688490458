"""Interactive graph views: one self-contained HTML page per view (``lspgraph view``).

The page draws with vis-network (pyvis's bundled copy, inlined): the file carries all its
JavaScript and CSS and fetches nothing, so it opens from ``file://`` with no network.
Colours, shapes, edge styles and which types are always labelled come from
``schemas/lsp.yaml`` (``view`` of each type); other nodes are labelled when zoomed in, and
every node names itself on hover. Every text in the page is data, not markup: the graph
travels as JSON with ``<``, ``>`` and ``&`` escaped, and the page's script puts names,
tooltips and findings into the DOM with ``textContent``.

Nodes are placed by :func:`lspgraph.outputs.layout.place` (each partnership with its
members and strategies around it), so the page is settled when first drawn and fits the
window. Above ``max_nodes`` nodes are grouped (:func:`lspgraph.outputs.layout.group`), and
a group opens on click. ``--area`` shows areas below a district as their district unless
``detail="lsoa"``. A side panel shows the selected node: its properties, its source and
the passage quoted from it, the findings that involve it and its neighbours, each a link.
``highlight`` lists one question's findings about the nodes in view (clicking one selects
its nodes) and marks them on the graph.
"""

from __future__ import annotations

import base64
import html
import os
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from .. import queries
from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from ..queries.common import area_id, areas_below
from ..queries.coterminosity import Footprints
from .layout import finer_areas, group, place

__all__ = ["View", "build", "render", "view"]

MAX_NODES = 5000
DETAILS = ("district", "lsoa")


@dataclass
class View:
    """A rendered view: the page's HTML and what it shows (displays inline in Jupyter)."""

    html: str
    nodes: int
    edges: int
    findings: int
    title: str = "lspgraph view"
    groups: int = 0
    ids: list[str] = field(default_factory=list)  # what is drawn: node and group ids

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        srcdoc = html.escape(self.html, quote=True)
        return (f'<iframe srcdoc="{srcdoc}" style="width:100%;height:640px;border:0" '
                f'title="{html.escape(self.title)}" sandbox="allow-scripts"></iframe>')


def _resolve(kg: KnowledgeGraph, text: str, option: str) -> str:
    if text in kg.nx:
        return text
    found = kg.find(text)
    if len(found) != 1:
        raise LspGraphError(f"{option} '{text}': " + (
            f"could be any of {', '.join(found[:8])}" if found else "no such node"))
    return found[0]


def _scope(kg: KnowledgeGraph, focus: str | None, depth: int, types: list[str] | None,
           area: str | None, partnership: str | None) -> set[str]:
    g = kg.nx
    keep = set(g.nodes)
    if focus:
        focus = _resolve(kg, focus, "--focus")
        keep = set(nx.ego_graph(g.to_undirected(as_view=True), focus, radius=depth))
    if partnership:
        near = {partnership} | set(g.predecessors(partnership)) | set(g.successors(partnership))
        strategies = kg.out(partnership, "OWNS")
        for s in strategies:
            near |= {s} | set(g.predecessors(s)) | set(g.successors(s))
        inside = {n for n in g if g.nodes[n].get("scope") in strategies}  # themes, actions...
        near |= inside | {m for n in inside for m in kg.out(n, "MEASURED_BY")}
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


def _title(kg: KnowledgeGraph, focus: str | None, area: str | None,
           partnership: str | None, types: list[str] | None) -> str:
    parts = []
    if partnership:
        parts.append(f"{kg.label(partnership)} and its members")
    if area:
        code = area_id(area)
        parts.append(f"around {kg.label(code)} ({kg.node(code).get('code', area)})")
    if focus:
        parts.append(f"near {kg.label(_resolve(kg, focus, '--focus'))}")
    if types:
        parts.append(", ".join(types))
    return "lspgraph: " + ("; ".join(parts) if parts else "the whole landscape")


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


def _label(kg: KnowledgeGraph, node: str, style: dict[str, Any]) -> str:
    text = kg.label(node)
    limit = 90 if style.get("label") == "text" else 40
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build(kg: KnowledgeGraph, *, focus: str | None = None, depth: int = 2,
          types: list[str] | None = None, area: str | None = None,
          partnership: str | None = None, highlight: str | None = None,
          size_by: str = "degree", max_nodes: int = MAX_NODES, detail: str = "district",
          title: str | None = None) -> View:
    """The view of ``kg`` (or of a scope of it) as a self-contained page.

    Scopes combine: ``focus`` (a node and its neighbours to ``depth`` hops), ``partnership``
    (its members, footprint, strategies and everything in them), ``area`` (what touches the
    area or any area within it), ``types``. Above ``max_nodes`` nodes are grouped.
    """
    if highlight and highlight not in queries.names():
        raise LspGraphError(f"no highlight '{highlight}'; known: {', '.join(queries.names())}")
    if detail not in DETAILS:
        raise LspGraphError(f"--detail {detail}: one of {', '.join(DETAILS)}")
    unknown = [t for t in (types or []) if t not in kg.schema.node_types]
    if unknown:
        raise LspGraphError(f"--type {', '.join(unknown)}: no such node type; known: "
                            f"{', '.join(kg.schema.node_types)}")
    if partnership:
        partnership = _resolve(kg, partnership, "--partnership")
    shown = _scope(kg, focus, depth, types, area, partnership)
    fp = Footprints(kg)
    merged: dict[str, str] = {}
    if area and detail != "lsoa":  # areas below a district are shown as their district
        merged = finer_areas(kg, shown, fp)
        shown = (shown - set(merged)) | set(merged.values())
    groups, parent = group(kg, shown, max_nodes, fp)
    schema = kg.schema
    g = kg.nx
    links: dict[tuple[str, str, str], None] = {}
    inside = shown | set(merged)
    for u, v, key in g.edges(keys=True):
        if u not in inside or v not in inside:
            continue
        u, v = merged.get(u, u), merged.get(v, v)
        if u != v:
            links[(u, v, key)] = None
    top = [n for n in sorted(shown) if n not in parent] + sorted(groups)
    adjacency: dict[str, set[str]] = {n: set() for n in top}
    for u, v, _ in links:
        a, b = parent.get(u, u), parent.get(v, v)
        if a != b:
            adjacency[a].add(b)
            adjacency[b].add(a)
    roots = sorted((n for n in top if n in g and kg.type_of(n) == "Partnership"),
                   key=lambda p: (-len(adjacency[p]), p))
    pos = place(top, adjacency, roots)
    findings: list[dict] = []
    extra: list[dict] = []
    if highlight:  # only the findings about what is in view, with all their nodes
        every, extra = _findings(kg, highlight, set(g.nodes))
        findings = [f for f in every if f["nodes"] and set(f["nodes"]) <= shown]
        extra = [e for e in extra if e["from"] in shown and e["to"] in shown]
    flagged = {n for f in findings for n in f["nodes"]}
    degree = {n: len(adjacency.get(parent.get(n, n), ())) for n in shown}
    nodes: list[dict[str, Any]] = []
    styles: dict[str, dict[str, Any]] = {}  # per type, as vis-network groups: said once
    for name, nt in schema.node_types.items():
        style = nt.view or {}
        always = style.get("label") == "always"
        colour = style.get("color", "#97c2fc")
        styles[name] = {"shape": style.get("shape", "dot"),
                        "color": {"background": colour, "border": colour,
                                  "highlight": {"background": colour, "border": "#000"}},
                        "borderWidth": 1, "font": {"size": 16 if always else 12}}
        if always:
            styles[name]["scaling"] = {"label": {"drawThreshold": 1}}
        if style.get("label") == "text":
            styles[name]["widthConstraint"] = {"maximum": 180}
    for node in sorted(shown):
        t = kg.type_of(node)
        style = schema.node_types[t].view or {}
        size = (8 + 2.5 * min(degree.get(node, 0), 15) ** 0.8 if size_by == "degree" else 12)
        x, y = pos.get(parent.get(node, node), (0.0, 0.0))
        item: dict[str, Any] = {
            "id": node, "label": _label(kg, node, style), "group": t, "x": x, "y": y,
            "size": round(size + (6 if style.get("label") == "always" else 0), 1),
            "name": kg.label(node), "tip": _tooltip(kg, node),
        }
        if node in flagged:
            colour = style.get("color", "#97c2fc")
            item["color"] = {"background": colour, "border": "#d62728",
                             "highlight": {"background": colour, "border": "#000"}}
            item["borderWidth"] = 4
        if node in parent:
            item["parent"] = parent[node]
        nodes.append(item)
    for gid, grp in sorted(groups.items()):
        style = schema.node_types[grp.type].view or {}
        x, y = pos[gid]
        nodes.append({"id": gid, "label": grp.label, "group": grp.type, "x": x, "y": y,
                      "shape": "box", "isGroup": True, "members": grp.members,
                      "color": {"background": "#ffffff",
                                "border": style.get("color", "#555")},
                      "borderWidth": 3, "shapeProperties": {"borderDashes": [5, 3]},
                      "font": {"size": 14}, "scaling": {"label": {"drawThreshold": 1}},
                      "name": grp.label,
                      "tip": {"props": {"members": f"{len(grp.members):,}",
                                        "open": "click to show them"},
                              "source": None, "quote": None}})
    _maps(kg, nodes, fp)
    edges: list[dict[str, Any]] = []
    for u, v, key in links:
        style = (schema.edge_types[key].view if key in schema.edge_types else None) or {}
        edges.append({"from": u, "to": v, "etype": key,
                      "color": {"color": style.get("color", "#999")},
                      "dashes": bool(style.get("dashes", False))})
    for e in extra:
        edges.append({"from": e["from"], "to": e["to"], "etype": e["kind"],
                      "label": e["label"], "dashes": [6, 4], "width": 3,
                      "color": {"color": "#d62728"}, "arrows": {"to": {"enabled": False}},
                      "finding": True})
    per_type = Counter(kg.type_of(n) for n in shown)
    legend = [{"type": name, "color": (nt.view or {}).get("color", "#97c2fc"),
               "shape": (nt.view or {}).get("shape", "dot"),
               "count": per_type.get(name, 0)}
              for name, nt in schema.node_types.items()]
    legend = [item for item in legend if item["count"]]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(top) > 2000,
                        "hideEdgesOnZoom": len(top) > 2000},
        "nodes": {"scaling": {"label": {"drawThreshold": 9}}},
        "groups": styles,
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "font": {"size": 9, "align": "middle"}},
    }
    page_title = title or _title(kg, focus, area, partnership, types)
    data = {"nodes": nodes, "edges": edges, "options": options, "legend": legend,
            "findings": findings, "highlight": highlight, "title": page_title,
            "highlightTitle": queries.get(highlight).title if highlight else None,
            "pairs": [[e["from"], e["to"]] for e in extra]}
    page = render(data)
    return View(page, len(top), len(edges), len(findings), page_title, len(groups), top)


def _maps(kg: KnowledgeGraph, nodes: list[dict[str, Any]], fp: Footprints,
          limit: int = 200) -> None:
    """A map of each body's footprint for the side panel (an SVG image), when the store
    has district boundaries; at most ``limit`` bodies, to keep the page light."""
    from . import maps

    if not any(d.get("geometry") for _, d in kg.nx.nodes(data=True)):
        return
    shapes = maps.district_shapes(kg)
    if not shapes:
        return
    drawn = 0
    for item in nodes:
        node = item["id"]
        if drawn >= limit or kg.type_of(node) not in ("Partnership", "Organisation",
                                                       "Strategy") or not fp.of(node):
            continue
        try:
            svg = maps.build(kg, [node], width=280, fp=fp, shapes=shapes).svg
        except LspGraphError:  # a footprint without boundaries
            continue
        item["map"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        drawn += 1


def view(store: KnowledgeGraph | str | os.PathLike[str] | None = None,
         **options: Any) -> View:
    """The view of a store (a path, None for the default store, or a graph already loaded),
    for notebooks: ``view("lspgraph.store", partnership="Hertfordshire Forward")`` displays
    inline in Jupyter. ``options`` are those of :func:`build`."""
    from ..graph import load

    kg = store if isinstance(store, KnowledgeGraph) else load(store)
    return build(kg, **options)


def _asset(path: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / path).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no '</script>', no markup."""
    text = orjson.dumps(value).decode()
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
