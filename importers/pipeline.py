"""Import files into a store: read every record, apply them all, then save atomically.

The orchestration of ingestion: the importers (through their registry) read, the core
(:mod:`lspgraph.graph`) merges and stores.

Nothing is half-written: if any file has an error, no file is imported and the store on
disk is untouched.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..graph.errors import InputError, InputErrors, LspGraphError
from ..graph.merge import ImportReport, apply
from ..graph.model import KnowledgeGraph
from ..graph.records import EdgeRecord, NodeRecord
from ..graph.storage import dumps, loads, save, write_lock
from .registry import Notice, for_path, get

__all__ = ["ImportResult", "build_graph", "import_files", "read_records"]


@dataclass
class ImportResult:
    store: Path | None
    graph: KnowledgeGraph
    report: ImportReport
    notices: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    changed: bool = True


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
            for rec in imp.read(Path(name), **opts):
                if isinstance(rec, Notice):
                    notices.append(str(rec))
                else:
                    records.append(rec)
                    n += 1
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
) -> ImportResult:
    """Import files into the store (created if missing; emptied first with ``replace``).

    The store is rewritten only when the graph changed, atomically, under the writer lock.
    """
    paths = list(paths)
    with write_lock(store) as p:
        before = b"" if replace or not p.exists() else p.read_bytes()
        kg = KnowledgeGraph() if not before else loads(before, str(p))
        records, notices, sources = read_records(paths, format, progress, options)
        report = apply(kg, records)
        kg.sources.update(sources)
        after = dumps(kg)
        changed = after != before
        if changed:
            save(kg, p)
        return ImportResult(p, kg, report, notices, sorted(sources), changed)


def build_graph(paths: Iterable[str | os.PathLike[str]], format: str | None = None,
                options: dict[str, Any] | None = None) -> ImportResult:
    """A graph from files alone, without a store (for previews and tests)."""
    records, notices, sources = read_records(paths, format, options=options)
    kg = KnowledgeGraph()
    report = apply(kg, records)
    kg.sources.update(sources)
    return ImportResult(None, kg, report, notices, sorted(sources))


