"""Importers: one module per source format behind one registry, and the import pipeline.

Each importer is one module with one ``read(path, **options)`` function that yields
node and edge records (:mod:`lspgraph.graph.records`); it never touches the graph.
Built-in importers register on first use; others can register through the
``lspgraph.importers`` entry-point group. :func:`import_files` and :func:`build_graph`
read files through them and hand the records to the core, which merges and stores them.

>>> sorted(formats())[:4]
['csv', 'document', 'geojson', 'json']
>>> for_path("actions.CSV").name
'csv'
"""

from .pipeline import ImportResult, build_graph, import_files, read_records
from .registry import (
    Importer,
    Notice,
    Record,
    candidates,
    for_path,
    formats,
    get,
    read,
    register,
)

__all__ = [
    "ImportResult",
    "Importer",
    "Notice",
    "Record",
    "build_graph",
    "candidates",
    "for_path",
    "formats",
    "get",
    "import_files",
    "read",
    "read_records",
    "register",
]
