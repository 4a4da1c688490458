"""Footprints kept as a table, and questions that load only the part of the store they read.

The store holds each area's and body's footprint (its finest areas, with populations),
rebuilt in the write that changes the geography or a COVERS edge. A question that declares
``geography = "around"`` loads the landscape with the geography around it, not every area,
and must answer exactly as it does over the whole graph.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pandas as pd
import pytest

from conftest import ONS, console, write
from lspgraph import queries
from lspgraph.graph import load, storage
from lspgraph.graph.sync import forget
from lspgraph.importers import import_files
from lspgraph.queries.coterminosity import Footprints

LANCASHIRE = "E10000017"
BURNLEY = "E07000117"  # a district of Lancashire
KENT = "E10000016"  # a county the landscape does not reach


def _table(store) -> dict[str, set[tuple[str, object]]]:
    """Each area's footprint from the table, each body's from the area_footprints view."""
    with closing(sqlite3.connect(store)) as db:
        out: dict[str, set[tuple[str, object]]] = {}
        for node, area, people in db.execute(
                "SELECT node, area, population FROM footprints UNION ALL "
                "SELECT body, area, population FROM area_footprints"):
            out.setdefault(node, set()).add((area, people))
    return out


def _walked(kg) -> dict[str, set[tuple[str, object]]]:
    """Every area's and body's footprint, walked over the whole graph."""
    fp = Footprints(kg)
    out = {}
    for n, data in kg.nx.nodes(data=True):
        if data["type"] == "Area" or kg.out(n, "COVERS"):
            out[n] = {(a, kg.node(a).get("population")) for a in fp.of(n)}
    return {n: v for n, v in out.items() if v}


def test_the_table_holds_every_footprint_the_graph_walks_to(lancashire_england):
    store, kg = lancashire_england
    table = _table(store)
    assert table == _walked(kg)
    county = {a for a, _ in table[f"area:{LANCASHIRE}"]}
    assert len(county) > 500 and all(a.startswith("area:E01") for a in county)
    assert all(p for _, p in table[f"area:{LANCASHIRE}"])  # Census 2021 populations


def _cases(question: queries.Question) -> list[dict[str, object]]:
    cases: list[dict[str, object]] = [{}]
    if question.takes("area"):
        cases += [{"area": LANCASHIRE}, {"area": BURNLEY}, {"area": KENT}]
    cases += [{o.name: True} for o in question.options
              if o.type is bool and o.name not in question.whole_with]
    if question.takes("partnership"):
        cases.append({"partnership": "Lancashire Health and Wellbeing Board"})
    return cases


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                  check_dtype=False)


# stores of schemas 2 (no footprints table) and 3 (provenance naming its files by their
# paths, no files table), made from one of today's
_NO_FOOTPRINTS = "DROP VIEW area_footprints; DROP TABLE footprints;"
_NO_FILES = """
CREATE TABLE old AS SELECT p.node, p.edge, f.path AS file, p.line, p.span_start, p.span_end,
    p.quote FROM provenance p JOIN files f ON f.id = p.file ORDER BY p.rowid;
DROP TABLE provenance; DROP TABLE files; ALTER TABLE old RENAME TO provenance;
CREATE INDEX provenance_node ON provenance(node);
CREATE INDEX provenance_edge ON provenance(edge);
CREATE INDEX provenance_file ON provenance(file);
"""
# schema 3 kept each body's footprint in the table too
_BODY_ROWS = """
INSERT INTO footprints SELECT DISTINCT c.source, f.area, f.population FROM edges c
    JOIN footprints f ON f.node = c.target WHERE c.type = 'COVERS';
