"""The importer registry: a format by name, by file suffix, or sniffed from the file's start.

Each importer is one module with one ``read(path, **options)`` function that yields
node and edge records (:mod:`lspgraph.graph.records`); it never touches the graph.
Built-in importers register on first use; others can register through the
``lspgraph.importers`` entry-point group.

>>> sorted(formats())[:4]
['csv', 'document', 'geojson', 'json']
>>> for_path("actions.CSV").name
'csv'
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from ..graph.errors import UnknownFormat
from ..graph.records import EdgeRecord, NodeRecord
from .base import Notice

__all__ = ["Importer", "Notice", "Record", "for_path", "formats", "get", "read", "register"]

BUILTIN = ("csv", "document", "geojson", "ons", "rdf", "xlsx", "yaml")
log = logging.getLogger("lspgraph.importers")
if os.environ.get("LSPGRAPH_TRACE"):
    logging.basicConfig(level=logging.DEBUG)

Record = NodeRecord | EdgeRecord | Notice
ReadFn = Callable[..., Iterable[Record]]


@dataclass(frozen=True)
class Importer:
    name: str
    read: ReadFn
    suffixes: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None
    description: str = ""


_REGISTRY: dict[str, Importer] = {}
_loaded = False


def register(name: str, *, suffixes: tuple[str, ...] = (),
             sniff: Callable[[bytes], bool] | None = None,
             description: str = "") -> Callable[[ReadFn], ReadFn]:
    """Register ``read`` as the importer for format ``name`` (and these suffixes)."""

    def deco(fn: ReadFn) -> ReadFn:
        _REGISTRY[name] = Importer(name, fn, tuple(s.lower() for s in suffixes), sniff,
                                   description or (fn.__doc__ or "").strip().splitlines()[0])
        return fn

    return deco


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in BUILTIN:
        importlib.import_module(f"{__package__}.{mod}")
    for ep in entry_points(group="lspgraph.importers"):
        log.debug("loading importer plugin %s", ep.name)
        ep.load()


def formats() -> list[str]:
    """Names of every registered format."""
    _load()
    return sorted(_REGISTRY)


def get(name: str) -> Importer:
    _load()
    log.debug("importer look-up: %s", name)
    try:
        return _REGISTRY[name.lower()]
    except KeyError:
        raise UnknownFormat(f"no importer for '{name}'; known: {', '.join(formats())}") from None


def for_path(path: str | os.PathLike[str]) -> Importer:
    """The importer for a file: by its suffix, else by sniffing its first bytes."""
    _load()
    p = Path(path)
    suffix = p.suffix.lower()
    for imp in _REGISTRY.values():
        if suffix in imp.suffixes:
            return imp
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        head = b""
    for imp in _REGISTRY.values():
        if imp.sniff and imp.sniff(head):
            return imp
    raise UnknownFormat(f"{p}: cannot tell its format from its name or contents; "
                        f"name it with --format ({', '.join(formats())})")


def read(path: str | os.PathLike[str], format: str | None = None,
         **options: Any) -> Iterator[Record]:
    """Records from one file, through the importer for ``format`` or for its name."""
    imp = get(format) if format else for_path(path)
    yield from imp.read(Path(path), **options)
