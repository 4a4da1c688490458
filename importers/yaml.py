"""YAML and JSON: a mapping of template names to lists of rows (or one list, named by the file).

    organisations:
      - name: Hertfordshire County Council
        kind: county_council
        covers: [E10000015]

Rows keep the line they start on, for error messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml as pyyaml

from ..graph.errors import InputError
from ..graph.limits import check_yaml, loads_json
from ..graph.records import EdgeRecord, NodeRecord
from . import register
from .base import Notice, decode
from .tabular import match_template, rows_to_records

__all__ = ["read", "read_json"]

_LINE = "__line__"


class _LineLoader(pyyaml.SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: pyyaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(pyyaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


_YAML_KEY = re.compile(rb"^(---\s*$|[A-Za-z_][\w ]*:(\s|$))")


def _sniff_json(head: bytes) -> str | None:
    """Any JSON object or array (asked after JSON-LD and GeoJSON, which are JSON too)."""
    return ".json" if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else None


def _sniff_yaml(head: bytes) -> str | None:
    """A first line that is a YAML key (``organisations:``) or a document start (``---``)."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return ".yaml" if _YAML_KEY.match(first) else None


def _parse(path: Path) -> Any:
    text = decode(path, path.read_bytes())
    check_yaml(path, text)  # depth, alias expansion, number size: before building anything
    try:
        return pyyaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except pyyaml.YAMLError as exc:
        if path.suffix.lower() == ".json":
            try:
                return loads_json(path, text)
            except json.JSONDecodeError as jexc:
                raise InputError(str(path), f"line {jexc.lineno}", None,
                                 f"is not valid JSON: {jexc.msg}") from None
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(str(path), where, None, f"is not valid YAML: {problem}") from None


def _rows(path: Path, section: str, items: Any) -> tuple[list[str], list[tuple[str, dict]]]:
    if not isinstance(items, list):
        raise InputError(str(path), None, section, "expected a list of rows")
    headers: list[str] = []
    rows = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(str(path), f"{section} item {i}", None, "expected a mapping")
        where = f"line {item[_LINE]}" if _LINE in item else f"{section} item {i}"
        row = {str(k): v for k, v in item.items() if k != _LINE}
        for k in row:
            if k not in headers:
                headers.append(k)
        rows.append((where, row))
    return headers, rows


@register("yaml", suffixes=(".yaml", ".yml"), sniff=_sniff_yaml, options=("template",))
def read(path: Path, template: str | None = None) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """YAML or JSON: sections named after templates, each a list of rows."""
    doc = _parse(path)
    if doc is None:
        raise InputError(str(path), None, None, "is empty")
    if isinstance(doc, list):
        doc = {template or path.stem: doc}
    if not isinstance(doc, dict):
        raise InputError(str(path), None, None, "expected a mapping of sections to rows")
    for section, items in doc.items():
        if section == _LINE:
            continue
        t = match_template(template or str(section))
        if t is None:
            raise InputError(str(path), None, str(section),
                             f"'{section}' is not a template name")
        headers, rows = _rows(path, str(section), items)
        # a key is a column: one the template does not read is named by its section
        yield from rows_to_records(t, headers, rows, str(path), f"section '{section}'")


@register("json", suffixes=(".json",), sniff=_sniff_json, options=("template",))
def read_json(path: Path, template: str | None = None
              ) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """JSON: the same layout as YAML (sections named after templates, lists of rows)."""
    return read(path, template)
