"""Where a view's nodes go: groups above the node limit, and a layout by partnership.

:func:`group` folds nodes into expandable groups until a view fits its node limit, in
this order, each step only when the previous ones were not enough: areas below a district
by district, actions by strategy, themes, objectives and indicators by strategy, meetings,
decisions, milestones and documents by type, members (organisations by kind, people).
:func:`place` lays the (grouped) graph out without physics, so a page is settled as soon
as it is drawn: each partnership is the centre of its cluster, with its members, its
strategies and their contents on rings around it (a radial tree from a breadth-first
search started at every partnership at once, so a node joins the partnership nearest to
it); what no partnership reaches forms clusters of its own; clusters are packed in rows.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from ..queries.coterminosity import Footprints

__all__ = ["Group", "finer_areas", "group", "place"]


@dataclass
class Group:
    """Nodes shown as one until clicked: an id, a label, the type they share, members."""

    id: str
    label: str
    type: str
    members: list[str]


def finer_areas(kg: KnowledgeGraph, nodes: Iterable[str], fp: Footprints) -> dict[str, str]:
    """{area: its district} for the areas among ``nodes`` that lie below a district."""
    return {n: d for n in nodes if kg.type_of(n) == "Area"
            and (d := fp.district(n)) != n}


Step = Callable[[KnowledgeGraph, list[str], Footprints], Iterator[tuple[str, str, str,
                                                                          list[str]]]]


def _areas(kg: KnowledgeGraph, nodes: list[str], fp: Footprints):
    by: dict[str, list[str]] = {}
    for n, d in finer_areas(kg, nodes, fp).items():
        by.setdefault(d, []).append(n)
    for d, members in by.items():
        yield f"areas:{d}", f"{len(members):,} areas in {kg.label(d)}", "Area", members


def _by_strategy(types: tuple[str, ...], word: str) -> Step:
    def step(kg: KnowledgeGraph, nodes: list[str], fp: Footprints):
        by: dict[tuple[str, str], list[str]] = {}
        for n in nodes:
            t = kg.type_of(n)
            if t in types:
                by.setdefault((t, kg.node(n).get("scope") or ""), []).append(n)
        for (t, s), members in by.items():
            of = kg.label(s) if s else "no strategy"
            yield (f"{t.lower()}:{s}", f"{len(members):,} {t.lower()} {word} of {of}", t,
                   members)
    return step


def _by_type(types: tuple[str, ...]) -> Step:
    def step(kg: KnowledgeGraph, nodes: list[str], fp: Footprints):
        by: dict[str, list[str]] = {}
        for n in nodes:
            if kg.type_of(n) in types:
                by.setdefault(kg.type_of(n), []).append(n)
        for t, members in by.items():
            yield f"type:{t}", f"{len(members):,} {t.lower()} nodes", t, members
    return step


def _members(kg: KnowledgeGraph, nodes: list[str], fp: Footprints):
    by: dict[tuple[str, str], list[str]] = {}
    for n in nodes:
        t = kg.type_of(n)
        if t in ("Organisation", "Person"):
            by.setdefault((t, str(kg.node(n).get("kind") or "")), []).append(n)
    for (t, kind), members in by.items():
        what = "people" if t == "Person" else f"organisations ({kind or 'kind not given'})"
        yield f"members:{t}:{kind}", f"{len(members):,} {what}", t, members


STEPS: tuple[Step, ...] = (
    _areas,
    _by_strategy(("Action",), "items"),
    _by_strategy(("Theme", "Objective", "Indicator"), "items"),
    _by_type(("Meeting", "Decision", "Milestone", "Document")),
    _members,
)


def group(kg: KnowledgeGraph, shown: set[str], max_nodes: int,
          fp: Footprints | None = None) -> tuple[dict[str, Group], dict[str, str]]:
    """Groups that bring ``shown`` under ``max_nodes`` visible nodes, and {member: group}."""
    fp = fp or Footprints(kg)
    groups: dict[str, Group] = {}
    parent: dict[str, str] = {}

    def visible() -> int:
        return len(shown) - len(parent) + len(groups)

    for step in STEPS:
        if visible() <= max_nodes:
            break
        free = sorted(n for n in shown if n not in parent)
        for key, label, type_, members in step(kg, free, fp):
            if len(members) < 2:
                continue
            gid = "group:" + key
            groups[gid] = Group(gid, label, type_, sorted(members))
            for m in members:
                parent[m] = gid
    if visible() > max_nodes:
        raise LspGraphError(
            f"{len(shown):,} nodes are still {visible():,} after grouping, more than "
            f"--max-nodes {max_nodes:,}: narrow the view with --focus ID --depth N, "
            "--partnership, --area or --type, or raise --max-nodes")
    return groups, parent


def place(nodes: list[str], adjacency: dict[str, set[str]], roots: list[str],
          ring: float = 56.0) -> dict[str, tuple[float, float]]:
    """Positions for ``nodes``: a radial tree around each root (partnerships first)."""
    cluster: dict[str, str] = {}
    up: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for r in roots:
        cluster[r], up[r] = r, None
        queue.append(r)
    order = list(roots)
    rest = iter(sorted(nodes, key=lambda n: (-len(adjacency.get(n, ())), n)))
    while True:
        while queue:
            n = queue.popleft()
            for m in sorted(adjacency.get(n, ())):
                if m not in cluster:
                    cluster[m], up[m] = cluster[n], n
                    queue.append(m)
                    order.append(m)
        seed = next((n for n in rest if n not in cluster), None)
        if seed is None:
            break
        cluster[seed], up[seed] = seed, None
        order.append(seed)
        queue.append(seed)
    order_index = {n: k for k, n in enumerate(order)}
    # rings: each depth's nodes evenly spaced, ordered by their parent's angle, so that a
    # node sits near its parent and no two crowd each other
    angle: dict[str, float] = {}
    local: dict[str, tuple[float, float]] = {}
    extent: dict[str, float] = {}
    rings: dict[str, list[list[str]]] = {}
    depth: dict[str, int] = {}
    for n in order:
        root = cluster[n]
        depth[n] = 0 if up[n] is None else depth[up[n]] + 1  # type: ignore[index]
        levels = rings.setdefault(root, [])
        if len(levels) <= depth[n]:
            levels.append([])
        levels[depth[n]].append(n)
    for root, levels in rings.items():
        radius = 0.0
        angle[root] = 0.0
        local[root] = (0.0, 0.0)
        for d, level in enumerate(levels[1:], start=1):
            level.sort(key=lambda n: (angle[up[n]], order_index[n]))  # type: ignore[index]
            radius = max(radius + 3 * ring, len(level) * ring / (2 * math.pi))
            turn = 0.3 * d  # each ring starts a little further round: fewer straight spokes
            for k, n in enumerate(level):
                a = turn + 2 * math.pi * k / len(level)
                angle[n] = a
                local[n] = (radius * math.cos(a), radius * math.sin(a))
        extent[root] = radius + 2 * ring
    # pack clusters in rows, largest first
    clusters = sorted(extent, key=lambda r: (-extent[r], r))
    width = max(2 * extent[clusters[0]],
                1.15 * math.sqrt(sum((2 * e) ** 2 for e in extent.values()))) if clusters else 0
    centre: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for r in clusters:
        size = 2 * extent[r]
        if x > 0 and x + size > width:
            x, y, row = 0.0, y + row, 0.0
        centre[r] = (x + size / 2, y + size / 2)
        x += size
        row = max(row, size)
    out = {}
    for n in order:
        cx, cy = centre[cluster[n]]
        lx, ly = local[n]
        out[n] = (round(cx + lx, 1), round(cy + ly, 1))
    return out
