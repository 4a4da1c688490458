"""The command line, end to end through the installed console command."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, console, write
from lspgraph.cli import cli


def test_demo_end_to_end(tmp_path):
    store = tmp_path / "x" / "demo.store"
    out = console("demo", env={"LSPGRAPH_STORE": str(store)}, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    counts = {t: int(n) for n, t in re.findall(r"^\s+(\d+) (\w+)$", out.stdout, re.M)}
    assert counts["Organisation"] >= 10
    assert counts["Partnership"] >= 5
    assert counts["Strategy"] >= 4
    assert counts["Action"] >= 15
    assert counts["Area"] >= 10
    assert str(store) in out.stdout
    info = console("info", "--format", "json", env={"LSPGRAPH_STORE": str(store)})
    data = json.loads(info.stdout)
    assert data["nodes"]["Organisation"] == counts["Organisation"]


def test_demo_builds_the_default_store_that_info_then_reads(tmp_path):
    out = console("demo", cwd=tmp_path, env={"LSPGRAPH_STORE": ""})
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "lspgraph.store").is_file()
    assert "lspgraph.store" in out.stdout
    info = console("info", cwd=tmp_path, env={"LSPGRAPH_STORE": ""})
    assert info.returncode == 0 and "Organisation" in info.stdout
    again = console("demo", cwd=tmp_path, env={"LSPGRAPH_STORE": ""})
    assert again.returncode == 0, again.stderr  # its own store: rebuilt


def test_demo_refuses_a_store_it_did_not_build(tmp_path):
    store = tmp_path / "mine.store"
    orgs = write(tmp_path / "organisations.csv", "name,kind\nAlpha Trust,nhs_body\n")
    assert console("import", str(orgs), "--store", str(store)).returncode == 0
    before = store.read_bytes()
    out = console("demo", env={"LSPGRAPH_STORE": str(store)})
    assert out.returncode == 1 and "--force" in out.stderr and "Traceback" not in out.stderr
    assert store.read_bytes() == before
    forced = console("demo", "--force", env={"LSPGRAPH_STORE": str(store)})
    assert forced.returncode == 0, forced.stderr
    info = json.loads(console("info", "--format", "json", "--store", str(store)).stdout)
    assert not [s for s in info["sources"] if s.endswith("organisations.csv")
                and str(tmp_path) in s]


def test_import_says_what_was_added_changed_and_removed_and_forget(tmp_path):
    store = tmp_path / "s.store"
    orgs = write(tmp_path / "organisations.csv",
                 "name,kind\nAlpha Trust,nhs_body\nBeta Council,county_council\n")
    out = console("import", str(orgs), "--store", str(store))
    assert "nodes: 2 added, 0 changed, 0 removed" in out.stdout, out.stderr
    write(orgs, "name,kind\nAlpha Trust,police\n")
    out = console("import", str(orgs), "--store", str(store))
    assert "nodes: 0 added, 1 changed, 1 removed" in out.stdout, out.stderr
    out = console("forget", "organisations.csv", "--store", str(store))
    assert out.returncode == 0 and "nodes: 0 added, 0 changed, 1 removed" in out.stdout
    out = console("forget", "organisations.csv", "--store", str(store))
    assert out.returncode == 1 and "no source 'organisations.csv'" in out.stderr


@pytest.mark.parametrize("command", [["export", "--format", "json", "--out"],
                                     ["view", "--out"], ["report", "Kent HWB", "--out"]])
def test_outputs_naming_the_store_are_refused(tmp_path, sample, command):
    store = tmp_path / "s.store"
    assert console("import", *map(str, sample), "--store", str(store)).returncode == 0
    before = store.read_bytes()
    out = console(*command, str(store), "--store", str(store))
    # (report's --out is a folder: click already refuses a file there)
    assert out.returncode == 2 and ("is the store itself" in out.stderr
                                    or "is a file" in out.stderr)
    assert store.read_bytes() == before


def test_import_twice_is_byte_identical_and_bad_row_changes_nothing(tmp_path, sample):
    store = tmp_path / "s.store"
    first = console("import", *map(str, sample), "--store", str(store))
    assert first.returncode == 0, first.stderr
    before = store.read_bytes()
    again = console("import", *map(str, sample), "--store", str(store))
    assert again.returncode == 0 and "unchanged" in again.stdout
    assert store.read_bytes() == before
    bad = write(tmp_path / "memberships.csv",
                "member,partnership,role,start\nKent County Council,Kent HWB,chair,2014-01-01\n"
                "Essex County Council,Kent HWB,member,last Tuesday\n")
    out = console("import", str(bad), "--store", str(store))
    assert out.returncode == 1
    assert f"{bad}, row 3, column 'start'" in out.stderr
    assert "Traceback" not in out.stderr
    assert store.read_bytes() == before


def test_show_quotes_provenance_and_neighbours(runner, tmp_path, sample):
    store = tmp_path / "s.store"
    assert runner.invoke(cli, ["import", *map(str, sample), "--store", str(store)]).exit_code == 0
    res = runner.invoke(cli, ["show", "Herts Valleys CCG", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "organisations.csv, row" in res.output
    assert "MEMBER_OF" in res.output and "Nicolas Small" in res.output
    res = runner.invoke(cli, ["show", "E10000015", "--store", str(store), "--format", "json"])
    data = json.loads(res.output)
    assert data["properties"]["kind"] == "county"
    missing = runner.invoke(cli, ["show", "nobody at all", "--store", str(store)])
    assert missing.exit_code == 1 and "no node" in missing.output


def test_usage_errors_exit_2_and_missing_store_exits_1(runner, tmp_path):
    assert runner.invoke(cli, ["info", "--format", "yaml"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-command"]).exit_code == 2
    res = runner.invoke(cli, ["info", "--store", str(tmp_path / "none.store")])
    assert res.exit_code == 1 and "no store at" in res.output


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_and_is_in_the_readme(runner, name):
    res = runner.invoke(cli, [name, "--help"])
    assert res.exit_code == 0 and "Usage" in res.output
    readme = (ROOT / "README.md").read_text()
    assert f"lspgraph {name}" in readme


def test_readme_documents_every_template():
    from lspgraph.schemas import load_schema

    readme = (ROOT / "README.md").read_text()
    for name in load_schema().templates:
        assert f"`{name}`" in readme, name


def test_a_board_with_a_generic_name_is_found_by_the_name_it_is_shown_by(tmp_path, sample):
    # the Leicester board is stored as 'Health and Wellbeing Board' with area Leicester, and
    # shown as 'Leicester Health and Wellbeing Board': that name must find it too
    store = tmp_path / "s.store"
    assert console("import", *map(str, sample), "--store", str(store)).returncode == 0
    shown = console("show", "Leicester Health and Wellbeing Board", "--store", str(store))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0].startswith("partnership:")
    assert "name: Health and Wellbeing Board" in shown.stdout
    assert "area: Leicester" in shown.stdout
    view = console("view", "--focus", "Leicester Health and Wellbeing Board", "--out",
                   str(tmp_path / "v.html"), "--store", str(store))
    assert view.returncode == 0, view.stderr
