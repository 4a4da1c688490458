"""Sources that disagree (issue 15, parts 1 and 2): the schema's precedence, conflicts kept
in the store and shown, values surfacing when a source is forgotten, and nodes that only a
link named listed with the closest names, or refused with --strict."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import LANCASHIRE, lancashire_files, write
from lspgraph.cli import cli
from lspgraph.graph import load
from lspgraph.graph.conflict_rows import stored
from lspgraph.importers import import_files
from lspgraph.schemas import load_schema

MINUTES = LANCASHIRE / "hwb-minutes-2024-06-18.txt"
ORGS = "name,kind,area\nPreston City Council,district_council,Lancashire\n"


def _landscape(tmp_path: Path) -> tuple[Path, Path]:
    """The Lancashire CSVs copied (so that a test may edit them) and imported."""
    folder = tmp_path / "lancashire"
    folder.mkdir()
    for f in lancashire_files():
        shutil.copy(f, folder / f.name)
    store = tmp_path / "lancs.store"
    import_files(sorted(folder.glob("*.csv")), store)
    return folder, store


def _import(runner, store: Path, path: Path) -> list[str]:
    """``lspgraph import PATH`` into ``store``, which must succeed: its stderr lines."""
    res = runner.invoke(cli, ["import", str(path), "--store", str(store)])
    assert res.exit_code == 0, res.output
    return res.stderr.splitlines()


def _rows(store: Path) -> list[tuple]:
    return [(r["node"], r["field"], r["value"], r["kept"], r["rank"], r["source"])
            for r in stored(store)]


def test_the_precedence_is_declared_in_the_schema():
    schema = load_schema()
    assert [r.name for r in schema.precedence] == ["curated", "rdf", "document"]
    for fmt in ("csv", "xlsx", "yaml", "json"):
        assert schema.source_rank(fmt).name == "curated"
    assert schema.source_rank("rdf").level > schema.source_rank("document").level
    assert schema.source_rank("a-plugin-format").name == "document"  # the lowest


def test_minutes_never_overwrite_the_curated_landscape(tmp_path, runner):
    """The issue's scenario: a county landscape in CSVs, then the board's minutes."""
    _, store = _landscape(tmp_path)
    err = _import(runner, store, MINUTES)
    assert ("conflict: organisation:preston-city-council kind: kept 'district_council' "
            "(organisations.csv, row 3, curated) over 'unitary_council' "
            "(hwb-minutes-2024-06-18.txt, line 8, document)") in err
    assert ("conflict: organisation:lancaster-city-council kind: kept 'district_council' "
            "(organisations.csv, row 4, curated) over 'unitary_council' "
            "(hwb-minutes-2024-06-18.txt, line 9, document)") in err
    assert ("conflict: strategy:lancashire-joint-local-health-and-wellbeing-strategy name: "
            "kept 'Lancashire Joint Local Health and Wellbeing Strategy' (strategies.csv, "
            "row 2, curated) over 'Lancashire Joint Local Health and Wellbeing Strategy "
            "2024-2030' (hwb-minutes-2024-06-18.txt, line 14, document)") in err
    summary = [line for line in err if line.startswith("warnings: ")]
    assert summary and summary[0].startswith("warnings: 6 conflicts between sources")
    kg = load(store)
    assert kg.node("organisation:preston-city-council")["kind"] == "district_council"
    assert kg.node("organisation:lancaster-city-council")["kind"] == "district_council"
    plan = kg.node("strategy:lancashire-joint-local-health-and-wellbeing-strategy")
    assert plan["name"] == "Lancashire Joint Local Health and Wellbeing Strategy"
    assert plan["period"] == "2024-2030"
    # the minutes still add what the CSVs did not say: the meeting, its decision, a person
    assert any(n.startswith("decision:") for n in kg.nx)
    assert ("organisation:preston-city-council", "kind", "unitary_council", False, "document",
            "hwb-minutes-2024-06-18.txt, line 8") in _rows(store)


def test_conflicts_lists_them_in_every_format(tmp_path, runner):
    _, store = _landscape(tmp_path)
    import_files([MINUTES], store)
    table = runner.invoke(cli, ["conflicts", "--store", str(store)])
    assert table.exit_code == 0
    assert "organisation:preston-city-council" in table.output and "unitary_council" in \
        table.output
    csv = runner.invoke(cli, ["conflicts", "--store", str(store), "--format", "csv"])
    lines = csv.output.splitlines()
    assert lines[0] == "node,name,field,value,kept,rank,source"
    assert ("organisation:preston-city-council,Preston City Council,kind,district_council,"
            "True,curated,\"organisations.csv, row 3\"") in lines
    assert ("organisation:preston-city-council,Preston City Council,kind,unitary_council,"
            "False,document,\"hwb-minutes-2024-06-18.txt, line 8\"") in lines
    assert len(lines) == 1 + 12  # six fields, two values each
    data = json.loads(runner.invoke(cli, ["conflicts", "--store", str(store),
                                          "--format", "json"]).output)
    assert {(d["node"], d["field"]) for d in data} == {
        ("organisation:preston-city-council", "kind"),
        ("organisation:lancaster-city-council", "kind"),
        ("person:alex-example", "role"),
        ("strategy:lancashire-joint-local-health-and-wellbeing-strategy", "name"),
        ("strategy:lancashire-joint-local-health-and-wellbeing-strategy", "period"),
        ("strategy:lancashire-joint-local-health-and-wellbeing-strategy", "end"),
    }
    one = runner.invoke(cli, ["conflicts", "Preston City Council", "--store", str(store),
                              "--format", "json"])
    assert [d["value"] for d in json.loads(one.output)] == ["district_council",
                                                           "unitary_council"]


def test_show_gives_a_fields_competing_values_with_their_sources(tmp_path, runner):
    _, store = _landscape(tmp_path)
    import_files([MINUTES], store)
    res = runner.invoke(cli, ["show", "Preston City Council", "--store", str(store)])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    at = lines.index("  kind: district_council")
    assert lines[at + 1:at + 3] == [
        "      kept: 'district_council' (organisations.csv, row 3; curated)",
        "      also: 'unitary_council' (hwb-minutes-2024-06-18.txt, line 8; document)",
    ]
    data = json.loads(runner.invoke(cli, ["show", "Preston City Council", "--store",
                                          str(store), "--format", "json"]).output)
    assert [(c["value"], c["kept"]) for c in data["conflicts"]] == [
        ("district_council", True), ("unitary_council", False)]
    info = runner.invoke(cli, ["info", "--store", str(store), "--format", "json"])
    assert json.loads(info.output)["conflicts"] == 6


def test_forgetting_the_curated_file_lets_the_next_ranked_value_surface(tmp_path, runner):
    folder, store = _landscape(tmp_path)
    import_files([MINUTES], store)
    res = runner.invoke(cli, ["forget", "organisations.csv", "--store", str(store)])
    assert res.exit_code == 0, res.output
    kg = load(store)
    assert kg.node("organisation:preston-city-council")["kind"] == "unitary_council"
    # nothing left to disagree with: the conflict goes with the file
    assert not [r for r in _rows(store) if r[0].startswith("organisation:")]
    assert len(_rows(store)) == 8  # the role and the strategy's three fields stay
    # importing it again puts the curated value back, and the conflict with it
    again = runner.invoke(cli, ["import", str(folder / "organisations.csv"), "--store",
                                str(store)])
    assert ("changed: organisations.csv, row 3: 'Preston City Council' kind changed from "
            "'unitary_council' (hwb-minutes-2024-06-18.txt, line 8) to 'district_council' "
            "(a curated table outranks a document; both values are kept as a conflict)"
            ) in again.stderr.splitlines()
    assert load(store).node("organisation:preston-city-council")["kind"] == "district_council"
    assert len(_rows(store)) == 12
    # the CSV 'corrected' to agree with the minutes: Preston's area says otherwise (a
    # council's tier is its area's), so the table still holds district and still disagrees
    text = (folder / "organisations.csv").read_text(encoding="utf-8")
    (folder / "organisations.csv").write_text(text.replace(
        "Preston City Council,district_council", "Preston City Council,unitary_council"),
        encoding="utf-8")
    said = import_files([folder / "organisations.csv"], store).report.warnings
    assert [w for w in said if "Preston" in w] == [
        "organisations.csv, row 3: 'Preston City Council' is a district_council (its area "
        "E07000123 is a district), not the unitary_council its kind 'unitary_council' reads as"]
    assert load(store).node("organisation:preston-city-council")["kind"] == "district_council"
    assert len([r for r in _rows(store) if r[0] == "organisation:preston-city-council"]) == 2


def test_a_document_adds_what_the_curated_table_left_out(tmp_path):
    orgs = write(tmp_path / "organisations.csv",
                 "name,area\nPreston City Council,Lancashire\n")
    store = tmp_path / "s.store"
    import_files([orgs], store)
    minutes = write(tmp_path / "minutes.txt", MINUTES.read_text(encoding="utf-8"))
    result = import_files([minutes], store)
    assert load(store).node("organisation:preston-city-council")["kind"] == "unitary_council"
    assert not [c for c in result.report.conflicts if c.node ==
                "organisation:preston-city-council"]


def test_two_csv_files_that_disagree_the_later_wins_and_says_so(tmp_path, runner):
    first = write(tmp_path / "organisations.csv", ORGS)
    second = write(tmp_path / "partners.csv",
                   "name,kind,area\nPreston City Council,unitary_council,Lancashire\n")
    store = tmp_path / "s.store"
    _import(runner, store, first)
    err = _import(runner, store, second)
    assert ("changed: partners.csv, row 2: 'Preston City Council' kind changed from "
            "'district_council' (organisations.csv, row 2) to 'unitary_council' (the later "
            "import wins; both values are kept as a conflict)") in err
    assert ("conflict: organisation:preston-city-council kind: kept 'unitary_council' "
            "(partners.csv, row 2, curated) over 'district_council' (organisations.csv, "
            "row 2, curated)") in err
    assert ("warnings: 1 conflict between sources, 1 value changed "
            "(lspgraph conflicts lists the conflicts)") in err
    assert load(store).node("organisation:preston-city-council")["kind"] == "unitary_council"
    assert _rows(store) == [
        ("organisation:preston-city-council", "kind", "unitary_council", True, "curated",
         "partners.csv, row 2"),
        ("organisation:preston-city-council", "kind", "district_council", False, "curated",
         "organisations.csv, row 2")]
    # the first file imported again (edited) is now the later import: its value wins
    write(first, ORGS + "Lancaster City Council,district_council,Lancashire\n")
    again = runner.invoke(cli, ["import", str(first), "--store", str(store)])
    assert ("changed: organisations.csv, row 2: 'Preston City Council' kind changed from "
            "'unitary_council' (partners.csv, row 2) to 'district_council' (the later "
            "import wins; both values are kept as a conflict)") in again.stderr.splitlines()
    assert load(store).node("organisation:preston-city-council")["kind"] == "district_council"
    # an unchanged file imported again reports no change it did not make
    write(first, ORGS + "Lancaster City Council,district_council,Lancashire\n"
          "Burnley Borough Council,district_council,Lancashire\n")
    third = runner.invoke(cli, ["import", str(first), "--store", str(store)])
    assert "changed:" not in third.stderr


def test_files_of_one_import_rank_by_their_order(tmp_path):
    first = write(tmp_path / "orgs.csv", ORGS)
    second = write(tmp_path / "bodies.csv",
                   "name,kind,area\nPreston City Council,unitary_council,Lancashire\n")
    store = tmp_path / "s.store"
    import_files([second, first], store)
    assert load(store).node("organisation:preston-city-council")["kind"] == "district_council"


def test_a_link_that_invents_a_node_is_listed_with_the_closest_names(tmp_path, runner):
    _, store = _landscape(tmp_path)
    members = write(tmp_path / "memberships.csv",
                    "member,partnership,role\n"
                    + "Lancashire County Council,Blackpool HWB,member\n" * 5
                    + "Blackpool Borough Council,Blackpool HWB,member\n")
    res = runner.invoke(cli, ["import", str(members), "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert ("new: 'Blackpool Borough Council' (memberships.csv, row 7, column 'member') is "
            "new; did you mean 'Blackpool Council' (0.95)?") in res.stderr.splitlines()
    assert "warnings: 1 new node named only by a link" in res.stderr.splitlines()


def test_strict_refuses_invented_nodes_and_imports_nothing(tmp_path, runner):
    _, store = _landscape(tmp_path)
    before = store.read_bytes()
    members = write(tmp_path / "memberships.csv",
                    "member,partnership,role\nBlackpool Borough Council,Blackpool HWB,member\n"
                    "Fylde Council,Lancashire Leaders Group,member\n")
    res = runner.invoke(cli, ["import", "--strict", str(members), "--store", str(store)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        "Error: 2 errors in the input; nothing was imported:",
        f"  {members}, row 2, column 'member': 'Blackpool Borough Council' names no "
        "organisation defined in the files or the store; did you mean 'Blackpool Council' "
        "(0.95)? (--strict refuses nodes only a link names)",
        f"  {members}, row 3, column 'member': 'Fylde Council' names no organisation "
        "defined in the files or the store; no organisation has a close name (--strict "
        "refuses nodes only a link names)",
    ]
    assert store.read_bytes() == before
    # without --strict the same file imports, and says what it made up
    assert runner.invoke(cli, ["import", str(members), "--store", str(store)]).exit_code == 0


def test_conflicts_survive_a_store_of_the_previous_schema(tmp_path, runner):
    """A store of schema 4 (before the claims and conflicts tables) gains them on its next
    write."""
    store = tmp_path / "old.store"
    import_files([write(tmp_path / "organisations.csv", ORGS)], store)
    with sqlite3.connect(store) as conn:
        conn.executescript("DROP TABLE claims; DROP TABLE conflicts; PRAGMA user_version=4;")
    conn.close()
    assert runner.invoke(cli, ["conflicts", "--store", str(store)]).output == "(no rows)\n"
    second = write(tmp_path / "partners.csv",
                   "name,kind,area\nPreston City Council,unitary_council,Lancashire\n")
    assert runner.invoke(cli, ["import", str(second), "--store", str(store)]).exit_code == 0
    assert len(_rows(store)) == 2


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_conflicts_on_an_agreeing_landscape_is_empty(tmp_path, runner, fmt):
    _, store = _landscape(tmp_path)
    res = runner.invoke(cli, ["conflicts", "--store", str(store), "--format", fmt])
    assert res.exit_code == 0
    assert res.output.strip() in ("(no rows)", "node,name,field,value,kept,rank,source", "[]")


def test_the_demo_shows_conflicts_between_the_sample_minutes_and_its_tables(tmp_path, runner):
    store = tmp_path / "demo.store"
    res = runner.invoke(cli, ["demo", "--store", str(store)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert ("3 conflicts between the sample's minutes (kent-hwb-minutes-2014.txt) and its "
            "curated tables; the tables' values are kept:") in lines
    assert ("  strategy:kent-health-and-wellbeing-strategy status: kept 'draft' "
            "(strategies.csv, row 9, curated) over 'refreshed' (kent-hwb-minutes-2014.txt, "
            "line 9, document)") in lines
    assert f"  more: lspgraph conflicts --store {store}" in lines
    kg = load(store)
    plan = kg.node("strategy:kent-health-and-wellbeing-strategy")
    assert (plan["name"], plan["status"]) == ("Kent Health and Wellbeing Strategy", "draft")
    assert {(r[0], r[1]) for r in _rows(store)} == {
        ("person:malti-varshney", "role"), ("person:marcus-chrysostomou", "role"),
        ("strategy:kent-health-and-wellbeing-strategy", "status")}


def test_a_workbook_ranks_as_a_curated_table_and_its_sheet_rows_are_its_claims(tmp_path,
                                                                              runner):
    import openpyxl

    book = tmp_path / "landscape.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "organisations"
    ws.append(["name", "kind", "area"])
    ws.append(["Preston City Council", "unitary_council", "Lancashire"])
    wb.save(book)
    store = tmp_path / "s.store"
    import_files([write(tmp_path / "organisations.csv", ORGS)], store)
    res = runner.invoke(cli, ["import", str(book), "--store", str(store)])
    assert ("changed: landscape.xlsx, row 2: 'Preston City Council' kind changed from "
            "'district_council' (organisations.csv, row 2) to 'unitary_council' (the later "
            "import wins; both values are kept as a conflict)") in res.stderr.splitlines()
    assert [(r[2], r[4], r[5]) for r in _rows(store)] == [
        ("unitary_council", "curated", "landscape.xlsx, row 2"),
        ("district_council", "curated", "organisations.csv, row 2")]
    runner.invoke(cli, ["forget", "landscape.xlsx", "--store", str(store)])
    assert load(store).node("organisation:preston-city-council")["kind"] == "district_council"
    assert _rows(store) == []


def test_rdf_outranks_a_document_and_a_curated_table_outranks_rdf(tmp_path, runner):
    orgs = write(tmp_path / "organisations.csv", ORGS)
    first = tmp_path / "first.store"
    import_files([orgs], first)
    ttl = tmp_path / "preston.ttl"
    out = runner.invoke(cli, ["export", "--format", "ttl", "--store", str(first)])
    assert '"district_council"' in out.output
    ttl.write_text(out.output.replace('"district_council"', '"county_council"'),
                   encoding="utf-8")
    store = tmp_path / "s.store"
    import_files([ttl], store)
    minutes = write(tmp_path / "minutes.txt", MINUTES.read_text(encoding="utf-8"))
    import_files([minutes], store)
    assert load(store).node("organisation:preston-city-council")["kind"] == "county_council"
    assert [(r[2], r[3], r[4]) for r in _rows(store)
            if r[0] == "organisation:preston-city-council"] == [
        ("county_council", True, "rdf"), ("unitary_council", False, "document")]
    import_files([orgs], store)
    assert load(store).node("organisation:preston-city-council")["kind"] == "district_council"
    assert [(r[2], r[4]) for r in _rows(store)
            if r[0] == "organisation:preston-city-council"] == [
        ("district_council", "curated"), ("county_council", "rdf"),
        ("unitary_council", "document")]
