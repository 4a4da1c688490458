"""Import files into a store: read every record, apply them all, then write in one transaction.

The orchestration of ingestion: the importers (through their registry) read, the core
(:mod:`lspgraph.graph`) merges and stores.

Nothing is half-written: if any file has an error, no file is imported and the store on
disk is untouched. Each file is synced: importing it again replaces what it said before
(:mod:`lspgraph.graph.sync`), and a file imported before as it is now is not read again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..graph.errors import InputError, InputErrors, LspGraphError, OptionError
from ..graph.records import EdgeRecord, NodeRecord
from ..graph.storage import Changes, StoreAppeared, _gc_paused, load, store_path, writing
from ..graph.sync import GEOGRAPHY_FORMATS, retract, settle, stored_sources, unchanged
from .registry import Notice, for_path, get
from .stdin import DASH, SOURCE, spooled

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
    return SOURCE if str(path) == DASH else os.path.abspath(path)


def _from_stdin(record: Any, spool: str) -> None:
    """A record read from the spooled copy of standard input names ``<stdin>``."""
    origin = record.origin
    if origin.source.startswith(spool):
        record.origin = dataclasses.replace(origin, source=SOURCE + origin.source[len(spool):])


def read_records(
    paths: Iterable[str | os.PathLike[str]],
    format: str | None = None,
    progress: Callable[[str], None] | None = None,
    options: dict[str, Any] | None = None,
) -> tuple[list[NodeRecord | EdgeRecord], list[str], dict[str, dict]]:
    """All records of all files (errors of every file collected, then raised together).

    The path ``-`` is standard input (format from ``format``, else from its first bytes);
    its records name their source ``<stdin>``."""
    records: list[NodeRecord | EdgeRecord] = []
    notices: list[str] = []
    sources: dict[str, dict] = {}
    errors: list[InputError] = []
    with contextlib.ExitStack() as stack:
        for raw in paths:
            path = Path(raw)
            if str(raw) == DASH:
                try:
                    path = stack.enter_context(spooled(format))
                except LspGraphError as exc:
                    errors.append(InputError(SOURCE, None, None, str(exc).removeprefix(
                        f"{SOURCE}: ")))
                    continue
                first = len(records), len(notices), len(errors)
                _read_file(path, SOURCE, format, progress, options, records, notices,
                           sources, errors)
                spool = str(path)
                for rec in records[first[0]:]:
                    _from_stdin(rec, spool)
                notices[first[1]:] = [n.replace(spool, SOURCE) for n in notices[first[1]:]]
                for err in errors[first[2]:]:
                    err.path = str(err.path).replace(spool, SOURCE)
                    err.msg = err.msg.replace(spool, SOURCE)
                    err.args = (str(err),)
                continue
            _read_file(path, _source_name(path), format, progress, options, records,
                       notices, sources, errors)
    if errors:
        raise InputErrors(errors)
    return records, notices, sources


def _read_file(path: Path, name: str, format: str | None,
               progress: Callable[[str], None] | None, options: dict[str, Any] | None,
               records: list[NodeRecord | EdgeRecord], notices: list[str],
               sources: dict[str, dict], errors: list[InputError]) -> None:
    """One file's records, notices and source entry, or its errors, added to the lists."""
    if progress:
        progress(str(path))
    if not path.is_file():
        errors.append(InputError(str(path), None, None, "no such file"))
        return
    try:
        imp = get(format) if format else for_path(path)
        n = 0
        opts = {k: v for k, v in (options or {}).items() if v}
        imp.check_options(opts, path)
        for rec in imp.read(Path(os.path.abspath(path)), **opts):
            if isinstance(rec, Notice):
                notices.append(str(rec))
            else:
                rec.file = name  # the source it is synced and ranked as
                records.append(rec)
                n += 1
    except OptionError:
        raise  # a usage error, not the file's
    except InputErrors as exc:
        errors.extend(exc.errors)
        return
    except InputError as exc:
        errors.append(exc)
        return
    except LspGraphError as exc:
        errors.append(InputError(str(path), None, None, str(exc)))
        return
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sources[name] = {"sha256": digest, "format": imp.name, "records": n}


