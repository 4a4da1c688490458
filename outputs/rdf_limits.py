"""RDF read and queried without reaching the network and within limits (issue 20).

- JSON-LD: every ``@context`` must be written inline. rdflib fetches a context given as an
  IRI (and reads ``file:`` ones from disk); lspgraph refuses both, for import and validate,
  before rdflib sees the file. ``@import`` inside a context is refused the same way.
- RDF/XML: entity declarations (``<!ENTITY``) are refused (a kilobyte of them expands to
  gigabytes), and so are files with more character or entity references than the
  ``xml_references`` limit (rdflib joins them one by one, in quadratic time).
- SPARQL: ``SERVICE`` (a request to another endpoint) and ``FROM`` / ``FROM NAMED`` (a
  graph loaded from an IRI) are refused, and so is a regular expression that does not
  compile; a query runs for at most the ``sparql_seconds`` limit; errors while it runs are
  messages.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..graph.errors import InputError, LspGraphError
from ..graph.limits import exceeded, limit, loads_json
from ..graph.text import decode

__all__ = ["check_query", "parse", "run_query", "time_limit"]

T = TypeVar("T")


def parse(graph: Any, path: str | Path, fmt: str) -> None:
    """Parse the file at ``path`` into ``graph`` in rdflib format ``fmt``, after the checks
    above; nothing outside the file is read."""
    data = Path(path).read_bytes()
    base = Path(path).absolute().as_uri()
    if fmt == "json-ld":
        text = decode(path, data)
        _inline_contexts(path, loads_json(path, text))
        graph.parse(data=text, format=fmt, publicID=base)
        return
    if fmt == "xml":
        _xml(path, data)
    graph.parse(data=data, format=fmt, publicID=base)


def _inline_contexts(path: str | Path, doc: Any) -> None:
    stack = [doc]
    while stack:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, dict):
            for key, value in x.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise InputError(str(path), None, key,
                                             f"names a context to fetch ({ctx[:80]!r}); "
                                             "lspgraph reads nothing from the network or "
                                             "other files at run time: write the context "
                                             "inline in the file")
                stack.append(value)


_REFS = re.compile(rb"&#|&(?:amp|lt|gt|quot|apos);")


def _xml(path: str | Path, data: bytes) -> None:
    text = data.decode("utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    raw = text.encode("utf-8") if text is not None else data
    if b"<!ENTITY" in raw:
        raise InputError(str(path), None, None,
                         "declares XML entities (<!ENTITY ...>), which lspgraph does not "
                         "expand: a few of them can stand for gigabytes")
    most = limit("xml_references")
    n = 0
    for _ in _REFS.finditer(raw):
        n += 1
        if n > most:
            raise exceeded(path, "xml_references")


def check_query(prepared: Any) -> None:
    """Refuse a parsed SPARQL query that would read from outside the graph."""
    algebra = prepared.algebra
    if algebra.get("datasetClause"):
        raise LspGraphError("the query names graphs with FROM / FROM NAMED; lspgraph queries "
                            "only its own graph and loads nothing from IRIs: remove them")
    if _has_service(algebra):
        raise LspGraphError("the query calls another endpoint with SERVICE; lspgraph reaches "
                            "no network at run time: remove the SERVICE clause")
    for pattern in _regex_patterns(algebra):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise LspGraphError(f"the SPARQL query has a regular expression that does not "
                                f"compile: {pattern!r} ({exc})") from None


def _regex_patterns(node: Any) -> Iterator[str]:
    """The literal patterns of the query's REGEX calls (an engine that reads a bad pattern
    as no match would answer "no rows" instead of saying what is wrong)."""
    stack = [node]
    while stack:
        x = stack.pop()
        if getattr(x, "name", None) == "Builtin_REGEX" and isinstance(x.get("pattern"), str):
            yield str(x["pattern"])
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list | tuple):
            stack.extend(x)


def _has_service(node: Any) -> bool:
    stack = [node]
    while stack:
        x = stack.pop()
        if getattr(x, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list | tuple):
            stack.extend(x)
    return False


class _TimeUp(Exception):
    pass


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    """Stop the code inside after ``seconds`` with an error saying ``what`` ran too long
    (on the main thread of a POSIX process; elsewhere it runs unbounded)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is \
        threading.main_thread() and seconds > 0
    if not usable:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _TimeUp

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise LspGraphError(f"{what} ran for more than {seconds} s and was stopped; set "
                            "LSPGRAPH_MAX_SPARQL_SECONDS to allow longer") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_query(run: Callable[[], T]) -> T:
    """``run()`` within the SPARQL time limit, its errors as messages."""
    with time_limit(limit("sparql_seconds"), "the SPARQL query"):
        try:
            return run()
        except LspGraphError:
            raise
        except _TimeUp:
            raise
        except Exception as exc:  # rdflib raises many kinds while evaluating
            raise LspGraphError(f"the SPARQL query failed while running: "
                                f"{type(exc).__name__}: {exc}") from None
