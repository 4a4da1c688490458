"""Text from bytes, the way spreadsheets and word processors write it.

Shared by the importers (CSV, YAML) and the document readers, so it sits in the core below
both.

>>> decode("notes.txt", "caf\\u00e9".encode("cp1252"))
'café'
>>> decode("notes.txt", b"\\xef\\xbb\\xbfname")
'name'
"""

from __future__ import annotations

import os

from .errors import InputError

__all__ = ["decode", "from_spreadsheet", "to_spreadsheet"]


def decode(path: str | os.PathLike[str], data: bytes) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 bytes.

    Raises
    ------
    InputError
        Naming ``path``, for binary data or bytes that are neither encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _as(path, data, "utf-16", "not valid UTF-16 text")
    if b"\x00" in data[:4096]:
        raise InputError(str(path), None, None, "is a binary file, not text")
    try:
        return _no_nul(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    return _as(path, data, "cp1252", "neither UTF-8 nor Windows-1252 text")


def _as(path: str | os.PathLike[str], data: bytes, codec: str, what: str) -> str:
    try:
        return _no_nul(path, data.decode(codec))
    except UnicodeDecodeError as exc:
        raise InputError(str(path), None, None,
                         f"is {what} ({exc.reason} at byte {exc.start} of {len(data):,})") \
            from None


def _no_nul(path: str | os.PathLike[str], text: str) -> str:
    """``text``, unless it holds a NUL character (binary data past the first 4 KB, which
    would otherwise end up inside names)."""
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise InputError(str(path), f"line {line}", None,
                         "has a NUL byte: a binary file, or text damaged on the way")
    return text


# OWASP's CSV-injection rule: a spreadsheet runs a cell that starts with one of these as a
# formula ('=HYPERLINK(...)', '+cmd|...', '@SUM(...)'), so a CSV written for people to open
# starts such a cell with an apostrophe, which spreadsheets show as text and do not print.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def to_spreadsheet(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never runs: text starting with a
    formula character gets a leading apostrophe; anything else is returned as it is.

    >>> to_spreadsheet("=SUM(A1)"), to_spreadsheet("Kent"), to_spreadsheet(-5)
    ("'=SUM(A1)", 'Kent', -5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def from_spreadsheet(value: str) -> str:
    """The text :func:`to_spreadsheet` escaped, as it was (CSV importers read their own
    output back).

    >>> from_spreadsheet(to_spreadsheet("- item")), from_spreadsheet("'tis")
    ('- item', "'tis")
    """
    if value[:1] == "'" and value[1:2] and value[1:].startswith(_FORMULA):
        return value[1:]
    return value
