"""The ``lspgraph`` command. Each command parses its options, makes one library call and
formats the result; library errors become one clear message and a non-zero exit.

Exit codes: 0 ok; 1 errors in the data (or findings, with ``query --fail-on-findings``);
2 usage errors.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import click

from lspgraph import graph
from lspgraph.graph.errors import LspGraphError, OptionError
from lspgraph.graph.lazy import lazy
from lspgraph.graph.records import Origin
from lspgraph.schemas import load_schema

__all__ = ["cli"]


importers = lazy("lspgraph.importers")  # the importers load with 'lspgraph import'
queries = lazy("lspgraph.queries")  # the questions load with the commands that ask them
pd = lazy("pandas")  # imported on first use: --help, --version, info and show never need it

FORMATS = ("table", "csv", "json", "markdown")


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
    """Turn lspgraph's errors into one message on stderr and exit code 1 (2 for usage)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except OptionError as exc:
            raise click.UsageError(str(exc)) from None
        except LspGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def emit(df: pd.DataFrame, fmt: str) -> None:
    """Print rows as a table, CSV or JSON records."""
    if fmt == "json":
        click.echo(json.dumps(json.loads(df.to_json(orient="records")), indent=2,
                              ensure_ascii=False))
    elif fmt == "csv":  # a list in a cell: its items joined with '; '; no formulas
        from lspgraph.graph.text import to_spreadsheet

        click.echo(df.map(lambda v: to_spreadsheet("; ".join(map(str, v))
                                                   if isinstance(v, list | tuple) else v))
                   .to_csv(index=False), nl=False)
    elif fmt == "markdown":
        click.echo(_markdown(df))
    elif df.empty:
        click.echo("(no rows)")
    else:
        width = max(30, min(80, shutil.get_terminal_size((160, 24)).columns // 3))
        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 160, "display.max_colwidth", 2 * width + 20):
            _say(df.map(lambda v: _cut(v, width)).to_string(index=False))


def _note(note: str | None, fmt: str) -> None:
    """An answer's note (which method ran; which areas gaps left out), before its rows: the
    first line of a table or markdown, and on stderr for CSV and JSON, so that the rows
    stay machine-readable and a user still sees what was left out."""
    if not note:
        return
    if fmt == "table":
        click.echo(f"# {note}")
    elif fmt == "markdown":
        click.echo(f"> {note}\n")
    else:
        click.echo(f"# {note}", err=True)


def _cut(value: Any, width: int) -> Any:
    """A table cell cut to ``width`` characters: a list keeps the items that fit and says
    how many more there are, '... (+N more)'; a text (a finding's detail says what is
    wrong) may run to twice that, then ends in '...'."""
    if isinstance(value, list | tuple):
        kept: list[str] = []
        for item in map(str, value):
            if kept and len("; ".join([*kept, item])) > width:
                break
            kept.append(item)
        text = "; ".join(kept)
        rest = len(value) - len(kept)
        return text + (f"; ... (+{rest} more)" if rest else "")
    if isinstance(value, str) and len(value) > 2 * width:
        return value[:2 * width - 3].rstrip() + "..."
    return value


def _cell(value: Any) -> str:
    text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(df: pd.DataFrame) -> str:
    head = "| " + " | ".join(df.columns) + " |"
    rule = "| " + " | ".join("---" for _ in df.columns) + " |"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])


@contextlib.contextmanager
def _progress(paths: tuple[Path, ...]) -> Iterator[Callable[[str], None] | None]:
    """A progress bar over the files being read, only on a terminal and for several files."""
    if len(paths) < 2 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=len(paths), label="reading", file=sys.stderr,
                           item_show_func=lambda p: p) as bar:
        yield lambda path: bar.update(1, Path(path).name)


