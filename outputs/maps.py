"""Maps of footprints: ``lspgraph map BODY[,BODY...] --out map.html|svg``.

Each body's footprint comes from :class:`lspgraph.queries.coterminosity.Footprints` (the
same finest areas the coterminosity question compares). Every district with a boundary
(``geometry``, from ONS boundary GeoJSON) near the footprints is one SVG shape, coloured by
which of the bodies cover it; where a footprint splits a district (LSOA level), the
district is shaded by the share of its people the footprint covers (of its finest areas
when populations are missing). A district's class is ``all`` (every body covers all of
it), ``none`` (no body covers any of it) or ``some``; ``data-bodies`` names the bodies
that cover any of it and ``data-share`` the least share among them. Hovering a district
shows its name and each body's share (an SVG ``<title>``). Pure SVG: no JavaScript, no
network, so it prints and sits inside the partnership report.

Projection: longitude scaled by the cosine of the map's middle latitude (plain
equirectangular), which is true to within a few per cent over a county or a region.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..graph.errors import LspGraphError
from ..graph.geometry import Ring, bounds, polygons
from ..graph.model import KnowledgeGraph
from ..queries.coterminosity import Footprints, resolve

__all__ = ["COLUMNS", "Map", "build", "coverage", "district_shapes"]

COLUMNS = ["district", "code", "name", "body", "body_name", "share", "basis"]
_DISTRICT_KINDS = ("district", "unitary", "metropolitan_district", "london_borough")
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
            "#ff9da7", "#9c755f", "#bab0ac")
_ALL = "#2f6d3a"
_NONE = "#f1f1ee"
_MARGIN = 0.12  # of the footprints' extent, drawn around them as context


@dataclass
class Map:
    """A drawn map: the SVG, the bodies, and one row per district and body (shares)."""

    svg: str
    title: str
    bodies: list[str]
    shares: pd.DataFrame
    legend: list[tuple[str, str, int]] = field(default_factory=list)  # (colour, text, n)
    size: tuple[float, float] = (0.0, 0.0)  # the map's width and height, in SVG units

    def html(self) -> str:
        """A printable page: title, map, legend and the shares as a table (no script)."""
        rows = "".join(
            f"<tr><td>{_e(r.code)} {_e(r.name)}</td><td>{_e(r.body_name)}</td>"
            f"<td>{r.share:.0%}</td><td>{_e(r.basis)}</td></tr>"
            for r in self.shares.itertuples() if r.share > 0)
        return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
                "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
                "style-src 'unsafe-inline'\">"
                f"<title>{_e(self.title)}</title><style>body{{font:14px/1.4 sans-serif;"
                "max-width:60rem;margin:1.5rem auto;padding:0 1rem}td,th{text-align:left;"
                "padding:2px 8px;border-bottom:1px solid #e3e3e3}table{border-collapse:"
                "collapse}</style></head><body>"
                f"<h1>{_e(self.title)}</h1>{self.figure()}"
                "<h2>Shares</h2><table><tr><th>District</th><th>Body</th><th>Share</th>"
                f"<th>Counted by</th></tr>{rows}</table></body></html>\n")

    def figure(self, note: bool = True) -> str:
        """The SVG and its legend (and how to read the shading), for embedding in a page."""
        items = "".join(
            f"<li><svg width=14 height=14 aria-hidden=true><rect width=14 height=14 "
            f"fill='{c}' stroke='#777'/></svg> {_e(text)} ({n})</li>"
            for c, text, n in self.legend)
        return (f"<figure class=map>{self.svg}<figcaption><ul class=legend "
                f"style='list-style:none;padding:0'>{items}</ul>"
                + ("Paler: the footprints cover only part of the district's people. Hover a "
                   "district for each body's share." if note else "")
                + "</figcaption></figure>")

    def standalone(self) -> str:
        """One SVG file: the map with its title above and its legend below (no script)."""
        width, height = self.size
        lines = self.title.replace("; ", ";\n").splitlines()  # one body a line: long names
        top, row = 10.0 + 19 * len(lines), 20.0
        rows = [*self.legend, ("", "Paler: the footprints cover only part of the "
                               "district's people.", -1)]
        total = top + height + 10 + row * len(rows)
        items = []
        for i, (colour, text, n) in enumerate(rows):
            y = top + height + 10 + row * i
            if colour:
                items.append(f"<rect x='4' y='{y:.0f}' width='14' height='14' "
                             f"fill='{colour}' stroke='#777'/>")
            items.append(f"<text x='{24 if colour else 4}' y='{y + 12:.0f}'>{_e(text)}"
                         + (f" ({n})" if n >= 0 else "") + "</text>")
        return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {total:.0f}' "
                f"width='{width}' height='{total:.0f}' font-family='sans-serif' "
                f"font-size='13' style='background:#fff'>"
                + "".join(f"<text x='4' y='{18 + 19 * i}' font-size='15' font-weight='bold'>"
                          f"{_e(line)}</text>" for i, line in enumerate(lines))
                + f"<g transform='translate(0 {top:.0f})'>{self.svg}</g>"
                + f"<g class='legend'>{''.join(items)}</g></svg>\n")

    def save(self, path: str | Path) -> Path:
        """Write ``.svg`` (the map with its legend) or ``.html`` (the page)."""
        path = Path(path)
        text = self.standalone() if path.suffix.lower() == ".svg" else self.html()
        path.write_text(text, encoding="utf-8")
        return path


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _districts(kg: KnowledgeGraph) -> list[str]:
    return [n for n in kg.nodes("Area") if kg.node(n).get("geometry")
            and kg.node(n).get("kind") in _DISTRICT_KINDS]


def coverage(kg: KnowledgeGraph, bodies: list[str],
             fp: Footprints | None = None) -> pd.DataFrame:
    """One row per (district, body) the body's footprint reaches: the share of the district
    it covers, counted by people when every area of the district has a population, else by
    its finest areas."""
    fp = fp or Footprints(kg)
    rows = []
    for b in bodies:
        inside: dict[str, set[str]] = {}
        for leaf in fp.of(b):
            inside.setdefault(fp.district(leaf), set()).add(leaf)
        for d, leaves in sorted(inside.items()):
            whole = fp.leaves(d)
            people = [fp.people(a) for a in whole]
            if all(p is not None for p in people) and sum(people) > 0:  # type: ignore[arg-type]
                share = sum(fp.people(a) or 0 for a in leaves) / sum(people)  # type: ignore
                basis = "people"
            else:
                share, basis = len(leaves) / max(len(whole), 1), "areas"
            rows.append([d, kg.node(d).get("code", d), kg.label(d), b, kg.label(b),
                         round(share, 4), basis])
    return pd.DataFrame(rows, columns=COLUMNS)


def _project(box: tuple[float, float, float, float], width: float):
    x0, y0, x1, y1 = box
    k = math.cos(math.radians((y0 + y1) / 2))
    scale = width / max((x1 - x0) * k, 1e-9)
    height = (y1 - y0) * scale

    def point(lon: float, lat: float) -> tuple[float, float]:
        return (lon - x0) * k * scale, (y1 - lat) * scale

    return point, height


def _path(polys: list[list[Ring]], point) -> str:
    parts = []
    for poly in polys:
        for ring in poly:
            pts: list[str] = []
            for lon, lat in ring:
                x, y = point(lon, lat)
                p = f"{x:.1f},{y:.1f}"
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) >= 3:
                parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _full(ids: list[str]) -> str:
    """The colour of districts every body covers (one body: its own colour)."""
    return _ALL if len(ids) > 1 else _PALETTE[0]


def _tint(colour: str, share: float) -> str:
    """``colour`` mixed with white: full colour at share 1, pale at small shares."""
    t = 0.25 + 0.75 * max(0.0, min(1.0, share))
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * t):02x}" for c in (r, g, b))


def district_shapes(kg: KnowledgeGraph) -> dict[str, list[list[Ring]]]:
    """{district: its polygons} for every district with a boundary (to share between maps)."""
    return {d: polygons(kg.node(d)["geometry"]) for d in _districts(kg)}


def build(kg: KnowledgeGraph, bodies: list[str], *, width: int = 640,
          title: str | None = None, fp: Footprints | None = None,
          shapes: dict[str, list[list[Ring]]] | None = None) -> Map:
    """The map of ``bodies`` (ids, names or ONS codes) over the districts around them
    (``fp`` and ``shapes``: footprints and :func:`district_shapes` already worked out)."""
    if not bodies:
        raise LspGraphError("name at least one body or area to map")
    ids = list(dict.fromkeys(resolve(kg, b) for b in bodies))
    fp = fp or Footprints(kg)
    empty = [kg.label(b) for b in ids if not fp.of(b)]
    if empty:
        raise LspGraphError(f"no footprint for {', '.join(empty)} (give it a covers code)")
    shares = coverage(kg, ids, fp)
    shapes = shapes if shapes is not None else district_shapes(kg)
    missing = sorted(set(shares.district) - set(shapes))
    if missing:
        listed = ", ".join(f"{kg.node(d).get('code', d)} {kg.label(d)}" for d in missing[:5])
        coarse = any(kg.node(d).get("kind") not in _DISTRICT_KINDS for d in missing)
        raise LspGraphError(
            f"no district boundary for {listed}{' ...' if len(missing) > 5 else ''}: import "
            "the ONS district boundaries (lspgraph import LAD24_BUC.geojson)"
            + (" and a lookup that puts districts within the larger areas (such as "
               "LTLA23_UTLA23_EW_LU.csv)" if coarse else ""))
    boxes = {d: bounds(p) for d, p in shapes.items()}
    used = [boxes[d] for d in set(shares.district)]
    x0, y0 = min(b[0] for b in used), min(b[1] for b in used)
    x1, y1 = max(b[2] for b in used), max(b[3] for b in used)
    pad = _MARGIN * max(x1 - x0, y1 - y0)
    box = (x0 - pad, y0 - pad * 0.6, x1 + pad, y1 + pad * 0.6)
    point, height = _project(box, width)
    near = sorted(d for d, b in boxes.items()
                  if b[0] < box[2] and b[2] > box[0] and b[1] < box[3] and b[3] > box[1])
    share_of = {(r.district, r.body): r.share for r in shares.itertuples()}
    combos: dict[tuple[str, ...], str] = {}
    legend: dict[tuple[str, ...], int] = {}
    paths = []
    names = {b: kg.label(b) for b in ids}
    for d in near:
        covering = tuple(b for b in ids if share_of.get((d, b), 0) > 0)
        least = min((share_of[(d, b)] for b in covering), default=0.0)
        if not covering:
            cls, colour = "none", _NONE
        else:
            full = len(covering) == len(ids)
            base = _full(ids) if full else combos.setdefault(
                covering, _PALETTE[len(combos) % len(_PALETTE)])
            cls = "all" if full and least >= 0.9999 else "some"
            colour = _tint(base, least)
        legend[covering] = legend.get(covering, 0) + 1
        tip = f"{kg.label(d)} ({kg.node(d).get('code', d)})" + "".join(
            f"\n{names[b]}: {share_of.get((d, b), 0):.0%}" for b in ids)
        paths.append(
            f"<path d='{_path(shapes[d], point)}' fill='{colour}' stroke='#555' "
            f"stroke-width='{0.9 if covering else 0.5}' fill-rule='evenodd' "
            f"data-code='{_e(kg.node(d).get('code', d))}' data-class='{cls}' "
            f"data-bodies='{_e(' '.join(covering))}' data-share='{least:.4f}'>"
            f"<title>{_e(tip)}</title></path>")
    entries = []
    for covering, n in sorted(legend.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if not covering:
            entries.append((_NONE, "none of them" if len(ids) > 1 else "not covered", n))
        elif len(covering) == len(ids):
            text = {1: names[ids[0]], 2: "both"}.get(len(ids), "all of them")
            entries.append((_full(ids), text, n))
        else:
            entries.append((combos[covering], "only " + " and ".join(names[b] for b in covering),
                            n))
    label = title or "Footprints: " + "; ".join(names[b] for b in ids)
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height:.0f}' "
           f"width='{width}' height='{height:.0f}' role='img' aria-label='{_e(label)}' "
           "style='background:#fff'>"
           f"<title>{_e(label)}</title>{''.join(paths)}</svg>")
    return Map(svg, label, ids, shares, entries, (width, height))
