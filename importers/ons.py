"""ONS Open Geography Portal lookup and population CSVs (``--format ons``).

The files users download from the portal name their columns STEM + year + part
(``LAD24CD``, ``LAD24NM``, ``ICB24CDH``...); ``schemas/ons.yaml`` says which geography each
stem holds. Every code column gives Area nodes (code, name, kind, vintage); each row gives
WITHIN edges from each area to each area in a later code column (ONS lookups run from the
finest geography to the coarsest); a population column puts its figure on the row's first
(finest) area. ``levels`` keeps only some stems (``["LAD", "PFA"]``) when a file is not a
nesting (a child in two parents at one level), which is reported otherwise, as are missing
code columns and a code with two names. A .csv or .xlsx file is read as ONS when its name
is no template's and its columns include ONS codes (:func:`accepts`); otherwise this
importer declines it and the csv or xlsx importer reads it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from ..graph.errors import InputError, InputErrors
from ..graph.ids import is_ons_code
from ..graph.records import EdgeRecord, NodeRecord, Origin, Ref
from ..schemas import load_schema, read_reference
from . import register
from .base import Notice
from .csv import read_header, read_rows
from .tabular import match_template
from .xlsx import sheets

__all__ = ["accepts", "columns", "looks_like", "read", "read_stems", "records"]

_COLUMN = re.compile(r"^(?P<stem>[A-Z]+?)(?P<year>\d{2})(?P<part>CD|NM|CDH)$")


@functools.cache
def _config() -> dict:
    return read_reference("ons.yaml")


def read_stems() -> dict[str, str]:
    """{ONS stem: area kind} (``schemas/ons.yaml``)."""
    return _config()["stems"]


def columns(headers: list[str]) -> dict[str, dict[str, str]]:
    """{STEMyy: {'stem', 'year', 'CD', 'NM', 'CDH'}} of the headers, in column order.

    >>> list(columns(["LSOA21CD", "LSOA21NM", "ICB24CD", "ICB24CDH", "population"]))
    ['LSOA21', 'ICB24']
    """
    stems = _config()["stems"]
    out: dict[str, dict[str, str]] = {}
    for h in headers:
        m = _COLUMN.match(h.strip().upper())
        if m and m["stem"] in stems:
            key = f"{m['stem']}{m['year']}"
            out.setdefault(key, {"stem": m["stem"], "year": m["year"]})[m["part"]] = h
    return out


def looks_like(headers: list[str]) -> bool:
    """True when the headers hold at least one ONS code column."""
    return any("CD" in c for c in columns(headers).values())


def _population_column(headers: list[str], named: str | None, path: str) -> str | None:
    if named:
        for h in headers:
            if h == named or h.lower() == named.lower():
                return h
        raise InputError(path, 1, named, f"no population column '{named}' "
                         f"(columns: {', '.join(headers)})")
    wanted = {_fold(c) for c in _config()["population_columns"]}
    return next((h for h in headers if _fold(h) in wanted), None)


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


def records(path: str, headers: list[str], rows: list[tuple[int, dict[str, str]]],
            population_column: str | None = None,
            levels: list[str] | None = None) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """Area and WITHIN records of one lookup file's rows (errors all collected first)."""
    schema = load_schema()
    stems = _config()["stems"]
    cols = columns(headers)
    errors: list[InputError] = []
    for key, c in cols.items():
        if "CD" not in c:
            errors.append(InputError(path, 1, c.get("NM") or c.get("CDH"),
                                     f"has no code column {key}CD beside it"))
    if levels:
        wanted = [lv.strip().upper() for lv in levels if lv.strip()]
        unknown = [lv for lv in wanted if lv not in {c["stem"] for c in cols.values()}
                   and lv not in cols]
        if unknown:
            errors.append(InputError(path, 1, None, f"--levels {','.join(unknown)}: no such "
                                     f"geography in the file (it has {', '.join(cols)})"))
        cols = {k: c for k, c in cols.items() if k in wanted or c["stem"] in wanted}
    if not any("CD" in c for c in cols.values()) and not errors:
        errors.append(InputError(path, 1, None, "has no ONS code column (such as LAD24CD)"))
    pop_col = _population_column(headers, population_column, path)
    if errors:
        raise InputErrors(errors)
    levels_ = [(k, c) for k, c in cols.items() if "CD" in c]
    names: dict[str, tuple[str, int, str]] = {}  # code -> (name, row, column)
    parents: dict[tuple[str, str], tuple[str, int]] = {}  # (child, level) -> (parent, row)
    nodes: dict[str, NodeRecord] = {}
    edges: set[tuple[str, str]] = set()
    edge_rows: list[tuple[str, str, int]] = []
    for number, row in rows:
        codes: list[tuple[str, str]] = []
        for key, c in levels_:
            code = row.get(c["CD"], "").strip().upper()
            if not code:
                continue
            if not is_ons_code(code):
                errors.append(InputError(path, number, c["CD"],
                                         f"'{code}' is not an ONS code (e.g. E07000099)"))
                continue
            name = row.get(c.get("NM", ""), "").strip()
            if name:
                seen = names.get(code)
                if seen and seen[0] != name:
                    errors.append(InputError(path, number, c["NM"], f"{code} is named "
                                             f"'{name}' here but '{seen[0]}' in row {seen[1]}"))
                elif not seen:
                    names[code] = (name, number, c["NM"])
            if code not in nodes:
                props = {"code": code, "vintage": f"20{c['year']}",
                         "kind": schema.area_kind_for_code(code) or stems[c["stem"]]}
                if name:
                    props["name"] = name
                if c.get("CDH") and row.get(c["CDH"], "").strip():
                    props["aliases"] = [row[c["CDH"]].strip()]
                nodes[code] = NodeRecord("Area", props, Origin(path, number),
                                         fields={"code": c["CD"], "name": c.get("NM", "")})
            for child, child_key in codes:
                if child == code:  # a unitary is its own upper tier
                    continue
                seen_parent = parents.get((child, key))
                if seen_parent and seen_parent[0] != code:
                    errors.append(InputError(
                        path, number, c["CD"],
                        f"{child} ({child_key}CD) is in two {key} areas: {seen_parent[0]} "
                        f"(row {seen_parent[1]}) and {code}; the file is not a nesting at "
                        f"this level (a best-fit or many-to-many lookup): import the levels "
                        f"that nest with --levels (e.g. --levels {child_key[:-2]},"
                        f"{levels_[-1][1]['stem']})"))
                    continue
                parents[(child, key)] = (code, number)
                if (child, code) not in edges:
                    edges.add((child, code))
                    edge_rows.append((child, code, number))
            codes.append((code, key))
        if pop_col and codes and row.get(pop_col, "").strip():
            value = row[pop_col].strip().replace(",", "")
            if not value.isdigit():
                errors.append(InputError(path, number, pop_col,
                                         f"'{row[pop_col]}' is not a whole number of people"))
            else:
                nodes[codes[0][0]].props["population"] = int(value)
    if errors:
        raise InputErrors(errors[:50])
    yield from nodes.values()
    for child, parent, number in edge_rows:
        yield EdgeRecord("WITHIN", Ref(record=nodes[child]), Ref(record=nodes[parent]), {},
                         Origin(path, number))
    yield Notice(Origin(path), f"{len(nodes)} areas ({', '.join(k for k, _ in levels_)}), "
                 f"{len(edge_rows)} WITHIN links"
                 + (f", populations from '{pop_col}'" if pop_col else ""))


