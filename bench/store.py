"""The store (issue 14): ``python -m bench.store --ons DIR [--scale 1.0] [--write BENCHMARKS.md]``.

Every figure is a whole process, run as a user runs it (wall seconds, best of three, and the
CPU seconds of that run), next to a baseline measured in the same run: the same work on the
gzip-JSON store of earlier versions, which every command read whole (decompress, parse,
build the networkx graph) and every import rewrote whole.

- on a store holding the ONS lookups for England and Wales (LSOA level, as bench/geo.py
  loads them) plus a county landscape (tests/data/landscapes): ``lspgraph --help``,
  ``info``, ``show``, two questions scoped to the county with ``--area`` (they load the
  landscape and the areas around it) and one that needs every area;
- on the national landscape of bench/generate.py: loading the whole graph (what
  whole-graph questions pay), importing a 50-row CSV into it, and the full import.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .publish import publish

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANDSCAPE = ROOT / "tests" / "data" / "landscapes" / "lancashire"
COUNTY = "E10000017"  # Lancashire, the landscape's county
LOOKUPS = ["lsoa21_wd24_lad24_ew.csv", "ltla23_utla23_ew.csv", "lad24_fra24_ew.csv",
           "lsoa21_sicbl24_icb24_en.csv", "lsoa21_population_census2021_ew.csv"]
LSPGRAPH = [sys.executable, "-c", "from lspgraph.cli import cli; cli()"]

# What earlier versions did, for the baselines: read the gzip-JSON store whole, change the
# graph in memory, write it whole (temporary file, fsync, rename).
OLD_IMPORT = """
import os, sys, time
from lspgraph.graph import storage
from lspgraph.graph.merge import apply
from lspgraph.graph.model import KnowledgeGraph
from lspgraph.importers.pipeline import read_records
store, files = sys.argv[1], sys.argv[2:]
kg = storage.loads(open(store, "rb").read(), store) if os.path.exists(store) else KnowledgeGraph()
records, _, sources = read_records(files)
apply(kg, records)
kg.sources.update(sources)
data = storage.dumps(kg)
tmp = store + ".tmp"
with open(tmp, "wb") as fh:
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())
os.replace(tmp, store)
"""

LOAD = """
import sys, time
from lspgraph.graph import storage
path = sys.argv[2]
t = time.perf_counter()
kg = storage.loads(open(path, "rb").read()) if sys.argv[1] == "old" else storage.load(path)
print(round(time.perf_counter() - t, 2), kg.nx.number_of_nodes(), kg.nx.number_of_edges())
"""


def _timed_cpu(cmd: list[str], before: Any = None, repeat: int = 3) -> dict[str, Any]:
    """Best wall time of ``repeat`` runs of a command, with that run's CPU seconds."""
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        if before:
            before()
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=ROOT)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"bench.store: {' '.join(cmd)} exited {code}")
        if best is None or wall < best["wall"]:
            best = {"wall": round(wall, 2), "cpu": round(usage.ru_utime + usage.ru_stime, 2),
                    "out": out.decode()}
    assert best is not None
    return best


def _fifty(path: Path) -> Path:
    rows = "".join(f"Bench Added Trust {i},nhs_body,Benchshire\n" for i in range(50))
    path.write_text("name,kind,area\n" + rows, encoding="utf-8")
    return path


def run(ons: Path, scale: float, work: Path, national: bool = True) -> dict[str, Any]:
    from lspgraph.graph import load, storage
    from lspgraph.importers import import_files

    from .generate import generate

    r: dict[str, Any] = {"scale": scale}
    say = lambda s: print(f"bench.store: {s}", file=sys.stderr, flush=True)  # noqa: E731

    # -- ONS geography + a county landscape -------------------------------------------
    say("building the geography store")
    geo = work / "geo.store"
    import_files([ons / f for f in LOOKUPS], geo)
    import_files([ons / "lad24_csp24_pfa24_ew.csv"], geo, options={"levels": ["LAD", "PFA"]})
    import_files(sorted(LANDSCAPE.glob("*.csv")), geo)
    kg = load(geo)
    old_geo = work / "geo-old.store"
    old_geo.write_bytes(storage.dumps(kg))
    r["geo"] = {"nodes": kg.nx.number_of_nodes(), "edges": kg.nx.number_of_edges(),
                "areas": kg.counts().get("Area", 0),
                "mb": round(geo.stat().st_size / 2**20, 1),
                "old_mb": round(old_geo.stat().st_size / 2**20, 1)}
    del kg
    say("--help, info, show, query --area")
    r["help"] = _timed_cpu([*LSPGRAPH, "--help"])
    r["help_base"] = _timed_cpu([sys.executable, "-c", "import pandas, networkx, rapidfuzz; "
                                 "from lspgraph.cli import cli; cli(['--help'])"])
    for name, args in (("info", ["info"]), ("show", ["show", COUNTY]),
                       ("area", ["query", "coterminosity", "--area", COUNTY]),
                       ("gaps", ["query", "gaps", "--area", COUNTY]),
                       ("whole", ["query", "coterminosity", "--kind", "county,icb"])):
        r[name] = _timed_cpu([*LSPGRAPH, *args, "--store", str(geo)])
        r[f"{name}_base"] = _timed_cpu([*LSPGRAPH, *args, "--store", str(old_geo)])

    if not national:
        return r
    # -- the national landscape -------------------------------------------------------
    say("generating the national landscape")
    land = generate(work / "national", scale=scale)
    files = sorted((work / "national" / "data").glob("*.csv"))
    r["counts"] = land.counts
    nat, old_nat = work / "nat.store", work / "nat-old.store"

    say("full import (new, then old)")
    r["full"] = _timed_cpu([*LSPGRAPH, "import", *map(str, files), "--store", str(nat)],
                           before=lambda: nat.unlink(missing_ok=True), repeat=1)
    r["full_base"] = _timed_cpu([sys.executable, "-c", OLD_IMPORT, str(old_nat),
                                 *map(str, files)],
                                before=lambda: old_nat.unlink(missing_ok=True), repeat=1)
    r["nat"] = {"mb": round(nat.stat().st_size / 2**20, 1),
                "old_mb": round(old_nat.stat().st_size / 2**20, 1)}
    say("load")
    for name, kind, path in (("load", "new", nat), ("load_base", "old", old_nat)):
        res = _timed_cpu([sys.executable, "-c", LOAD, kind, str(path)])
        seconds, nodes, edges = res["out"].split()
        r[name] = {**res, "seconds": float(seconds), "nodes": int(nodes), "edges": int(edges)}
    say("a 50-row CSV into the national store")
    (work / "added").mkdir()
    fifty = _fifty(work / "added" / "organisations.csv")
    nat_copy, old_copy = work / "nat-copy.store", work / "nat-old-copy.store"
    r["fifty"] = _timed_cpu([*LSPGRAPH, "import", str(fifty), "--store", str(nat_copy)],
                            before=lambda: shutil.copy(nat, nat_copy))
    r["fifty_base"] = _timed_cpu([sys.executable, "-c", OLD_IMPORT, str(old_copy), str(fifty)],
                                 before=lambda: shutil.copy(old_nat, old_copy))
    return r


