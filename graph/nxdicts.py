"""networkx's own dicts, filled as networkx fills them but without its checks per item.

An import's merge (:mod:`lspgraph.graph.merge`) and the store's reader
(:mod:`lspgraph.graph.storage`) put hundreds of thousands of nodes and edges into a
``MultiDiGraph``; ``add_node`` and ``add_edge`` check and copy each one, which was a large
part of both. They fill the graph's dicts (``_node``, ``_succ``, ``_pred``) through this
module instead, so that what they assume of networkx's layout is written down once, and
tests/test_nxdicts.py checks it against networkx's own methods:

* a node is ``_node[id]`` (its attribute dict) with empty ``_succ[id]`` and ``_pred[id]``;
* the edges from ``u`` to ``v`` are one dict, edge key -> attribute dict, held both as
  ``_succ[u][v]`` and as ``_pred[v][u]``;
* networkx caches views of a graph in ``__networkx_cache__``: after a change made here it
  must be cleared (:func:`changed`), as networkx clears it after each of its own changes.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> new_node(g, "a", {"type": "Area"}); new_node(g, "b", {"type": "Area"})
>>> edge_keys(g, "b", "a")["WITHIN"] = {"provenance": []}
>>> changed(g)
>>> list(g.edges(keys=True)), g.has_edge("b", "a", "WITHIN"), list(g.predecessors("a"))
([('b', 'a', 'WITHIN')], True, ['b'])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["add_edges", "add_nodes", "changed", "edge_keys", "new_node", "node_table",
           "pred_table", "succ_table"]


def node_table(g: Any) -> dict[str, dict[str, Any]]:
    """Node id -> its attribute dict (the dict ``g.nodes[id]`` gives; a live view)."""
    return g._node


def succ_table(g: Any) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """Source -> target -> edge key -> attribute dict, as ``g.edges(keys=True, data=True)``
    walks them."""
    return g._succ


def pred_table(g: Any) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """Target -> source -> edge key -> attribute dict: the edges into each node, as
    ``g.in_edges(keys=True, data=True)`` walks them."""
    return g._pred


def new_node(g: Any, node_id: str, data: dict[str, Any]) -> None:
    """Add a node that is not in ``g``, ``data`` becoming its attribute dict (kept, not
    copied), as ``g.add_node(node_id, **data)`` would. The caller knows it is new."""
    g._node[node_id] = data
    g._succ[node_id] = {}
    g._pred[node_id] = {}


def add_nodes(g: Any, table: dict[str, dict[str, Any]]) -> None:
    """:func:`new_node` for each id -> attribute dict of ``table`` (none of them in ``g``)."""
    g._node.update(table)
    g._succ.update({node_id: {} for node_id in table})
    g._pred.update({node_id: {} for node_id in table})


def edge_keys(g: Any, u: str, v: str) -> dict[str, dict[str, Any]]:
    """The edges from ``u`` to ``v`` (both nodes of ``g``): edge key -> attribute dict,
    made empty if there are none. Adding ``keys[k] = data`` adds the edge (u, v, k)."""
    keys = g._succ[u].get(v)
    if keys is None:
        keys = g._succ[u][v] = g._pred[v][u] = {}
    return keys


def add_edges(g: Any, items: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Add each edge (u, v, key, attribute dict) of ``items`` (``data`` kept, not copied),
    as ``g.add_edge(u, v, key, **data)`` would; an edge whose ends are not both nodes yet
    goes through ``add_edge`` itself, which adds them."""
    succ, pred = g._succ, g._pred
    for u, v, k, data in items:
        if u not in succ or v not in succ:
            g.add_edge(u, v, k, **data)
            continue
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[k] = data


def changed(g: Any) -> None:
    """Forget what networkx cached of ``g`` (its views), as it does after each change it
    makes itself (``nx._clear_cache``)."""
    cache = getattr(g, "__networkx_cache__", None)
    if cache:
        cache.clear()
