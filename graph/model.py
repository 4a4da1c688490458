"""KnowledgeGraph: a typed property graph over a networkx MultiDiGraph.

Nodes are keyed by id and carry ``type`` (a schema node type), an optional ``scope`` (the
id of the node a scoped name is unique within), ``provenance`` (a sorted list of
``[source, line, ...]``) and the schema's properties. Edges are keyed by their type, so one
pair of nodes has at most one edge of each type, and carry ``provenance`` and properties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..schemas import Schema, load_schema
from .errors import SchemaError
from .ids import display_name, identity_key, is_ons_code
from .lazy import lazy
from .records import Origin
from .values import backwards

if TYPE_CHECKING:  # pandas loads with the first table asked for
    import pandas as pd

nx = lazy("networkx")  # loaded with the first graph, not with the command line

__all__ = ["SYSTEM_KEYS", "KnowledgeGraph"]

SYSTEM_KEYS = ("type", "scope", "provenance")


class KnowledgeGraph:
    """The partnership landscape as a graph, with the schema it obeys.

    >>> kg = KnowledgeGraph()
    >>> kg.counts()
    {}
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None, schema: Schema | None = None):
        self.schema = schema or load_schema()
        self.nx: nx.MultiDiGraph = graph if graph is not None else nx.MultiDiGraph()
        self.sources: dict[str, dict[str, Any]] = {}
        # footprints read from the store (node -> [(finest area, population)...]) when only
        # part of it was loaded (storage.load_around); None: walk the graph for them
        self.footprints: dict[str, list[tuple[str, Any]]] | None = None
        # where questions may keep derived data between runs (the store's embedding cache)
        self.embedding_cache: Any = None
        # node id -> file -> field -> [value, line]: what each file said, where files
        # disagree or several state a node (lspgraph.graph.conflicts)
        self.claims: dict[str, dict[str, dict[str, list[Any]]]] = {}

    # -- reading -------------------------------------------------------------------------
    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nx

    def __len__(self) -> int:
        return self.nx.number_of_nodes()

    def node(self, node_id: str) -> dict[str, Any]:
        """The attributes of one node (a live dict: do not modify it)."""
        return self.nx.nodes[node_id]

    def type_of(self, node_id: str) -> str:
        return self.nx.nodes[node_id]["type"]

    def label(self, node_id: str) -> str:
        """A node's display name; generic names get their area ('Kent Health and...')."""
        data = self.nx.nodes[node_id]
        return display_name(str(data.get("name", node_id)), data.get("area"))

    def nodes(self, type_name: str | None = None) -> Iterator[str]:
        """Ids of all nodes, or of one type, in id order."""
        for node_id, data in sorted(self.nx.nodes(data=True)):
            if type_name is None or data["type"] == type_name:
                yield node_id

    def edges(self, type_name: str | None = None) -> Iterator[tuple[str, str, str]]:
        """(source, target, type) of all edges, or of one type."""
        for u, v, key in self.nx.edges(keys=True):
            if type_name is None or key == type_name:
                yield u, v, key

    def out(self, node_id: str, edge_type: str | None = None) -> list[str]:
        """Targets of the node's outgoing edges (of one type)."""
        return sorted(
            v for _, v, k in self.nx.out_edges(node_id, keys=True)
            if edge_type is None or k == edge_type
        )

    def into(self, node_id: str, edge_type: str | None = None) -> list[str]:
        """Sources of the node's incoming edges (of one type)."""
        return sorted(
            u for u, _, k in self.nx.in_edges(node_id, keys=True)
            if edge_type is None or k == edge_type
        )

    def counts(self) -> dict[str, int]:
        """Number of nodes by type, in schema order."""
        c = Counter(t for _, t in self.nx.nodes(data="type"))
        return {t: c[t] for t in self.schema.node_types if c[t]}

    def edge_counts(self) -> dict[str, int]:
        c = Counter(k for _, _, k in self.nx.edges(keys=True))
        return {t: c[t] for t in self.schema.edge_types if c[t]}

    def find(self, text: str, types: tuple[str, ...] | None = None) -> list[str]:
        """Ids of the nodes ``text`` names: an id, an ONS code, or a name or alias.

        >>> kg = KnowledgeGraph()
        >>> _ = kg.nx.add_node("organisation:kent-county-council", type="Organisation",
        ...                    name="Kent County Council", aliases=["KCC"])
        >>> kg.find("kcc")
        ['organisation:kent-county-council']
        """
        text = text.strip()
        if text in self.nx and (types is None or self.type_of(text) in types):
            return [text]
        if is_ons_code(text) and f"area:{text.upper()}" in self.nx:
            return [f"area:{text.upper()}"]
        key = identity_key(text)
        found = []
        for node_id, data in self.nx.nodes(data=True):
            if types is not None and data["type"] not in types:
                continue
            name = data.get("name", "")
            names = [name, display_name(str(name), data.get("area")), *data.get("aliases", [])]
            if any(identity_key(n) == key for n in names if n):
                found.append(node_id)
        return sorted(found)

    # -- tables for notebooks ---------------------------------------------------------
    def nodes_df(self, type_name: str | None = None) -> pd.DataFrame:
        """Nodes as a DataFrame: one row per node, one column per property, ``id`` first."""
        import pandas as pd

        rows = []
        for node_id in self.nodes(type_name):
            data = self.nx.nodes[node_id]
            row = {"id": node_id, **{k: v for k, v in data.items() if k != "provenance"}}
            row["sources"] = _sources(data.get("provenance", []))
            rows.append(row)
        columns = ["id", "type"]
        if type_name:
            columns += [p for p in self.schema.node_types[type_name].properties if p != "id"]
        df = pd.DataFrame(rows)
        if df.empty:
            return pd.DataFrame(columns=[*columns, "sources"])
        ordered = [c for c in columns if c in df.columns]
        return df[ordered + [c for c in df.columns if c not in ordered]]

    def edges_df(self, type_name: str | None = None) -> pd.DataFrame:
        """Edges as a DataFrame: ``source``, ``target``, ``type`` and the edge's properties."""
        import pandas as pd

        rows = []
        for u, v, k, data in sorted(self.nx.edges(keys=True, data=True)):
            if type_name is not None and k != type_name:
                continue
            props = {a: b for a, b in data.items() if a not in SYSTEM_KEYS}
            rows.append(
                {"source": u, "target": v, "type": k, **props,
                 "sources": _sources(data.get("provenance", []))}
            )
        if not rows:
            return pd.DataFrame(columns=["source", "target", "type", "sources"])
        return pd.DataFrame(rows)

    # -- checking ---------------------------------------------------------------------
    def validate(self) -> list[str]:
        """Every way the graph breaks the schema, as readable lines (empty when it conforms)."""
        problems = []
        for node_id, data in self.nx.nodes(data=True):
            nt = self.schema.node_types.get(data.get("type", ""))
            if nt is None:
                problems.append(f"{node_id}: unknown node type {data.get('type')!r}")
                continue
            for prop in nt.required:
                if data.get(prop) in (None, "", []):
                    problems.append(f"{node_id}: {nt.name} has no {prop}")
            for key in data:
                if key not in nt.properties and key not in SYSTEM_KEYS:
                    problems.append(f"{node_id}: {nt.name} has no property {key!r}")
            if wrong := backwards(data):  # stores built before imports refused it
                problems.append(f"{node_id}: {wrong}")
        for u, v, key, data in self.nx.edges(keys=True, data=True):
            et = self.schema.edge_types.get(key)
            if et is None:
                problems.append(f"{u} -{key}-> {v}: unknown edge type")
                continue
            if wrong := backwards(data):
                problems.append(f"{u} -{key}-> {v}: {wrong}")
            tu, tv = self.type_of(u), self.type_of(v)
            if tu not in et.sources or tv not in et.targets:
                problems.append(f"{u} -{key}-> {v}: {key} does not go from {tu} to {tv}")
        return sorted(problems)

    def check(self) -> None:
        """Raise SchemaError when :meth:`validate` finds anything."""
        problems = self.validate()
        if problems:
            raise SchemaError("; ".join(problems[:10]))

    # -- display ---------------------------------------------------------------------
    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {t}" for t, n in self.counts().items()) or "empty"
        return f"<KnowledgeGraph {counts}; {self.nx.number_of_edges()} edges>"

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(t)}</td><td>{n}</td></tr>" for t, n in self.counts().items()
        )
        return (
            "<table><thead><tr><th>node type</th><th>count</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p>{self.nx.number_of_edges()} edges</p>"
        )


def _sources(provenance: list[Origin]) -> str:
    return "; ".join(o.where() for o in provenance)
