"""What importers produce and the graph consumes: node and edge records with their origin."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EdgeRecord", "NodeRecord", "Origin", "Ref"]


_TABLES = re.compile(r"\.(?:csv|tsv|xlsx|xlsm)\b", re.I)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from: a file, a row or line, and the passage a document gave it.

    ``source`` names the file (an xlsx sheet adds " sheet 'NAME'"); ``line`` is the row of a
    table or the line of a text, or a location in words ("line 12", "section item 3");
    ``start`` and ``end`` are character offsets of ``quote`` in the document's text. A node or
    edge keeps a sorted list of these as its ``provenance``; :meth:`cite` is how every output
    (``lspgraph show``, the view's tooltips, the report, the questions' evidence) writes one.

    >>> Origin("/data/organisations.csv", 12).cite()
    'organisations.csv, row 12'
    >>> o = Origin("minutes.pdf", 40, "The board agreed the plan.", 1200, 1226)
    >>> o.cite(quote=True)
    'minutes.pdf, line 40: “The board agreed the plan.”'
    >>> Origin.from_list(o.as_list()) == o
    True
    """

    source: str
    line: int | str | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def name(self) -> str:
        """The file's name, without its folder."""
        return self.source.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def unit(self) -> str:
        """'row' for a table (.csv, .tsv, .xlsx), 'line' for anything else."""
        return "row" if _TABLES.search(self.name) else "line"

    def where(self) -> str:
        """'organisations.csv, row 12', 'minutes.pdf, line 40' or just the file's name."""
        if self.line is None or self.line == "":
            return self.name
        if isinstance(self.line, str) and not self.line.isdigit():
            return f"{self.name}, {self.line}"
        return f"{self.name}, {self.unit} {self.line}"

    def cite(self, quote: bool = False) -> str:
        """:meth:`where`, and with ``quote`` the passage in curly quotes."""
        return self.where() + (f": “{self.quote}”" if quote and self.quote else "")

    def as_list(self) -> list[Any]:
        """``[source, line]``, or ``[source, line, start, end, quote]`` when there is a
        passage: the shape the store and the RDF ``lsp:source`` literal keep."""
        out: list[Any] = [self.source, self.line]
        if self.quote is not None or self.start is not None:
            out += [self.start, self.end, self.quote]
        return out

    @classmethod
    def from_list(cls, entry: list[Any] | tuple[Any, ...]) -> Origin:
        """The inverse of :meth:`as_list`."""
        source, line, *rest = entry
        start, end, quote = (list(rest) + [None, None, None])[:3]
        return cls(str(source), line, quote, start, end)

    def sort_key(self) -> tuple[str, ...]:
        """The order of a provenance list (numbers compared as numbers, as in the store)."""
        return tuple("" if x is None else str(x).zfill(12) for x in self.as_list())


@dataclass(eq=False)
class NodeRecord:
    """One node as a row describes it. ``props`` hold raw cell values (parsed on apply)."""

    type: str
    props: dict[str, Any]
    origin: Origin
    scope: Ref | None = None
    id: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # property -> column as written
    # the file being imported, when the origin names another place (an xlsx sheet, the
    # document a reviewed YAML quotes, the file an RDF import says a statement came from):
    # the source whose rank and claims the record carries
    file: str | None = None


@dataclass(eq=False)
class Ref:
    """A reference to another node by id, ONS code or name, as written in a cell.

    ``record`` points at a node of the same row instead. ``create`` names the type to
    create (marked inferred) when nothing matches; ``scope`` qualifies scoped names;
    ``area`` disambiguates generic names.
    """

    text: str = ""
    types: tuple[str, ...] = ()
    column: str | None = None
    create: str | None = None
    scope: Ref | None = None
    area: str | None = None
    record: NodeRecord | None = None


@dataclass(eq=False)
class EdgeRecord:
    type: str
    source: Ref
    target: Ref
    props: dict[str, Any]
    origin: Origin
    fields: dict[str, str] = field(default_factory=dict)
    file: str | None = None  # as NodeRecord.file
