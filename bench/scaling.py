"""How duplicates grow with the number of actions: ``python -m bench.scaling DIR ...``.

Each DIR is a landscape written by bench/generate.py and imported into DIR/bench.store (as
``python -m bench`` does, at different ``--scale``). For each it times, medians of
``--runs`` runs:

- the whole ``lspgraph query duplicates --method lexical`` command in a fresh process
  (store load included): wall seconds, CPU seconds (user + system, all threads: steadier
  than wall time on a shared machine) and peak memory (ru_maxrss);
- in one child process, the candidate stage alone on the same TF-IDF rows: the blocking
  (``similar_pairs``) and, as the same-run baseline, the sparse product of all actions with
  all actions that it replaced (``bench.steps.product_pairs``), with the share of the
  product's duplicate pairs (edit score at or above ``min_score``) the blocking keeps;

and fits the growth exponent b of seconds ~ actions^b over the sizes. One more run of the
command, as CSV, is scored against the landscape's planted pairs (precision, recall).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from .publish import publish

__all__ = ["candidate_stage", "main", "whole_command"]

HERE = Path(__file__).resolve().parent


def _command(store: Path, *extra: str) -> list[str]:
    return [shutil.which("lspgraph") or "lspgraph", "query", "duplicates", "--method",
            "lexical", "--store", str(store), *extra]


def whole_command(store: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak MB of one ``lspgraph query duplicates`` process."""
    cmd = _command(store)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"bench.scaling: {' '.join(cmd)} failed")
    return seconds, usage.ru_utime + usage.ru_stime, round(usage.ru_maxrss / 1024)


def planted_scores(out: Path) -> dict[str, float]:
    """Precision and recall of the command's pairs (as CSV) against ``planted.csv``."""
    import csv
    import io

    from .quality import metrics
    from .steps import _planted

    text = subprocess.run(_command(out / "bench.store", "--format", "csv"), check=True,
                          capture_output=True, text=True).stdout
    found = {frozenset(((r["a_strategy"], r["a_text"]), (r["b_strategy"], r["b_text"])))
             for r in csv.DictReader(io.StringIO(text))}
    dup, neg = _planted(out)
    everything = list(dup | found)
    m = metrics(np.array([p in dup for p in everything]), np.array([p in found
                                                                    for p in everything]))
    return {"precision": m["precision"], "recall": m["recall"],
            "negatives_found": len(neg & found)}


def candidate_stage(out: Path) -> dict[str, Any]:
    """Blocking and the old product on the same rows: seconds, pairs, duplicates kept."""
    import csv

    from lspgraph.queries import load_rules
    from lspgraph.queries.duplicates import edit_scores, normalise, similar_pairs, vectorise

    from .steps import product_pairs

    with open(out / "data" / "actions.csv", encoding="utf-8", newline="") as fh:
        texts = [normalise(r["name"]) for r in csv.DictReader(fh)]
    cfg = load_rules()["duplicates"]
    x = vectorise(texts, cfg["max_df"])
    t = time.perf_counter()
    new = similar_pairs(x, cfg["top_k"], cfg["candidate_score"], texts, cfg["probes"],
                        cfg["window"], cfg["sorts"])
    new_s = time.perf_counter() - t
    t = time.perf_counter()
    old = product_pairs(x, cfg["top_k"], cfg["candidate_score"])
    old_s = time.perf_counter() - t

    def dups(pairs: list[tuple[int, int, float]]) -> set[tuple[int, int]]:
        s = edit_scores([texts[i] for i, _, _ in pairs], [texts[j] for _, j, _ in pairs])
        return {(i, j) for (i, j, _), v in zip(pairs, s, strict=True) if v >= cfg["min_score"]}

    kept, want = dups(new), dups(old)
    return {"actions": len(texts), "blocking_s": round(new_s, 2), "product_s": round(old_s, 2),
            "kept": round(len(kept & want) / max(1, len(want)), 4)}


def _exponent(sizes: list[int], seconds: list[float]) -> float:
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0]) if len(sizes) > 1 else 0.0


def markdown(rows: list[dict[str, Any]]) -> str:
    """The scaling table for BENCHMARKS.md."""
    lines = ["| actions | whole command: wall s | CPU s | peak MB | precision | recall | "
             "candidates: blocking s | candidates: old product s | product / blocking | "
             "old duplicates kept |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['actions']:,} | {r['whole_s']} | {r.get('cpu_s', '')} | "
                     f"{r['peak_mb']} | {r.get('precision', '')} | {r.get('recall', '')} | "
                     f"{r['blocking_s']} | {r['product_s']} | "
                     f"{r['product_s'] / r['blocking_s']:.1f}× | {r['kept']:.1%} |")
    n = [r["actions"] for r in rows]
    timed = [r for r in rows if "cpu_s" in r]
    lines += ["", "Fitted growth exponent b (seconds ~ actions^b): whole command "
              f"{_exponent(n, [r['whole_s'] for r in rows]):.2f} (wall), "
              f"{_exponent([r['actions'] for r in timed], [r['cpu_s'] for r in timed]):.2f}"
              " (CPU), blocking "
              f"{_exponent(n, [r['blocking_s'] for r in rows]):.2f}, old product "
              f"{_exponent(n, [r['product_s'] for r in rows]):.2f}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.scaling",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("dirs", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--keep", type=Path, default=None,
                    help="JSON file of rows from earlier runs: added to, and tabled with these")
    args = ap.parse_args(argv)
    rows = json.loads(args.keep.read_text()) if args.keep and args.keep.exists() else []
    for d in args.dirs:
        runs = [whole_command(d / "bench.store") for _ in range(args.runs)]
        stage = [json.loads(subprocess.run(
            [sys.executable, "-m", "bench.scaling", "--stage", str(d)], cwd=HERE.parent,
            check=True, capture_output=True, text=True).stdout) for _ in range(args.runs)]
        row = {"actions": stage[0]["actions"],
               "whole_s": round(statistics.median(s for s, _, _ in runs), 2),
               "cpu_s": round(statistics.median(c for _, c, _ in runs), 2),
               "peak_mb": max(m for _, _, m in runs), **planted_scores(d),
               "blocking_s": round(statistics.median(s["blocking_s"] for s in stage), 2),
               "product_s": round(statistics.median(s["product_s"] for s in stage), 2),
               "kept": stage[0]["kept"]}
        print(f"bench.scaling: {row}", file=sys.stderr, flush=True)
        rows = [r for r in rows if r["actions"] != row["actions"]] + [row]
        if args.keep:
            args.keep.write_text(json.dumps(rows, indent=1))
    rows.sort(key=lambda r: r["actions"])
    publish(markdown(rows), args.write, "scaling")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stage"]:
        print(json.dumps(candidate_stage(Path(sys.argv[2]))))
    else:
        main()
