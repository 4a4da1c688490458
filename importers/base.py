"""What every importer shares: decoding bytes the way spreadsheets write them, and notices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..graph.errors import InputError
from ..graph.records import Origin

__all__ = ["Notice", "decode"]


@dataclass(frozen=True)
class Notice:
    """Something a person should know about the input that is not an error."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        where = self.origin.source + (f", row {self.origin.line}" if self.origin.line else "")
        return f"{where}: {self.message}"


def decode(path: Path, data: bytes) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(str(path), None, None, "is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), None, None,
                         f"is neither UTF-8 nor Windows-1252 text ({exc.reason} at byte "
                         f"{exc.start})") from None
