"""Documents (.pdf, .docx, .txt, .html): what ``lspgraph extract`` finds, imported directly.

The document is read into the text model (:mod:`lspgraph.documents`), the rule-based
extractors run over it, and their findings become the same template rows that
``lspgraph extract --format yaml`` prints (:mod:`lspgraph.documents.sections`); from there
the shared record builder applies the identity rules, and every record carries the passage
it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..graph.records import EdgeRecord, NodeRecord
from . import register
from .base import Notice
from .tabular import match_template, rows_to_records

__all__ = ["read"]


@register("document", suffixes=(".pdf", ".docx", ".txt", ".text", ".md", ".html", ".htm"))
def read(path: Path) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """Documents: minutes, reports, action plans and slides, by the extraction rules."""
    from ..documents import read as read_document
    from ..documents.extract import extract
    from ..documents.sections import columns, to_sections

    found = extract(read_document(path))
    for section, rows in to_sections(found).items():
        template = match_template(section)
        assert template is not None, section
        headers: list[object] = list(columns(rows))
        located = [(f"line {row['passage']['line']}" if "passage" in row else section, row)
                   for row in rows]
        yield from rows_to_records(template, headers, located, str(path))
