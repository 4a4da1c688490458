"""Duplicates by meaning on a national landscape, as a user runs it: cold and warm (issue 17).

``python -m bench.semantic_national DIR [--runs 3] [--before] [--write BENCHMARKS.md]``,
where DIR holds a landscape written by bench/generate.py, imported into ``DIR/bench.store``,
and its ``planted.csv``:

- **cold**: ``lspgraph query duplicates --store COPY --format csv`` (the default method:
  by meaning when the semantic extra is installed), each run in a fresh process on a fresh
  copy of the store whose embedding cache is emptied first (the copy is not timed);
- **warm**: the same command again on the last cold run's copy, every vector in its cache;
- with ``--before``, one cold run of the previous round's embedding path (the packaged
  file's float products, batches of 32: :func:`bench.semantic_speed.float_before`) through
  the same command, as the same-run baseline;
- the warm run's rows (at ``--min-score`` 0.5, then cut at each threshold) scored against
  the planted pairs: precision, recall and planted hard negatives reported.

Wall seconds, CPU seconds (user + system) and peak memory come from :mod:`bench.whole`
(medians of the runs); the load average before and after each.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .whole import lspgraph, time_runs

__all__ = ["cold_copy", "main", "scores"]

THRESHOLDS = (0.52, 0.59, 0.65, 0.70, 0.72)


def cold_copy(store: Path, dest: Path) -> Path:
    """A copy of ``store`` at ``dest`` with no cached embeddings."""
    shutil.copyfile(store, dest)
    with sqlite3.connect(dest) as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'embeddings'").fetchone():
            conn.execute("DELETE FROM embeddings")
    return dest


def _command(store: Path, *extra: str) -> list[str]:
    return lspgraph("query", "duplicates", "--store", str(store), "--format", "csv", *extra)


def _before(store: Path) -> list[str]:
    """The command line of the same command with the previous round's embedding path."""
    return [sys.executable, "-m", "bench.semantic_national", "--as-before", str(store)]


def scores(out: Path, store: Path) -> list[dict[str, Any]]:
    """Precision, recall and planted hard negatives reported at each of THRESHOLDS."""

    text = subprocess.run(_command(store, "--min-score", str(min(THRESHOLDS))), check=True,
                          capture_output=True, text=True).stdout
    return score_rows(out, text)


Pair = frozenset[tuple[str, str]]


def _kinds(out: Path) -> dict[Pair, str]:
    """Each planted pair's kind (copy, paraphrase, negative) when planted.csv says it."""
    with open(out / "planted.csv", encoding="utf-8", newline="") as fh:
        return {frozenset(((r["a_strategy"], r["a_text"]), (r["b_strategy"], r["b_text"]))):
                r.get("kind") or ("copy" if r["duplicate"] == "1" else "negative")
                for r in csv.DictReader(fh)}


def score_rows(out: Path, text: str) -> list[dict[str, Any]]:
    """:func:`scores` of the command's CSV ``text`` (rows at the lowest threshold or below):
    precision, recall (and recall of the planted copies and paraphrases apart), planted hard
    negatives reported and, when the landscape has ``slots.csv`` (``--actions varied``), the
    unplanted pairs reported by what their two actions share (activity, service, group)."""
    from .quality import metrics
    from .steps import _planted

    rows = [(frozenset(((r["a_strategy"], r["a_text"]), (r["b_strategy"], r["b_text"]))),
             float(r["score"])) for r in csv.DictReader(io.StringIO(text))]
    dup, neg = _planted(out)
    kinds = _kinds(out)
    slots: dict[tuple[str, str], tuple[str, str, str]] = {}
    if (out / "slots.csv").exists():
        with open(out / "slots.csv", encoding="utf-8", newline="") as fh:
            slots = {(r["strategy"], r["text"]): (r["activity"], r["service"], r["group"])
                     for r in csv.DictReader(fh)}
    table = []
    for t in THRESHOLDS:
        found = {p for p, s in rows if s >= t}
        every = list(dup | found)
        m = metrics(np.array([p in dup for p in every]), np.array([p in found for p in every]))
        row = {"threshold": t, "rows": len(found), "precision": m["precision"],
               "recall": m["recall"], "negatives": len(neg & found)}
        for kind in ("copy", "paraphrase"):
            planted = {p for p in dup if kinds.get(p) == kind}
            if planted:
                row[kind] = round(len(planted & found) / len(planted), 3)
        if slots:
            share: dict[str, int] = {}
            for p in found - dup - neg:
                a, b = (slots.get(x) for x in p)
                if a is None or b is None:
                    continue
                same = "+".join(n for n, x, y in zip(("activity", "service", "group"), a, b,
                                                     strict=True) if x == y) or "nothing"
                share[same] = share.get(same, 0) + 1
            row["unplanted"] = dict(sorted(share.items(), key=lambda kv: -kv[1]))
        table.append(row)
    return table


