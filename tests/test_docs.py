"""The docstrings' examples run, the public functions carry type hints, and the README's
worked example of adding a question is the real file and its commands run."""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import lspgraph
from conftest import ROOT

MODULES = ["lspgraph", *sorted(
    m.name for m in pkgutil.walk_packages(lspgraph.__path__, "lspgraph.")
    if ".sample" not in m.name
)]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_public_functions_have_type_hints(name):
    module = importlib.import_module(name)
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj) and obj.__module__ == name:
            hints = obj.__annotations__
            assert "return" in hints, f"{name}.{attr} has no return annotation"


def _extending() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Extending: adding a question", 1)[1].split("\n## ", 1)[0]


def test_readme_worked_example_is_the_question_file():
    source = (ROOT / "queries" / "lead_not_member.py").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", _extending(), re.S)
    assert len(blocks) == 2
    for block in blocks:
        assert block in source, "the README's lead_not_member code differs from the file"


def test_readme_worked_example_commands_run(tmp_path):
    from lspgraph import queries

    section = _extending()
    assert f'[project.entry-points."{queries.GROUP}"]' in section
    store = tmp_path / "demo.store"
    env = {**os.environ, "LSPGRAPH_STORE": str(store),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["lspgraph", "demo"], env=env, cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    commands = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S)
                for line in block.splitlines() if line.startswith("lspgraph ")]
    assert len(commands) == 4
    outputs = []
    for line in commands:
        out = subprocess.run(["bash", "-c", line], env=env, cwd=tmp_path, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0 and "Error" not in out.stderr, (line, out.stderr)
        outputs.append(out.stdout)
    assert "Voluntary Action Leicester" in outputs[0]
    assert outputs[1].startswith("action,action_text,lead") and outputs[1].count("\n") == 2
    assert outputs[2].rstrip().endswith("a lead is outside")  # --fail-on-findings: exit 1
    assert "1 lead_not_member findings" in outputs[3] and (tmp_path / "leads.html").is_file()


def _readme_python_block(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if marker in b)


def test_readme_top_level_api_example_runs(tmp_path, monkeypatch):
    """The README's `import lspgraph` example, run as it stands on the demo's store."""
    env = {**os.environ, "LSPGRAPH_STORE": str(tmp_path / "lspgraph.store")}
    done = subprocess.run(["lspgraph", "demo"], env=env, cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    block = _readme_python_block("import lspgraph\n")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(block, scope)
    assert scope["lspgraph"].__version__ in block  # the version the README shows
    assert len(scope["overlaps"]) > 0 and len(scope["gaps"]) > 0
    assert "index" not in scope["gaps"].columns


def test_readme_gaps_row_says_which_areas_are_checked(tmp_path):
    """The README's gaps row, held to what the command does: the councils' and local
    partnerships' areas are checked (the rules' `scope`); an area only a police force
    reaches is left out and named in the table's first line; --all-areas checks it."""
    from conftest import console, write
    from lspgraph import queries

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `lspgraph query gaps`"))
    for words in ("councils and local partnerships", "`scope` in the rules",
                  "named in the table's first line", "`--all-areas` checks every area",
                  "no council or local partnership covers an area"):
        assert words in row, words
    assert {"organisation_kinds", "partnership_kinds", "area_kinds"} <= set(
        queries.load_rules()["gaps"]["scope"])
    files = [write(tmp_path / "areas.csv", "code,name,kind,within\n"
                   "E23000035,Devon and Cornwall,police_force_area,\n"
                   "E10000008,Devon,county,E23000035\nE06000052,Cornwall,unitary,E23000035\n"),
             write(tmp_path / "organisations.csv", "name,kind,covers\n"
                   "Devon County Council,county council,E10000008\n"
                   "Devon and Cornwall Police,police force,E23000035\n")]
    store = str(tmp_path / "devon.store")
    assert console("import", *map(str, files), "--store", store).returncode == 0
    table = console("query", "gaps", "--store", store, "--kind", "area_without_partnership")
    first, *rows = table.stdout.splitlines()
    assert first.startswith("# checked 1 area ") and "E06000052 Cornwall" in first
    assert "E10000008" in "".join(rows) and "E06000052" not in "".join(rows)
    every = console("query", "gaps", "--store", store, "--kind", "area_without_partnership",
                    "--all-areas", "--format", "csv")
    assert "E06000052" in every.stdout and not every.stdout.startswith("#")


def _readme_sh_block(marker: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", readme, re.S) if marker in b)
    return [line for line in block.splitlines() if line.strip()]


def _env(tmp_path):
    return {**os.environ, "LSPGRAPH_STORE": str(tmp_path / "lspgraph.store"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_readme_dash_examples_run(tmp_path):
    """Each line of the README's '-' block, run by bash on the demo's store."""
    env = _env(tmp_path)
    assert subprocess.run(["lspgraph", "demo"], env=env, cwd=tmp_path,
                          capture_output=True).returncode == 0
    lines = _readme_sh_block("lspgraph import - ")
    assert len(lines) == 6
    outs = []
    for line in lines:
        out = subprocess.run(["bash", "-o", "pipefail", "-c", line], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0 and "Error" not in out.stderr, (line, out.stderr)
        outs.append(out)
    assert "updated" in outs[0].stdout and (tmp_path / "copy.store").is_file()
    assert outs[1].stdout.split()[0] == "n" and int(outs[1].stdout.split()[1]) > 10
    assert outs[2].stdout.startswith("conforms")
    assert (tmp_path / "landscape.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    assert not (tmp_path / "-").exists()
    shown = subprocess.run(["lspgraph", "show", "Alpha Trust", "--store", "piped.store"],
                           env=env, cwd=tmp_path, capture_output=True, text=True)
    assert "<stdin>" in shown.stdout
    assert outs[5].stdout.startswith("conforms")  # report --out - --format ttl, validated


def test_readme_completion_line_completes_in_bash(tmp_path):
    """The README's bash line, evaluated by bash: TAB after 'lspgraph ex' offers the two
    commands, after 'lspgraph query ' the questions; the zsh and fish lines give scripts."""
    lines = _readme_sh_block("_LSPGRAPH_COMPLETE=bash_source")
    bash_line = next(line for line in lines if "bash_source" in line).split("#")[0].strip()
    env = _env(tmp_path)

    def complete(words: str) -> list[str]:
        script = (f"{bash_line}\nCOMP_WORDS=({words}); COMP_CWORD={len(words.split()) - 1}\n"
                  "_lspgraph_completion lspgraph\nprintf '%s\\n' \"${COMPREPLY[@]}\"")
        out = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert complete("lspgraph ex") == ["export", "extract"]
    from lspgraph import queries

    assert complete("lspgraph query ''") == queries.names()
    for shell in ("zsh", "fish"):
        line = next(line for line in lines if f"{shell}_source" in line)
        script = subprocess.run(["lspgraph"], env={**env, "_LSPGRAPH_COMPLETE": f"{shell}_source"},
                                capture_output=True, text=True)
        assert script.returncode == 0 and "lspgraph" in script.stdout, line


def test_readme_linked_data_example_runs_outside_lspgraph(tmp_path):
    """The README's query of a landscape's linked data with pyoxigraph, the ontology and the
    context: its commands and its Python block run as written, on the demo store."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The vocabulary", 1)[1].split("\n## ", 1)[0]
    env = {**os.environ, "LSPGRAPH_STORE": str(tmp_path / "demo.store"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    commands = ["lspgraph demo"] + [line for block in re.findall(r"```sh\n(.*?)```", section,
                                                                  re.S)
                                    for line in block.splitlines() if line.strip()]
    assert len(commands) == 3
    for command in commands:
        done = subprocess.run(command.split(), env=env, cwd=tmp_path, capture_output=True,
                              text=True)
        assert done.returncode == 0, (command, done.stderr)
    (block,) = re.findall(r"```python\n(.*?)```", section, re.S)
    done = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "Hertfordshire Forward 1" in lines and len(lines) >= 5, done.stdout


def test_readme_keeping_a_landscape_up_to_date_runs(tmp_path):
    """Every command of the walk-through runs from the checkout, and the output it shows is
    what the commands print."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Keeping a landscape up to date", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", section, re.S | re.M)
    commands = [line for lang, block in blocks if lang == "sh"
                for line in block.splitlines() if line.startswith("lspgraph ")]
    assert len(commands) == 6
    shown = [line for lang, block in blocks if not lang
             for line in block.splitlines() if line.strip()]
    assert len(shown) == 9
    store = tmp_path / "lancashire.store"
    env = {**os.environ, "LSPGRAPH_STORE": str(store),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    printed = []
    for line in commands:
        out = subprocess.run(["bash", "-c", line], env=env, cwd=ROOT, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0 and "Error" not in out.stderr, (line, out.stderr)
        printed += (out.stdout + out.stderr).splitlines()
        if line.startswith("lspgraph forget"):
            from lspgraph.graph import load

            assert load(store).node("organisation:preston-city-council")["kind"] == \
                "unitary_council"
    for line in shown:
        assert line in printed, line
    from lspgraph.graph.conflict_rows import count

    assert count(store) == 6


def test_readme_import_of_an_old_store_runs(tmp_path, sample_graph):
    """The README's line that brings an old gzip-JSON store into a new SQLite one."""
    from lspgraph.graph import load, storage

    [line] = _readme_sh_block("lspgraph import old.store")
    (tmp_path / "old.store").write_bytes(storage.dumps(sample_graph))
    out = subprocess.run(["bash", "-c", line], env=_env(tmp_path), cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "imported the old store" in out.stdout, out.stderr
    assert storage.dumps(load(tmp_path / "new.store")) == storage.dumps(sample_graph)
