"""Boundary coterminosity: do a body's footprint and its partners' footprints line up?

A footprint is the set of finest areas reached from a body's COVERS edges down the WITHIN
hierarchy (LSOAs when an ONS LSOA lookup is loaded, else districts); an area compared as a
body is its own footprint. Footprints become rows of a sparse body x area incidence matrix,
populations a vector, and every measure comes from sparse products: for bodies a and b,

- ``containment``: the share of a's footprint inside b's; ``coverage``: the share of b's
  footprint that a covers; ``jaccard``: shared / union;
- ``pop_containment``, ``pop_coverage``, ``pop_jaccard``: the same, counting people (only
  when every area of both footprints has a population; empty otherwise);
- ``coterminous``: the two footprints are the same set of areas;
- ``outside`` (a's areas not in b) and ``missing`` (b's areas a lacks), grouped by district,
  with populations.

Default rows: each partnership against each member organisation (a = member, b =
partnership). ``between``: every pair of the bodies or areas given (ids, names or ONS codes).
``kinds``: every area or body of one kind against every one of another (``police_force_area,
icb``). ``summary``: per partnership, the population-weighted mean Jaccard of its members.
Footprints that mix levels are compared at the finest areas loaded beneath each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.ids import is_ons_code
from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from . import load_rules, register
from .base import AREA, MIN_SCORE, PARTNERSHIP, WHOLE, Finding, Needs, Option, Question
from .common import area_id, area_label

np = lazy("numpy")
pd = lazy("pandas")
sparse = lazy("scipy.sparse")

__all__ = ["COLUMNS", "FULL_COLUMNS", "MEASURES", "SUMMARY_COLUMNS", "Coterminosity",
           "Footprints", "resolve", "run"]

TITLE = "Boundary coterminosity"
COLUMNS = ["a", "a_name", "b", "b_name", "containment", "coverage", "jaccard",
           "pop_containment", "pop_coverage", "pop_jaccard", "coterminous", "outside",
           "missing", "a_areas", "b_areas", "a_population", "b_population"]
# with ``full``: every finest area outside and missing, not only their districts
FULL_COLUMNS = ["outside_areas", "missing_areas"]
SUMMARY_COLUMNS = ["partnership", "name", "members", "coterminosity_index", "members_coterminous",
                   "least_aligned"]
MEASURES = ("containment", "coverage", "jaccard", "pop_containment", "pop_coverage",
            "pop_jaccard")
_DISTRICT_KINDS = ("district", "unitary", "metropolitan_district", "london_borough")


class Footprints:
    """Leaves (finest areas) under each body, as a sparse incidence matrix.

    The footprints come from the graph (walked down the WITHIN edges) or, when only part
    of the store was loaded (``kg.footprints``), from the store's footprints table.
    """

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self._table = kg.footprints
        self._leaves: dict[str, frozenset[str]] = {}
        self.col: dict[str, int] = {}
        self.areas: list[str] = []
        self._of: dict[str, frozenset[str]] = {}
        self._district: dict[str, str] = {}
        self._pop: dict[str, int | None] = {}
        self._children: dict[str, list[str]] | None = None
        self._vectors: tuple[np.ndarray, np.ndarray] | None = None
        self._matrix: tuple[dict[str, int], np.ndarray, sparse.csr_matrix,
                            np.ndarray] | None = None

    def _scan(self) -> dict[str, list[str]]:
        """One pass over the nodes and the WITHIN edges, on first use: each area's people,
        the areas directly within each area, and each area's district (the first, in id
        order, of the districts it lies directly within; a district is its own)."""
        if self._children is None:
            self._children = {}
            g = self.kg.nx
            own = set()
            for n, data in g.nodes(data=True):
                if data["type"] == "Area":
                    self._pop.setdefault(n, data.get("population"))
                    if data.get("kind") in _DISTRICT_KINDS:
                        own.add(n)
            best: dict[str, str] = {}
            for u, v, key in g.edges(keys=True):
                if key == "WITHIN":
                    self._children.setdefault(v, []).append(u)
                    if v in own and u not in own and (u not in best or v < best[u]):
                        best[u] = v
            self._district = {**best, **{n: n for n in own}}
        return self._children

    def children(self, area: str) -> list[str]:
        """The areas directly WITHIN ``area`` (one pass over the edges, on first use)."""
        return self._scan().get(area, [])

    def district(self, area: str) -> str:
        """The district (or unitary...) an area lies in, or the area itself."""
        self._scan()
        return self._district.get(area, area)

    def people(self, area: str) -> int | None:
        """An area's population (None: unknown)."""
        if area not in self._pop:
            self._pop[area] = self.kg.node(area).get("population")
        return self._pop[area]

    def _stored(self, node: str) -> frozenset[str] | None:
        """A footprint from the store's table (None: not there, walk the graph)."""
        rows = self._table.get(node) if self._table is not None else None
        if rows is None:
            return None
        for area, people in rows:
            self._pop.setdefault(area, people)
        return frozenset(area for area, _ in rows)

    def leaves(self, area: str) -> frozenset[str]:
        """The finest areas at or below ``area`` (iterative, memoised)."""
        if area in self._leaves:
            return self._leaves[area]
        stored = self._stored(area)
        if stored is not None:
            self._leaves[area] = stored
            return stored
        stack = [area]
        while stack:
            node = stack[-1]
            below = self.children(node)
            todo = [c for c in below if c not in self._leaves]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            self._leaves[node] = (frozenset().union(*(self._leaves[c] for c in below))
                                  if below else frozenset([node]))
        return self._leaves[area]

    def _down(self) -> tuple[dict[str, int], np.ndarray, sparse.csr_matrix, np.ndarray]:
        """Every node as a number, the WITHIN edges as a sparse parent x child matrix, and
        which nodes have nothing within them (built once)."""
        if self._matrix is None:
            index = {n: i for i, n in enumerate(self.kg.nx)}
            rows, cols = [], []
            for parent, kids in self._scan().items():
                i = index[parent]
                cols += [index[kid] for kid in kids]
                rows += [i] * len(kids)
            n = len(index)
            down = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
            self._matrix = (index, np.array(list(index), dtype=object), down,
                            np.diff(down.indptr) == 0)
        return self._matrix

    def prepare(self, nodes: Iterable[str]) -> None:
        """Work out the footprints of many bodies and areas at once: their areas' leaves by
        a sparse walk down the WITHIN edges (one product per level, for all of them), not
        one walk per area. :meth:`of` and :meth:`leaves` then answer from memory."""
        todo: set[str] = set()
        for n in nodes:
            if n in self._of or n not in self.kg.nx or self._stored(n) is not None:
                continue
            todo.update([n] if self.kg.type_of(n) == "Area" else self.kg.out(n, "COVERS"))
        todo = {a for a in todo if a not in self._leaves and self._stored(a) is None}
        if not todo:
            return
        index, names, down, finest = self._down()
        start = [index[a] for a in sorted(todo)]
        n = len(index)
        reach = frontier = sparse.csr_matrix(
            (np.ones(len(start)), (np.arange(len(start)), start)), shape=(len(start), n))
        while frontier.nnz:  # each pass one level further down, only areas not yet reached
            frontier = (frontier @ down).tocsr()
            frontier.data[:] = 1
            frontier = (frontier - frontier.multiply(reach)).tocsr()
            frontier.eliminate_zeros()
            reach = reach + frontier
        reach = reach.tocsr()
        for k, a in enumerate(sorted(todo)):
            found = reach.indices[reach.indptr[k]:reach.indptr[k + 1]]
            self._leaves[a] = frozenset(names[found[finest[found]]].tolist())

    def of(self, node: str) -> frozenset[str]:
        """A body's footprint (an area's: its own leaves)."""
        if node not in self._of:
            stored = self._stored(node)
            self._of[node] = (stored if stored is not None else
                              self.leaves(node) if self.kg.type_of(node) == "Area" else
                              frozenset().union(*(self.leaves(a)
                                                  for a in self.kg.out(node, "COVERS"))))
        return self._of[node]

    def coverage(self, areas: list[str], footprints: list[frozenset[str] | set[str]]
                 ) -> tuple[np.ndarray, np.ndarray]:
        """``share[i, j]``: the share of ``areas[i]``'s footprint inside ``footprints[j]``
        (sets of finest areas), in people where every finest area of ``areas[i]`` has a
        population (``by_people[i]``), else in finest areas. One sparse product for all."""
        if not areas:
            return np.zeros((0, len(footprints))), np.zeros(0, dtype=bool)
        xa = self.matrix(areas)
        rows, cols = [], []
        for j, leaves in enumerate(footprints):
            hit = [self.col[leaf] for leaf in leaves if leaf in self.col]
            rows += hit
            cols += [j] * len(hit)
        fb = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                               shape=(xa.shape[1], max(len(footprints), 1)))
        pop, unknown = self.population()
        by_people = ((xa @ unknown) == 0) & ((xa @ pop) > 0)
        weight = by_people.astype(np.float64)[:, None]  # people, else one per finest area
        w = sparse.csr_matrix(xa.multiply(pop).multiply(weight) + xa.multiply(1.0 - weight))
        total = np.asarray(w.sum(axis=1)).ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.nan_to_num((w @ fb).toarray() / total[:, None])
        return share[:, :len(footprints)], by_people

    def matrix(self, nodes: list[str]) -> sparse.csr_matrix:
        rows, cols = [], []
        for i, n in enumerate(nodes):
            for leaf in self.of(n):
                j = self.col.setdefault(leaf, len(self.col))
                if j == len(self.areas):
                    self.areas.append(leaf)
                rows.append(i)
                cols.append(j)
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                 shape=(len(nodes), max(len(self.col), 1)))

    def population(self) -> tuple[np.ndarray, np.ndarray]:
        """People per area column, and 1 where an area has no population (worked out once
        per set of columns)."""
        if self._vectors is None or len(self._vectors[0]) != max(len(self.areas), 1):
            self._scan()
            people = [self._pop[a] if a in self._pop else self.people(a) for a in self.areas]
            self._vectors = (np.array([p or 0 for p in people] or [0], dtype=np.float64),
                             np.array([p is None for p in people] or [0], dtype=np.float64))
        return self._vectors


