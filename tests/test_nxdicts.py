"""graph/nxdicts.py: the one place that fills networkx's own dicts. Graphs it builds must be
the graphs networkx's methods build, layout included, and no other module of graph/ or
importers/ may reach into those dicts itself."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from lspgraph.graph import nxdicts

ROOT = Path(__file__).resolve().parents[1]

NODES = [("a", {"type": "Area", "name": "A"}), ("b", {"type": "Area", "name": "B"}),
         ("o", {"type": "Organisation", "name": "O", "provenance": []})]
EDGES = [("b", "a", "WITHIN", {"provenance": []}), ("o", "a", "COVERS", {"role": "x"}),
         ("o", "a", "WITHIN", {}), ("o", "b", "COVERS", {})]


def _by_networkx() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, data in NODES:
        g.add_node(n, **data)
    for u, v, k, data in EDGES:
        g.add_edge(u, v, k, **data)
    return g


def _same(g: nx.MultiDiGraph, h: nx.MultiDiGraph) -> None:
    assert dict(g.nodes(data=True)) == dict(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
    assert {n: dict(p) for n, p in g.pred.items()} == {n: dict(p) for n, p in h.pred.items()}
    assert g.number_of_edges() == h.number_of_edges() == len(EDGES)
    assert sorted(g.in_edges("a", keys=True)) == sorted(h.in_edges("a", keys=True))
    assert g.has_edge("o", "a", "COVERS") and not g.has_edge("a", "o")


def test_networkx_keeps_one_key_dict_per_pair_in_both_directions():
    """What nxdicts assumes of networkx's layout, checked on networkx itself: if a release
    changes it, this fails before the merge or the store build broken graphs."""
    g = _by_networkx()
    for u, nbrs in g._succ.items():
        for v, keys in nbrs.items():
            assert g._pred[v][u] is keys
    assert g._adj is g._succ and g.nodes["a"] is g._node["a"]


def test_one_at_a_time_gives_networkx_s_graph():
    g = nx.MultiDiGraph()
    for n, data in NODES:
        data = dict(data)
        nxdicts.new_node(g, n, data)
        assert g.nodes[n] is data  # kept, not copied
    for u, v, k, data in EDGES:
        keys = nxdicts.edge_keys(g, u, v)
        assert keys is nxdicts.edge_keys(g, u, v)  # made once per pair
        keys[k] = dict(data)
    nxdicts.changed(g)
    _same(g, _by_networkx())
    g.edges["b", "a", "WITHIN"]["line"] = 3  # one dict, seen from both ends
    assert g.pred["a"]["b"]["WITHIN"]["line"] == 3
    assert nxdicts.node_table(g) is g._node and nxdicts.succ_table(g) is g._succ
    assert nxdicts.pred_table(g) is g._pred


def test_in_bulk_gives_networkx_s_graph():
    g = nx.MultiDiGraph()
    nxdicts.add_nodes(g, {n: dict(data) for n, data in NODES})
    nxdicts.add_edges(g, [(u, v, k, dict(data)) for u, v, k, data in EDGES])
    _same(g, _by_networkx())


def test_an_edge_to_a_node_not_there_goes_networkx_s_way():
    g = nx.MultiDiGraph()
    nxdicts.add_nodes(g, {"a": {"type": "Area"}})
    data = {"provenance": []}
    nxdicts.add_edges(g, [("a", "z", "WITHIN", data)])
    assert set(g) == {"a", "z"} and g.nodes["z"] == {}
    assert g.edges["a", "z", "WITHIN"] == data


def test_changed_forgets_what_networkx_cached():
    g = _by_networkx()
    g.__networkx_cache__["backend"] = "a converted copy"
    nxdicts.changed(g)
    assert g.__networkx_cache__ == {}
    nxdicts.changed(nx.MultiDiGraph())  # nothing cached: nothing to do


@pytest.mark.parametrize("folder", ["graph", "importers", "queries"])
def test_only_nxdicts_fills_networkx_s_dicts(folder):
    private = re.compile(r"\._(node|succ|pred|adj)\b")
    found = [f"{p.relative_to(ROOT)}:{i}" for p in sorted((ROOT / folder).glob("*.py"))
             if p.name != "nxdicts.py"
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if private.search(line)]
    assert found == [], "use lspgraph.graph.nxdicts for networkx's own dicts"
