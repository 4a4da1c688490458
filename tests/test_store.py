"""The store: an SQLite file, written in one transaction, synced per source, with a clear
error when it is not a store."""

from __future__ import annotations

import gzip
import os
import sqlite3

import pytest

from conftest import console, write
from lspgraph.graph import (
    InputErrors,
    StoreError,
    load,
    save,
    storage,
    store_path,
)
from lspgraph.graph.sync import forget
from lspgraph.importers import import_files

HVCCG = "organisation:herts-valleys-nhs-clinical-commissioning-group"


def test_reimport_leaves_the_store_byte_identical(sample, store):
    import_files(sample, store)
    first, mtime = store.read_bytes(), store.stat().st_mtime_ns
    result = import_files(sample, store)
    assert not result.changed and len(result.skipped) == len(sample)
    assert store.read_bytes() == first and store.stat().st_mtime_ns == mtime
    # order of files does not matter either
    assert not import_files(list(reversed(sample)), store).changed
    assert store.read_bytes() == first


def test_round_trip_keeps_everything(sample, store, sample_graph):
    import_files(sample, store)
    kg = load(store)
    assert kg.counts() == sample_graph.counts()
    assert sorted(kg.nx.edges(keys=True)) == sorted(sample_graph.nx.edges(keys=True))
    for node_id, data in sample_graph.nx.nodes(data=True):
        assert kg.node(node_id) == data
    for u, v, k, data in sample_graph.nx.edges(keys=True, data=True):
        assert kg.nx.edges[u, v, k] == data
    assert kg.sources == sample_graph.sources
    assert kg.validate() == []


def test_the_file_is_sqlite_with_documented_views(sample, store):
    import_files(sample, store)
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION
        members = db.execute("SELECT member_name, partnership_name, role FROM memberships "
                             "WHERE member = ?", (HVCCG,)).fetchall()
        assert members and all(m[1] for m in members)
        actions = db.execute("SELECT text, strategy_name, owner_name FROM actions").fetchall()
        assert actions and any(a[2] for a in actions)
        feet = db.execute("SELECT body, area, area_kind FROM area_footprints").fetchall()
        assert feet
        prov = db.execute("SELECT path, line FROM provenance JOIN files ON files.id = file "
                          "WHERE node = ?",
                          (HVCCG,)).fetchall()
        assert prov and all(p[0].endswith(".csv") for p in prov)


def test_a_bad_file_leaves_the_store_untouched(sample, store, tmp_path):
    import_files(sample, store)
    before = store.read_bytes()
    good = write(tmp_path / "partnerships.csv", "name,kind\nNew Board,steering group\n")
    bad = write(tmp_path / "actions.csv", "strategy,action,due\nPlan,Do it,someday\n")
    with pytest.raises(InputErrors):
        import_files([good, bad], store)
    assert store.read_bytes() == before