class _QuestionChoice(click.Choice):
    """The names of the registered questions, looked up when first needed."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return tuple(queries.names())

    @choices.setter
    def choices(self, value: Any) -> None:
        pass


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
              help="Importer to use (default: by file suffix, else sniffed; '-', standard "
                   "input, by its first bytes).")
@click.option("--replace", is_flag=True,
              help="Retract every other source first (geography from ONS lookups stays; "
                   "'lspgraph forget' drops it).")
@click.option("--population-column", default=None,
              help="ONS files: the column holding each row's population.")
@click.option("--levels", default=None,
              help="ONS files: keep only these geographies, e.g. LAD,PFA (for files that "
                   "do not nest).")
@click.option("--strict", is_flag=True,
              help="A name that only a link gives (a member no file defines) is an error, "
                   "and nothing is imported.")
@click.option("--duplicates", "duplicates_csv", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write every possible duplicate the import finds to this CSV file (the "
                   "import prints only the first few).")
@store_option
@handle_errors
def import_(paths: tuple[Path, ...], in_format: str | None, replace: bool,
            population_column: str | None, levels: str | None, strict: bool,
            duplicates_csv: Path | None, store: Path | None) -> None:
    """Import files into the store ('-': standard input, its source named <stdin>). All
    or nothing: a file with an error imports nothing.

    Each file replaces what it said before: rows deleted from it leave the graph, unless
    another file states them too. A file unchanged since it was imported is not read.
    Where files disagree, curated tables outrank RDF imports, which outrank documents
    (within one rank the later import wins); every disagreement is kept ('lspgraph
    conflicts').
    """
    if any(str(p) != "-" and graph.storage.is_old_store(p) for p in paths):
        _import_old(paths, store, bool(in_format or replace or strict or population_column
                                       or levels or duplicates_csv))
        return
    options = {"population_column": population_column,
               "levels": levels.split(",") if levels else None}
    with _progress(paths) as progress:
        result = importers.import_files(paths, store, format=in_format, replace=replace,
                                        progress=progress, options=options, strict=strict)
    if duplicates_csv is not None:
        _write_near_matches(result.report.near_matches, duplicates_csv)
    _report(result, duplicates_csv)


def _import_old(paths: tuple[Path, ...], store: Path | None, options: bool) -> None:
    """``lspgraph import old.store``: an lspgraph 0.x store (gzip'd JSON) into SQLite."""
    if len(paths) != 1 or options:
        raise click.UsageError("an old lspgraph store (gzip'd JSON) is imported on its own, "
                               "without options: lspgraph import OLD.store [--store NEW]")
    notices: list[str] = []
    target, kg, changes = graph.storage.import_old(paths[0], store, notices)
    for line in notices:
        click.echo(f"note: {line}", err=True)
    if changes is not None:
        click.echo(f"{target}: imported the old store {paths[0]} "
                   f"({kg.nx.number_of_nodes():,} nodes, {kg.nx.number_of_edges():,} edges, "
                   f"{len(kg.sources)} sources)")


_NEAR_COLUMNS = ["row", "name", "id", "looks_like", "looks_like_id", "similarity"]


def _write_near_matches(near: list[Any], path: Path) -> None:
    """Every possible duplicate, one a row, in the order the import met them (cells a
    spreadsheet would run as formulas escaped)."""
    import csv

    from lspgraph.graph.text import to_spreadsheet

    try:
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(_NEAR_COLUMNS)
            for nm in near:
                out.writerow([to_spreadsheet(v) for v in (
                    nm.origin, nm.name, nm.node, nm.existing_name, nm.existing,
                    nm.score)])
    except OSError as exc:
        raise LspGraphError(f"cannot write {path}: {exc.strerror} (the import itself "
                            "landed)") from None


def _near_match_line(nm: Any) -> str:
    return (f"possible duplicate ({nm.origin}): '{nm.name}' ({nm.node}) looks like "
            f"'{nm.existing_name}' ({nm.existing}), similarity {nm.score:.2f}; "
            "not merged (add an alias to merge)")


def _report(result: graph.ImportResult, duplicates_csv: Path | None = None) -> None:
    r = result.report
    if result.changed:
        click.echo(f"{result.store}: updated ({result.changes})")
    else:
        click.echo(f"{result.store}: unchanged")
    if result.skipped:
        n = len(result.skipped)
        click.echo(f"  {n} file{'s' if n != 1 else ''} unchanged since imported, not read again")
    for line in result.notices:
        click.echo(f"note: {line}", err=True)
    for line in r.warnings:
        click.echo(f"warning: {line}", err=True)
    shown = int(load_schema().identity["near_matches_shown"])
    for nm in r.near_matches[:shown]:
        click.echo(_near_match_line(nm), err=True)
    if len(r.near_matches) > shown:
        where = (f"all of them are in {duplicates_csv}" if duplicates_csv is not None else
                 "--duplicates FILE writes all of them to a CSV file")
        click.echo(f"possible duplicates: {len(r.near_matches):,}, the first {shown} shown "
                   f"above; {where}", err=True)
    for change in r.changed:
        click.echo(f"changed: {change}", err=True)
    for line in _conflict_lines(r.conflicts):
        click.echo(f"conflict: {line}", err=True)
    for new in r.invented:
        click.echo(f"new: {new}", err=True)
    counts = r.categories()
    if counts:
        click.echo("warnings: " + ", ".join(f"{n} {what}" for what, n in counts.items())
                   + (" (lspgraph conflicts lists the conflicts)"
                      if r.conflicts else ""), err=True)


def _conflict_lines(rows: list[Any]) -> list[str]:
    """One line per node and field: the value kept and the values it was kept over."""
    lines: list[str] = []
    grouped: dict[tuple[str, str], list[Any]] = {}
    for c in rows:
        grouped.setdefault((c.node, c.field), []).append(c)
    for (node, field), values in grouped.items():
        kept = [c for c in values if c.kept] or values[:1]
        others = "; ".join(f"'{c.value}' ({c.cite()}, {c.rank})" for c in values
                           if c not in kept)
        lines.append(f"{node} {field}: kept '{kept[0].value}' ({kept[0].cite()}, "
                     f"{kept[0].rank}) over {others}")
    return lines


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@store_option
@handle_errors
def forget(sources: tuple[str, ...], store: Path | None) -> None:
    """Retract what SOURCES said (files as imported: full path, or file name if unique).

    Nodes and edges that another source also states stay.
    """
    from lspgraph.graph.sync import forget as retract_sources

    names, changes = retract_sources(sources, store)
    click.echo(f"{graph.store_path(store)}: forgot {', '.join(names)} ({changes})")


@cli.command()
@click.argument("node", required=False)
@store_option
@output_options
@handle_errors
def conflicts(node: str | None, store: Path | None, fmt: str) -> None:
    """Values that sources disagree on: for each node and field, the value kept (by the
    schema's precedence: curated tables, then RDF imports, then documents; within one
    rank the later import) and every other value, each with the file and row that gave
    it. NODE (an id or a name) lists one node's."""
    from lspgraph.graph.conflict_rows import COLUMNS, stored

    node_id = _one_node(store, node) if node else None
    emit(pd.DataFrame(stored(store, node_id), columns=COLUMNS), fmt)


def _one_node(store: Path | None, text: str) -> str:
    """The id of the one node ``text`` names (an id, an ONS code or a name)."""
    from lspgraph.graph.storage import find

    found = find(store, text)
    if not found:
        raise click.ClickException(f"no node with id or name '{text}'")
    if len(found) > 1:
        raise click.ClickException(f"'{text}' names several nodes: {', '.join(found)}")
    return found[0]


def _check_base_uri(base: str | None) -> None:
    """Refuse a --base-uri that is not an absolute IRI (rdflib warned a thousand times,
    then failed with a traceback)."""
    if base is None:
        return
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    if not parts.scheme or any(c in base for c in ' <>"{}|\\^`') or \
            (parts.scheme in ("http", "https") and not parts.netloc):
        raise LspGraphError(f"--base-uri {base!r} is not an absolute IRI; give one such as "
                            "https://example.org/id/")


def _dash(path: Path | None) -> bool:
    """Whether a path option is '-': standard input or output (as everywhere a file is
    taken or written)."""
    return path is not None and str(path) == "-"


def _folder_exists(out: Path | None) -> None:
    """Refuse --out FILE in a folder that does not exist (a message, not a traceback)."""
    if out is not None and not _dash(out) and not out.parent.is_dir():
        raise LspGraphError(f"--out {out}: the folder {out.parent} does not exist")


def _not_the_store(out: Path | None, store: Path | None) -> None:
    """Refuse an output path that is the store itself (writing there would destroy it)."""
    if out is None or _dash(out):
        return
    target = graph.store_path(store)
    with contextlib.suppress(OSError):
        if out.exists() and target.exists() and os.path.samefile(out, target):
            raise click.UsageError(f"--out {out} is the store itself; name another file")
    if os.path.abspath(out) == os.path.abspath(target):
        raise click.UsageError(f"--out {out} is the store itself; name another file")


@cli.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for ontology.ttl and context.jsonld.")
@handle_errors
def vocab(out: Path) -> None:
    """Write lspgraph's vocabulary: the lsp: ontology and the JSON-LD context, in the
    namespace in use (LSPGRAPH_NAMESPACE, else the project's https://w3id.org/lspgraph/ns#)."""
    from lspgraph.outputs import vocab as vocabulary

    for path in vocabulary.write(out):
        click.echo(str(path))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "nt", "xml", "trig",
                                                     "graphml", "json"]),
              default="ttl", show_default=True, help="RDF syntax, GraphML, or the store's JSON.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default, or '-': standard output).")