def _measures(x: sparse.csr_matrix, y: sparse.csr_matrix, fp: Footprints
              ) -> dict[str, np.ndarray]:
    """Row-aligned measures of x[i] against y[i] (same number of rows, one column per area
    of ``fp``)."""
    pop, unknown = fp.population()
    both = x.multiply(y)
    inter = np.asarray(both.sum(axis=1)).ravel()
    sa, sb = np.asarray(x.sum(axis=1)).ravel(), np.asarray(y.sum(axis=1)).ravel()
    pinter = both @ pop
    pa, pb = x @ pop, y @ pop
    known = ((x @ unknown) == 0) & ((y @ unknown) == 0) & (sa > 0) & (sb > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "containment": np.where(sa > 0, inter / sa, np.nan),
            "coverage": np.where(sb > 0, inter / sb, np.nan),
            "jaccard": np.where(sa + sb - inter > 0, inter / (sa + sb - inter), np.nan),
            "pop_containment": np.where(known & (pa > 0), pinter / pa, np.nan),
            "pop_coverage": np.where(known & (pb > 0), pinter / pb, np.nan),
            "pop_jaccard": np.where(known & (pa + pb - pinter > 0),
                                    pinter / (pa + pb - pinter), np.nan),
        }
    out.update(inter=inter, sa=sa, sb=sb, pa=np.where(known, pa, np.nan),
               pb=np.where(known, pb, np.nan))
    return out


