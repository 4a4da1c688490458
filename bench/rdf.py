"""Linked data at national scale: ``python -m bench.rdf`` (from the project root).

Uses the national benchmark store that ``python -m bench`` builds (``--out``, default
bench/out; built here first when it is missing) and times, each in a child process of its
own against rdflib in the same run:

- export --format ttl (pyoxigraph's serialiser) vs rdflib: the same triples in an rdflib
  Graph, written by rdflib's Turtle serialiser;
- SPARQL: the triples loaded into pyoxigraph's store, then each shipped query
  (queries/sparql/*.rq) vs the same triples in an rdflib Graph and rdflib's SPARQL engine,
  each query stopped after ``--cap`` seconds.

``--write FILE`` puts the markdown table in BENCHMARKS.md between its markers.
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
from .steps import _load, _timed, lspgraph_export, rdflib_export

HERE = Path(__file__).resolve().parent
QUERIES = sorted((HERE.parent / "queries" / "sparql").glob("*.rq"))


def step_ttl(out: Path, cap: int) -> dict[str, Any]:
    """lspgraph export --format ttl."""
    return lspgraph_export(out, "ttl")


def step_ttl_rdflib(out: Path, cap: int) -> dict[str, Any]:
    """The same triples in an rdflib Graph, serialised by rdflib's Turtle writer."""
    return rdflib_export(out, "turtle")


def step_sparql(out: Path, cap: int) -> dict[str, Any]:
    """The triples into pyoxigraph's store, then each shipped query (lspgraph sparql)."""
    from lspgraph.outputs import rdf

    kg = _load(out)
    load, st = _timed(lambda: rdf.store(kg))
    queries = {}
    for q in QUERIES:
        seconds, (_, rows) = _timed(lambda q=q: rdf.sparql(st, q.read_text()))
        queries[q.name] = {"seconds": seconds, "rows": len(rows)}
    return {"load": load, "queries": queries}


def step_sparql_rdflib(out: Path, cap: int) -> dict[str, Any]:
    """The triples into an rdflib Graph, then each shipped query by rdflib's engine."""
    from rdflib.plugins.sparql import prepareQuery

    from lspgraph.graph.errors import LspGraphError
    from lspgraph.outputs import rdf, rdf_limits

    kg = _load(out)
    load, g = _timed(lambda: rdf.to_rdf(kg))
    queries: dict[str, Any] = {}
    for q in QUERIES:
        prepared = prepareQuery(q.read_text(), initNs=kg.schema.prefixes)
        t = time.perf_counter()
        try:
            with rdf_limits.time_limit(cap, q.name):
                rows = len(list(g.query(prepared)))
            queries[q.name] = {"seconds": round(time.perf_counter() - t, 2), "rows": rows}
        except LspGraphError:
            queries[q.name] = {"seconds": None, "stopped": cap}
    return {"load": load, "queries": queries}


STEPS = {"ttl": step_ttl, "ttl_rdflib": step_ttl_rdflib, "sparql": step_sparql,
         "sparql_rdflib": step_sparql_rdflib}


def _child(step: str, out: Path, cap: int) -> dict[str, Any]:
    """Run one step in a fresh interpreter; its JSON result plus its peak memory in MB."""
    cmd = [sys.executable, "-m", "bench.rdf", "--step", step, "--out", str(out),
           "--cap", str(cap)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=HERE.parent)
    assert proc.stdout is not None
    data = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"bench.rdf: step {step} failed")
    result = json.loads(data)
    result["peak_mb"] = round(usage.ru_maxrss / 1024)
    return result


def _ensure_store(out: Path, scale: float, seed: int) -> None:
    if (out / "bench.store").exists():
        return
    from .generate import generate

    generate(out, scale=scale, seed=seed)
    subprocess.run([sys.executable, "-m", "bench.steps", "import", str(out)], check=True,
                   cwd=HERE.parent, stdout=subprocess.DEVNULL)


