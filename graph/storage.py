"""The embedded store: one SQLite file (Python's standard ``sqlite3``), in WAL mode.

Tables (the schema's version is ``PRAGMA user_version``; ``PRAGMA application_id`` marks
the file as an lspgraph store)::

    sources(path, sha256, format, records, extra)      -- one row per imported file
    nodes(id, type, scope, props, name)                 -- props: JSON; name: from props
    edges(id, source, target, type, props)              -- one edge per (source, target, type)
    files(id, path)                                     -- each file named by provenance
    provenance(node, edge, file, line, span_start, span_end, quote)   -- file: files.id
    names(key, node)                                    -- identity keys of names and aliases
    footprints(node, area, population)                  -- each area's and body's finest areas
    claims(node, claims)                  -- what each file said of a node, where it matters
    conflicts(node, field, value, source, line, rank, kept)  -- values sources disagree on

and the views of ``schemas/store_views.sql`` (memberships, actions, area_footprints).
Every write is one transaction: all of it lands or none of it does, a killed process
leaves the store as it was, and a second writer waits for the first (up to
``$LSPGRAPH_BUSY_TIMEOUT`` seconds, default 600) instead of overwriting it. Only rows that
changed are written, so writing an unchanged graph leaves the file's bytes and mtime alone.

Stores of lspgraph 0.x before SQLite (gzip of one JSON object) are still read, and are
converted to SQLite, once, by the first command that writes to them.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import gzip
import math
import os
import sqlite3
import stat
import threading
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import orjson

from .errors import StoreError, StoreLocked
from .nxdicts import add_edges, add_nodes, node_table, succ_table
from .records import Origin

__all__ = [
    "DEFAULT_STORE",
    "EmbeddingCache",
    "FORMAT",
    "Changes",
    "dump_json",
    "dumps",
    "find",
    "import_old",
    "is_old_store",
    "load",
    "load_around",
    "load_part",
    "loads",
    "neighbourhood",
    "rebuild_footprints",
    "save",
    "StoreAppeared",
    "store_path",
    "summary",
    "writing",
]

FORMAT = "lspgraph-store"
VERSION = 1  # of the gzip-JSON format, read for conversion
SCHEMA_VERSION = 5  # PRAGMA user_version (3: footprints; 4: files; 5: claims, conflicts)
APPLICATION_ID = 0x4C535047  # 'LSPG'
DEFAULT_STORE = "lspgraph.store"
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
SYSTEM_KEYS = ("type", "scope", "provenance")
# page cache of a writing connection (used as it fills): 64 MB and 256 MB import the national
# landscape and 8,000 memberships into it in the same CPU seconds (14.1-14.8 and 0.9-1.0 at
# load 8), and 64 MB peaks at 0.99 GB of memory instead of 1.18
_WRITE_CACHE_KB = 64 * 1024

# a cache of sentence embeddings for the duplicates question: not part of the graph, so a
# store written before it existed gets it on first use (no schema version change)
_EMBEDDINGS = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, text_sha256 TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, text_sha256)) WITHOUT ROWID;
"""

_TABLES = """
CREATE TABLE sources (
    path TEXT PRIMARY KEY, sha256 TEXT, format TEXT, records INTEGER,
    extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE nodes (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, scope TEXT, props TEXT NOT NULL,
    name TEXT GENERATED ALWAYS AS (json_extract(props, '$.name')) VIRTUAL);
CREATE INDEX nodes_type ON nodes(type);
CREATE TABLE edges (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
    props TEXT NOT NULL, UNIQUE (source, target, type));
CREATE INDEX edges_target ON edges(target, type);
CREATE INDEX edges_type ON edges(type);
CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
CREATE TABLE provenance (
    node TEXT, edge INTEGER, file INTEGER NOT NULL REFERENCES files(id), line,
    span_start INTEGER, span_end INTEGER, quote TEXT);
CREATE INDEX provenance_node ON provenance(node);
CREATE INDEX provenance_edge ON provenance(edge);
CREATE INDEX provenance_file ON provenance(file);
CREATE TABLE names (key TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY (key, node))
    WITHOUT ROWID;
""" + _EMBEDDINGS
# Footprints (schema 3; from 4, areas only): each area's finest areas at or below it (a
# finest area is its own), with their populations, kept in step with the geography by every
# write (:func:`_footprints`). A body's footprint is the union of its COVERS targets' rows
# (the area_footprints view, storage.load_around).
_FOOTPRINTS = """
CREATE TABLE footprints (node TEXT NOT NULL, area TEXT NOT NULL, population,
    PRIMARY KEY (node, area)) WITHOUT ROWID;
"""
# Claims and conflicts (schema 4): what each file said of a node where several files state
# it, and every value sources disagree on (:mod:`lspgraph.graph.conflicts`), rewritten with
# the node's row.
_CLAIMS = """
CREATE TABLE IF NOT EXISTS claims (node TEXT PRIMARY KEY, claims TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conflicts (
    node TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,
    line, rank TEXT NOT NULL, kept INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS conflicts_node ON conflicts(node);
"""


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: ``path``, else $LSPGRAPH_STORE, else ./lspgraph.store."""
    return Path(path or os.environ.get("LSPGRAPH_STORE") or DEFAULT_STORE)


def _busy_timeout() -> float:
    try:
        return float(os.environ.get("LSPGRAPH_BUSY_TIMEOUT", "600"))
    except ValueError:
        return 600.0


# -- what is at the path ---------------------------------------------------------------
# Descriptors kept open to read stores' headers, one per file (device, inode). SQLite locks
# with POSIX locks, which belong to a process and a file: closing *any* descriptor of the
# file drops every lock the process holds on it, those of its open SQLite connections too
# (a notebook's ``sqlite3.connect`` of the store). Another process's import could then take
# the store for unused, checkpoint and delete its WAL under that connection. So a header is
# read through a descriptor that stays open; it is closed once its file is deleted, or,
# past _HEADS_KEPT files, the least recently read one is (a process holding connections to
# that many stores at once is not one this guards).
_HEADS: dict[tuple[int, ...], int] = {}
_HEADS_LOCK = threading.Lock()
_HEADS_KEPT = 64


def _head(p: Path) -> bytes:
    """The first 100 bytes of the file at ``p``, read without closing a descriptor of it."""
    st = os.stat(p)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(p))
    key: tuple[int, ...] = (st.st_dev, st.st_ino)
    with _HEADS_LOCK:
        for other, fd in list(_HEADS.items()):  # files deleted since: nobody can lock them
            if other != key and os.fstat(fd).st_nlink == 0:
                os.close(fd)
                del _HEADS[other]
        fd = _HEADS.pop(key, None)
        if fd is not None:
            _HEADS[key] = fd  # the most recently read, last
        else:
            while len(_HEADS) >= _HEADS_KEPT:
                os.close(_HEADS.pop(next(iter(_HEADS))))
            fd = os.open(p, os.O_RDONLY | os.O_CLOEXEC)
            opened = os.fstat(fd)
            if (opened.st_dev, opened.st_ino) != key:  # replaced between stat and open
                key = (opened.st_dev, opened.st_ino)
                if key in _HEADS:  # kept already; this one is kept too, as closing it
                    key = (*key, fd)  # would drop the locks (it goes once deleted)
            _HEADS[key] = fd
        return os.pread(fd, 100, 0)


def _kind(p: Path) -> str:
    """'missing', 'sqlite' or 'legacy'; StoreError for anything that is not a store."""
    try:
        head = _head(p)
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        raise StoreError(f"{p} is a folder, not an lspgraph store") from None
    except OSError as exc:
        raise StoreError(f"cannot read {p}: {exc.strerror}") from None
    if not head:
        raise StoreError(f"{p} is empty (0 bytes), not an lspgraph store; delete it or "
                         "name another store with --store")
    if head.startswith(GZIP_MAGIC):
        return "legacy"
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
        raise StoreError(f"{p} is not an lspgraph store")
    # A truncated file: the header says how many pages the database has.
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    wal = p.with_name(p.name + "-wal")
    if header_valid and pages and not wal.exists() and p.stat().st_size < page_size * pages:
        raise StoreError(f"{p} is truncated ({p.stat().st_size:,} of {page_size * pages:,} "
                         "bytes); restore it from a copy or rebuild it with 'lspgraph import'")
    return "sqlite"


def _describe(p: Path, exc: sqlite3.Error, writing: bool) -> StoreError:
    """One line that names the file and says what went wrong."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreLocked(f"{p} is being written by another lspgraph process; gave up "
                           f"after waiting {_busy_timeout():g} s (set LSPGRAPH_BUSY_TIMEOUT "
                           "to wait longer)")
    if "full" in low:
        return StoreError(f"cannot write {p}: the disk is full; the store is unchanged")
    if "readonly" in low or "read-only" in low or (writing and "unable to open" in low):
        return StoreError(f"cannot write {p}: its folder or file is read-only; the store "
                          "is unchanged")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return StoreError(f"{p} is damaged ({msg}); restore it from a copy or rebuild it "
                          "with 'lspgraph import'")
    return StoreError(f"{p}: {msg}")


