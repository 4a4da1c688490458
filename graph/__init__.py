"""The graph core: a typed property graph, its identity rules, and its on-disk store.

A notebook session::

    from lspgraph.graph import load
    kg = load("demo.store")
    kg.nodes_df("Partnership")      # a pandas DataFrame
    kg.nx                           # the networkx MultiDiGraph

Files are read into a graph by :mod:`lspgraph.importers` (``import_files``, ``build_graph``),
one layer up: nothing here imports from the layers above the core.
"""

from .errors import (
    InputError,
    InputErrors,
    LspGraphError,
    OptionError,
    SchemaError,
    StoreError,
    StoreLocked,
    UnknownFormat,
)
from .storage import DEFAULT_STORE, load, save, store_path

# The rest loads on first use, so that commands which never build a graph (``--help``,
# ``info``, ``show``) do not pay for networkx, pandas and rapidfuzz.
_LAZY = {
    "identity_key": "ids", "make_id": "ids", "slug": "ids",
    "ImportReport": "merge", "NearMatch": "merge", "apply": "merge",
    "KnowledgeGraph": "model",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

__all__ = [
    "DEFAULT_STORE",
    "ImportReport",
    "InputError",
    "InputErrors",
    "KnowledgeGraph",
    "LspGraphError",
    "NearMatch",
    "OptionError",
    "SchemaError",
    "StoreError",
    "StoreLocked",
    "UnknownFormat",
    "apply",
    "identity_key",
    "load",
    "make_id",
    "save",
    "slug",
    "store_path",
]