class _Districts:
    """Leaf -> district incidence (sparse), to group evidence lists for many pairs at once."""

    def __init__(self, kg: KnowledgeGraph, fp: Footprints):
        self.kg, self.fp = kg, fp
        index: dict[str, int] = {}
        fp._scan()
        of = fp._district
        cols = [index.setdefault(of.get(a, a), len(index)) for a in fp.areas]
        self.names = list(index)
        fp.prepare(self.names)
        n = max(len(fp.col), 1)
        self.d = sparse.csr_matrix((np.ones(len(cols)), (np.arange(len(cols)), cols)),
                                   shape=(n, max(len(index), 1)))
        pop, unknown = fp.population()
        self.dpop = sparse.csr_matrix(sparse.diags(pop) @ self.d)
        self.dunknown = sparse.csr_matrix(sparse.diags(unknown) @ self.d)
        self._head: dict[int, tuple[str, int]] = {}

    def head(self, j: int) -> tuple[str, int]:
        """District column j's words ('E07000117 Burnley') and its number of finest areas
        (0 when the district is itself a finest area), worked out once per district."""
        if j not in self._head:
            d = self.names[j]
            leaves = self.fp.leaves(d)
            self._head[j] = (f"{self.kg.node(d).get('code') or d} {self.kg.label(d)}",
                             0 if leaves == frozenset([d]) else len(leaves))
        return self._head[j]

    def listings(self, x: sparse.csr_matrix) -> list[tuple[str, ...]]:
        """For each row of x (0/1 over areas): its areas grouped by district, with people."""
        counts = (x @ self.d).tocsr()
        people = (x @ self.dpop).tocsr()
        unknown = (x @ self.dunknown).tocsr()
        out = []
        for r in range(x.shape[0]):
            lo, hi = counts.indptr[r], counts.indptr[r + 1]
            ulo, uhi = unknown.indptr[r], unknown.indptr[r + 1]
            plo, phi = people.indptr[r], people.indptr[r + 1]
            unknown_r = dict(zip(unknown.indices[ulo:uhi].tolist(),
                                 unknown.data[ulo:uhi].tolist(), strict=True))
            people_r = dict(zip(people.indices[plo:phi].tolist(),
                                people.data[plo:phi].tolist(), strict=True))
            row = []
            for j, n in sorted(zip(counts.indices[lo:hi].tolist(),
                                   counts.data[lo:hi].tolist(), strict=True),
                               key=lambda t: self.names[t[0]]):
                if n <= 0:
                    continue
                head, whole = self.head(j)
                ppl = ("population unknown" if unknown_r.get(j, 0) > 0
                       else f"{int(people_r.get(j, 0)):,} people")
                if not whole:  # the district is itself a finest area
                    row.append(f"{head}: {ppl}")
                    continue
                part = "all" if int(n) == whole else f"{int(n)} of {whole}"
                row.append(f"{head}: {ppl} ({part} areas)")
            out.append(tuple(row))
        return out


