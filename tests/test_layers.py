"""The layer rule, read from the modules' own imports.

schemas → core (graph/) → importers / documents / questions (queries/) / outputs → CLI.
A module imports only from its own layer or the ones below; folders of one layer do not
import each other in a circle; and the graph of every import between lspgraph modules has no
cycle, the imports inside functions included, so that no function-level import hides one.
(A function-level import is still right to load a heavy library, or an lspgraph module that
loads one, only when it is needed. Imports under ``if TYPE_CHECKING:`` never run and are
left out.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"schemas": 0, "graph": 1, "importers": 2, "documents": 2, "queries": 2,
          "outputs": 2, "sample": 2, "cli": 3}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["lspgraph", *parts])


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        top = path.relative_to(ROOT).parts[0]
        if top.removesuffix(".py") in LAYERS:
            out[_module(path)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The lspgraph module an imported name lives in (a module, else its package)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported lspgraph module, line, inside a function) for every import of ``module``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                 ast.Lambda))
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - child.level + 1]
                    stem = ".".join(base + ([child.module] if child.module else []))
                else:
                    stem = child.module or ""
                # 'from . import names' imports a module; 'from . import register' a name
                names = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in MODULES else stem
                         for a in child.names]
            for name in names:
                target = _resolve(name) if name.startswith("lspgraph") else None
                if target and target != module:
                    found.append((target, child.lineno, nested))
            visit(child, inner)

    visit(tree, False)
    return found


def layer(module: str) -> tuple[str, int]:
    folder = module.split(".")[1] if module != "lspgraph" else "cli"
    return folder, LAYERS[folder]


def test_every_folder_has_a_layer():
    tops = {p.relative_to(ROOT).parts[0] for p in ROOT.glob("*/__init__.py")}
    assert tops - {"tests", "bench", "tools"} <= set(LAYERS)
    assert len(MODULES) > 40


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    folder, level = layer(module)
    upward = [f"line {line}: {target}" for target, line, _ in imports(module)
              if layer(target)[1] > level]
    assert not upward, f"{module} ({folder}, layer {level}) imports from above: {upward}"


def test_no_cycles_between_folders():
    g = nx.DiGraph()
    for module in MODULES:
        for target, _, _ in imports(module):
            a, b = layer(module)[0], layer(target)[0]
            if a != b:
                g.add_edge(a, b)
    assert list(nx.simple_cycles(g)) == []


def test_no_cycles_between_modules_even_inside_functions():
    g = nx.DiGraph()
    where = {}
    for module in MODULES:
        for target, line, nested in imports(module):
            g.add_edge(module, target)
            where[module, target] = f"{MODULES[module].relative_to(ROOT)}:{line}" + (
                " (in a function)" if nested else "")
    cycles = [[where[a, b] for a, b in zip(c, c[1:] + c[:1], strict=True)]
              for c in nx.simple_cycles(g)]
    assert cycles == []


def test_the_rule_can_fail():
    """The parser sees imports inside functions and resolves relative names."""
    found = imports("lspgraph.importers.rdf")
    assert ("lspgraph.outputs.rdf", True) in [(t, nested) for t, _, nested in found]
    assert ("lspgraph.graph.errors", False) in [(t, nested) for t, _, nested in found]
    # 'from . import queries' in the view is the queries package, a module of layer 2
    assert "lspgraph.queries" in [t for t, _, _ in imports("lspgraph.outputs.view")]
    assert layer("lspgraph.outputs.rdf") == ("outputs", 2)
    assert layer("lspgraph.cli") == ("cli", 3)
    assert layer("lspgraph.graph.model") < ("graph", 2)
