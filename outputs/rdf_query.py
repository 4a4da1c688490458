"""SPARQL over the graph's RDF view, in pyoxigraph's store.

rdflib's SPARQL engine stopped being usable at about 145,000 triples (issue 21: the shipped
``actions_per_partnership.rq`` did not finish in 15 minutes on the national benchmark graph);
pyoxigraph answers the shipped queries in seconds there (``python -m bench.rdf``). A query
is parsed by rdflib first only to refuse what would reach outside the graph (``SERVICE``,
``FROM``); it is read-only because pyoxigraph's ``query`` runs no updates. The time limit
holds for queries that compute in Rust too: the query runs in a forked child that is
stopped when time is up.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.limits import limit
from ..schemas import load_schema
from . import rdf_limits
from .rdf_terms import XSD

__all__ = ["sparql"]

_NUMBERS = {XSD + t: int for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                   "unsignedInt", "unsignedLong", "byte")}
_NUMBERS.update({XSD + "double": float, XSD + "float": float, XSD + "decimal": float})


def _as_store(graph: Any) -> Any:
    """A pyoxigraph store from a store (``rdf.store(kg)``) or an rdflib Graph."""
    import pyoxigraph as ox

    if isinstance(graph, ox.Store):
        return graph
    from rdflib import BNode, URIRef

    def term(x: Any) -> Any:
        if isinstance(x, URIRef):
            return ox.NamedNode(str(x))
        if isinstance(x, BNode):
            return ox.BlankNode(str(x))
        if x.language:
            return ox.Literal(str(x), language=x.language)
        return ox.Literal(str(x), datatype=ox.NamedNode(str(x.datatype)) if x.datatype else None)

    out = ox.Store()
    out.bulk_extend(ox.Quad(term(s), term(p), term(o), ox.DefaultGraph()) for s, p, o in graph)
    return out


def _py(term: Any) -> Any:
    """A result term as a Python value: numbers and booleans as such, dates as written."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _NUMBERS:
            try:
                return _NUMBERS[dt](term.value)
            except ValueError:
                return term.value
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value  # strings, and dates as written ('2013-04-01', '2013')
    return term.value  # an IRI, or a blank node's id


def _answer(st: Any, query: str, prefixes: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    import pyoxigraph as ox

    result = st.query(query, prefixes=prefixes)
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[bool(result)]]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [[_py(t.subject), _py(t.predicate),
                                                     _py(t.object)] for t in result]
    cols = [v.value for v in result.variables]
    return cols, [[_py(row[c]) for c in cols] for row in result]


def sparql(graph: Any, query: str) -> tuple[list[str], list[list[Any]]]:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE): (columns, rows).

    ``graph`` is a pyoxigraph store (``lspgraph.outputs.rdf.store(kg)``) or an rdflib
    Graph; the schema's prefixes are declared. Dates come back as written, numbers as numbers.
    """
    from rdflib.plugins.sparql import prepareQuery

    prefixes = dict(load_schema().prefixes)
    try:
        prepared = prepareQuery(query, initNs=prefixes)
    except Exception as exc:
        raise LspGraphError(f"not a SPARQL query this can run read-only ({exc})") from None
    rdf_limits.check_query(prepared)
    st = _as_store(graph)
    seconds = limit("sparql_seconds")
    if seconds > 0 and hasattr(os, "fork"):
        return _forked(lambda: _answer(st, query, prefixes), seconds)
    return rdf_limits.run_query(lambda: _answer(st, query, prefixes))


def _forked(run: Any, seconds: int) -> tuple[list[str], list[list[Any]]]:
    """``run()`` in a forked child (the store is shared copy-on-write), its result pickled
    back; the child is killed when it runs longer than ``seconds``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, send, leave without running the parent's exit code
        os.close(read)
        try:
            payload = pickle.dumps(("ok", run()))
        except Exception as exc:  # pyoxigraph raises SyntaxError, OSError... for bad queries
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
        with os.fdopen(write, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(write)
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise LspGraphError(f"the SPARQL query ran for more than {seconds} s and was "
                                    "stopped; set LSPGRAPH_MAX_SPARQL_SECONDS to allow longer")
            chunk = os.read(read, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    if not chunks:
        raise LspGraphError("the SPARQL query failed while running: no answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        raise LspGraphError(f"the SPARQL query failed while running: {value}")
    return value
