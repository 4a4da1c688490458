"""lspgraph: the paperwork of local strategic partnerships as one knowledge graph.

The top-level names are the library's front door; each loads its module on first use, so
``import lspgraph`` (and ``lspgraph --help``) costs no pandas, networkx or rdflib::

    import lspgraph

    kg = lspgraph.load("lspgraph.store")        # a KnowledgeGraph
    lspgraph.names()                            # the questions
    df = lspgraph.run("overlaps", kg)           # a question's answer, a pandas DataFrame

>>> import lspgraph
>>> lspgraph.__version__ == __import__("importlib.metadata").metadata.version("lspgraph")
True
>>> "gaps" in lspgraph.names()
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, for type checkers (loaded lazily at run time)
    from .graph import KnowledgeGraph, load, save, store_path
    from .graph.errors import InputError, InputErrors, LspGraphError
    from .importers import build_graph, import_files
    from .queries import get as question
    from .queries import load_rules, names, questions, run

# name -> (module, attribute): what ``lspgraph.NAME`` is, imported when first asked for
_API = {
    "KnowledgeGraph": ("lspgraph.graph", "KnowledgeGraph"),
    "load": ("lspgraph.graph", "load"),
    "save": ("lspgraph.graph", "save"),
    "store_path": ("lspgraph.graph", "store_path"),
    "import_files": ("lspgraph.importers", "import_files"),
    "build_graph": ("lspgraph.importers", "build_graph"),
    "question": ("lspgraph.queries", "get"),
    "questions": ("lspgraph.queries", "questions"),
    "names": ("lspgraph.queries", "names"),
    "run": ("lspgraph.queries", "run"),
    "load_rules": ("lspgraph.queries", "load_rules"),
    "LspGraphError": ("lspgraph.graph.errors", "LspGraphError"),
    "InputError": ("lspgraph.graph.errors", "InputError"),
    "InputErrors": ("lspgraph.graph.errors", "InputErrors"),
}

__all__ = ["InputError", "InputErrors", "KnowledgeGraph", "LspGraphError", "__version__",
           "build_graph", "import_files", "load", "load_rules", "names", "question",
           "questions", "run", "save", "store_path"]


def __getattr__(name: str) -> Any:
    """``lspgraph.load``, ``lspgraph.run``...: the module that holds it is imported now."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("lspgraph")
        except PackageNotFoundError:  # run from a checkout that was never installed
            value = "0+unknown"
    elif name in _API:
        module, attr = _API[name]
        value = getattr(importlib.import_module(module), attr)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