def import_files(
    paths: Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
    options: dict[str, Any] | None = None,
    keep_geography: bool = True,
    strict: bool = False,
) -> ImportResult:
    """Import files into the store (created if missing), each replacing what it said before.

    With ``replace`` every other source is retracted too, except geography (ONS lookups),
    which only ``forget`` (or ``keep_geography=False``) drops. With ``strict``, a node
    that only a link names (an unknown name in a memberships file) is an error and nothing
    is imported. Files imported before
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
        if str(path) != DASH and not replace and unchanged(name, path, stored, opts,
                                                           format):
            skipped.append(name)
        else:
            todo.append(path)
    from ..graph.merge import ImportReport

    if not todo:
        return ImportResult(p, None, ImportReport(), [], [], False, Changes(), sorted(skipped))
    try:
        with _gc_paused():  # millions of small objects and few cycles: see _gc_paused
            return _import(p, todo, skipped, format, replace, progress, options, opts,
                           keep_geography, strict)
    except StoreAppeared:  # another process made the store meanwhile: import into it
        return import_files(paths, store, format=format, replace=replace, progress=progress,
                            options=options, keep_geography=keep_geography, strict=strict)


def _import(p: Path, todo: list[Path], skipped: list[str], format: str | None,
            replace: bool, progress: Callable[[str], None] | None,
            options: dict[str, Any] | None, opts: dict[str, Any], keep_geography: bool,
            strict: bool) -> ImportResult:
    """:func:`import_files` once it knows which files to read."""
    from ..graph.merge import apply

    records, notices, sources = read_records(todo, format, progress, options)
    for info in sources.values():
        if opts:
            info["options"] = opts
    freeing: threading.Thread | None = None
    try:
        with writing(p, notices, fresh=True) as w:
            drop = set(sources)
            if replace:
                drop |= {s for s, info in w.sources().items()
                         if not (keep_geography and info.get("format") in GEOGRAPHY_FORMATS)
                         and s not in skipped}
            if w.new:  # a store being made holds nothing yet: there is nothing to reach
                kg = w.graph(types=(), files=drop)
            else:
                types, ids = _reach(records)
                kg = w.graph(types=types, ids=ids, files=drop)  # what the import can touch
            touched = retract(kg, drop, w.has_edges_outside)
            _sequence(kg.sources, sources)
            kg.sources.update(sources)  # before apply: the precedence reads their formats
            report = apply(kg, records)
            if strict:
                _refuse_invented(report)
            settle(kg, touched, w.has_edges_outside)
            changes = w.write(kg)
            # the graph is freed on another thread (which holds Python's lock) while this
            # one commits and syncs the store (in SQLite and the kernel, without it)
            freeing = threading.Thread(target=_release, args=(kg,), name="lspgraph-free")
            freeing.start()
    finally:
        if freeing is not None:
            freeing.join()
    return ImportResult(p, None, report, notices, sorted(sources), changes.any, changes,
                        sorted(skipped))


def _release(kg: KnowledgeGraph) -> None:
    """Free the graph now, by reference counts. networkx keeps views of a graph in it
    (``G.nodes``, ``G.edges``) that refer back to it, so an unreferenced graph is cyclic
    garbage: only the collector frees it, and it walks every node's and edge's objects to
    find that out (a national import left 1.5M, about a second of collection at exit)."""
    vars(kg.nx).clear()


def _sequence(stored: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> None:
    """Number the files of an import after every file imported before, in the order
    given: within one rank of the precedence, the later import's value wins."""
    last = max((int(info.get("seq") or 0) for info in stored.values()), default=0)
    for i, info in enumerate(new.values(), start=last + 1):
        info["seq"] = i


def _refuse_invented(report: ImportReport) -> None:
    """--strict: a node that only a link named is an error, at the row that named it."""
    if report.invented:
        raise InputErrors([InputError(i.origin.source, i.origin.line, i.column, i.refusal())
                           for i in report.invented])


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
    _sequence(kg.sources, sources)
    kg.sources.update(sources)
    report = apply(kg, records)
    return ImportResult(None, kg, report, notices, sorted(sources))


