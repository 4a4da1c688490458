"""CSV and TSV: one sheet per file; the file's name (or its columns) says which template.

Copes with what Excel writes: UTF-8 with or without BOM, Windows-1252, ';' or tab
delimiters, stray blank rows and trailing spaces.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..graph.errors import InputError
from ..graph.limits import exceeded, limit
from ..graph.records import EdgeRecord, NodeRecord
from ..graph.text import from_spreadsheet
from ..schemas import load_schema
from . import register
from .base import Notice, decode
from .tabular import match_template, rows_to_records, sniff_template

__all__ = ["read", "read_header", "read_rows", "read_table"]


def _sniff(head: bytes) -> str | None:
    """A delimiter in the first line: asked last of all sniffers, as most text has one."""
    line = head.split(b"\n", 1)[0]
    return ".csv" if b"," in line or b"\t" in line or b";" in line else None


def _delimiter(header_line: str) -> str:
    # the candidate the header line uses most (Excel writes ';' in some locales); a header
    # with none of them is a one-column file
    counts = {d: header_line.count(d) for d in ",;\t|"}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_header(path: Path, size: int = 65536) -> list[str]:
    """The column names of a delimited text file, from its first bytes only."""
    with open(path, "rb") as fh:
        head = fh.read(size)
    lines = decode(path, head).splitlines()
    line = next((ln for ln in lines if ln.strip()), "")
    return [h.strip() for h in next(csv.reader([line], delimiter=_delimiter(line)), [])]


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Headers and (spreadsheet row number, {header: cell}) of a delimited text file."""
    headers, _, rows = read_table(path)
    return headers, rows


def read_table(path: Path) -> tuple[list[str], int, list[tuple[int, dict[str, str]]]]:
    """Headers, the header's row number, and (row number, {header: cell}) of a delimited
    text file. The header is the first row of two cells or more among the first few (a
    title line above it is passed over), else the first row that has anything."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, None, f"cannot be read ({exc.strerror})") from None
    text = decode(path, data)
    if not text.strip():
        raise InputError(str(path), None, None, "is empty: expected a header row")
    header_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    rows = _parse(path, text, _delimiter(header_line))
    filled = [i for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not filled:
        raise InputError(str(path), None, None, "has no header row")
    wide = [i for i in filled[:_TITLE_ROWS] if sum(bool(c.strip()) for c in rows[i]) >= 2]
    at = wide[0] if wide else filled[0]
    headers = [h.strip() for h in rows[at]]
    out = []
    for number, cells in enumerate(rows[at + 1:], start=at + 2):
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
            raise InputError(str(path), number, None,
                             f"has {len(cells)} cells but the header has {len(headers)} columns")
        # from_spreadsheet(c).strip(), the call made only for cells that start with "'"
        out.append((number, {h: (c if c[:1] != "'" else from_spreadsheet(c)).strip()
                             for h, c in zip(headers, cells, strict=False) if h}))
    return headers, at + 1, out


_TITLE_ROWS = 5  # rows of one cell above the header that may be a file's title


def _parse(path: Path, text: str, delimiter: str, strict: bool = True) -> list[list[str]]:
    """The file's records. Parsed from the whole text, so that a quoted cell keeps its line
    breaks; a quote never closed is an error naming the row it opens (it used to swallow
    the rows after it), and so is a cell over the ``cell_chars`` limit. Other slips of
    quoting ('"name" ,kind') are read leniently, as before."""
    most = limit("cell_chars")
    csv.field_size_limit(most)
    if strict:  # most files: read at once; a file with an error is read again row by row
        with contextlib.suppress(csv.Error):
            return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                   strict=True))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    rows: list[list[str]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            record = len(rows) + 1
            if "field larger than field limit" in str(exc):
                raise exceeded(path, "cell_chars", where=f"row {record}") from None
            if "unexpected end of data" in str(exc):
                raise InputError(str(path), record, None,
                                 f"a quoted cell opened on line {start} is never closed") \
                    from None
            if strict:
                return _parse(path, text, delimiter, strict=False)
            raise InputError(str(path), record, None,
                             f"is not well-formed CSV on line {reader.line_num} ({exc})") \
                from None
        rows.append(row)
        start = reader.line_num + 1


@register("csv", suffixes=(".csv", ".tsv"), sniff=_sniff, options=("template",))
def read(path: Path, template: str | None = None) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """CSV/TSV files named after a template (organisations.csv, actions.csv...).

    ONS lookups (LAD24CD, ICB24CD... columns) are the ``ons`` importer's: it claims them
    before this one is tried."""
    headers, at, rows = read_table(path)
    t = _template(path, headers, template)
    yield from rows_to_records(t, headers, rows, str(path), at, stripped=True)


def _template(path: Path, headers: list[str], name: str | None):
    templates = load_schema().templates
    if name:
        t = match_template(name)
        if t is None:
            raise InputError(str(path), None, None,
                             f"no template called '{name}' (known: {', '.join(templates)})")
        return t
    t = match_template(path.stem) or sniff_template(headers)
    if t is None:
        raise InputError(str(path), 1, None,
                         "cannot tell what its rows describe: name the file after a template "
                         f"({', '.join(f'{n}.csv' for n in templates)}) or give its columns "
                         "the template's names")
    return t
