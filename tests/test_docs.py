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
