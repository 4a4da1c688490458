"""Apply importers' records to a KnowledgeGraph: validation, identity and provenance in one place.

Identity rules:

* a record with an explicit ``id`` is that node;
* otherwise its id is made from its type and name (qualified by scope or area, see
  :func:`lspgraph.graph.ids.make_id`); a node with that id is the same entity;
* otherwise a node of the same type (and scope) whose name or alias has the same
  identity key is the same entity ('Herts Valleys CCG' = 'Herts Valleys NHS Clinical
  Commissioning Group');
* names whose keys are close but not equal are reported as near matches, never merged.

All records of one import are checked before any is kept: :func:`apply` raises
:class:`InputErrors` listing every problem, and the caller discards the graph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from .conflicts import Conflict, claim, claims_of, conflicts_of, rank_of, same_value
from .errors import InputError, InputErrors
from .ids import (
    clean_text,
    generic_words,
    identity_key,
    is_generic,
    is_ons_code,
    look_alike,
    make_id,
    near_key,
    person_name,
)
from .model import KnowledgeGraph
from .nxdicts import changed, edge_keys, new_node, node_table
from .records import EdgeRecord, NodeRecord, Origin, Ref
from .values import backwards, is_blank, no_date, parse_value

__all__ = ["Change", "ImportReport", "Invented", "NearMatch", "apply"]


@dataclass(frozen=True)
class NearMatch:
    """Two names of one type that may be one entity: reported for a person to decide."""

    name: str
    node: str
    existing: str
    existing_name: str
    score: float
    origin: str


@dataclass(frozen=True)
class Change:
    """A value of a node that an import changed, where another file had given it."""

    node: str
    label: str
    field: str
    before: Any
    after: Any
    was: Origin
    by: Origin
    why: str = "the later import wins"

    def __str__(self) -> str:
        return (f"{self.by.cite()}: '{self.label}' {self.field} changed from "
                f"'{self.before}' ({self.was.cite()}) to '{self.after}' ({self.why}; both "
                "values are kept as a conflict)")


@dataclass(frozen=True)
class Invented:
    """A node made only because a link named it, with the closest names that exist."""

    node: str
    type: str
    name: str
    origin: Origin
    column: str | None
    closest: tuple[tuple[str, float], ...] = ()

    def __str__(self) -> str:
        where = self.origin.cite() + (f", column '{self.column}'" if self.column else "")
        return f"'{self.name}' ({where}) is new; {self.hint()}"

    def hint(self) -> str:
        """'did you mean ...?', or why there is nothing to suggest."""
        if self.closest:
            return "did you mean " + " or ".join(
                f"'{n}' ({s:.2f})" for n, s in self.closest) + "?"
        if self.type == "Area" and is_ons_code(self.name):
            return "an area known only by its code (import the ONS lookups to name it)"
        return f"no {self.type.lower()} has a close name"

    def refusal(self) -> str:
        """The error ``--strict`` makes of it (the row and column are the error's own)."""
        return (f"'{self.name}' names no {self.type.lower()} defined in the files or the "
                f"store; {self.hint()} (--strict refuses nodes only a link names)")


@dataclass
class ImportReport:
    nodes_added: int = 0
    nodes_merged: int = 0
    edges_added: int = 0
    edges_merged: int = 0
    inferred: list[str] = field(default_factory=list)
    near_matches: list[NearMatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    invented: list[Invented] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def conflict_count(self) -> int:
        """How many fields of how many nodes this import's files disagree on."""
        return len({(c.node, c.field) for c in self.conflicts})

    def categories(self) -> dict[str, int]:
        """Every kind of warning with its count (those with none left out)."""
        counts = [
            ("conflict between sources", "conflicts between sources", self.conflict_count()),
            ("value changed", "values changed", len(self.changed)),
            ("new node named only by a link", "new nodes named only by a link",
             len(self.invented)),
            ("possible duplicate", "possible duplicates", len(self.near_matches)),
            ("other warning", "other warnings", len(self.warnings)),
        ]
        return {(one if n == 1 else many): n for one, many, n in counts if n}

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes_added": self.nodes_added,
            "nodes_merged": self.nodes_merged,
            "edges_added": self.edges_added,
            "edges_merged": self.edges_merged,
            "inferred": self.inferred,
            "near_matches": [nm.__dict__ for nm in self.near_matches],
            "warnings": self.warnings,
            "invented": [str(i) for i in self.invented],
            "changed": [str(c) for c in self.changed],
            "conflicts": [c.__dict__ for c in self.conflicts],
        }


class _Builder:
    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.schema = kg.schema
        self.report = ImportReport()
        self.errors: list[InputError] = []
        self.resolved: dict[int, str] = {}
        self.files: set[str] = set()  # the files of this import
        self.claimed: set[str] = set()  # nodes whose fields this import's files claim
        self.invented: list[tuple[str, Origin, str | None]] = []  # made by a link
        # resolve(): the node each reference found by name, per tuple of types it may be
        # (text, type to create, area, scope) -> id; a type's node indexed empties the
        # tuples that hold the type (_index), as the name may find another node then
        self._refs: dict[tuple[str, ...], dict[tuple[Any, ...], str]] = {}
        self._refs_by_type: dict[str, list[dict[tuple[Any, ...], str]]] = defaultdict(list)
        # resolve(): id(Ref) -> (the Ref, its node), and the ids each type's indexing forgets
        self._memo: dict[int, tuple[Ref, str]] = {}
        self._memo_by_type: dict[str, list[int]] = defaultdict(list)
        self._waiting: set[str] = set()  # placeholder areas a link made (no code yet)
        # (type, scope, identity key) -> ids; built once, kept up to date as nodes arrive
        self.index: dict[tuple[str, str | None, str], set[str]] = defaultdict(set)
        for node_id, data in kg.nx.nodes(data=True):
            self._index(node_id, data)
        self._near_cache: dict[str, dict[str, str]] = {}  # type -> {id: identity key}
        # type -> distinctive word -> ids whose names have it; id -> distinctive words
        self._near_words: dict[str, dict[str, set[str]]] = {}
        self._distinct: dict[str, str] = {}
        self._looks: dict[str, dict[str, str]] = {}  # type -> look_alike(name) -> id
        self._near_types: dict[str, bool] = {}  # type -> whether _near compares its names
        self._parsed: dict[tuple[str, str], Any] = {}  # (type, text) -> value or ValueError
        self.coded: dict[str, tuple[Origin, str | None]] = {}  # areas put with code and name
        self._no_dates: Counter[tuple[str, str, str]] = Counter()  # (file, column, text)
        self._covering: str | None = None  # the body whose `covers` cell is being resolved
        self._by_kind = False  # the last name was settled by that body's kind

    # -- index ---------------------------------------------------------------------
    def _index(self, node_id: str, data: dict[str, Any]) -> None:
        type_name = data["type"]
        for known in self._refs_by_type.get(type_name, ()):
            known.clear()
        if type_name == "Area" and data.get("inferred") and not data.get("code"):
            self._waiting.add(node_id)  # a placeholder a link made: placeholders()
        stale = self._memo_by_type.pop(type_name, None)
        if stale:
            memo = self._memo
            for ref_id in stale:
                memo.pop(ref_id, None)
        names = [data.get("name"), *data.get("aliases", [])]
        # a name a lower-ranked source gave finds the node too, though it is not its name
        claims = self.kg.claims.get(node_id)
        if claims:
            names += [fields["name"][0] for fields in claims.values() if "name" in fields]
        scope, area, index = data.get("scope"), data.get("area"), self.index
        for name in names:
            if name:
                if type_name == "Person":  # a store built before titles were folded
                    name = person_name(name)[0]
                index[(type_name, scope, identity_key(name))].add(node_id)
                if area and is_generic(name):
                    index[(type_name, scope, identity_key(f"{area} {name}"))].add(node_id)

    def _lookup(self, type_name: str, scope: str | None, name: str, area: str | None) -> set[str]:
        found = set(self.index.get((type_name, scope, identity_key(name)), ()))
        if len(found) > 1 and area:
            qualified = self.index.get((type_name, scope, identity_key(f"{area} {name}")), set())
            if qualified:
                return set(qualified)
        return found

    # -- errors --------------------------------------------------------------------
    def error(self, origin: Origin, field_: str | None, msg: str) -> None:
        self.errors.append(InputError(origin.source, origin.line, field_, msg))

    # -- nodes ---------------------------------------------------------------------
    def props(self, type_name: str, raw: dict[str, Any], origin: Origin,
              fields: dict[str, str], edge: bool = False) -> dict[str, Any] | None:
        spec = (self.schema.edge_types if edge else self.schema.node_types)[type_name]
        properties = spec.properties
        out: dict[str, Any] = {}
        ok = True
        for key, value in raw.items():
            if type(value) is str:  # a cell (is_blank, for text)
                if not value.strip():
                    continue
            elif is_blank(value):
                continue
            prop = properties.get(key)
            if prop is None:
                self.error(origin, fields.get(key, key), f"{type_name} has no property '{key}'")
                ok = False
                continue
            try:
                parsed = self._parse(prop.type, value)
            except ValueError as exc:
                if prop.type == "date" and type(value) is str and no_date(value):
                    self._no_dates[(origin.source, fields.get(key, key), value.strip())] += 1
                    continue  # 'TBC', 'Ongoing': no date yet
                self.error(origin, fields.get(key, key), str(exc))
                ok = False
                continue
            if type(parsed) is str:
                if parsed.strip():
                    out[key] = parsed
            elif not is_blank(parsed):
                out[key] = parsed
        if ok and "start" in out and "end" in out and \
                (wrong := backwards(out, fields.get("start", "start"))):
            self.error(origin, fields.get("end", "end"), wrong)
            ok = False
        for req in spec.required:
            if req == "name" and type_name == "Area" and "code" in out:
                continue  # an area given by code alone (a population file) keeps its name
            if req not in out:
                self.error(origin, fields.get(req, req), f"{type_name} needs a {req}")
                ok = False
        return out if ok else None

    def _alias_meets(self, found: set[str], keys: set[str], name: str, alias: str,
                     origin: Origin) -> set[str]:
        """The nodes a row's alias finds that are the row's body: a node a link made, or
        one whose own name is among the row's names. Two defined bodies that only share an
        alias ('LCC': Leeds City Council and Lancashire County Council) are two bodies; the
        shared alias is reported, and a link naming it must say which."""
        nodes = node_table(self.kg.nx)
        out = set()
        for n in found:
            data = nodes[n]
            own = data.get("name", "")
            if data.get("area") and is_generic(own):
                own = f"{data['area']} {own}"
            if data.get("inferred") or identity_key(own) in keys:
                out.add(n)
            else:
                self.report.warnings.append(
                    f"{origin.cite()}: '{name}' shares the alias '{alias}' with "
                    f"'{self.kg.label(n)}' ({n}); they are kept apart (give one of them the "
                    "other's name as an alias if they are one body)")
        return out

    def _parse(self, type_name: str, value: Any) -> Any:
        """:func:`parse_value`, once per distinct text and type: a national import gives
        the same statuses, dates and kinds in a hundred thousand rows. Texts (names) are
        distinct: their parse is the cleaning, itself remembered per string."""
        if type(value) is not str:
            return parse_value(type_name, value)
        kind = _KINDS.get(type_name)
        if kind is None:
            kind = _KINDS[type_name] = _kind_of(type_name)
        if kind is _PLAIN:
            return clean_text(value)  # what parse_value does with a text of these types
        if kind is not _REPEATED:
            return parse_value(type_name, value)
        found = self._parsed.get((type_name, value), _MISSING)
        if found is _MISSING:
            try:
                found = parse_value(type_name, value)
            except ValueError as exc:
                found = exc
            self._parsed[(type_name, value)] = found
        if isinstance(found, ValueError):
            raise ValueError(str(found))
        return found

    def node(self, rec: NodeRecord) -> str | None:
        nt = self.schema.node_types.get(rec.type)
        if nt is None:
            self.error(rec.origin, None, f"unknown node type '{rec.type}'")
            return None
        scope_id = None
        if rec.scope is not None and not is_blank(rec.scope.text):
            scope_id = self.resolve(rec.scope, rec.origin)
            if scope_id is None:
                return None
        props = self.props(rec.type, rec.props, rec.origin, rec.fields)
        if props is None:
            return None
        if rec.type == "Person":
            _untitle(props)
        nameless = "name" not in props  # an Area by code only: its name comes from elsewhere
        if nameless:
            known = self.kg.nx.nodes.get(make_id("Area", str(props["code"]).upper()))
            props["name"] = known["name"] if known else str(props["code"]).upper()
        name = props["name"]
        if rec.type == "Area" and "code" in props:
            props["code"] = props["code"].upper()
            if not is_ons_code(props["code"]):
                self.error(rec.origin, rec.fields.get("code", "code"),
                           f"'{props['code']}' is not an ONS code (e.g. E10000015)")
                return None
            by_code = self.schema.area_kind_for_code(props["code"])
            if by_code and props.get("kind") not in (None, by_code):
                # the code's prefix is the ONS geography: 'city' for Norwich's E07000148
                # is a non-metropolitan district
                self.report.warnings.append(
                    f"{rec.origin.cite()}: area {props['code']} '{name}' is a {by_code} by "
                    f"its code, not the {props['kind']} its kind cell says")
                props["kind"] = by_code
            props.setdefault("kind", by_code)
        if rec.type == "Strategy" and "period" in props:
            start, _, end = props["period"].partition("-")
            props.setdefault("start", start)
            props.setdefault("end", end or start)
        if rec.id:
            node_id = clean_text(rec.id)
        elif rec.type == "Area" and "code" in props:
            node_id = make_id("Area", props["code"])
        else:
            node_id = make_id(rec.type, name, area=props.get("area"), scope=scope_id)
        keyed_by_code = rec.type == "Area" and "code" in props  # a code is the identity
        if not rec.id and not keyed_by_code and node_id not in node_table(self.kg.nx):
            same = set()
            area = props.get("area")
            written = [name, *props.get("aliases", [])]
            keys = [identity_key(f"{area} {n}" if area and is_generic(n) else n)
                    for n in written]  # a generic name: this area's only
            for i, key in enumerate(keys):
                found = self.index.get((rec.type, scope_id, key))
                if found and i:  # by an alias: a body whose name is one of ours, not one
                    found = self._alias_meets(found, set(keys), name, written[i], rec.origin)
                if found:
                    same |= found
            if len(same) == 1:
                node_id = same.pop()
            elif len(same) > 1:
                self.error(rec.origin, rec.fields.get("name", "name"),
                           f"'{name}' matches several nodes: {', '.join(sorted(same))}")
                return None
        if not scope_id and rec.type != "Area" and not props.get("area") and is_generic(name):
            self.report.warnings.append(
                f"{rec.origin.source}:{rec.origin.line}: '{name}' is a generic name with no "
                "area; give the row an area so boards of different places stay apart"
            )
        self._put_node(node_id, rec.type, props, rec.origin, scope_id,
                       inferred=nameless and node_id not in self.kg.nx, file=rec.file)
        if keyed_by_code and not nameless:
            self.coded.setdefault(node_id, (rec.origin, rec.file))
        return node_id

    def _put_node(self, node_id: str, type_name: str, props: dict[str, Any], origin: Origin,
                  scope: str | None, inferred: bool = False, file: str | None = None) -> None:
        g = self.kg.nx
        # the claim is the imported file's (its rank, its sync); the row when it is its own
        file = file or origin.source
        said = origin if origin.source == file else Origin(
            file, origin.line if origin.source.startswith(f"{file} sheet ") else None)
        data = node_table(g).get(node_id)
        if data is not None:
            if data["type"] != type_name:
                self.error(origin, None, f"id '{node_id}' is already a {data['type']}, "
                           f"not a {type_name}")
                return
            self.report.nodes_merged += 1
            if inferred:  # a link names the node: it claims nothing, fills what is missing
                claims_of(self.kg, node_id).setdefault(file, {})
            else:
                claims_of(self.kg, node_id)  # before the node stops being inferred
                data.pop("inferred", None)
            for key, value in props.items():
                if isinstance(value, list):
                    old = data.get(key, [])
                    data[key] = old + [v for v in value if v not in old]
                elif not inferred:
                    was, before = claim(self.kg, node_id, key, value, said)
                    after = data.get(key)
                    if was not in (None, file) and not same_value(key, before, after):
                        self.report.changed.append(Change(
                            node_id, self.kg.label(node_id), key, before, after,
                            Origin(was, self.kg.claims[node_id][was][key][1]), said,
                            self._why(was, file)))
                    self.claimed.add(node_id)
                elif key not in data:
                    data[key] = value
            if data.get("aliases"):
                data["aliases"] = [a for a in data["aliases"] if a != data.get("name")]
        else:
            self._near(type_name, scope, props["name"], node_id, origin)
            # as g.add_node(node_id, type=..., provenance=[], **props), without its checks
            # (the id is new; apply clears networkx's cache)
            data = {"type": type_name, "provenance": []}
            data.update(props)
            new_node(g, node_id, data)
            if scope:
                data["scope"] = scope
            if inferred:
                data["inferred"] = True
                self.report.inferred.append(node_id)
            if file != origin.source:  # the claims are the file's, not its origin's
                self.kg.claims[node_id] = {file: {} if inferred else {
                    k: [v, said.line] for k, v in props.items() if not isinstance(v, list)}}
            self.report.nodes_added += 1
        _add_provenance(data, origin)
        self._index(node_id, data)

    def _near(self, type_name: str, scope: str | None, name: str, node_id: str,
              origin: Origin) -> None:
        """Report an existing node whose name is close to ``name`` (never merge it)."""
        compared = self._near_types.get(type_name)
        if compared is None:
            nt = self.schema.node_types[type_name]
            # scoped texts (themes, actions) are the duplicates question's job; texts such as
            # resolutions and milestones differ in a word or a date, not in spelling
            compared = self._near_types[type_name] = not (
                nt.scoped_by or type_name == "Area" or nt.properties["name"].type == "text")
        if not compared:
            return
        threshold = float(self.schema.identity["near_match_threshold"]) * 100
        if type_name not in self._near_cache:
            self._near_cache[type_name] = {}
            self._near_words[type_name] = defaultdict(set)
            for nid, d in self.kg.nx.nodes(data=True):
                if d["type"] == type_name:
                    self._looks.setdefault(type_name, {}).setdefault(
                        look_alike(self.kg.label(nid)), nid)
                    self._remember(type_name, nid, near_key(d.get("name", "")),
                                   _distinctive(self.kg.label(nid), type_name))
        choices = self._near_cache[type_name]
        looks = self._looks.setdefault(type_name, {})
        shown = look_alike(name)
        twin = looks.get(shown)
        if twin is not None and twin != node_id and self.kg.label(twin) != name and \
                not (name.isascii() and self.kg.label(twin).isascii()):
            # 'Kеnt County Council' (a Cyrillic 'е'): another id, the same look
            self.report.near_matches.append(NearMatch(
                name=name, node=node_id, existing=twin, existing_name=self.kg.label(twin),
                score=1.0, origin=f"{origin.source}:{origin.line}"))
        looks.setdefault(shown, node_id)
        key = near_key(name)  # tier words kept: 'Borough Concil' is near 'Borough Council'
        own = _distinctive(name, type_name)
        # only names that share a distinctive word can be reported (below), so only they
        # are compared: comparing every new name with every name was quadratic (8,000 new
        # members took 23 s). A word in over _COMMON names tells nothing apart.
        words = self._near_words[type_name]
        near: set[str] = set()
        for w in set(own.split()):
            if len(words.get(w, ())) <= _COMMON:
                near |= words.get(w, set())
        # the five closest, ties by id: the candidates come from sets, whose order changes
        # from run to run, so rapidfuzz's own cut at five would pick among ties by chance
        found = process.extract(key, {n: choices[n] for n in near}, scorer=fuzz.ratio,
                                score_cutoff=threshold, limit=None)
        for _, score, existing in sorted(found, key=lambda f: (-f[1], f[2]))[:5]:
            # 'Kent X' and 'Hertfordshire X' are alike letter by letter but name two
            # places: the names must share a word that is not generic
            other = self._distinct[existing]
            if choices[existing] == key or not (set(own.split()) & set(other.split())) or \
                    re.sub(r"\d+", "", choices[existing]) == re.sub(r"\d+", "", key):
                continue  # no distinctive word shared, or the same name but for numbers
            self.report.near_matches.append(NearMatch(
                name=name, node=node_id, existing=existing,
                existing_name=self.kg.label(existing), score=round(score / 100, 3),
                origin=f"{origin.source}:{origin.line}",
            ))
        self._remember(type_name, node_id, key, own)

    def _remember(self, type_name: str, node_id: str, key: str, distinct: str) -> None:
        self._near_cache[type_name][node_id] = key
        self._distinct[node_id] = distinct
        for w in distinct.split():
            self._near_words[type_name][w].add(node_id)

    # -- references ------------------------------------------------------------------
    def resolve(self, ref: Ref, origin: Origin) -> str | None:
        """The node a reference names: found, or made when its column may make one."""
        if ref.record is not None:
            return self.resolved.get(id(ref.record))
        # importers share one Ref among the rows that name the same thing (a national
        # actions sheet: a hundred thousand rows, a few thousand themes and leads), so a
        # reference resolved before gives the same node until a node of a type it depends
        # on is indexed (_index forgets it then), unless resolving it changed the graph
        hit = self._memo.get(id(ref))
        if hit is not None and hit[0] is ref:
            return hit[1]
        self._by_kind = False
        report = self.report
        before = (report.nodes_added, report.nodes_merged, report.edges_added,
                  report.edges_merged, len(self.errors))
        node_id = self._resolve(ref, origin)
        if node_id is not None and not self._by_kind and before == (
                report.nodes_added, report.nodes_merged, report.edges_added,
                report.edges_merged, len(self.errors)):
            self._memo[id(ref)] = (ref, node_id)
            r: Ref | None = ref
            while r is not None:  # its types, what it may make, and its scope's
                for type_name in (*r.types, r.create):
                    if type_name:
                        self._memo_by_type[type_name].append(id(ref))
                r = r.scope
        return node_id

    def _resolve(self, ref: Ref, origin: Origin) -> str | None:
        text = clean_text(ref.text)
        g = self.kg.nx
        named = node_table(g).get(text)
        if named is not None and named["type"] in ref.types:
            return text
        scope_id = None
        if ref.scope is not None and not is_blank(ref.scope.text):
            scope_id = self.resolve(ref.scope, origin)
            if scope_id is None:
                return None
        # a name found before: the same node, until a node of one of its types is indexed
        key = (text, ref.create, ref.area, scope_id)
        types = ref.types if type(ref.types) is tuple else tuple(ref.types)
        known = self._refs.get(types)
        if known is not None:
            found_before = known.get(key)
            if found_before is not None:
                return found_before
        if "Area" in ref.types and is_ons_code(text):
            node_id = make_id("Area", text)
            if node_id not in g:
                code = text.upper()
                self.invented.append((node_id, origin, ref.column))
                self._put_node(node_id, "Area", {
                    "name": code, "code": code,
                    **({"kind": k} if (k := self.schema.area_kind_for_code(code)) else {}),
                }, origin, None, inferred=True)
            return node_id
        if is_ons_code(text):
            self.error(origin, ref.column, f"'{text}' is an area code, but a "
                       f"{' or '.join(ref.types)} is expected here")
            return None
        found: set[str] = set()
        for type_name in ref.types:
            scope = scope_id if self.schema.node_types[type_name].scoped_by else None
            found = self._lookup(type_name, scope,
                                 person_name(text)[0] if type_name == "Person" else text,
                                 ref.area)
            if found:
                break
        if len(found) > 1:  # a placeholder a link made stands for the node defined since
            found = self._defined(found)
        if len(found) > 1 and self._covering:
            found = self._by_covering_kind(found)
        if len(found) == 1 and self._by_kind:
            return found.pop()  # this row's choice: not remembered for the name
        if len(found) == 1:
            node_id = found.pop()
            if known is None:
                known = self._refs[types] = {}
                for type_name in types:
                    self._refs_by_type[type_name].append(known)
            known[key] = node_id
            return node_id
        if len(found) > 1:
            self.error(origin, ref.column, self._ambiguous(text, found, ref.area))
            return None
        if ref.create:
            create = ref.create
            if "Person" in ref.types and person_name(text)[1]:
                create = "Person"  # 'Cllr Graham Gooch' in a member column is a person
            scoped = self.schema.node_types[create].scoped_by
            props: dict[str, Any] = {"name": text}
            if create == "Person":
                _untitle(props)
            if ref.area and is_generic(text) and not scoped:
                props["area"] = ref.area
            node_id = make_id(create, text, area=props.get("area"),
                              scope=scope_id if scoped else None)
            if node_id in g and g.nodes[node_id]["type"] != create:
                self.error(origin, ref.column, f"'{text}' is a {g.nodes[node_id]['type']}, "
                           f"not a {' or '.join(ref.types)}")
                return None
            if node_id not in g:
                self.invented.append((node_id, origin, ref.column))
            self._put_node(node_id, create, props, origin,
                           scope_id if scoped else None, inferred=True)
            scope_edge = self.schema.node_types[create].scope_edge
            if scoped and scope_id and scope_edge:
                self._put_edge(scope_edge, scope_id, node_id, {}, origin)
            return node_id
        self.error(origin, ref.column, f"no {' or '.join(ref.types)} called '{text}'")
        return None

    def _defined(self, found: set[str]) -> set[str]:
        """Of several nodes one name finds, the one a file defines, when only one is: a
        node made only because a link named it stands for it. So an area that a `covers`
        cell made by name ('NHS Norfolk and Waveney Integrated Care Board') before the ONS
        lookup brought E54000022 under that name gives way to E54000022, as an area known
        by its name alone gives way to the one area with an ONS code."""
        nodes = node_table(self.kg.nx)
        defined = {n for n in found if not nodes[n].get("inferred")}
        if len(defined) == 1:
            return defined
        coded = {n for n in found if _coded(nodes[n])}
        if len(coded) == 1 and all(nodes[n]["type"] == "Area" and not nodes[n].get("code")
                                   for n in found - coded):
            return coded
        return found

    def _by_covering_kind(self, found: set[str]) -> set[str]:
        """Areas of one name ('Norfolk': the county, the police force area, the fire
        authority) in a `covers` cell: the one of the kind the covering body's kind covers
        (identity rule ``covers_kinds``: a police body its police force area, a county
        council its county), else the one local authority area among them."""
        nodes = node_table(self.kg.nx)
        if any(nodes[n]["type"] != "Area" for n in found):
            return found
        body = nodes[self._covering]
        rules = self.schema.identity.get("covers_kinds") or {}
        kind = str(body.get("kind") or "")
        default = rules.get("default", [])
        wanted = (rules.get(body["type"], {}) or {}).get(kind) or default
        for kinds in (wanted, default) if wanted != default else (default,):
            chosen = {n for n in found if nodes[n].get("kind") in kinds}
            if len(chosen) == 1:
                self._by_kind = True
                return chosen
        return found

    def _ambiguous(self, text: str, found: set[str], area: str | None) -> str:
        """Why a name is refused, and what would settle it for this row: the candidates
        as they differ (an area's code and kind, a body's area), then the one change."""
        nodes = node_table(self.kg.nx)
        areas = sorted(n for n in found if nodes[n]["type"] == "Area")
        if len(areas) == len(found) and all(nodes[n].get("code") for n in areas):
            named = ", ".join(f"{nodes[n]['code']} ({self._kind_label(n)})" for n in areas)
            return (f"'{text}' names {len(areas)} areas: {named}; write the code of the one "
                    "meant")
        mixed = len({nodes[n]["type"] for n in found}) > 1
        listed = ", ".join(n + (f" ({what})" if (what := self._what(n, mixed)) else "")
                           for n in sorted(found))
        places = {nodes[n].get("area") for n in found}
        if not area and None not in places and len(places) == len(found):
            return (f"'{text}' could be any of {listed}; give the row an area (one of "
                    f"{', '.join(sorted(places))}) or use the id")
        if area:
            return (f"'{text}' could be any of {listed}; the row's area '{area}' does not tell "
                    "them apart: use the id, or a name only one of them has")
        return f"'{text}' could be any of {listed}; use the id, or a name only one of them has"

    def _kind_label(self, node_id: str) -> str:
        kind = node_table(self.kg.nx)[node_id].get("kind") or ""
        spec = self.schema.vocabularies["area_kind"].values.get(kind, {})
        return str(spec.get("label", kind or "area")).split(" (")[0].lower()

    def _what(self, node_id: str, typed: bool) -> str:
        """What tells a candidate apart: 'an Area, E54000022', 'in Kent', or nothing."""
        data = node_table(self.kg.nx)[node_id]
        where = (f"{data['code']}" if data.get("code") else
                 f"in {data['area']}" if data.get("area") else "")
        if not typed:
            return where
        what = data["type"]
        article = "an" if what[:1] in "AEIOU" else "a"
        return f"{article} {what}" + (f", {where}" if where else "")

    # -- edges ---------------------------------------------------------------------
    def edge(self, rec: EdgeRecord) -> None:
        et = self.schema.edge_types.get(rec.type)
        if et is None:
            self.error(rec.origin, None, f"unknown edge type '{rec.type}'")
            return
        u = self.resolve(rec.source, rec.origin)
        if u is None:
            return
        self._covering = u if rec.type == "COVERS" else None  # areas of one name: by its kind
        try:
            v = self.resolve(rec.target, rec.origin)
        finally:
            self._covering = None
        if v is None:
            return
        nodes = node_table(self.kg.nx)
        tu, tv = nodes[u]["type"], nodes[v]["type"]
        if tu not in et.sources or tv not in et.targets:
            column = rec.target.column if tv not in et.targets else rec.source.column
            self.error(rec.origin, column,
                       f"{rec.type} cannot go from {tu} '{self.kg.label(u)}' to {tv} "
                       f"'{self.kg.label(v)}' (allowed: {', '.join(et.sources)} -> "
                       f"{', '.join(et.targets)})")
            return
        if u == v:
            self.error(rec.origin, rec.target.column, f"{rec.type} from '{u}' to itself")
            return
        if rec.props or et.required:
            props = self.props(rec.type, rec.props, rec.origin, rec.fields, edge=True)
            if props is None:
                return
        else:  # most links (a member, a lead, a theme's action) say nothing more
            props = {}
        self._put_edge(rec.type, u, v, props, rec.origin, rec.file)

    def _put_edge(self, type_name: str, u: str, v: str, props: dict[str, Any],
                  origin: Origin, file: str | None = None) -> None:
        # both ends are nodes already; apply clears networkx's cache
        keys = edge_keys(self.kg.nx, u, v)
        data = keys.get(type_name)
        if data is not None:
            mine = rank_of(self.kg, file or origin.source)[0]
            if all(rank_of(self.kg, o.source)[0] <= mine for o in data.get("provenance", ())):
                data.update(props)
            else:  # a higher-ranked file states the edge: only what it left out is added
                for key, value in props.items():
                    data.setdefault(key, value)
            self.report.edges_merged += 1
        else:  # a new edge: its first origin, nothing to sort
            data = keys[type_name] = {"provenance": [origin]}
            data.update(props)
            self.report.edges_added += 1
            return
        _add_provenance(data, origin)

    def _why(self, was: str, by: str) -> str:
        """Why a file's value replaced another file's: its rank, or its being later."""
        ranks = [self.schema.source_rank((self.kg.sources.get(f) or {}).get("format"))
                 for f in (by, was)]
        if ranks[0].level > ranks[1].level:
            return f"a {ranks[0].label} outranks a {ranks[1].label}"
        return "the later import wins"

    def placeholders(self) -> None:
        """An area that a link made by name ('Tandridge' in a `covers` cell) before an ONS
        lookup or areas file gave the one area of that name its code (E07000215): the coded
        area lies WITHIN the placeholder, so what covers the name covers its footprint, as
        when a landscape is imported before the lookups, as the README shows. A name that
        several coded areas share ('Norfolk': the county, the police force area and the
        fire authority) is left, with a warning saying which codes it could be."""
        if not self.coded or not self._waiting:
            return
        nodes = node_table(self.kg.nx)
        for n in sorted(self._waiting):
            data = nodes.get(n)
            if data is None or not data.get("inferred") or data.get("code"):
                continue
            named = self.index.get(("Area", None, identity_key(data["name"])), ())
            coded = sorted(c for c in named if _coded(nodes[c]))
            if not any(c in self.coded for c in coded):
                continue  # nothing this import brought
            if len(coded) == 1:
                if not self.kg.nx.has_edge(coded[0], n, "WITHIN"):
                    self._put_edge("WITHIN", coded[0], n, {}, *self.coded[coded[0]])
                continue
            self.report.warnings.append(
                f"'{data['name']}' is an area only a link names, and could be any of "
                + ", ".join(f"{nodes[c]['code']} ({self._kind_label(c)})" for c in coded)
                + ": write the code of the one meant where the name is")

    # -- after the import ------------------------------------------------------------
    def finish(self) -> None:
        """What the report says beyond counts: the nodes a link invented, with the
        closest existing names, and the conflicts this import's files are party to."""
        for (source, column, text), rows in sorted(self._no_dates.items()):
            self.report.warnings.append(
                f"{Origin(source, None).cite()}, column '{column}': '{text}' is no date; read "
                f"as blank ({rows} {'row' if rows == 1 else 'rows'})")
        g = self.kg.nx
        invented = [(n, o, c) for n, o, c in self.invented
                    if n in g and g.nodes[n].get("inferred")]
        index = self._by_word({g.nodes[n]["type"] for n, _, _ in invented})
        for node_id, origin, column in invented:
            data = g.nodes[node_id]
            self.report.invented.append(Invented(
                node_id, data["type"], self.kg.label(node_id), origin, column,
                self._closest(node_id, data, index)))
        for node_id in sorted(self.claimed):
            rows = conflicts_of(self.kg, node_id)
            ours = {c.field for c in rows if c.source in self.files}
            self.report.conflicts.extend(c for c in rows if c.field in ours)

    def _by_word(self, types: set[str]) -> dict[tuple[str, str | None], dict[str, set[str]]]:
        """(type, scope) -> distinctive word -> the ids of nodes (not inferred) whose names
        have it: one pass over the graph, so that each invented name is compared only
        with the names that share a word with it."""
        index: dict[tuple[str, str | None], dict[str, set[str]]] = {}
        if not types:
            return index
        for n, d in self.kg.nx.nodes(data=True):
            if d["type"] in types and not d.get("inferred"):
                words = index.setdefault((d["type"], d.get("scope")), {})
                for w in set(_distinctive(self.kg.label(n), d["type"]).split()):
                    words.setdefault(w, set()).add(n)
        return index

    def _closest(self, node_id: str, data: dict[str, Any],
                 index: dict[tuple[str, str | None], dict[str, set[str]]]
                 ) -> tuple[tuple[str, float], ...]:
        """Up to three names of the same type (and scope) that share a word with the
        node's that is not generic, best first by rapidfuzz's WRatio of identity keys."""
        type_name = data["type"]
        if type_name == "Area" and is_ons_code(str(data.get("name", ""))):
            return ()  # a code names one area or none: there is nothing to be near
        name = self.kg.label(node_id)
        words = index.get((type_name, data.get("scope")), {})
        near: set[str] = set()
        for w in set(_distinctive(name, type_name).split()):
            if len(words.get(w, ())) <= _COMMON:
                near |= words.get(w, set())
        near.discard(node_id)
        choices = {n: near_key(self.kg.label(n)) for n in near}
        found = sorted((-round(score / 100, 2), self.kg.label(other)) for _, score, other in
                       process.extract(near_key(name), choices, scorer=fuzz.WRatio,
                                       score_cutoff=60, limit=None))
        return tuple((label, -score) for score, label in found[:3])


_COMMON = 2_000
# property types whose cells repeat (statuses, dates, kinds): each distinct cell parsed once;
# names and other texts are distinct, lists mutable and geometries large: parsed each time
_CACHED = ("date", "period", "integer", "number", "boolean")
_MISSING = object()
# how _parse treats a property type: parsed once per distinct cell, parsed each time, or
# plain text (parse_value cleans it: any type it has no parser for)
_REPEATED, _EACH, _PLAIN = object(), object(), object()
_KINDS: dict[str, object] = {}


def _kind_of(type_name: str) -> object:
    if type_name in _CACHED or type_name.startswith("vocab:"):
        return _REPEATED
    if type_name in ("list", "wkt"):
        return _EACH
    return _PLAIN


def _coded(data: dict[str, Any]) -> bool:
    """An area with an ONS code (E07000215), not one known by its name alone."""
    code = data.get("code")
    return data["type"] == "Area" and bool(code) and is_ons_code(str(code))


def _distinctive(name: str, type_name: str = "") -> str:
    """The words of a name that tell it from others of its type: not generic words and not
    the type's own noun ('Kent HWB meeting' and 'Leicester HWB meeting' share no such
    word)."""
    generic = generic_words()
    noun = type_name.lower()
    return " ".join(w for w in near_key(name).split() if w not in generic and w != noun)


def _untitle(props: dict[str, Any]) -> None:
    """A person's courtesy title and honours go from the name to ``title`` (identity rule
    ``person_titles``): 'Cllr Graham Gooch' is Graham Gooch, title Cllr."""
    name, title = person_name(props["name"])
    if title:
        props["name"] = name
        props.setdefault("title", title)


def _add_provenance(data: dict[str, Any], origin: Origin) -> None:
    prov = data.setdefault("provenance", [])
    if not prov:  # most nodes and edges: their first origin, nothing to sort
        prov.append(origin)
    elif origin not in prov:
        prov.append(origin)
        if len(prov) > 2 or prov[0].sort_key() > origin.sort_key():
            prov.sort(key=Origin.sort_key)


# a council's name around its place: 'Mole Valley District Council', 'City of Bradford
# Metropolitan District Council', 'Borough Council of King's Lynn and West Norfolk'
_COUNCIL_SUFFIX = re.compile(r"\s+(?:metropolitan\s+)?(?:borough|district|county|city)?\s*"
                             r"council$", re.I)
_COUNCIL_PREFIX = re.compile(r"^(?:the\s+)?(?:royal\s+|london\s+)?(?:borough|city|county)"
                             r"(?:\s+council)?\s+of\s+", re.I)


def councils_by_area(builder: _Builder, nodes: list[NodeRecord],
                     edges: list[EdgeRecord]) -> None:
    """A council's kind from the area it covers (identity rule ``council_tiers``), before
    the rows are applied: its `covers` codes, or names that one area with a code has,
    else its own name's place ('Norwich City Council': Norwich, E07000148, a district).
    Words decide only when no area does; a document's reading is left as it is, to meet
    the tables' as a conflict."""
    schema = builder.schema
    tiers: dict[str, str] = schema.identity.get("council_tiers") or {}
    words = {_fold_kind(w) for w in schema.identity.get("council_words", ())}
    orgs = [r for r in nodes if r.type == "Organisation" and type(r.props.get("kind")) is str
            and type(r.props.get("name")) is str]
    if not tiers or not orgs:
        return
    covers: dict[int, list[str]] = defaultdict(list)
    for e in edges:
        if e.type == "COVERS" and e.source.record is not None:
            covers[id(e.source.record)].append(clean_text(e.target.text))
    named: dict[str, set[str]] = defaultdict(set)  # this import's areas: name key -> codes
    for r in nodes:
        if r.type != "Area":
            continue
        code, name = r.props.get("code"), r.props.get("name")
        if code and name and is_ons_code(clean_text(code)):
            named[identity_key(clean_text(name))].add(clean_text(code).upper())
    area_nodes = node_table(builder.kg.nx)

    def codes(text: str) -> set[str]:
        if is_ons_code(text):
            return {text.upper()}
        key = identity_key(text)
        found = set(named.get(key, ()))
        for n in builder.index.get(("Area", None, key), ()):
            if _coded(area_nodes[n]):
                found.add(str(area_nodes[n]["code"]).upper())
        return found

    def tier_of(found: set[str]) -> tuple[str, str] | None:
        """(council kind, the code that says so) when the council-tier areas agree."""
        kinds = {(tiers[k], c) for c in found if (k := schema.area_kind_for_code(c)) in tiers}
        return min(kinds) if len({k for k, _ in kinds}) == 1 else None

    for rec in orgs:
        fmt = (builder.kg.sources.get(rec.file or rec.origin.source) or {}).get("format")
        if schema.source_rank(fmt).name == "document":
            continue
        written = clean_text(rec.props["kind"])
        try:
            kind = builder._parse("vocab:organisation_kind", written)
        except ValueError:
            kind = None
        if kind not in tiers.values() and _fold_kind(written) not in words:
            continue
        texts = covers.get(id(rec))
        if texts:
            found = [c for t in texts if len(c := codes(t)) == 1]
            got = tier_of(set().union(*found)) if found else None
        else:
            name = clean_text(rec.props["name"])
            place = _COUNCIL_PREFIX.sub("", _COUNCIL_SUFFIX.sub("", name))
            got = tier_of(codes(place)) if place != name else None
        if got is None and kind is None:
            del rec.props["kind"]  # one error for the cell, this one
            builder.error(rec.origin, rec.fields.get("kind", "kind"), (
                f"'{written}' says '{rec.props['name']}' is a council but not which tier, and "
                "no area it covers says: give the ONS code of its district, unitary or county "
                "in covers, or write county_council, district_council or unitary_council"))
            continue
        if got is None or got[0] == kind:
            continue
        rec.props["kind"] = got[0]
        if kind is not None:
            builder.report.warnings.append(
                f"{rec.origin.cite()}: '{rec.props['name']}' is a {got[0]} (its area {got[1]} "
                f"is a {schema.area_kind_for_code(got[1])}), not the {kind} its kind "
                f"'{written}' reads as")


def _fold_kind(text: str) -> str:
    return " ".join(str(text).lower().replace("_", " ").replace("-", " ").split())


def apply(kg: KnowledgeGraph, records: Iterable[NodeRecord | EdgeRecord]) -> ImportReport:
    """Apply records to ``kg`` in place. Raises InputErrors (and ``kg`` must be discarded)."""
    builder = _Builder(kg)
    changed(kg.nx)
    order = {name: i for i, name in enumerate(kg.schema.node_types)}
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    for rec in records:
        (nodes if isinstance(rec, NodeRecord) else edges).append(rec)
        builder.files.add(rec.file or rec.origin.source)
    # Scoped types (themes, actions) after what they are scoped by; areas and bodies first;
    # within a type, higher-ranked files first, so that a node's id comes from the name a
    # curated table gives it rather than from a document's reading of it.
    level = {f: rank_of(kg, f)[0] for f in builder.files}
    councils_by_area(builder, nodes, edges)
    nodes.sort(key=lambda r: (order.get(r.type, len(order)),
                              -level[r.file or r.origin.source]))
    for rec in nodes:
        node_id = builder.node(rec)
        if node_id is not None:
            builder.resolved[id(rec)] = node_id
    for rec in edges:
        builder.edge(rec)
    builder.placeholders()
    changed(kg.nx)
    if builder.errors:
        raise InputErrors(builder.errors)
    builder.finish()
    return builder.report