"""
_OLD = {2: _NO_FOOTPRINTS + _NO_FILES + "CREATE VIEW area_footprints AS SELECT 1 AS body;",
        3: _NO_FILES + _BODY_ROWS}


@pytest.mark.parametrize("name", queries.names())
def test_every_question_answers_from_its_part_as_from_the_whole(name, lancashire_england):
    store, kg = lancashire_england
    question = queries.get(name)
    areas = kg.counts()["Area"]
    for params in _cases(question):
        part = question.load(store, **params)
        if question.geography == "around":
            assert part.footprints is not None or question.needs(**params).part
            assert part.counts().get("Area", 0) < areas / 5, (name, params)
        _same(question.answer(part, **params), question.answer(kg, **params))


def test_options_that_need_every_area_load_the_whole_store(lancashire_england):
    store, kg = lancashire_england
    cot = queries.get("coterminosity")
    whole = cot.load(store, between=["Lancashire", "Burnley"])
    assert whole.footprints is None and len(whole) == len(kg)
    assert queries.get("gaps").needs(all_areas=True).whole
    assert not cot.needs(area=LANCASHIRE).whole
    assert cot.needs(area=LANCASHIRE).areas == (f"area:{LANCASHIRE}",)


_DISTRICTS = {"district", "unitary", "metropolitan_district", "london_borough"}


@pytest.mark.parametrize("kinds", [("police_force_area", "icb"), ("district_council", "county"),
                                   ("health_and_wellbeing_board", "unitary")])
@pytest.mark.parametrize("more", [{}, {"full": True}, {"area": BURNLEY}, {"summary": True}])
def test_kinds_load_the_two_kinds_and_their_finest_areas_only(kinds, more, lancashire_england):
    """--kind reads the bodies or areas of the two kinds, their footprints from the table,
    the finest areas in them and the districts those lie in: nothing else, and the same
    answer as over the whole graph (all England and Wales at LSOA level)."""
    store, kg = lancashire_england
    cot = queries.get("coterminosity")
    params = {"kinds": list(kinds), **more}
    part = cot.load(store, **params)
    _same(cot.answer(part, **params), cot.answer(kg, **params))
    finest = {a for rows in part.footprints.values() for a, _ in rows}
    for n, data in part.nx.nodes(data=True):
        assert (data.get("kind") in (*kinds, *_DISTRICTS) or n in finest
                or n == f"area:{more.get('area')}"), n
    assert not {"Action", "Theme", "Strategy", "Person"} & set(part.counts())
    assert set(part.edge_counts()) <= {"WITHIN"}
    assert all(not data["provenance"] for _, data in part.nx.nodes(data=True))
    assert part.nx.number_of_edges() < kg.nx.number_of_edges() / 3


def test_members_against_partnerships_load_no_plans_or_people(lancashire_england):
    store, kg = lancashire_england
    part = queries.get("coterminosity").load(store)
    assert set(part.counts()) == {"Organisation", "Partnership", "Area"}
    assert set(part.edge_counts()) == {"MEMBER_OF", "WITHIN"}
    assert part.counts()["Area"] < kg.counts()["Area"] / 5


def test_the_command_answers_a_county_as_over_the_whole_graph(lancashire_england):
    store, kg = lancashire_england
    out = console("query", "coterminosity", "--area", LANCASHIRE, "--format", "csv",
                  "--store", str(store))
    assert out.returncode == 0, out.stderr
    whole = queries.run("coterminosity", kg, area=LANCASHIRE)
    assert out.stdout.count("\n") == len(whole) + 1 and len(whole) > 5


def test_the_table_follows_every_write(sample, tmp_path):
    store = tmp_path / "s.store"

    def check() -> None:
        assert _table(store) == _walked(load(store))

    import_files(sample, store)
    check()
    import_files([ONS / "ltla23_utla23_ew.csv"], store)  # geography: rebuilt
    check()
    (tmp_path / "in").mkdir()
    board = write(tmp_path / "in" / "organisations.csv",
                  "name,kind,covers\nBurnley Test Trust,nhs_body,E07000117\n"
                  "Kent Test Trust,nhs_body,E10000016\n")
    import_files([board], store)  # new COVERS edges: their bodies only
    check()
    assert {a for a, _ in _table(store)["organisation:kent-test-trust"]} == \
        {a for a, _ in _table(store)["area:E10000016"]}
    write(board, "name,kind,covers\nBurnley Test Trust,nhs_body,E07000117\n")
    import_files([board], store)  # a body gone with its COVERS edge
    check()
    assert "organisation:kent-test-trust" not in _table(store)
    forget([str(ONS / "ltla23_utla23_ew.csv")], store)  # geography gone
    check()


@pytest.mark.parametrize("version", sorted(_OLD))
def test_a_store_of_an_older_schema_is_upgraded_by_its_first_write(version, sample, tmp_path):
    store = tmp_path / "old.store"
    import_files(sample, store)
    want = _table(store)
    before = storage.dumps(load(store))
    with closing(sqlite3.connect(store)) as db:  # as lspgraph with that schema left it
        db.executescript(_OLD[version] + f"PRAGMA user_version={version};")
    # (closed before lspgraph reads the file: a connection left open in this process
    # loses its locks when any other descriptor of the file is closed, POSIX's rule)
    assert storage.dumps(load(store)) == before  # read as it is, before any write
    if version < 3:
        assert not queries.get("gaps").load(store).footprints  # read whole, not failing
    extra = write(tmp_path / "organisations.csv", "name,kind,covers\nA Test Trust,nhs_body,\n")
    out = console("import", str(extra), "--store", str(store))
    assert out.returncode == 0, out.stderr
    assert f"from store schema {version} to {storage.SCHEMA_VERSION}" in out.stdout + out.stderr
    assert _table(store) == want
    forget([str(extra)], store)
    assert storage.dumps(load(store)) == before  # provenance kept, in its order
    with closing(sqlite3.connect(store)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION
        assert db.execute("SELECT count(*) FROM area_footprints").fetchone()[0] > 0
        assert not db.execute("SELECT 1 FROM footprints JOIN nodes ON id = node "
                              "WHERE type != 'Area'").fetchall()  # areas' rows only
