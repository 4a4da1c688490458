"""National-scale benchmarks: ``python -m bench`` (from the project root).

Builds the seeded landscape (bench/generate.py), imports it, and times each step in a
child process of its own so that its peak memory (ru_maxrss) is its own. Each step is set
against a baseline measured in the same run, so the figures are ratios as well as seconds:

- import            vs a bare networkx build from the same CSVs (no validation or identity)
- store load        vs the same networkx graph pickled and read back
- overlaps          vs per-pair Python sets over every pair of partnerships and strategies
- gaps              vs one plain walk over every node and its edges
- coterminosity     vs per-pair Python sets, each footprint built once, the same evidence
- duplicates        vs the pipeline before issue 22 (sparse product of all actions with all),
                      and all-pairs rapidfuzz on a sample, extrapolated to all pairs
- export (N-Triples, streamed) vs the same triples in an rdflib Graph, serialised by rdflib
                      (``--full`` only)

and the duplicates found are scored against the planted pairs (precision, recall).

Then each question (and with ``--full`` the export) as the whole ``lspgraph`` command a user
runs (bench/whole.py): a fresh process each time, store load and output included, the
median of ``--runs`` runs, beside the question's own time; what the whole command spends
outside the question is split into the store load and the rest (interpreter, imports,
printing).

The default is the short run, a few minutes on a quiet 2-core machine: each whole command
once, the all-pairs sample 1,000 actions, no export. ``--full`` is the long one (each whole
command 3 times, the median; the all-pairs sample 4,000 actions; the export against rdflib,
whose baseline alone is a minute or more and 2 GB). Every figure keeps its baseline from
the same run either way.

Options: ``--scale 0.1`` for a quick run, ``--out DIR`` (default bench/out), ``--full``,
``--runs N`` (whole commands; default 1, 3 with ``--full``), ``--jobs N`` (steps at once
after the import, default 1), ``--write FILE`` to write the markdown (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .publish import publish
from .whole import lspgraph, table, time_command

HERE = Path(__file__).resolve().parent


def _child(step: str, out: Path, *args: str) -> dict[str, Any]:
    """Run one step in a fresh interpreter; its JSON result plus its peak memory in MB."""
    cmd = [sys.executable, "-m", "bench.steps", step, str(out), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=HERE.parent)
    assert proc.stdout is not None
    data = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"bench: step {step} failed (exit {proc.returncode})")
    result = json.loads(data)
    result["peak_mb"] = round(usage.ru_maxrss / 1024)
    return result


# the whole commands: (step whose query-only time stands beside it, lspgraph arguments)
WHOLE = {"overlaps": ("overlaps", ["query", "overlaps"]),
         "gaps": ("gaps", ["query", "gaps"]),
         "coterminosity": ("coterminosity", ["query", "coterminosity"]),
         "duplicates --method lexical": ("duplicates",
                                         ["query", "duplicates", "--method", "lexical"]),
         "export --format nt": ("export", ["export", "--format", "nt", "--out", "{out}/whole.nt"])}
# issue 22's goals for whole commands on this landscape (the others are in bench.geo and
# bench.graphdb)
GOALS = {"duplicates --method lexical": 20.0}


def _step(out: Path, step: str, *args: str) -> dict[str, Any]:
    print(f"bench: {step} ...", file=sys.stderr, flush=True)
    result = _child(step, out, *args)
    print(f"bench: {step}: {result}", file=sys.stderr, flush=True)
    return result


def _whole(out: Path, name: str, runs: int) -> dict[str, Any]:
    """``WHOLE[name]`` as a fresh ``lspgraph`` process on ``out``'s store, ``runs`` times."""
    args = WHOLE[name][1]
    cmd = lspgraph(*(a.format(out=out) for a in args), "--store", str(out / "bench.store"))
    print(f"bench: whole command {name} ...", file=sys.stderr, flush=True)
    result = time_command(cmd, runs)
    print(f"bench: {name}: {result}", file=sys.stderr, flush=True)
    return result