def test_a_crash_inside_the_transaction_leaves_the_previous_store(sample, store, tmp_path,
                                                                  monkeypatch):
    bodies = [p for p in sample if p.name in ("areas.csv", "organisations.csv")]
    import_files(bodies, store)
    before = load(store)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "_write", crash)
    with pytest.raises(OSError, match="disk full"):
        import_files(sample, store)
    monkeypatch.undo()
    assert storage.dumps(load(store)) == storage.dumps(before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test.store"]


def test_deleted_rows_disappear_on_reimport_unless_another_file_states_them(tmp_path, store):
    orgs = write(tmp_path / "organisations.csv",
                 "name,kind\nAlpha Trust,nhs trust\nBeta Council,county_council\n")
    boards = write(tmp_path / "partnerships.csv", "name,kind\nCity Board,hwb\n")
    members = write(tmp_path / "memberships.csv",
                    "member,partnership,role\nAlpha Trust,City Board,member\n"
                    "Beta Council,City Board,chair\n")
    first = import_files([orgs, boards, members], store)
    assert first.changes.nodes_added == 3 and first.changes.edges_added == 2
    write(members, "member,partnership,role\nAlpha Trust,City Board,member\n")
    again = import_files([members], store)
    assert (again.changes.edges_removed, again.changes.edges_added) == (1, 0)
    kg = load(store)
    assert kg.out("organisation:beta-council", "MEMBER_OF") == []
    assert "organisation:beta-council" in kg  # organisations.csv still states it
    # a row changed in place is 'changed'
    write(members, "member,partnership,role\nAlpha Trust,City Board,vice chair\n")
    assert import_files([members], store).changes.edges_changed == 1
    # re-importing the organisations keeps the memberships another file states
    write(orgs, "name,kind\nAlpha Trust,nhs trust\nBeta Council,county_council\nGamma,charity\n")
    import_files([orgs], store)
    kg = load(store)
    assert kg.out("organisation:alpha-trust", "MEMBER_OF") == ["partnership:city-board"]
    assert "organisation:gamma" in kg
    # a body dropped from its file but still a member by another file's word stays, inferred
    write(orgs, "name,kind\nBeta Council,county_council\nGamma,charity\n")
    import_files([orgs], store)
    kg = load(store)
    assert kg.out("organisation:alpha-trust", "MEMBER_OF") == ["partnership:city-board"]
    assert kg.node("organisation:alpha-trust")["inferred"] is True
    # and goes when that file lets go of it too
    write(members, "member,partnership,role\nBeta Council,City Board,chair\n")
    result = import_files([members], store)
    assert "organisation:alpha-trust" not in load(store)
    assert result.changes.nodes_removed == 1


def test_forget_retracts_one_source(sample, store):
    import_files(sample, store)
    names, changes = forget(["actions.csv"], store)
    assert names[0].endswith("actions.csv") and changes.nodes_removed > 0
    kg = load(store)
    assert not [s for s in kg.sources if s.endswith("actions.csv")]
    assert all(not p.source.endswith("actions.csv")
               for _, d in kg.nx.nodes(data=True) for p in d.get("provenance", []))
    with pytest.raises(StoreError, match="no source 'nothing.csv'"):
        forget(["nothing.csv"], store)


def test_replace_keeps_geography(tmp_path, store):
    ons = write(tmp_path / "lookup.csv",
                "LAD23CD,LAD23NM,CTY23CD,CTY23NM\nE07000105,Ashford,E10000016,Kent\n")
    boards = write(tmp_path / "partnerships.csv", "name,kind\nCity Board,hwb\n")
    other = write(tmp_path / "organisations.csv", "name,kind\nAlpha Trust,nhs trust\n")
    import_files([ons], store, format="ons")
    import_files([boards, other], store)
    import_files([boards], store, replace=True)
    kg = load(store)
    assert "area:E07000105" in kg and "partnership:city-board" in kg
    assert "organisation:alpha-trust" not in kg


def test_missing_empty_and_foreign_stores(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        load(tmp_path / "nothing.store")
    bad = write(tmp_path / "bad.store", "not a store")
    with pytest.raises(StoreError, match="not an lspgraph store"):
        load(bad)
    empty = write(tmp_path / "empty.store", "")
    with pytest.raises(StoreError, match="empty"):
        import_files([], empty)
    with pytest.raises(StoreError, match="empty"):
        load(empty)
    assert empty.read_bytes() == b""
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="SQLite database, but not an lspgraph store"):
        load(other)
    assert len(load(tmp_path / "nothing.store", missing_ok=True)) == 0


def test_old_gzip_json_stores_are_read_and_converted_once(sample, sample_graph, tmp_path):
    old = tmp_path / "old.store"
    old.write_bytes(storage.dumps(sample_graph))
    assert old.read_bytes()[:2] == b"\x1f\x8b"
    assert storage.dumps(load(old)) == storage.dumps(sample_graph)
    extra = write(tmp_path / "partnerships.csv", "name,kind\nNew Board,hwb\n")
    result = import_files([extra], old)
    assert any("converted" in n and "gzip-JSON" in n for n in result.notices)
    assert old.read_bytes().startswith(b"SQLite format 3")
    kg = load(old)
    assert "partnership:new-board" in kg and kg.counts()["Partnership"] == \
        sample_graph.counts()["Partnership"] + 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_command_line_migrates_an_old_store_and_says_what_it_did(sample_graph, tmp_path):
    old = tmp_path / "old.store"
    old.write_bytes(storage.dumps(sample_graph))
    out = console("info", "--store", str(old))  # read as it is, not written
    assert out.returncode == 0 and old.read_bytes()[:2] == b"\x1f\x8b", out.stderr
    extra = write(tmp_path / "partnerships.csv", "name,kind\nNew Board,hwb\n")
    out = console("import", str(extra), "--store", str(old))
    assert out.returncode == 0, out.stderr
    said = out.stdout + out.stderr
    nodes, edges = sample_graph.nx.number_of_nodes(), sample_graph.nx.number_of_edges()
    assert f"converted {old} from the old gzip-JSON store to SQLite ({nodes:,} nodes, " \
           f"{edges:,} edges)" in said
    assert old.read_bytes().startswith(b"SQLite format 3")
    forget([str(extra)], old)  # what the old store held, and nothing lost
    assert storage.dumps(load(old)) == storage.dumps(sample_graph)


def test_import_old_store_brings_it_into_a_new_sqlite_store(sample_graph, tmp_path):
    """``lspgraph import old.store``: the old graph whole (provenance and sources too) in a
    new store, the old file untouched; refused into a store that holds a graph, refused
    beside other files; naming the old store as --store converts it in place."""
    old = tmp_path / "old.store"
    old.write_bytes(storage.dumps(sample_graph))
    before = old.read_bytes()
    new = tmp_path / "new.store"
    out = console("import", str(old), "--store", str(new))
    assert out.returncode == 0, out.stderr
    nodes, edges = sample_graph.nx.number_of_nodes(), sample_graph.nx.number_of_edges()
    assert out.stdout.strip() == (f"{new}: imported the old store {old} ({nodes:,} nodes, "
                                  f"{edges:,} edges, {len(sample_graph.sources)} sources)")
    assert new.read_bytes().startswith(b"SQLite format 3") and old.read_bytes() == before
    assert storage.dumps(load(new)) == storage.dumps(sample_graph)
    assert load(new).sources == sample_graph.sources
    written = new.read_bytes()
    again = console("import", str(old), "--store", str(new))
    assert again.returncode == 1 and "already holds a graph" in again.stderr
    assert "Traceback" not in again.stderr and new.read_bytes() == written
    extra = write(tmp_path / "partnerships.csv", "name,kind\nNew Board,hwb\n")
    mixed = console("import", str(old), str(extra), "--store", str(tmp_path / "x.store"))
    assert mixed.returncode == 2 and "on its own" in mixed.stderr
    assert not (tmp_path / "x.store").exists()
    out = console("import", str(old), "--store", str(old))
    assert out.returncode == 0 and "converted" in out.stderr, out.stderr
    assert old.read_bytes().startswith(b"SQLite format 3")
    assert storage.dumps(load(old)) == storage.dumps(sample_graph)


def test_export_json_is_deterministic_and_diff_friendly(sample, store, tmp_path):
    import io
    import json

    import_files(sample, store)
    a, b = io.BytesIO(), io.BytesIO()
    storage.dump_json(load(store), a)
    storage.dump_json(load(store), b)
    assert a.getvalue() == b.getvalue()
    doc = json.loads(a.getvalue())
    assert len(doc["nodes"]) == len(load(store))
    assert a.getvalue().count(b"\n") > len(doc["nodes"])  # one node a line


def test_store_location_from_environment(monkeypatch, tmp_path, sample_graph):
    monkeypatch.setenv("LSPGRAPH_STORE", str(tmp_path / "env.store"))
    assert store_path() == tmp_path / "env.store"
    save(sample_graph)
    assert load().counts() == sample_graph.counts()


def test_store_files_keep_the_umask_and_leave_nothing_beside_them(sample, tmp_path):
    old = os.umask(0o022)
    try:
        store = tmp_path / "u.store"
        import_files(sample, store)
    finally:
        os.umask(old)
    assert store.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["u.store"]


def test_a_symlinked_store_is_updated_through_its_link(sample, tmp_path):
    real = tmp_path / "real.store"
    link = tmp_path / "link.store"
    import_files(sample[1:], real)
    link.symlink_to(real)
    import_files(sample, link)
    assert link.is_symlink()
    assert load(real).counts() == load(link).counts()
    assert len(load(real).sources) == len(sample)


def test_gzip_bytes_that_are_not_a_store(tmp_path):
    bad = tmp_path / "bad.store"
    bad.write_bytes(gzip.compress(b"[1, 2]"))
    with pytest.raises(StoreError, match="not an lspgraph store"):
        load(bad)


def test_the_readme_sql_example_runs(sample, tmp_path, monkeypatch):
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "read_sql" in b)
    import_files(sample, tmp_path / "lspgraph.store")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(block, scope)
    df = scope["pd"].read_sql("SELECT * FROM memberships", scope["db"])
    scope["db"].close()
    kg = load(tmp_path / "lspgraph.store")
    assert len(df) == kg.edge_counts()["MEMBER_OF"]
    # the views agree with the graph: footprints as coterminosity walks them, and every
    # action of a strategy counted once per owner
    from lspgraph.queries.coterminosity import Footprints

    fp, feet = Footprints(kg), scope["footprints"]
    assert len(feet) and {b for b in kg.nodes() if fp.of(b) and kg.type_of(b) != "Area"} \
        == set(feet.body)
    assert all(fp.of(b) and len(fp.of(b)) == n for b, n in zip(feet.body, feet.areas,
                                                                strict=True))
    owned = {s: max(len(kg.into(s, "OWNS")), 1) for s in kg.nodes("Strategy")}
    actions = sum(owned.get(kg.node(a).get("scope"), 1) for a in kg.nodes("Action"))
    assert scope["plans"]["actions"].sum() == actions


