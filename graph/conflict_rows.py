"""The conflicts kept in a store, read by SQL without loading the graph (for ``lspgraph
conflicts``, ``show``, ``info`` and ``validate``)."""

from __future__ import annotations

import os
from typing import Any

from .records import Origin
from .storage import _has_table, _kind, _reading, store_path

__all__ = ["COLUMNS", "count", "stored"]


COLUMNS = ["node", "name", "field", "value", "kept", "rank", "source"]


def stored(store: str | os.PathLike[str] | None = None, node: str | None = None
           ) -> list[dict[str, Any]]:
    """The conflicts kept in a store (of one node), as rows of :data:`COLUMNS`: for each
    node and field, the value it keeps first, then the others by rank; ``source`` names
    the file and row ('organisations.csv, row 3')."""
    import orjson

    p = store_path(store)
    if _kind(p) != "sqlite":
        return []  # stores before SQLite kept no claims
    with _reading(p) as conn:
        if not _has_table(conn, "conflicts"):
            return []
        rows = conn.execute(
            "SELECT c.node, n.name, c.field, c.value, c.kept, c.rank, c.source, c.line "
            "FROM conflicts c JOIN nodes n ON n.id = c.node "
            + ("WHERE c.node = ? " if node else "") + "ORDER BY c.node, c.field, c.rowid",
            (node,) if node else ()).fetchall()
    return [dict(zip(COLUMNS, (*r[:3], orjson.loads(r[3]), bool(r[4]), r[5],
                               Origin(r[6], r[7]).cite()), strict=True)) for r in rows]


def count(store: str | os.PathLike[str] | None = None) -> int:
    """How many fields of how many nodes a store's sources disagree on."""
    p = store_path(store)
    if _kind(p) != "sqlite":
        return 0
    with _reading(p) as conn:
        if not _has_table(conn, "conflicts"):
            return 0
        return int(conn.execute("SELECT count(*) FROM (SELECT DISTINCT node, field "
                                "FROM conflicts)").fetchone()[0])
