"""Limits on what one input file may cost, checked before the expensive parse.

A hostile or broken file must not hang lspgraph, fill its memory or make it reach the
network. Each reader checks the few numbers that bound its work (nesting depth, YAML
aliases, zip members' sizes, a cell's length, XML entities) against the limits below and
refuses the file with an :class:`InputError` that names the file, the limit and how to
raise it: every limit can be raised with an environment variable
``LSPGRAPH_MAX_<NAME>`` (``LSPGRAPH_MAX_CELL_CHARS=500000``), because a real file could
need more than the default.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from .errors import InputError

__all__ = ["LIMITS", "Limit", "check_depth", "check_yaml", "check_zip", "exceeded", "limit",
           "loads_json"]


@dataclass(frozen=True)
class Limit:
    """One limit: its default value and what it counts (for the message)."""

    default: int
    counts: str


LIMITS: dict[str, Limit] = {
    "depth": Limit(100, "levels of nesting"),
    "yaml_nodes": Limit(1_000_000, "values once its YAML aliases (*name) are expanded"),
    "integer_digits": Limit(100, "digits in one number"),
    "cell_chars": Limit(131_072, "characters in one cell"),
    "zip_member_bytes": Limit(64 * 2**20, "bytes in one unpacked part of the file"),
    "zip_total_bytes": Limit(256 * 2**20, "bytes unpacked in all"),
    "xlsx_cells": Limit(5_000_000, "cells in the workbook"),
    "pdf_pages": Limit(2_000, "pages"),
    "pdf_text_operators": Limit(100_000, "pieces of text on one page (Tj/TJ)"),
    "sparql_seconds": Limit(30, "seconds for one SPARQL query"),
    "xml_references": Limit(100_000, "XML character or entity references"),
}


def limit(name: str) -> int:
    """The limit ``name`` in force: ``LSPGRAPH_MAX_<NAME>`` from the environment, or its
    default."""
    value = os.environ.get(f"LSPGRAPH_MAX_{name.upper()}")
    if value:
        try:
            return int(value.replace("_", "").replace(",", ""))
        except ValueError:
            pass
    return LIMITS[name].default


def exceeded(path: Any, name: str, found: int | None = None, where: str | None = None
             ) -> InputError:
    """The error for a file over the limit ``name`` (``found`` when it was counted)."""
    n = limit(name)
    seen = f"{found:,} " if found is not None else "more than "
    return InputError(str(path), where, None,
                      f"has {seen}{LIMITS[name].counts}, over lspgraph's limit of {n:,}; "
                      f"if the file is genuine, set LSPGRAPH_MAX_{name.upper()} to raise it")


def check_depth(path: Any, text: str) -> None:
    """Refuse JSON (or flow-style YAML) text nested deeper than the ``depth`` limit, by
    counting brackets outside strings: a linear scan before any parser recurses."""
    most = limit("depth")
    depth = 0
    in_string: str | None = None
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == in_string:
                in_string = None
        elif ch in "[{":
            depth += 1
            if depth > most:
                raise exceeded(path, "depth")
        elif ch in "]}":
            depth -= 1
        elif ch == '"':
            in_string = ch
    return None


def _int(path: Any):
    most = limit("integer_digits")

    def parse(digits: str) -> int:
        if len(digits.lstrip("-")) > most:
            raise exceeded(path, "integer_digits", len(digits.lstrip("-")))
        return int(digits)
    return parse


def loads_json(path: Any, text: str) -> Any:
    """``json.loads`` with the depth and number-size limits, and lone surrogates
    refused (they cannot be written back as UTF-8)."""
    check_depth(path, text)
    try:
        data = json.loads(text, parse_int=_int(path))
    except RecursionError:
        raise exceeded(path, "depth") from None
    _no_surrogates(path, data)
    return data


def _no_surrogates(path: Any, data: Any) -> None:
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            try:
                x.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(str(path), None, None,
                                 f"has a lone surrogate escape (\\u{ord(x[_bad(x)]):04x}) in "
                                 f"the text {x[:40]!r}: not a character") from None
        elif isinstance(x, dict):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)


def _bad(text: str) -> int:
    return next(i for i, c in enumerate(text) if 0xD800 <= ord(c) <= 0xDFFF)


_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*")


def check_yaml(path: Any, text: str) -> None:
    """Refuse YAML (or JSON) that would cost more to build than it looks: nested deeper than
    the ``depth`` limit, more values than ``yaml_nodes`` once aliases are expanded (an
    alias bomb: each alias repeats a whole anchored tree), a number longer than
    ``integer_digits``, or a lone surrogate escape. Walks pyyaml's event stream, which
    neither recurses nor expands aliases; syntax errors are left to the loader."""
    import yaml

    most_depth, most_nodes = limit("depth"), limit("yaml_nodes")
    most_digits = limit("integer_digits")
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, values inside] per open collection
    total = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.CollectionStartEvent):
                stack.append([ev.anchor, 1])
                if len(stack) - 1 > most_depth:
                    raise exceeded(path, "depth", where=f"line {ev.start_mark.line + 1}")
                continue
            if isinstance(ev, yaml.CollectionEndEvent):
                anchor, n = stack.pop()
                if anchor:
                    sizes[anchor] = n
                stack[-1][1] += n
                continue
            if isinstance(ev, yaml.AliasEvent):
                n = sizes.get(ev.anchor, 1)
            elif isinstance(ev, yaml.ScalarEvent):
                n = 1
                value = ev.value
                if ev.anchor:
                    sizes[ev.anchor] = 1
                if ev.implicit[0] and len(value) > most_digits and _DIGITS.fullmatch(value):
                    raise exceeded(path, "integer_digits", len(value.strip("+-")),
                                   where=f"line {ev.start_mark.line + 1}")
                if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
                    raise InputError(str(path), f"line {ev.start_mark.line + 1}", None,
                                     "has a lone surrogate escape: not a character")
            else:
                continue
            stack[-1][1] += n
            total += n
            if total > most_nodes or stack[-1][1] > most_nodes:
                raise exceeded(path, "yaml_nodes")
    except yaml.YAMLError:
        return  # the loader reports it, with its line


def check_zip(path: Any, data: Any = None) -> None:
    """Refuse a zip container (.xlsx, .docx) whose parts unpack to more than the
    ``zip_member_bytes`` limit each or ``zip_total_bytes`` in all, from the sizes its
    directory declares (Python's zipfile never yields more than a part declares)."""
    import zipfile

    try:
        with zipfile.ZipFile(data if data is not None else path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says so
    most, most_total = limit("zip_member_bytes"), limit("zip_total_bytes")
    total = 0
    for info in infos:
        if info.file_size > most:
            raise exceeded(path, "zip_member_bytes", info.file_size, where=info.filename)
        total += info.file_size
    if total > most_total:
        raise exceeded(path, "zip_total_bytes", total)
