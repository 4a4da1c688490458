"""Overlaps: pairs of partnerships (or strategies) that share members, people, themes or areas.

Themes are compared through the reference taxonomy, so 'Health and Wellbeing' and
'Citizens who enjoy life and are healthy' meet. Shared counts come from sparse set algebra:
a body x item incidence matrix per facet, whose product with its transpose counts the items
each pair shares; only pairs that share something are ever looked at, never all pairs.
``by="member"`` lists instead the organisations and people that sit on several boards,
with the boards.
"""

from __future__ import annotations

from typing import Any

from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from ..graph.taxonomy import concept_label, concepts_of
from . import load_rules, register
from .base import AREA, MIN_SCORE, PARTNERSHIP, Finding, Option, Question
from .common import area_id, areas_of

np = lazy("numpy")
pd = lazy("pandas")
sparse = lazy("scipy.sparse")

__all__ = ["COLUMNS", "MEMBER_COLUMNS", "Overlaps", "run"]

TITLE = "Overlapping partnerships"
COLUMNS = ["a", "a_name", "b", "b_name", "score", "shared_members", "shared_people",
           "shared_themes", "shared_areas", "members_jaccard", "people_jaccard",
           "themes_jaccard", "areas_jaccard"]
MEMBER_COLUMNS = ["member", "name", "type", "boards", "board_ids", "board_names", "roles"]


def _profiles(kg: KnowledgeGraph, of: str) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = {}
    for node in kg.nodes(of):
        if of == "Partnership":
            members = {m for m in kg.into(node, "MEMBER_OF") if kg.type_of(m) != "Person"}
            people = {m for m in kg.into(node, "MEMBER_OF") if kg.type_of(m) == "Person"}
            strategies = kg.out(node, "OWNS")
        else:
            members = set(kg.into(node, "OWNS")) | set(kg.into(node, "CONTRIBUTES_TO"))
            people = set()
            strategies = [node]
        themes: set[str] = set()
        for s in strategies:
            for t in kg.out(s, "HAS_THEME"):
                themes |= concepts_of(kg, t)
        out[node] = {"members": members, "people": people, "themes": themes,
                     "areas": areas_of(kg, node)}
    return out


def _shared_counts(
    profiles: dict[str, dict[str, set[str]]], nodes: list[str], facets: tuple[str, ...],
) -> tuple[sparse.csr_matrix, dict[str, sparse.csr_matrix]]:
    """Pairs sharing anything (a sparse pattern) and the Jaccard index of each facet."""
    n = len(nodes)
    jaccard: dict[str, sparse.csr_matrix] = {}
    shared = sparse.csr_matrix((n, n))
    for facet in facets:
        columns: dict[str, int] = {}
        rows, cols = [], []
        for i, node in enumerate(nodes):
            for item in profiles[node][facet]:
                rows.append(i)
                cols.append(columns.setdefault(item, len(columns)))
        x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
        inter = (x @ x.T).tocoo()
        size = np.asarray(x.sum(axis=1)).ravel()
        union = size[inter.row] + size[inter.col] - inter.data
        jaccard[facet] = sparse.csr_matrix((inter.data / union, (inter.row, inter.col)),
                                           shape=(n, n))
        shared = shared + (jaccard[facet] > 0)
    return shared, jaccard


def _names(kg: KnowledgeGraph, ids: set[str]) -> tuple[str, ...]:
    return tuple(sorted(kg.label(i) for i in ids))


