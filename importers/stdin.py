"""Standard input as a file: ``lspgraph import -`` (and ``validate -``) read what is piped in.

Importers read paths, so the bytes are spooled into a temporary file whose suffix says
their format: the one ``--format`` names, else the one their first bytes show (a PDF, a
workbook, JSON-LD, Turtle...), asked of the importers' own sniffers as for a file whose
suffix names no format. What it cannot tell is refused with a message that asks
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
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..graph.errors import UnknownFormat

__all__ = ["DASH", "SOURCE", "sniff_suffix", "spooled"]

DASH = "-"  # the path that means standard input (or output)
SOURCE = "<stdin>"  # how records read from standard input name their source


def sniff_suffix(data: bytes) -> str | None:
    """The file suffix that ``data``'s first bytes show, or None when they show none: the
    importers' own sniffers answer (:func:`lspgraph.importers.registry.sniff`), as they do
    for a file whose suffix names no format."""
    from .registry import sniff

    found = sniff(data)
    return found[1] if found else None


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