def _connect(p: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        uri = Path(os.path.abspath(p)).as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=_busy_timeout(), isolation_level=None,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(p, timeout=_busy_timeout(), isolation_level=None,
                               check_same_thread=False)
    return conn


def _check(conn: sqlite3.Connection, p: Path) -> None:
    app, version = (conn.execute("PRAGMA application_id").fetchone()[0],
                    conn.execute("PRAGMA user_version").fetchone()[0])
    if app != APPLICATION_ID:
        raise StoreError(f"{p} is an SQLite database, but not an lspgraph store")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{p} was written by a newer lspgraph (store schema {version}); "
                         "upgrade lspgraph to read it")


@contextlib.contextmanager
def _reading(p: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to an existing SQLite store (errors become StoreError)."""
    conn = None
    try:
        try:
            # read-write mode, so that the last connection to close cleans the WAL files up
            conn = _connect(p)
            _check(conn, p)
            conn.execute("PRAGMA query_only=1")
        except sqlite3.OperationalError:
            # a read-only folder cannot hold the WAL's shared-memory file: nobody can be
            # writing there, so read the file as it is
            if conn is not None:
                conn.close()
            uri = Path(os.path.abspath(p)).as_uri() + "?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            _check(conn, p)
        yield conn
    except sqlite3.Error as exc:
        raise _describe(p, exc, writing=False) from None
    finally:
        if conn is not None:
            conn.close()


def _create(p: Path) -> None:
    """Create an empty store at ``p`` atomically (built beside it, then linked into place),
    so that no half-made or 0-byte store is ever seen at ``p``."""
    tmp = p.with_name(f".{p.name}.{os.getpid()}.new")
    _clean_stale(p)
    try:
        # made by us first, so that it has the mode the user's umask asks for (SQLite
        # alone would make it 0644 whatever the umask)
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o666))
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            _init_schema(conn)
        finally:
            conn.close()
        try:
            os.link(tmp, p)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # a file system without hard links
            if not p.exists():
                os.replace(tmp, p)
    except sqlite3.Error as exc:
        raise _describe(p, exc, writing=True) from None
    except OSError as exc:
        raise _write_error(p, exc) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{tmp}{suffix}")


@contextlib.contextmanager
def _building(p: Path, notices: list[str]) -> Iterator[Writer]:
    """A new store written whole in a file beside ``p`` and linked into place when the
    block ends (see :func:`writing`).

    Nobody else can open that file (its name has this process's id; a killed process's is
    removed by the next writer, :func:`_clean_stale`), so it is written without a WAL and
    without waiting for the disk on each commit: the rollback journal is kept in memory
    (for a file that starts empty it holds only the schema's pages), and the file is
    synced once, before it is linked to ``p``. Linking fails if a store appeared at ``p``
    meanwhile: then nothing is written (:class:`StoreAppeared`). On any error the file
    goes and ``p`` stays missing. The store is left in WAL mode, as :func:`_create`
    leaves it.
    """
    tmp = p.with_name(f".{p.name}.{os.getpid()}.new")
    inside = False  # the caller's block runs: its own errors are not this file's
    try:
        # made by us first, so that it has the mode the user's umask asks for
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o666))
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=MEMORY")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(f"PRAGMA cache_size = -{_WRITE_CACHE_KB}")
            _init_schema(conn)
            conn.execute("BEGIN IMMEDIATE")
            inside = True
            writer = Writer(conn, p, notices)
            writer.new = True
            yield writer
            inside = False
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        _fsync(tmp)
        try:
            os.link(tmp, p)
        except FileExistsError:
            raise StoreAppeared(str(p)) from None
        except OSError as exc:  # a file system without hard links
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            if p.exists():
                raise StoreAppeared(str(p)) from None
            os.replace(tmp, p)
        _fsync(p.parent, quiet=True)  # the new name, where a folder can be synced
    except sqlite3.Error as exc:
        raise _describe(p, exc, writing=True) from None
    except OSError as exc:
        if inside:
            raise
        raise _write_error(p, exc, "; no store was made") from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{tmp}{suffix}")


def _write_error(p: Path, exc: OSError, after_full: str = "") -> StoreError:
    """What a failed write of the store at ``p`` tells the user, from the OS error."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"cannot write {p}: its folder is read-only")
    if exc.errno == errno.ENOSPC:
        return StoreError(f"cannot write {p}: the disk is full{after_full}")
    return StoreError(f"cannot write {p}: {exc.strerror}")


def _fsync(path: str | os.PathLike[str], quiet: bool = False) -> None:
    """Wait until what was written to the file or folder at ``path`` is on the disk. With
    ``quiet``, an OS error is ignored (a system that cannot sync a folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        if not quiet:
            raise


def _clean_stale(p: Path) -> None:
    """Remove stores half-made by processes that were killed while making them."""
    for old in p.parent.glob(f".{p.name}.*.new*"):
        pid = old.name[len(p.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                old.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _init_schema(conn: sqlite3.Connection) -> None:
    """Tables, views and version, in one transaction of their own."""
    conn.executescript(f"BEGIN;\n{_TABLES}\n{_FOOTPRINTS}\n{_CLAIMS}\n{_views_sql()}\n"
                       f"PRAGMA application_id={APPLICATION_ID};\n"
                       f"PRAGMA user_version={SCHEMA_VERSION};\nCOMMIT;")


def _views_sql() -> str:
    return resources.files("lspgraph.schemas").joinpath("store_views.sql").read_text("utf-8")


# -- rows <-> graph -----------------------------------------------------------------------
ProvRow = tuple[Any, Any, Any, Any, Any]


def _prov_row(entry: Any) -> ProvRow:
    """A provenance entry (an :class:`Origin`; a list or dict from older stores) as the row
    (file, line, span_start, span_end, quote)."""
    if isinstance(entry, Origin):
        return (entry.source, entry.line, entry.start, entry.end, entry.quote)
    if isinstance(entry, dict):
        span = entry.get("span") or (None, None)
        return (entry.get("file") or entry.get("source"), entry.get("line"),
                span[0], span[1], entry.get("quote"))
    e = list(entry) + [None] * (5 - len(entry))
    return (e[0], e[1], e[2], e[3], e[4])


def _prov_entry(row: ProvRow) -> Origin:
    file, line, start, end, quote = row
    return Origin(file, line, quote, start, end)


def _props_json(data: dict[str, Any], skip: tuple[str, ...]) -> str:
    if len(data) == 1 and skip[0] in data:  # an edge with nothing but its provenance
        return "{}"
    return orjson.dumps({k: v for k, v in data.items() if k not in skip},
                        option=orjson.OPT_SORT_KEYS).decode()


# type, scope, props, provenance, claims (JSON, or None when the props say it all)
NodeRow = tuple[str, str | None, str, tuple[ProvRow, ...], str | None]
EdgeRow = tuple[str, tuple[ProvRow, ...]]  # props, provenance


@dataclass
class Snapshot:
    """The rows as they are in the store, to write only what changed."""

    nodes: dict[str, NodeRow] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], EdgeRow] = field(default_factory=dict)
    edge_ids: dict[tuple[str, str, str], int] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def _rows(kg: Any) -> tuple[dict[str, NodeRow], dict[tuple[str, str, str], EdgeRow]]:
    from .conflicts import settled

    g = kg.nx
    nodes: dict[str, NodeRow] = {}
    claims = getattr(kg, "claims", {})
    dumps, sort = orjson.dumps, orjson.OPT_SORT_KEYS
    for node_id, data in node_table(g).items():  # as g.nodes(data=True) gives them
        said = settled(kg, node_id) if node_id in claims else None
        prov = data.get("provenance", ())
        if type(prov) is list and len(prov) == 1 and type(prov[0]) is Origin:  # most nodes
            o = prov[0]
            rows: tuple[ProvRow, ...] = ((o.source, o.line, o.start, o.end, o.quote),)
        else:
            rows = _prov_rows(prov)
        nodes[node_id] = (data["type"], data.get("scope"),
                          "{}" if len(data) == 1 and SYSTEM_KEYS[0] in data else
                          dumps({k: v for k, v in data.items() if k not in SYSTEM_KEYS},
                                option=sort).decode(),
                          rows, None if said is None else dumps(said, option=sort).decode())
    edges: dict[tuple[str, str, str], EdgeRow] = {}
    for u, targets in succ_table(g).items():  # as g.edges(keys=True, data=True) does
        for v, keys in targets.items():
            for k, data in keys.items():
                prov = data.get("provenance")
                if len(data) == 1 and type(prov) is list and len(prov) == 1 and \
                        type(prov[0]) is Origin:  # most edges: one origin, no properties
                    o = prov[0]
                    edges[(u, v, k)] = ("{}", ((o.source, o.line, o.start, o.end, o.quote),))
                    continue
                edges[(u, v, k)] = (_props_json(data, ("provenance",)),
                                    _prov_rows(data.get("provenance", ())))
    return nodes, edges


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a graph is built, and what was built is then
    moved to the oldest generation.

    networkx builds millions of small dicts, lists and origins; a national graph is ~1.4M
    objects the collector would scan in each of its generations in turn (~0.4 s a scan),
    though none of them is garbage. ``gc.freeze()`` then ``gc.unfreeze()`` moves every
    tracked object to the oldest generation without scanning it: it is still collected if
    it becomes cyclic garbage, by a full collection, as any long-lived object is. (Skipped
    when the process froze objects itself, as unfreezing would release those.)
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


_held = 0  # loaded graphs alive whose objects _hold froze


def _hold(kg: Any) -> Any:
    """Keep a loaded graph out of the collector's scans for as long as it lives.

    After :func:`_gc_paused` the graph's 1.4 million objects (national benchmark) sit in
    the oldest generation, but the collector still counts them as new, so the first
    ~70,000 allocations after a load set off one full collection over all of them (0.3
    to 0.8 CPU s), inside whatever runs first; and a command that drops its graph pays
    another at exit, since networkx's cached views (``G.edges``...) hold the graph in a
    cycle. ``gc.freeze()`` moves every object the collector tracks to the permanent
    generation, which no collection scans. When ``kg`` is freed, its graph's cached views
    are dropped (so the graph is freed by reference counts) and, once no held graph is
    left, ``gc.unfreeze()`` hands every frozen object back to the collector: a long-lived
    process leaks nothing. Skipped when the process had frozen objects itself (a
    ``gc.freeze()`` it makes while a graph is held is undone with the graph's).
    """
    global _held
    if not _held and gc.get_freeze_count():
        return kg  # frozen by someone else: theirs, left alone
    gc.freeze()
    _held += 1
    weakref.finalize(kg, _let_go, kg.nx).atexit = False
    return kg


def _let_go(g: Any) -> None:
    """A held graph's ``kg`` was freed: the graph's cycle broken; the last one unfreezes."""
    global _held
    for cls in type(g).__mro__:
        for name, attr in vars(cls).items():
            if isinstance(attr, functools.cached_property):
                g.__dict__.pop(name, None)
    _held -= 1
    if not _held:
        gc.unfreeze()


def _read_sources(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    out = {}
    for path, sha, fmt, records, extra in conn.execute(
            "SELECT path, sha256, format, records, extra FROM sources ORDER BY path"):
        out[path] = {"sha256": sha, "format": fmt, "records": records, **orjson.loads(extra)}
    return out


def _read(conn: sqlite3.Connection, where: str = "", args: tuple[Any, ...] = (),
          snapshot: bool = False, *, edge_types: Iterable[str] | None = None,
          also_edges: Iterable[int] = (), provenance: bool = True,
          edge_provenance: bool = True) -> tuple[Any, Snapshot | None]:
    """The graph in the store (or the nodes ``where`` selects and the edges among them).

    With ``where``: ``edge_types`` keeps only edges of those types among the nodes, and
    ``also_edges`` (rowids) adds those edges whatever their type; without ``provenance``
    every node and edge gets an empty provenance list and no node its claims (for a
    question that cites neither), and without ``edge_provenance`` every edge does.

    The rows go straight into networkx's own dicts (:mod:`lspgraph.graph.nxdicts`), as
    ``add_nodes_from`` and ``add_edges_from`` would fill them, without their per-item
    checks; every provenance list is built once, equal rows sharing one :class:`Origin`.
    """
    import networkx as nx

    from .model import KnowledgeGraph

    snap = Snapshot() if snapshot else None
    loads_ = orjson.loads
    with _gc_paused():
        if not where:
            claims = _claims(conn)
            node_prov, edge_prov = _origins(conn)
            node_rows = conn.execute("SELECT id, type, scope, props FROM nodes").fetchall()
            edge_rows = conn.execute("SELECT id, source, target, type, props FROM edges"
                                     ).fetchall()
        else:
            # the ids go to SQLite as JSON arrays (json_each), so that each look-up uses an
            # index, and a read-only connection needs no temporary table
            node_rows = conn.execute(f"SELECT id, type, scope, props FROM nodes WHERE id IN "
                                     f"({where})", args).fetchall()
            node_ids = orjson.dumps([r[0] for r in node_rows]).decode()
            claims = _claims(conn, "WHERE node IN (SELECT value FROM json_each(?))",
                             (node_ids,)) if provenance else {}
            columns = "SELECT id, source, target, type, props FROM edges WHERE"
            if edge_types is None:
                # '+target': look edges up by source alone, not by every source x pair
                edge_rows = conn.execute(
                    f"{columns} source IN (SELECT value FROM json_each(?1)) "
                    "AND +target IN (SELECT value FROM json_each(?1))", (node_ids,)).fetchall()
            else:  # the edges of a few types, by their index, kept when both ends are loaded
                ends = {r[0] for r in node_rows}
                edge_rows = [r for r in conn.execute(
                    f"{columns} type IN (SELECT value FROM json_each(?))", (_json(edge_types),))
                    if r[1] in ends and r[2] in ends] if edge_types else []
            if also_edges:
                seen = {r[0] for r in edge_rows}
                edge_rows += [r for r in conn.execute(
                    f"{columns} id IN (SELECT value FROM json_each(?))", (_json(also_edges),))
                    if r[0] not in seen]
            edge_rows.sort()  # in the order they were written, as the whole graph has them
            edge_ids = orjson.dumps([r[0] for r in edge_rows]).decode() \
                if edge_provenance else "[]"
            node_prov, edge_prov = (_origins(conn, node_ids, edge_ids) if provenance
                                    else ({}, {}))
        if snap is not None:  # before the graph's lists can be changed
            for node_id, type_name, scope, props in node_rows:
                snap.nodes[node_id] = (type_name, scope, props,
                                       _prov_rows(node_prov.get(node_id)),
                                       claims.get(node_id))
            for eid, u, v, k, props in edge_rows:
                snap.edges[(u, v, k)] = (props, _prov_rows(edge_prov.get(eid)))
                snap.edge_ids[(u, v, k)] = eid
        g = nx.MultiDiGraph()
        add_nodes(g, _node_table(node_rows, node_prov.get))
        add_edges(g, _edge_items(edge_rows, edge_prov.get))
    kg = KnowledgeGraph(g)
    kg.sources = _read_sources(conn)
    kg.claims = {n: loads_(c) for n, c in claims.items() if n in g}
    if snap is not None:
        snap.sources = dict(kg.sources)
    return kg, snap


def _node_table(rows: Iterable[tuple[str, str, str | None, str]], prov_of: Any
                ) -> dict[str, dict[str, Any]]:
    """Id -> attributes of the nodes' rows, with their provenance lists."""
    loads_ = orjson.loads
    table = {}
    for node_id, type_name, scope, props in rows:
        attrs = {"type": type_name, "scope": scope} if scope is not None else \
            {"type": type_name}
        attrs.update(loads_(props))
        attrs["provenance"] = prov_of(node_id) or []
        table[node_id] = attrs
    return table


def _edge_items(rows: Iterable[tuple[int, str, str, str, str]], prov_of: Any
                ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, type, attributes) of the edges' rows, with their provenance."""
    loads_ = orjson.loads
    for eid, u, v, k, props in rows:
        data = loads_(props) if props != "{}" else {}
        data["provenance"] = prov_of(eid) or []
        yield u, v, k, data


def _prov_rows(origins: Iterable[Any] | None) -> tuple[ProvRow, ...]:
    """The provenance rows of a list of origins, as a snapshot compares them (an Origin's
    row read straight off it: a national write makes 400,000 of them)."""
    if not origins:
        return ()
    if type(origins) is list and len(origins) == 1:  # most nodes and edges
        o = origins[0]
        return ((o.source, o.line, o.start, o.end, o.quote) if type(o) is Origin
                else _prov_row(o),)
    return tuple((o.source, o.line, o.start, o.end, o.quote) if type(o) is Origin
                 else _prov_row(o) for o in origins)


def _origins(conn: sqlite3.Connection, node_ids: str | None = None,
             edge_ids: str | None = None
             ) -> tuple[dict[str, list[Origin]], dict[int, list[Origin]]]:
    """The provenance of every node and edge, or of those whose ids the JSON arrays
    ``node_ids`` and ``edge_ids`` list, by node id and by edge rowid, each in the order it
    was written; equal rows share one Origin (they are immutable, and a lookup's row often
    states a node and its edges alike)."""
    files: dict[Any, str] | None = None
    if conn.execute("PRAGMA user_version").fetchone()[0] >= 4:
        files = dict(conn.execute("SELECT id, path FROM files"))
    origins: dict[tuple[Any, ...], Origin] = {}
    found = origins.get
    node_prov: dict[Any, list[Origin]] = {}
    edge_prov: dict[Any, list[Origin]] = {}
    columns = "node, edge, file, line, quote, span_start, span_end FROM provenance"
    if node_ids is None:
        queries = [(f"SELECT {columns} ORDER BY rowid", ())]  # one scan, no sort
    else:
        queries = [(f"SELECT {columns} WHERE node IN (SELECT value FROM json_each(?)) "
                    "ORDER BY rowid", (node_ids,)),
                   (f"SELECT {columns} WHERE edge IN (SELECT value FROM json_each(?)) "
                    "ORDER BY rowid", (edge_ids,))]
    for sql, args in queries:
        for row in conn.execute(sql, args):
            row_key = row[2:]
            origin = found(row_key)
            if origin is None:
                file, line, quote, start, end = row_key
                origin = origins[row_key] = Origin(
                    files[file] if files is not None else file, line, quote, start, end)
            node = row[0]
            owners, key = (node_prov, node) if node is not None else (edge_prov, row[1])
            entries = owners.get(key)
            if entries is None:
                owners[key] = [origin]
            else:
                entries.append(origin)
    return node_prov, edge_prov


# a provenance row with its file's path, as Origin takes it
_PROV_COLUMNS = ("f.path, p.line, p.span_start, p.span_end, p.quote FROM provenance p "
                 "JOIN files f ON f.id = p.file")


def _prov_columns(conn: sqlite3.Connection) -> str:
    """:data:`_PROV_COLUMNS`, or their form in a store of schema 2 or 3 (paths in
    provenance)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= 4:
        return _PROV_COLUMNS
    return "p.file, p.line, p.span_start, p.span_end, p.quote FROM provenance p"


class _FileIds:
    """The ``files`` id of each path a write names (added on first use)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.ids: dict[str, int] = {}

    def rows(self, owner: Any, prov: Iterable[ProvRow]) -> Iterator[tuple[Any, ...]]:
        """Provenance rows of ``owner`` (a node id or an edge rowid) with file ids."""
        for file, *rest in prov:
            fid = self.ids.get(file)
            if fid is None:
                fid = self.add(file)
            yield (owner, fid, *rest)

    def add(self, file: str) -> int:
        """The id of a path not met before in this write (made if the store has none)."""
        self.conn.execute("INSERT OR IGNORE INTO files (path) VALUES (?)", (file,))
        fid = self.ids[file] = self.conn.execute(
            "SELECT id FROM files WHERE path = ?", (file,)).fetchone()[0]
        return fid

    def all_rows(self, owners: Iterable[Any], provs: Iterable[tuple[ProvRow, ...]]
                 ) -> list[tuple[Any, ...]]:
        """:meth:`rows` of each owner and its provenance, in order, in one list (a write
        of a national landscape makes 400,000)."""
        ids = self.ids
        out: list[tuple[Any, ...]] = []
        add = out.append
        for owner, prov in zip(owners, provs, strict=True):
            for file, line, start, end, quote in prov:
                fid = ids.get(file)
                if fid is None:
                    fid = self.add(file)
                add((owner, fid, line, start, end, quote))
        return out


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the store has a table (stores of schema 2 have no claims or conflicts)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _claims(conn: sqlite3.Connection, where: str = "", args: tuple[Any, ...] = ()
            ) -> dict[str, str]:
    """The claims rows (node -> JSON) of the nodes ``where`` selects."""
    if not _has_table(conn, "claims"):
        return {}
    return dict(conn.execute(f"SELECT node, claims FROM claims {where}", args))


def _all_provenance(conn: sqlite3.Connection
                    ) -> tuple[dict[str, list[ProvRow]], dict[int, list[ProvRow]]]:
    """Every provenance row, by node id and by edge rowid, in the order they were written."""
    node_prov: dict[str, list[ProvRow]] = {}
    edge_prov: dict[int, list[ProvRow]] = {}
    for node, edge, *row in conn.execute(
            f"SELECT node, edge, {_prov_columns(conn)} ORDER BY p.rowid"):
        if node is not None:
            node_prov.setdefault(node, []).append(tuple(row))  # type: ignore[arg-type]
        else:
            edge_prov.setdefault(edge, []).append(tuple(row))  # type: ignore[arg-type]
    return node_prov, edge_prov


def _read_snapshot(conn: sqlite3.Connection) -> Snapshot:
    """The store's rows without building a graph."""
    snap = Snapshot()
    node_prov, edge_prov = _all_provenance(conn)
    claims = _claims(conn)
    for node_id, type_name, scope, props in conn.execute(
            "SELECT id, type, scope, props FROM nodes"):
        snap.nodes[node_id] = (type_name, scope, props, tuple(node_prov.get(node_id, ())),
                               claims.get(node_id))
    for eid, u, v, k, props in conn.execute("SELECT id, source, target, type, props FROM edges"):
        snap.edges[(u, v, k)] = (props, tuple(edge_prov.get(eid, ())))
        snap.edge_ids[(u, v, k)] = eid
    snap.sources = _read_sources(conn)
    return snap


# -- changes ------------------------------------------------------------------------------
@dataclass
class Changes:
    """What a write changed, counted in nodes and edges."""

    nodes_added: int = 0
    nodes_changed: int = 0
    nodes_removed: int = 0
    edges_added: int = 0
    edges_changed: int = 0
    edges_removed: int = 0
    sources_changed: bool = False

    @property
    def any(self) -> bool:
        return bool(self.nodes_added or self.nodes_changed or self.nodes_removed
                    or self.edges_added or self.edges_changed or self.edges_removed
                    or self.sources_changed)

    def __str__(self) -> str:
        return (f"nodes: {self.nodes_added} added, {self.nodes_changed} changed, "
                f"{self.nodes_removed} removed; edges: {self.edges_added} added, "
                f"{self.edges_changed} changed, {self.edges_removed} removed")


def _all_name_keys(put: Iterable[str], data: dict[str, dict[str, Any]]
                   ) -> list[tuple[str, str]]:
    """(identity key, node id) of the name, the name as shown (with its area) and each
    alias of every node of ``put`` (``data``: the graph's node dicts), each key once per
    node; a node with a name and nothing else (most) has the one key."""
    from .ids import display_name, identity_key

    out: list[tuple[str, str]] = []
    for node_id in put:
        props = data[node_id]
        name = props.get("name")
        aliases = props.get("aliases")
        area = props.get("area")
        if name and not aliases and not area:  # display_name(name, None) is the name
            out.append((identity_key(str(name)), node_id))
            continue
        shown = display_name(str(name), area) if name else None
        names = [name, shown, *(aliases or [])]
        out.extend((key, node_id) for key in {identity_key(str(n)) for n in names if n})
    return out


_BULK = 50_000  # rows into empty tables: indexes built after them, not row by row


@contextlib.contextmanager
def _indexes_after(conn: sqlite3.Connection, rows: int) -> Iterator[None]:
    """Into empty tables (a first import), ``rows`` rows or more go in faster with the
    indexes of nodes, edges and provenance dropped and then made again, from their own
    definitions, over the rows in one pass (inside the caller's transaction)."""
    tables = ("nodes", "edges", "provenance")
    if rows < _BULK or any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                           for t in tables):
        yield
        return
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY rowid", tables).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.execute(sql)


def _write(conn: sqlite3.Connection, kg: Any, snap: Snapshot, whole: bool = False) -> Changes:
    """Write the rows of ``kg`` that differ from ``snap`` (inside the caller's transaction).
    ``whole``: ``kg`` is all the store will hold (not a part of it)."""
    from .conflicts import conflicts_of

    nodes, edges = _rows(kg)
    ch = Changes()
    with _indexes_after(conn, len(nodes) + len(edges)):
        file_ids = _FileIds(conn)
        gone_nodes = [n for n in snap.nodes if n not in nodes]
        new_nodes = [n for n in nodes if n not in snap.nodes]
        changed_nodes = [n for n, row in nodes.items() if n in snap.nodes and snap.nodes[n] != row]
        ch.nodes_added, ch.nodes_changed, ch.nodes_removed = (len(new_nodes), len(changed_nodes),
                                                              len(gone_nodes))
        out = [(n,) for n in gone_nodes + changed_nodes]
        conn.executemany("DELETE FROM nodes WHERE id = ?", out)
        conn.executemany("DELETE FROM provenance WHERE node = ?", out)
        conn.executemany("DELETE FROM names WHERE node = ?", out)
        conn.executemany("DELETE FROM claims WHERE node = ?", out)
        conn.executemany("DELETE FROM conflicts WHERE node = ?", out)
        put = sorted(new_nodes + changed_nodes)
        conn.executemany("INSERT INTO claims (node, claims) VALUES (?, ?)",
                         ((n, nodes[n][4]) for n in put if nodes[n][4] is not None))
        conn.executemany(
            "INSERT INTO conflicts (node, field, value, source, line, rank, kept) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((c.node, c.field, orjson.dumps(c.value).decode(), c.source, c.line, c.rank,
              int(c.kept)) for n in put if nodes[n][4] is not None
             for c in conflicts_of(kg, n)))
        conn.executemany("INSERT INTO nodes (id, type, scope, props) VALUES (?, ?, ?, ?)",
                         ((n, *nodes[n][:3]) for n in put))
        conn.executemany(
            "INSERT INTO provenance (node, file, line, span_start, span_end, quote) "
            "VALUES (?, ?, ?, ?, ?, ?)", file_ids.all_rows(put, (nodes[n][3] for n in put)))
        # in the table's own order (key, node): each row goes next to the one before it
        conn.executemany("INSERT OR IGNORE INTO names (key, node) VALUES (?, ?)",
                         sorted(_all_name_keys(put, node_table(kg.nx))))

        gone_edges = [e for e in snap.edges if e not in edges]
        new_edges = [e for e in edges if e not in snap.edges]
        changed_edges = [e for e, row in edges.items() if e in snap.edges and snap.edges[e] != row]
        ch.edges_added, ch.edges_changed, ch.edges_removed = (len(new_edges), len(changed_edges),
                                                              len(gone_edges))
        out_ids = [(snap.edge_ids[e],) for e in gone_edges + changed_edges]
        conn.executemany("DELETE FROM edges WHERE id = ?", out_ids)
        conn.executemany("DELETE FROM provenance WHERE edge = ?", out_ids)
        # the ids SQLite would give one insert after another (the largest rowid + 1), given up
        # front so that the edges and their provenance go in as two batches
        put_edges = sorted(new_edges + changed_edges)
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM edges").fetchone()[0]
        eids = range(first, first + len(put_edges))
        snap.edge_ids.update(zip(put_edges, eids, strict=True))
        picked = [edges[e] for e in put_edges]  # (props, provenance) of each, in id order
        conn.executemany("INSERT INTO edges (id, source, target, type, props) "
                         "VALUES (?, ?, ?, ?, ?)",
                         [(eid, u, v, k, row[0])
                          for eid, (u, v, k), row in zip(eids, put_edges, picked, strict=True)])
        conn.executemany("INSERT INTO provenance (edge, file, line, span_start, span_end, "
                         "quote) VALUES (?, ?, ?, ?, ?, ?)",
                         file_ids.all_rows(eids, [row[1] for row in picked]))

    _footprints(conn, snap, nodes, new_nodes, changed_nodes, gone_nodes,
                new_edges + gone_edges, kg, whole)

    sources = {k: kg.sources[k] for k in sorted(kg.sources)}
    if sources != snap.sources:
        ch.sources_changed = True
        conn.execute("DELETE FROM files WHERE id NOT IN (SELECT file FROM provenance)")
        conn.execute("DELETE FROM sources")
        conn.executemany(
            "INSERT INTO sources (path, sha256, format, records, extra) VALUES (?, ?, ?, ?, ?)",
            ((path, s.get("sha256"), s.get("format"), s.get("records"),
              orjson.dumps({k: v for k, v in s.items()
                            if k not in ("sha256", "format", "records")},
                           option=orjson.OPT_SORT_KEYS).decode())
             for path, s in sources.items()))
    snap.nodes, snap.edges, snap.sources = nodes, edges, sources
    return ch