def _name(kg: KnowledgeGraph, node: str) -> str:
    """A body's name; an area's with its kind ('Lancashire (police force area)')."""
    return area_label(kg, node) if kg.type_of(node) == "Area" else kg.label(node)


def _codes(kg: KnowledgeGraph, fp: Footprints, x: sparse.csr_matrix
           ) -> list[tuple[str, ...]]:
    """For each row of x (0/1 over areas): the ONS codes (else ids) of its areas."""
    return [tuple(sorted(kg.node(fp.areas[j]).get("code") or fp.areas[j]
                         for j in x.indices[x.indptr[r]:x.indptr[r + 1]]))
            for r in range(x.shape[0])]


def _rows(kg: KnowledgeGraph, fp: Footprints, pairs: list[tuple[str, str]],
          full: bool = False) -> pd.DataFrame:
    columns = COLUMNS + (FULL_COLUMNS if full else [])
    fp.prepare({n for p in pairs for n in p})
    pairs = [(a, b) for a, b in pairs if fp.of(a) and fp.of(b)]
    if not pairs:
        return pd.DataFrame(columns=columns)
    nodes = sorted({n for p in pairs for n in p})
    index = {n: i for i, n in enumerate(nodes)}
    m = fp.matrix(nodes)
    ia = np.array([index[a] for a, _ in pairs])
    ib = np.array([index[b] for _, b in pairs])
    xa, xb = m[ia], m[ib]
    meas = _measures(xa, xb, fp)
    both = xa.multiply(xb).tocsr()
    districts = _Districts(kg, fp)
    outside = districts.listings((xa - both).tocsr())
    missing = districts.listings((xb - both).tocsr())
    same = (meas["inter"] == meas["sa"]) & (meas["inter"] == meas["sb"])

    def num(c: str, k: int) -> float | None:
        v = meas[c][k]
        return None if np.isnan(v) else round(float(v), 4)

    rows = [[a, _name(kg, a), b, _name(kg, b),
             *(num(c, k) for c in ("containment", "coverage", "jaccard",
                                   "pop_containment", "pop_coverage", "pop_jaccard")),
             bool(same[k]), outside[k], missing[k], int(meas["sa"][k]), int(meas["sb"][k]),
             None if np.isnan(meas["pa"][k]) else int(meas["pa"][k]),
             None if np.isnan(meas["pb"][k]) else int(meas["pb"][k])]
            for k, (a, b) in enumerate(pairs)]
    if full:
        for row, out, miss in zip(rows, _codes(kg, fp, (xa - both).tocsr()),
                                  _codes(kg, fp, (xb - both).tocsr()), strict=True):
            row += [out, miss]
    return pd.DataFrame(rows, columns=columns)


