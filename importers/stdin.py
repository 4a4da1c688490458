"""Standard input as a file: ``lspgraph import -`` (and ``validate -``) read what is piped in.

Importers read paths, so the bytes are spooled into a temporary file whose suffix says
their format: the one ``--format`` names, else the one their first bytes show (a PDF, a
workbook, JSON-LD, Turtle...). What it cannot tell is refused with a message that asks
for ``--format``. Records read from it name their source ``<stdin>``.

>>> sniff_suffix(b"@prefix lsp: <https://w3id.org/lspgraph/> .")
'.ttl'
>>> sniff_suffix(b'{"@context": {}, "@graph": []}')
'.jsonld'
>>> sniff_suffix(b"name,kind\\nKent County Council,county_council\\n")
'.csv'
>>> sniff_suffix(b"organisations:\\n  - name: Kent County Council\\n")
'.yaml'
>>> sniff_suffix(b'<https://x.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <b> .')
'.ttl'
>>> sniff_suffix(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
'.rdf'
>>> sniff_suffix(b"Minutes of the meeting") is None
True
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..graph.errors import UnknownFormat

__all__ = ["DASH", "SOURCE", "sniff_suffix", "spooled"]

DASH = "-"  # the path that means standard input (or output)
SOURCE = "<stdin>"  # how records read from standard input name their source

_HEAD = 65536
_YAML_KEY = re.compile(rb"^(---\s*$|[A-Za-z_][\w ]*:(\s|$))")
_RDF_XML = re.compile(rb"<rdf:RDF|xmlns:rdf=|http://www\.w3\.org/1999/02/22-rdf-syntax-ns#")
_TURTLE = re.compile(rb"^(@prefix|@base|prefix\s|base\s|<[^>\s]*>\s*<|_:\S+\s*<)", re.I)


def sniff_suffix(data: bytes) -> str | None:
    """The file suffix that ``data``'s first bytes show, or None when they show none."""
    head = data[:_HEAD]
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if any(n.startswith("word/") for n in names):
            return ".docx"
        if any(n.startswith("xl/") for n in names):
            return ".xlsx"
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        if b'"@context"' in head or b'"@id"' in head:
            return ".jsonld"
        if b'"FeatureCollection"' in head.replace(b" ", b""):
            return ".geojson"
        return ".json"
    if text[:1] == b"<":
        lower = text[:2048].lower()
        if _TURTLE.match(text):  # N-Triples: <subject> <predicate> ...
            return ".ttl"
        if _RDF_XML.search(head):
            return ".rdf"
        if lower.startswith((b"<!doctype html", b"<html")) or b"<body" in lower:
            return ".html"
        return None
    first = text.split(b"\n", 1)[0]
    if _TURTLE.match(text):
        return ".ttl"
    if _YAML_KEY.match(first):
        return ".yaml"
    if b"," in first or b"\t" in first or b";" in first:
        return ".csv"
    return None


def _suffix(data: bytes, format: str | None) -> str:
    """The suffix to spool under: within what the ``format``'s importer reads, when given."""
    seen = sniff_suffix(data)
    if format:
        from .registry import get

        suffixes = get(format).suffixes
        if seen in suffixes or not suffixes:
            return seen or ""
        return ".txt" if ".txt" in suffixes else suffixes[0]
    if seen is None:
        from .registry import formats

        raise UnknownFormat(f"{SOURCE}: cannot tell the format of standard input from its "
                            f"first bytes; name it with --format ({', '.join(formats())})")
    return seen


@contextlib.contextmanager
def spooled(format: str | None = None, stream: BinaryIO | None = None) -> Iterator[Path]:
    """Standard input (or ``stream``) in a temporary file named for its format; removed
    after."""
    data = (stream or sys.stdin.buffer).read()
    suffix = _suffix(data, format)
    with tempfile.TemporaryDirectory(prefix="lspgraph-stdin-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        yield path
