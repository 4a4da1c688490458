"""Issue 21.8, the command line's and the library's conventions: '-' is standard input or
output wherever a file is taken or written, every --format name means the same thing in
every command, and every question's DataFrame holds hashable cells."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import console

HEAVY = ("pandas", "networkx", "rdflib", "numpy", "scipy", "pyshacl", "pyoxigraph")


@pytest.fixture
def demo(sample_store):
    return sample_store


def _pipe(args, data, **kw):
    """The console command with ``data`` (bytes) on its standard input."""
    exe = os.path.join(os.path.dirname(sys.executable), "lspgraph")
    return subprocess.run([exe, *args], input=data, capture_output=True, timeout=300, **kw)


# -- '-' is standard input or output ----------------------------------------------------
def test_export_out_dash_writes_stdout_and_import_dash_reads_it_back(demo, tmp_path):
    out = console("export", "--format", "ttl", "--out", "-", "--store", str(demo),
                  cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert not (tmp_path / "-").exists()  # no file named '-'
    assert out.stdout.startswith("@prefix") and "org:Membership" in out.stdout
    for fmt in ("ttl", "jsonld", "xml", "nt"):
        data = console("export", "--format", fmt, "--out", "-", "--store", str(demo)).stdout
        copy = tmp_path / f"copy-{fmt}.store"
        done = _pipe(["import", "-", "--store", str(copy)], data.encode())  # sniffed
        assert done.returncode == 0, (fmt, done.stderr)
        again = console("export", "--format", "nt", "--store", str(copy)).stdout
        original = console("export", "--format", "nt", "--store", str(demo)).stdout
        assert len(again.splitlines()) == len(original.splitlines()), fmt
    info = json.loads(console("info", "--format", "json", "--store", str(copy)).stdout)
    assert "<stdin>" in info["sources"]


def test_import_dash_csv_names_its_source_stdin_and_syncs(tmp_path):
    store = tmp_path / "s.store"
    rows = b"name,kind\nAlpha Trust,nhs_body\nBeta Council,county_council\n"
    done = _pipe(["import", "-", "--store", str(store)], rows)
    assert done.returncode == 0, done.stderr
    shown = console("show", "Alpha Trust", "--store", str(store))
    assert "<stdin>, line 2" in shown.stdout  # the source has no name to say it is a table
    # piped again without Beta: standard input is one source, so Beta leaves the graph
    done = _pipe(["import", "-", "--store", str(store)], rows.rsplit(b"Beta", 1)[0])
    assert done.returncode == 0, done.stderr
    assert console("show", "Beta Council", "--store", str(store)).returncode != 0


def test_import_dash_with_format_and_when_it_cannot_tell(tmp_path):
    store = tmp_path / "s.store"
    text = b"organisations:\n  - name: Alpha Trust\n    kind: nhs_body\n"
    done = _pipe(["import", "-", "--format", "yaml", "--store", str(store)], text)
    assert done.returncode == 0, done.stderr
    unknown = _pipe(["import", "-", "--store", str(store)], b"just some words\n")
    err = unknown.stderr.decode()
    assert unknown.returncode == 1 and "standard input" in err and "--format" in err
    assert "Traceback" not in err
    bad = _pipe(["import", "-", "--store", str(store)], b"name,kind\nGamma,spaceship\n")
    assert bad.returncode == 1 and "<stdin>, row 2" in bad.stderr.decode()


def test_sparql_dash_reads_the_query_from_stdin(demo):
    query = b"SELECT (COUNT(?m) AS ?n) WHERE { ?m a org:Membership }"
    done = _pipe(["sparql", "-", "--format", "json", "--store", str(demo)], query)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["n"] > 10


def test_validate_dash_reads_rdf_from_stdin(demo):
    data = console("export", "--format", "ttl", "--store", str(demo)).stdout.encode()
    done = _pipe(["validate", "-"], data)
    assert done.returncode == 0 and b"conforms" in done.stdout, done.stderr
    broken = data.replace(b'lsp:kind "county_council"', b'lsp:kind "spaceship"', 1)
    assert broken != data
    assert _pipe(["validate", "-"], broken).returncode == 1


def test_view_out_dash_writes_the_page_to_stdout(demo, tmp_path):
    done = console("view", "--out", "-", "--store", str(demo), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "-").exists() and "nodes" in done.stderr


def test_report_out_dash_writes_one_stream_to_stdout(demo, tmp_path):
    """The page (default), its Turtle or its JSON-LD, each what the folder form holds."""
    import rdflib
    from rdflib.compare import isomorphic

    folder = tmp_path / "r"
    args = ["report", "Hertfordshire Forward", "--store", str(demo)]
    assert console(*args, "--out", str(folder)).returncode == 0
    page = console(*args, "--out", "-", cwd=tmp_path)
    assert page.returncode == 0, page.stderr
    assert page.stdout.lstrip().lower().startswith("<!doctype html")
    assert "application/ld+json" in page.stdout and "triples" in page.stderr
    assert not (tmp_path / "-").exists()
    written = rdflib.Graph().parse(folder / "report.ttl", format="turtle")
    ttl = console(*args, "--out", "-", "--format", "ttl").stdout
    jsonld = console(*args, "--out", "-", "--format", "jsonld").stdout
    # the same content as the folder's report.ttl (findings carry the time made: drop it)
    made = rdflib.URIRef("http://www.w3.org/ns/prov#generatedAtTime")
    for g in (rdflib.Graph().parse(data=ttl, format="turtle"),
              rdflib.Graph().parse(data=jsonld, format="json-ld")):
        g.remove((None, made, None))
        written.remove((None, made, None))
        assert len(g) > 100 and isomorphic(g, written)
    misuse = console(*args, "--out", str(folder), "--format", "ttl")
    assert misuse.returncode == 2 and "--format picks what --out - writes" in misuse.stderr


def test_extract_dash_reads_a_document_from_stdin():
    text = (b"Kent Health and Wellbeing Board\n\nMinutes of the meeting held on 12 March 2024."
            b"\n\nThe Board agreed the joint strategy.\n")
    done = _pipe(["extract", "-", "--format", "json"], text)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found[0]["document"]["source"] == "<stdin>"


# -- one set of format names -------------------------------------------------------------
ROW_COMMANDS = [("info",), ("show", "Herts Valleys CCG"), ("query", "overlaps"),
                ("query", "gaps", "--summary"), ("sparql", "actions_per_partnership.rq"),
                ("validate",)]  # validate conforms: json [], csv and markdown a header


@pytest.mark.parametrize("args", ROW_COMMANDS, ids=" ".join)
def test_every_row_format_prints_what_it_names(demo, args):
    outs = {}
    for fmt in ("table", "csv", "json", "markdown"):
        done = console(*args, "--format", fmt, "--store", str(demo))
        assert done.returncode == 0, (fmt, done.stderr)
        outs[fmt] = done.stdout
    assert isinstance(json.loads(outs["json"]), list | dict)
    rows = list(csv.reader(io.StringIO(outs["csv"])))
    assert rows and len({len(r) for r in rows}) == 1
    lines = outs["markdown"].splitlines()
    tables = [i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"|", "-"}]
    assert tables and all(lines[i - 1].startswith("| ") for i in tables)
    if args[0] != "show":  # show: a heading, two tables and a list; the others: a table
        assert all(line.startswith("|") and line.endswith("|") for line in lines)
    assert not outs["table"].startswith(("| ", "#"))


def test_extract_takes_the_row_formats_too(tmp_path):
    doc = tmp_path / "minutes.txt"
    doc.write_text("Kent Health and Wellbeing Board\n\nThe Board agreed the strategy.\n",
                   encoding="utf-8")
    for fmt in ("table", "markdown"):
        done = console("extract", str(doc), "--format", fmt)
        assert done.returncode == 0, (fmt, done.stderr)
    assert console("extract", str(doc), "--format", "markdown").stdout.startswith("| ")


# -- fast paths: no heavy library ---------------------------------------------------------
def _imported(code: str, env: dict[str, str] | None = None) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"print('heavy:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)
    assert done.returncode == 0, done.stderr
    last = done.stdout.rsplit("heavy:", 1)[1].strip()
    return [m for m in last.split(",") if m]


def test_version_and_help_load_no_heavy_library():
    run = ("from lspgraph.cli import cli\n"
           "try:\n    cli(['--version'])\nexcept SystemExit:\n    pass\n")
    assert _imported(run) == []
    assert _imported(run.replace("--version", "--help")) == []
    assert _imported("import lspgraph\nlspgraph.__version__") == []


def test_an_import_loads_no_question(tmp_path):
    """'lspgraph import' reads, merges and writes: the questions (lspgraph.queries, with
    its rules) are not imported for it (0.04 CPU s of each import's start)."""
    rows = tmp_path / "memberships.csv"
    rows.write_text("member,partnership,role\nKent County Council,Kent Board,member\n",
                    encoding="utf-8")
    store = tmp_path / "s.store"
    probe = ("import sys\nfrom lspgraph.cli import cli\n"
             f"cli(['import', {str(rows)!r}, '--store', {str(store)!r}], standalone_mode=False)\n"
             "print('questions:' + ','.join(m for m in sys.modules "
             "if m.startswith('lspgraph.queries')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rsplit("questions:", 1)[1].strip() == ""
    assert store.is_file()


@pytest.mark.parametrize("words", ["lspgraph ex", "lspgraph export --f", "lspgraph query ",
                                   "lspgraph query gaps --k", "lspgraph view --highlight "])
def test_completion_loads_no_heavy_library(words):
    env = {"_LSPGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split(" ")) - 1)}
    run = ("from lspgraph.cli import cli\n"
           "try:\n    cli(prog_name='lspgraph')\nexcept SystemExit:\n    pass\n")
    assert _imported(run, env) == []


# -- every question's DataFrame ------------------------------------------------------------
def _variants():
    from lspgraph import queries

    for question in queries.questions():
        yield question.name, {}
        for option in question.options:
            if option.type is bool:
                yield question.name, {option.name: True}


@pytest.mark.parametrize(("name", "params"), list(_variants()),
                         ids=lambda v: v if isinstance(v, str) else ",".join(v) or "default")
def test_every_answer_has_hashable_cells_and_no_stray_index(sample_graph, name, params):
    import lspgraph

    question = lspgraph.question(name)
    df = question.run(sample_graph, **params)  # no rules given: the shipped ones load
    assert len(df) > 0, (name, params)
    assert "index" not in df.columns
    assert list(df.index) == list(range(len(df)))
    assert len(df.drop_duplicates()) <= len(df)  # raised TypeError on list cells
    assert not [c for c in df.columns
                if df[c].map(lambda v: isinstance(v, list | set | dict)).any()]
    same = lspgraph.run(name, sample_graph, **params)
    assert same.equals(df)


def test_a_plugins_list_cells_become_tuples():
    import pandas as pd

    from lspgraph.queries.base import hashable

    df = hashable(pd.DataFrame({"a": [["x", "y"], ["x", "y"]], "b": [{"q", "p"}, set()]}))
    assert df["a"].tolist() == [("x", "y"), ("x", "y")] and df["b"][0] == ("p", "q")
    assert len(df.drop_duplicates(subset=["a"])) == 1


# -- sniffing standard input ----------------------------------------------------------------
@given(st.one_of(st.binary(max_size=3000),
                 st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
                 st.text(max_size=500).map(lambda t: ("<" + t).encode()),
                 st.text(max_size=500).map(lambda t: ("{" + t).encode())))
def test_sniffing_standard_input_names_a_suffix_or_none(data):
    from lspgraph.importers.stdin import sniff_suffix

    assert sniff_suffix(data) in (None, ".pdf", ".docx", ".xlsx", ".jsonld", ".geojson",
                                  ".json", ".ttl", ".rdf", ".html", ".yaml", ".csv")
