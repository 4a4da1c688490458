"""The graph core: a typed property graph, its identity rules, and its on-disk store.

A notebook session::

    from lspgraph.graph import load
    kg = load("demo.store")
    kg.nodes_df("Partnership")      # a pandas DataFrame
    kg.nx                           # the networkx MultiDiGraph
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
from .pipeline import ImportResult, build_graph, import_files
from .storage import DEFAULT_STORE, load, save, store_path

__all__ = [
    "DEFAULT_STORE",
    "ImportReport",
    "ImportResult",
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
    "build_graph",
    "identity_key",
    "import_files",
    "load",
    "make_id",
    "save",
    "slug",
    "store_path",
]
