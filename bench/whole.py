"""Whole commands as a user runs them: a fresh process each time, the median of several runs.

A question's own time (``bench.steps``) leaves out what the user also waits for: the
interpreter starting, the imports, loading the store and printing the answer. This module
times the whole ``lspgraph ...`` process instead. Each run is a child process of its own;
its wall seconds come from the clock around it, its CPU seconds (user + system) and peak
memory (ru_maxrss) from ``os.wait4``. The machine's load average is read before and after,
since on a shared machine wall seconds mean little without it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from typing import Any

__all__ = ["lspgraph", "load_average", "table", "time_command", "time_runs"]


def lspgraph(*args: str) -> list[str]:
    """The command line of ``lspgraph ARGS`` with this interpreter's console script."""
    exe = shutil.which("lspgraph", path=os.path.dirname(sys.executable)) or shutil.which(
        "lspgraph")
    if exe is None:
        raise SystemExit("bench: no lspgraph command on PATH (pip install -e . first)")
    return [exe, *args]


def load_average() -> float:
    """The one-minute load average of the machine."""
    return round(os.getloadavg()[0], 1)


def _once(cmd: Sequence[str], cwd: str | None) -> tuple[float, float, int]:
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{' '.join(cmd)} exited {code}: " + " | ".join(tail))
    return wall, usage.ru_utime + usage.ru_stime, round(usage.ru_maxrss / 1024)


def time_command(cmd: Sequence[str], runs: int = 3, cwd: str | None = None) -> dict[str, Any]:
    """Run ``cmd`` ``runs`` times, each in a fresh process, its output discarded.

    Returns
    -------
    dict
        ``wall_s`` and ``cpu_s``: the medians over the runs (CPU: user + system of the
        process); ``walls``: every run's wall seconds; ``peak_mb``: the largest peak
        resident memory of a run; ``runs``; ``load``: the one-minute load average before
        and after, as ``"a-b"``.

    Raises
    ------
    RuntimeError
        A run exited non-zero (the message ends with its last lines of standard error).
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    return time_runs([cmd] * runs, cwd)


def time_runs(cmds: Sequence[Sequence[str]], cwd: str | None = None) -> dict[str, Any]:
    """As :func:`time_command`, one run of each of ``cmds`` (runs of one command that must
    differ, e.g. each into an empty graph of its own)."""
    before = load_average()
    done = [_once(cmd, cwd) for cmd in cmds]
    walls = [w for w, _, _ in done]
    return {"wall_s": round(statistics.median(walls), 2),
            "cpu_s": round(statistics.median(c for _, c, _ in done), 2),
            "walls": [round(w, 2) for w in walls],
            "peak_mb": max(m for _, _, m in done), "runs": len(cmds),
            "load": f"{before}-{load_average()}"}


def _met(goal: float | None, wall: float, cpu: float) -> str:
    if goal is None:
        return "  | |"
    return (f" < {goal:g} s | wall {'yes' if wall < goal else 'no'}, "
            f"CPU {'yes' if cpu < goal else 'no'} |")


def table(rows: list[dict[str, Any]]) -> list[str]:
    """Markdown lines: each whole command beside its question's own time.

    Each row holds ``command`` (what follows ``lspgraph``), ``question`` and ``load`` (a
    step's ``seconds`` and ``cpu``: the question alone and the store load alone, each timed
    inside one process), ``whole`` (a :func:`time_command` result) and ``goal`` (seconds,
    or None). 'Rest' is the whole command's CPU less the question's and the load's: the
    interpreter, the imports and printing the answer.
    """
    if not rows:
        return []
    runs = rows[0]["whole"]["runs"]
    how = "one run" if runs == 1 else f"the median of {runs} runs"
    lines = [f"Whole commands: each a fresh `lspgraph` process on the same store, {how} "
             "(CPU: user + system of the process), beside the question alone "
             "and the store load alone (each timed inside one process). Rest = whole CPU less "
             "question and load CPU: the interpreter, imports and printing the answer.",
             "",
             "| `lspgraph ...` | question: wall s | question: CPU s | whole: wall s | "
             "whole: CPU s | of which load CPU s | rest CPU s | goal (whole) | met |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        q, ld, w = r["question"], r["load"], r["whole"]
        rest = max(0.0, w["cpu_s"] - q["cpu"] - ld["cpu"])
        lines.append(f"| `{r['command']}` | {q['seconds']} | {q['cpu']} | {w['wall_s']} | "
                     f"{w['cpu_s']} | {ld['cpu']} | {rest:.2f} |"
                     + _met(r.get("goal"), w["wall_s"], w["cpu_s"]))
    lines += ["", "Load average (1 min) before-after each: "
              + ", ".join(f"{r['command']} {r['whole']['load']}" for r in rows) + "."]
    return lines
