"""An import frees its graph as it ends (issue 22): networkx's views of a graph refer back
to it, so the graph an import built was cyclic garbage that the collector had to walk, a
second or so of a national import's process at exit."""

from __future__ import annotations

import gc

from conftest import sample_files
from lspgraph.graph import load
from lspgraph.importers import import_files


def test_an_import_leaves_its_graph_to_no_collector(tmp_path):
    store = tmp_path / "s.store"
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()  # so that nothing is collected before we count
    try:
        import_files(sample_files(), store)
        garbage = gc.collect()
    finally:
        if enabled:
            gc.enable()
    nodes = load(store).nx.number_of_nodes()
    assert nodes > 150
    # what the import left to the collector is a few stray objects, not the graph (it left
    # about ten objects a node before)
    assert garbage < nodes / 2, (garbage, nodes)