@click.option("--base-uri", default=None,
              help="Base IRI of the nodes (default: a clearly local https://lspgraph.invalid/id/).")
@store_option
@handle_errors
def export(fmt: str, out: Path | None, base_uri: str | None, store: Path | None) -> None:
    """Export the graph: linked data (RDF), GraphML, or the store's own JSON."""
    from lspgraph.outputs import rdf

    if _dash(out):
        out = None
    _not_the_store(out, store)
    _folder_exists(out)
    _check_base_uri(base_uri)
    kg = graph.load(store)
    target = open(out, "wb") if out else sys.stdout.buffer  # noqa: SIM115
    try:
        if fmt in rdf.FORMATS:
            n = rdf.write(kg, fmt, target, base_uri or rdf.DEFAULT_BASE)
            what = f"{n:,} triples"
        elif fmt == "graphml":
            import networkx as nx

            flat = nx.MultiDiGraph()
            for node, data in kg.nx.nodes(data=True):
                flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
            for u, v, k, data in kg.nx.edges(keys=True, data=True):
                flat.add_edge(u, v, key=k, type=k, **{a: _flat(b) for a, b in data.items()})
            nx.write_graphml(flat, target)
            what = f"{flat.number_of_nodes():,} nodes"
        else:
            graph.storage.dump_json(kg, target)
            what = f"{kg.nx.number_of_nodes():,} nodes"
    finally:
        if out:
            target.close()
    if out:
        click.echo(f"{out}: {what} ({fmt})")


def _flat(value: Any) -> Any:
    if not isinstance(value, list | dict):
        return value
    return json.dumps(value, ensure_ascii=False, default=Origin.as_list)  # provenance


@cli.command()
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False,
                                                        allow_dash=True, path_type=Path))