# the all-pairs sample (actions) of the short and of the full run
SAMPLE, FULL_SAMPLE = 1000, 4000
# what only --full runs: the export and its rdflib baseline (a minute or more, 2 GB)
FULL_STEPS = ("export", "export_baseline")
FULL_WHOLE = ("export --format nt",)


def run(scale: float, out: Path, seed: int, runs: int = 1, jobs: int = 1,
        full: bool = False) -> dict[str, Any]:
    """Generate, import, then every step and whole command (``jobs`` at a time); the
    export and its baseline, and the larger all-pairs sample, only when ``full``."""
    from concurrent.futures import ThreadPoolExecutor

    from .generate import generate

    t = time.perf_counter()
    land = generate(out, scale=scale, seed=seed)
    results: dict[str, Any] = {"counts": land.counts,
                               "generate_s": round(time.perf_counter() - t, 2),
                               "scale": scale, "seed": seed, "jobs": jobs, "full": full}
    steps = ["import_baseline", "load", "load_baseline", "overlaps",
             "overlaps_baseline", "gaps", "gaps_baseline", "coterminosity",
             "coterminosity_baseline", "duplicates", "duplicates_baseline",
             "duplicates_allpairs", *(FULL_STEPS if full else ())]
    args = {"duplicates_allpairs": (str(FULL_SAMPLE if full else SAMPLE),)}
    commands = [name for name in WHOLE if full or name not in FULL_WHOLE]
    results["import"] = _step(out, "import")  # every other step reads the store it writes
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        done = {step: pool.submit(_step, out, step, *args.get(step, ())) for step in steps}
        whole = {name: pool.submit(_whole, out, name, runs) for name in commands}
    results.update((step, f.result()) for step, f in done.items())
    results["whole"] = {name: f.result() for name, f in whole.items()}
    return results


def _ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}×" if b else "n/a"


def _s(x: dict[str, Any]) -> str:
    """A step's seconds as 'wall (CPU)'."""
    return f"{x['seconds']} ({x['cpu']})" if "cpu" in x else str(x["seconds"])


def _c(x: dict[str, Any]) -> float:
    """A step's CPU seconds (its wall seconds where it has none)."""
    return x.get("cpu") or x["seconds"]


def _vs(ours: float, base: float) -> str:
    """'3.0× faster' or '1.2× slower': ours against the baseline."""
    return (f"{_ratio(base, ours)} faster" if ours <= base else f"{_ratio(ours, base)} slower")


def whole_table(r: dict[str, Any]) -> list[str]:
    """The whole commands beside the questions' own times (bench.whole.table)."""
    rows = [{"command": name, "question": r[WHOLE[name][0]], "load": r["load"],
             "whole": w, "goal": GOALS.get(name)} for name, w in r["whole"].items()]
    return table(rows)


