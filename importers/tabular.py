"""Rows of a sheet -> node and edge records, by the templates in ``schemas/lsp.yaml``.

Shared by the CSV, XLSX and YAML/JSON importers: they only find rows; this module knows
what a row means.

>>> match_template("2024_herts-actions").name
'actions'
>>> sniff_template(["Member", "Partnership", "Role"]).name
'memberships'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..graph.errors import InputError
from ..graph.ids import clean_text
from ..graph.records import EdgeRecord, NodeRecord, Origin, Ref
from ..graph.values import is_blank, split_list
from ..schemas import Link, Template, load_schema
from .base import Notice

__all__ = ["Row", "accepted_headers", "fold", "match_template", "near_miss", "rows_to_records",
           "sniff_template"]

Row = tuple[int | str, dict[str, Any]]  # (row number or location, {header: value})
# A row may say which passage of a document it comes from (rows that ``lspgraph extract``
# writes): {line, offset: [start, end], quote}. It becomes the record's provenance.
PASSAGE = "passage"


def _origin(source: str, location: int | str, passage: Any) -> Origin:
    if isinstance(passage, str) and passage.startswith("{"):  # a CSV cell holds JSON
        import json

        try:
            passage = json.loads(passage)
        except ValueError:
            passage = None
    if not isinstance(passage, dict):
        return Origin(source, location)
    offset = passage.get("offset") or [None, None]
    return Origin(str(passage.get("path") or source), passage.get("line", location),
                  passage.get("quote"),
                  offset[0], offset[1])


def fold(header: object) -> str:
    """A header as compared: lowercase words, '_' '-' and spaces alike, BOM and stars dropped,
    and a closing ':' or '?'.

    >>> fold("Due_Date:"), fold("*Org-Name")
    ('due date', 'org name')
    """
    text = str(header or "").replace("\ufeff", "").replace("*", "")
    return " ".join(re.sub(r"[_\-./()]+", " ", text.lower()).split()).rstrip(":? ")


def _accepted(accepted: dict[str, str], header: object) -> str | None:
    """The column a header stands for: as written, else without a hint in brackets
    ('Target date (dd/mm/yyyy)', 'Status (RAG)')."""
    for text in (str(header), re.sub(r"\s*[(\[][^)\]]*[)\]]\s*", " ", str(header))):
        if fold(text) in accepted:
            return accepted[fold(text)]
    return None


def _names(t: Template) -> list[str]:
    return [fold(t.name), *(fold(a) for a in t.aliases)]


def match_template(name: str) -> Template | None:
    """The template a file, sheet or section name stands for ('herts_actions' -> actions)."""
    templates = load_schema().templates.values()
    folded = fold(name)
    for t in templates:
        if folded in _names(t):
            return t
    words = folded.split()
    for t in templates:  # a name word, from the end: '2024 herts actions' -> actions
        for word in reversed(words):
            if word in _names(t):
                return t
    return None


def sniff_template(headers: Iterable[object]) -> Template | None:
    """The template whose columns best explain these headers (None when none fits)."""
    folded = {fold(h) for h in headers if fold(h)}
    best, best_score = None, 0.0
    for t in load_schema().templates.values():
        accepted = t.all_columns()
        known = {h for h in folded if h in accepted}
        canon = {accepted[h] for h in known}
        if t.edge:
            assert t.source and t.target
            if t.source.column not in canon or t.target.column not in canon:
                continue
        elif "name" not in canon and not (folded & {fold(t.name), *map(fold, t.aliases)}):
            continue
        score = len(known) / max(len(folded), 1)
        if t.edge:
            score += 0.5
        if score > best_score:
            best, best_score = t, score
    return best if best_score >= 0.5 else None


def accepted_headers(template: Template) -> dict[str, str]:
    """Every header a sheet of ``template`` may use (folded) -> the column it stands for:
    the template's names and aliases, its type's properties, and the names a property goes
    by in every template (``headers: common`` in the schema).

    >>> accepted_headers(match_template("actions"))["target date"]
    'due'
    """
    schema = load_schema()
    accepted = template.all_columns()
    props = (schema.node_types[template.node] if template.node else
             schema.edge_types[str(template.edge)]).properties
    for prop in props:
        accepted.setdefault(fold(prop), prop)
    for prop, aliases in schema.headers.get("common", {}).items():
        if prop in props:
            for alias in aliases:
                accepted.setdefault(fold(alias), prop)
    accepted.setdefault("id", "id")
    accepted.setdefault("area", "area")
    return accepted


def near_miss(header: str, accepted: dict[str, str]) -> str | None:
    """The accepted header ``header`` is close to (a misspelling, or an accepted name with
    one word more), else None. Close headers are refused, not dropped: their values would
    be lost.

    >>> names = {"due": "due", "name": "name"}
    >>> near_miss("due by", names), near_miss("Organisaton", {"organisation": "name"})
    ('due', 'organisation')
    >>> near_miss("Contact name", names) is None, near_miss("Budget", names) is None
    (True, True)
    """
    from rapidfuzz import fuzz, process

    rules = load_schema().headers
    folded = fold(header)
    found = process.extractOne(folded, list(accepted), scorer=fuzz.ratio,
                               score_cutoff=float(rules.get("near_miss_similarity", 0.85)) * 100)
    if found:
        return str(found[0])
    words = folded.split()
    loose = set(rules.get("not_word_matches", ()))
    for name in accepted:
        parts = name.split()
        if len(words) != len(parts) + 1 or name in loose:
            continue
        if words[:-1] == parts or words[1:] == parts:
            return name
    return None


def _header_map(template: Template, headers: Iterable[object], source: str,
                location: int | str) -> tuple[dict[str, str], list[Notice]]:
    """{header as written -> canonical column}. A header close to an accepted one is an
    error naming the accepted names; any other unknown header becomes a notice."""
    accepted = accepted_headers(template)
    out: dict[str, str] = {}
    notices = []
    seen: dict[str, str] = {}
    for h in headers:
        if h is None or not fold(h):
            continue
        canon = _accepted(accepted, h)
        if canon is None:
            passed = {fold(x) for x in load_schema().headers.get("passed_over", ())}
            close = None if fold(h) in passed else near_miss(str(h), accepted)
            if close is not None:
                raise InputError(source, location, str(h), _refusal(template, str(h), close,
                                                                    accepted))
            notices.append(Notice(Origin(source, location),
                                  f"column '{h}' is not part of the {template.name} template; "
                                  "ignored"))
            continue
        if canon in seen:
            raise InputError(source, location, str(h),
                             f"column '{h}' repeats column '{seen[canon]}' ({canon})")
        seen[canon] = str(h)
        out[str(h)] = canon
    return out, notices


def _refusal(template: Template, header: str, close: str, accepted: dict[str, str]) -> str:
    """Why a near-miss header is refused, with the names that would be read."""
    column = accepted[close]
    same = sorted({a for a, c in accepted.items() if c == column})
    columns = ", ".join(sorted(set(accepted.values())))
    return (f"'{header}' is close to '{close}' but is not a name the {template.name} template "
            f"reads, so its values would be lost: for the {column} column write one of "
            f"{', '.join(same)} (accepted columns: {columns})")


def rows_to_records(template: Template, headers: list[object], rows: Iterable[Row],
                    source: str, header_row: int | str = 1, *, stripped: bool = False,
                    ) -> Iterator[NodeRecord | EdgeRecord | Notice]:
    """Records for every non-blank row. ``headers`` are the sheet's headers as written, on
    row ``header_row``. ``stripped``: every cell is text already stripped (a CSV file's),
    so a cell is blank when empty and none needs :func:`_plain`'s checks."""
    rows = list(rows)
    if not rows:
        return  # an empty section or sheet: nothing to import, nothing wrong
    headers = [h for h in headers if h != PASSAGE]
    hmap, notices = _header_map(template, headers, source, header_row)
    yield from notices
    if template.node:
        if "name" not in hmap.values():
            names = [c for c, canon in template.all_columns().items() if canon == "name"]
            raise InputError(source, header_row, "name", f"the {template.name} sheet needs a name "
                             f"column (any of: {', '.join(sorted(names))})")
    else:
        assert template.source and template.target
        for link in (template.source, template.target):
            if link.column not in hmap.values():
                raise InputError(source, header_row, link.column,
                                 f"the {template.name} sheet needs a '{link.column}' column")
    fields = {canon: h for h, canon in hmap.items()}  # one per sheet: records only read it
    node_row = _NodeRows(template, fields) if template.node else None
    for location, raw in rows:
        if stripped:
            row = {hmap[h]: v for h, v in raw.items() if v and h in hmap}
        else:
            _plain(source, location, raw)
            # the cells that are not blank (is_blank, with text tested in place)
            row = {hmap[h]: v for h, v in raw.items()
                   if h in hmap and (v.strip() if type(v) is str else not is_blank(v))}
        if not row:
            continue  # stray blank rows
        origin = _origin(source, location, raw.get(PASSAGE))
        if node_row is not None:
            yield from node_row(row, origin)
        else:
            yield from _edge_row(template, row, origin, fields)


def _plain(source: str, location: int | str, raw: dict[Any, Any]) -> None:
    """Refuse cells that are not text, numbers, dates or lists of them: a YAML mapping or
    set (stored as Python text, with a random order for sets), or NaN (silently blank)."""
    for h, v in raw.items():
        if h == PASSAGE or type(v) is str:  # text (every cell of a CSV) is plain
            continue
        for x in v if isinstance(v, list | tuple) else [v]:
            what = ("a mapping" if isinstance(x, dict) else
                    "a set" if isinstance(x, set | frozenset) else
                    "a list inside a list" if isinstance(x, list | tuple) else
                    "not a number (NaN or infinity)" if isinstance(x, float) and
                    not math.isfinite(x) else None)
            if what:
                raise InputError(source, location, str(h),
                                 f"holds {what}; expected text, a number or a date")


def _ref(link: Link, text: str, row: dict[str, Any], fields: dict[str, str],
         scope: Ref | None = None) -> Ref:
    return Ref(text=text, types=link.targets, column=fields.get(link.column, link.column),
               create=link.create, scope=scope, area=_area(row))


def _area(row: dict[str, Any]) -> str | None:
    area = row.get("area")
    return clean_text(area) if not is_blank(area) else None


class _NodeRows:
    """The records of a sheet's node rows: what the template says is worked out once per
    sheet, and a reference (a column's name, with its area and scope) is made once per
    distinct name: a national actions sheet names its few thousand strategies, themes and
    leads in a hundred thousand rows. References are never changed once made, so rows
    share them."""

    def __init__(self, template: Template, fields: dict[str, str]):
        assert template.node
        self.type = template.node
        self.fields = fields
        self.links = template.links
        has_area = "area" in load_schema().node_types[template.node].properties
        self.not_props = set(self.links) | {"id"} | (set() if has_area else {"area"})
        self.scopes = [link for link in self.links.values() if link.scope]
        self.columns = frozenset(self.links)
        self.refs: dict[tuple[Any, ...], Ref] = {}

    def ref(self, link: Link, text: str, area: str | None, scope: Ref | None = None) -> Ref:
        """:func:`_ref` of a row whose area is ``area``, once per distinct reference."""
        key = (link.column, text, area, scope)
        found = self.refs.get(key)
        if found is None:
            found = self.refs[key] = Ref(
                text=text, types=link.targets, column=self.fields.get(link.column, link.column),
                create=link.create, scope=scope, area=area)
        return found

    def __call__(self, row: dict[str, Any], origin: Origin
                 ) -> Iterator[NodeRecord | EdgeRecord]:
        links, fields, not_props = self.links, self.fields, self.not_props
        props = {k: v for k, v in row.items() if k not in not_props}
        rec = NodeRecord(type=self.type, props=props, origin=origin,
                         id=clean_text(row["id"]) if "id" in row else None, fields=fields)
        area = _area(row) if "area" in row else None
        for link in self.scopes:
            if link.column in row:
                rec.scope = self.ref(link, clean_text(row[link.column]), area)
        yield rec
        if self.columns.isdisjoint(row):
            return
        this = Ref(record=rec)
        values: dict[str, list[str]] = {c: split_list(row[c]) for c in links if c in row}
        for column, link in links.items():
            if not values.get(column):
                continue
            names = values[column]
            if link.first_is and link.rest and len(names) > 1:
                values.setdefault(link.rest, [])
                values[link.rest] = names[1:] + values[link.rest]
                names = names[:1]
            if link.unless and any(row.get(u) is not None for u in link.unless):
                continue
            scope = None
            if link.within and link.within in row:
                scope = self.ref(links[link.within], clean_text(row[link.within]), area)
            edge_props: dict[str, Any] = {}
            if link.role_column and link.role_column in row:
                edge_props["role"] = row[link.role_column]
            for name in names:
                other = self.ref(link, name, area, scope)
                src, dst = (other, this) if link.direction == "in" else (this, other)
                yield EdgeRecord(link.edge, src, dst, dict(edge_props), origin, fields)


def _edge_row(template: Template, row: dict[str, Any], origin: Origin,
              fields: dict[str, str]) -> Iterator[EdgeRecord]:
    assert template.edge and template.source and template.target
    s_link, t_link = template.source, template.target
    props = {k: v for k, v in row.items()
             if k not in (s_link.column, t_link.column, "id", "area")}
    sources = split_list(row.get(s_link.column))
    targets = split_list(row.get(t_link.column))
    if not sources or not targets:
        missing = s_link if not sources else t_link
        raise InputError(origin.source, origin.line, fields.get(missing.column, missing.column),
                         f"a {template.name} row needs a {missing.column}")
    for s in sources:
        for t in targets:
            yield EdgeRecord(template.edge, _ref(s_link, s, row, fields),
                             _ref(t_link, t, row, fields), dict(props), origin, fields)
