"""Excel workbooks: each sheet is matched to a template by its name, else by its columns."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..graph.errors import InputError, LspGraphError
from ..graph.limits import check_zip, exceeded, limit
from ..graph.records import EdgeRecord, NodeRecord, Origin
from . import register
from .base import Notice
from .tabular import match_template, rows_to_records, sniff_template

__all__ = ["read", "sheets"]


def _sniff(head: bytes) -> str | None:
    """A zip holding a workbook's xl/ parts."""
    return ".xlsx" if head.startswith(b"PK\x03\x04") and b"xl/" in head else None


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


Sheet = tuple[str, list[Any], list[tuple[int, dict[str, Any]]]]  # title, headers, rows
_TITLE_ROWS = 5  # rows of one cell above the header that may be a sheet's title


def _row(headers: list[Any], cells: tuple[Any, ...]) -> dict[str, Any]:
    return {h: _cell(c) for h, c in zip(headers, cells, strict=False) if h}


def sheets(path: Path, header_only: bool = False,
           header_rows: bool = False) -> Iterator[Any]:
    """(title, headers, [(row number, {header: cell})]) of each sheet that has a header
    row; with ``header_only``, no rows are read; with ``header_rows``, the header's row
    number comes fourth. The header is the first row of two cells or more among the first
    few (a title line above it is passed over), else the first row that has anything."""
    import openpyxl

    check_zip(path)  # parts' unpacked sizes, before openpyxl reads the shared strings
    most_chars, most_cells = limit("cell_chars"), limit("xlsx_cells")
    cells_read = 0
    # openpyxl goes by the name's suffix; a workbook named otherwise (found by its first
    # bytes: importers.registry.sniff) is handed over as bytes
    source: Any = path if path.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm") \
        else io.BytesIO(path.read_bytes())
    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or XML raises many kinds (zlib, lxml...)
        raise InputError(str(path), None, None, f"is not a readable .xlsx workbook ({exc})") \
            from None
    try:
        for ws in wb.worksheets:
            # read every row there is: a <dimension> that understates the rows made
            # read-only mode drop the rest, silently (issue 20)
            ws.reset_dimensions()
            rows = ws.iter_rows(values_only=True)
            headers: list[Any] | None = None
            at = 0
            above: list[tuple[int, tuple[Any, ...]]] = []  # rows before the header is known
            body: list[tuple[int, dict[str, Any]]] = []
            for number, cells in enumerate(rows, start=1):
                cells_read += len(cells)
                if cells_read > most_cells:
                    raise exceeded(path, "xlsx_cells")
                for col, c in enumerate(cells):
                    if isinstance(c, str) and len(c) > most_chars:
                        raise exceeded(f"{path} sheet '{ws.title}'", "cell_chars", len(c),
                                       where=f"row {number}, column {col + 1}")
                if headers is None:
                    filled = sum(c not in (None, "") for c in cells)
                    if filled:
                        above.append((number, cells))
                    if filled < 2 and len(above) < _TITLE_ROWS:
                        continue  # perhaps a title above the header
                    if not above:
                        continue
                    at, first = above[0] if filled < 2 else above.pop()
                    headers = [str(c).strip() if c is not None else None for c in first]
                    if header_only:
                        break
                    if filled < 2:  # no row of two cells: a one-column sheet
                        body += [(n, _row(headers, c)) for n, c in above[1:]]
                    continue
                body.append((number, _row(headers, cells)))
            if headers is None and above:  # a sheet of fewer rows than _TITLE_ROWS
                at, first = above[0]
                headers = [str(c).strip() if c is not None else None for c in first]
                body = [(n, _row(headers, c)) for n, c in above[1:]]
            if headers is not None:
                yield (ws.title, headers, body, at) if header_rows else (ws.title, headers, body)
    except LspGraphError:
        raise
    except Exception as exc:  # found by the fuzzing test: damage read only with the rows
        raise InputError(str(path), None, None, f"is not a readable .xlsx workbook "
                         f"({type(exc).__name__}: {exc})") from None
    finally:
        wb.close()


@register("xlsx", suffixes=(".xlsx", ".xlsm"), sniff=_sniff, options=("template",))
def read(path: Path, template: str | None = None) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """Excel workbooks: one sheet per template (Organisations, Actions...)."""
    found = list(sheets(path, header_rows=True))
    for title, headers, body, at in found:
        t = match_template(template or title) or sniff_template(headers)
        if t is None and len(found) == 1:
            t = match_template(path.stem)
        if t is None:
            yield Notice(Origin(str(path), f"sheet '{title}'"),
                         "sheet skipped: its name and columns match no template")
            continue
        yield from rows_to_records(t, headers, body, f"{path} sheet '{title}'", at)