def _population(props_json: str | None) -> Any:
    return orjson.loads(props_json).get("population") if props_json else None


def _footprints(conn: sqlite3.Connection, snap: Snapshot, nodes: dict[str, NodeRow],
                new_nodes: list[str], changed_nodes: list[str], gone_nodes: list[str],
                moved_edges: list[tuple[str, str, str]], kg: Any = None,
                whole: bool = False) -> None:
    """Keep the footprints table in step with a write (inside its transaction).

    Geography changed (an area gone or with a new population, a WITHIN edge added or
    removed): every footprint is rebuilt, from ``kg`` when it is the ``whole`` store
    (:func:`_footprint_rows`), else by SQL (:func:`rebuild_footprints`). Else new areas
    get their own row. Bodies need nothing: theirs is the union of their COVERS targets'
    rows, joined when read.
    """
    old_nodes = {n: snap.nodes[n] for n in gone_nodes + changed_nodes}
    geography = any(k == "WITHIN" for _, _, k in moved_edges) or any(
        old_nodes[n][0] == "Area" for n in gone_nodes) or any(
        nodes[n][0] == "Area" and (old_nodes[n][0] != "Area" or _population(nodes[n][2])
                                   != _population(old_nodes[n][2])) for n in changed_nodes)
    if geography:
        rows = _footprint_rows(kg) if whole else None
        if rows is None:
            rebuild_footprints(conn)
        else:
            conn.execute("DELETE FROM footprints")
            rows.sort()  # in the table's key order (node, area): each row after the one before
            conn.executemany("INSERT INTO footprints (node, area, population) VALUES (?, ?, ?)",
                             rows)
        return
    conn.executemany(
        "INSERT OR REPLACE INTO footprints (node, area, population) VALUES (?1, ?1, ?2)",
        ((n, _population(nodes[n][2])) for n in new_nodes if nodes[n][0] == "Area"))


