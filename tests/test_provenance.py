"""Provenance is a list of Origin records, and every reader cites them the same way."""

from __future__ import annotations

import dataclasses
import gzip
import json

import orjson
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, write
from lspgraph import queries
from lspgraph.cli import cli
from lspgraph.graph import load, save
from lspgraph.graph.records import Origin
from lspgraph.graph.storage import dumps, loads
from lspgraph.importers import build_graph
from lspgraph.outputs import rdf
from lspgraph.outputs import report as reports
from lspgraph.outputs import view as views

MINUTES = ROOT / "tests" / "data" / "documents" / "prose_minutes.txt"
PERSON = "person:adeyemi"
PROV_ENTITY = rdflib.URIRef("http://www.w3.org/ns/prov#Entity")


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prov")
    orgs = write(folder / "organisations.csv", "name,area\nKent County Council,Kent\n"
                 "Medway Council,Medway\n")
    return build_graph([orgs, MINUTES]).graph


def test_nodes_carry_origins_with_row_or_line_and_passage(kg):
    org = kg.node("organisation:medway-council")["provenance"]
    assert org == [Origin(org[0].source, 3)] and org[0].cite() == "organisations.csv, row 3"
    (person,) = kg.node(PERSON)["provenance"]
    assert person.source == str(MINUTES) and person.line == 7
    assert person.quote.startswith("Cllr Adeyemi welcomed")
    assert MINUTES.read_text(encoding="utf-8")[person.start:person.end] == "Adeyemi"
    assert person.cite() == "prose_minutes.txt, line 7"
    assert person.cite(quote=True).endswith(f": “{person.quote}”")


def test_store_round_trips_origins_and_reads_older_stores(kg, tmp_path):
    back = loads(dumps(kg))
    assert back.node(PERSON)["provenance"] == kg.node(PERSON)["provenance"]
    assert dumps(back) == dumps(kg)
    # the file keeps the shape stores have always had: [file index, line(, start, end, quote)]
    doc = orjson.loads(gzip.decompress(dumps(kg)))
    entry = next(n[4][0] for n in doc["nodes"] if n[0] == PERSON)
    person = kg.node(PERSON)["provenance"][0]
    assert doc["files"][entry[0]] == str(MINUTES)
    assert entry[1:] == [7, person.start, person.end, person.quote]
    # so a store written before provenance was typed loads as it is
    old = {"format": "lspgraph-store", "version": 1, "sources": {}, "files": ["a.csv", "m.txt"],
           "nodes": [["organisation:a", "Organisation", None, {"name": "A"}, [[0, 2]]],
                     ["person:b", "Person", None, {"name": "B"}, [[1, 4, 10, 11, "B spoke"]]]],
           "edges": []}
    store = tmp_path / "old.store"
    store.write_bytes(gzip.compress(orjson.dumps(old)))
    g = load(store)
    assert g.node("organisation:a")["provenance"] == [Origin("a.csv", 2)]
    assert g.node("person:b")["provenance"] == [Origin("m.txt", 4, "B spoke", 10, 11)]
    save(g, store)
    assert load(store).node("person:b")["provenance"][0].quote == "B spoke"