def _median_run(step: str, out: Path, cap: int, repeat: int) -> dict[str, Any]:
    """``repeat`` runs of a step, each in its own process: the one of median seconds, with
    every run's seconds and CPU seconds beside it."""
    runs = sorted((_child(step, out, cap) for _ in range(repeat)), key=lambda r: r["seconds"])
    return {**runs[len(runs) // 2], "runs": [(r["seconds"], r.get("cpu")) for r in runs]}


def _ratio(fast: float, slow: float) -> str:
    return f"{slow / fast:,.1f}× faster" if fast else "n/a"


def markdown(r: dict[str, Any]) -> str:
    """The BENCHMARKS.md section for one run."""
    e, eb = r["ttl"], r["ttl_rdflib"]
    s, sb = r["sparql"], r["sparql_rdflib"]
    lines = [
        f"National benchmark graph: {e['triples']:,} triples (`python -m bench` store, scale "
        f"{r['scale']}, seed {r['seed']}). Each row: lspgraph (pyoxigraph) against rdflib "
        "doing the same work in the same run, each side in a process of its own.",
        "",
        "| step | lspgraph s | peak MB | rdflib s | rdflib peak MB | ratio |",
        "|---|---:|---:|---:|---:|---:|",
        f"| export --format ttl ({e['mb']} MB; median of {len(e['runs'])} runs) | "
        f"{e['seconds']} (CPU {e['cpu']}) | {e['peak_mb']} | {eb['seconds']} (CPU {eb['cpu']}) "
        f"| {eb['peak_mb']} | {_ratio(e['seconds'], eb['seconds'])} (CPU: "
        f"{_ratio(e['cpu'], eb['cpu'])}) |",
        f"| SPARQL: the triples into the engine | {s['load']} | {s['peak_mb']} | "
        f"{sb['load']} | {sb['peak_mb']} | {_ratio(s['load'], sb['load'])} |",
    ]
    for name, q in s["queries"].items():
        b = sb["queries"][name]
        if b["seconds"] is None:
            theirs, ratio = f"stopped at {b['stopped']}", f"> {b['stopped'] / q['seconds']:,.0f}×"
        else:
            theirs, ratio = str(b["seconds"]), _ratio(q["seconds"], b["seconds"])
        lines.append(f"| `sparql {name}` ({q['rows']:,} rows), after the load | {q['seconds']} "
                     f"| | {theirs} | | {ratio} |")
    lines += ["", f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}; load average {r['load'][0]} at the start, "
              f"{r['load'][1]} at the end; rdflib queries stopped after {r['cap']} s. Peak MB "
              "is the step's own process (ru_maxrss), loaded store included. CPU s: the "
              "export's own CPU seconds (process time), which a busy machine inflates less "
              "than the wall-clock seconds; the Turtle runs' (seconds, CPU) were "
              f"{', '.join(f'({a}, {b})' for a, b in e['runs'])}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.rdf", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--cap", type=int, default=120, help="seconds before an rdflib query stops")
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="runs of lspgraph's Turtle export "
                    "(the median is shown)")
    ap.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        print(json.dumps(STEPS[args.step](args.out, args.cap)))
        return
    _ensure_store(args.out, args.scale, args.seed)
    results: dict[str, Any] = {"scale": args.scale, "seed": args.seed, "cap": args.cap}
    start_load = round(os.getloadavg()[0], 1)
    for step in STEPS:
        print(f"bench.rdf: {step} ...", file=sys.stderr, flush=True)
        results[step] = (_median_run(step, args.out, args.cap, args.repeat) if step == "ttl"
                         else _child(step, args.out, args.cap))
        print(f"bench.rdf: {step}: {results[step]}", file=sys.stderr, flush=True)
    results["load"] = [start_load, round(os.getloadavg()[0], 1)]
    (args.out / "rdf-results.json").write_text(json.dumps(results, indent=2))
    publish(markdown(results), args.write, "rdf")


if __name__ == "__main__":
    main()
