"""Linked data: RDF export and import, SHACL validation and SPARQL, on the sample data."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from conftest import console, sample_files, write
from lspgraph.importers import build_graph
from lspgraph.outputs import rdf
from lspgraph.outputs.rdf_terms import Terms

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
SDG = "http://statistics.data.gov.uk/id/statistical-geography/"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("rdf") / "s.store"
    console("import", *map(str, sample_files()), "--store", str(path))
    return path


def _export(store, fmt, out):
    done = console("export", "--format", fmt, "--out", str(out), "--store", str(store))
    assert done.returncode == 0, done.stderr
    return out


def test_turtle_export_uses_the_standard_terms(store, tmp_path):
    g = rdflib.Graph().parse(_export(store, "ttl", tmp_path / "s.ttl"), format="turtle")
    classes = set(g.objects(None, RDF.type))
    for term in (ORG.OrganizationalCollaboration, ORG.Membership, ORG.FormalOrganization,
                 rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
                 rdflib.URIRef("http://www.w3.org/ns/prov#Plan")):
        assert term in classes, term
    assert rdflib.URIRef(SDG + "E10000015") in set(g.subjects())
    herts = rdflib.URIRef(SDG + "E07000099")
    assert (herts, rdflib.URIRef("http://www.opengis.net/ont/geosparql#sfWithin"),
            rdflib.URIRef(SDG + "E10000015")) in g
    assert not any("org#Site" in str(o) for o in g.objects())


def test_round_trip_is_isomorphic(store, tmp_path):
    for fmt in ("ttl", "jsonld", "nt"):
        first = _export(store, fmt, tmp_path / f"a.{fmt}")
        again = tmp_path / f"again-{fmt}.store"
        done = console("import", str(first), "--store", str(again))
        assert done.returncode == 0, done.stderr
        second = _export(again, fmt, tmp_path / f"b.{fmt}")
        syntax = rdf.FORMATS[fmt]
        a = rdflib.Graph().parse(first, format=syntax)
        b = rdflib.Graph().parse(second, format=syntax)
        assert len(a) > 1500 and isomorphic(a, b), fmt


def test_validate_conforms_and_reports(store, tmp_path):
    ok = console("validate", "--store", str(store))
    assert ok.returncode == 0 and "conforms" in ok.stdout
    ttl = _export(store, "ttl", tmp_path / "s.ttl")
    assert console("validate", str(ttl)).returncode == 0
    bad = write(tmp_path / "bad.ttl", """
@prefix lsp: <https://w3id.org/lspgraph/ns#> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://lspgraph.invalid/id/action/orphan> a schema:Action ;
    lsp:id "action:orphan" ; rdfs:label "Reduce smoking in pregnancy" .
