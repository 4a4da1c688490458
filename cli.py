"""The ``lspgraph`` command. Each command parses its options, makes one library call and
formats the result; library errors become one clear message and a non-zero exit.

Exit codes: 0 ok; 1 errors or findings in the data; 2 usage errors.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import click
import pandas as pd

from lspgraph import graph
from lspgraph.graph.errors import LspGraphError

__all__ = ["cli"]

FORMATS = ("table", "csv", "json")
DEMO_STORE = "lspgraph-demo.store"


# -- shared options ------------------------------------------------------------------
def store_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Store file (default: $LSPGRAPH_STORE, else ./lspgraph.store).",
    )(fn)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output format.",
    )(fn)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn lspgraph's errors into one message on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LspGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def emit(df: pd.DataFrame, fmt: str) -> None:
    """Print rows as a table, CSV or JSON records."""
    if fmt == "json":
        click.echo(json.dumps(json.loads(df.to_json(orient="records")), indent=2,
                              ensure_ascii=False))
    elif fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif df.empty:
        click.echo("(no rows)")
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 160, "display.max_colwidth", 60):
            click.echo(df.to_string(index=False))


def _progress() -> Callable[[str], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(path: str) -> None:
        click.echo(f"reading {path}", err=True)

    return show


# -- commands ------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lspgraph")
def cli() -> None:
    """lspgraph: the paperwork of local strategic partnerships as one knowledge graph.

    Import spreadsheets (CSV, XLSX, YAML, JSON) of organisations, partnerships,
    memberships, strategies, themes, actions and areas; then look around with
    'info' and 'show'. Start with 'lspgraph demo'.
    """


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "in_format", default=None,
              help="Importer to use (default: by file suffix, else sniffed).")
@click.option("--replace", is_flag=True, help="Start from an empty store instead of adding.")
@store_option
@handle_errors
def import_(paths: tuple[Path, ...], in_format: str | None, replace: bool,
            store: Path | None) -> None:
    """Import files into the store. All or nothing: a file with an error imports nothing."""
    result = graph.import_files(paths, store, format=in_format, replace=replace,
                                progress=_progress())
    _report(result)


def _report(result: graph.ImportResult) -> None:
    r = result.report
    state = "updated" if result.changed else "unchanged"
    click.echo(f"{result.store}: {state} ({r.nodes_added} nodes added, {r.nodes_merged} merged; "
               f"{r.edges_added} edges added, {r.edges_merged} merged)")
    for line in result.notices:
        click.echo(f"note: {line}", err=True)
    for line in r.warnings:
        click.echo(f"warning: {line}", err=True)
    for nm in r.near_matches:
        click.echo(f"possible duplicate ({nm.origin}): '{nm.name}' ({nm.node}) looks like "
                   f"'{nm.existing_name}' ({nm.existing}), similarity {nm.score:.2f}; "
                   "not merged (add an alias to merge)", err=True)


@cli.command()
@store_option
@output_options
@handle_errors
def info(store: Path | None, fmt: str) -> None:
    """Counts of nodes and edges by type, and of records by source file."""
    kg = graph.load(store)
    if fmt == "json":
        data = {
            "store": str(graph.store_path(store)),
            "nodes": kg.counts(),
            "edges": kg.edge_counts(),
            "sources": kg.sources,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows = [("node", t, n) for t, n in kg.counts().items()]
    rows += [("edge", t, n) for t, n in kg.edge_counts().items()]
    rows += [("source", p, s["records"]) for p, s in sorted(kg.sources.items())]
    emit(pd.DataFrame(rows, columns=["what", "type", "count"]), fmt)


@cli.command()
@click.argument("node")
@store_option
@output_options
@handle_errors
def show(node: str, store: Path | None, fmt: str) -> None:
    """One node by id, ONS code or name: its properties, provenance and neighbours."""
    kg = graph.load(store)
    found = kg.find(node)
    if not found:
        raise click.ClickException(f"no node with id or name '{node}'")
    if len(found) > 1:
        raise click.ClickException(f"'{node}' names several nodes: {', '.join(found)}")
    node_id = found[0]
    data = kg.node(node_id)
    props = {k: v for k, v in data.items() if k not in ("provenance",)}
    neighbours = [
        {"direction": "out", "edge": k, "id": v, "type": kg.type_of(v), "name": kg.label(v),
         **{a: b for a, b in d.items() if a != "provenance"}}
        for _, v, k, d in kg.nx.out_edges(node_id, keys=True, data=True)
    ] + [
        {"direction": "in", "edge": k, "id": u, "type": kg.type_of(u), "name": kg.label(u),
         **{a: b for a, b in d.items() if a != "provenance"}}
        for u, _, k, d in kg.nx.in_edges(node_id, keys=True, data=True)
    ]
    neighbours.sort(key=lambda n: (n["direction"], n["edge"], n["id"]))
    provenance = [{"source": p[0], "line": p[1], **({"quote": p[4]} if len(p) > 4 else {})}
                  for p in data.get("provenance", [])]
    if fmt == "json":
        click.echo(json.dumps({"id": node_id, "properties": props, "provenance": provenance,
                               "neighbours": neighbours}, indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        emit(pd.DataFrame(neighbours), fmt)
        return
    click.echo(f"{node_id}")
    for k, v in props.items():
        click.echo(f"  {k}: {', '.join(v) if isinstance(v, list) else v}")
    click.echo("provenance:")
    for p in provenance:
        where = f"{p['source']}" + (f", row {p['line']}" if p["line"] is not None else "")
        click.echo(f"  {where}" + (f": \"{p['quote']}\"" if "quote" in p else ""))
    click.echo("neighbours:")
    for n in neighbours:
        arrow = f"-{n['edge']}->" if n["direction"] == "out" else f"<-{n['edge']}-"
        extra = f" ({n['role']})" if n.get("role") else ""
        click.echo(f"  {arrow} {n['id']}  {n['name']}{extra}")


@cli.command()
@store_option
@handle_errors
def demo(store: Path | None) -> None:
    """Build a store from the bundled sample data and say what it holds.

    The store goes to --store or $LSPGRAPH_STORE, else ./lspgraph-demo.store.
    """
    sample = resources.files("lspgraph.sample")
    paths = sorted(Path(str(p)) for p in sample.iterdir() if p.name.endswith(".csv"))
    target = store or (graph.store_path() if os.environ.get("LSPGRAPH_STORE") else DEMO_STORE)
    result = graph.import_files(paths, target, replace=True)
    kg = result.graph
    click.echo(f"Built {result.store} from the bundled sample data ({len(paths)} files):")
    for t, n in kg.counts().items():
        click.echo(f"  {n:4d} {t}")
    click.echo(f"  {kg.nx.number_of_edges():4d} edges")
    for nm in result.report.near_matches:
        click.echo(f"possible duplicate: '{nm.name}' ~ '{nm.existing_name}' ({nm.score:.2f})")
    click.echo(f"\nNext: lspgraph info --store {result.store}")
    click.echo(f"      lspgraph show 'Herts Valleys CCG' --store {result.store}")


if __name__ == "__main__":  # pragma: no cover
    cli()
