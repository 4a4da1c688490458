"""Coterminosity at national scale: ``python -m bench.geo --ons DIR [--write BENCHMARKS.md]``.

Loads the ONS lookups for all of England and Wales at LSOA level (with Census 2021
populations) from DIR (the files of ../shared/data/ons, or the same products downloaded
from the ONS Open Geography Portal) into a store (``--store``, built when missing), then
sets every police force area against every ICB:

- the question alone, ``queries.run("coterminosity", kinds=...)`` on the loaded graph;
- against the same-run baseline a sceptic would write: per pair with Python sets, each
  footprint built once (a memoised walk down WITHIN), the district of each area looked up
  once, the same measures and the same evidence strings, all inside the clock. Its rows are
  checked equal to the question's, so both do the same work;
- for reference, two weaker baselines: the same per-pair code with footprints and
  districts built before the clock starts (the floor of the per-pair work), and per-pair
  code that walks both footprints again for every pair (a sample, extrapolated);
- the whole ``lspgraph query coterminosity --kind police_force_area,icb`` command, a fresh
  process each run, beside the store load alone, to show where the user's time goes, and
  against the same work with the whole store loaded (the command before it read only its
  part of the store: ``storage.load``, the same question, the same table), in the same
  run, the two commands taking turns.

Every timing is the median of ``--runs``, in wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lspgraph import queries
from lspgraph.graph import load
from lspgraph.graph.model import KnowledgeGraph
from lspgraph.importers import import_files
from lspgraph.queries.common import area_label, areas_below

from .whole import load_average, lspgraph, time_command

__all__ = ["KINDS", "LOOKUPS", "WHOLE_LOAD", "build_once", "build_store", "main", "same",
           "walk_per_pair", "whole_commands"]

LOOKUPS = ["lsoa21_wd24_lad24_ew.csv", "ltla23_utla23_ew.csv", "lad24_fra24_ew.csv",
           "lsoa21_sicbl24_icb24_en.csv", "lsoa21_population_census2021_ew.csv"]
KINDS = ("police_force_area", "icb")
_DISTRICT_KINDS = ("district", "unitary", "metropolitan_district", "london_borough")


def build_store(ons: Path, store: Path) -> float:
    """Import the ONS lookups into ``store``; the seconds it took."""
    t = time.perf_counter()
    import_files([ons / f for f in LOOKUPS], store)
    import_files([ons / "lad24_csp24_pfa24_ew.csv"], store, options={"levels": ["LAD", "PFA"]})
    return time.perf_counter() - t


def _measures(sa: frozenset[str], sb: frozenset[str], pop: dict[str, int | None]
              ) -> tuple[Any, ...]:
    inter = sa & sb
    known = all(pop[x] is not None for x in sa) and all(pop[x] is not None for x in sb)
    pi, pa, pb = (sum(pop[x] or 0 for x in s) for s in (inter, sa, sb))

    def share(n: float, d: float, ok: bool = True) -> float | None:
        return round(n / d, 4) if ok and d > 0 else None

    return (share(len(inter), len(sa)), share(len(inter), len(sb)),
            share(len(inter), len(sa | sb)), share(pi, pa, known), share(pi, pb, known),
            share(pi, pa + pb - pi, known), sa == sb)


def _listing(areas: frozenset[str], district: dict[str, str], pop: dict[str, int | None],
             label: Callable[[str], str], whole: dict[str, int]) -> tuple[str, ...]:
    """Areas grouped by district, with people, as the question words its evidence."""
    groups: dict[str, list[Any]] = {}
    for a in areas:
        g = groups.setdefault(district[a], [0, 0, False])
        g[0] += 1
        g[1] += pop[a] or 0
        g[2] |= pop[a] is None
    out = []
    for d, (n, p, unknown) in sorted(groups.items()):
        ppl = "population unknown" if unknown else f"{p:,} people"
        if whole[d] == 0:  # the district is itself a finest area
            out.append(f"{label(d)}: {ppl}")
        else:
            out.append(f"{label(d)}: {ppl} ({'all' if n == whole[d] else f'{n} of {whole[d]}'}"
                       " areas)")
    return tuple(out)


def build_once(kg: KnowledgeGraph, kinds: tuple[str, str] | None = KINDS,
               prebuilt: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Every body of ``kinds[0]`` against every one of ``kinds[1]`` (``kinds`` None: each
    member organisation against each partnership, the question's default), pair by pair with
    Python sets, as competent per-pair code would write it: one pass over the nodes, each
    footprint built once (a memoised walk down WITHIN; a body's: the union of the areas it
    COVERS), each area's district looked up once, then per pair the set measures and the
    evidence grouped by district. ``prebuilt``: the pairs, footprints, districts and names
    from an earlier call (the floor of the per-pair work). Rows: (a, b, 6 measures,
    coterminous, outside, missing)."""
    p = {} if prebuilt is None else prebuilt
    if not p:
        g = kg.nx
        kind = {n: d.get("kind") for n, d in g.nodes(data=True)}
        children: dict[str, list[str]] = {}
        for u, v, k in g.edges(keys=True):
            if k == "WITHIN":
                children.setdefault(v, []).append(u)
        leaves: dict[str, frozenset[str]] = {}

        def below(area: str) -> frozenset[str]:
            if area not in leaves:
                kids = children.get(area)
                leaves[area] = (frozenset().union(*map(below, kids)) if kids
                                else frozenset([area]))
            return leaves[area]

        if kinds is None:
            pairs = [(m, b) for b in sorted(kg.nodes("Partnership"))
                     for m in kg.into(b, "MEMBER_OF") if kg.type_of(m) == "Organisation"]
        else:
            first, second = ([n for n, k in kind.items() if k == want] for want in kinds)
            pairs = [(a, b) for a in sorted(first) for b in sorted(second) if a != b]
        fp = {n: (below(n) if g.nodes[n]["type"] == "Area" else
                  frozenset().union(*(below(v) for _, v, k in g.out_edges(n, keys=True)
                                      if k == "COVERS")))
              for pair in pairs for n in pair}
        finest = set().union(*fp.values())
        pop = {a: g.nodes[a].get("population") for a in finest}
        district = {}
        for a in finest:
            district[a] = a if kind[a] in _DISTRICT_KINDS else next(
                (p for _, p, k in sorted(g.out_edges(a, keys=True))
                 if k == "WITHIN" and kind[p] in _DISTRICT_KINDS), a)
        whole = {d: (0 if below(d) == frozenset([d]) else len(below(d)))
                 for d in set(district.values())}
        labels = {d: f"{g.nodes[d].get('code') or d} {kg.label(d)}" for d in whole}
        p.update(pairs=pairs, fp=fp, pop=pop, district=district, whole=whole, labels=labels)
    rows = []
    for a, b in p["pairs"]:
        sa, sb = p["fp"][a], p["fp"][b]
        if not sa or not sb:
            continue
        rows.append((a, b, *_measures(sa, sb, p["pop"]),
                     _listing(sa - sb, p["district"], p["pop"], p["labels"].get, p["whole"]),
                     _listing(sb - sa, p["district"], p["pop"], p["labels"].get, p["whole"])))
    return rows