@output_options
@store_option
@handle_errors
def validate(path: Path | None, fmt: str, store: Path | None) -> None:
    """Check the store (or an RDF file; '-': RDF on standard input) against the schema and
    its SHACL shapes.

    Exits 1 when it does not conform, with one row per violation.
    """
    from lspgraph.outputs import rdf

    problems: list[dict[str, str]] = []
    if path is None:
        kg = graph.load(store)
        problems += [{"focus": p.split(":", 1)[0], "path": "", "message": p}
                     for p in kg.validate()]
        data = rdf.to_rdf(kg)
    else:
        with contextlib.ExitStack() as stack:
            if _dash(path):
                from lspgraph.importers.stdin import SOURCE, spooled

                path = stack.enter_context(spooled("rdf"))
                name = SOURCE
            else:
                name = str(path)
            try:
                data = rdf.read_file(path)
            except LspGraphError as exc:
                raise LspGraphError(str(exc).replace(str(path), name)) from None
            except Exception as exc:
                raise LspGraphError(f"{name}: is not valid RDF ({exc})") from None
        from lspgraph.outputs.rdf_read import legacy_notice, upgrade_legacy

        upgraded = upgrade_legacy(data)
        if upgraded is not None:  # as import reads it: an earlier lspgraph's file, said so
            data = upgraded
            click.echo(f"note: {name}: {legacy_notice()}", err=True)
    problems += rdf.validate(data)
    if path is None:
        from lspgraph.graph.conflict_rows import count

        disputed = count(store)
        if disputed:  # not a violation: each is settled by the precedence, and kept
            click.echo(f"note: sources disagree on {disputed} field"
                       f"{'s' if disputed != 1 else ''}; the precedence settled each, and "
                       "'lspgraph conflicts' lists them", err=True)
    if not problems:
        said = f"conforms ({len(data):,} triples checked against the schema's SHACL shapes)"
        if fmt != "table":  # the empty list of violations, in the format asked for
            emit(pd.DataFrame([], columns=["focus", "path", "message"]), fmt)
        click.echo(said, err=fmt != "table")
        return
    emit(pd.DataFrame(problems, columns=["focus", "path", "message"]), fmt)
    sys.exit(1)


@cli.command()
@click.argument("query_text", metavar="QUERY_OR_FILE")
@output_options
@store_option
@handle_errors
def sparql(query_text: str, fmt: str, store: Path | None) -> None:
    """Run a read-only SPARQL query over the graph's RDF view (prefixes of schemas/ bound).

    QUERY_OR_FILE is the query, a file of it, a shipped example by name
    (actions_per_partnership.rq), or '-': the query on standard input."""
    from lspgraph.outputs import rdf

    if query_text == "-":
        query_text = sys.stdin.read()
    p = Path(query_text)
    one_line = "\n" not in query_text and len(query_text) < 300
    if one_line and (p.suffix in (".rq", ".sparql") or p.is_file()):
        if not p.is_file():
            shipped = resources.files("lspgraph.queries").joinpath("sparql", p.name)
            if not shipped.is_file():
                raise LspGraphError(f"no query file {query_text}")
            query_text = shipped.read_text(encoding="utf-8")
        else:
            query_text = p.read_text(encoding="utf-8")
    cols, rows = rdf.sparql(rdf.store(graph.load(store)), query_text)
    emit(pd.DataFrame(rows, columns=cols), fmt)


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True,
                                path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", *FORMATS]),
              default="json", show_default=True,
              help="How to print what would be imported (table, csv, markdown: one row "
                   "per item).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --format csv: write one importable CSV per template into this "
                   "folder (organisations.csv, ...) instead of printing a review list.")
@handle_errors
def extract(paths: tuple[Path, ...], fmt: str, out: Path | None) -> None:
    """Print what lspgraph reads from documents (.txt, .html, .docx, .pdf; '-': standard
    input); the store is not touched.

    json: one object per document, keyed like the hand annotations in shared/seeds/expected
    (organisations, partnerships, strategies, themes, actions, people, meetings,
    resolutions, dates, areas, coterminosity), each item with its line, offsets and quote.
    yaml: the same findings as template sections, to correct by hand and then import with
    'lspgraph import FILE.yaml'. csv: one row per item, to review in a spreadsheet; with
    --out DIR, one CSV per template instead, to correct and import with
    'lspgraph import DIR/*.csv'.
    """
    from lspgraph.documents import read
    from lspgraph.documents.extract import KEYS
    from lspgraph.documents.extract import extract as run_extract
    if out is not None and fmt != "csv":
        raise click.UsageError("--out goes with --format csv")
    found = []
    for p in paths:
        if not _dash(p):
            found.append(run_extract(read(p)))
            continue
        from lspgraph.importers.stdin import SOURCE, spooled

        with spooled("document") as spool:
            doc = run_extract(read(spool))
        doc["document"]["source"] = SOURCE
        found.append(doc)
    if out is not None:
        from lspgraph.documents.sections import merge, write_csv

        for path in write_csv(merge(found), out):
            click.echo(path)
        return
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    elif fmt == "yaml":
        import yaml

        from lspgraph.documents.sections import merge

        click.echo(yaml.safe_dump(merge(found), allow_unicode=True, sort_keys=False,
                                  width=100))
    else:
        def text(item: Any) -> str:
            if isinstance(item, str):
                return item
            return str(item.get("text") or item.get("name") or item.get("what")
                       or item.get("body") or "")

        rows = [(doc["document"]["source"], key, text(item),
                 item.get("line") if isinstance(item, dict) else None)
                for doc in found for key in KEYS for item in doc[key]]
        emit(pd.DataFrame(rows, columns=["document", "key", "text", "line"]), fmt)


