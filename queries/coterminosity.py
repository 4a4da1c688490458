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
from ..graph.nxdicts import node_table, pred_table, succ_table
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

    The footprints come from the graph (down the WITHIN edges, for all the areas asked
    about at once: one breadth-first pass over the areas beneath them, then sparse
    products, one per level) or, when only part of the store was loaded
    (``kg.footprints``), from the store's footprints table.
    """

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self._table = kg.footprints
        self._leaves: dict[str, frozenset[str]] = {}
        self.col: dict[str, int] = {}
        self.areas: list[str] = []
        self._of: dict[str, frozenset[str]] = {}
        self._district: dict[str, str] | None = None
        self._swept: tuple[list[str], list[str]] | None = None
        self._pop: dict[str, int | None] = {}
        self._vectors: tuple[np.ndarray, np.ndarray] | None = None
        # the areas walked so far (numbered in the order reached), the WITHIN edges among
        # them (parent, child numbers), and each one's finest areas (built on demand)
        self._index: dict[str, int] = {}
        self._order: list[str] = []
        self._down: tuple[list[int], list[int]] = ([], [])
        self._below: sparse.csr_matrix | None = None
        self._remap: np.ndarray | None = None

    def children(self, area: str) -> list[str]:
        """The areas directly WITHIN ``area``."""
        pred = pred_table(self.kg.nx).get(area)
        return [u for u, keys in pred.items() if "WITHIN" in keys] if pred else []

    def district(self, area: str) -> str:
        """The district (or unitary...) an area lies in: itself if it is one, else the
        first, in id order, of the districts it lies directly within, else the area."""
        return self.districts([area])[0]

    def districts(self, areas: Iterable[str]) -> list[str]:
        """:meth:`district` of each of ``areas``. Worked out once for every area: each
        district's WITHIN children are given it, the districts in falling id order, so
        that the first in id order is the one kept (no loop over the areas in Python)."""
        if self._district is None:
            own = sorted(self._sweep()[1], reverse=True)
            best: dict[str, str] = {}
            for d in own:
                best.update(dict.fromkeys(self.children(d), d))
            best.update(zip(own, own, strict=True))
            self._district = best
        found = self._district.get
        return [found(a, a) for a in areas]

    def _sweep(self) -> tuple[list[str], list[str]]:
        """One pass over every node, on first use: the partnerships, and the areas that
        are districts (or unitaries...)."""
        if self._swept is None:
            partnerships, own = [], []
            kinds = _DISTRICT_KINDS
            for n, data in node_table(self.kg.nx).items():
                kind = data["type"]
                if kind == "Area":
                    if data.get("kind") in kinds:
                        own.append(n)
                elif kind == "Partnership":
                    partnerships.append(n)
            self._swept = (partnerships, own)
        return self._swept

    def partnerships(self) -> list[str]:
        """Every partnership, in id order."""
        return sorted(self._sweep()[0])

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

    def _roots(self, node: str) -> list[str]:
        """Where a node's footprint starts: an area itself, a body its COVERS targets."""
        g = self.kg.nx
        if node not in g or node_table(g)[node]["type"] == "Area":
            return [node]
        return [v for v, keys in succ_table(g)[node].items() if "COVERS" in keys]

    def _walk(self, roots: Iterable[str]) -> None:
        """Number every area at or below ``roots`` not numbered yet (breadth first over
        the WITHIN edges into each, one level at a time), keeping the edges among them.
        Each level is a few comprehensions and C-level ``map`` passes over the level's
        areas, with no Python statement run per area."""
        index, order = self._index, self._order
        parents, kids = self._down
        start = len(order)
        level = [r for r in dict.fromkeys(roots) if r not in index]
        index.update(zip(level, range(start, start + len(level)), strict=True))
        order += level
        pred, empty = pred_table(self.kg.nx), {}
        while level:
            edges = [(a, u) for a in level for u, keys in pred.get(a, empty).items()
                     if "WITHIN" in keys]
            if not edges:
                break
            above, below = zip(*edges, strict=True)
            level = [u for u in dict.fromkeys(below) if u not in index]
            index.update(zip(level, range(len(order), len(order) + len(level)), strict=True))
            order += level
            parents += map(index.__getitem__, above)
            kids += map(index.__getitem__, below)
        if len(order) > start:
            self._below = None

    def _finest(self) -> sparse.csr_matrix:
        """Area x area: 1 where the column is a finest area at or below the row's area
        (one sparse product per level of the WITHIN edges, for every area at once)."""
        if self._below is None:
            n = len(self._order)
            parents, kids = self._down
            down = sparse.csr_matrix((np.ones(len(kids)), (parents, kids)), shape=(n, n))
            down.data[:] = 1
            reach = frontier = sparse.identity(n, format="csr")
            while frontier.nnz:  # each pass one level further down, only areas not reached
                frontier = (frontier @ down).tocsr()
                frontier.data[:] = 1
                frontier = (frontier - frontier.multiply(reach)).tocsr()
                frontier.eliminate_zeros()
                reach = (reach + frontier).tocsr()
            finest = (np.diff(down.indptr) == 0).astype(np.float64)
            below = sparse.csr_matrix(reach @ sparse.diags(finest))
            below.eliminate_zeros()
            self._below = below
        return self._below

    def counts(self, areas: list[str]) -> list[int]:
        """How many finest areas each of ``areas`` holds; 0 for one that is itself a
        finest area (from the store's table, else from the walk of :meth:`matrix`)."""
        table = self._table if self._table is not None else {}
        walk = [a for a in areas if a not in table]
        below = None
        if walk:
            self._walk(walk)
            below = self._finest()
        out = []
        for a in areas:
            rows = table.get(a)
            if rows is not None:
                n, own = len(rows), len(rows) == 1 and rows[0][0] == a
            else:
                i = self._index[a]
                lo, hi = below.indptr[i], below.indptr[i + 1]
                n, own = int(hi - lo), hi - lo == 1 and below.indices[lo] == i
            out.append(0 if own else n)
        return out

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
        """Nodes x finest areas (the columns ``areas``, numbered in ``col``): 1 where the
        area is in the node's footprint. Footprints from the store's table come row by row;
        the others from one walk down the WITHIN edges for all of them (:meth:`_finest`)
        and one product with the areas they start from, with no loop over their areas in
        Python."""
        col, areas, table = self.col, self.areas, self._table
        rows: list[int] = []
        cols: list[int] = []
        walked: list[int] = []
        for i, n in enumerate(nodes):
            found = table.get(n) if table is not None else None
            if found is None:
                walked.append(i)
                continue
            for a, people in found:
                if a not in col:
                    col[a] = len(areas)
                    areas.append(a)
                self._pop.setdefault(a, people)
            cols += [col[a] for a, _ in found]
            rows += [i] * len(found)
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        starts = [self._roots(nodes[i]) for i in walked]
        if any(starts):
            self._walk(a for s in starts for a in s)
            below, index = self._finest(), self._index
            sr = np.repeat(np.asarray(walked, dtype=np.int64), [len(s) for s in starts])
            sc = np.fromiter((index[a] for s in starts for a in s), dtype=np.int64,
                             count=len(sr))
            begin = sparse.csr_matrix((np.ones(len(sr)), (sr, sc)),
                                      shape=(len(nodes), len(self._order)))
            x = (begin @ below).tocsr()
            x.sum_duplicates()
            used = np.zeros(len(self._order), dtype=bool)
            used[x.indices] = True
            used = np.flatnonzero(used)
            found = np.asarray(self._order, dtype=object)[used].tolist()
            remap = np.zeros(len(self._order), dtype=np.int64)
            if col:  # some areas have columns already
                for a in found:
                    if a not in col:
                        col[a] = len(areas)
                        areas.append(a)
                remap[used] = np.fromiter((col[a] for a in found), dtype=np.int64,
                                          count=len(found))
            else:
                col.update(zip(found, range(len(found)), strict=True))
                areas.extend(found)
                remap[used] = np.arange(len(found))
            if not len(r):  # every footprint walked: x's rows as they are
                return sparse.csr_matrix((np.ones(len(x.indices)), remap[x.indices],
                                          x.indptr), shape=(len(nodes), max(len(col), 1)))
            r = np.concatenate([r, np.repeat(np.arange(len(nodes)), np.diff(x.indptr))])
            c = np.concatenate([c, remap[x.indices]])
        out = sparse.csr_matrix((np.ones(len(r)), (r, c)),
                                shape=(len(nodes), max(len(col), 1)))
        out.data[:] = 1  # an area reached from two starting areas counts once
        return out

    def population(self) -> tuple[np.ndarray, np.ndarray]:
        """People per area column, and 1 where an area has no population (worked out once
        per set of columns)."""
        if self._vectors is None or len(self._vectors[0]) != max(len(self.areas), 1):
            known, nodes = self._pop, node_table(self.kg.nx)
            people = np.array([known[a] if a in known else nodes[a].get("population")
                               if a in nodes else None for a in self.areas] or [0],
                              dtype=np.float64)  # None: NaN
            unknown = np.isnan(people)
            self._vectors = (np.where(unknown, 0.0, people), unknown.astype(np.float64))
        return self._vectors


