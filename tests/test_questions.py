"""Every registered question, through the CLI, the view, the report and Cypher: a new
question is covered here by adding its file. Also the drift that the registry removed."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from conftest import sample_files, write
from lspgraph import queries
from lspgraph.cli import cli
from lspgraph.graph import KnowledgeGraph
from lspgraph.graph.errors import LspGraphError
from lspgraph.importers import build_graph, import_files
from lspgraph.outputs import graphdb
from lspgraph.outputs import report as reports
from lspgraph.outputs import view as views
from lspgraph.queries import gaps

NAMES = queries.names()
SHARED = ("--format", "--store", "--fail-on-findings", "--limit", "--rules")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("questions") / "s.store"
    import_files(sample_files(), path)
    return path


@pytest.fixture(scope="module")
def kg():
    return build_graph(sample_files()).graph


@pytest.fixture(scope="module")
def reports_by_partnership(kg):
    return {p: reports.build(kg, p).html for p in kg.nodes("Partnership")}


def test_the_registry_lists_the_built_ins_through_the_entry_point():
    from importlib.metadata import entry_points

    assert "builtin" in entry_points(group=queries.GROUP).names
    assert {"overlaps", "gaps", "duplicates", "coterminosity", "lead_not_member"} <= set(NAMES)
    assert [q.name for q in queries.questions()][:4] == ["overlaps", "gaps", "duplicates",
                                                         "coterminosity"]
    with pytest.raises(LspGraphError, match="no question 'gapz'; known: coterminosity"):
        queries.get("gapz")


@pytest.mark.parametrize("name", NAMES)
def test_question_declares_itself(name, kg):
    q = queries.get(name)
    assert q.title and q.columns and q.section in queries.load_rules()
    df = queries.run(name, kg)  # the shipped rules by default
    assert tuple(df.columns) == q.columns
    found = q.findings(kg, df)
    assert all(f.text and set(f.nodes) <= set(kg.nx) for f in found)
    assert q.headline(kg, queries.load_rules())


@pytest.mark.parametrize("name", NAMES)
def test_question_through_the_cli(name, runner, store, kg):
    q = queries.get(name)
    res = runner.invoke(cli, ["query", name, "--format", "csv", "--store", str(store)])
    assert res.exit_code == 0, res.output  # it answered, findings or not
    # the rows are stdout; a note (which method ran, the areas left out) goes to stderr
    df = pd.read_csv(io.StringIO(res.stdout)) if res.stdout.strip() else pd.DataFrame()
    assert tuple(df.columns) == q.columns
    assert len(df) == len(queries.run(name, kg))
    failing = runner.invoke(cli, ["query", name, "--fail-on-findings", "--format", "csv",
                                  "--store", str(store)])
    assert failing.exit_code == (1 if q.findings(kg, queries.run(name, kg)) else 0)
    helped = runner.invoke(cli, ["query", name, "--help"])
    flags = set(re.findall(r"^\s+(--[a-z-]+)", helped.output, re.M))
    assert flags == {o.flag for o in q.options} | set(SHARED)
    assert q.title in helped.output


@pytest.mark.parametrize("name", NAMES)
def test_question_through_the_view(name, runner, store, kg, tmp_path):
    q = queries.get(name)
    out = tmp_path / "v.html"
    res = runner.invoke(cli, ["view", "--out", str(out), "--highlight", name, "--store",
                              str(store)])
    assert res.exit_code == 0, res.output
    found = q.findings(kg, queries.run(name, kg))
    assert f", {len(found)} {name} findings" in res.output
    page = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'"findings":(\[.*?\]),"highlight"', page).group(1)
                      .encode().decode("unicode_escape"))
    assert [f["text"] for f in data] == [f.text for f in found]
    assert q.title in page  # the side list is headed by the question's title


@pytest.mark.parametrize("name", NAMES)
def test_question_in_the_report(name, kg, reports_by_partnership):
    q = queries.get(name)
    texts = {f.text for f in q.findings(kg, queries.run(name, kg))}
    sections = []
    for page in reports_by_partnership.values():
        m = re.search(rf"<h3>{re.escape(q.title)} \((\d+)\)</h3>(.*?)(?=<h3>|</body>)", page,
                      re.S)
        if m:
            sections.append(m)
    assert sections, f"no report has a section for {name}"
    for m in sections:
        shown = re.findall(r"<div class=finding id='[0-9a-f]+'>(.*?)<br>", m.group(2))
        assert len(shown) == int(m.group(1)) > 0
        if not q.takes("partnership"):
            import html
            assert {html.unescape(t) for t in shown} <= texts


def _cell(value):
    if isinstance(value, list):
        return tuple(sorted(map(str, value)))
    if isinstance(value, float):
        return round(value, 4)
    return value


@pytest.mark.parametrize("name", [n for n in NAMES if queries.get(n).cypher()])
def test_question_in_cypher(name, falkordb_uri, kg):
    q = queries.get(name)
    db = graphdb.connect(f"{falkordb_uri}/q_{name}")
    try:
        graphdb.push(kg, db, wipe=True)
        cols, rows = graphdb.read_only(db, q.cypher())
    finally:
        db.close()
    python = q.cypher_rows(queries.run(name, kg))
    common = [c for c in cols if c in python.columns]
    assert common, f"{name}.cypher shares no column with the question"
    got = {tuple(_cell(dict(zip(cols, r, strict=True))[c]) for c in common) for r in rows}
    want = {tuple(_cell(v) for v in r) for r in python[common].itertuples(index=False)}
    assert got == want and want


# -- the drift the registry removed ----------------------------------------------------
def test_coterminosity_honours_min_score_and_its_rules(runner, store, kg, tmp_path):
    every = queries.run("coterminosity", kg)
    high = queries.run("coterminosity", kg, min_score=0.99)
    assert 0 < len(high) < len(every) and (high["jaccard"] >= 0.99).all()
    res = runner.invoke(cli, ["query", "coterminosity", "--min-score", "0.99", "--format",
                              "json", "--store", str(store)])
    assert res.exit_code == 0 and len(json.loads(res.output)) == len(high)
    rules = write(tmp_path / "r.yaml", "coterminosity: {min_score: 0.5, score: pop_jaccard}\n")
    res = runner.invoke(cli, ["query", "coterminosity", "--rules", str(rules), "--format",
                              "json", "--store", str(store)])
    rows = json.loads(res.output)
    assert rows and all(r["pop_jaccard"] >= 0.5 for r in rows) and len(rows) < len(every)
    summary = queries.run("coterminosity", kg, summary=True, min_score=0.8)
    assert len(summary) and (summary["coterminosity_index"] >= 0.8).all()
    assert len(summary) < len(queries.run("coterminosity", kg, summary=True))


def test_options_of_one_question_are_refused_by_another(runner, store, kg):
    res = runner.invoke(cli, ["query", "gaps", "--within", "--method", "semantic", "--store",
                              str(store)])
    assert res.exit_code == 2 and "No such option" in res.output
    assert runner.invoke(cli, ["query", "gaps", "--kind", "nonsense", "--store",
                               str(store)]).exit_code == 2
    with pytest.raises(LspGraphError, match="question 'gaps' has no option 'method'"):
        queries.run("gaps", kg, method="semantic")


def test_query_help_promises_exit_0_and_fail_on_findings(runner):
    helped = runner.invoke(cli, ["query", "--help"]).output
    assert "exits 0 when it answers" in " ".join(helped.split())
    assert "--fail-on-findings" in helped
    for name in NAMES:
        assert queries.get(name).title in helped


def test_a_question_runs_without_rules(kg):
    assert gaps.run(kg).equals(queries.run("gaps", kg))


def test_a_fifth_question_of_any_shape_goes_everywhere(runner, store, kg, tmp_path):
    """A question registered at run time (as a plugin would) with columns of its own: the
    CLI, the view, the report and the demo's headlines take it without a change."""

    @queries.register
    class Lonely(queries.Question):
        name = "lonely_partnerships"
        title = "Partnerships with one member"
        columns = ("partnership", "members")
        options = (queries.PARTNERSHIP,)
        rules_section = "overlaps"

        def run(self, kg, *, rules=None, partnership=None):
            rows = [(p, len(kg.into(p, "MEMBER_OF"))) for p in sorted(kg.nodes("Partnership"))
                    if partnership in (None, p)]
            return pd.DataFrame([r for r in rows if r[1] <= 1], columns=list(self.columns))

        def findings(self, kg, df):
            return [queries.Finding(f"{kg.label(p)} has {n} member", (p,))
                    for p, n in df.itertuples(index=False)]

    try:
        assert "lonely_partnerships" in queries.names()
        res = runner.invoke(cli, ["query", "lonely_partnerships", "--format", "csv",
                                  "--store", str(store)])
        assert res.exit_code == 0 and res.output.startswith("partnership,members")
        view = views.build(kg, highlight="lonely_partnerships")
        assert view.findings == len(Lonely().findings(kg, Lonely().run(kg)))
        res = runner.invoke(cli, ["demo", "--store", str(tmp_path / "d.store")])
        assert "Partnerships with one member:" in res.output
        assert "more: lspgraph query lonely_partnerships" in res.output
    finally:
        queries._REGISTRY.pop("lonely_partnerships")


