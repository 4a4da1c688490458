"""Sources that disagree: which value a node keeps, and the conflicts kept beside it.

Every file that states a node *claims* values for its fields. The schema's ``precedence``
ranks the import formats (curated tables above RDF imports above documents): a node keeps
the value of its highest-ranked claim, and within one rank the claim of the later import.
A lower-ranked file never overwrites a higher-ranked value; it may add a field nobody else
gave. Every field with more than one value among its claims is a :class:`Conflict`.

Claims are kept per node as ``{file: {field: [value, line]}}`` in ``kg.claims``. A node
that only one file states needs none stored: its claims are its properties (see
:func:`claims_of`). Retracting a file (re-import, ``lspgraph forget``) drops its claims and
lets the next-ranked value surface (:func:`drop`).

>>> from lspgraph.graph.model import KnowledgeGraph
>>> from lspgraph.graph.records import Origin
>>> kg = KnowledgeGraph()
>>> kg.sources = {"orgs.csv": {"format": "csv", "seq": 1},
...               "minutes.txt": {"format": "document", "seq": 2}}
>>> kg.nx.add_node("o", type="Organisation", name="Preston City Council",
...                kind="district_council", provenance=[Origin("orgs.csv", 3)])
>>> claim(kg, "o", "kind", "unitary_council", Origin("minutes.txt", 8))  # kept before
('orgs.csv', 'district_council')
>>> kg.node("o")["kind"]
'district_council'
>>> [(c.value, c.kept) for c in conflicts_of(kg, "o")]
[('district_council', True), ('unitary_council', False)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .ids import display_name, identity_key
from .records import Origin

__all__ = ["Conflict", "claim", "claims_of", "conflicts_of", "drop", "rank_of", "same_value",
           "settled"]

# node data keys that are not claims: the graph's own bookkeeping
_NOT_CLAIMED = ("type", "scope", "provenance", "inferred")

Claims = dict[str, dict[str, list[Any]]]  # file -> field -> [value, line]


@dataclass(frozen=True)
class Conflict:
    """One value of a field that sources disagree on, with the file and row that gave it.

    A conflict is the set of :class:`Conflict` rows of one node and field; ``kept`` marks
    the value the node holds.
    """

    node: str
    field: str
    value: Any
    source: str
    line: Any
    rank: str
    kept: bool

    def cite(self) -> str:
        """'organisations.csv, row 3' (the file's name and its row or line)."""
        return Origin(self.source, self.line).cite()


def rank_of(kg: Any, file: str) -> tuple[int, int, str]:
    """How a file's claims are ordered: its rank's level, then its import's sequence."""
    info = kg.sources.get(file) or {}
    return (kg.schema.source_rank(info.get("format")).level, int(info.get("seq") or 0), file)


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items()
            if k not in _NOT_CLAIMED and not isinstance(v, list | dict)}


