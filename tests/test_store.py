"""The store: atomic, deterministic, guarded against two writers, with a clear error when broken."""

from __future__ import annotations

import os

import pytest

from conftest import write
from lspgraph.graph import (
    InputErrors,
    StoreError,
    StoreLocked,
    load,
    save,
    store_path,
)
from lspgraph.graph.storage import write_lock
from lspgraph.importers import import_files


def test_reimport_leaves_the_store_byte_identical(sample, store):
    import_files(sample, store)
    first = store.read_bytes()
    result = import_files(sample, store)
    assert not result.changed
    assert store.read_bytes() == first
    # order of files does not matter either
    import_files(list(reversed(sample)), store)
    assert store.read_bytes() == first


def test_round_trip_keeps_everything(sample, store, sample_graph):
    import_files(sample, store)
    kg = load(store)
    assert kg.counts() == sample_graph.counts()
    assert sorted(kg.nx.edges(keys=True)) == sorted(sample_graph.nx.edges(keys=True))
    for node_id, data in sample_graph.nx.nodes(data=True):
        assert kg.node(node_id) == data
    assert kg.validate() == []


def test_a_bad_file_leaves_the_store_untouched(sample, store, tmp_path):
    import_files(sample, store)
    before = store.read_bytes()
    good = write(tmp_path / "partnerships.csv", "name,kind\nNew Board,steering group\n")
    bad = write(tmp_path / "actions.csv", "strategy,action,due\nPlan,Do it,someday\n")
    with pytest.raises(InputErrors):
        import_files([good, bad], store)
    assert store.read_bytes() == before


def test_a_crash_while_writing_leaves_the_previous_store(sample, store, tmp_path, monkeypatch):
    bodies = [p for p in sample if p.name in ("areas.csv", "organisations.csv")]
    import_files(bodies, store)
    before = store.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        import_files(sample, store)
    assert store.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_two_writers_are_refused(store, sample):
    with write_lock(store):
        with pytest.raises(StoreLocked, match="another lspgraph process"):
            import_files(sample[:1], store)


def test_missing_and_corrupt_stores(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        load(tmp_path / "nothing.store")
    bad = write(tmp_path / "bad.store", "not a store")
    with pytest.raises(StoreError, match="not an lspgraph store"):
        load(bad)
    assert len(load(tmp_path / "nothing.store", missing_ok=True)) == 0


def test_store_location_from_environment(monkeypatch, tmp_path, sample_graph):
    monkeypatch.setenv("LSPGRAPH_STORE", str(tmp_path / "env.store"))
    assert store_path() == tmp_path / "env.store"
    save(sample_graph)
    assert load().counts() == sample_graph.counts()
