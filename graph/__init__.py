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
    SchemaError,
    StoreError,
    StoreLocked,
    UnknownFormat,
)
from .ids import identity_key, make_id, slug
from .merge import ImportReport, NearMatch, apply
from .model import KnowledgeGraph
from .storage import DEFAULT_STORE, load, save, store_path

__all__ = [
    "DEFAULT_STORE",
    "ImportReport",
    "InputError",
    "InputErrors",
    "KnowledgeGraph",
    "LspGraphError",
    "NearMatch",
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
