"""How the whole commands grow with the landscape: ``python -m bench.sizes DIR ...``.

Each DIR is a landscape bench/generate.py wrote (``DIR/data/*.csv``) and imported into
``DIR/bench.store`` (as ``python -m bench`` does, at other ``--scale``s; build one with
``python -m bench --scale 0.25 --out DIR``). For each it times, every run a fresh process:

- ``lspgraph import DIR/data/*.csv`` into a new store (``--import-runs``, default 1: it is
  the slowest step);
- the store load alone: ``storage.load`` timed inside a fresh interpreter;
- the whole ``lspgraph query duplicates --method lexical`` command;

the medians in wall and CPU seconds, and fits the growth exponent b of CPU seconds ~
actions^b for each (1: linear; 2: quadratic). CPU seconds are fitted, not wall seconds,
because on a shared machine the wall seconds of one size and the next were measured under
different loads.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .publish import publish
from .whole import load_average, lspgraph, time_command, time_runs

__all__ = ["exponent", "main", "markdown", "measure"]

HERE = Path(__file__).resolve().parent
_LOAD = ("import sys, time; from lspgraph.graph import storage; t = time.perf_counter(); "
         "c = time.process_time(); kg = storage.load(sys.argv[1]); "
         "print(time.perf_counter() - t, time.process_time() - c, kg.nx.number_of_nodes())")


def exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """The b of seconds ~ sizes^b, fitted by least squares on the logs (None: < 2 sizes)."""
    if len(sizes) < 2 or min(seconds) <= 0:
        return None
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def _actions(d: Path) -> int:
    with open(d / "data" / "actions.csv", "rb") as fh:
        return sum(1 for _ in fh) - 1


def _load(store: Path, runs: int) -> dict[str, Any]:
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _LOAD, str(store)], check=True,
                             capture_output=True, text=True).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
    return {"wall_s": round(statistics.median(walls), 2),
            "cpu_s": round(statistics.median(cpus), 2), "nodes": int(out[2])}


def measure(d: Path, runs: int = 3, import_runs: int = 1) -> dict[str, Any]:
    """The three timings for one landscape (see the module text)."""
    files = sorted(str(p) for p in (d / "data").glob("*.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        imp = time_runs([lspgraph("import", *files, "--store", f"{tmp}/s{i}.store")
                         for i in range(import_runs)])
    store = d / "bench.store"
    return {"actions": _actions(d), "import": imp, "load": _load(store, runs),
            "duplicates": time_command(lspgraph("query", "duplicates", "--method", "lexical",
                                                "--store", str(store)), runs),
            "mb": round(store.stat().st_size / 2**20, 1), "load_avg": load_average()}


def markdown(rows: list[dict[str, Any]]) -> str:
    """The growth table for BENCHMARKS.md."""
    rows = sorted(rows, key=lambda r: r["actions"])
    lines = ["| actions | store MB | import: wall s | import: CPU s | load: wall s | "
             "load: CPU s | duplicates: wall s | duplicates: CPU s | duplicates: peak MB | "
             "load avg |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        i, ld, d = r["import"], r["load"], r["duplicates"]
        lines.append(f"| {r['actions']:,} | {r['mb']} | {i['wall_s']} | {i['cpu_s']} | "
                     f"{ld['wall_s']} | {ld['cpu_s']} | {d['wall_s']} | {d['cpu_s']} | "
                     f"{d['peak_mb']} | {r['load_avg']} |")
    n = [r["actions"] for r in rows]
    fits = []
    for key, label in (("import", "import"), ("load", "load"), ("duplicates", "duplicates")):
        b = exponent(n, [r[key]["cpu_s"] for r in rows])
        fits.append(f"{label} {b:.2f}" if b is not None else f"{label} n/a")
    lines += ["", "Fitted growth exponent b (CPU seconds ~ actions^b; 1 is linear): "
              + ", ".join(fits) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.sizes", description=__doc__.split("\n")[0])
    ap.add_argument("dirs", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3, help="runs of the load and of duplicates")
    ap.add_argument("--import-runs", type=int, default=1)
    ap.add_argument("--keep", type=Path, default=None,
                    help="JSON file of rows from earlier runs: added to, and tabled with these")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args(argv)
    rows = json.loads(args.keep.read_text()) if args.keep and args.keep.exists() else []
    for d in args.dirs:
        row = measure(d, args.runs, args.import_runs)
        print(f"bench.sizes: {json.dumps(row)}", file=sys.stderr, flush=True)
        rows = [r for r in rows if r["actions"] != row["actions"]] + [row]
        if args.keep:
            args.keep.write_text(json.dumps(rows, indent=1))
    publish(markdown(rows), args.write, "sizes")


if __name__ == "__main__":
    main()