_INT64 = (-(1 << 63), (1 << 63) - 1)


def _footprint_rows(kg: Any) -> list[tuple[str, str, Any]] | None:
    """The rows :func:`rebuild_footprints` makes, from a graph that is the whole store:
    each area's finest areas down the WITHIN edges (an area with none below it is its own),
    with their populations as SQLite's ``json_extract`` reads them from the stored props.
    None when a population is of a kind whose reading this does not copy (a list, a
    mapping, an integer past 64 bits): SQL does those.
    """
    g = kg.nx
    within: dict[str, list[str]] = {}  # area -> the nodes directly WITHIN it
    for u, targets in succ_table(g).items():  # as g.edges(keys=True) walks them
        for v, keys in targets.items():
            if "WITHIN" in keys:
                within.setdefault(v, []).append(u)
    nodes = node_table(g)
    rows: list[tuple[str, str, Any]] = []
    population: dict[str, Any] = {}
    for node, data in nodes.items():
        if data.get("type") != "Area":
            continue
        seen = {node}
        todo = [node]
        while todo:
            below = within.get(todo.pop())
            if below:
                for child in below:
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
        for area in seen:
            if area in within:
                continue  # not a finest area
            if area not in population:
                value = nodes[area].get("population")
                if type(value) is bool:
                    value = int(value)
                elif type(value) is float and not math.isfinite(value):
                    value = None  # stored as JSON null
                elif not (value is None or type(value) in (str, float) or
                          (type(value) is int and _INT64[0] <= value <= _INT64[1])):
                    return None
                population[area] = value
            rows.append((node, area, population[area]))
    return rows