@cli.group()
def graphdb() -> None:
    """Push the store to a graph database (Neo4j over Bolt, or FalkorDB), pull it back,
    and query it in Cypher.

    The target is --uri or $LSPGRAPH_GRAPHDB_URI, else $NEO4J_URI: falkor://host:port/graph,
    bolt://host:port or neo4j://host:port (+s, +ssc). Passwords come from $NEO4J_PASSWORD
    or $FALKORDB_PASSWORD, or a prompt; never from the command line.
    """


def _graphdb_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--graph", "graph_name", default=None,
                      help="FalkorDB graph name, or Neo4j database (default from the URI, "
                           "$NEO4J_DATABASE, else lspgraph / the server's default).")(fn)
    return click.option("--uri", default=None, help="Target (see 'lspgraph graphdb --help').")(fn)


def _connect(uri: str | None, graph_name: str | None) -> Any:
    from lspgraph.outputs import graphdb as gdb

    target = uri or os.environ.get("LSPGRAPH_GRAPHDB_URI") or os.environ.get("NEO4J_URI")
    if not target:
        raise LspGraphError("no graph database: give --uri, or set LSPGRAPH_GRAPHDB_URI or "
                            "NEO4J_URI")
    password = None
    if target.split(":", 1)[0].split("+")[0] in ("bolt", "neo4j") \
            and "NEO4J_PASSWORD" not in os.environ:
        if not sys.stdin.isatty():
            raise LspGraphError("set NEO4J_PASSWORD (no terminal to ask for it)")
        password = click.prompt("Neo4j password", hide_input=True, default="",
                                show_default=False)
    return gdb.connect(target, graph_name, password)


@graphdb.command("push")
@_graphdb_options
@click.option("--wipe", is_flag=True, help="Remove lspgraph's nodes from the target first.")
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Remove what an earlier push wrote and the store no longer holds "
                   "(--no-prune: only add and update).")
@store_option
@handle_errors
def graphdb_push(uri: str | None, graph_name: str | None, wipe: bool, prune: bool,
                 store: Path | None) -> None:
    """Sync the database with the store: write every node and relationship, then remove
    those an earlier push wrote that the store no longer holds, and say which. Data that
    lspgraph did not push is never removed. Pushing twice changes nothing."""
    from lspgraph.outputs import graphdb as gdb

    kg = graph.load(store)
    db = _connect(uri, graph_name)
    try:
        done = gdb.push(kg, db, wipe=wipe, prune=prune)
    finally:
        db.close()
    click.echo(f"{db.target}: {done.nodes:,} nodes and {done.relationships:,} "
               f"relationships written in {done.batches} batches")
    if prune and not wipe:
        click.echo(f"removed {len(done.removed_nodes):,} nodes and "
                   f"{len(done.removed_relationships):,} relationships no longer in the store")
        shown = 20
        for label, node in done.removed_nodes[:shown]:
            _say(f"  - {label} {node}")
        for u, rel, v in done.removed_relationships[:shown]:
            _say(f"  - {u} -{rel}-> {v}")
        rest = max(0, len(done.removed_nodes) - shown) + \
            max(0, len(done.removed_relationships) - shown)
        if rest:
            click.echo(f"  ... and {rest:,} more")


@graphdb.command("pull")
@_graphdb_options
@store_option
@handle_errors
def graphdb_pull(uri: str | None, graph_name: str | None, store: Path | None) -> None:
    """Read the database back into the store (replaced atomically, or left as it was)."""
    from lspgraph.graph.storage import save
    from lspgraph.outputs import graphdb as gdb

    db = _connect(uri, graph_name)
    try:
        kg = gdb.pull(db)
    finally:
        db.close()
    path = save(kg, store)
    click.echo(f"{path}: {kg.nx.number_of_nodes():,} nodes, {kg.nx.number_of_edges():,} edges "
               f"from {db.target}")


@graphdb.command("query")
@click.argument("query_text", metavar="NAME_OR_CYPHER")
@click.option("--param", "params", multiple=True, help="A parameter, NAME=VALUE (JSON or text).")
@_graphdb_options
@output_options
@handle_errors
def graphdb_query(query_text: str, params: tuple[str, ...], uri: str | None,
                  graph_name: str | None, fmt: str) -> None:
    """Read-only Cypher: a question of queries/cypher/ by name (overlaps, coterminosity,
    gaps) or a query of your own, with --param NAME=VALUE."""
    from lspgraph.outputs import graphdb as gdb

    shipped = resources.files("lspgraph.queries").joinpath("cypher", f"{query_text}.cypher")
    if shipped.is_file():
        query_text = shipped.read_text(encoding="utf-8")
    values: dict[str, Any] = {}
    for p in params:
        name, sep, raw = p.partition("=")
        if not sep:
            raise click.UsageError(f"--param {p!r}: use NAME=VALUE")
        try:
            values[name] = json.loads(raw)
        except ValueError:
            values[name] = raw
    db = _connect(uri, graph_name)
    try:
        cols, rows = gdb.read_only(db, query_text, values, shipped=shipped.is_file())
    finally:
        db.close()
    emit(pd.DataFrame(rows, columns=cols), fmt)


@cli.command()
@click.argument("partnership")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for index.html and report.ttl; '-': one of them (--format) on "
                   "standard output.")
