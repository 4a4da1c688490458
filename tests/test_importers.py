"""Every importer on good and bad files, with the habits of real spreadsheets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import write
from lspgraph import importers
from lspgraph.graph import InputErrors, UnknownFormat
from lspgraph.graph.records import EdgeRecord, NodeRecord
from lspgraph.importers import build_graph


def graph_of(*paths: Path):
    return build_graph(paths).graph


def test_registry_lists_formats_and_finds_by_suffix_and_content(tmp_path):
    assert {"csv", "xlsx", "yaml", "json"} <= set(importers.formats())
    assert importers.for_path("a/b/Actions.XLSX").name == "xlsx"
    odd = write(tmp_path / "export.dat", '{"organisations": []}')
    assert importers.for_path(odd).name == "json"
    with pytest.raises(UnknownFormat, match="known: csv"):
        importers.get("docx")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "yaml", "json"])
def test_each_format_imports_the_same_rows(tmp_path, fmt):
    rows = [
        {"name": "Kent County Council", "kind": "County council", "covers": "E10000016"},
        {"name": "Kent Police", "kind": "police", "aliases": "KP; Kent Constabulary"},
    ]
    path = tmp_path / f"organisations.{fmt}"
    if fmt == "csv":
        write(path, "name,kind,covers,aliases\n" + "\n".join(
            f"{r['name']},{r['kind']},{r.get('covers', '')},{r.get('aliases', '')}"
            for r in rows) + "\n")
    elif fmt == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Organisations"
        ws.append(["name", "kind", "covers", "aliases"])
        for r in rows:
            ws.append([r["name"], r["kind"], r.get("covers"), r.get("aliases")])
        wb.save(path)
    elif fmt == "yaml":
        write(path, yaml.safe_dump({"organisations": rows}))
    else:
        write(path, json.dumps({"organisations": rows}))
    kg = graph_of(path)
    assert kg.counts() == {"Organisation": 2, "Area": 1}
    police = kg.node("organisation:kent-police")
    assert police["aliases"] == ["KP", "Kent Constabulary"]
    assert kg.node("organisation:kent-county-council")["kind"] == "county_council"
    assert kg.out("organisation:kent-county-council", "COVERS") == ["area:E10000016"]


def test_csv_excel_realities(tmp_path):
    # Windows-1252 (the en dash and the curly apostrophe), ';' delimiter, trailing spaces,
    # blank rows, an Excel serial date, a merged 'lead; partner' cell
    text = ("strategy;theme;action;lead;due date\r\n"
            "Kent Health and Wellbeing Strategy ;Outcome 1 – children;Reduce smoking in "
            "pregnancy  ;\"Kent County Council; Kent Police\";41836\r\n"
            ";;;;\r\n"
            "\r\n"
            "Kent Health and Wellbeing Strategy;Outcome 1 – children;Support young people’s "
            "mental health;;July 2015\r\n")
    path = write(tmp_path / "actions.csv", text, encoding="cp1252")
    kg = graph_of(path)
    assert kg.counts()["Action"] == 2
    smoking = next(a for a in kg.nodes("Action") if "smoking" in a)
    data = kg.node(smoking)
    assert data["name"] == "Reduce smoking in pregnancy"
    assert data["due"] == "2014-07-16"
    assert kg.into(smoking, "LEADS") == ["organisation:kent-county-council"]
    assert kg.into(smoking, "CONTRIBUTES_TO") == ["organisation:kent-police"]
    theme = kg.into(smoking, "HAS_ACTION")[0]
    assert kg.node(theme)["name"] == "Outcome 1 – children"
    assert kg.into(theme, "HAS_THEME") == ["strategy:kent-health-and-wellbeing-strategy"]
    other = next(a for a in kg.nodes("Action") if "mental" in a)
    assert kg.node(other)["name"] == "Support young people's mental health"
    assert kg.node(other)["due"] == "2015-07"


def test_csv_with_bom_and_header_aliases(tmp_path):
    path = write(tmp_path / "boards.csv", "\ufeffPartnership,Type,Area,Covers\n"
                 "Health and Wellbeing Board,HWB,Kent,E10000016\n"
                 "Health and Wellbeing Board,HWB,Leicester,E06000016\n")
    kg = graph_of(path)
    assert sorted(kg.nodes("Partnership")) == [
        "partnership:kent-health-and-wellbeing-board",
        "partnership:leicester-health-and-wellbeing-board",
    ]


def test_bad_rows_name_file_row_and_column(tmp_path):
    path = write(tmp_path / "organisations.csv",
                 "name,kind\nGood Council,county council\nBad Council,spaceship\n"
                 ",district\n")
    with pytest.raises(InputErrors) as err:
        graph_of(path)
    messages = [str(e) for e in err.value.errors]
    assert messages[0].startswith(f"{path}, row 3, column 'kind': 'spaceship'")
    assert messages[1] == f"{path}, row 4, column 'name': Organisation needs a name"


def test_bad_date_in_xlsx_names_sheet_and_row(tmp_path):
    path = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(["Strategy", "Action", "Due"])
    ws.append(["Plan A", "Do one thing", dt.datetime(2015, 3, 31)])
    ws.append(["Plan A", "Do another", "whenever"])
    wb.save(path)
    with pytest.raises(InputErrors) as err:
        graph_of(path)
    (e,) = err.value.errors
    assert "sheet 'Actions'" in str(e) and e.line == 3 and e.field == "Due"


def test_unknown_sheet_is_a_notice_not_an_error(tmp_path):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active.append(["This workbook lists our partners"])
    ws = wb.create_sheet("Partners")
    ws.append(["Name", "Kind"])
    ws.append(["Kent County Council", "county"])
    wb.save(path)
    result = build_graph([path])
    assert result.graph.counts() == {"Organisation": 1}
    assert any("Cover" in n for n in result.notices)


def test_yaml_errors_carry_line_numbers(tmp_path):
    path = write(tmp_path / "landscape.yaml",
                 "partnerships:\n  - name: Kent HWB\n    kind: health and wellbeing board\n"
                 "memberships:\n  - member: Kent County Council\n    partnership: Kent HWB\n"
                 "    start: not a date\n")
    with pytest.raises(InputErrors) as err:
        graph_of(path)
    assert str(err.value.errors[0]) == (
        f"{path}, line 5, column 'start': 'not a date' is not a date "
        "(use e.g. 2014-07-16, 16/07/2014 or July 2014)")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("organisations.csv", b"", "is empty"),
    ("organisations.csv", b"\x00\x01\x02binary", "binary"),
    ("organisations.yaml", b"organisations: [unclosed", "not valid YAML"),
    ("organisations.json", b'{"organisations": [', "not valid"),
    ("organisations.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx"),
    ("mystery.csv", b"foo,bar\n1,2\n", "cannot tell what its rows describe"),
    ("organisations.csv", b"kind,area\ncounty,Kent\n", "needs a name column"),
    ("memberships.csv", b"member,role\nKent County Council,chair\n", "needs a 'partnership'"),
])
def test_broken_files_get_clear_messages(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputErrors, match=message):
        graph_of(path)


def test_edge_endpoints_are_checked(tmp_path):
    areas = write(tmp_path / "areas.csv", "code,name\nE10000016,Kent\n")
    cov = write(tmp_path / "memberships.csv", "member,partnership\nKent County Council,E10000016\n")
    with pytest.raises(InputErrors, match="is an area code, but a Partnership"):
        graph_of(areas, cov)


def test_records_keep_their_origin(tmp_path):
    path = write(tmp_path / "people.csv", "name,role,organisation\nMark Bretton,Chairman,"
                 "Hertfordshire LEP\n")
    recs = list(importers.read(path))
    node = next(r for r in recs if isinstance(r, NodeRecord))
    edge = next(r for r in recs if isinstance(r, EdgeRecord))
    assert (node.origin.source, node.origin.line) == (str(path), 2)
    assert edge.type == "MEMBER_OF" and edge.props == {"role": "Chairman"}
