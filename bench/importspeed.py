"""Import speed (issue 22): the national import and 8,000 new memberships, as whole commands.

Each figure is a fresh ``lspgraph import`` process, timed with the CPU seconds the kernel
charged it (user + system) and its wall time, next to the same command run by a baseline:
the code of an earlier commit (by default the one before the speed work), unpacked from git
into the work folder and put first on ``PYTHONPATH``. Runs alternate between the two, so
both meet the same machine load; the medians are reported.

* ``national``: every CSV of the national landscape (``bench/generate.py``, scale 1.0:
  100,000 actions, 2,000 strategies, 3,000 organisations, 35,350 areas) into a new store.
* ``members``: a CSV of 8,000 membership rows, each naming a new member of an existing
  partnership, imported into a copy of that national store (made by the same code).

Afterwards the two national stores are compared table by table (nodes, edges, provenance
with file paths, names, claims, conflicts, footprints, sources): the faster import must
store exactly what the baseline stored.

    python -m bench.importspeed [--scale 1.0] [--runs 3] [--baseline REV] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["compare_stores", "main", "members_csv", "run"]

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "8172e79"  # main before the import was made faster
COMMAND = [sys.executable, "-c", "from lspgraph.cli import cli; cli()"]

# table -> the columns that say what a row is (ids of other rows replaced by what they name)
_TABLES = {
    "nodes": "SELECT id, type, scope, props FROM nodes",
    "edges": "SELECT id, source, target, type, props FROM edges",
    "provenance": "SELECT p.rowid, p.node, p.edge, f.path, p.line, p.span_start, p.span_end, "
                  "p.quote FROM provenance p JOIN files f ON f.id = p.file",
    "names": "SELECT key, node FROM names",
    "claims": "SELECT node, claims FROM claims",
    "conflicts": "SELECT node, field, value, source, line, rank, kept FROM conflicts",
    "footprints": "SELECT node, area, population FROM footprints",
    "sources": "SELECT path, sha256, format, records, extra FROM sources",
}


def members_csv(path: Path, partnerships: Path, n: int, seed: int = 22) -> Path:
    """``n`` membership rows, each a new member (a distinct made-up trust) of one of the
    landscape's partnerships."""
    names = [line.split(",", 1)[0] for line in
             partnerships.read_text(encoding="utf-8").splitlines()[1:]]
    rng = random.Random(seed)

    def word(i: int) -> str:  # 'Q' and five letters, distinct for each i below 26 ** 5
        return "Q" + "".join(chr(97 + i // 26 ** k % 26) for k in range(5))

    rows = "".join(f"{word(i)} {word(i * 7 + 3)} Trust,{rng.choice(names)},member\n"
                   for i in range(n))
    path.write_text("member,partnership,role\n" + rows, encoding="utf-8")
    return path


def _unpack(rev: str, into: Path) -> Path:
    """The code of commit ``rev``, as a folder that puts it first on PYTHONPATH."""
    folder = into / "lspgraph"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        archive = into / "code.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), rev], check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        archive.unlink()
    return into


def _timed(cmd: list[str], path: Path) -> dict[str, float]:
    """One process: wall seconds and the CPU seconds (user + system) it was charged."""
    env = {**os.environ, "PYTHONPATH": str(path)}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=path)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench.importspeed: {' '.join(cmd)} failed:\n{err.decode()[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime}


def compare_stores(a: Path, b: Path) -> dict[str, str]:
    """Each table's verdict: 'same (N rows)', or how the two stores differ."""
    out = {}
    ca, cb = sqlite3.connect(a), sqlite3.connect(b)
    try:
        for table, sql in _TABLES.items():
            ra, rb = sorted(ca.execute(sql), key=repr), sorted(cb.execute(sql), key=repr)
            if ra == rb:
                out[table] = f"same ({len(ra)} rows)"
            else:
                sa, sb = set(ra), set(rb)
                out[table] = (f"DIFFERENT: {len(ra)} against {len(rb)} rows, "
                              f"{len(sa - sb)} only in the first, {len(sb - sa)} only in the "
                              "second")
    finally:
        ca.close()
        cb.close()
    return out


def run(scale: float, runs: int, baseline: str, work: Path,
        members: int = 8000) -> dict[str, Any]:
    """Time both imports ``runs`` times with this code and the baseline's, alternating."""
    from .generate import generate

    say = lambda s: print(f"bench.importspeed: {s}", file=sys.stderr, flush=True)  # noqa: E731
    land = work / "national"
    if not (land / "data").is_dir():
        say(f"generating the national landscape at scale {scale}")
        generate(land, scale=scale)
    files = [str(p) for p in sorted((land / "data").glob("*.csv"))]
    (work / "members").mkdir(exist_ok=True)
    added = members_csv(work / "members" / "memberships.csv",
                        land / "data" / "partnerships.csv", members)
    here = work / "new"
    here.mkdir(exist_ok=True)
    if not (here / "lspgraph").exists():
        (here / "lspgraph").symlink_to(ROOT)
    codes = {"new": here, "base": _unpack(baseline, work / "base")}
    times: dict[str, dict[str, list[dict[str, float]]]] = {
        c: {"national": [], "members": []} for c in codes}
    load = [os.getloadavg()[0]]
    for i in range(runs):
        for code, path in codes.items():
            store = work / f"{code}.store"
            for f in (store, Path(f"{store}-wal"), Path(f"{store}-shm")):
                f.unlink(missing_ok=True)
            say(f"run {i + 1}/{runs}: national import ({code})")
            times[code]["national"].append(
                _timed([*COMMAND, "import", *files, "--store", str(store)], path))
            copy = work / f"{code}-members.store"
            shutil.copy(store, copy)
            say(f"run {i + 1}/{runs}: {members} memberships ({code})")
            times[code]["members"].append(
                _timed([*COMMAND, "import", str(added), "--store", str(copy)], path))
            copy.unlink()
            load.append(os.getloadavg()[0])
    same = compare_stores(work / "new.store", work / "base.store")
    med = {code: {what: {k: statistics.median(r[k] for r in rs) for k in ("cpu", "wall")}
                  for what, rs in by.items()} for code, by in times.items()}
    return {"scale": scale, "runs": runs, "baseline": baseline, "members": members,
            "median": med, "times": times, "load": (min(load), max(load)), "same": same}


def markdown(r: dict[str, Any]) -> str:
    """The rows for BENCHMARKS.md."""
    med = r["median"]
    lines = [
        f"`python -m bench.importspeed --scale {r['scale']} --runs {r['runs']}`: medians of "
        f"{r['runs']} fresh processes each, alternating with the baseline (the code of "
        f"{r['baseline']}); load average {r['load'][0]:.1f} to {r['load'][1]:.1f} on "
        f"{os.cpu_count()} cores.",
        "",
        "| import | target | CPU s | wall s | baseline CPU s | baseline wall s | CPU ratio | "
        "met? |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for what, label, target in (("national", "national landscape, new store", 15.0),
                                ("members", f"{r['members']:,} new memberships into it", 3.0)):
        new, old = med["new"][what], med["base"][what]
        met = "NO" if new["cpu"] >= target else "yes" if new["wall"] < target else \
            "in CPU s; not in wall s under this load"
        lines.append(f"| {label} | < {target:g} s | {new['cpu']:.2f} | {new['wall']:.1f} | "
                     f"{old['cpu']:.2f} | {old['wall']:.1f} | {old['cpu'] / new['cpu']:.2f}x | "
                     f"{met} |")
    lines += ["", "Stores compared table by table: " + "; ".join(
        f"{t} {v}" for t, v in r["same"].items()) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.importspeed", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--members", type=int, default=8000)
    ap.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    ap.add_argument("--work", type=Path, help="a folder to keep (default: a temporary one)")
    a = ap.parse_args(argv)
    if a.work:
        a.work.mkdir(parents=True, exist_ok=True)
        r = run(a.scale, a.runs, a.baseline, a.work, a.members)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            r = run(a.scale, a.runs, a.baseline, Path(tmp), a.members)
    print(markdown(r))
    if any(not v.startswith("same") for v in r["same"].values()):
        raise SystemExit("bench.importspeed: the two imports stored different things")


if __name__ == "__main__":
    main()