def rebuild_footprints(conn: sqlite3.Connection) -> None:
    """Every area's footprint again, from the nodes and edges (inside the caller's
    transaction): its finest areas down the WITHIN edges, with their populations."""
    conn.execute("DELETE FROM footprints")
    conn.execute("""
        INSERT INTO footprints (node, area, population)
        WITH RECURSIVE reach(node, area) AS (
            SELECT id, id FROM nodes WHERE type = 'Area'
            UNION
            SELECT r.node, w.source FROM reach r
            JOIN edges w ON w.target = r.area AND w.type = 'WITHIN')
        SELECT r.node, r.area, json_extract(a.props, '$.population') FROM reach r
        JOIN nodes a ON a.id = r.area
        WHERE NOT EXISTS (SELECT 1 FROM edges c WHERE c.target = r.area AND c.type = 'WITHIN')
        """)


# -- the writer ---------------------------------------------------------------------------
class Writer:
    """The store inside one write transaction (see :func:`writing`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notices: list[str]):
        self.conn = conn
        self.path = path
        self.notices = notices
        self._snap: Snapshot | None = None

    def sources(self) -> dict[str, dict[str, Any]]:
        return _read_sources(self.conn)

    partial = False
    new = False  # a store being built (:func:`_building`): it holds only what is written

    def graph(self, types: Iterable[str] | None = None, ids: Iterable[str] = (),
              files: Iterable[str] = ()) -> Any:
        """The graph as stored, to change and then :meth:`write`.

        With ``types``, only the part an import can touch: the nodes of those types, the
        nodes named by ``ids``, the nodes and edges that ``files`` state, and the edges
        among them. Writing then compares that part alone; the rest is left as it is.
        """
        if types is None:
            kg, self._snap = _read(self.conn, snapshot=True)
            return kg
        self.partial = True
        c = self.conn
        c.execute("CREATE TEMP TABLE IF NOT EXISTS _wanted (id TEXT PRIMARY KEY)")
        c.execute("CREATE TEMP TABLE IF NOT EXISTS _files (file TEXT PRIMARY KEY)")
        c.execute("DELETE FROM _wanted")
        c.execute("DELETE FROM _files")
        c.executemany("INSERT OR IGNORE INTO _files VALUES (?)", ((f,) for f in files))
        c.executemany("INSERT OR IGNORE INTO _wanted SELECT id FROM nodes WHERE type = ?",
                      ((t,) for t in set(types)))
        c.executemany("INSERT OR IGNORE INTO _wanted SELECT id FROM nodes WHERE id = ?",
                      ((i,) for i in set(ids)))
        stated = "(SELECT id FROM files WHERE path IN (SELECT file FROM _files))"
        c.execute("INSERT OR IGNORE INTO _wanted SELECT node FROM provenance "
                  f"WHERE node IS NOT NULL AND file IN {stated}")
        if _has_table(c, "claims"):  # nodes a file claims values of, wherever its rows say
            c.execute("INSERT OR IGNORE INTO _wanted SELECT c.node FROM claims c, "
                      "json_each(c.claims) j WHERE j.key IN (SELECT file FROM _files)")
        for end in ("source", "target"):
            c.execute(f"INSERT OR IGNORE INTO _wanted SELECT e.{end} FROM edges e JOIN "
                      f"provenance p ON p.edge = e.id WHERE p.file IN {stated}")
        kg, self._snap = _read(c, "SELECT id FROM _wanted", snapshot=True)
        return kg

    def has_edges_outside(self, node_id: str) -> bool:
        """Whether a node of a partial graph has edges to nodes that were not loaded."""
        if not self.partial:
            return False
        return self.conn.execute(
            "SELECT 1 FROM edges WHERE (source = ?1 AND target NOT IN (SELECT id FROM _wanted))"
            " OR (target = ?1 AND source NOT IN (SELECT id FROM _wanted)) LIMIT 1",
            (node_id,)).fetchone() is not None

    def write(self, kg: Any) -> Changes:
        """Write what differs between ``kg`` and the store."""
        if self._snap is None:
            self._snap = _read_snapshot(self.conn)
            return _write(self.conn, kg, self._snap, whole=True)
        return _write(self.conn, kg, self._snap, whole=self.new or not self.partial)


# schema 3 -> 4: provenance names its file by an id of the files table (rowids kept, so
# that provenance keeps the order it was written in)
_V4_FILES = (
    "CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
    "INSERT INTO files (path) SELECT DISTINCT file FROM provenance ORDER BY file",
    "DROP INDEX provenance_node", "DROP INDEX provenance_edge", "DROP INDEX provenance_file",
    "ALTER TABLE provenance RENAME TO provenance_v2",
    "CREATE TABLE provenance (node TEXT, edge INTEGER, file INTEGER NOT NULL REFERENCES "
    "files(id), line, span_start INTEGER, span_end INTEGER, quote TEXT)",
    "INSERT INTO provenance (rowid, node, edge, file, line, span_start, span_end, quote) "
    "SELECT p.rowid, p.node, p.edge, f.id, p.line, p.span_start, p.span_end, p.quote "
    "FROM provenance_v2 p JOIN files f ON f.path = p.file ORDER BY p.rowid",
    "DROP TABLE provenance_v2",
    "CREATE INDEX provenance_node ON provenance(node)",
    "CREATE INDEX provenance_edge ON provenance(edge)",
    "CREATE INDEX provenance_file ON provenance(file)",
)


def _upgrade(conn: sqlite3.Connection, p: Path, notices: list[str]) -> None:
    """Bring a store of an older schema up to this one (inside the write transaction)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    added = []
    if version < 3:
        conn.execute("DROP VIEW IF EXISTS area_footprints")
        for statement in _statements(_FOOTPRINTS + _views_sql()):
            conn.execute(statement)
        rebuild_footprints(conn)
        added.append("footprints")
    if version < 4:
        for statement in _V4_FILES:
            conn.execute(statement)
        added.append("files")
        if version == 3:  # bodies' rows are joined when read now, not stored
            conn.execute("DROP VIEW IF EXISTS area_footprints")
            for statement in _statements(_views_sql()):
                conn.execute(statement)
            rebuild_footprints(conn)
    if version < 5:
        for statement in _statements(_CLAIMS):
            conn.execute(statement)
        added.append("claims, conflicts")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    notices.append(f"upgraded {p} from store schema {version} to {SCHEMA_VERSION} (new "
                   f"tables: {', '.join(added)})")


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one by one (``executescript`` would commit the
    transaction they belong to)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


