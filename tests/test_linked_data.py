"""Linked data others can use: the published vocabulary (ontology, JSON-LD context), terms
used as their vocabularies define them, provenance without local paths, and SHACL shapes
that refuse what import refuses (issue 21)."""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from conftest import console, sample_files, write
from lspgraph.importers import build_graph
from lspgraph.outputs import rdf, vocab
from lspgraph.schemas import load_schema

NS = load_schema().prefixes["lsp"]
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
SDO = rdflib.Namespace("http://schema.org/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The sample data plus a plan within a plan (PART_OF between strategies)."""
    folder = tmp_path_factory.mktemp("ld")
    (folder / "data" / "extra").mkdir(parents=True)
    files = [shutil.copy(f, folder / "data" / f.name) for f in sample_files()]
    extra = write(folder / "data" / "extra" / "plans.csv", "name,kind,owner,part_of\n"
                  "Hertfordshire Smoking Action Plan,action_plan,Hertfordshire Forward,"
                  "Hertfordshire: County of Opportunity\n")
    store = folder / "s.store"
    done = console("import", *map(str, files), str(extra), "--store", str(store))
    assert done.returncode == 0, done.stderr
    ttl = folder / "s.ttl"
    done = console("export", "--out", str(ttl), "--store", str(store))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def graph(folder):
    return rdflib.Graph().parse(folder / "s.ttl")


def test_the_shipped_vocabulary_is_what_the_schema_generates():
    """ontology.ttl and context.jsonld ship in the package and are generated from the schema
    (`lspgraph vocab`): one source of truth, checked here."""
    shipped = resources.files("lspgraph.schemas")
    onto = rdflib.Graph().parse(data=shipped.joinpath("ontology.ttl").read_text(),
                                format="turtle")
    assert isomorphic(onto, vocab.ontology())
    assert json.loads(shipped.joinpath("context.jsonld").read_text()) == vocab.context()
    assert NS == "https://w3id.org/lspgraph/ns#" and "example.org" not in NS


def test_every_lsp_term_the_export_writes_is_declared(graph, folder, tmp_path):
    """Each lsp: class and property in the export and in a report has a label, a comment
    and a domain (or domainIncludes, or a standard superproperty)."""
    onto = vocab.ontology()
    report = tmp_path / "report"
    done = console("report", "Hertfordshire Forward", "--out", str(report), "--store",
                   str(folder / "s.store"))
    assert done.returncode == 0, done.stderr
    used = set()
    for g in (graph, rdflib.Graph().parse(report / "report.ttl")):
        for _, p, o in g:  # vocabulary values (org:classification...) are checked below
            used |= {x for x in (p, o) if isinstance(x, rdflib.URIRef) and str(x).startswith(NS)
                     and (p not in (ORG.classification, DCT.type) or x == p)}
    assert len(used) > 20
    for term in sorted(used):
        assert onto.value(term, RDFS.label) and onto.value(term, RDFS.comment), term
        if onto.value(term, RDF.type) in (rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty):
            assert any(onto.value(term, p) for p in (RDFS.domain, SDO.domainIncludes,
                                                     RDFS.subPropertyOf)), term
    # the values of org:classification are concepts the ontology declares, with one label
    for concept in set(graph.objects(None, ORG.classification)):
        assert len(list(onto.objects(concept, SKOS.prefLabel))) == 1, concept


def test_terms_are_used_as_their_vocabularies_define_them(graph):
    """No schema:agent on things that are not schema:Action (leads are lsp:ledBy), no
    schema:startDate on a time:Interval, no org:subOrganizationOf between plans (a plan
    within a plan is dcterms:isPartOf), and an organisation's kind is org:classification."""
    assert not list(graph.triples((None, SDO.agent, None)))
    assert set(graph.subjects(rdflib.URIRef(NS + "ledBy"), None))
    for i in graph.subjects(RDF.type, TIME.Interval):
        assert not list(graph.triples((i, SDO.startDate, None)))
    plans = set(graph.subjects(RDF.type, PROV.Plan))
    assert not [s for s, _, o in graph.triples((None, ORG.subOrganizationOf, None))
                if s in plans or o in plans]
    assert [(s, o) for s, _, o in graph.triples((None, DCT.isPartOf, None))
            if s in plans and o in plans]
    kinds = set(graph.objects(None, ORG.classification))
    assert rdflib.URIRef(NS + "organisation_kind-county_council") in kinds


def test_themes_are_concepts_of_their_strategy_scheme(graph):
    themes = set(graph.subjects(RDF.type, rdflib.URIRef(NS + "Theme")))
    assert themes
    for t in themes:
        assert len(list(graph.objects(t, SKOS.prefLabel))) == 1, t
        schemes = list(graph.objects(t, SKOS.inScheme))
        assert len(schemes) == 1 and (schemes[0], RDF.type, SKOS.ConceptScheme) in graph
        assert graph.value(schemes[0], DCT.isPartOf) == graph.value(t, DCT.isPartOf)


def test_provenance_names_files_relative_to_the_import(graph, folder):
    """No local path leaks: lsp:source and the prov:Entity of each file name it relative
    to the folder the imported files share (a file in a subfolder keeps the subfolder)."""
    text = (folder / "s.ttl").read_text()
    assert str(folder) not in text and "/tmp/" not in text
    labels = {str(o) for s in graph.subjects(RDF.type, PROV.Entity)
              for o in graph.objects(s, RDFS.label)}
    assert {"actions.csv", "memberships.csv", "extra/plans.csv"} <= labels, labels
    sources = [json.loads(str(o))[0] for o in graph.objects(None, rdflib.URIRef(NS + "source"))]
    assert sources and not any(os.path.isabs(s) for s in sources)
    members = set(graph.subjects(RDF.type, ORG.Membership))
    assert members and all(graph.value(m, PROV.hadPrimarySource) for m in members)


def test_the_namespace_is_configurable(folder, tmp_path):
    """LSPGRAPH_NAMESPACE puts lspgraph's terms in a publisher's namespace: export, the
    vocabulary files and import all follow it."""
    ns = "https://data.example.gov.uk/def/lsp#"
    env = {"LSPGRAPH_NAMESPACE": ns}
    out = tmp_path / "mine.ttl"
    done = console("export", "--out", str(out), "--store", str(folder / "s.store"), env=env)
    assert done.returncode == 0, done.stderr
    g = rdflib.Graph().parse(out)
    assert (None, rdflib.URIRef(ns + "id"), None) in g and NS not in out.read_text()
    done = console("vocab", "--out", str(tmp_path / "v"), env=env)
    assert done.returncode == 0, done.stderr
    assert f'"lsp": "{ns}"' in (tmp_path / "v" / "context.jsonld").read_text()
    again = console("import", str(out), "--store", str(tmp_path / "a.store"), env=env)
    assert again.returncode == 0, again.stderr
    refused = console("import", str(out), "--store", str(tmp_path / "b.store"))
    assert refused.returncode == 1 and "LSPGRAPH_NAMESPACE" in refused.stderr


def _mutations() -> dict[str, tuple[str, str]]:
    """Deliberately broken versions of the sample's Turtle: (text to find, replacement)."""
    return {
        "kind outside its vocabulary": ('lsp:kind "county_council"', 'lsp:kind "spaceship"'),
        "population not a number": ("lsp:population 1", 'lsp:population "many" ; lsp:x 1'),
        "a second lsp:id": ('lsp:id "organisation:hertfordshire-county-council"',
                            'lsp:id "organisation:hertfordshire-county-council", "organisation:x"'),
        "two names": ('rdfs:label "Hertfordshire Forward"',
                      'rdfs:label "Hertfordshire Forward", "Herts Forward Board"'),
        "a date that is not one": ('time:inXSDDate "2013-04-01"^^xsd:date',
                                   'time:inXSDDate "soon"^^xsd:date'),
        "membership of an area": ("org:memberOf <https://lspgraph.invalid/id/partnership/"
                                  "hertfordshire-forward>",
                                  "org:memberOf sdg:E10000015"),
        "an action status that is no ActionStatusType": (
            "schema:actionStatus schema:CompletedActionStatus",
            "schema:actionStatus schema:EventCancelled"),
        "two action statuses": ("schema:actionStatus schema:CompletedActionStatus",
                                "schema:actionStatus schema:CompletedActionStatus, "
                                "schema:ActiveActionStatus"),
        "an action outside any strategy": ("dcterms:isPartOf <https://lspgraph.invalid/id/"
                                           "strategy/", "dcterms:references <https://"
                                           "lspgraph.invalid/id/strategy/"),
    }


@pytest.mark.parametrize("case", sorted(_mutations()))
def test_validate_and_import_refuse_the_same_broken_graphs(folder, tmp_path, case):
    """A corpus of broken graphs: each fails `validate` (SHACL) and `import` alike, and the
    unbroken export passes both."""
    text = (folder / "s.ttl").read_text()
    find, replace = _mutations()[case]
    assert find in text, find
    bad = write(tmp_path / "bad.ttl", text.replace(find, replace, 1))
    checked = console("validate", str(bad), "--format", "json")
    assert checked.returncode == 1, (case, checked.stdout[-800:])
    imported = console("import", str(bad), "--store", str(tmp_path / "x.store"))
    assert imported.returncode == 1, (case, imported.stdout[-500:])
    assert "bad.ttl" in imported.stderr


def test_the_unbroken_export_passes_validate_and_import(folder, tmp_path):
    assert console("validate", str(folder / "s.ttl")).returncode == 0
    done = console("import", str(folder / "s.ttl"), "--store", str(tmp_path / "x.store"))
    assert done.returncode == 0, done.stderr


def test_report_jsonld_is_compacted_with_the_shipped_context(folder, tmp_path):
    out = tmp_path / "r"
    done = console("report", "Hertfordshire Forward", "--out", str(out), "--store",
                   str(folder / "s.store"))
    assert done.returncode == 0, done.stderr
    page = (out / "index.html").read_text()
    start = page.index('<script type="application/ld+json">') + 35
    doc = json.loads(page[start:page.index("</script>", start)])
    assert doc["@context"]["lsp"] == NS and doc["@context"]["population"]["@type"] \
        == "xsd:integer"
    assert "@graph" in doc and '"http://www.w3.org/ns/org#memberOf"' not in json.dumps(doc)
    embedded = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    assert isomorphic(embedded, rdflib.Graph().parse(out / "report.ttl"))


def test_build_graph_reads_its_own_export(folder):
    """Round trip through the Python API too (the CLI round trip is in test_rdf)."""
    kg = build_graph([folder / "s.ttl"]).graph
    assert rdf.node_iri(kg, "partnership:hertfordshire-forward")


def test_action_statuses_are_schema_org_action_status_types(graph, folder, tmp_path):
    """An action's status is also schema:actionStatus, the ActionStatusType individual the
    schema maps its value to; strategies (prov:Plan) and meetings get none; a file that
    gives only schema:actionStatus reads back with the status it names."""
    mapping = {v: spec.get("rdf") for v, spec in
               load_schema().vocabularies["action_status"].values.items()}
    assert mapping["dropped"] is None and mapping["at_risk"] == "schema:ActiveActionStatus"
    rows = graph.query("SELECT ?status ?standard WHERE { ?a a schema:Action ; lsp:status "
                       "?status . OPTIONAL { ?a schema:actionStatus ?standard } }",
                       initNs={"schema": SDO, "lsp": rdflib.Namespace(NS)})
    seen = {(str(st), str(sd).replace(str(SDO), "schema:")) for st, sd in rows}
    assert seen == {("in_progress", "schema:ActiveActionStatus"),
                    ("not_started", "schema:PotentialActionStatus"),
                    ("complete", "schema:CompletedActionStatus")}
    on_actions = set(graph.subjects(SDO.actionStatus, None))
    assert on_actions and on_actions <= set(graph.subjects(RDF.type, SDO.Action))
    # only the standard term: the status is read from it (the first value naming it)
    text = (folder / "s.ttl").read_text()
    plain = text.replace('lsp:status "complete"', "rdfs:seeAlso <https://example.org/x>")
    assert plain != text and 'lsp:status "complete"' not in plain
    back = build_graph([write(tmp_path / "standard.ttl", plain)]).graph
    done = [n for n in back.nodes("Action") if back.node(n).get("status") == "complete"]
    (complete,) = graph.subjects(rdflib.URIRef(NS + "status"), rdflib.Literal("complete"))
    assert done == [str(graph.value(complete, rdflib.URIRef(NS + "id")))]


OLD = os.path.join(os.path.dirname(__file__), "data", "old_namespace")


def _content(kg):
    """Nodes and edges with their properties, provenance aside (the files' paths differ),
    a theme's reference concepts as :func:`concepts_of` gives them (RDF states them; a CSV
    row leaves them to the theme's words)."""
    from lspgraph.graph.taxonomy import concepts_of

    nodes = {n: {k: v for k, v in d.items() if k not in ("provenance", "concepts")}
             | ({"concepts": sorted(concepts_of(kg, n))} if d["type"] == "Theme" else {})
             for n, d in kg.nx.nodes(data=True)}
    edges = {(u, v, k): {x: y for x, y in d.items() if x != "provenance"}
             for u, v, k, d in kg.nx.edges(keys=True, data=True)}
    return nodes, edges


def test_a_file_in_the_old_namespace_is_read_with_a_notice(tmp_path):
    """A Turtle file an earlier lspgraph wrote (example.org namespace, https schema.org,
    schema:agent leads, org:subOrganizationOf plans, interval dates as schema:startDate)
    imports to the graph its CSV files give today, with one line saying so."""
    old = os.path.join(OLD, "fenshire-0.x.ttl")
    assert "https://example.org/lspgraph/ns#" in open(old, encoding="utf-8").read()
    store = tmp_path / "old.store"
    done = console("import", old, "--store", str(store))
    assert done.returncode == 0, done.stderr
    said = [line for line in (done.stdout + done.stderr).splitlines()
            if "earlier lspgraph" in line]
    assert len(said) == 1 and "https://example.org/lspgraph/ns#" in said[0] \
        and "export again" in said[0], done.stdout + done.stderr
    from lspgraph.graph import load

    csvs = sorted(os.path.join(OLD, f) for f in os.listdir(OLD) if f.endswith(".csv"))
    expected = _content(build_graph(csvs).graph)
    got = _content(load(store))
    assert got == expected
    assert any(k == "LEADS" for _, _, k in got[1]) and any(k == "PART_OF" for _, _, k in got[1])
    member = got[1][("organisation:fenshire-county-council",
                     "partnership:fenshire-health-and-wellbeing-board", "MEMBER_OF")]
    assert member["start"] == "2013-04-01" and member["end"] == "2019-03"
    # validate reads it as import does (they agree), with the same kind of notice
    checked = console("validate", old)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "earlier lspgraph" in checked.stderr and "export again" in checked.stderr
    # exported again, it is today's linked data: it validates
    ttl = tmp_path / "new.ttl"
    assert console("export", "--out", str(ttl), "--store", str(store)).returncode == 0
    assert "example.org/lspgraph" not in ttl.read_text()
    assert console("validate", str(ttl)).returncode == 0


def test_quoted_passages_are_web_annotations(tmp_path):
    """A node read from a document names its passage as W3C Web Annotation: an
    oa:Annotation of the node whose target is the document, selected by an
    oa:TextQuoteSelector with the passage's words. The shapes pass it, export -> import ->
    export is isomorphic, and a selector with two texts or none fails validate and import."""
    minutes = os.path.join(os.path.dirname(__file__), "data", "documents",
                           "prose_minutes.txt")
    store, ttl = tmp_path / "m.store", tmp_path / "m.ttl"
    assert console("import", minutes, "--store", str(store)).returncode == 0
    assert console("export", "--out", str(ttl), "--store", str(store)).returncode == 0
    g = rdflib.Graph().parse(ttl)
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    rows = g.query("SELECT ?id ?exact ?file WHERE { ?a a oa:Annotation ; oa:hasBody ?n ; "
                   "oa:hasTarget [ oa:hasSource [ rdfs:label ?file ] ; oa:hasSelector "
                   "[ a oa:TextQuoteSelector ; oa:exact ?exact ] ] . ?n lsp:id ?id }",
                   initNs={"oa": oa, "rdfs": RDFS, "lsp": rdflib.Namespace(NS)})
    found = {(str(i), str(e), str(f)) for i, e, f in rows}
    from lspgraph.graph import load

    kg = load(store)
    quoted = {(n, o.quote) for n, d in kg.nx.nodes(data=True)
              for o in d.get("provenance", ()) if o.quote}
    assert quoted and {(n, q) for n, q, _ in found} == quoted
    assert {f for _, _, f in found} == {"prose_minutes.txt"}
    assert console("validate", str(ttl)).returncode == 0
    again = tmp_path / "again.ttl"
    assert console("import", str(ttl), "--store", str(tmp_path / "b.store")).returncode == 0
    assert console("export", "--out", str(again), "--store",
                   str(tmp_path / "b.store")).returncode == 0
    assert isomorphic(g, rdflib.Graph().parse(again))
    text = ttl.read_text()
    for broken in (text.replace("oa:exact ", 'oa:exact "other words", ', 1),
                   text.replace("oa:exact ", "rdfs:comment ", 1)):
        assert broken != text
        bad = write(tmp_path / "bad.ttl", broken)
        assert console("validate", str(bad)).returncode == 1
        refused = console("import", str(bad), "--store", str(tmp_path / "x.store"))
        assert refused.returncode == 1 and "oa:exact" in refused.stderr, refused.stderr
