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


def test_every_folder_inside_a_package_is_listed_too():
    # a folder with no __init__.py (queries/sparql: data only) is still importable, and
    # setuptools warns at each build that it is left out unless it is listed
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(("lspgraph", *sub.relative_to(ROOT).parts))
        for name in listed - {"lspgraph"}
        for sub in (ROOT.joinpath(*name.split(".")[1:])).iterdir()
        if sub.is_dir() and sub.name.isidentifier() and sub.name != "__pycache__"
    }
    assert not sorted(folders - listed), "add to [tool.setuptools] packages"


def test_the_root_package_is_imported_once():
    # STYLE 3.6: with an __init__.py at the root, pytest once imported the checkout twice,
    # as lspgraph and as its folder's name (tests/conftest.py collects the root as a plain
    # folder); every module from the checkout is an lspgraph module, each imported once
    import lspgraph

    assert (ROOT / "__init__.py").is_file() and not (ROOT / "conftest.py").exists()
    assert lspgraph.__file__, ("lspgraph loads as a namespace package: the editable install "
                               "predates the root __init__.py; run pip install -e '.[test]'")
    assert Path(lspgraph.__file__).resolve() == ROOT / "__init__.py"
    by_file: dict[Path, list[str]] = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        # a module whose __file__ is no file (torch.ops says 'torch.ops') would resolve
        # against the working folder: only real files count
        if not file or not Path(file).is_file() or not Path(file).resolve().is_relative_to(ROOT):
            continue
        where = Path(file).resolve().relative_to(ROOT).parts[0]
        if where in ("tests", "bench") or name == "conftest":
            continue
        by_file.setdefault(Path(file).resolve(), []).append(name)
    assert by_file[ROOT / "__init__.py"] == ["lspgraph"]
    twice = {str(f): names for f, names in by_file.items() if len(names) > 1}
    strays = sorted(n for names in by_file.values() for n in names
                    if n != "lspgraph" and not n.startswith("lspgraph."))
    assert not twice and not strays, (twice, strays)


def test_the_top_level_api_is_lazy_and_versioned(tmp_path: Path):
    code = (
        "import sys, importlib.metadata, lspgraph\n"
        "assert lspgraph.__version__ == importlib.metadata.version('lspgraph')\n"
        "heavy = [m for m in ('pandas', 'networkx', 'rdflib') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "missing = [n for n in lspgraph.__all__ if not hasattr(lspgraph, n)]\n"
        "assert not missing, missing\n"
        "assert lspgraph.load is __import__('lspgraph.graph').graph.load\n"
    )
    _runs_outside_the_checkout(code, tmp_path, " (an editable install older than the root "
                               "__init__.py loads lspgraph as a namespace: pip install -e "
                               "'.[test]')")


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
    )
    _runs_outside_the_checkout(code, tmp_path)


def _runs_outside_the_checkout(code: str, folder: Path, hint: str = "") -> None:
    """Python ``code`` runs to its end from ``folder`` (not the checkout)."""
    out = subprocess.run([sys.executable, "-c", code + "print('ok')\n"], cwd=folder,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr + hint
    assert out.stdout.strip() == "ok"