def _convert(p: Path, notices: list[str]) -> None:
    """Turn a gzip-JSON store into an SQLite one, in place (atomically)."""
    real = Path(os.path.realpath(p))
    kg = loads(real.read_bytes(), str(p))
    tmp = real.with_name(f".{real.name}.{os.getpid()}.new")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        os.chmod(tmp, real.stat().st_mode & 0o777)  # the mode the old store had
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            _init_schema(conn)
            conn.execute("BEGIN")
            _write(conn, kg, Snapshot(), whole=True)
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(tmp, real)
    except sqlite3.Error as exc:
        raise _describe(p, exc, writing=True) from None
    except OSError as exc:
        raise StoreError(f"cannot write {p}: {exc.strerror}") from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{tmp}{suffix}")
    notices.append(f"converted {p} from the old gzip-JSON store to SQLite "
                   f"({kg.nx.number_of_nodes():,} nodes, {kg.nx.number_of_edges():,} edges)")


class StoreAppeared(Exception):
    """Another process made a store at the path while this one built a new store for it
    (:func:`writing` with ``fresh``): nothing was written; do the write again, into the
    store that is there now."""


@contextlib.contextmanager
def writing(path: str | os.PathLike[str] | None = None,
            notices: list[str] | None = None, *, fresh: bool = False) -> Iterator[Writer]:
    """One write transaction on the store (created if missing): all of it or nothing.

    A second writer waits for the first; the transaction is committed when the block
    ends and rolled back if it raises.

    With ``fresh``, a store that is missing is built whole beside its path and linked
    into place when the block ends (:func:`_building`): no empty store is seen at the
    path meanwhile, none is left if the block raises, and its pages are written once
    rather than to a WAL and then to the file. If another process made the store in the
    meantime, :class:`StoreAppeared` is raised and nothing is written.
    """
    p = store_path(path)
    notices = notices if notices is not None else []
    kind = _kind(p)
    _clean_stale(p)
    if kind == "missing":
        if not p.parent.is_dir():
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {p}: {exc.strerror}") from None
        if fresh:
            with _building(p, notices) as w:
                yield w
            return
        _create(p)
    elif kind == "legacy":
        _convert(p, notices)
    conn = None
    try:
        conn = _connect(p)
        _check(conn, p)
        # a whole landscape's rows go into indexes of a file of hundreds of MB: SQLite's
        # default page cache (2 MB) would write and re-read the same index pages many times
        conn.execute(f"PRAGMA cache_size = -{_WRITE_CACHE_KB}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            _upgrade(conn, p, notices)
            yield Writer(conn, p, notices)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise _describe(p, exc, writing=True) from None
    finally:
        if conn is not None:
            conn.close()


# -- the public API -----------------------------------------------------------------------
def load(path: str | os.PathLike[str] | None = None, *, missing_ok: bool = False) -> Any:
    """Load a store (``path``, $LSPGRAPH_STORE or ./lspgraph.store) as a KnowledgeGraph.

    With ``missing_ok`` a store that does not exist yet loads as an empty graph.
    """
    from .model import KnowledgeGraph

    p = store_path(path)
    kind = _kind(p)
    if kind == "missing":
        if missing_ok:
            return KnowledgeGraph()
        raise StoreError(f"no store at {p} (build one with 'lspgraph import' or "
                         "'lspgraph demo', or name it with --store)")
    if kind == "legacy":
        return _hold(loads(p.read_bytes(), str(p)))
    with _reading(p) as conn:
        kg = _read(conn)[0]
    kg.embedding_cache = EmbeddingCache(p)
    return _hold(kg)


class EmbeddingCache:
    """Sentence embeddings kept in the store beside the graph, keyed by the model and the
    SHA-256 of the text (the duplicates question's ``semantic`` method). A store that
    cannot be written (a read-only folder) just embeds again next time."""

    def __init__(self, path: Path):
        self.path = path

    def cached_vectors(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """The vectors the store holds for ``model`` among ``keys``."""
        found: dict[str, bytes] = {}
        try:
            with _reading(self.path) as conn:
                if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'embeddings'"
                                    ).fetchone():
                    return found
                for start in range(0, len(keys), 900):
                    chunk = keys[start:start + 900]
                    found.update(conn.execute(
                        "SELECT text_sha256, vector FROM embeddings WHERE model = ? AND "
                        f"text_sha256 IN ({','.join('?' * len(chunk))})", (model, *chunk)))
        except StoreError:
            return {}
        return found

    def keep_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        """Add ``vectors`` of ``model`` to the store (one transaction; nothing on failure)."""
        conn = None
        try:
            conn = _connect(self.path)
            _check(conn, self.path)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(_EMBEDDINGS)
            conn.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?, ?)",
                             ((model, k, v) for k, v in vectors.items()))
            conn.execute("COMMIT")
        except (sqlite3.Error, StoreError):
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
        finally:
            if conn is not None:
                conn.close()


