"""The import's speed work (issue 22) stores what the code before it stored.

The same files are imported by this checkout and by the code of ``BEFORE`` (main just
before the eighth session's import work landed; it had changed the identity rules that
session), unpacked from git and run in a process of its own,
each into a new store, and the two stores are compared table by table with
``bench.importspeed.compare_stores`` (nodes, edges with their ids, provenance in rowid
order, names, claims, conflicts, footprints, sources): a real landscape written by hand
(Norfolk), the bundled sample, and a slice of the national benchmark (``bench/generate.py``
at scale 0.01: its repeated strategy, theme and lead names are what the speed work is about).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import ROOT, sample_files

BEFORE = "ccfffaa"  # main as the eighth session's import work landed, without it


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    """A folder that puts the code of ``BEFORE`` first on PYTHONPATH as ``lspgraph``."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run from a git checkout with git on PATH (the code compared "
                        "with is unpacked from git)")
        pytest.skip("the code compared with is unpacked from git: not a git checkout")
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{BEFORE}^{{commit}}"],
                           capture_output=True)
    if known.returncode != 0:  # a shallow clone
        if os.environ.get("CI"):
            pytest.fail(f"CI must run from a clone that holds commit {BEFORE}")
        pytest.skip(f"commit {BEFORE} is not in this clone")
    into = tmp_path_factory.mktemp("before")
    archive = into / "code.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), BEFORE],
                   check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "lspgraph", filter="data")
    archive.unlink()
    return into


def _import_before(code: Path, files: list[Path], store: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from lspgraph.cli import cli; cli()", "import",
         *map(str, files), "--store", str(store)],
        env={**os.environ, "PYTHONPATH": str(code)}, cwd=code, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]


def _same(files: list[Path], before: Path, tmp_path: Path) -> dict[str, str]:
    from lspgraph.importers import import_files

    sys.path.insert(0, str(ROOT))
    try:
        from bench.importspeed import compare_stores
    finally:
        sys.path.remove(str(ROOT))
    old, new = tmp_path / "before.store", tmp_path / "now.store"
    _import_before(before, files, old)
    import_files(files, new)
    verdict = compare_stores(old, new)
    if not verdict["names"].startswith("same"):
        # the identity rules changed after BEFORE (the landscapes lane: a council's tier
        # words, counties' short forms): the names table holds this code's keys of the same
        # nodes' names, which is what is compared then
        verdict["names"] = _names_rekeyed(old, new)
    assert all(v.startswith("same") for v in verdict.values()), verdict
    return verdict


def _names_rekeyed(old: Path, new: Path) -> str:
    """'same (N rows)' when ``new``'s names table is this code's identity keys of the names
    of ``old``'s nodes (so the stores differ only by the rules of identity_key)."""
    import sqlite3

    from lspgraph.graph.storage import _all_name_keys, load

    data = dict(load(old).nx.nodes(data=True))
    want = set(_all_name_keys(list(data), data))
    with sqlite3.connect(new) as conn:
        got = set(conn.execute("SELECT key, node FROM names"))
    return (f"same ({len(got)} rows, keyed by this code)" if got == want else
            f"DIFFERENT: {len(want - got)} only expected, {len(got - want)} only stored")


def test_a_landscape_written_by_hand_is_stored_as_before(before, tmp_path):
    folder = ROOT / "tests" / "data" / "landscapes" / "norfolk"
    verdict = _same(sorted(folder.glob("*.csv")), before, tmp_path)
    assert verdict["edges"] != "same (0 rows)"


def test_the_sample_is_stored_as_before(before, tmp_path):
    verdict = _same(sample_files(), before, tmp_path)
    assert verdict["nodes"] != "same (0 rows)"


def test_a_slice_of_the_national_benchmark_is_stored_as_before(before, tmp_path):
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(ROOT))
    generate(tmp_path / "land", scale=0.01)
    files = sorted((tmp_path / "land" / "data").glob("*.csv"))
    verdict = _same(files, before, tmp_path)
    for table in ("nodes", "edges", "provenance", "names", "footprints"):
        assert verdict[table] != "same (0 rows)", table
