"""The repository root installs as the package ``lspgraph``, and only as that."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"lspgraph"}
    for init in ROOT.glob("*/**/__init__.py"):
        rel = init.parent.relative_to(ROOT)
        if rel.parts[0] in {"tests", "bench", "build", ".venv"} or "egg-info" in str(rel):
            continue
        found.add(".".join(("lspgraph", *rel.parts)))
    missing = sorted(found - listed)
    assert not missing, f"add to [tool.setuptools] packages: {missing}"


def test_no_init_at_the_root():
    # with one, pytest imports the checkout twice (as lspgraph and as its folder's name)
    assert not (ROOT / "__init__.py").exists()
    assert not (ROOT / "conftest.py").exists()


def test_only_lspgraph_is_importable(tmp_path: Path):
    code = (
        "import importlib.util, lspgraph, lspgraph.cli, lspgraph.graph, lspgraph.importers, "
        "lspgraph.queries, lspgraph.schemas\n"
        "bad = [m for m in ('graph', 'cli', 'importers', 'queries', 'schemas') "
        "if importlib.util.find_spec(m) is not None]\n"
        "assert not bad, bad\n"
        "from importlib import resources\n"
        "assert 'node_types' in resources.files('lspgraph.schemas').joinpath('lsp.yaml')"
        ".read_text()\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