_AROUND = """
WITH RECURSIVE
    seeds(id) AS (SELECT target FROM edges WHERE type = 'COVERS'
                  UNION SELECT value FROM json_each(?1)),
    down(id) AS (SELECT id FROM seeds
                 UNION SELECT e.source FROM edges e JOIN down d ON e.target = d.id
                 WHERE e.type = 'WITHIN'),
    up(id) AS (SELECT id FROM down
               UNION SELECT e.target FROM edges e JOIN up u ON e.source = u.id
               WHERE e.type = 'WITHIN')
SELECT id FROM nodes WHERE type != 'Area' UNION SELECT id FROM up"""


def _json(values: Iterable[Any]) -> str:
    """Values as a JSON array, as SQLite's json_each reads a list of ids or types."""
    return orjson.dumps(list(values)).decode()


def _has_footprints(conn: sqlite3.Connection) -> bool:
    """Whether the store's schema has the footprints table (version 3 on)."""
    return conn.execute("PRAGMA user_version").fetchone()[0] >= 3


def _whole(conn: sqlite3.Connection, p: Path) -> Any:
    """The whole graph, with its embedding cache: what a partial load gives on a store that
    cannot be read in part."""
    kg = _read(conn)[0]
    kg.embedding_cache = EmbeddingCache(p)
    return _hold(kg)


_FOOTPRINT_AREAS = """
SELECT node, area, population FROM footprints WHERE node IN (SELECT value FROM json_each(?))"""


def load_around(path: str | os.PathLike[str] | None = None,
                areas: Iterable[str] = ()) -> Any:
    """The landscape with the geography around it, not every area in the store.

    That is every node that is not an area, the areas its bodies cover and ``areas`` (ids),
    every area within those, every area any of them lies within, and the edges among all
    these; ``kg.footprints`` holds the footprints of every area loaded, from the store's
    table, and of every body (the union of its COVERS targets'), so that a footprint is
    whole even where the areas beneath it were not loaded.
    A store without that table (an old one, not yet written to) loads whole.
    """
    p = store_path(path)
    if _kind(p) != "sqlite":
        return load(p)
    with _reading(p) as conn:
        if not _has_footprints(conn):
            return _whole(conn, p)
        kg, _ = _read(conn, _AROUND, (_json(sorted(set(areas))),))
        table: dict[str, list[tuple[str, Any]]] = {}
        for node, area, people in conn.execute(_FOOTPRINT_AREAS, (_json(kg.nx),)):
            table.setdefault(node, []).append((area, people))
    bodies: dict[str, dict[str, Any]] = {}
    for u, v, k in kg.nx.edges(keys=True):
        if k == "COVERS" and v in table:
            bodies.setdefault(u, {}).update(table[v])
    table.update((u, list(rows.items())) for u, rows in bodies.items())
    kg.footprints = table
    kg.embedding_cache = EmbeddingCache(p)
    return _hold(kg)




_FOOTPRINT_BODIES = """
SELECT e.source, f.area, f.population FROM edges e JOIN footprints f ON f.node = e.target
JOIN nodes n ON n.id = e.source
WHERE e.type = 'COVERS' AND e.source IN (SELECT value FROM json_each(?)) AND n.type != 'Area'"""
# the WITHIN edges from finest areas (?1) to areas of the kinds ?2, found from those areas
_PARENTS = """
SELECT id, target FROM edges WHERE type = 'WITHIN' AND target IN (
    SELECT id FROM nodes WHERE type = 'Area'
    AND json_extract(props, '$.kind') IN (SELECT value FROM json_each(?2)))
AND +source IN (SELECT value FROM json_each(?1))"""


# the edges from strategies, themes and objectives down to the nodes ?1 (nodes whose scope
# is missing), at any depth, with the nodes they come from
_PLANS = """
WITH RECURSIVE below(id) AS (
    SELECT value FROM json_each(?1)
    UNION SELECT e.source FROM edges e JOIN below b ON e.target = b.id
    JOIN nodes p ON p.id = e.source WHERE p.type IN ('Strategy', 'Theme', 'Objective'))
SELECT e.id, e.source FROM edges e JOIN below b ON e.target = b.id
JOIN nodes p ON p.id = e.source WHERE p.type IN ('Strategy', 'Theme', 'Objective')"""