def markdown(out: Path, cold: dict[str, Any], warm: dict[str, Any],
             before: dict[str, Any] | None, table: list[dict[str, Any]],
             shipped: float) -> str:
    """The section for BENCHMARKS.md."""
    lines = [f"`python -m bench.semantic_national {out.name}`: whole `lspgraph query "
             "duplicates` processes (CPU = user + system); the rows at each threshold below "
             "come from one more warm run.", "",
             "| run | runs | wall s (median) | CPU s (median) | peak MB | load before-after |",
             "|---|---:|---:|---:|---:|---|"]
    named = [("cold: every text embedded (shipped)", cold), ("warm: every vector from the "
             "store's cache (shipped)", warm)]
    if before:
        named.append(("cold, the previous round's embedding path (before)", before))
    lines += [f"| {n} | {r['runs']} | {r['wall_s']} | {r['cpu_s']} | {r['peak_mb']:,} | "
              f"{r['load']} |" for n, r in named]
    if before:
        lines.append(f"\nCold, shipped against before, same run: "
                     f"{before['cpu_s'] / cold['cpu_s']:.1f}x less CPU, "
                     f"{before['wall_s'] / cold['wall_s']:.1f}x by the clock.")
    return "\n".join([*lines, "", *score_table(table, shipped)])


def score_table(table: list[dict[str, Any]], shipped: float) -> list[str]:
    """The lines of the scores at each threshold (:func:`score_rows`)."""
    lines = ["| threshold | rows | precision | recall | recall, copies | recall, "
             "paraphrases | planted hard negatives reported |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['threshold']}{' (shipped)' if r['threshold'] == shipped else ''} | "
              f"{r['rows']:,} | {r['precision']} | {r['recall']} | {r.get('copy', '-')} | "
              f"{r.get('paraphrase', '-')} | {r['negatives']} |" for r in table]
    at = next((r for r in table if r["threshold"] == shipped), None)
    if at and at.get("unplanted"):
        lines += ["", f"Unplanted pairs reported at {shipped}, by what the two actions share "
                  "(activity, service, group; slots.csv):", "",
                  "| the two actions share | pairs |", "|---|---:|"]
        lines += [f"| {k} | {v:,} |" for k, v in at["unplanted"].items()]
    return lines


def main(argv: list[str] | None = None) -> None:
    import argparse

    from lspgraph import queries

    from .publish import publish

    ap = argparse.ArgumentParser(prog="python -m bench.semantic_national")
    ap.add_argument("dir", type=Path, help="a landscape: DIR/bench.store and DIR/planted.csv")
    ap.add_argument("--runs", type=int, default=3, help="cold runs, then as many warm runs")
    ap.add_argument("--before", action="store_true",
                    help="one cold run of the previous round's embedding path as well")
    ap.add_argument("--as-before", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--write", type=Path, default=None, help="BENCHMARKS.md to update")
    ap.add_argument("--score-csv", type=Path, default=None,
                    help="only score this saved CSV of the command (at --min-score 0.52 or "
                         "below) against DIR's planted pairs, and print the table")
    args = ap.parse_args(argv)
    if args.score_csv:
        shipped = queries.load_rules()["duplicates"]["semantic"]["min_score"]
        table = score_rows(args.dir, args.score_csv.read_text(encoding="utf-8"))
        print("\n".join(score_table(table, shipped)))
        return
    if args.as_before:  # a child process: the command with the previous embedding path
        from lspgraph.cli import cli
        from lspgraph.queries import semantic

        from .semantic_speed import float_before

        semantic.embed = lambda texts, cfg: float_before(texts)
        cli(["query", "duplicates", "--store", str(args.dir), "--format", "csv"])
        return
    store = args.dir / "bench.store"
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        copies = [cold_copy(store, Path(tmp, f"cold{r}.store")) for r in range(args.runs)]
        cold = time_runs([_command(c) for c in copies])
        warm = time_runs([_command(copies[-1])] * args.runs)
        table = scores(args.dir, copies[-1])
        before = None
        if args.before:
            for c in copies:
                c.unlink()
            before = time_runs([_before(cold_copy(store, Path(tmp, "before.store")))])
    shipped = queries.load_rules()["duplicates"]["semantic"]["min_score"]
    publish(markdown(args.dir, cold, warm, before, table, shipped), args.write,
            "semantic_national")


if __name__ == "__main__":
    main()
