"""The embedded store: one file, written atomically, read fast, guarded against two writers.

Format: gzip (no timestamp, so equal graphs give equal bytes) of one JSON object::

    {"format": "lspgraph-store", "version": 1,
     "sources": {path: {"sha256": ..., "format": ..., "records": n}},
     "files": [path, ...],                       # provenance refers to these by index
     "nodes": [[id, type, scope, {props}, [[file index, line, ...], ...]], ...],
     "edges": [[source, target, type, {props}, [[file index, line, ...], ...]], ...]}

Nodes are sorted by id and edges by (source, target, type), properties by key: the same
graph always gives the same bytes, so re-importing the same files changes nothing.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from .errors import StoreError, StoreLocked
from .model import KnowledgeGraph

__all__ = ["DEFAULT_STORE", "FORMAT", "dumps", "load", "loads", "save", "store_path", "write_lock"]

FORMAT = "lspgraph-store"
VERSION = 1
DEFAULT_STORE = "lspgraph.store"


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: ``path``, else $LSPGRAPH_STORE, else ./lspgraph.store."""
    return Path(path or os.environ.get("LSPGRAPH_STORE") or DEFAULT_STORE)


def dumps(kg: KnowledgeGraph) -> bytes:
    """The store file's bytes for ``kg`` (deterministic)."""
    g = kg.nx
    files: dict[str, int] = {}

    def prov(entries: list[list[Any]]) -> list[list[Any]]:
        return [[files.setdefault(e[0], len(files)), *e[1:]] for e in entries]

    nodes = []
    for node_id in sorted(g.nodes):
        data = g.nodes[node_id]
        props = {k: v for k, v in data.items() if k not in ("type", "scope", "provenance")}
        nodes.append([node_id, data["type"], data.get("scope"), props,
                      prov(data.get("provenance", []))])
    edges = []
    for u, v, k in sorted(g.edges(keys=True)):
        data = g.edges[u, v, k]
        props = {a: b for a, b in data.items() if a != "provenance"}
        edges.append([u, v, k, props, prov(data.get("provenance", []))])
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "sources": {k: kg.sources[k] for k in sorted(kg.sources)},
        "files": list(files),
        "nodes": nodes,
        "edges": edges,
    }
    raw = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    return gzip.compress(raw, compresslevel=1, mtime=0)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # networkx builds millions of small dicts; the cyclic collector only slows that down
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads(data: bytes, name: str = "store") -> KnowledgeGraph:
    """A KnowledgeGraph from a store file's bytes."""
    try:
        doc = orjson.loads(gzip.decompress(data))
    except (OSError, EOFError, orjson.JSONDecodeError) as exc:
        raise StoreError(f"{name} is not an lspgraph store ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise StoreError(f"{name} is not an lspgraph store")
    if doc.get("version", 0) > VERSION:
        raise StoreError(f"{name} was written by a newer lspgraph (store version "
                         f"{doc['version']}); upgrade lspgraph to read it")
    files = doc["files"]
    with _gc_paused():
        g = nx.MultiDiGraph()
        g.add_nodes_from(
            (n[0], {"type": n[1], **({"scope": n[2]} if n[2] else {}), **n[3],
                    "provenance": [[files[p[0]], *p[1:]] for p in n[4]]})
            for n in doc["nodes"]
        )
        g.add_edges_from(
            (e[0], e[1], e[2], {**e[3], "provenance": [[files[p[0]], *p[1:]] for p in e[4]]})
            for e in doc["edges"]
        )
    kg = KnowledgeGraph(g)
    kg.sources = doc.get("sources", {})
    return kg


def load(path: str | os.PathLike[str] | None = None, *, missing_ok: bool = False) -> KnowledgeGraph:
    """Load a store (``path``, $LSPGRAPH_STORE or ./lspgraph.store).

    With ``missing_ok`` a store that does not exist yet loads as an empty graph.
    """
    p = store_path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return KnowledgeGraph()
        raise StoreError(f"no store at {p} (build one with 'lspgraph import' or "
                         "'lspgraph demo', or name it with --store)") from None
    except OSError as exc:
        raise StoreError(f"cannot read {p}: {exc.strerror}") from None
    return loads(data, str(p))


def save(kg: KnowledgeGraph, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the store atomically: a temporary file beside it, fsync, then rename over it."""
    p = store_path(path)
    data = dumps(kg)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dfd = os.open(p.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return p


@contextlib.contextmanager
def write_lock(path: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """Hold the store's writer lock (a ``.lock`` file beside it) for a read-modify-write."""
    p = store_path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    lock_path = p.with_name(p.name + ".lock")
    fh = open(lock_path, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows
            import msvcrt

            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            except OSError:
                raise StoreLocked(f"{p} is being written by another lspgraph process") from None
        except BlockingIOError:
            raise StoreLocked(f"{p} is being written by another lspgraph process; "
                              "try again when it has finished") from None
        yield p
    finally:
        fh.close()