_SHEETS = (".xlsx", ".xlsm")


def accepts(path: Path) -> bool:
    """A file whose name is no template's and whose columns (the first sheet's, in a
    workbook) include an ONS code column."""
    if match_template(path.stem) is not None:
        return False
    if path.suffix.lower() in _SHEETS:
        headers = next((h for _, h, _ in sheets(path, header_only=True)), [])
        return looks_like([str(h) for h in headers if h])
    return looks_like(read_header(path))


def _text(value: object) -> str:
    """A workbook cell as the CSV would hold it (60000.0 -> '60000')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@register("ons", suffixes=(".csv", ".tsv") + _SHEETS, accepts=accepts,
          options=("population_column", "levels"),
          description="ONS Open Geography Portal lookup and population files (.csv, .xlsx)")
def read(path: Path, population_column: str | None = None,
         levels: list[str] | None = None) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """ONS Open Geography Portal lookup and population files (LAD24CD, ICB24CD...)."""
    if path.suffix.lower() in _SHEETS:
        _title, headers, body = next(iter(sheets(path)), ("", [], []))
        headers = [str(h) if h else "" for h in headers]
        rows = [(n, {h: _text(v) for h, v in r.items()}) for n, r in body]
    else:
        headers, rows = read_rows(path)
    yield from records(str(path), headers, rows, population_column, levels)