def _measures(m: sparse.csr_matrix, ia: np.ndarray, ib: np.ndarray,
              both: sparse.csr_matrix, atoms: _Atoms) -> dict[str, np.ndarray]:
    """The measures of each pair (rows ``ia`` and ``ib`` of ``m``, one column per atom of
    ``atoms``; ``both``: the atoms the two share), from sums over the nodes' rows taken
    once and over the shared atoms, each atom weighted by its areas and people."""
    count, pop, unknown = atoms.count, atoms.pop, atoms.unknown
    size, people, unsure = m @ count, m @ pop, m @ unknown
    inter, pinter = both @ count, both @ pop
    sa, sb, pa, pb = size[ia], size[ib], people[ia], people[ib]
    known = (unsure[ia] == 0) & (unsure[ib] == 0) & (sa > 0) & (sb > 0)
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


class _Atoms:
    """The finest areas in groups that every measure and every evidence list can count as
    one: areas in the same district and in the footprints of exactly the same nodes.

    Bodies cover whole districts or counties far more often than single areas, so the
    35,000 finest areas of the national benchmark make a few hundred atoms, and the
    pairs' products (a footprint against another, for thousands of pairs) run over the
    atoms, each weighted by its areas (``count``), people (``pop``) and areas of unknown
    population (``unknown``). Areas are grouped by an exact integer hash of the rows that
    hold them, and the grouping is checked exactly (every row holds all of an atom's areas
    or none); if the check fails, each area is its own atom.
    """

    SALT = 2**40  # each row's two hash terms are drawn below this

    def __init__(self, m: sparse.csr_matrix, district: np.ndarray, fp: Footprints):
        n = m.shape[1]
        salt = np.random.default_rng(0).integers(0, self.SALT, size=(m.shape[0], 2))
        held = sparse.csr_matrix(m.T, dtype=np.int64)
        h = held @ salt  # exact sums: no float rounding
        order = np.lexsort((district, h[:, 1], h[:, 0]))
        h, d = h[order], np.asarray(district)[order]
        new = np.ones(n, dtype=bool)
        new[1:] = (h[1:] != h[:-1]).any(axis=1) | (d[1:] != d[:-1])
        atom = np.empty(n, dtype=np.int64)
        atom[order] = np.cumsum(new) - 1
        k = int(atom.max()) + 1 if n else 0
        to = sparse.csr_matrix((np.ones(n), (np.arange(n), atom)), shape=(n, max(k, 1)))
        per = (m @ to).tocsr()
        per.sum_duplicates()
        if not np.array_equal(per.data, np.bincount(atom, minlength=k)[per.indices]):
            to = sparse.identity(n, format="csr")  # a hash collision: no grouping
            per = m.copy()
        per.data[:] = 1
        self.to = to  # areas x atoms, 1 where the area is in the atom
        self.m = per  # the nodes' rows over the atoms
        pop, unknown = fp.population()
        self.count = np.asarray(to.sum(axis=0)).ravel()
        self.pop = to.T @ pop
        self.unknown = to.T @ unknown

    def areas(self, x: sparse.csr_matrix) -> sparse.csr_matrix:
        """Rows over the atoms as rows over the areas."""
        return (x @ self.to.T).tocsr()