def walk_per_pair(kg: KnowledgeGraph, kinds: tuple[str, str] = KINDS, sample: int = 150
                  ) -> tuple[float, int]:
    """Per pair, both footprints walked down WITHIN again (``areas_below``), then the same
    measures and evidence: the weak baseline earlier figures were set against. Timed on a
    sample of pairs, extrapolated; (seconds, sample size)."""
    import random

    ref: dict[str, Any] = {}
    build_once(kg, kinds, ref)
    pairs = ref["pairs"]
    chosen = random.Random(1).sample(pairs, min(sample, len(pairs)))

    def footprint(node: str) -> frozenset[str]:
        return frozenset(a for a in areas_below(kg, node) if not kg.into(a, "WITHIN"))

    t = time.perf_counter()
    for a, b in chosen:
        sa, sb = footprint(a), footprint(b)
        _ = (_measures(sa, sb, ref["pop"]),
             _listing(sa - sb, ref["district"], ref["pop"], ref["labels"].get, ref["whole"]),
             _listing(sb - sa, ref["district"], ref["pop"], ref["labels"].get, ref["whole"]))
    return (time.perf_counter() - t) * len(pairs) / len(chosen), len(chosen)


# the whole command's work as it was before the question chose its part of the store:
# every node and edge loaded, then the same question and the same table on standard output
WHOLE_LOAD = """
import sys
from lspgraph import cli, queries
from lspgraph.graph import storage
kg = storage.load(sys.argv[1])
cli.emit(queries.run("coterminosity", kg, kinds=sys.argv[2].split(",")), "table")
"""