def _ratio(new: float, old: float) -> str:
    if new <= old:
        return f"{old / new:,.1f}× faster" if new else "n/a"
    return f"{new / old:,.1f}× slower"


def markdown(r: dict[str, Any]) -> str:
    g = r["geo"]
    rows = [
        ("`lspgraph --help`", r["help"], "the same with pandas, networkx and rapidfuzz "
         "imported first (what the command loaded before)", r["help_base"]),
        ("`lspgraph info`", r["info"], "the same command on the gzip-JSON store", r["info_base"]),
        (f"`lspgraph show {COUNTY}`", r["show"], "the same command on the gzip-JSON store",
         r["show_base"]),
        (f"`lspgraph query coterminosity --area {COUNTY}`", r["area"],
         "the same command on the gzip-JSON store", r["area_base"]),
        (f"`lspgraph query gaps --area {COUNTY}`", r["gaps"],
         "the same command on the gzip-JSON store", r["gaps_base"]),
        ("`lspgraph query coterminosity --kind county,icb` (needs every area: loads the "
         "whole store)", r["whole"], "the same command on the gzip-JSON store",
         r["whole_base"]),
    ]
    lines = [
        f"Geography store: the ONS lookups for England and Wales at LSOA level plus the "
        f"Lancashire landscape: {g['nodes']:,} nodes ({g['areas']:,} areas), {g['edges']:,} "
        f"edges; SQLite {g['mb']} MB, gzip-JSON {g['old_mb']} MB.",
        "",
        "| command (whole process) | wall s | CPU s | baseline (same run) | wall s | CPU s | "
        "ratio (wall) |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    for label, a, base_label, b in rows:
        lines.append(f"| {label} | {a['wall']} | {a['cpu']} | {base_label} | {b['wall']} | "
                     f"{b['cpu']} | {_ratio(a['wall'], b['wall'])} |")
    if "load" not in r:
        return "\n".join(lines)
    ld, lb, c = r["load"], r["load_base"], r["counts"]
    lines += [
        "",
        f"National landscape (bench/generate.py, scale {r['scale']}): {ld['nodes']:,} nodes, "
        f"{ld['edges']:,} edges ({c['actions']:,} actions, {c['areas']:,} areas); SQLite "
        f"{r['nat']['mb']} MB, gzip-JSON {r['nat']['old_mb']} MB.",
        "",
        "| step | wall s | CPU s | baseline (same run) | wall s | CPU s | ratio (wall) |",
        "|---|---:|---:|---|---:|---:|---:|",
        f"| load the whole graph (in-process time of `storage.load`) | {ld['seconds']} | "
        f"{ld['cpu']} (process) | `storage.loads` of the gzip-JSON store | {lb['seconds']} | "
        f"{lb['cpu']} (process) | {_ratio(ld['seconds'], lb['seconds'])} |",
    ]
    for label, key, base_label in (
            ("`lspgraph import` a 50-row CSV into it", "fifty",
             "read the gzip-JSON store, apply, rewrite it whole"),
            ("`lspgraph import` of all its CSVs into a new store", "full",
             "the same import, written as one gzip-JSON file")):
        a, b = r[key], r[f"{key}_base"]
        lines.append(f"| {label} | {a['wall']} | {a['cpu']} | {base_label} | {b['wall']} | "
                     f"{b['cpu']} | {_ratio(a['wall'], b['wall'])} |")
    lines += [
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}. Wall "
        "seconds are the best of three runs (one for the full imports); CPU seconds are that "
        "run's user + system time. Load average when the table was written (1, 5, 15 "
        "minutes): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + ".",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.split("\n")[0])
    ap.add_argument("--ons", type=Path, required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--geo-only", action="store_true", help="only the geography store's rows")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        results = run(args.ons, args.scale, Path(tmp), national=not args.geo_only)
    publish(markdown(results), args.write, "store")


if __name__ == "__main__":
    main()