@click.option("--format", "fmt", type=click.Choice(["html", "ttl", "jsonld"]), default=None,
              help="With --out -: the page (html, the default; JSON-LD inside), its Turtle "
                   "(ttl) or its JSON-LD alone (jsonld).")
@click.option("--base-uri", default=None, help="Base IRI of the nodes in the RDF.")
@store_option
@handle_errors
def report(partnership: str, out: Path, fmt: str | None, base_uri: str | None,
           store: Path | None) -> None:
    """Write a partnership's linked-data report: index.html (JSON-LD inside) and report.ttl
    ('-': one of them on standard output)."""
    from lspgraph.outputs import rdf
    from lspgraph.outputs import report as reports

    if fmt and not _dash(out):
        raise click.UsageError("--format picks what --out - writes; a folder gets "
                               "index.html and report.ttl")
    _not_the_store(out, store)
    kg = graph.load(store)
    pid = _resolve(kg, partnership)
    _check_base_uri(base_uri)
    built = reports.build(kg, pid, base_uri or rdf.DEFAULT_BASE)
    summary = f"{kg.label(pid)} ({len(built.graph):,} triples)"
    if _dash(out):
        sys.stdout.write(built.text(fmt or "html"))
        sys.stdout.flush()
        click.echo(f"standard output ({fmt or 'html'}): {summary}", err=True)
        return
    reports.write(built, out)
    click.echo(f"{out}/index.html and {out}/report.ttl: {summary}")


@cli.command("map")
@click.argument("bodies")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="map.svg (the map alone) or map.html (map, legend and shares; no script); "
                   "'-': the SVG on standard output.")
@click.option("--width", type=int, default=640, show_default=True, help="Width in pixels.")
@store_option
@handle_errors
def map_(bodies: str, out: Path, width: int, store: Path | None) -> None:
    """Draw the footprints of BODY[,BODY...] over district boundaries, differences shaded."""
    from lspgraph.outputs import maps

    if not _dash(out) and out.suffix.lower() not in (".svg", ".html", ".htm"):
        raise click.BadParameter("name the file .svg or .html", param_hint="--out")
    drawn = maps.build(graph.load(store), [b for b in bodies.split(",") if b.strip()],
                       width=width)
    if _dash(out):
        sys.stdout.write(drawn.standalone())
        sys.stdout.flush()
    else:
        drawn.save(out)
    classes = "; ".join(f"{text}: {n}" for _, text, n in drawn.legend)
    click.echo(f"{'standard output' if _dash(out) else out}: {drawn.svg.count('<path ')} "
               f"districts ({classes})", err=_dash(out))


@cli.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write (self-contained: opens offline); '-': standard "
                   "output.")
@click.option("--focus", default=None, help="Only the neighbourhood of this node (id or name).")
@click.option("--depth", type=int, default=2, show_default=True, help="With --focus: hops.")
@click.option("--type", "types", default=None,
              help="Only these node types, comma-separated (e.g. Partnership,Organisation).")
@click.option("--area", default=None, help="Only what touches this area (ONS code or id).")
@click.option("--partnership", default=None, help="Only this partnership's part (id or name).")
@click.option("--highlight", type=_QuestionChoice(), default=None,
              help="Mark one question's findings on the graph, with a list beside it.")
@click.option("--size-by", type=click.Choice(["degree", "none"]), default="degree",
              show_default=True, help="Node size.")
@click.option("--max-nodes", type=int, default=5000, show_default=True,
              help="Above this, group nodes (areas by district, actions by strategy, "
                   "members by kind); a group opens on click.")
@click.option("--detail", type=click.Choice(["district", "lsoa"]), default="district",
              show_default=True, help="With --area: show areas below a district as their "
                                      "district, or each of them.")
@store_option
@handle_errors
def view(out: Path, focus: str | None, depth: int, types: str | None, area: str | None,
         partnership: str | None, highlight: str | None, size_by: str, max_nodes: int,
         detail: str, store: Path | None) -> None:
    """Write an interactive view of the graph: one offline HTML page."""
    from lspgraph.outputs import view as views

    _not_the_store(out, store)
    _folder_exists(out)
    kg = graph.load(store)
    page = views.build(kg, focus=focus, depth=depth,
                       types=types.split(",") if types else None, area=area,
                       partnership=_resolve(kg, partnership), highlight=highlight,
                       size_by=size_by, max_nodes=max_nodes, detail=detail)
    if _dash(out):
        sys.stdout.write(page.html)
        sys.stdout.flush()
    else:
        page.save(out)
    extra = f", {page.findings} {highlight} findings" if highlight else ""
    groups = f" ({page.groups} of them groups)" if page.groups else ""
    click.echo(f"{'standard output' if _dash(out) else out}: {page.title}: {page.nodes} "
               f"nodes{groups}, {page.edges} edges{extra} "
               f"({len(page.html) / 1024:,.0f} KiB; opens offline)", err=_dash(out))


