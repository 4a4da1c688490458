"""bench/whole.py: whole commands timed as a user runs them (a fresh process per run, the
median of the runs), on the sample store; the table that sets them beside the question."""

from __future__ import annotations

import statistics
import sys

import pytest

from conftest import bench_module

whole = bench_module("whole")


def test_each_run_is_a_fresh_process_and_the_median_is_reported(tmp_path):
    # each run appends one line, so the file counts the processes started
    marker = tmp_path / "runs.txt"
    cmd = [sys.executable, "-c",
           f"open({str(marker)!r}, 'a').write('x\\n'); sum(range(200000))"]
    t = whole.time_command(cmd, runs=3)
    assert marker.read_text().count("x") == 3
    assert t["runs"] == 3 and len(t["walls"]) == 3
    assert t["wall_s"] == round(statistics.median(t["walls"]), 2)
    assert 0 < t["cpu_s"] and t["peak_mb"] > 1
    assert t["load"].count("-") >= 1


def test_a_failing_command_names_itself_and_its_error():
    cmd = [sys.executable, "-c", "import sys; sys.exit('no store here')"]
    with pytest.raises(RuntimeError, match="exited 1: no store here"):
        whole.time_command(cmd, runs=2)
    with pytest.raises(ValueError):
        whole.time_command(cmd, runs=0)


def test_a_real_question_as_a_whole_command(sample_store):
    cmd = whole.lspgraph("query", "gaps", "--store", str(sample_store))
    t = whole.time_command(cmd, runs=1)
    # the whole process loads the store, imports pandas and prints: more CPU than nothing
    assert t["cpu_s"] > 0.1 and t["peak_mb"] > 30
    bad = whole.lspgraph("query", "gaps", "--store", str(sample_store) + ".missing")
    with pytest.raises(RuntimeError, match="exited"):
        whole.time_command(bad, runs=1)


def test_the_table_sets_the_whole_command_beside_the_question():
    run = {"wall_s": 24.0, "cpu_s": 21.5, "walls": [23.0, 24.0, 25.0], "peak_mb": 900,
           "runs": 3, "load": "9.5-10.1"}
    rows = [{"command": "query duplicates --method lexical",
             "question": {"seconds": 16.3, "cpu": 15.0}, "load": {"seconds": 4.6, "cpu": 4.2},
             "whole": run, "goal": 20.0},
            {"command": "query gaps", "question": {"seconds": 2.9, "cpu": 2.5},
             "load": {"seconds": 4.6, "cpu": 4.2}, "whole": {**run, "wall_s": 9.0,
                                                             "cpu_s": 8.0}, "goal": None}]
    lines = whole.table(rows)
    dup = next(x for x in lines if x.startswith("| `query duplicates"))
    cells = [c.strip() for c in dup.strip("|").split("|")]
    assert cells[1:7] == ["16.3", "15.0", "24.0", "21.5", "4.2", "2.30"]
    assert cells[7:] == ["< 20 s", "wall no, CPU no"]
    gaps = next(x for x in lines if x.startswith("| `query gaps"))
    assert [c.strip() for c in gaps.strip("|").split("|")][6:] == ["1.30", "", ""]
    assert "median of 3 runs" in lines[0]
    assert lines[-1].endswith("query gaps 9.5-10.1.")


def test_growth_exponent_is_fitted_on_the_logs():
    sizes = bench_module("sizes")
    assert sizes.exponent([25_000, 50_000, 100_000], [2.0, 4.0, 8.0]) == pytest.approx(1.0)
    assert sizes.exponent([1, 2, 4], [1.0, 4.0, 16.0]) == pytest.approx(2.0)
    assert sizes.exponent([100], [3.0]) is None


def test_sizes_times_import_load_and_duplicates_on_a_generated_landscape(tmp_path):
    import subprocess

    from conftest import ROOT

    # a small landscape from the national generator, imported as python -m bench does
    code = ("import sys; from bench.generate import generate; "
            "from lspgraph.importers import pipeline; from pathlib import Path; "
            "out = Path(sys.argv[1]); generate(out, scale=0.005); "
            "pipeline.import_files(sorted((out / 'data').glob('*.csv')), out / 'bench.store')")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, check=True)
    sizes = bench_module("sizes")
    row = sizes.measure(tmp_path, runs=1)
    actions = sum(1 for _ in open(tmp_path / "data" / "actions.csv")) - 1
    assert row["actions"] == actions > 100
    assert row["load"]["nodes"] > actions  # the whole graph was loaded, not a part
    assert row["import"]["runs"] == 1 and row["duplicates"]["runs"] == 1
    assert row["import"]["cpu_s"] > 0 and row["duplicates"]["peak_mb"] > 30
    table = sizes.markdown([row, {**row, "actions": 2 * actions}])
    assert f"| {actions:,} |" in table and "Fitted growth exponent" in table



def test_the_geography_bench_sets_the_command_against_the_same_work_after_a_whole_load(
        lancashire_england):
    """bench.geo's baseline for the whole --kind command prints what the command prints,
    after loading every node and edge (so the two do the same work but the load)."""
    import subprocess

    geo = bench_module("geo")
    kinds = ",".join(geo.KINDS)
    store, _ = lancashire_england
    ours = subprocess.run(whole.lspgraph("query", "coterminosity", "--kind", kinds,
                                   "--store", str(store)), capture_output=True, text=True)
    before = subprocess.run([sys.executable, "-c", geo.WHOLE_LOAD, str(store), kinds],
                            capture_output=True, text=True)
    assert ours.returncode == 0 and before.returncode == 0, ours.stderr + before.stderr
    assert ours.stdout == before.stdout and ours.stdout.count("\n") > 1000
