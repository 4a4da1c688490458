"""Overlaps: pairs of partnerships (or strategies) that share members, people, themes or areas.

Themes are compared through the reference taxonomy, so 'Health and Wellbeing' and
'Citizens who enjoy life and are healthy' meet. Shared counts come from sparse set algebra:
a body x item incidence matrix per facet, whose product with its transpose counts the items
each pair shares; only pairs that share something are ever looked at, never all pairs.
``by="member"`` lists instead the organisations and people that sit on several boards,
with the boards.

Between strategies (``of="strategy"``) shared work counts too: the duplicates question's
pairs of actions (by meaning and wording when the embedding model is installed) between two
strategies are listed in ``shared_actions``, and their share of the smaller strategy's
actions (``actions_share``) is weighted into the score like the other facets.
"""

from __future__ import annotations

from typing import Any

from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from ..graph.taxonomy import concept_label, concepts_of
from . import load_rules, register
from .base import AREA, MIN_SCORE, PARTNERSHIP, Finding, Option, Question
from .common import area_id, areas_of, strategy_of

np = lazy("numpy")
pd = lazy("pandas")
sparse = lazy("scipy.sparse")

__all__ = ["COLUMNS", "MEMBER_COLUMNS", "Overlaps", "run"]

TITLE = "Overlapping partnerships"
COLUMNS = ["a", "a_name", "b", "b_name", "score", "shared_members", "shared_people",
           "shared_themes", "shared_areas", "shared_actions", "members_jaccard",
           "people_jaccard", "themes_jaccard", "areas_jaccard", "actions_share"]
MEMBER_COLUMNS = ["member", "name", "type", "boards", "board_ids", "board_names", "roles"]


def _profiles(kg: KnowledgeGraph, of: str) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = {}
    leaf: dict[str, bool] = {}  # _finest's answer per area, shared by every body
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
        areas = areas_of(kg, node)
        out[node] = {"members": members, "people": people, "themes": themes,
                     "areas": _finest(kg, areas, leaf), "reach": areas}
    return out


def _finest(kg: KnowledgeGraph, areas: set[str], leaf: dict[str, bool]) -> set[str]:
    """The finest of ``areas``: those with nothing known WITHIN them. A body's areas are
    every area beneath what it covers, its own codes included, so compared whole a county
    and the police force area over the same districts differ by those two codes (Norfolk:
    736 of 738 areas, 0.997). Their finest areas are the same: 1.0. ``leaf`` remembers each
    area's answer across bodies, which share most of their areas (the national benchmark's
    400 partnerships: 138,980 areas, 35,340 distinct)."""
    out = set()
    for a in areas:
        known = leaf.get(a)
        if known is None:
            known = leaf[a] = not kg.into(a, "WITHIN")
        if known:
            out.add(a)
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


def _shared_actions(kg: KnowledgeGraph, nodes: list[str], of: str,
                    rules: dict[str, Any]) -> tuple[dict[tuple[int, int], list[str]],
                                                    sparse.csr_matrix]:
    """The duplicate pairs of actions between each pair of strategies (or partnerships, by
    the strategies they own) (i < j: 'a text ~ b text', best first) and the share of the
    smaller body's actions that have a duplicate in the other (a sparse matrix, i < j)."""
    from .duplicates import run as duplicates

    at = {node: i for i, node in enumerate(nodes)}

    def bodies(strategy: str | None) -> list[int]:
        if strategy is None:
            return []
        owners = [strategy] if of == "Strategy" else kg.into(strategy, "OWNS")
        return [at[o] for o in owners if o in at]

    counts = np.zeros(len(nodes))
    for action in kg.nodes("Action"):
        for b in set(bodies(strategy_of(kg, action))):
            counts[b] += 1
    pairs: dict[tuple[int, int], list[str]] = {}
    matched: dict[tuple[int, int], tuple[set[str], set[str]]] = {}
    dups = duplicates(kg, rules=rules)
    for r in dups.sort_values("score", ascending=False).itertuples():
        for x in bodies(strategy_of(kg, r.a)):
            for y in bodies(strategy_of(kg, r.b)):
                if x == y:
                    continue
                (i, ai), (j, bj) = sorted([(x, r.a), (y, r.b)])
                text = (f"{r.a_text} ~ {r.b_text}" if ai == r.a else f"{r.b_text} ~ {r.a_text}")
                pairs.setdefault((i, j), []).append(text)
                got = matched.setdefault((i, j), (set(), set()))
                got[0].add(ai)
                got[1].add(bj)
    rows, cols, vals = [], [], []
    for (i, j), (ai, bj) in matched.items():
        rows.append(i)
        cols.append(j)
        vals.append(min(len(ai), len(bj)) / max(1.0, min(counts[i], counts[j])))
    share = sparse.csr_matrix((vals, (rows, cols)), shape=(len(nodes), len(nodes)))
    return pairs, share


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
        profiles = {k: v for k, v in profiles.items() if code in v["reach"]}
    # shared actions are evidence between strategies (--of strategy) only
    weights = {k: v for k, v in cfg["weights"].items() if k != "actions" or of == "strategy"}
    threshold = cfg["min_score"] if min_score is None else min_score
    nodes = sorted(profiles)
    facets = ("members", "people", "themes", "areas")
    shared, jaccard = _shared_counts(profiles, nodes, facets)
    if weights.get("actions"):
        actions, jaccard["actions"] = _shared_actions(kg, nodes, node_type, rules or
                                                      load_rules())
        shared = shared + (jaccard["actions"] > 0)
    else:
        actions, jaccard["actions"] = {}, sparse.csr_matrix(shared.shape)
    facets = (*facets, "actions")
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
            tuple(sorted(i.split(":", 1)[1] for i in pa["reach"] & pb["reach"])),
            tuple(actions.get((int(pi[n]), int(pk[n])), ())),
            *(round(j[f], 4) for f in ("members", "people", "themes", "areas", "actions")),
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
                        f"({len(r['shared_members'])} shared members, "
                        f"{len(r['shared_actions'])} shared actions)", (r["a"], r["b"]),
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