def run(kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None, by: str = "pair",
        of: str = "partnership", partnership: str | None = None, area: str | None = None,
        min_score: float | None = None) -> pd.DataFrame:
    """Overlap rows, best first (``by='member'``: members on several boards)."""
    cfg = (rules or load_rules())["overlaps"]
    if by == "member":
        return _by_member(kg, cfg, partnership)
    node_type = "Strategy" if of == "strategy" else "Partnership"
    profiles = _profiles(kg, node_type)
    if area:
        code = area_id(area)
        profiles = {k: v for k, v in profiles.items() if code in v["areas"]}
    weights = cfg["weights"]
    threshold = cfg["min_score"] if min_score is None else min_score
    nodes = sorted(profiles)
    facets = ("members", "people", "themes", "areas")
    shared, jaccard = _shared_counts(profiles, nodes, facets)
    upper = sparse.triu(shared, k=1).tocoo()
    pi, pk = upper.row, upper.col
    js = {f: np.asarray(jaccard[f][pi, pk]).ravel() for f in facets}
    total = sum(weights.values()) or 1.0
    scores = sum((weights.get(f, 0.0) * js[f] for f in facets), np.zeros(len(pi))) / total
    keep = np.flatnonzero(scores >= threshold)
    rows = []
    for n in keep.tolist():
        a, b = nodes[pi[n]], nodes[pk[n]]
        if partnership and partnership not in (a, b):
            continue
        pa, pb = profiles[a], profiles[b]
        j = {f: float(js[f][n]) for f in facets}
        score_ab = float(scores[n])
        rows.append([
            a, kg.label(a), b, kg.label(b), round(score_ab, 4),
            _names(kg, pa["members"] & pb["members"]), _names(kg, pa["people"] & pb["people"]),
            tuple(sorted(concept_label(c) for c in pa["themes"] & pb["themes"])),
            tuple(sorted(i.split(":", 1)[1] for i in pa["areas"] & pb["areas"])),
            *(round(j[f], 4) for f in ("members", "people", "themes", "areas")),
        ])
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.sort_values(["score", "a", "b"], ascending=[False, True, True],
                          ignore_index=True)


def _by_member(kg: KnowledgeGraph, cfg: dict[str, Any], partnership: str | None) -> pd.DataFrame:
    rows = []
    for node in kg.nodes():
        if kg.type_of(node) not in ("Organisation", "Person"):
            continue
        boards = [p for p in kg.out(node, "MEMBER_OF") if kg.type_of(p) == "Partnership"]
        if len(boards) < cfg["min_boards"] or (partnership and partnership not in boards):
            continue
        roles = sorted({kg.nx.edges[node, p, "MEMBER_OF"].get("role", "") for p in boards} - {""})
        rows.append([node, kg.label(node), kg.type_of(node), len(boards), tuple(boards),
                     tuple(kg.label(p) for p in boards), tuple(roles)])
    df = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    return df.sort_values(["boards", "member"], ascending=[False, True], ignore_index=True)


@register
class Overlaps(Question):
    name = "overlaps"
    title = TITLE
    columns = tuple(COLUMNS)
    options = (Option("--by", "Pairs of bodies (pair, the default), or members sitting on "
                      "several boards (member).", choices=("pair", "member")),
               Option("--of", "Compare partnerships (the default) or strategies.",
                      choices=("partnership", "strategy")),
               AREA, PARTNERSHIP, MIN_SCORE)
    order = 10
    more = "--by member"
    report_rows = 10
    geography = "around"
    run = staticmethod(run)

    def findings(self, kg: KnowledgeGraph, df: pd.DataFrame) -> list[Finding]:
        if "boards" in df.columns:  # --by member
            return [Finding(f"{r['name']} sits on {r['boards']} boards",
                            (r["member"], *r["board_ids"]), "boards: " + "; ".join(
                                r["board_names"])) for r in df.to_dict("records")]
        return [Finding(f"{r['score']:.2f} overlap: {r['a_name']} ~ {r['b_name']} "
                        f"({len(r['shared_members'])} shared members)", (r["a"], r["b"]),
                        "shared members: " + ("; ".join(r["shared_members"]) or "none")
                        + "; shared themes: " + ("; ".join(r["shared_themes"]) or "none"),
                        (r["a"], r["b"], f"{r['score']:.2f}"))
                for r in df.to_dict("records")]

    def headline(self, kg: KnowledgeGraph, rules: dict[str, Any]) -> list[str]:
        members = self.answer(kg, rules=rules, by="member")
        lines = [f"Overlaps: {len(members)} organisations and people sit on more than one "
                 "board", *(f"  {r.name}: {r.boards} boards" for r in members.head(3)
                            .itertuples())]
        pairs = self.answer(kg, rules=rules)
        return lines + [f"  {r.a_name} ~ {r.b_name}: score {r.score:.2f}, "
                        f"{len(r.shared_members)} shared members"
                        for r in pairs.head(2).itertuples()]

    def cypher_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        """overlaps.cypher finds the pairs that share member organisations."""
        return df[df["shared_members"].map(len) > 0]
