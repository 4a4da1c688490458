"""ONS boundary GeoJSON (``.geojson``, ``--format geojson``): each feature is an area's outline.

The ONS Open Geography Portal gives boundaries as a FeatureCollection whose features carry
the same code and name properties as its lookup CSVs (``LAD24CD``, ``LAD24NM``, any year and
geography stem: :func:`lspgraph.importers.ons.columns` reads them), in longitude/latitude.
Each feature becomes an Area record (code, name, kind, vintage) with its Polygon or
MultiPolygon as the area's ``geometry`` (WKT, :mod:`lspgraph.graph.geometry`), so it merges
with the same area from a lookup or a spreadsheet. Problems are collected and reported by
feature number and property; nothing is imported from a file with any.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..graph.errors import InputError, InputErrors
from ..graph.geometry import to_wkt
from ..graph.ids import is_ons_code
from ..graph.records import NodeRecord, Origin
from ..schemas import load_schema
from . import register
from .base import Notice
from .ons import columns, read_stems

__all__ = ["read"]


def _sniff(head: bytes) -> str | None:
    """A JSON object that is a FeatureCollection."""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
        return None
    return ".geojson" if b'"FeatureCollection"' in head.replace(b" ", b"") else None


@register("geojson", suffixes=(".geojson",), sniff=_sniff,
          description="ONS boundary GeoJSON (LAD24CD/LAD24NM...): the outlines of areas")
def read(path: Path) -> Iterator[NodeRecord | Notice]:
    """ONS boundary GeoJSON: one area outline per feature (LAD24CD, LAD24NM...)."""
    where = str(path)
    try:
        doc = json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(where, None, None, f"cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise InputError(where, None, None, f"is not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputError(where, None, "type", "is not a GeoJSON FeatureCollection")
    crs = str(((doc.get("crs") or {}).get("properties") or {}).get("name", ""))
    if crs and not crs.endswith(("CRS84", "4326")):
        raise InputError(where, None, "crs", f"is in {crs}; download the boundaries in "
                         "WGS84 longitude/latitude (GeoJSON's own)")
    schema = load_schema()
    stems = read_stems()
    errors: list[InputError] = []
    records: list[NodeRecord] = []
    for number, feature in enumerate(doc.get("features") or [], start=1):
        line = f"feature {number}"
        props = (feature or {}).get("properties") or {}
        cols = [c for c in columns(list(props)).values() if "CD" in c]
        if not cols:
            errors.append(InputError(where, line, None, "has no ONS code property (such as "
                                     f"LAD24CD); it has {', '.join(props) or 'none'}"))
            continue
        c = cols[0]
        code = str(props.get(c["CD"]) or "").strip().upper()
        if not is_ons_code(code):
            errors.append(InputError(where, line, c["CD"],
                                     f"'{code}' is not an ONS code (e.g. E07000099)"))
            continue
        try:
            wkt = to_wkt(feature.get("geometry"))
        except ValueError as exc:
            errors.append(InputError(where, line, "geometry", str(exc)))
            continue
        values = {"code": code, "vintage": f"20{c['year']}", "geometry": wkt,
                  "kind": schema.area_kind_for_code(code) or stems[c["stem"]]}
        name = str(props.get(c.get("NM", "")) or "").strip()
        if name:
            values["name"] = name
        records.append(NodeRecord("Area", values, Origin(where, line),
                                  fields={"code": c["CD"], "name": c.get("NM", ""),
                                          "geometry": "geometry"}))
    if not records and not errors:
        errors.append(InputError(where, None, "features", "has no features"))
    if errors:
        raise InputErrors(errors[:50])
    yield from records
    yield Notice(Origin(where), f"{len(records)} area boundaries")
