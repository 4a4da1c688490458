"""The ons importer and the coterminosity question, on the real ONS lookups in
../shared/data/ons, on the sample data, and on small graphs built by hand."""

from __future__ import annotations

import json

import pytest

from conftest import ONS, console, sample_files, write
from lspgraph import queries
from lspgraph.graph.errors import InputErrors
from lspgraph.importers import build_graph, import_files

RULES = queries.load_rules()
LOOKUPS = ["lsoa21_wd24_lad24_ew.csv", "ltla23_utla23_ew.csv", "lad24_fra24_ew.csv",
           "lsoa21_sicbl24_icb24_en.csv", "lsoa21_population_census2021_ew.csv"]


@pytest.fixture(scope="module")
def england(shared, tmp_path_factory):
    """All of England and Wales at LSOA level with Census 2021 populations, in one store."""
    store = tmp_path_factory.mktemp("ons") / "ons.store"
    import_files([ONS / f for f in LOOKUPS], store)
    # the CSP file is many-to-many (unitaries keeping legacy district CSPs): LAD -> PFA nests
    import_files([ONS / "lad24_csp24_pfa24_ew.csv"], store, options={"levels": ["LAD", "PFA"]})
    from lspgraph.graph import load
    return store, load(store)


def _pair(kg, a, b):
    df = queries.run("coterminosity", kg, rules=RULES, between=[a, b])
    assert len(df) == 1
    return df.iloc[0]


def test_hertfordshire_police_and_fire_are_coterminous(england):
    _, kg = england
    for other in ("E23000027", "E31000019"):
        row = _pair(kg, "E10000015", other)
        assert row.jaccard == 1.0 and row.pop_jaccard == 1.0 and row.coterminous
        assert row.a_areas == 713 and row.outside == () and row.missing == ()


def test_hertfordshire_against_its_icb(england):
    _, kg = england
    row = _pair(kg, "E54000025", "E10000015")  # containment: share of the ICB in the county
    assert not row.coterminous
    assert row.pop_containment == pytest.approx(0.787, abs=0.001)
    assert any(s.startswith("E07000072 Epping Forest") for s in row.outside)
    assert any(s.startswith("E07000099 North Hertfordshire: 20,231 people") for s in row.missing)


def test_north_hertfordshire_is_split_between_icbs(england):
    _, kg = england
    row = _pair(kg, "E07000099", "E54000056")
    assert row.pop_containment == pytest.approx(0.152, abs=0.002)
    row = _pair(kg, "E07000099", "E54000025")
    assert row.pop_containment == pytest.approx(0.848, abs=0.002)


def test_every_police_force_area_against_every_icb(england):
    _, kg = england
    df = queries.run("coterminosity", kg, rules=RULES, kinds=["police_force_area", "icb"])
    assert df.a.nunique() >= 39 and df.b.nunique() == 42  # Welsh PFAs have no ICB overlap
    herts = df[(df.a == "area:E23000027") & (df.b == "area:E54000025")].iloc[0]
    assert herts.pop_coverage == pytest.approx(0.787, abs=0.001)


def test_ons_files_are_sniffed_and_named(england):
    _, kg = england
    assert kg.node("area:E07000099")["name"] == "North Hertfordshire"
    assert kg.node("area:E07000099")["kind"] == "district"
    assert kg.node("area:E54000025")["aliases"] == ["QM7"]  # the NHS ODS code
    lsoa = next(iter(kg.into("area:E07000099", "WITHIN")))
    assert kg.node(lsoa)["population"] > 0


def test_many_to_many_lookup_is_refused_without_levels(shared, tmp_path):
    store = tmp_path / "x.store"
    out = console("import", str(ONS / "lad24_csp24_pfa24_ew.csv"), "--store", str(store))
    assert out.returncode == 1 and not store.exists()
    assert "column 'CSP24CD'" in out.stderr and "E06000063 (LAD24CD) is in two CSP24" in out.stderr
    assert "--levels" in out.stderr


def test_bad_lookups_are_reported_and_nothing_loads(tmp_path):
    store = tmp_path / "x.store"
    no_code = write(tmp_path / "a.csv", "LAD24NM,PFA24CD,PFA24NM\nWatford,E23000027,Herts\n")
    two_names = write(tmp_path / "b.csv", "LAD24CD,LAD24NM,PFA24CD\nE07000103,Watford,E23000027\n"
                      "E07000103,Watfrod,E23000027\n")
    bad_code = write(tmp_path / "c.csv", "LAD24CD,PFA24CD\nWatford,E23000027\n")
    good = write(tmp_path / "d.csv", "LAD24CD,LAD24NM,PFA24CD\nE07000103,Watford,E23000027\n")
    for bad, msg in ((no_code, "column 'LAD24NM': has no code column LAD24CD"),
                     (two_names, "row 3, column 'LAD24NM': E07000103 is named 'Watfrod' here "
                                 "but 'Watford' in row 2"),
                     (bad_code, "row 2, column 'LAD24CD': 'WATFORD' is not an ONS code")):
        out = console("import", str(good), str(bad), "--store", str(store))
        assert out.returncode == 1, bad
        assert msg in out.stderr
        assert not store.exists()  # the good file did not land either