class _Districts:
    """Leaf -> district incidence (sparse), to group evidence lists for many pairs at once."""

    def __init__(self, kg: KnowledgeGraph, fp: Footprints):
        self.kg, self.fp = kg, fp
        cols, names = pd.factorize(np.asarray(fp.districts(fp.areas), dtype=object))
        self.of_area = cols  # each area column's district column
        self.names = names.tolist()
        self.sizes = fp.counts(self.names)
        self.rank = np.argsort(np.argsort(np.asarray(self.names, dtype=object)))
        n = max(len(fp.col), 1)
        self.d = sparse.csr_matrix((np.ones(len(cols)), (np.arange(len(cols)), cols)),
                                   shape=(n, max(len(self.names), 1)))
        pop, unknown = fp.population()
        self.dpop = sparse.csr_matrix(sparse.diags(pop) @ self.d)
        self.dunknown = sparse.csr_matrix(sparse.diags(unknown) @ self.d)
        self._head: dict[int, tuple[str, int]] = {}

    def over(self, atoms: _Atoms) -> None:
        """Group rows over ``atoms``' atoms from now on, not rows over the areas."""
        t = atoms.to.T.tocsr()
        self.d, self.dpop, self.dunknown = (sparse.csr_matrix(t @ x)
                                            for x in (self.d, self.dpop, self.dunknown))

    def head(self, j: int) -> tuple[str, int]:
        """District column j's words ('E07000117 Burnley') and its number of finest areas
        (0 when the district is itself a finest area), worked out once per district."""
        if j not in self._head:
            d = self.names[j]
            self._head[j] = (f"{self.kg.node(d).get('code') or d} {self.kg.label(d)}",
                             self.sizes[j])
        return self._head[j]

    def grouped(self, x: sparse.csr_matrix) -> tuple[sparse.csr_matrix, ...]:
        """For each row of x (0/1 over areas): its areas, people and areas of unknown
        population in each district (three rows x districts matrices)."""
        return ((x @ self.d).tocsr(), (x @ self.dpop).tocsr(), (x @ self.dunknown).tocsr())

    def listings(self, counts: sparse.csr_matrix, people: sparse.csr_matrix,
                 unknown: sparse.csr_matrix) -> list[tuple[str, ...]]:
        """For each row of :meth:`grouped`'s matrices: its areas grouped by district (in
        id order), with people. Only the words are made one by one."""
        counts = counts.tocsr()
        counts.sum_duplicates()
        counts.eliminate_zeros()
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        cols, n = counts.indices, counts.data
        order = np.lexsort((self.rank[cols], rows))
        rows, cols, n = rows[order], cols[order], n[order]
        ppl_of = _aligned(people.tocsr(), rows, cols)
        unknown_of = _aligned(unknown.tocsr(), rows, cols)
        head = self.head
        words = []
        for j, k, p, u in zip(cols.tolist(), n.tolist(), ppl_of.tolist(),
                              unknown_of.tolist(), strict=True):
            name, whole = head(j)
            ppl = "population unknown" if u > 0 else f"{int(p):,} people"
            if not whole:  # the district is itself a finest area
                words.append(f"{name}: {ppl}")
            else:
                part = "all" if int(k) == whole else f"{int(k)} of {whole}"
                words.append(f"{name}: {ppl} ({part} areas)")
        bounds = np.searchsorted(rows, np.arange(counts.shape[0] + 1)).tolist()
        return [tuple(words[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def _aligned(m: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The values of ``m`` at (rows, cols), 0 where it holds none, without a loop."""
    m.sum_duplicates()
    keys = np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr)) \
        * m.shape[1] + m.indices
    want = rows.astype(np.int64) * m.shape[1] + cols
    if not len(keys):
        return np.zeros(len(want))
    pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    return np.where(keys[pos] == want, m.data[pos], 0.0)


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
    nodes = sorted({n for p in pairs for n in p})
    index = {n: i for i, n in enumerate(nodes)}
    m = fp.matrix(nodes)
    size = np.diff(m.indptr)
    pairs = [(a, b) for a, b in pairs if size[index[a]] and size[index[b]]]
    if not pairs:
        return pd.DataFrame(columns=columns)
    ia = np.fromiter((index[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
    ib = np.fromiter((index[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
    districts = _Districts(kg, fp)
    atoms = _Atoms(m, districts.of_area, fp)
    districts.over(atoms)
    mx = atoms.m  # the rest over the atoms
    both = mx[ia].multiply(mx[ib]).tocsr()
    meas = _measures(mx, ia, ib, both, atoms)
    # areas outside (a's not in b) and missing (b's not in a) by district: a's or b's
    # sums per district less the shared areas' (sums over the nodes taken once)
    mine, shared = districts.grouped(mx), districts.grouped(both)
    outside = districts.listings(*(x[ia] - y for x, y in zip(mine, shared, strict=True)))
    missing = districts.listings(*(x[ib] - y for x, y in zip(mine, shared, strict=True)))
    same = (meas["inter"] == meas["sa"]) & (meas["inter"] == meas["sb"])
    names = {n: _name(kg, n) for n in {n for p in pairs for n in p}}

    def rounded(c: str) -> list[float | None]:
        return [None if v != v else round(v, 4) for v in meas[c].tolist()]

    def whole(c: str) -> list[int | None]:
        return [None if v != v else int(v) for v in meas[c].tolist()]

    a_ids, b_ids = [a for a, _ in pairs], [b for _, b in pairs]
    data: dict[str, list[Any]] = {
        "a": a_ids, "a_name": [names[a] for a in a_ids],
        "b": b_ids, "b_name": [names[b] for b in b_ids],
        **{c: rounded(c) for c in MEASURES},
        "coterminous": same.tolist(), "outside": outside, "missing": missing,
        "a_areas": whole("sa"), "b_areas": whole("sb"),
        "a_population": whole("pa"), "b_population": whole("pb")}
    if full:
        both = atoms.areas(both)
        data["outside_areas"] = _codes(kg, fp, (m[ia] - both).tocsr())
        data["missing_areas"] = _codes(kg, fp, (m[ib] - both).tocsr())
    rows = list(zip(*(data[c] for c in columns), strict=True))
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
    if len(found) > 1:
        # an ICB and the ONS area named after it: one footprint, when the body covers
        # just the areas of its name; the body is what was meant
        bodies = [n for n in found if kg.type_of(n) != "Area"]
        areas = {n for n in found if kg.type_of(n) == "Area"}
        if len(bodies) == 1 and areas and set(kg.out(bodies[0], "COVERS")) == areas:
            return bodies[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise LspGraphError(f"no body or area called '{text}'")
    raise LspGraphError(f"'{text}' could be any of {', '.join(found)}; use an id, or an "
                        "area's ONS code")


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
        nodes, pred = node_table(kg.nx), pred_table(kg.nx)
        pairs = [(m, p) for p in fp.partnerships()
                 if not partnership or p == partnership
                 for m in sorted(u for u, keys in pred[p].items() if "MEMBER_OF" in keys)
                 if nodes[m]["type"] == "Organisation"]
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