def whole_commands(store: Path, runs: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The whole ``lspgraph query coterminosity --kind`` command and, taking turns with it,
    the same work after a whole-store load (:data:`WHOLE_LOAD`): ``runs`` fresh processes
    each, timed by :func:`bench.whole.time_command`."""
    ours = lspgraph("query", "coterminosity", "--kind", ",".join(KINDS), "--store", str(store))
    before = [sys.executable, "-c", WHOLE_LOAD, str(store), ",".join(KINDS)]
    done = [(time_command(ours, 1), time_command(before, 1)) for _ in range(runs)]

    def merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
        return {"wall_s": round(statistics.median(p["wall_s"] for p in parts), 2),
                "cpu_s": round(statistics.median(p["cpu_s"] for p in parts), 2),
                "peak_mb": max(p["peak_mb"] for p in parts),
                "walls": [p["wall_s"] for p in parts],
                "load": f"{parts[0]['load'].split('-')[0]}-{parts[-1]['load'].split('-')[-1]}"}

    return merged([a for a, _ in done]), merged([b for _, b in done])


def _timed(f: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``runs`` calls, and the last call's value."""
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        value = f()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), value


def same(df: Any, rows: list[tuple[Any, ...]]) -> bool:
    """The baseline's rows equal the question's (the same pairs, measures and evidence)."""
    cols = ["a", "b", "containment", "coverage", "jaccard", "pop_containment", "pop_coverage",
            "pop_jaccard", "coterminous", "outside", "missing"]
    ours = {r[0:2]: r for r in df[cols].itertuples(index=False, name=None)}

    def norm(v: Any) -> Any:
        return None if isinstance(v, float) and math.isnan(v) else v

    theirs = {r[0:2]: r for r in rows}
    return ours.keys() == theirs.keys() and all(
        tuple(map(norm, ours[k])) == tuple(map(norm, theirs[k])) for k in ours)


