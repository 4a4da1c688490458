"""What importers produce and the graph consumes: node and edge records with their origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["EdgeRecord", "NodeRecord", "Origin", "Ref"]


@dataclass(frozen=True)
class Origin:
    """Where a record came from: a file and a row or line, optionally a quoted passage."""

    source: str
    line: int | str | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None

    def as_list(self) -> list[Any]:
        out: list[Any] = [self.source, self.line]
        if self.quote is not None or self.start is not None:
            out += [self.start, self.end, self.quote]
        return out


@dataclass(eq=False)
class NodeRecord:
    """One node as a row describes it. ``props`` hold raw cell values (parsed on apply)."""

    type: str
    props: dict[str, Any]
    origin: Origin
    scope: Ref | None = None
    id: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # property -> column as written


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