def _files(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Each file of a node's provenance once, with its first row or line."""
    seen: set[str] = set()
    for o in data.get("provenance") or ():
        if o.source not in seen:
            seen.add(o.source)
            yield o.source, o.line


def implicit(data: dict[str, Any]) -> Claims:
    """The claims a node with none stored has: every file stating it claims its properties
    (an inferred node's files only named it)."""
    props = {} if data.get("inferred") else _scalars(data)
    return {f: {k: [v, line] for k, v in props.items()} for f, line in _files(data)}


def claims_of(kg: Any, node_id: str) -> Claims:
    """The node's claims, made explicit (and kept in ``kg.claims``) on first use."""
    found = kg.claims.get(node_id)
    if found is None:
        found = kg.claims[node_id] = implicit(kg.nx.nodes[node_id])
    return found


def settled(kg: Any, node_id: str) -> Claims | None:
    """The claims to store for a node: None when :func:`implicit` gives them back."""
    found = kg.claims.get(node_id)
    if found is None or node_id not in kg.nx:
        return None
    return None if found == implicit(kg.nx.nodes[node_id]) else found


def same_value(field: str, a: Any, b: Any) -> bool:
    """Whether two values of a field agree (names: when their identity keys are equal)."""
    if field == "name" and isinstance(a, str) and isinstance(b, str):
        return identity_key(a) == identity_key(b)  # spellings of one name, not a conflict
    return bool(a == b)


def _known_names(data: dict[str, Any], names: list[Any]) -> bool:
    """Whether every name is one the node is known by: its name or an alias, as shown
    ('Health and Wellbeing Board' of Kent is 'Kent Health and Wellbeing Board')."""
    area = data.get("area")
    known = {identity_key(display_name(str(n), area)) for n in
             [data.get("name"), *(data.get("aliases") or [])] if n}
    return all(identity_key(display_name(str(n), area)) in known for n in names)


def _best(kg: Any, claims: Claims, field: str) -> str | None:
    """The file whose claim on ``field`` the node keeps (None when no file gives one)."""
    files = [f for f, fields in claims.items() if field in fields]
    return max(files, key=lambda f: rank_of(kg, f)) if files else None


def claim(kg: Any, node_id: str, field: str, value: Any, origin: Origin
          ) -> tuple[str | None, Any]:
    """Record that ``origin`` gives ``value`` for a node's field, and let the best claim
    decide the node's value. Returns the file whose claim the node kept before (None if
    none did) and the value it had."""
    claims = claims_of(kg, node_id)
    data = kg.nx.nodes[node_id]
    before = _dropped(kg).get((node_id, field)) or (_best(kg, claims, field), data.get(field))
    claims.setdefault(origin.source, {})[field] = [value, origin.line]
    best = _best(kg, claims, field)
    if best is not None:
        data[field] = claims[best][field][0]
    return before


def _dropped(kg: Any) -> dict[tuple[str, str], tuple[str, Any]]:
    """(node, field) -> (file, value) the node held before :func:`drop` took that file's
    claim away, so that :func:`claim` can tell what an import really changed."""
    if not hasattr(kg, "_dropped_claims"):
        kg._dropped_claims = {}
    return kg._dropped_claims  # type: ignore[no-any-return]


def drop(kg: Any, node_id: str, files: Iterable[str]) -> None:
    """Take the claims of ``files`` off a node (call before its provenance loses them):
    each field they gave falls back to the next-ranked claim; a field no other file
    gives goes, unless no file states the node any more (it then stays as it was)."""
    claims = claims_of(kg, node_id)
    gone = {f: claims.pop(f) for f in set(files) if f in claims}
    if not gone:
        return
    data = kg.nx.nodes[node_id]
    if not any(claims.values()):
        return
    dropped = _dropped(kg)
    for field in {k for fields in gone.values() for k in fields}:
        # what the node held before, for a re-import to tell a real change from its own
        best = max((f for f in gone if field in gone[f]), key=lambda f: rank_of(kg, f))
        if _best(kg, {**claims, best: gone[best]}, field) == best:
            dropped.setdefault((node_id, field), (best, data.get(field)))
    required = set(kg.schema.node_types[data["type"]].required) if \
        data["type"] in kg.schema.node_types else {"name"}
    for field in {k for fields in gone.values() for k in fields}:
        best = _best(kg, claims, field)
        if best is not None:
            data[field] = claims[best][field][0]
        elif field not in required:
            data.pop(field, None)


def conflicts_of(kg: Any, node_id: str) -> list[Conflict]:
    """Every value of every field the node's sources disagree on, kept value first."""
    claims = kg.claims.get(node_id)
    if not claims or len(claims) < 2:
        return []
    data = kg.nx.nodes[node_id]
    out: list[Conflict] = []
    for field in sorted({k for fields in claims.values() for k in fields}):
        given = [(f, fields[field]) for f, fields in claims.items() if field in fields]
        values = [v for _, (v, _) in given]
        if all(same_value(field, values[0], v) for v in values[1:]):
            continue
        if field == "name" and _known_names(data, values):
            continue  # each is the node's name or one of its aliases
        best = _best(kg, claims, field)
        given.sort(key=lambda fv: (fv[0] != best, [-x if isinstance(x, int) else x
                                                   for x in rank_of(kg, fv[0])[:2]], fv[0]))
        for f, (value, line) in given:
            info = kg.sources.get(f) or {}
            out.append(Conflict(node_id, field, value, f, line,
                                kg.schema.source_rank(info.get("format")).name,
                                f == best and same_value(field, value, data.get(field))))
    return out

