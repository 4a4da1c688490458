"""lspgraph map and the report's maps: one SVG shape per district, coloured by coverage,
checked as files, in headless Chromium, and at LSOA level on the real ONS lookups."""

from __future__ import annotations

import csv
import time
from importlib import resources

import pytest

from conftest import BOUNDARIES, ONS, ONS_LOOKUPS, console
from lspgraph.graph import load
from lspgraph.importers import import_files
from lspgraph.outputs import maps

HERTS = ["Hertfordshire Constabulary", "Hertfordshire Fire and Rescue Service",
         "Hertfordshire LEP", "Hertfordshire County Council"]
CCGS = ["Herts Valleys CCG", "East and North Herts CCG"]


def _within() -> dict[str, set[str]]:
    """Each sample district's parents, as sample/areas.csv gives them (the expectation)."""
    path = resources.files("lspgraph.sample").joinpath("areas.csv")
    with path.open(encoding="utf-8") as fh:
        return {r["code"]: {c.strip() for c in r["within"].split(";")}
                for r in csv.DictReader(fh) if r["kind"] == "district"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = tmp_path_factory.mktemp("map") / "demo.store"
    done = console("demo", "--store", str(store))
    assert done.returncode == 0, done.stderr
    return store


def _shapes(browser, path):
    browser.get(path.resolve().as_uri())
    for _ in range(50):
        if browser.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.1)
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script(  # JSON-LD is data; nothing runs
        "return [...document.scripts].filter(s => s.type !== 'application/ld+json').length") == 0
    return browser.execute_script("""
        return [...document.querySelectorAll('svg path[data-code]')].map(p => {
            const b = p.getBBox();
            return [p.dataset.code, p.dataset.class, p.dataset.bodies, b.width * b.height,
                    getComputedStyle(p).fill];
        });""")


def test_hertfordshire_bodies_in_chromium(demo, tmp_path, browser):
    out = tmp_path / "herts.html"
    done = console("map", ",".join(HERTS), "--out", str(out), "--store", str(demo))
    assert done.returncode == 0, done.stderr
    shapes = _shapes(browser, out)
    codes = [s[0] for s in shapes]
    assert len(codes) == len(set(codes))  # one shape per district
    herts = {c for c, parents in _within().items() if "E10000015" in parents}
    assert len(herts) == 10
    assert {c for c, cls, *_ in shapes if cls == "all"} == herts  # all four cover all ten
    assert {cls for c, cls, *_ in shapes if c not in herts} == {"none"}
    assert all(area > 100 for *_, area, _ in shapes)  # drawn, not degenerate
    text = browser.execute_script("return document.body.innerText")
    assert "all of them (10)" in text and "none of them" in text


def test_the_two_ccgs_split_the_county(demo, tmp_path, browser):
    kg = load(demo)
    ids = [kg.find(n)[0] for n in CCGS]
    out = tmp_path / "ccgs.svg"
    done = console("map", ",".join(CCGS), "--out", str(out), "--store", str(demo))
    assert done.returncode == 0, done.stderr
    svg = out.read_text()
    assert svg.startswith("<svg xmlns=")
    # the file alone says how to read it: a legend with each class and its count
    for text in ("only Herts Valleys NHS Clinical Commissioning Group (5)",
                 "only East and North Hertfordshire NHS Clinical Commissioning Group (5)",
                 "none of them (4)", "Paler:"):
        assert text in svg, text
    shapes = {c: (cls, bodies, fill) for c, cls, bodies, _, fill in _shapes(browser, out)}
    within = _within()
    for code, parents in within.items():
        if code not in shapes:
            continue
        cls, bodies, _ = shapes[code]
        expect = [i for i, area in zip(ids, ("E38000079", "E38000049"), strict=True)
                  if area in parents]
        assert bodies.split() == expect, code
        assert cls == ("some" if expect else "none")
    herts = [c for c, p in within.items() if "E10000015" in p]
    assert {shapes[c][1] for c in herts} == set(ids)  # the county is split between the two
    assert len({shapes[c][2] for c in herts}) == 2  # in two colours


def test_report_has_a_map_per_member(demo, tmp_path, browser):
    out = tmp_path / "report"
    done = console("report", "Hertfordshire Forward", "--out", str(out), "--store", str(demo))
    assert done.returncode == 0, done.stderr
    page = out / "index.html"
    _shapes(browser, page)  # no script, no fetch, no console error
    maps_drawn = browser.execute_script("return document.querySelectorAll('figure.map > svg')"
                                        ".length")
    members = browser.execute_script("return document.querySelectorAll('.member-map').length")
    assert members == 13 and maps_drawn == 14
    text = browser.execute_script("return document.body.innerText")
    assert "Each member's footprint against the partnership's" in text


def test_map_errors(demo, tmp_path):
    bad = console("map", "Kent", "--out", str(tmp_path / "k.svg"), "--store", str(demo))
    assert bad.returncode == 1 and "no district boundary for E10000016 Kent" in bad.stderr
    assert "LTLA23_UTLA23" in bad.stderr and not (tmp_path / "k.svg").exists()
    png = console("map", "Kent", "--out", str(tmp_path / "k.png"), "--store", str(demo))
    assert png.returncode == 2 and ".svg or .html" in png.stderr
    nobody = console("map", "Nobody at all", "--out", str(tmp_path / "n.svg"), "--store",
                     str(demo))
    assert nobody.returncode == 1 and "no body or area called 'Nobody at all'" in nobody.stderr


@pytest.fixture(scope="module")
def england(shared, tmp_path_factory):
    """England at LSOA level with Census 2021 populations and the ONS district boundaries,
    imported as the README shows."""
    store = tmp_path_factory.mktemp("england") / "england.store"
    import_files([ONS / f for f in ONS_LOOKUPS], store)
    import_files([BOUNDARIES], store)
    return load(store)


def test_a_split_district_is_shaded_by_its_people(england):
    kg = england
    icb = "area:E54000025"  # Hertfordshire and West Essex ICB: most of North Hertfordshire
    shares = maps.coverage(kg, [icb]).set_index("code")
    assert shares.loc["E07000099", "share"] == pytest.approx(0.848, abs=0.002)
    assert shares.loc["E07000099", "basis"] == "people"
    assert shares.loc["E07000095", "share"] == 1.0
    drawn = maps.build(kg, [icb, "E10000015"])
    paths = {p.split("data-code='")[1][:9]: p for p in drawn.svg.split("<path ")[1:]}
    north = paths["E07000099"]
    assert "data-class='some'" in north
    assert float(north.split("data-share='")[1].split("'")[0]) == pytest.approx(0.848, abs=0.002)
    assert "data-class='all'" in paths["E07000095"]
    assert "data-class='some'" in paths["E07000072"]  # Epping Forest: the ICB, not the county
    fill = {code: p.split("fill='")[1][:7] for code, p in paths.items()}
    assert fill["E07000099"] != fill["E07000095"]  # paler: part of its people
    assert len(paths) == len(set(paths))