def load_part(path: str | os.PathLike[str] | None = None, *, types: Iterable[str] = (),
              kinds: Iterable[str] = (), ids: Iterable[str] = (),
              edges: Iterable[str] = (), footprints: bool = False,
              parents: Iterable[str] = (), plans: bool = False, provenance: bool = True,
              edge_provenance: bool = True) -> Any:
    """Only the part of the store a question reads, chosen in SQL.

    The nodes of ``types``, the nodes whose ``kind`` is one of ``kinds`` (areas, bodies,
    plans), the nodes ``ids`` names, and the edges of the types ``edges`` among them. With
    ``footprints``, ``kg.footprints`` holds each loaded node's footprint from the store's
    table (an area's rows; a body's: the union of its COVERS targets' rows), and each
    finest area of those footprints is loaded too, with the WITHIN edges to the areas of
    ``parents`` kinds it lies directly within and those areas (with their own footprints):
    what the coterminosity question groups its evidence by. With ``plans``, each loaded
    node whose scope (the plan it belongs to) is missing comes with every strategy, theme
    and objective above it, at any depth, and the edges from those down to it: the walk
    :func:`lspgraph.queries.common.strategy_of` makes. Without ``provenance`` no node or
    edge carries its sources or claims; without ``edge_provenance`` no edge does. A store
    of lspgraph 0.x, or of a schema before the footprints table, loads whole.

    Returns
    -------
    KnowledgeGraph
        The part, with the store's sources, the claims of its nodes and the embedding
        cache, as :func:`load` gives them.
    """
    p = store_path(path)
    if _kind(p) != "sqlite":
        return load(p)
    with _reading(p) as conn:
        if footprints and not _has_footprints(conn):
            return _whole(conn, p)
        scope: dict[str, str | None] = {}  # each chosen node's scope
        for sql, values in (("type IN", types), ("id IN", ids),
                            ("json_extract(props, '$.kind') IN", kinds)):
            if values:  # an empty list would still scan the table
                scope.update(conn.execute(
                    f"SELECT id, scope FROM nodes WHERE {sql} (SELECT value FROM json_each(?))",
                    (_json(values),)))
        chosen = set(scope)
        table: dict[str, list[tuple[str, Any]]] = {}
        also: list[int] = []
        if footprints:
            table = _footprint_table(conn, chosen)
            leaves = {a for rows in table.values() for a, _ in rows}
            above = conn.execute(_PARENTS, (_json(leaves), _json(parents))).fetchall()
            more = {a for _, a in above} - chosen
            table.update(_footprint_table(conn, more))
            chosen |= leaves | more
            also = [e for e, _ in above]
        if plans:
            elsewhere = {sc for sc in scope.values() if sc is not None and sc not in chosen}
            elsewhere &= {r[0] for r in conn.execute(
                "SELECT id FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                (_json(elsewhere),))} if elsewhere else set()
            start = [n for n, sc in scope.items()
                     if sc is None or (sc not in chosen and sc not in elsewhere)]
            above = conn.execute(_PLANS, (_json(start),)).fetchall() if start else []
            chosen.update(u for _, u in above)
            also += [e for e, _ in above]
        kg, _ = _read(conn, "SELECT value FROM json_each(?)", (_json(chosen),),
                      edge_types=edges, also_edges=also, provenance=provenance,
                      edge_provenance=edge_provenance)
    if footprints:
        kg.footprints = table
    kg.embedding_cache = EmbeddingCache(p)
    return _hold(kg)


def _footprint_table(conn: sqlite3.Connection, nodes: Iterable[str]
                     ) -> dict[str, list[tuple[str, Any]]]:
    """The footprints of ``nodes`` from the store's table, as ``kg.footprints`` holds them:
    an area's own rows, a body's the union of its COVERS targets' rows."""
    table: dict[str, list[tuple[str, Any]]] = {}
    ids = _json(nodes)
    for node, area, people in conn.execute(_FOOTPRINT_AREAS, (ids,)):
        rows = table.get(node)
        if rows is None:
            table[node] = [(area, people)]
        else:
            rows.append((area, people))
    bodies: dict[str, dict[str, Any]] = {}
    for node, area, people in conn.execute(_FOOTPRINT_BODIES, (ids,)):
        bodies.setdefault(node, {})[area] = people
    table.update((node, list(rows.items())) for node, rows in bodies.items())
    return table


def summary(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Counts of nodes and edges by type, and the sources, without loading the graph."""
    from ..schemas import load_schema

    p = store_path(path)
    if _kind(p) != "sqlite":
        kg = load(p)
        return {"nodes": kg.counts(), "edges": kg.edge_counts(), "sources": kg.sources}
    schema = load_schema()
    with _reading(p) as conn:
        nodes = dict(conn.execute("SELECT type, count(*) FROM nodes GROUP BY type"))
        edges = dict(conn.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        sources = _read_sources(conn)
    return {"nodes": {t: nodes[t] for t in schema.node_types if nodes.get(t)},
            "edges": {t: edges[t] for t in schema.edge_types if edges.get(t)},
            "sources": sources}


def find(path: str | os.PathLike[str] | None, text: str,
         types: tuple[str, ...] | None = None) -> list[str]:
    """Ids of the nodes ``text`` names (as :meth:`KnowledgeGraph.find`), answered by SQL."""
    from .ids import identity_key, is_ons_code

    p = store_path(path)
    if _kind(p) != "sqlite":
        return load(p).find(text, types)
    text = text.strip()
    wanted = ("" if types is None else
              f" AND type IN ({', '.join('?' * len(types))})")
    args = tuple(types or ())
    with _reading(p) as conn:
        for node_id in (text, f"area:{text.upper()}" if is_ons_code(text) else None):
            if node_id and conn.execute(f"SELECT 1 FROM nodes WHERE id = ?{wanted}",
                                        (node_id, *args)).fetchone():
                return [node_id]
        rows = conn.execute(
            f"SELECT id FROM nodes WHERE id IN (SELECT node FROM names WHERE key = ?){wanted} "
            "ORDER BY id", (identity_key(text), *args))
        return [r[0] for r in rows]


def neighbourhood(path: str | os.PathLike[str] | None, node_id: str) -> Any:
    """A KnowledgeGraph of one node, its neighbours and the edges between them."""
    p = store_path(path)
    if _kind(p) != "sqlite":
        return load(p)
    with _reading(p) as conn:
        return _read(conn, "SELECT ? UNION SELECT target FROM edges WHERE source = ? "
                           "UNION SELECT source FROM edges WHERE target = ?",
                     (node_id, node_id, node_id))[0]


def is_old_store(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file that begins as a store of lspgraph 0.x does (gzip)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(2) == GZIP_MAGIC
    except OSError:
        return False


def import_old(old: str | os.PathLike[str], path: str | os.PathLike[str] | None = None,
               notices: list[str] | None = None) -> tuple[Path, Any, Changes | None]:
    """Bring the graph of an old gzip-JSON store into the SQLite store at ``path`` (created
    if missing): its nodes, edges, provenance and sources as they were, in one transaction.

    The store must be new or empty (an old store is a whole graph, not one more source);
    naming the old store itself converts it in place. Returns the store's path, the old
    graph, and what the write changed (None for a conversion in place).
    """
    src = Path(old)
    kg = loads(src.read_bytes(), str(src)) if src.is_file() else None
    if kg is None:
        raise StoreError(f"no old store at {src}")
    p = store_path(path)
    if p.exists() and os.path.samefile(p, src):
        with writing(p, notices):
            pass  # its first write converts it (and says so)
        return p, kg, None
    with writing(p, notices) as w:
        held = w.conn.execute("SELECT (SELECT count(*) FROM nodes) + "
                              "(SELECT count(*) FROM sources)").fetchone()[0]
        if held:
            raise StoreError(f"{p} already holds a graph; an old store is imported into a "
                             "new or empty store (name one with --store), or converted in "
                             f"place with --store {src}")
        changes = w.write(kg)
    return p, kg, changes


def save(kg: Any, path: str | os.PathLike[str] | None = None) -> Path:
    """Make the store hold exactly ``kg``, in one transaction (only changed rows written)."""
    p = store_path(path)
    with writing(p) as w:
        w.write(kg)
    return p


def dump_json(kg: Any, out: IO[bytes]) -> None:
    """The graph as deterministic JSON, one node or edge a line (for diffs and git)."""
    g = kg.nx
    opt = orjson.OPT_SORT_KEYS

    def line(obj: Any) -> bytes:
        return orjson.dumps(obj, option=opt)

    out.write(b'{"format": "lspgraph-json", "version": 1,\n "sources": {')
    for i, name in enumerate(sorted(kg.sources)):
        out.write(b"," if i else b"")
        out.write(b"\n  " + line(name) + b": " + line(kg.sources[name]))
    out.write(b'\n },\n "nodes": [')
    for i, node_id in enumerate(sorted(g.nodes)):
        data = g.nodes[node_id]
        obj = {"id": node_id, "type": data["type"], "scope": data.get("scope"),
               "props": {k: v for k, v in data.items() if k not in SYSTEM_KEYS},
               "provenance": [o.as_list() for o in data.get("provenance", [])]}
        out.write((b"," if i else b"") + b"\n  " + line(obj))
    out.write(b'\n ],\n "edges": [')
    for i, (u, v, k) in enumerate(sorted(g.edges(keys=True))):
        data = g.edges[u, v, k]
        obj = {"source": u, "target": v, "type": k,
               "props": {a: b for a, b in data.items() if a != "provenance"},
               "provenance": [o.as_list() for o in data.get("provenance", [])]}
        out.write((b"," if i else b"") + b"\n  " + line(obj))
    out.write(b"\n ]\n}\n")


# -- the gzip-JSON format of earlier versions ------------------------------------------
def dumps(kg: Any) -> bytes:
    """``kg`` in the gzip-JSON format of earlier versions (deterministic bytes: equal graphs
    give equal bytes, which tests use to compare graphs)."""
    g = kg.nx
    files: dict[str, int] = {}

    def prov(entries: Iterable[Any]) -> list[list[Any]]:
        out = []
        for e in entries:
            row = _prov_entry(_prov_row(e)).as_list()
            out.append([files.setdefault(row[0], len(files)), *row[1:]])
        return out

    nodes = []
    for node_id in sorted(g.nodes):
        data = g.nodes[node_id]
        props = {k: v for k, v in data.items() if k not in SYSTEM_KEYS}
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


def loads(data: bytes, name: str = "store") -> Any:
    """A KnowledgeGraph from the bytes of a gzip-JSON store of earlier versions."""
    import networkx as nx

    from .model import KnowledgeGraph

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
                    "provenance": [Origin.from_list([files[p[0]], *p[1:]]) for p in n[4]]})
            for n in doc["nodes"]
        )
        g.add_edges_from(
            (e[0], e[1], e[2], {**e[3], "provenance": [Origin.from_list([files[p[0]], *p[1:]])
                                                       for p in e[4]]})
            for e in doc["edges"]
        )
    kg = KnowledgeGraph(g)
    kg.sources = doc.get("sources", {})
    return kg