def test_a_loaded_graph_is_the_one_the_import_built(shared, tmp_path):
    """The whole load fills networkx's dicts itself: on a real landscape with real ONS
    geography it must give the graph the importer built in memory, node for node, edge for
    edge, with every attribute and provenance entry, and networkx's own adjacency layout."""
    from conftest import lancashire_files
    from lspgraph.importers import build_graph

    ons = shared / "data" / "ons"
    files = [*lancashire_files(), ons / "ltla23_utla23_ew.csv", ons / "lad24_fra24_ew.csv",
             ons / "lad24_rgn24_en.csv"]
    built = build_graph(files).graph
    store = tmp_path / "real.store"
    import_files(files, store)
    kg = load(store)
    g, h = kg.nx, built.nx
    assert h.number_of_nodes() > 400 and h.number_of_edges() > 500
    assert dict(g.nodes(data=True)) == dict(h.nodes(data=True))
    assert sorted(g.edges(keys=True)) == sorted(h.edges(keys=True))
    for u, v, k, data in h.edges(keys=True, data=True):
        assert g.edges[u, v, k] == data
    assert sum(len(o) for _, o in g.nodes(data="provenance")) == sum(
        len(o) for _, o in h.nodes(data="provenance")) > 500
    for u, nbrs in g._succ.items():  # one key dict shared by _succ[u][v] and _pred[v][u]
        for v, keys in nbrs.items():
            assert g._pred[v][u] is keys
    assert {n: set(p) for n, p in g._pred.items()} == {n: set(p) for n, p in h._pred.items()}
    assert g.adj is not None and g._adj is g._succ and list(g.successors(next(iter(g))))
    assert storage.dumps(kg) == storage.dumps(built)
    assert kg.claims == built.claims and kg.sources == built.sources