def markdown(r: dict[str, Any]) -> str:
    """The BENCHMARKS.md section for one run."""
    c = r["counts"]
    imp, base = r["import"], r["import_baseline"]
    load = r["load"]
    d, db = r["duplicates"], r["duplicates_baseline"]
    lines = [
        f"Landscape (scale {r['scale']}, seed {r['seed']}): {c['actions']:,} actions in "
        f"{c['strategies']:,} strategies of {c['partnerships']:,} partnerships, "
        f"{c['organisations']:,} organisations, {c['areas']:,} areas, "
        f"{c['planted_pairs']:,} planted duplicate pairs and {c['hard_negatives']:,} planted "
        f"hard negatives. Store: {load['nodes']:,} nodes, {load['edges']:,} edges, "
        f"{imp['store_mb']} MB on disk.",
        "",
        "| step | wall s (CPU s) | peak MB | baseline (same run) | baseline wall s (CPU s) | "
        "ratio (CPU) |",
        "|---|---:|---:|---|---:|---:|",
        f"| import (CSV → validated graph → store) | {_s(imp)} | {imp['peak_mb']} | "
        f"bare networkx build, no validation | {_s(base)} | "
        f"{_vs(_c(imp), _c(base))} |",
        f"| store load | {_s(load)} | {load['peak_mb']} | the same networkx graph "
        f"pickled, read back ({r['load_baseline']['mb']} MB) | {_s(r['load_baseline'])} "
        f"| {_vs(_c(load), _c(r['load_baseline']))} |",
    ]
    for q, label in (("overlaps", "the same profiles, Jaccard per pair with Python sets "
                      "(scores only, no evidence lists)"),
                     ("gaps", "one walk over every node and edge (the floor of a whole-graph "
                      "question, not the same work)"),
                     ("coterminosity", "per pair with Python sets, each footprint built once, "
                      "districts looked up once, the same evidence (rows checked equal)")):
        a, b = r[q], r[f"{q}_baseline"]
        lines.append(f"| {q} (query only; {a['rows']:,} rows) | {_s(a)} | {a['peak_mb']} "
                     f"| {label} | {_s(b)} | {_vs(_c(a), _c(b))} |")
    da = r["duplicates_allpairs"]
    lines += [
        f"| duplicates, lexical (query only; {d['rows']:,} pairs) | {_s(d)} | "
        f"{d['peak_mb']} | the pipeline before issue 22: same TF-IDF, sparse product of all "
        f"actions with all (chunked), same edit scores ({db['rows']:,} pairs) | "
        f"{_s(db)} | {_vs(_c(d), _c(db))} |",
        f"| (the same) | {_s(d)} | | all-pairs rapidfuzz, {da['sample']:,}-action sample "
        f"({da['sample_seconds']} s wall, both cores) × {da['factor']:,.0f} (the baseline of "
        f"earlier runs) | {da['seconds']:,.0f} | {_vs(d['seconds'], da['seconds'])} (wall) |",
    ]
    if "export" in r:  # --full
        e, eb = r["export"], r["export_baseline"]
        lines.append(
            f"| export --format nt ({e['triples']:,} triples, {e['mb']} MB; streamed) | "
            f"{_s(e)} | {e['peak_mb']} | rdflib Graph + its N-Triples serialiser "
            f"({eb['triples']:,} distinct triples; peak {eb['peak_mb']} MB) | {_s(eb)} | "
            f"{_vs(_c(e), _c(eb))}, "
            f"{_ratio(eb['peak_mb'], e['peak_mb'])} less memory |")
    lines += ["", *whole_table(r), "",
        f"Duplicates against the planted pairs: precision {d['precision']}, recall "
        f"{d['recall']}, F1 {d['f1']}; planted hard negatives reported: "
        f"{d['negatives_found']}.",
        "",
        ("The full run (`--full`)." if r.get("full") else
         "The short run (the default; `--full` adds the export against rdflib, a "
         f"{FULL_SAMPLE:,}-action all-pairs sample and 3 runs of each whole command)."),
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. Peak MB is the step's own process (ru_maxrss), "
        "interpreter and loaded store included."
        + (f" Steps after the import ran {r['jobs']} at a time: CPU seconds are each "
           "process's own, wall seconds include waiting for the others."
           if r.get("jobs", 1) > 1 else ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--full", action="store_true",
                    help="the long run: the export against rdflib, a 4,000-action all-pairs "
                         "sample, each whole command 3 times (unless --runs)")
    ap.add_argument("--runs", type=int, default=None,
                    help="runs of each whole command (default 1, 3 with --full)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="steps run at once after the import (CPU seconds are each process's "
                         "own; wall seconds then include waiting for the others)")
    ap.add_argument("--write", type=Path, default=None,
                    help="write the markdown to this file between the bench markers")
    args = ap.parse_args(argv)
    runs = args.runs if args.runs is not None else 3 if args.full else 1
    results = run(args.scale, args.out, args.seed, runs, args.jobs, args.full)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    publish(markdown(results), args.write, "questions")


if __name__ == "__main__":
    main()