def _resolve(kg: KnowledgeGraph, text: str) -> str:
    text = text.strip()
    if is_ons_code(text):
        node = area_id(text)
        if node in kg.nx:
            return node
        raise LspGraphError(f"no area {text.upper()} in the store (import its ONS lookup)")
    if text in kg.nx:
        return text
    found = kg.find(text, ("Organisation", "Partnership", "Strategy", "Area"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise LspGraphError(f"no body or area called '{text}'")
    raise LspGraphError(f"'{text}' could be any of {', '.join(found)}; use an id")


resolve = _resolve  # public: the map of footprints names bodies the same way


def _of_kind(kg: KnowledgeGraph, kind: str) -> list[str]:
    out = [n for n, data in kg.nx.nodes(data=True) if data.get("kind") == kind
           and data["type"] in ("Area", "Organisation", "Partnership")]
    if not out:
        raise LspGraphError(f"nothing of kind '{kind}' in the store")
    return sorted(out)


def run(kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None,
        between: list[str] | None = None, kinds: list[str] | None = None,
        summary: bool = False, partnership: str | None = None, area: str | None = None,
        full: bool = False, min_score: float | None = None) -> pd.DataFrame:
    """Coterminosity rows (see the module text); ``summary``: one row per partnership;
    ``full``: the finest areas outside and missing too (``FULL_COLUMNS``)."""
    cfg = (rules or load_rules())["coterminosity"]
    if cfg["score"] not in MEASURES:
        raise LspGraphError(f"coterminosity rules: score '{cfg['score']}' is not one of "
                            f"{', '.join(MEASURES)}")
    threshold = cfg["min_score"] if min_score is None else min_score
    fp = Footprints(kg)
    if between:
        bodies = [_resolve(kg, t) for t in between]
        pairs = [(a, b) for i, a in enumerate(bodies) for b in bodies[i + 1:]]
    elif kinds:
        if len(kinds) != 2:
            raise LspGraphError("--kind takes two kinds for coterminosity, e.g. "
                                "police_force_area,icb")
        first, second = _of_kind(kg, kinds[0]), _of_kind(kg, kinds[1])
        pairs = [(a, b) for a in first for b in second if a != b]
    else:
        pairs = [(m, p) for p in sorted(kg.nodes("Partnership"))
                 for m in sorted(kg.into(p, "MEMBER_OF"))
                 if kg.type_of(m) == "Organisation" and (not partnership or p == partnership)]
    df = _rows(kg, fp, pairs, full)
    if area and len(df):
        leaves = fp.leaves(area_id(area))
        df = df[[bool(fp.of(a) & leaves or fp.of(b) & leaves) for a, b in zip(df.a, df.b,
                                                                           strict=True)]]
    if summary:
        out = _summary(kg, df)
        return (out[out["coterminosity_index"] >= threshold].reset_index(drop=True)
                if threshold > 0 else out)
    if threshold > 0:
        df = df[df[cfg["score"]].astype("float64") >= threshold]
    if area:  # pairs that overlap first, the best aligned first
        return (df.assign(_overlap=df["jaccard"].astype("float64") > 0)
                .sort_values(["_overlap", "jaccard", "b", "a"],
                             ascending=[False, False, True, True], ignore_index=True)
                .drop(columns="_overlap"))
    return df.sort_values(["b", "jaccard", "a"], ascending=[True, True, True],
                          ignore_index=True)


def _summary(kg: KnowledgeGraph, df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for p, group in df.groupby("b", sort=True):
        weights = group["a_population"].astype("float64")
        values = group["pop_jaccard"].astype("float64")
        if weights.notna().all() and values.notna().all() and weights.sum() > 0:
            index = float(np.average(values, weights=weights))
        else:
            index = float(group["jaccard"].astype("float64").mean())
        worst = group.sort_values("jaccard").iloc[0]
        rows.append([p, kg.label(p), len(group), round(index, 4),
                     int(group["coterminous"].sum()),
                     f"{worst.a_name} (jaccard {worst.jaccard})"])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS).sort_values(
        ["coterminosity_index", "partnership"], ignore_index=True)


@register
class Coterminosity(Question):
    name = "coterminosity"
    title = TITLE
    columns = tuple(COLUMNS)
    options = (Option("--between", "Compare these bodies or areas pairwise (ids, names or "
                      "ONS codes, comma-separated).", split=True),
               Option("--kind", "Every area or body of one kind against every one of "
                      "another, e.g. police_force_area,icb.", split=True, dest="kinds"),
               Option("--summary", "One row per partnership (population-weighted mean "
                      "Jaccard of its members).", type=bool),
               Option("--full", "Every finest area outside and missing too, not only their "
                      "districts.", type=bool),
               AREA, PARTNERSHIP, MIN_SCORE)
    order = 40
    geography = "around"
    whole_with = ("between",)
    run = staticmethod(run)

    def needs(self, **params: Any) -> Needs:
        """The bodies or areas compared, with their footprints from the store's table and
        each finest area's district (the evidence is grouped by district), and nothing
        else: with ``kinds`` the nodes of the two kinds, else the organisations, the
        partnerships and their memberships. ``between`` names any body or area, so it
        reads the whole store."""
        if params.get("between"):
            return WHOLE
        area = params.get("area")
        part = {"whole": False, "areas": (area_id(area),) if area else (),
                "footprints": True, "parents": _DISTRICT_KINDS, "provenance": False}
        if params.get("kinds"):
            return Needs(kinds=tuple(params["kinds"]), **part)
        return Needs(types=("Organisation", "Partnership"), edges=("MEMBER_OF",), **part)

    def findings(self, kg: KnowledgeGraph, df: pd.DataFrame) -> list[Finding]:
        if "coterminosity_index" in df.columns:  # --summary
            return [Finding(f"{r['name']}: coterminosity index {r['coterminosity_index']:.2f}, "
                            f"{r['members_coterminous']} of {r['members']} members "
                            "coterminous", (r["partnership"],),
                            f"least aligned: {r['least_aligned']}")
                    for r in df.to_dict("records") if r["members_coterminous"] < r["members"]]
        return [Finding(f"not coterminous: {r['a_name']} in {r['b_name']} (containment "
                        f"{r['containment']}, coverage {r['coverage']}, jaccard "
                        f"{r['jaccard']})", (r["a"], r["b"]),
                        "outside: " + ("; ".join(r["outside"]) or "none")
                        + " | missing: " + ("; ".join(r["missing"]) or "none"))
                for r in df.to_dict("records") if not r["coterminous"]]

    def headline(self, kg: KnowledgeGraph, rules: dict[str, Any]) -> list[str]:
        df = self.answer(kg, rules=rules, summary=True)
        return ["Coterminosity: how well members' footprints match their partnership's "
                "(1 = all line up)",
                *(f"  {r.coterminosity_index:.2f} {r.name}: {r.members_coterminous} of "
                  f"{r.members} "
                  f"members coterminous; least aligned {r.least_aligned}"
                  for r in df.head(3).itertuples())]
