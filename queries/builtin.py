"""lspgraph's own questions: every module of this package, imported so that each question
module registers itself. lspgraph's ``lspgraph.questions`` entry point names this module,
so built-in questions come in by the path a plugin's do, and a new question is a new file.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["MODULES"]

_package = __name__.rpartition(".")[0]
MODULES = sorted(m.name for m in pkgutil.iter_modules(importlib.import_module(_package).__path__)
                 if m.name != "builtin")
for _name in MODULES:
    importlib.import_module(f"{_package}.{_name}")
