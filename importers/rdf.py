"""lspgraph's own RDF read back (Turtle, JSON-LD, N-Triples, RDF/XML, TriG).

Subjects with an ``lsp:id`` become nodes of the type their ``rdf:type`` names in the
schema; predicates become properties and edges through the same schema terms that the RDF
output (:mod:`lspgraph.outputs.rdf`) writes with, so export then import gives the same graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..graph.errors import InputError
from ..graph.records import EdgeRecord, NodeRecord, Origin
from . import register
from .base import Notice

__all__ = ["read", "sniff"]


_RDF_XML = re.compile(rb"<rdf:RDF|xmlns:rdf=|http://www\.w3\.org/1999/02/22-rdf-syntax-ns#")
_TURTLE = re.compile(rb"^(@prefix|@base|prefix\s|base\s|<[^>\s]*>\s*<|_:\S+\s*<)", re.I)


def sniff(head: bytes) -> str | None:
    """Turtle or N-Triples (``.ttl``: a prefix or a first triple), JSON-LD (``.jsonld``:
    JSON with ``@context`` or ``@id``) or RDF/XML (``.rdf``), from a file's first bytes.

    >>> [sniff(b"@prefix lsp: <https://w3id.org/lspgraph/ns#> ."), sniff(b'{"@context": {}}')]
    ['.ttl', '.jsonld']
    >>> sniff(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"/>'), sniff(b"name,kind")
    ('.rdf', None)
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return ".jsonld" if b'"@context"' in head or b'"@id"' in head else None
    if _TURTLE.match(text):  # N-Triples too: <subject> <predicate> ...
        return ".ttl"
    if text[:1] == b"<" and _RDF_XML.search(head):
        return ".rdf"
    return None


SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf", ".xml", ".owl", ".trig", ".nq")


@register("rdf", suffixes=SUFFIXES, sniff=sniff)
def read(path: Path) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """RDF files written by lspgraph export (.ttl, .jsonld, .nt, .rdf/.xml, .trig, .nq);
    an earlier lspgraph's files too (its example.org namespace), with a notice."""
    from ..outputs import rdf, rdf_read  # here, not at the top: rdflib loads only for RDF

    syntax = None
    if path.suffix.lower() not in SUFFIXES:  # chosen by its first bytes: read as they show
        with open(path, "rb") as fh:
            syntax = sniff(fh.read(65536))
    try:
        graph = rdf.read_file(path, syntax)
    except InputError:
        raise
    except Exception as exc:  # rdflib raises many kinds for bad syntax
        raise InputError(str(path), None, None, f"is not valid RDF ({exc})") from None
    upgraded = rdf_read.upgrade_legacy(graph)
    if upgraded is not None:  # an earlier lspgraph's file: read in today's terms, and said so
        graph = upgraded
        yield Notice(Origin(str(path)), rdf_read.legacy_notice())
    n = 0
    for rec in rdf.from_rdf(graph, str(path)):
        n += 1
        yield rec
    if n == 0:
        raise InputError(str(path), None, None, "has no lspgraph nodes (subjects with lsp:id)")
