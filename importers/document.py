"""Documents (.pdf, .docx, .txt, .html): what ``lspgraph extract`` finds, imported directly.

The document is read into the text model (:mod:`lspgraph.documents`), the rule-based
extractors run over it, and their findings become the same template rows that
``lspgraph extract --format yaml`` prints (:mod:`lspgraph.documents.sections`); from there
the shared record builder applies the identity rules, and every record carries the passage
it came from.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..graph.records import EdgeRecord, NodeRecord
from . import register
from .base import Notice
from .tabular import match_template, rows_to_records

__all__ = ["read", "sniff"]


def sniff(head: bytes) -> str | None:
    """A PDF (``%PDF-``), a Word file (a zip of ``word/`` parts) or an HTML page, from a
    file's first bytes (plain text has no signature: name it .txt, or --format document).

    >>> sniff(b"%PDF-1.7"), sniff(b"<!DOCTYPE html><html>"), sniff(b"Minutes")
    ('.pdf', '.html', None)
    """
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in head else None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if text.startswith((b"<!doctype html", b"<html")) or (text[:1] == b"<"
                                                          and b"<body" in text):
        return ".html"
    return None


@contextlib.contextmanager
def _by_content(path: Path) -> Iterator[Path]:
    """``path``, or when its suffix names no document kind (a PDF saved as ``.dat``) a link
    to it named for what its first bytes show: documents are read by their suffix."""
    if path.suffix.lower() in SUFFIXES:
        yield path
        return
    with open(path, "rb") as fh:
        shown = sniff(fh.read(65536))
    if shown is None:
        yield path  # read as text
        return
    with tempfile.TemporaryDirectory(prefix="lspgraph-doc-") as folder:
        link = Path(folder) / (path.stem + shown)
        link.symlink_to(path.resolve())
        yield link


SUFFIXES = (".pdf", ".docx", ".txt", ".text", ".md", ".html", ".htm")


@register("document", suffixes=SUFFIXES, sniff=sniff)
def read(path: Path) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """Documents: minutes, reports, action plans and slides, by the extraction rules."""
    from ..documents import read as read_document
    from ..documents.extract import extract
    from ..documents.sections import columns, to_sections

    with _by_content(path) as readable:
        found = extract(read_document(readable))
    for section, rows in to_sections(found).items():
        template = match_template(section)
        assert template is not None, section
        headers: list[object] = list(columns(rows))
        located = [(f"line {row['passage']['line']}" if "passage" in row else section, row)
                   for row in rows]
        yield from rows_to_records(template, headers, located, str(path))