""")
    out = console("validate", str(bad), "--format", "json")
    assert out.returncode == 1
    rows = json.loads(out.stdout)
    assert any(r["focus"] == "action:orphan" and "strategy" in r["message"] for r in rows)


def test_sparql_counts_actions_per_partnership(store):
    out = console("sparql", "actions_per_partnership.rq", "--format", "json",
                  "--store", str(store))
    assert out.returncode == 0, out.stderr
    got = {r["partnership"]: r["actions"] for r in json.loads(out.stdout)}
    kg = build_graph(sample_files()).graph
    want: dict[str, int] = {}
    for p in kg.nodes("Partnership"):
        n = sum(1 for s in kg.out(p, "OWNS") for a in kg.nodes("Action")
                if kg.node(a).get("scope") == s)
        if n:
            want[p] = n
    assert got == want
    assert got["partnership:hertfordshire-public-sector-leaders-steering-group"] == 20
    ask = console("sparql", "ASK { ?p a org:OrganizationalCollaboration }", "--format", "json",
                  "--store", str(store))
    assert json.loads(ask.stdout) == [{"ask": True}]
    update = console("sparql", "DELETE WHERE { ?s ?p ?o }", "--store", str(store))
    assert update.returncode == 1 and "read-only" in update.stderr


def test_graphml_and_json_exports(store, tmp_path):
    g = nx.read_graphml(_export(store, "graphml", tmp_path / "s.graphml"))
    kg = build_graph(sample_files()).graph
    assert g.number_of_nodes() == kg.nx.number_of_nodes()
    doc = json.loads(_export(store, "json", tmp_path / "s.json").read_text())
    assert doc["format"] and len(doc["nodes"]) == kg.nx.number_of_nodes()


def test_bad_rdf_is_reported(tmp_path):
    bad = write(tmp_path / "bad.ttl", "this is not turtle <<<")
    out = console("import", str(bad), "--store", str(tmp_path / "x.store"))
    assert out.returncode == 1 and "bad.ttl" in out.stderr and "not valid RDF" in out.stderr
    empty = write(tmp_path / "other.ttl", "<http://a> <http://b> <http://c> .\n")
    out = console("import", str(empty), "--store", str(tmp_path / "x.store"))
    assert out.returncode == 1 and "no lspgraph nodes" in out.stderr


@pytest.fixture(scope="module")
def with_website(tmp_path_factory):
    """The sample data and one organisation with a website (schema:url), as a store."""
    folder = tmp_path_factory.mktemp("site")
    extra = write(folder / "organisations.csv", "name,kind,area,website\n"
                  "Hertfordshire County Council,county_council,Hertfordshire,"
                  "https://www.hertfordshire.gov.uk\n")
    path = folder / "s.store"
    done = console("import", *map(str, sample_files()), str(extra), "--store", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("fmt", sorted(rdf.FORMATS))
def test_every_format_reimports_isomorphic_and_is_deterministic(with_website, tmp_path, fmt):
    """Each format in the export registry: the same bytes twice, and export -> import ->
    export gives an isomorphic graph, websites included (schema:url is also a document's url,
    which once lost them at random), as RDFLib round-trips its plugins."""
    first = _export(with_website, fmt, tmp_path / f"a.{fmt}")
    assert _export(with_website, fmt, tmp_path / f"again.{fmt}").read_bytes() \
        == first.read_bytes(), f"{fmt} differs run to run"
    again = tmp_path / "again.store"
    done = console("import", str(first), "--store", str(again))
    assert done.returncode == 0, done.stderr
    a = rdf.read_file(first)
    b = rdf.read_file(_export(again, fmt, tmp_path / f"b.{fmt}"))
    assert len(a) > 1500 and isomorphic(a, b), fmt
    url = rdflib.URIRef("http://schema.org/url")
    assert rdflib.Literal("https://www.hertfordshire.gov.uk") in set(b.objects(None, url))


def test_dates_are_typed_as_precise_as_the_source(store):
    """A membership's period is a time:Interval whose beginning is a time:Instant dated
    xsd:date, xsd:gYearMonth or xsd:gYear as precisely as the source, so SPARQL compares
    them as dates: the memberships that began before 2015 (in 2013) are found, and shown as
    written; a plan's period is an interval of years."""
    query = """SELECT ?m ?d WHERE {
  ?m org:memberDuring/time:hasBeginning/time:inXSDDate ?d
  FILTER(?d < "2015-01-01"^^xsd:date) }"""
    out = console("sparql", query, "--format", "json", "--store", str(store))
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    kg = build_graph(sample_files()).graph
    want = [d["start"] for _, _, d in kg.nx.edges(data=True) if d.get("start", "9") < "2015"]
    assert want and sorted(r["d"] for r in rows) == sorted(want), rows
    g = rdf.to_rdf(kg)
    xsd = rdflib.namespace.XSD
    time_ = rdflib.Namespace("http://www.w3.org/2006/time#")
    starts = {o.datatype for o in g.objects(None, time_.inXSDDate)}
    assert starts == {xsd.date}
    intervals = set(g.subjects(RDF.type, time_.Interval))
    assert intervals and all((i, rdflib.URIRef("http://schema.org/startDate"), None) not in g
                             for i in intervals)  # schema.org's dates are not for intervals
    period = {str(y) for y in g.objects(None, time_.inXSDgYear)}
    assert {"2016", "2020", "2017", "2030"} <= period
    terms = Terms(kg.schema, rdf.DEFAULT_BASE)
    assert terms.typed("2014", "date").datatype == xsd.gYear
    assert terms.typed("2014-12", "date").datatype == xsd.gYearMonth
    assert terms.typed("2014-12-01", "date").datatype == xsd.date


def test_validate_rejects_a_kind_outside_the_schema_vocabulary(store, tmp_path):
    """SHACL takes a vocabulary's allowed values from the schema (sh:in), as import does."""
    text = _export(store, "ttl", tmp_path / "s.ttl").read_text()
    assert 'lsp:kind "county_council"' in text
    bad = write(tmp_path / "bad.ttl", text.replace('lsp:kind "county_council"',
                                                   'lsp:kind "spaceship"', 1))
    out = console("validate", str(bad), "--format", "json")
    assert out.returncode == 1, out.stdout
    assert any(r["path"] == "lsp:kind" and "organisation_kind" in r["message"]
               for r in json.loads(out.stdout)), out.stdout


def test_memberships_carry_provenance(store):
    """Each org:Membership names its source file (prov:hadPrimarySource, lsp:source), and
    reads back: the round trip test above then compares them too."""
    g = rdf.to_rdf(build_graph(sample_files()).graph)
    prov = rdflib.URIRef("http://www.w3.org/ns/prov#hadPrimarySource")
    members = set(g.subjects(RDF.type, ORG.Membership))
    assert members and all(g.value(m, prov) is not None for m in members)


SHIPPED = Path(rdf.__file__).parent.parent / "queries" / "sparql"


@pytest.mark.parametrize("query", sorted(p.name for p in SHIPPED.glob("*.rq")))
def test_shipped_queries_answer_as_rdflib_does(query):
    """Each shipped SPARQL example gives the same rows in lspgraph's engine (pyoxigraph) as
    in rdflib's on the sample: the engine changed, the answers did not."""
    from rdflib.plugins.sparql import prepareQuery

    kg = build_graph(sample_files()).graph
    text = (SHIPPED / query).read_text()
    cols, rows = rdf.sparql(rdf.store(kg), text)
    theirs = rdf.to_rdf(kg).query(prepareQuery(text, initNs=kg.schema.prefixes))

    def norm(row):  # GROUP_CONCAT's order is the engine's: compare the parts as sets
        return tuple("; ".join(sorted(str(x).split("; "))) for x in row)

    want = sorted(norm(r) for r in theirs)
    assert rows and sorted(norm(r) for r in rows) == want
    assert cols == [str(v) for v in theirs.vars]
