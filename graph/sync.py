"""Each source synced, not appended: what one file said can be taken back out of the graph.

Every node and edge carries the files that state it (its provenance). Retracting a file
removes it from every provenance list; an edge no other file states goes, and so does a
node no other file states, unless an edge that another file states still uses it (it then
stays, marked inferred, as if that file had named it in passing). Re-importing a file is
retracting it and applying it again, so rows deleted from the file disappear. What each
file said about a node's fields is kept (:mod:`lspgraph.graph.conflicts`): retracting a
file lets the next-ranked source's value surface.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .conflicts import drop
from .errors import StoreError
from .records import Origin
from .storage import Changes, _kind, _read_sources, _reading, store_path, writing

__all__ = ["GEOGRAPHY_FORMATS", "forget", "match_source", "retract", "stored_sources",
           "unchanged"]

# Sources of these formats (lookups, boundaries) are the geography other files hang on:
# '--replace' keeps them (only 'lspgraph forget' drops them).
GEOGRAPHY_FORMATS = ("ons", "geojson")


def _file(entry: Origin) -> str:
    return entry.source


def _unused(g: Any, node_id: str, outside: Callable[[str], bool] | None) -> bool:
    return g.degree(node_id) == 0 and not (outside and outside(node_id))


def retract(kg: Any, files: Iterable[str],
            outside: Callable[[str], bool] | None = None) -> set[str]:
    """Take what ``files`` said out of ``kg`` (in place); the ids of nodes it touched.

    ``outside`` says whether a node has edges beyond ``kg`` (when it is part of a store).
    """
    files = set(files)
    touched: set[str] = set()
    if not files:
        return touched
    g = kg.nx
    for u, v, k, data in list(g.edges(keys=True, data=True)):
        prov = data.get("provenance") or []
        keep = [e for e in prov if _file(e) not in files]
        if len(keep) != len(prov):
            if keep:
                data["provenance"] = keep
            else:
                g.remove_edge(u, v, k)
                touched.update((u, v))
    for node_id, data in list(g.nodes(data=True)):
        prov = data.get("provenance") or []
        keep = [e for e in prov if _file(e) not in files]
        claimed = files.intersection(kg.claims.get(node_id, ()))
        if len(keep) != len(prov) or claimed:
            drop(kg, node_id, files)  # its values fall back to the next-ranked source's
            data["provenance"] = keep
            touched.add(node_id)
    for node_id in list(touched):
        if not g.nodes[node_id].get("provenance") and _unused(g, node_id, outside):
            g.remove_node(node_id)
            kg.claims.pop(node_id, None)
            touched.discard(node_id)
    for f in files:
        kg.sources.pop(f, None)
    return touched


def settle(kg: Any, touched: Iterable[str],
           outside: Callable[[str], bool] | None = None) -> None:
    """Nodes that lost every file stating them but are still used by other files' edges
    stay, marked inferred."""
    g = kg.nx
    for node_id in touched:
        if node_id in g and not g.nodes[node_id].get("provenance"):
            if _unused(g, node_id, outside):
                g.remove_node(node_id)
                kg.claims.pop(node_id, None)
            else:
                g.nodes[node_id]["inferred"] = True


def stored_sources(store: str | os.PathLike[str] | None) -> dict[str, dict[str, Any]]:
    """The sources recorded in a store ({} when there is no store yet)."""
    p = store_path(store)
    kind = _kind(p)
    if kind == "missing":
        return {}
    if kind == "legacy":
        from .storage import load

        return load(p).sources
    with _reading(p) as conn:
        return _read_sources(conn)


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def unchanged(name: str, path: Path, stored: dict[str, dict[str, Any]],
              options: dict[str, Any], format: str | None) -> bool:
    """Whether ``path`` was imported as it is now, with these options."""
    known = stored.get(name)
    if not known or not path.is_file():
        return False
    if format and known.get("format") != format:
        return False
    if (known.get("options") or {}) != options:
        return False
    return known.get("sha256") == digest(path)


def match_source(text: str, sources: Iterable[str]) -> str:
    """The source a user means: its full path, a path to it, or its file name if unique."""
    sources = list(sources)
    if text in sources:
        return text
    full = os.path.abspath(text)
    if full in sources:
        return full
    named = [s for s in sources if Path(s).name == Path(text).name]
    if len(named) == 1:
        return named[0]
    if named:
        raise StoreError(f"'{text}' could be any of {', '.join(named)}; give its full path")
    listed = ", ".join(Path(s).name for s in sources) or "none"
    raise StoreError(f"no source '{text}' in the store (its sources: {listed})")


def forget(sources: Iterable[str], store: str | os.PathLike[str] | None = None
           ) -> tuple[list[str], Changes]:
    """Retract whole sources from the store, in one transaction."""
    with writing(store) as w:
        names = sorted({match_source(s, w.sources()) for s in sources})
        kg = w.graph(types=(), files=names)
        settle(kg, retract(kg, names, w.has_edges_outside), w.has_edges_outside)
        return names, w.write(kg)