@cli.command()
@store_option
@output_options
@handle_errors
def info(store: Path | None, fmt: str) -> None:
    """Counts of nodes and edges by type, of records by source file, and of conflicts."""
    from lspgraph.graph.conflict_rows import count
    from lspgraph.graph.storage import summary

    held = summary(store)
    disputed = count(store)
    if disputed:
        held["conflicts"] = disputed
    if fmt == "json":
        data = {"store": str(graph.store_path(store)), **held}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows = [("node", t, n) for t, n in held["nodes"].items()]
    rows += [("edge", t, n) for t, n in held["edges"].items()]
    rows += [("source", p, s["records"]) for p, s in sorted(held["sources"].items())]
    if disputed:
        rows.append(("conflicts", "fields sources disagree on (lspgraph conflicts)", disputed))
    if fmt != "table" or not rows:
        emit(pd.DataFrame(rows, columns=["what", "type", "count"]), fmt)
        return
    # the table as pandas would print it, without loading pandas for three short columns
    head = ("what", "type", "count")
    cells = [head, *[(w, t, str(n)) for w, t, n in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(3)]
    for r in cells:
        click.echo(" ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)))


def _say(text: str) -> None:
    """Print a line that holds stored text: control characters (terminal escape codes
    in a name) are shown as \\x.. instead of being obeyed by the terminal."""
    click.echo(_CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@cli.command()
@click.argument("node")
@store_option
@output_options
@handle_errors
def show(node: str, store: Path | None, fmt: str) -> None:
    """One node by id, ONS code or name: its properties, provenance and neighbours."""
    from lspgraph.graph.conflict_rows import stored
    from lspgraph.graph.storage import neighbourhood

    node_id = _one_node(store, node)
    kg = neighbourhood(store, node_id)
    disputed = stored(store, node_id)
    data = kg.node(node_id)
    props = {k: v for k, v in data.items() if k not in ("provenance",)}
    def quote(d: dict[str, Any]) -> dict[str, Any]:
        """The passage behind an edge, when it came from a document."""
        quoted = [o.quote for o in d.get("provenance", []) if o.quote]
        return {"quote": quoted[0]} if quoted else {}

    neighbours = [
        {"direction": "out", "edge": k, "id": v, "type": kg.type_of(v), "name": kg.label(v),
         **{a: b for a, b in d.items() if a != "provenance"}, **quote(d)}
        for _, v, k, d in kg.nx.out_edges(node_id, keys=True, data=True)
    ] + [
        {"direction": "in", "edge": k, "id": u, "type": kg.type_of(u), "name": kg.label(u),
         **{a: b for a, b in d.items() if a != "provenance"}, **quote(d)}
        for u, _, k, d in kg.nx.in_edges(node_id, keys=True, data=True)
    ]
    neighbours.sort(key=lambda n: (n["direction"], n["edge"], n["id"]))
    origins = data.get("provenance", [])
    provenance = [{"source": o.source, "line": o.line, **({"quote": o.quote} if o.quote else {})}
                  for o in origins]
    if fmt == "json":
        click.echo(json.dumps({"id": node_id, "properties": props, "provenance": provenance,
                               "neighbours": neighbours, "conflicts": disputed},
                              indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        emit(pd.DataFrame(neighbours), fmt)
        return
    if fmt == "markdown":
        _say(_show_markdown(node_id, props, origins, neighbours))
        return
    _say(f"{node_id}")
    for k, v in props.items():
        if isinstance(v, str) and len(v) > 200:  # a boundary's WKT: its start and size
            v = f"{v[:60]}... ({len(v):,} characters)"
        _say(f"  {k}: {', '.join(v) if isinstance(v, list) else v}")
        for c in disputed:  # the values other sources give, and the one kept
            if c["field"] == k:
                _say(f"      {'kept' if c['kept'] else 'also'}: '{c['value']}' "
                     f"({c['source']}; {c['rank']})")
    _say("provenance:")
    for o in origins:
        _say(f"  {o.cite(quote=True)}")
    _say("neighbours:")
    for n in neighbours:
        arrow = f"-{n['edge']}->" if n["direction"] == "out" else f"<-{n['edge']}-"
        extra = f" ({n['role']})" if n.get("role") else ""
        _say(f"  {arrow} {n['id']}  {n['name']}{extra}")
        if n.get("quote") and n["edge"] != "SOURCED_FROM":
            _say(f"      “{n['quote']}”")


def _show_markdown(node_id: str, props: dict[str, Any], origins: list[Origin],
                   neighbours: list[dict[str, Any]]) -> str:
    """``show --format markdown``: the node's properties, provenance and neighbours as
    markdown (a heading, two tables and a list)."""
    def short(v: Any) -> Any:
        return f"{v[:60]}... ({len(v):,} characters)" if isinstance(v, str) and len(v) > 200 \
            else v

    cols = ["direction", "edge", "id", "type", "name"]
    cols += sorted({k for n in neighbours for k in n} - set(cols))
    parts = [f"## {node_id}", "",
             _markdown(pd.DataFrame([(k, short(v)) for k, v in props.items()],
                                    columns=["property", "value"])),
             "", "### Provenance", ""]
    parts += [f"- {_cell(o.cite(quote=True))}" for o in origins] or ["(none)"]
    parts += ["", "### Neighbours", ""]
    parts += [_markdown(pd.DataFrame(neighbours, columns=cols).fillna(""))
              if neighbours else "(none)"]
    return "\n".join(parts)


class _Questions(click.Group):
    """``lspgraph query NAME``: one subcommand per registered question, made on demand
    from the question's own options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return queries.names()

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        try:
            question = queries.get(name)
        except LspGraphError:
            return None
        return _question_command(question)


def _click_option(option: queries.Option) -> click.Option:
    kind = click.Choice(option.choices) if option.choices and not option.split else option.type
    if option.type is bool:
        return click.Option([option.flag, option.name], is_flag=True, default=None,
                            help=option.help)
    return click.Option([option.flag, option.name], type=kind, default=None, help=option.help)


def _question_command(question: queries.Question) -> click.Command:
    @handle_errors
    def answer(rules_file: str | None, limit: int | None, fail_on_findings: bool,
               store: Path | None, fmt: str, **given: Any) -> None:
        split = {o.name for o in question.options if o.split}
        params = {k: v.split(",") if k in split else v for k, v in given.items()
                  if v is not None}
        kg = question.load(store, **params)  # only the part of the store it reads
        if fmt == "json" and question.takes("full"):
            params["full"] = True  # JSON keeps everything: the full lists beside the summaries
        df = queries.run(question.name, kg, rules=queries.load_rules(rules_file), **params)
        total = len(df)
        _note(df.attrs.get("note"), fmt)
        emit(df.head(limit) if limit is not None else df, fmt)
        if fmt == "table" and limit is not None and total > limit:
            click.echo(f"({total - limit} more rows; raise --limit to see them)")
        sys.exit(1 if fail_on_findings and question.findings(kg, df) else 0)

    command = click.Command(
        question.name, callback=answer, short_help=question.title,
        help=f"{question.title}, with evidence on every row.\n\n"
             f"{(sys.modules[type(question).__module__].__doc__ or '').strip()}",
        params=[_click_option(o) for o in question.options])
    for decorate in (output_options, store_option, _question_options):
        command = decorate(command)
    return command


def _question_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options every question takes (beside --store and --format)."""
    fn = click.option("--fail-on-findings", is_flag=True,
                      help="Exit 1 when there are findings (for scripts, as linters do).")(fn)
    fn = click.option("--limit", type=int, default=None, help="At most this many rows.")(fn)
    return click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False),
                        default=None, help="YAML file overriding schemas/rules.yaml.")(fn)


@cli.group(cls=_Questions)
def query() -> None:
    """Answer a question with evidence on every row: lspgraph query NAME [options].

    Each question takes its own options (lspgraph query NAME --help) and --format,
    --limit, --rules, --store. It exits 0 when it answers, findings or not; with
    --fail-on-findings, 1 when there are findings.
    """


def _resolve(kg: graph.KnowledgeGraph, text: str | None) -> str | None:
    from lspgraph.queries.common import resolve_partnership  # networkx: loaded when used

    return None if text is None else resolve_partnership(kg, text)


@cli.command()
@click.option("--force", is_flag=True,
              help="Replace the store even if it holds more than the demo built.")
@store_option
@handle_errors
def demo(force: bool, store: Path | None) -> None:
    """Build a store from the bundled sample data and say what it holds.

    The store goes to --store or $LSPGRAPH_STORE, else ./lspgraph.store, so that 'lspgraph
    info' and the other commands find it. A store holding anything else is left alone
    unless --force is given.
    """
    from lspgraph.graph.sync import stored_sources

    sample = resources.files("lspgraph.sample")
    paths = sorted(Path(str(p)) for p in sample.iterdir()
                   if p.name.endswith((".csv", ".geojson", ".txt")))
    target = graph.store_path(store)
    folder = os.path.dirname(os.path.abspath(paths[0]))
    others = [s for s in stored_sources(target) if os.path.dirname(s) != folder]
    if others and not force:
        raise LspGraphError(
            f"{target} holds more than the demo ({len(others)} other source"
            f"{'s' if len(others) != 1 else ''}, e.g. {others[0]}); give --force to replace "
            "it, or --store to build the demo elsewhere")
    result = importers.import_files(paths, target, replace=True, keep_geography=False)
    kg = result.graph
    click.echo(f"Built {result.store} from the bundled sample data ({len(paths)} files):")
    for t, n in kg.counts().items():
        click.echo(f"  {n:4d} {t}")
    click.echo(f"  {kg.nx.number_of_edges():4d} edges")
    for nm in result.report.near_matches:
        click.echo(f"possible duplicate: '{nm.name}' ~ '{nm.existing_name}' ({nm.score:.2f})")
    lines = _conflict_lines(result.report.conflicts)
    if lines:
        click.echo(f"\n{len(lines)} conflicts between the sample's minutes "
                   "(kent-hwb-minutes-2014.txt) and its curated tables; the tables' values "
                   "are kept:")
        for line in lines:
            click.echo(f"  {line}")
        click.echo(f"  more: lspgraph conflicts --store {result.store}")
    _headlines(kg, result.store)


def _headlines(kg: graph.KnowledgeGraph, store: Path | None) -> None:
    """A few lines from each question, and the command that shows the rest."""
    rules = queries.load_rules()
    s = f"--store {store}"
    for question in queries.questions():
        click.echo("")
        for line in question.headline(kg, rules):
            click.echo(line)
        more = " ".join(filter(None, (question.name, question.more, s)))
        click.echo(f"  more: lspgraph query {more}")
    click.echo(f"\nNext: lspgraph info {s}")
    click.echo(f"      lspgraph show 'Herts Valleys CCG' {s}")


if __name__ == "__main__":  # pragma: no cover
    cli()