def test_show_cites_the_file_and_quotes_the_passage(kg, tmp_path, runner):
    store = tmp_path / "s.store"
    save(kg, store)
    res = runner.invoke(cli, ["show", PERSON, "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "  prose_minutes.txt, line 7: “Cllr Adeyemi welcomed" in res.output
    res = runner.invoke(cli, ["show", PERSON, "--store", str(store), "--format", "json"])
    (p,) = json.loads(res.output)["provenance"]
    assert p["source"] == str(MINUTES) and p["line"] == 7 and p["quote"].startswith("Cllr")


def test_view_tooltip_cites_and_quotes(kg):
    page = views.build(kg)
    assert "prose_minutes.txt, line 7" in page.html
    tip = views._tooltip(kg, PERSON)
    assert tip["source"] == "prose_minutes.txt, line 7"
    assert tip["quote"].startswith("Cllr Adeyemi")  # the passage, not a character offset
    assert views._tooltip(kg, "organisation:kent-county-council")["source"] == \
        "organisations.csv, row 2"


def test_questions_cite_evidence_by_file_name_and_row(kg, sample_graph):
    from lspgraph.queries.common import evidence

    assert evidence(kg, "organisation:kent-county-council") == "organisations.csv, row 2"
    assert kg.nodes_df("Organisation")["sources"].tolist() == [
        "organisations.csv, row 2", "organisations.csv, row 3"]
    gaps = queries.run("gaps", sample_graph)
    assert "themes.csv, row 8" in set(gaps["evidence"])


def test_report_cites_the_source_by_name_and_row(tmp_path):
    orgs = write(tmp_path / "organisations.csv", "name\nKent County Council\n")
    boards = write(tmp_path / "partnerships.csv",
                   "name,kind\nKent HWB,health_and_wellbeing_board\n")
    kg = build_graph([orgs, boards]).graph
    link = reports._source_link(kg, ["partnership:kent-hwb"])
    assert link == " · source: partnerships.csv, row 2" and str(tmp_path) not in link
    report = reports.build(kg, "partnership:kent-hwb")
    assert 'lsp:source "[\\"partnerships.csv\\", 2]"' in report.turtle  # the file's name
    assert str(tmp_path) not in report.turtle + report.html


def test_report_names_files_as_the_export_does(tmp_path):
    """Files from two folders: the report's RDF names each one relative to the import, as
    the whole export does (boards/partnerships.csv), never by its bare name alone."""
    orgs = write(tmp_path / "organisations.csv", "name\nKent County Council\n")
    (tmp_path / "boards").mkdir()
    boards = write(tmp_path / "boards" / "partnerships.csv",
                   "name,kind\nKent HWB,health_and_wellbeing_board\n")
    members = write(tmp_path / "memberships.csv",
                    "member,partnership,role\nKent County Council,Kent HWB,member\n")
    kg = build_graph([orgs, boards, members]).graph
    report = reports.build(kg, "partnership:kent-hwb").graph
    export = rdf.to_rdf(kg)
    label = rdflib.RDFS.label
    files = {str(o) for s in report.subjects(rdflib.RDF.type, PROV_ENTITY)
             for o in report.objects(s, label)}
    assert files == {"boards/partnerships.csv", "organisations.csv", "memberships.csv"}
    assert files <= {str(o) for s in export.subjects(rdflib.RDF.type, PROV_ENTITY)
                     for o in export.objects(s, label)}


def test_rdf_keeps_provenance_in_order_and_reads_it_back(kg, tmp_path):
    g = rdf.to_rdf(kg)
    lsp = kg.schema.prefixes["lsp"]
    sources = [json.loads(str(o)) for s, p, o in g
               if str(p) == lsp + "source" and "adeyemi" in str(s)]
    assert len(sources) == 1 and sources[0][1] == 7 and sources[0][4].startswith("Cllr")
    out = tmp_path / "g.ttl"
    out.write_bytes(g.serialize(format="turtle").encode())
    back = build_graph([out]).graph
    names = rdf.relative_sources(kg)  # the RDF names files relative to the import
    assert back.node(PERSON)["provenance"] == [
        dataclasses.replace(o, source=names.get(o.source, o.source))
        for o in kg.node(PERSON)["provenance"]]
    assert not any(o.source.startswith("/") for o in back.node(PERSON)["provenance"])


@given(st.builds(Origin, st.text(min_size=1), st.none() | st.integers(1, 10**6) | st.text(),
                 st.none() | st.text(), st.none() | st.integers(0, 10**6),
                 st.none() | st.integers(0, 10**6)))
def test_origin_list_round_trip(origin):
    back = Origin.from_list(origin.as_list())
    if origin.quote is None and origin.start is None:  # [file, line] drops an end alone
        origin = Origin(origin.source, origin.line)
    assert back == origin
    assert back.cite().startswith(back.name)


@given(st.builds(Origin, st.text(min_size=1), st.none() | st.integers(-10, 10**9) | st.text()
                 | st.booleans(), st.none() | st.text(), st.none() | st.integers(0, 10**6),
                 st.none() | st.integers(0, 10**6)), st.text(min_size=1))
def test_source_json_is_what_json_dumps_writes(origin, name):
    """The export's fast ``[file, row]`` text is byte for byte json.dumps's, whatever the
    file's name holds (quotes, backslashes, control characters, non-ASCII)."""
    expected = json.dumps([name, *origin.as_list()[1:]], ensure_ascii=False)
    assert rdf.source_json(origin, name) == expected
