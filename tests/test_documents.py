"""Document readers: one text model from .txt, .html, .docx and .pdf, page noise left out."""

from __future__ import annotations

import html
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lspgraph.documents as documents
from conftest import SEEDS
from lspgraph.documents import read, read_text, words
from lspgraph.graph.errors import InputError

HERTS = "001_c12ba0dabf3f69f6.txt"


def test_transcription_noise_is_left_out(shared):
    path = SEEDS / HERTS
    doc = read(path)
    text = doc.text
    assert "Similar documents" not in text and "Arts Council England" not in text
    assert "Transcription" not in text
    assert "Similar documents" in doc.dropped and "Transcription:" in doc.dropped
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].line == 1
    raw = path.read_text(encoding="utf-8")
    for b in doc.blocks:  # offsets and lines point into the file as written
        assert raw[b.start:b.end].split() == b.text.split()[:len(raw[b.start:b.end].split())]
        assert raw.splitlines()[b.line - 1].strip().startswith(b.text.split()[0])
    assert [b.start for b in doc.blocks] == sorted(b.start for b in doc.blocks)


def test_comment_footers_and_template_notices(shared):
    slides = read(SEEDS / "002_b85b98ca8c58531e.txt")
    assert "Write a Comment" in slides.dropped and "User Comments" not in slides.text
    minutes = read(SEEDS / "003_085fda8e0b9bc954.txt")
    assert "default template" not in minutes.text
    assert "RESOLVED" in minutes.text or "resolved" in minutes.text.lower()


def _latin(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-").replace("•", "-")
    return unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")


@pytest.fixture(scope="module")
def herts(shared):
    return read(SEEDS / HERTS)


def test_html_page_gives_the_same_words(herts, tmp_path):
    body = "".join(
        f"<h2>{html.escape(b.text)}</h2>" if b.kind == "heading" else
        f"<ul><li>{html.escape(b.text)}</li></ul>" if b.kind == "list_item" else
        f"<p>{html.escape(b.text)}</p>" for b in herts.blocks)
    page = ("<!DOCTYPE html><html><head><title>x</title><script>var a='<p>no</p>';</script>"
            "<style>p{}</style></head><body><nav><ul><li>Home</li><li>Browse</li></ul></nav>"
            "<div class='breadcrumb'>Home &gt; Documents</div>"
            f"<main>{body}</main><aside class='similar-docs'><h3>Similar documents</h3>"
            "<p>Herts Urgent Care</p></aside><footer><p>Write a Comment</p></footer>"
            "</body></html>")
    path = tmp_path / "herts.html"
    path.write_text(page, encoding="utf-8")
    doc = read(path)
    assert doc.format == "html" and words(doc.text) == words(herts.text)
    assert "Herts Urgent Care" in doc.dropped and "Home" in doc.dropped


def test_docx_gives_the_same_words(herts, tmp_path):
    import docx  # the test extra has it (and the documents extra)

    d = docx.Document()
    for b in herts.blocks:
        if b.kind == "heading":
            d.add_heading(b.text, level=2)
        else:
            d.add_paragraph(b.text, style="List Bullet" if b.kind == "list_item" else None)
    d.save(tmp_path / "herts.docx")
    doc = read(tmp_path / "herts.docx")
    assert doc.format == "docx" and words(doc.text) == words(herts.text)
    assert doc.blocks[0].kind == "heading"


def test_pdf_gives_the_same_words(herts, tmp_path):
    import fpdf  # the test extra has it, to write a PDF to read back

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for b in herts.blocks:
        pdf.multi_cell(0, 5, _latin(b.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(tmp_path / "herts.pdf"))
    doc = read(tmp_path / "herts.pdf")
    assert doc.format == "pdf" and words(doc.text) == words(_latin(herts.text))


def test_bad_files_are_clear_messages(tmp_path, monkeypatch):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02garbage" * 100)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_bytes(b"not a pdf at all")
    only_noise = tmp_path / "noise.txt"
    only_noise.write_text("Write a Comment\nanything\n")
    for path, msg in ((empty, "is empty"), (binary, "binary"), (fake_pdf, "not a readable PDF"),
                      (only_noise, "no text once page furniture"),
                      (tmp_path / "missing.txt", "cannot be read")):
        with pytest.raises(InputError, match=msg) as err:
            read(path)
        assert str(path) in str(err.value)
    monkeypatch.setattr(documents, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(InputError, match="are refused"):
        read(big)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_reads_or_fails_clearly(text):
    doc = read_text(text)
    for b in doc.blocks:
        assert b.text.strip() and 0 <= b.start <= b.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_read_or_fail_clearly(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "x.html"
    path.write_bytes(data)
    try:
        read(path)
    except InputError as exc:
        assert str(path) in str(exc)


def test_extract_resolutions_and_actions_from_the_seeds(shared):
    import json

    from conftest import console

    out = console("extract", str(SEEDS / "004_cc92c03a1e1232d1.txt"),
                  str(SEEDS / HERTS), "--format", "json")
    assert out.returncode == 0, out.stderr
    kent, herts = json.loads(out.stdout)
    expected = json.loads((SEEDS / "expected" / "004_cc92c03a1e1232d1.json").read_text())
    assert {"organisations", "partnerships", "strategies", "themes", "actions", "people",
            "meetings", "resolutions", "dates", "areas"} <= set(kent)
    assert [r["text"] for r in kent["resolutions"]] == expected["resolutions"]
    want = json.loads((SEEDS / "expected" / f"{HERTS[:-4]}.json").read_text())["actions"]
    assert [a["text"] for a in herts["actions"]] == [a["text"] for a in want]


def test_extract_eval_scores_the_seeds(shared):
    from conftest import bench_module

    rows = {r["key"]: r for r in bench_module("extract_eval").evaluate(SEEDS)}
    assert rows["resolutions"]["recall"] == 1.0 and rows["resolutions"]["precision"] == 1.0
    assert rows["actions"]["f1"] == 1.0
    assert set(rows) >= {"organisations", "people", "meetings", "dates"}  # every key scored


def test_people_with_roles_and_organisations(shared):
    from lspgraph.documents.extract import people

    herts = {p["name"]: p for p in people(read(SEEDS / HERTS))}
    expected = json.loads((SEEDS / "expected" / f"{HERTS[:-4]}.json").read_text())["people"]
    assert set(herts) == {p["name"] for p in expected}  # the six steering-group members
    for want in expected:
        got = herts[want["name"]]
        assert got["role"] == want["role"]
        assert got["organisation"] == want["organisation"]
    kent = {p["name"]: p["role"] for p in people(read(SEEDS / "004_cc92c03a1e1232d1.txt"))}
    assert kent == {"Marcus Chrysostomou": "Head of External Communications",
                    "Malti Varshney": "Consultant in Public Health",
                    "Mark Lemon": "Strategic Business Adviser"}
