"""Coterminosity at national scale: ``python -m bench.geo --ons DIR [--write BENCHMARKS.md]``.

Loads the ONS lookups for all of England and Wales at LSOA level (with Census 2021
populations) from DIR (the files of ../shared/data/ons, or the same products downloaded
from the ONS Open Geography Portal), then times every police force area against every ICB
with ``lspgraph query coterminosity --kind police_force_area,icb``, against a baseline
measured in the same run: the same measures, pair by pair, with Python sets.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from lspgraph import queries
from lspgraph.graph import load
from lspgraph.importers import import_files
from lspgraph.queries.coterminosity import Footprints

LOOKUPS = ["lsoa21_wd24_lad24_ew.csv", "ltla23_utla23_ew.csv", "lad24_fra24_ew.csv",
           "lsoa21_sicbl24_icb24_en.csv", "lsoa21_population_census2021_ew.csv"]


def _grouped(areas: set[str], district: dict[str, str], pop: dict[str, int]) -> list[str]:
    groups: dict[str, list[int]] = {}
    for a in areas:
        g = groups.setdefault(district[a], [0, 0])
        g[0] += 1
        g[1] += pop[a]
    return [f"{d}: {p:,} people ({n} areas)" for d, (n, p) in sorted(groups.items())]


def _baseline(kg, kinds: tuple[str, str]) -> tuple[float, int]:
    """The same measures and the same evidence (areas outside and missing, grouped by
    district with people), pair by pair with Python sets; footprints and the district of
    each area are looked up before the clock starts."""
    fp = Footprints(kg)
    bodies = [[n for n in kg.nodes("Area") if kg.node(n).get("kind") == k] for k in kinds]
    sets = {n: set(fp.of(n)) for group in bodies for n in group}
    pop = {a: kg.node(a).get("population") or 0 for s in sets.values() for a in s}
    district = {a: fp.district(a) for s in sets.values() for a in s}
    t = time.perf_counter()
    rows = 0
    for a in bodies[0]:
        for b in bodies[1]:
            sa, sb = sets[a], sets[b]
            inter = sa & sb
            if not sa or not sb:
                continue
            pi = sum(pop[x] for x in inter)
            pa, pb = sum(pop[x] for x in sa), sum(pop[x] for x in sb)
            _ = (len(inter) / len(sa), len(inter) / len(sb), len(inter) / len(sa | sb),
                 pi / pa if pa else None, pi / pb if pb else None,
                 _grouped(sa - sb, district, pop), _grouped(sb - sa, district, pop))
            rows += 1
    return time.perf_counter() - t, rows


def _naive(kg, kinds: tuple[str, str], sample: int = 150) -> tuple[float, int]:
    """Per pair, as one would write it without the incidence matrices: walk each body's
    footprint down WITHIN (lspgraph.queries.common.areas_below), keep the finest areas, then
    the same set measures and evidence. Timed on a sample of pairs, extrapolated."""
    import random

    from lspgraph.queries.common import areas_below

    bodies = [[n for n in kg.nodes("Area") if kg.node(n).get("kind") == k] for k in kinds]
    pairs = [(a, b) for a in bodies[0] for b in bodies[1]]
    chosen = random.Random(1).sample(pairs, min(sample, len(pairs)))
    district = {}
    fp = Footprints(kg)

    def footprint(node: str) -> set[str]:
        return {a for a in areas_below(kg, node) if not kg.into(a, "WITHIN")}

    t = time.perf_counter()
    for a, b in chosen:
        sa, sb = footprint(a), footprint(b)
        for x in sa | sb:
            if x not in district:
                district[x] = fp.district(x)
        pop = {x: kg.node(x).get("population") or 0 for x in sa | sb}
        inter = sa & sb
        pi, pa, pb = (sum(pop[x] for x in inter), sum(pop[x] for x in sa),
                      sum(pop[x] for x in sb))
        _ = (len(inter) / len(sa), len(inter) / len(sb), len(inter) / len(sa | sb),
             pi / pa if pa else None, pi / pb if pb else None,
             _grouped(sa - sb, district, pop), _grouped(sb - sa, district, pop))
    return (time.perf_counter() - t) * len(pairs) / len(chosen), len(chosen)


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.geo")
    ap.add_argument("--ons", type=Path, required=True)
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    store = Path(tempfile.mkdtemp()) / "ons.store"
    t = time.perf_counter()
    import_files([args.ons / f for f in LOOKUPS], store)
    import_files([args.ons / "lad24_csp24_pfa24_ew.csv"], store,
                 options={"levels": ["LAD", "PFA"]})
    imported = time.perf_counter() - t
    kg = load(store)
    kinds = ("police_force_area", "icb")
    rules = queries.load_rules()
    t = time.perf_counter()
    df = queries.run("coterminosity", kg, rules=rules, kinds=list(kinds))
    ours = time.perf_counter() - t
    base, base_rows = _baseline(kg, kinds)
    naive, naive_sample = _naive(kg, kinds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    areas = sum(1 for _ in kg.nodes("Area"))
    text = (
        f"All England and Wales from the ONS lookups ({areas:,} areas, LSOA level, Census 2021 "
        f"populations; import {imported:.1f} s). Every police force area against every ICB: "
        f"{len(df):,} pairs.\n\n"
        "| step | seconds | baseline (same run) | baseline s | ratio |\n|---|---:|---|---:|---:|\n"
        f"| coterminosity --kind police_force_area,icb | {ours:.2f} | the same measures pair "
        f"by pair with Python sets ({base_rows:,} pairs) | {base:.2f} | "
        + (f"{base / ours:.1f}× faster" if ours <= base else f"{ours / base:.1f}× slower")
        + f" |\n| (the same) | {ours:.2f} | per pair, footprints walked down WITHIN each time "
        f"(a {naive_sample}-pair sample, extrapolated) | {naive:.1f} | "
        + (f"{naive / ours:.1f}× faster" if ours <= naive else f"{ours / naive:.1f}× slower")
        + f" |\n\nPeak memory of the whole run (store loaded, both "
        f"methods): {peak:,.0f} MB.")
    from .publish import publish

    publish(text, args.write, "geo")


if __name__ == "__main__":
    main()
