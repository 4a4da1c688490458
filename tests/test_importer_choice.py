"""Importers declare their options and may decline a file: ONS lookups in .csv and .xlsx."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from conftest import ONS, console, workbook, write
from lspgraph.graph import OptionError
from lspgraph.importers import build_graph, candidates, for_path, formats, get, read

LOOKUP = "lad24_csp24_pfa24_ew.csv"


def _ons_rows(shared: Path, n: int = 12) -> list[list[str]]:
    lines = (ONS / LOOKUP).read_text(encoding="utf-8-sig").splitlines()[: n + 1]
    return [line.split(",") for line in lines]




@pytest.mark.parametrize("name", formats())
def test_every_importer_declares_the_options_its_read_takes(name):
    imp = get(name)
    params = inspect.signature(imp.read).parameters
    taken = {k for k, p in params.items() if p.kind is p.KEYWORD_ONLY
             or (p.kind is p.POSITIONAL_OR_KEYWORD and k != "path")}
    assert set(imp.options) == taken, name
    assert not any(p.kind is p.VAR_KEYWORD for p in params.values()), name


def test_ons_lookups_in_csv_and_xlsx_are_found_the_same_way(shared, tmp_path):
    rows = _ons_rows(shared)
    lookup_csv = write(tmp_path / "lookup.csv", "\n".join(",".join(r) for r in rows) + "\n")
    # cells as a spreadsheet holds them: the header and codes as text, nothing else changed
    lookup_xlsx = workbook(tmp_path / "lookup.xlsx", rows)
    assert for_path(lookup_csv).name == for_path(lookup_xlsx).name == "ons"
    a, b = build_graph([lookup_csv]).graph, build_graph([lookup_xlsx]).graph
    assert sorted(a.nx.nodes) == sorted(b.nx.nodes) and a.counts()["Area"] > 10
    assert sorted(a.nx.edges(keys=True)) == sorted(b.nx.edges(keys=True))
    assert {d["name"] for _, d in a.nx.nodes(data=True)} == \
        {d["name"] for _, d in b.nx.nodes(data=True)}
    # and with the ONS importer's own option
    kept = build_graph([lookup_xlsx], options={"levels": ["LAD", "PFA"]}).graph
    assert {d["kind"] for _, d in kept.nx.nodes(data=True)} < \
        {d["kind"] for _, d in b.nx.nodes(data=True)}


def test_a_workbook_population_column_reads_as_whole_numbers(tmp_path):
    book = workbook(tmp_path / "pop.xlsx", [["LAD24CD", "LAD24NM", "people"],
                                         ["E07000095", "Broxbourne", 99500.0]])
    kg = build_graph([book], options={"population_column": "people"}).graph
    assert kg.node("area:E07000095")["population"] == 99500


def test_tables_that_are_not_lookups_are_declined_by_ons(tmp_path):
    orgs = write(tmp_path / "organisations.csv", "name,area\nKent County Council,Kent\n")
    book = workbook(tmp_path / "orgs.xlsx", [["name", "area"], ["Kent County Council", "Kent"]],
                 title="Organisations")
    # a file named after a template stays a table even with ONS columns
    named = write(tmp_path / "areas.csv", "name,code\nKent,E10000016\n")
    assert [i.name for i in candidates(orgs)] == ["ons", "csv"]
    assert for_path(orgs).name == "csv" and for_path(book).name == "xlsx"
    assert for_path(named).name == "csv"
    assert build_graph([orgs, book]).graph.counts()["Organisation"] == 1


def test_an_option_the_importer_does_not_take_is_a_usage_error(tmp_path):
    book = workbook(tmp_path / "orgs.xlsx", [["name", "area"], ["Kent County Council", "Kent"]],
                 title="Organisations")
    store = tmp_path / "s.store"
    out = console("import", str(book), "--levels", "LAD", "--store", str(store))
    assert out.returncode == 2, out.stderr
    assert "the xlsx importer takes no --levels (an option of the ons importer)" in out.stderr
    assert "Traceback" not in out.stderr and not store.exists()
    orgs = write(tmp_path / "organisations.csv", "name\nKent County Council\n")
    with pytest.raises(OptionError, match="csv importer takes no --population-column"):
        build_graph([orgs], options={"population_column": "people"})
    with pytest.raises(OptionError, match="csv importer takes no --levels"):
        list(read(orgs, levels=["LAD"]))


def test_a_csv_lookup_is_recorded_as_ons_so_replace_keeps_it(shared, tmp_path):
    """Read through the csv importer, a lookup was recorded as 'csv', and 'import --replace'
    retracted the geography it should keep."""
    from lspgraph.graph import load
    from lspgraph.importers import import_files

    rows = _ons_rows(shared)
    lookup = write(tmp_path / "lookup.csv", "\n".join(",".join(r) for r in rows) + "\n")
    orgs = write(tmp_path / "organisations.csv", "name\nKent County Council\n")
    store = tmp_path / "s.store"
    import_files([lookup], store)
    import_files([orgs], store, replace=True)
    kg = load(store)
    assert kg.sources[str(lookup)]["format"] == "ons"
    assert kg.counts()["Area"] > 10 and kg.counts()["Organisation"] == 1