def test_a_plugin_registers_through_the_entry_point(tmp_path):
    """An installed distribution naming a module in the lspgraph.questions group adds its
    question (a dist-info folder on the path is what pip writes)."""
    (tmp_path / "myq.py").write_text(
        "import pandas as pd\n"
        "from lspgraph.queries import Finding, Question, register\n\n"
        "@register\nclass Count(Question):\n"
        "    name = 'node_count'\n    title = 'How many nodes'\n    columns = ('nodes',)\n"
        "    rules_section = 'gaps'\n\n"
        "    def run(self, kg, *, rules=None):\n"
        "        return pd.DataFrame([[kg.nx.number_of_nodes()]], columns=['nodes'])\n\n"
        "    def findings(self, kg, df):\n        return []\n")
    info = tmp_path / "myq-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: myq\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[lspgraph.questions]\nnode_count = myq\n")
    code = ("from lspgraph import queries\n"
            "from lspgraph.graph import KnowledgeGraph\n"
            "print(queries.names(), queries.run('node_count', KnowledgeGraph()).nodes[0])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path), "PATH": ""}, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "'node_count'" in out.stdout and "'gaps'" in out.stdout
    assert out.stdout.strip().endswith(" 0")


# -- the fifth question: actions led from outside the owning partnership ----------------
def test_lead_not_member_on_the_sample(kg):
    df = queries.run("lead_not_member", kg)
    assert df[["lead_name", "action_text", "partnership_name"]].values.tolist() == [
        ["Voluntary Action Leicester", "Tackle hunger and food poverty",
         "Leicester Health and Wellbeing Board"]]
    assert df.evidence[0] == "actions.csv, row 35"
    # a generic name is found by the name lspgraph shows it by
    assert queries.run("lead_not_member", kg,
                       partnership="Leicester Health and Wellbeing Board").equals(df)
    assert queries.run("lead_not_member", kg, partnership="Kent Health and Wellbeing Board").empty


def _landscape(tmp_path) -> KnowledgeGraph:
    return build_graph([
        write(tmp_path / "partnerships.csv", "name\nCounty Board\nSafer Sub-group\n"),
        write(tmp_path / "memberships.csv",
              "member,partnership\nCounty Council,County Board\nSafer Sub-group,County Board\n"
              "Police,Safer Sub-group\n"),
        write(tmp_path / "people.csv", "name,organisation\nAnn Lead,County Council\n"),
        write(tmp_path / "strategies.csv",
              "name,owner\nBoard Plan,County Board\nCouncil Plan,County Council\n"),
        write(tmp_path / "actions.csv",
              "strategy,theme,action,lead\n"
              "Board Plan,Health,Member leads,County Council\n"
              "Board Plan,Health,Outsider leads,Housing Trust\n"
              "Board Plan,Health,Person leads,Ann Lead\n"
              "Board Plan,Safety,Sub-group member leads,Police\n"
              "Board Plan,Safety,Board leads,County Board\n"
              "Board Plan,Safety,Nobody leads,\n"
              "Council Plan,Roads,Outsider in a council plan,Housing Trust\n"),
    ]).graph


def test_lead_not_member_by_construction(tmp_path):
    kg = _landscape(tmp_path)
    df = queries.run("lead_not_member", kg)
    assert df[["action_text", "lead_name", "partnership_name"]].values.tolist() == [
        ["Outsider leads", "Housing Trust", "County Board"]]  # plans of no partnership: skipped
    strict = queries.run("lead_not_member", kg,
                         rules={"lead_not_member": {"membership_steps": 1}})
    assert sorted(strict.action_text) == ["Outsider leads", "Person leads",
                                          "Sub-group member leads"]
    assert queries.run("lead_not_member", kg, partnership="Safer Sub-group").empty
    assert len(queries.run("lead_not_member", kg, partnership="County Board")) == 1
    with pytest.raises(LspGraphError, match="names no partnerships"):
        queries.run("lead_not_member", kg, partnership="Nowhere Board")
    found = queries.get("lead_not_member").findings(kg, df)
    assert found[0].link == ("organisation:housing-trust", "partnership:county-board",
                             "not a member")


def test_a_question_without_its_methods_is_refused_when_it_registers():
    # run and findings are abstract: a question missing one is named at registration,
    # not when a user first asks it
    class Half(queries.Question):
        name = "half"
        title = "Half a question"
        columns = ("x",)

        def run(self, kg, *, rules=None):
            return pd.DataFrame(columns=["x"])

    with pytest.raises(LspGraphError, match=r"Half has no findings$"):
        queries.register(Half)
    assert "half" not in queries.names()