def test_population_column_by_name(tmp_path):
    f = write(tmp_path / "pop.csv", "LSOA21CD,LAD24CD,people\nE01000001,E09000001,1500\n"
              "E01000002,E09000001,1600\n")
    with pytest.raises(InputErrors, match="no population column 'residents'"):
        build_graph([f], options={"population_column": "residents"})
    kg = build_graph([f], options={"population_column": "people"}).graph
    assert kg.node("area:E01000002")["population"] == 1600
    assert kg.node("area:E01000002")["name"] == "E01000002"  # no name column: the code


def test_sample_members_footprints(tmp_path):
    store = tmp_path / "s.store"
    console("import", *map(str, sample_files()), "--store", str(store))
    rows = json.loads(console("query", "coterminosity", "--format", "json", "--store",
                              str(store)).stdout)
    essex = next(r for r in rows if r["a_name"] == "Essex County Council")
    assert essex["containment"] == 0.25 and not essex["coterminous"]
    assert any(s.startswith("E07000070 Chelmsford") for s in essex["outside"])
    assert any(s.startswith("E07000096 Dacorum") for s in essex["missing"])
    police = [r for r in rows if r["a_name"] == "Hertfordshire Constabulary"]
    assert police and all(r["containment"] == 1.0 for r in police)
    summary = json.loads(console("query", "coterminosity", "--summary", "--format", "json",
                                 "--store", str(store)).stdout)
    assert {"partnership", "coterminosity_index", "least_aligned"} <= set(summary[0])


def _tiny(tmp_path, areas: str, orgs: str, members: str):
    return build_graph([write(tmp_path / "areas.csv", areas),
                        write(tmp_path / "organisations.csv", orgs),
                        write(tmp_path / "partnerships.csv", "name,covers\nBoard,E10000001\n"),
                        write(tmp_path / "memberships.csv", members)]).graph


def test_by_construction_with_and_without_populations(tmp_path):
    areas = ("code,name,population,within\nE10000001,Shire,,\nE07000001,A,100,E10000001\n"
             "E07000002,B,300,E10000001\nE07000003,C,600,\n")
    kg = _tiny(tmp_path, areas, "name,covers\nA council,E07000001\nBig,E07000002; E07000003\n",
               "member,partnership\nA council,Board\nBig,Board\n")
    df = queries.run("coterminosity", kg, rules=RULES).set_index("a_name")
    a, big = df.loc["A council"], df.loc["Big"]
    assert (a.containment, a.coverage, a.jaccard) == (1.0, 0.5, 0.5)
    assert a.pop_coverage == 0.25  # 100 of the shire's 400 people
    assert (big.containment, big.jaccard) == (0.5, pytest.approx(1 / 3, abs=1e-4))
    assert big.pop_containment == pytest.approx(300 / 900, abs=1e-4)
    assert big.outside == ("E07000003 C: 600 people",)
    # no populations: the population measures are empty, the place measures still there
    kg = _tiny(tmp_path, areas.replace(",100,", ",,"), "name,covers\nA council,E07000001\n",
               "member,partnership\nA council,Board\n")
    row = queries.run("coterminosity", kg, rules=RULES).iloc[0]
    assert row.jaccard == 0.5 and row.pop_jaccard is None


def test_empty_graphs(tmp_path):
    from lspgraph.graph import KnowledgeGraph
    assert queries.run("coterminosity", KnowledgeGraph(), rules=RULES).empty
    kg = build_graph([write(tmp_path / "organisations.csv", "name\nNo footprint\n")]).graph
    assert queries.run("coterminosity", kg, rules=RULES).empty


def test_footprints_given_in_yaml(tmp_path):
    land = write(tmp_path / "land.yaml", """
areas:
  - {code: E07000001, name: A, population: 100}
  - {code: E07000002, name: B, population: 300}
organisations:
  - {name: Small council, covers: E07000001}
  - {name: Big council, covers: [E07000001, E07000002]}
partnerships:
  - {name: Shire Board, covers: E07000002}
memberships:
  - {member: Small council, partnership: Shire Board}
  - {member: Big council, partnership: Shire Board}
""")
    df = queries.run("coterminosity", build_graph([land]).graph, rules=RULES)
    rows = df.set_index("a_name")
    assert rows.loc["Small council"].jaccard == 0.0
    assert rows.loc["Small council"].outside == ("E07000001 A: 100 people",)
    big = rows.loc["Big council"]
    assert (big.containment, big.coverage, big.pop_containment) == (0.5, 1.0, 0.75)


def test_areas_counted_as_atoms_give_the_rows_of_areas_counted_one_by_one(england,
                                                                         monkeypatch):
    """The question counts areas in groups (atoms: same district, same footprints), checked
    exactly; when the hash that groups them collides, each area is counted alone. Both
    ways give the same rows, here where ICBs split districts."""
    from lspgraph.queries import coterminosity as cot

    _, kg = england
    made = []
    real = cot._Atoms.__init__

    def spy(self, m, district, fp):
        real(self, m, district, fp)
        made.append((m.shape[1], self.to.shape[1]))

    monkeypatch.setattr(cot._Atoms, "__init__", spy)
    kinds = ["police_force_area", "icb"]
    grouped = queries.run("coterminosity", kg, rules=RULES, kinds=kinds)
    areas, atoms = made[-1]
    assert areas > 30_000 and atoms < areas / 10
    monkeypatch.setattr(cot._Atoms, "SALT", 1)  # every hash 0: areas grouped by district
    alone = queries.run("coterminosity", kg, rules=RULES, kinds=kinds)
    assert made[-1] == (areas, areas)  # the check caught it: one atom per area
    assert alone.equals(grouped) and len(grouped) > 1000
