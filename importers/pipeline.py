"""Import files into a store: read every record, apply them all, then write in one transaction.

The orchestration of ingestion: the importers (through their registry) read, the core
(:mod:`lspgraph.graph`) merges and stores.

Nothing is half-written: if any file has an error, no file is imported and the store on
disk is untouched. Each file is synced: importing it again replaces what it said before
(:mod:`lspgraph.graph.sync`), and a file imported before as it is now is not read again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..graph.errors import InputError, InputErrors, LspGraphError, OptionError
from ..graph.records import EdgeRecord, NodeRecord
from ..graph.storage import Changes, load, store_path, writing
from ..graph.sync import GEOGRAPHY_FORMATS, retract, settle, stored_sources, unchanged
from .registry import Notice, for_path, get

if TYPE_CHECKING:  # networkx, pandas and rapidfuzz load when a graph is built, not before
    from ..graph.merge import ImportReport
    from ..graph.model import KnowledgeGraph

__all__ = ["ImportResult", "build_graph", "import_files", "read_records"]


@dataclass
class ImportResult:
    store: Path | None
    _graph: KnowledgeGraph | None
    report: ImportReport
    notices: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    changed: bool = True
    changes: Changes = field(default_factory=Changes)
    skipped: list[str] = field(default_factory=list)  # imported before, unchanged

    @property
    def graph(self) -> KnowledgeGraph:
        """The graph after the import (loaded from the store when nothing was read)."""
        if self._graph is None:
            from ..graph.model import KnowledgeGraph

            self._graph = load(self.store) if self.store else KnowledgeGraph()
        return self._graph


def _source_name(path: Path) -> str:
    return os.path.abspath(path)


def read_records(
    paths: Iterable[str | os.PathLike[str]],
    format: str | None = None,
    progress: Callable[[str], None] | None = None,
    options: dict[str, Any] | None = None,
) -> tuple[list[NodeRecord | EdgeRecord], list[str], dict[str, dict]]:
    """All records of all files (errors of every file collected, then raised together)."""
    records: list[NodeRecord | EdgeRecord] = []
    notices: list[str] = []
    sources: dict[str, dict] = {}
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        name = _source_name(path)
        if progress:
            progress(str(path))
        if not path.is_file():
            errors.append(InputError(str(path), None, None, "no such file"))
            continue
        try:
            imp = get(format) if format else for_path(path)
            n = 0
            opts = {k: v for k, v in (options or {}).items() if v}
            imp.check_options(opts, path)
            for rec in imp.read(Path(name), **opts):
                if isinstance(rec, Notice):
                    notices.append(str(rec))
                else:
                    records.append(rec)
                    n += 1
        except OptionError:
            raise  # a usage error, not the file's
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        except InputError as exc:
            errors.append(exc)
            continue
        except LspGraphError as exc:
            errors.append(InputError(str(path), None, None, str(exc)))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        sources[name] = {"sha256": digest, "format": imp.name, "records": n}
    if errors:
        raise InputErrors(errors)
    return records, notices, sources


def import_files(
    paths: Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
    options: dict[str, Any] | None = None,
    keep_geography: bool = True,
) -> ImportResult:
    """Import files into the store (created if missing), each replacing what it said before.

    With ``replace`` every other source is retracted too, except geography (ONS lookups),
    which only ``forget`` (or ``keep_geography=False``) drops. Files imported before
    exactly as they are now (same bytes, format and options) are not read again; when
    nothing changed the store is not written. One transaction: all of it lands, or none.
    """
    paths = [Path(p) for p in paths]
    p = store_path(store)
    opts = {k: v for k, v in (options or {}).items() if v}
    stored = stored_sources(p)
    todo, skipped = [], []
    for path in paths:
        name = _source_name(path)
        if not replace and unchanged(name, path, stored, opts, format):
            skipped.append(name)
        else:
            todo.append(path)
    from ..graph.merge import ImportReport, apply

    if not todo:
        return ImportResult(p, None, ImportReport(), [], [], False, Changes(), sorted(skipped))
    records, notices, sources = read_records(todo, format, progress, options)
    for info in sources.values():
        if opts:
            info["options"] = opts
    with writing(p, notices) as w:
        drop = set(sources)
        if replace:
            drop |= {s for s, info in w.sources().items()
                     if not (keep_geography and info.get("format") in GEOGRAPHY_FORMATS)
                     and s not in skipped}
        types, ids = _reach(records)
        kg = w.graph(types=types, ids=ids, files=drop)  # only what the import can touch
        touched = retract(kg, drop, w.has_edges_outside)
        report = apply(kg, records)
        settle(kg, touched, w.has_edges_outside)
        kg.sources.update(sources)
        changes = w.write(kg)
    return ImportResult(p, None, report, notices, sorted(sources), changes.any, changes,
                        sorted(skipped))


def _reach(records: Iterable[NodeRecord | EdgeRecord]) -> tuple[set[str], set[str]]:
    """The node types and ids that records can name, merge with or create."""
    from ..graph.ids import clean_text

    types: set[str] = set()
    ids: set[str] = set()
    for rec in records:
        if isinstance(rec, NodeRecord):
            types.add(rec.type)
            if rec.id:
                ids.add(clean_text(rec.id))
            refs = [rec.scope]
        else:
            refs = [rec.source, rec.target]
        while refs:
            ref = refs.pop()
            if ref is None:
                continue
            types.update(ref.types)
            if ref.create:
                types.add(ref.create)
            if ref.text:
                ids.add(clean_text(ref.text))
            refs.append(ref.scope)
    return types, ids


def build_graph(paths: Iterable[str | os.PathLike[str]], format: str | None = None,
                options: dict[str, Any] | None = None) -> ImportResult:
    """A graph from files alone, without a store (for previews and tests)."""
    records, notices, sources = read_records(paths, format, options=options)
    from ..graph.merge import apply
    from ..graph.model import KnowledgeGraph

    kg = KnowledgeGraph()
    report = apply(kg, records)
    kg.sources.update(sources)
    return ImportResult(None, kg, report, notices, sorted(sources))


