"""Area geometry as WKT text: from GeoJSON, back to rings, and checked.

An area's ``geometry`` property (schemas/lsp.yaml, type ``wkt``) is a ``POLYGON`` or
``MULTIPOLYGON`` in longitude/latitude (CRS84, GeoSPARQL's default), so that it travels
through every store and export as one string and is GeoSPARQL's ``geo:asWKT`` as it stands.

>>> wkt = to_wkt({"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 51]]]})
>>> wkt
'MULTIPOLYGON (((0 51, 1 51, 1 52, 0 51)))'
>>> polygons(wkt)
[[[(0.0, 51.0), (1.0, 51.0), (1.0, 52.0), (0.0, 51.0)]]]
>>> parse_wkt("polygon((0 51,1 51,1 52,0 51))")
'MULTIPOLYGON (((0 51, 1 51, 1 52, 0 51)))'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Ring", "bounds", "parse_wkt", "polygons", "to_wkt"]

Ring = list[tuple[float, float]]
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_POINT = re.compile(rf"({_NUMBER})\s+({_NUMBER})")
_HEAD = re.compile(r"^\s*(MULTIPOLYGON|POLYGON)\s*(\(.*\))\s*$", re.IGNORECASE | re.DOTALL)


def _num(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _ring(points: Any, where: str) -> Ring:
    if not isinstance(points, list):
        raise ValueError(f"{where}: a ring is not a list of positions")
    ring: Ring = []
    for p in points:
        if not isinstance(p, list | tuple) or len(p) < 2 \
                or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in p[:2]):
            raise ValueError(f"{where}: a position is not [longitude, latitude]")
        lon, lat = float(p[0]), float(p[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"{where}: ({p[0]}, {p[1]}) is not longitude/latitude (the "
                             "file may be in British National Grid: download it as WGS84)")
        ring.append((lon, lat))
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise ValueError(f"{where}: a ring needs at least four positions, first = last")
    return ring


def _from_geojson(geometry: Any) -> list[list[Ring]]:
    if not isinstance(geometry, dict):
        raise ValueError("no geometry")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        coords = [coords]
    elif kind != "MultiPolygon":
        raise ValueError(f"geometry type {kind!r}: a boundary is a Polygon or MultiPolygon")
    if not isinstance(coords, list) or not coords \
            or not all(isinstance(poly, list) and poly for poly in coords):
        raise ValueError("empty coordinates")
    return [[_ring(r, f"polygon {i + 1}") for r in poly] for i, poly in enumerate(coords)]


def _wkt(polys: list[list[Ring]]) -> str:
    return "MULTIPOLYGON (" + ", ".join(
        "(" + ", ".join("(" + ", ".join(f"{_num(x)} {_num(y)}" for x, y in ring) + ")"
                        for ring in poly) + ")" for poly in polys) + ")"


def to_wkt(geometry: dict[str, Any]) -> str:
    """WKT ``MULTIPOLYGON`` of a GeoJSON Polygon or MultiPolygon (raises ValueError)."""
    return _wkt(_from_geojson(geometry))


def polygons(wkt: str) -> list[list[Ring]]:
    """The polygons of a WKT POLYGON or MULTIPOLYGON: each a list of rings (outer first)."""
    m = _HEAD.match(wkt)
    if not m:
        raise ValueError("not a WKT POLYGON or MULTIPOLYGON")
    body = m[2].strip()
    if m[1].upper() == "POLYGON":
        body = f"({body})"
    out: list[list[Ring]] = []
    depth = 0
    poly: list[Ring] = []
    start = 0
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
            if depth == 3:
                start = i + 1
        elif ch == ")":
            if depth == 3:
                ring = [(float(x), float(y)) for x, y in _POINT.findall(body[start:i])]
                poly.append(_ring(ring, f"polygon {len(out) + 1}"))
            elif depth == 2:
                out.append(poly)
                poly = []
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced parentheses")
    if depth != 0 or not out or not all(out):
        raise ValueError("unbalanced parentheses or an empty polygon")
    return out


def parse_wkt(text: str) -> str:
    """Check WKT polygon text and write it in the one form lspgraph stores (MULTIPOLYGON)."""
    return _wkt(polygons(str(text)))


def bounds(polys: list[list[Ring]]) -> tuple[float, float, float, float]:
    """(min longitude, min latitude, max longitude, max latitude) of polygons."""
    xs = [x for poly in polys for x, _ in poly[0]]
    ys = [y for poly in polys for _, y in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)
