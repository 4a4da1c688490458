"""The importer registry: a format by name, by file suffix, or sniffed from the file's start.

Each importer is one module with one ``read(path, **options)`` function that yields
node and edge records (:mod:`lspgraph.graph.records`); it never touches the graph. It
declares the options ``read`` takes (an option it does not take is refused with
:class:`~lspgraph.graph.errors.OptionError`, naming it), and may decline a file its suffix
picked it for after looking inside (``accepts``): the next candidate is then tried, so the
ONS importer claims the ``.csv`` and ``.xlsx`` files whose columns are ONS codes and the
table importers read the rest. Built-in importers register on first use; others can
register through the ``lspgraph.importers`` entry-point group.

>>> sorted(formats())[:4]
['csv', 'document', 'geojson', 'json']
>>> for_path("actions.CSV").name
'csv'
>>> [imp.name for imp in candidates("lookup.csv")]
['ons', 'csv']
>>> get("ons").options
('population_column', 'levels')
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

from ..graph.errors import LspGraphError, OptionError, UnknownFormat
from ..graph.records import EdgeRecord, NodeRecord
from .base import Notice

__all__ = ["Importer", "Notice", "Record", "candidates", "for_path", "formats", "get", "read",
           "register", "sniff"]

BUILTIN = ("csv", "document", "geojson", "ons", "rdf", "xlsx", "yaml")
# the order importers are asked whether a file's first bytes are theirs: the surest
# signatures first (RDF's prefixes or JSON-LD's @context, a zip of xl/, PDF or a zip of
# word/, GeoJSON's FeatureCollection), then plugins', the loosest (any JSON, a YAML key, a
# comma in the first line) last
SNIFF_FIRST = ("rdf", "xlsx", "document", "geojson")
SNIFF_LAST = ("json", "yaml", "csv")
log = logging.getLogger("lspgraph.importers")
if os.environ.get("LSPGRAPH_TRACE"):
    logging.basicConfig(level=logging.DEBUG)

Record = NodeRecord | EdgeRecord | Notice
ReadFn = Callable[..., Iterable[Record]]


@dataclass(frozen=True)
class Importer:
    """A registered importer: its ``read``, the suffixes and first bytes it answers to, the
    options ``read`` takes, and ``accepts(path)``, which may decline a file after a look."""

    name: str
    read: ReadFn
    suffixes: tuple[str, ...] = ()
    sniff: Callable[[bytes], str | None] | None = None  # the suffix the first bytes show
    description: str = ""
    options: tuple[str, ...] = ()
    accepts: Callable[[Path], bool] | None = None

    def check_options(self, options: dict[str, Any], path: str | os.PathLike[str]) -> None:
        """Refuse options this importer does not take (a usage error, naming it)."""
        unknown = [k for k in options if k not in self.options]
        if unknown:
            flags = ", ".join("--" + k.replace("_", "-") for k in unknown)
            takers = sorted({i.name for i in _REGISTRY.values()
                             for k in unknown if k in i.options})
            raise OptionError(
                f"{path}: the {self.name} importer takes no {flags}"
                + (f" (an option of the {', '.join(takers)} importer)" if takers else ""))

    def takes(self, path: Path) -> bool:
        """False when ``accepts`` declines the file (or cannot read it: the next importer
        then reports what is wrong with it)."""
        if self.accepts is None:
            return True
        try:
            return bool(self.accepts(path))
        except (LspGraphError, OSError, ValueError):
            return False


_REGISTRY: dict[str, Importer] = {}
_loaded = False


def register(name: str, *, suffixes: tuple[str, ...] = (),
             sniff: Callable[[bytes], str | None] | None = None,
             description: str = "", options: tuple[str, ...] = (),
             accepts: Callable[[Path], bool] | None = None) -> Callable[[ReadFn], ReadFn]:
    """Register ``read`` as the importer for format ``name`` (and these suffixes).

    ``sniff(head)`` says from a file's first bytes whether it is this format, as the suffix
    it would have (``".jsonld"``), else None: files with a suffix no importer names, and
    standard input, are recognised by it. ``options`` names the keyword arguments ``read``
    takes; ``accepts(path)`` lets the importer decline a file with one of its suffixes
    (importers with ``accepts`` are tried before those without, which take whatever their
    suffix brings).
    """

    def deco(fn: ReadFn) -> ReadFn:
        _REGISTRY[name] = Importer(name, fn, tuple(s.lower() for s in suffixes), sniff,
                                   description or (fn.__doc__ or "").strip().splitlines()[0],
                                   tuple(options), accepts)
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


def candidates(path: str | os.PathLike[str]) -> list[Importer]:
    """The importers a file's suffix names, those that can decline it first; when its
    suffix names none, those that recognise its first bytes."""
    _load()
    p = Path(path)
    suffix = p.suffix.lower()
    named = [imp for imp in _REGISTRY.values() if suffix in imp.suffixes]
    if named:
        return sorted(named, key=lambda imp: imp.accepts is None)
    try:
        with open(p, "rb") as fh:
            head = fh.read(HEAD)
    except OSError:
        head = b""
    return [imp for imp, _ in _sniffers(head)]


HEAD = 65536  # the first bytes a sniffer sees


def _sniffers(head: bytes) -> Iterator[tuple[Importer, str]]:
    """Each importer that recognises ``head``, with the suffix it shows, surest first."""
    _load()
    rank = {name: i for i, name in enumerate((*SNIFF_FIRST, "", *SNIFF_LAST))}
    for imp in sorted(_REGISTRY.values(), key=lambda imp: rank.get(imp.name, rank[""])):
        suffix = imp.sniff(head) if imp.sniff else None
        if suffix:
            yield imp, suffix


def sniff(head: bytes) -> tuple[Importer, str] | None:
    """The importer whose format a file's first bytes show, and the suffix it reads them
    under (what ``import`` uses for a file with an unknown suffix and for standard input),
    or None.

    >>> [(imp.name, suffix) for imp, suffix in [sniff(b"@prefix lsp: <https://x.org/> .")]]
    [('rdf', '.ttl')]
    >>> sniff(b"%PDF-1.7")[1], sniff(b'{"type": "FeatureCollection"}')[1]
    ('.pdf', '.geojson')
    >>> sniff(b"Minutes of the meeting") is None
    True
    """
    return next(_sniffers(head[:HEAD]), None)


def for_path(path: str | os.PathLike[str]) -> Importer:
    """The importer for a file: the first of its :func:`candidates` that does not decline it."""
    found = candidates(path)
    for imp in found:
        if imp.takes(Path(path)):
            log.debug("importer for %s: %s", path, imp.name)
            return imp
        log.debug("importer %s declined %s", imp.name, path)
    if found:  # every candidate declined: the last one reads it and says what is wrong
        return found[-1]
    raise UnknownFormat(f"{path}: cannot tell its format from its name or contents; "
                        f"name it with --format ({', '.join(formats())})")


def read(path: str | os.PathLike[str], format: str | None = None,
         **options: Any) -> Iterator[Record]:
    """Records from one file, through the importer for ``format`` or for its name."""
    imp = get(format) if format else for_path(path)
    imp.check_options(options, path)
    yield from imp.read(Path(path), **options)