def test_new_members_into_a_store_all_or_nothing_then_once(sample, store, tmp_path):
    """The incremental path (a part of the store loaded, references remembered across the
    rows naming the same partnership): a bad last row leaves the store's bytes as they
    were; the good file lands once, and importing it again writes nothing."""
    import_files(sample, store)
    before, mtime = store.read_bytes(), store.stat().st_mtime_ns
    rows = "".join(f"Newtown Trust {i},Hertfordshire Forward,member\n" for i in range(40))
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    bad = write(tmp_path / "bad" / "memberships.csv", "member,partnership,role\n" + rows
                + "Oldtown Trust,E10000015,member\n")
    with pytest.raises(InputErrors, match="row 42.*an area code, but a Partnership"):
        import_files([bad], store)
    assert store.read_bytes() == before and store.stat().st_mtime_ns == mtime
    good = write(tmp_path / "good" / "memberships.csv", "member,partnership,role\n" + rows)
    result = import_files([good], store)
    assert (result.changes.nodes_added, result.changes.edges_added) == (40, 40)
    kg = load(store)
    members = {u for u, _, k in kg.nx.in_edges("partnership:hertfordshire-forward", keys=True)
               if k == "MEMBER_OF" and u.startswith("organisation:newtown-trust-")}
    assert len(members) == 40
    after = store.read_bytes()
    again = import_files([good], store)
    assert not again.changed and store.read_bytes() == after
