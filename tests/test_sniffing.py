"""One way to tell a format from a file's first bytes: each importer's own sniffer, asked in
one order by the registry, for a file whose suffix names no format and for standard input
alike (``import -`` spools what it reads under the suffix the same sniffer names)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, console, workbook, write
from lspgraph.graph import UnknownFormat
from lspgraph.importers import build_graph, for_path
from lspgraph.importers.stdin import sniff_suffix

MINUTES = ROOT / "tests" / "data" / "documents" / "prose_minutes.txt"


def _pdf(path: Path) -> Path:
    import fpdf  # the test extra has it

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for para in MINUTES.read_text(encoding="utf-8").split("\n\n"):
        pdf.multi_cell(0, 5, para.encode("latin-1", "replace").decode("latin-1"),
                       new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _docx(path: Path) -> Path:
    import docx  # the test extra has it

    d = docx.Document()
    for para in MINUTES.read_text(encoding="utf-8").split("\n\n"):
        d.add_paragraph(para)
    d.save(path)
    return path


def _exported(fmt: str):
    def make(path: Path, store: Path) -> Path:
        done = console("export", "--format", fmt, "--out", str(path), "--store", str(store))
        assert done.returncode == 0, done.stderr
        return path
    return make


KINDS = {
    "ttl": _exported("ttl"), "jsonld": _exported("jsonld"), "rdf": _exported("xml"),
    "nt": _exported("nt"),
    "csv": lambda p, _: write(p, "name,kind\nAlpha Trust,nhs_body\nBeta Council,"
                                 "district_council\n"),
    "yaml": lambda p, _: write(p, "organisations:\n  - name: Alpha Trust\n    kind: nhs_body\n"),
    "xlsx": lambda p, _: workbook(p, [["name", "kind"], ["Alpha Trust", "nhs_body"]],
                                  title="Organisations"),
    "pdf": lambda p, _: _pdf(p), "docx": lambda p, _: _docx(p),
    "html": lambda p, _: write(p, "<!DOCTYPE html><html><body><p>"
                                  + MINUTES.read_text(encoding="utf-8").replace(
                                      "\n\n", "</p><p>") + "</p></body></html>"),
}


def _content(kg):
    """What a file gave, its own name aside (the two copies are named differently)."""
    def same(d):
        return {k: v for k, v in d.items() if k not in ("provenance", "path")}
    return ({n: same(d) for n, d in kg.nx.nodes(data=True)},
            {(u, v, k): same(d) for u, v, k, d in kg.nx.edges(keys=True, data=True)})


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_file_named_for_no_format_reads_as_its_bytes_show(kind, sample_store, tmp_path):
    """The same bytes as ``x.<kind>`` and as ``x.dat``: the same importer, the same graph;
    and standard input would be spooled under a suffix of that importer."""
    named = KINDS[kind](tmp_path / f"x.{kind}", sample_store)
    unnamed = tmp_path / "x.dat"
    shutil.copyfile(named, unnamed)
    imp = for_path(unnamed)
    assert imp.name == for_path(named).name, kind
    assert sniff_suffix(unnamed.read_bytes()) in imp.suffixes, kind
    a, b = build_graph([named]).graph, build_graph([unnamed]).graph
    assert len(a.nx) and _content(a) == _content(b), kind


def test_what_no_sniffer_claims_is_refused_by_name(tmp_path):
    words = write(tmp_path / "notes.dat", "Minutes of the meeting\nNothing to see.\n")
    with pytest.raises(UnknownFormat, match="notes.dat: cannot tell its format"):
        for_path(words)
    assert sniff_suffix(words.read_bytes()) is None
    # named as a document (--format document), it reads as one
    assert "document:" in " ".join(build_graph([words], format="document").graph.nx)