def _ratio(base: float, ours: float) -> str:
    return f"{base / ours:.1f}× faster" if ours <= base else f"{ours / base:.1f}× slower"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.geo")
    ap.add_argument("--ons", type=Path, required=True)
    ap.add_argument("--store", type=Path, default=None,
                    help="the ONS store to use (built from --ons when missing)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args(argv)
    store = args.store or Path(tempfile.mkdtemp()) / "ons.store"
    imported = None if store.exists() else build_store(args.ons, store)
    import numpy  # noqa: F401  (the question's libraries, imported before any clock)
    import pandas  # noqa: F401
    import scipy.sparse  # noqa: F401

    load_wall, load_cpu, kg = _timed(lambda: load(store), 1)
    rules = queries.load_rules()
    ours, ours_cpu, df = _timed(lambda: queries.run("coterminosity", kg, rules=rules,
                                                    kinds=list(KINDS)), args.runs)
    base, base_cpu, rows = _timed(lambda: build_once(kg), args.runs)
    if not same(df, rows):
        raise SystemExit("bench.geo: the baseline's rows differ from the question's")
    ref: dict[str, Any] = {}
    build_once(kg, KINDS, ref)
    floor, floor_cpu, _ = _timed(lambda: build_once(kg, KINDS, ref), args.runs)
    naive, naive_sample = walk_per_pair(kg)
    print("bench.geo: whole command ...", file=sys.stderr, flush=True)
    # the part of the store the command reads, and the question on it (in process)
    question = queries.get("coterminosity")
    part_wall, part_cpu, part = _timed(lambda: question.load(store, kinds=list(KINDS)),
                                       args.runs)
    _, on_part_cpu, df_part = _timed(lambda: queries.run("coterminosity", part, rules=rules,
                                                         kinds=list(KINDS)), args.runs)
    if not df_part.equals(df):
        raise SystemExit("bench.geo: the answer from the part differs from the whole's")
    whole, before = whole_commands(store, args.runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    areas = sum(1 for _, d in kg.nx.nodes(data=True) if d["type"] == "Area")
    kind_words = " against every ".join(area_label(kg, b).split(" (")[1].rstrip(")")
                                        for b in (rows[0][0], rows[0][1]))
    text = "\n".join([
        f"All England and Wales from the ONS lookups ({areas:,} areas, LSOA level, Census 2021 "
        "populations" + (f"; import {imported:.1f} s" if imported else "")
        + f"). Every {kind_words}: {len(df):,} pairs. Medians of {args.runs} runs; load "
        f"average (1 min) {load_average()} at the end of the run.",
        "",
        "| step | wall s | CPU s | baseline (same run) | wall s | CPU s | ratio (CPU) |",
        "|---|---:|---:|---|---:|---:|---:|",
        f"| question alone (`coterminosity`, kinds {','.join(KINDS)}) | {ours:.2f} | "
        f"{ours_cpu:.2f} | per pair with Python sets, each footprint built once, districts "
        f"looked up once, the same evidence (rows checked equal) | {base:.2f} | "
        f"{base_cpu:.2f} | **{_ratio(base_cpu, ours_cpu)}** |",
        f"| (the same) | {ours:.2f} | {ours_cpu:.2f} | the same per-pair code, footprints and "
        f"districts built before its clock starts (the per-pair work alone) | {floor:.2f} | "
        f"{floor_cpu:.2f} | {_ratio(floor_cpu, ours_cpu)} |",
        f"| (the same) | {ours:.2f} | {ours_cpu:.2f} | per pair, both footprints walked "
        f"down WITHIN again for every pair ({naive_sample}-pair sample, extrapolated; the "
        f"weak baseline of earlier runs) | {naive:.1f} | | {_ratio(naive, ours)} (wall) |",
        "",
        "| whole command (fresh process) | wall s | CPU s | of which: store load (in "
        "process) wall s | CPU s | question CPU s | rest CPU s (interpreter, imports, "
        "printing) | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        f"| `lspgraph query coterminosity --kind {','.join(KINDS)}` (reads its part: "
        f"{part.nx.number_of_nodes():,} nodes, {part.nx.number_of_edges():,} edges) | "
        f"{whole['wall_s']} | {whole['cpu_s']} | {part_wall:.2f} | {part_cpu:.2f} | "
        f"{on_part_cpu:.2f} | {max(0.0, whole['cpu_s'] - part_cpu - on_part_cpu):.2f} | "
        "< 2 s: " + ("met" if whole["wall_s"] < 2 else "not met" + (
            " (met in CPU)" if whole["cpu_s"] < 2 else "")) + " |",
        f"| the same after a whole-store load ({kg.nx.number_of_nodes():,} nodes, "
        f"{kg.nx.number_of_edges():,} edges: the command before it read only its part; "
        f"same run, taking turns) | {before['wall_s']} | {before['cpu_s']} | {load_wall:.2f} "
        f"| {load_cpu:.2f} | {ours_cpu:.2f} | "
        f"{max(0.0, before['cpu_s'] - load_cpu - ours_cpu):.2f} | the command is "
        f"{_ratio(before['cpu_s'], whole['cpu_s'])} by CPU, "
        f"{_ratio(before['wall_s'], whole['wall_s'])} by wall |",
        "",
        f"Peak memory of the run (store loaded, all methods): {peak:,.0f} MB (a child "
        "process's peak as wait4 gives it starts from this one's, so the commands' own are "
        "not shown here). Whole-command runs: "
        f"{', '.join(map(str, whole['walls']))} s; after a whole load: "
        f"{', '.join(map(str, before['walls']))} s; load average {whole['load']}.",
    ])
    from .publish import publish

    publish(text, args.write, "geo")


if __name__ == "__main__":
    main()
