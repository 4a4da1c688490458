"""One exception tree. Input errors are data: they name the file, the row or line, and the field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "InputError",
    "InputErrors",
    "LspGraphError",
    "OptionError",
    "SchemaError",
    "StoreError",
    "StoreLocked",
    "UnknownFormat",
]


class LspGraphError(Exception):
    """Base of every error lspgraph raises on purpose."""


@dataclass
class InputError(LspGraphError):
    """A problem in a user's file: where it is (file, row or line, field) and why."""

    path: str
    line: int | str | None
    field: str | None
    msg: str

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f", row {self.line}" if isinstance(self.line, int) else f", {self.line}"
        if self.field:
            where += f", column '{self.field}'"
        return f"{where}: {self.msg}"


class InputErrors(LspGraphError):
    """Several input errors at once: nothing was imported."""

    def __init__(self, errors: Iterable[InputError]):
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.errors)
        shown = self.errors[:20]
        lines = [f"{n} error{'s' if n != 1 else ''} in the input; nothing was imported:"]
        lines += [f"  {e}" for e in shown]
        if n > len(shown):
            lines.append(f"  ... and {n - len(shown)} more")
        return "\n".join(lines)


class OptionError(LspGraphError):
    """An option the chosen importer (or command) does not take: a usage error (exit 2)."""


class SchemaError(LspGraphError):
    """Something does not fit the domain model (unknown type, wrong endpoint...)."""


class UnknownFormat(LspGraphError):
    """No importer for a format name or file."""


class StoreError(LspGraphError):
    """The store file cannot be read or written."""


class StoreLocked(StoreError):
    """Another lspgraph process is writing the same store."""
