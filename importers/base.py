"""What every importer shares: notices, and ``decode`` (from the core: graph/text.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph.records import Origin
from ..graph.text import decode

__all__ = ["Notice", "decode"]


@dataclass(frozen=True)
class Notice:
    """Something a person should know about the input that is not an error."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        where = self.origin.source + (f", row {self.origin.line}" if self.origin.line else "")
        return f"{where}: {self.message}"
