"""Expected coterminosity of the held-out landscapes, straight from the ONS CSVs in
../shared/data/ons (not through lspgraph): a code's footprint is its LSOAs (2021), and each
pair's Jaccard is over LSOAs and over Census 2021 people.

    python tests/data/landscapes/coterm_expected.py E10000020,E54000022 ...
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ONS = Path(os.environ.get("LSPGRAPH_SHARED", Path(__file__).parents[4] / "shared")) / "data" / "ons"
# Safer Leeds' CSP area: west-yorkshire/areas.csv puts Leeds in it
EXTRA = {"E22000345": {"E08000035"}}


def _rows(name: str):
    with (ONS / name).open(newline="", encoding="utf-8-sig") as fh:
        yield from csv.DictReader(fh)


def tables() -> tuple[dict, dict, dict, dict]:
    lad_lsoa: dict[str, set[str]] = {}
    for r in _rows("lsoa21_wd24_lad24_ew.csv"):
        lad_lsoa.setdefault(r["LAD24CD"], set()).add(r["LSOA21CD"])
    pop = {r["LSOA21CD"]: int(r["census2021_usual_residents"])
           for r in _rows("lsoa21_population_census2021_ew.csv")}
    groups: dict[str, set[str]] = {}
    for name, up, down in (("ltla23_utla23_ew.csv", "UTLA23CD", "LTLA23CD"),
                           ("lad24_csp24_pfa24_ew.csv", "PFA24CD", "LAD24CD"),
                           ("lad24_fra24_ew.csv", "FRA24CD", "LAD24CD"),
                           ("lad23_cauth23_en.csv", "CAUTH23CD", "LAD23CD")):
        for r in _rows(name):
            if r[up] != r[down]:
                groups.setdefault(r[up], set()).add(r[down])
    icb: dict[str, set[str]] = {}
    for r in _rows("lsoa21_sicbl24_icb24_en.csv"):
        icb.setdefault(r["ICB24CD"], set()).add(r["LSOA21CD"])
    return lad_lsoa, pop, groups, icb


def measures(a: str, b: str, t: tuple[dict, dict, dict, dict] | None = None) -> dict:
    lad_lsoa, pop, groups, icb = t or tables()

    def footprint(code: str) -> set[str]:
        if code in icb:
            return icb[code]
        lads = groups.get(code) or EXTRA.get(code)
        if lads:
            return set().union(*(lad_lsoa[lad] for lad in lads))
        return lad_lsoa.get(code, {code})  # nothing known beneath: the area alone

    fa, fb = footprint(a), footprint(b)
    both, either = fa & fb, fa | fb

    def people(s: set[str]) -> int:
        return sum(pop.get(x, 0) for x in s)

    return {"a_lsoas": len(fa), "b_lsoas": len(fb), "shared": len(both),
            "jaccard": round(len(both) / len(either), 4),
            "pop_jaccard": round(people(both) / people(either), 4) if people(either) else 0.0}


if __name__ == "__main__":
    t = tables()
    for arg in sys.argv[1:]:
        a, b = arg.split(",")
        print(a, b, measures(a, b, t))
