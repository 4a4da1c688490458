"""lspgraph's own RDF read back (Turtle, JSON-LD, N-Triples, RDF/XML, TriG).

Subjects with an ``lsp:id`` become nodes of the type their ``rdf:type`` names in the
schema; predicates become properties and edges through the same schema terms that the RDF
output (:mod:`lspgraph.outputs.rdf`) writes with, so export then import gives the same graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..graph.errors import InputError
from ..graph.records import EdgeRecord, NodeRecord
from . import register

__all__ = ["read"]


@register("rdf", suffixes=(".ttl", ".jsonld", ".nt", ".rdf", ".xml", ".owl", ".trig", ".nq"))
def read(path: Path) -> Iterator[NodeRecord | EdgeRecord]:
    """RDF files written by lspgraph export (.ttl, .jsonld, .nt, .rdf/.xml, .trig, .nq)."""
    from ..outputs import rdf  # here, not at the top: rdflib loads only for RDF files

    try:
        graph = rdf.read_file(path)
    except InputError:
        raise
    except Exception as exc:  # rdflib raises many kinds for bad syntax
        raise InputError(str(path), None, None, f"is not valid RDF ({exc})") from None
    n = 0
    for rec in rdf.from_rdf(graph, str(path)):
        n += 1
        yield rec
    if n == 0:
        raise InputError(str(path), None, None, "has no lspgraph nodes (subjects with lsp:id)")
