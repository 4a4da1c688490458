"""Outputs: what the graph becomes, each driven by the schema (``schemas/lsp.yaml``).

- :mod:`~lspgraph.outputs.rdf`: RDF (Turtle, JSON-LD...), SHACL shapes and validation, SPARQL;
  also read back by the ``rdf`` importer.
- :mod:`~lspgraph.outputs.graphdb`: Neo4j and FalkorDB (Cypher labels from the schema).
- :mod:`~lspgraph.outputs.view`: the interactive HTML page of ``lspgraph view`` (view styles).
- :mod:`~lspgraph.outputs.report`: the per-partnership report of ``lspgraph report``.

Outputs sit beside the importers, documents and questions, above the core: they may use the
questions (the view and the report show their findings), and nothing below imports them.
Submodules are imported by name (``from lspgraph.outputs import rdf``) so that each loads its
own heavy library (rdflib, pyvis, a database driver) only when used.
"""
