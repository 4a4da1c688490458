"""lspgraph report: the partnership report as HTML + JSON-LD + Turtle, in headless Chromium."""

from __future__ import annotations

import time

import rdflib
from rdflib.compare import isomorphic

from conftest import console, sample_files, write
from lspgraph.importers import build_graph
from lspgraph.outputs import rdf
from lspgraph.outputs import report as reports

LSP = rdflib.Namespace("https://w3id.org/lspgraph/ns#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def _open(browser, path):
    browser.get(path.resolve().as_uri())
    for _ in range(50):
        if browser.execute_script("return document.readyState") == "complete":
            return
        time.sleep(0.1)


def test_report_of_a_sample_partnership(tmp_path, browser):
    store = tmp_path / "s.store"
    console("import", *map(str, sample_files()), "--store", str(store))
    out = tmp_path / "report"
    done = console("report", "Hertfordshire Forward", "--out", str(out), "--store", str(store))
    assert done.returncode == 0, done.stderr
    page, ttl = out / "index.html", out / "report.ttl"
    turtle = rdflib.Graph().parse(ttl, format="turtle")
    assert rdf.validate(turtle) == []  # conforms to the schema's SHACL shapes
    findings = set(turtle.subjects(rdflib.RDF.type, LSP.Finding))
    assert findings and all((f, PROV.wasGeneratedBy, None) in turtle for f in findings)
    assert all((f, PROV.generatedAtTime, None) in turtle for f in findings)

    _open(browser, page)
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    text = browser.execute_script("return document.body.innerText")
    for expected in ("Members (13)", "Hertfordshire Constabulary", "Footprint", "Findings",
                     "Hertfordshire: County of Opportunity"):
        assert expected in text
    jsonld = browser.execute_script(
        "return document.querySelector('script[type=\"application/ld+json\"]').textContent")
    embedded = rdflib.Graph().parse(data=jsonld, format="json-ld")
    assert isomorphic(embedded, turtle)


def test_report_escapes_names(tmp_path, browser):
    evil = '<script>window.__xss=1</script>'
    kg = build_graph([
        write(tmp_path / "partnerships.csv", f"name,covers\n\"Board {evil}\",E10000015\n"),
        write(tmp_path / "memberships.csv",
              f"member,partnership,role\n\"<img src=x onerror=window.__xss=2>\",\"Board {evil}\","
              "chair\n"),
        write(tmp_path / "areas.csv", "code,name\nE10000015,Hertfordshire\n"),
    ]).graph
    pid = next(iter(kg.nodes("Partnership")))
    built = reports.build(kg, pid)
    assert "<script>window.__xss" not in built.html
    path = reports.write(built, tmp_path / "r") / "index.html"
    _open(browser, path)
    assert browser.execute_script("return window.__xss") is None
    text = browser.execute_script("return document.body.innerText")
    assert evil in text and "<img src=x onerror=window.__xss=2>" in text
