"""ONS boundary GeoJSON: each feature becomes an Area's geometry (WKT), read as the portal
gives it; problems named by file, feature and property, and nothing imported."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import BOUNDARIES, console, sample_files
from lspgraph.graph import geometry, load
from lspgraph.graph.errors import InputErrors
from lspgraph.importers import build_graph, for_path, import_files

SQUARE = [[[0.0, 51.0], [0.1, 51.0], [0.1, 51.1], [0.0, 51.1], [0.0, 51.0]]]


def _collection(tmp_path, features, name="b.geojson", **extra):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", **extra, "features": features}))
    return path


def _feature(props, coords=SQUARE, kind="Polygon"):
    return {"type": "Feature", "properties": props,
            "geometry": {"type": kind, "coordinates": coords}}


def test_the_districts_of_england(shared, tmp_path):
    store = tmp_path / "b.store"
    done = console("import", str(BOUNDARIES), "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert "296 area boundaries" in done.stderr + done.stdout
    kg = load(store)
    areas = {kg.node(a)["code"]: kg.node(a) for a in kg.nodes("Area")}
    assert len(areas) == 296
    assert {a["kind"] for a in areas.values()} == {"district", "unitary",
                                                    "metropolitan_district", "london_borough"}
    herts = areas["E07000099"]
    assert herts["name"] == "North Hertfordshire" and herts["vintage"] == "2024"
    polys = geometry.polygons(herts["geometry"])
    x0, y0, x1, y1 = geometry.bounds(polys)
    assert -0.5 < x0 < x1 < 0.2 and 51.8 < y0 < y1 < 52.1  # north of London, around Hitchin
    assert all(a["geometry"].startswith("MULTIPOLYGON (((") for a in areas.values())
    again = store.read_bytes()
    console("import", str(BOUNDARIES), "--store", str(store))
    assert store.read_bytes() == again  # importing twice changes nothing


def test_boundaries_merge_with_areas_from_a_lookup(tmp_path):
    kg = build_graph(sample_files()).graph
    broxbourne = kg.node("area:E07000095")
    assert broxbourne["population"] == 98983 and broxbourne["geometry"].startswith("MULTI")
    assert kg.label("area:E07000095") == "Broxbourne"
    assert sum(1 for a in kg.nodes("Area") if kg.node(a).get("geometry")) == 23


def test_any_stem_and_year(tmp_path):
    path = _collection(tmp_path, [_feature({"PFA23CD": "E23000027", "PFA23NM": "Hertfordshire",
                                             "OBJECTID": 7, "GlobalID": "x"})],
                       name="pfa.json")
    assert for_path(path).name == "json"  # by suffix; GeoJSON from the portal is .geojson
    kg = build_graph([path], format="geojson").graph
    node = kg.node("area:E23000027")
    assert node["kind"] == "police_force_area" and node["vintage"] == "2023"


def test_bad_features_are_named_and_nothing_imports(tmp_path):
    path = _collection(tmp_path, [
        _feature({"LAD24CD": "E07000099", "LAD24NM": "North Hertfordshire"}),
        _feature({"NAME": "Nowhere"}),
        _feature({"LAD24CD": "X123"}),
        _feature({"LAD24CD": "E07000098"}, coords=[[[530000, 180000], [1, 1], [2, 2],
                                                    [530000, 180000]]]),
        {"type": "Feature", "properties": {"LAD24CD": "E07000103"},
         "geometry": {"type": "Point", "coordinates": [0, 51]}},
    ])
    store = tmp_path / "s.store"
    with pytest.raises(InputErrors) as err:
        import_files([path], store)
    text = str(err.value)
    assert f"{path}, feature 2: has no ONS code property (such as LAD24CD)" in text
    assert "feature 3, column 'LAD24CD': 'X123' is not an ONS code" in text
    assert "feature 4, column 'geometry'" in text and "British National Grid" in text
    assert "feature 5, column 'geometry'" in text and "Polygon or MultiPolygon" in text
    assert not store.exists()
    bng = _collection(tmp_path, [_feature({"LAD24CD": "E07000099"})], name="bng.geojson",
                      crs={"type": "name", "properties": {"name": "EPSG:27700"}})
    done = console("import", str(bng), "--store", str(store))
    assert done.returncode == 1 and "EPSG:27700" in done.stderr and not store.exists()


_coord = st.floats(min_value=-10, max_value=10, allow_nan=False).map(lambda v: round(v, 6))


@given(st.lists(st.lists(st.tuples(_coord, _coord), min_size=3, max_size=8), min_size=1,
                max_size=3))
def test_wkt_round_trip(rings):
    polys = [[[list(p) for p in ring] + [list(ring[0])]] for ring in rings]
    wkt = geometry.to_wkt({"type": "MultiPolygon", "coordinates": polys})
    assert geometry.parse_wkt(wkt) == wkt
    back = geometry.polygons(wkt)
    assert back == [[[(float(x), float(y)) for x, y in ring] for ring in poly]
                    for poly in polys]


def test_geometry_is_geosparql_and_reads_back(tmp_path):
    import rdflib
    from rdflib.namespace import RDF

    geo = rdflib.Namespace("http://www.opengis.net/ont/geosparql#")
    store = tmp_path / "s.store"
    console("import", *map(str, sample_files()), "--store", str(store))
    out = tmp_path / "s.ttl"
    done = console("export", "--format", "ttl", "--out", str(out), "--store", str(store))
    assert done.returncode == 0, done.stderr
    g = rdflib.Graph().parse(out, format="turtle")
    area = rdflib.URIRef("http://statistics.data.gov.uk/id/statistical-geography/E07000095")
    shape = g.value(area, geo.hasGeometry)
    assert (shape, RDF.type, geo.Geometry) in g
    wkt = g.value(shape, geo.asWKT)
    assert wkt.datatype == geo.wktLiteral and str(wkt).startswith("MULTIPOLYGON (((")
    assert len(set(g.subjects(RDF.type, geo.Geometry))) == 23
    again = tmp_path / "again.store"
    done = console("import", str(out), "--store", str(again))
    assert done.returncode == 0, done.stderr
    before = build_graph(sample_files()).graph
    after = load(again)
    for a in before.nodes("Area"):
        assert after.node(a).get("geometry") == before.node(a).get("geometry"), a
    rows = console("sparql", "SELECT ?area ?wkt WHERE { ?area geo:hasGeometry/geo:asWKT ?wkt }",
                   "--format", "csv", "--store", str(store))
    assert rows.returncode == 0 and len(rows.stdout.strip().splitlines()) == 1 + 23


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                     | st.text(max_size=3),
                     lambda inner: st.lists(inner, max_size=5)
                     | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=30)


@given(kind=st.sampled_from(["Polygon", "MultiPolygon", "Point", None]), coords=_json)
def test_any_geometry_is_a_boundary_or_a_message(kind, coords):
    # the fuzzing of every importer once found a Polygon without 'coordinates' raising a
    # TypeError: whatever a feature holds, it is a WKT boundary or a ValueError to report
    try:
        wkt = geometry.to_wkt({"type": kind, "coordinates": coords})
    except ValueError:
        return
    assert wkt.startswith("MULTIPOLYGON ((")
