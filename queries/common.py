"""Walks over the graph that several questions share."""

from __future__ import annotations

from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from ..schemas import load_schema

__all__ = ["area_id", "area_label", "areas_above", "areas_below", "areas_of", "evidence",
           "resolve_partnership", "strategy_of"]


def area_id(area: str) -> str:
    """The node id of an area given by id or ONS code ('E10000015' -> 'area:E10000015')."""
    return area if area.startswith("area:") else f"area:{area.upper()}"


def area_label(kg: KnowledgeGraph, area: str, *, code: bool = False) -> str:
    """An area's name with its kind in words, 'Lancashire (police force area)' (and its
    ONS code first with ``code``), so that areas of one name tell apart."""
    data = kg.node(area)
    name = data.get("name") or area
    spec = load_schema().vocabularies["area_kind"].values.get(data.get("kind") or "", {})
    label = str(spec.get("label", "")).split(" (")[0]
    text = f"{name} ({label[:1].lower() + label[1:]})" if label else name
    return f"{data['code']} {text}" if code and data.get("code") else text


def _closure(kg: KnowledgeGraph, area: str, step: str) -> set[str]:
    seen = {area}
    stack = [area]
    while stack:
        current = stack.pop()
        for nxt in (kg.into(current, "WITHIN") if step == "down" else kg.out(current, "WITHIN")):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def areas_below(kg: KnowledgeGraph, area: str) -> set[str]:
    """An area and every area WITHIN it, at any depth."""
    return _closure(kg, area, "down")


def areas_above(kg: KnowledgeGraph, area: str) -> set[str]:
    """An area and every area it lies WITHIN, at any depth."""
    return _closure(kg, area, "up")


def areas_of(kg: KnowledgeGraph, node: str) -> set[str]:
    """The areas a body or plan COVERS, with every area within them."""
    out: set[str] = set()
    for area in kg.out(node, "COVERS"):
        out |= areas_below(kg, area)
    return out


def strategy_of(kg: KnowledgeGraph, node: str) -> str | None:
    """The strategy a theme, objective or action belongs to."""
    scope = kg.node(node).get("scope")
    if scope and scope in kg:
        return scope
    seen = {node}
    stack = [node]
    while stack:
        current = stack.pop()
        for parent in kg.into(current):
            if kg.type_of(parent) == "Strategy":
                return parent
            if parent not in seen and kg.type_of(parent) in ("Theme", "Objective"):
                seen.add(parent)
                stack.append(parent)
    return None


def evidence(kg: KnowledgeGraph, node: str) -> str:
    """Where a node came from: its first source's file, by name (a local path means nothing
    elsewhere), and row or line: 'actions.csv, row 4' (``Origin.where``)."""
    prov = kg.node(node).get("provenance") or []
    if not prov:
        return ""
    return prov[0].where()


def resolve_partnership(kg: KnowledgeGraph, text: str) -> str:
    """The id of the one partnership ``text`` names: an id, a name, or the name lspgraph
    shows it by ('Leicester Health and Wellbeing Board' for the generic name 'Health and
    Wellbeing Board' with the area Leicester)."""
    found = kg.find(text, ("Partnership",))
    if not found:
        folded = text.casefold().strip()
        found = [p for p in kg.nodes("Partnership") if kg.label(p).casefold() == folded]
    if len(found) != 1:
        raise LspGraphError(f"'{text}' names {len(found) or 'no'} partnerships"
                            + (f": {', '.join(found)}" if found else ""))
    return found[0]
